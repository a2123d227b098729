"""untrusted.strict_json: what the server accepts as a request body (issue 13, item 10)."""

from __future__ import annotations

import pytest

from kuaixiang_core.untrusted.strict_json import INT64_MAX, INT64_MIN, MAX_DEPTH, JsonRejected, loads


def test_ordinary_json_reads_as_json_loads_reads_it():
    text = f'{{"a": [1, -2, 3.5, true, null, "二"], "pair": "\\ud83d\\ude00", "edge": [{INT64_MIN}, {INT64_MAX}]}}'
    assert loads(text) == {"a": [1, -2, 3.5, True, None, "二"], "pair": "😀", "edge": [INT64_MIN, INT64_MAX]}
    assert loads(text.encode("utf-8")) == loads(text)
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


@pytest.mark.parametrize(("text", "path", "words"), [
    ('{"a": NaN}', "a", "NaN"),
    ('{"a": {"b": [0, Infinity]}}', "a.b[1]", "Infinity"),
    ('[-Infinity]', "[0]", "Infinity"),
    ('{"x": 1e999}', "x", "超出范围"),
    ('{"n": 9223372036854775808}', "n", "超出范围"),
    ('{"n": -9223372036854775809}', "n", "超出范围"),
    ('{"n": 1%s}' % ("0" * 5000), "n", "5001 位"),
    ('{"s": "a\\ud800"}', "s", "代理字符"),
    ('{"s": ["\\udfff"]}', "s[0]", "代理字符"),
    ('{"\\ud800": 1}', "'\\ud800'", "键名"),
    ('{"s": "a\\u0000b"}', "s", "NUL"),
])
def test_what_the_protocol_cannot_carry_is_refused_naming_where(text, path, words):
    with pytest.raises(JsonRejected) as info:
        loads(text)
    assert info.value.path == path and words in info.value.message


def test_nesting_is_bounded_and_the_level_too_deep_is_named():
    assert loads('{"d": {"e": [[]]}}', max_depth=4)
    with pytest.raises(JsonRejected) as info:
        loads('{"d": {"e": [[[]]]}}', max_depth=4)
    assert info.value.path == "d.e[0][0]" and "最多 4 层" in info.value.message
    with pytest.raises(JsonRejected):
        loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


@pytest.mark.parametrize("data", [
    "[" * 100_000,  # beyond the interpreter's recursion limit: no RecursionError escapes
    b"\xff\xfe{}",
    b'{"a": "\xed\xa0\x80"}',  # a surrogate encoded in UTF-8 is not UTF-8
    "",
    "{'a': 1}",
    '{"a": 1} x',
])
def test_what_is_not_json_is_refused_as_a_whole(data):
    with pytest.raises(JsonRejected) as info:
        loads(data)
    assert info.value.message


def test_a_long_path_is_shortened():
    deep = '{"k": ' * 70 + "1" + "}" * 70
    with pytest.raises(JsonRejected) as info:
        loads(deep)
    assert len(info.value.path) <= 120 and info.value.path.endswith("…")
