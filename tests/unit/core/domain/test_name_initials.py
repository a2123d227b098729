"""``names.initials`` remembers each word's conversion; it must give exactly what
``lazy_pinyin`` gives for the whole text (phrase readings included)."""

from __future__ import annotations

import random

from kuaixiang_core.demo.enterprises import generate_chunk
from kuaixiang_core.domain import names


def test_initials_read_phrases_as_lazy_pinyin_does():
    assert names.initials("聊城恒达") == "lchd"
    assert names.initials("银行") == "yh"
    assert names.initials("重庆银行长沙分行") == names.initials_uncached("重庆银行长沙分行")
    assert names.initials("ABC 银行 ＡＢＣ！") == names.initials_uncached("ABC 银行 ＡＢＣ！") == "abcyhabc"
    assert names.initials("") == names.initials("  ！") == ""


def test_initials_equal_the_uncached_conversion_over_demo_names_and_random_text():
    texts = []
    for d in generate_chunk(7, 0, 1500):
        norm = names.normalize(d.record.name)
        texts += [norm, names.strip_admin_prefix(norm), names.spoken_prefix(norm)]
    rng = random.Random(5)
    chars = "银行重庆长安行都乐朝阳调和种单曾区华为ab12中国人民解放军音乐长春会计"
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    names.initials.cache_clear()
    names._word_initials.cache_clear()
    assert [names.initials(t) for t in texts] == [names.initials_uncached(t) for t in texts]
