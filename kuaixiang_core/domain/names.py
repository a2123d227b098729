"""Search keys for enterprise names: normalised text, n-grams and pinyin initials.

The same functions normalise what is stored and what a clerk types, so that matching is
case- and width-insensitive by construction.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import operator
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator

# Administrative prefixes that most names in the city start with; the part after them is
# what a clerk remembers ("恒达" of 聊城市恒达机械有限公司).
_ADMIN_PREFIXES = (
    "山东省",
    "山东",
    "聊城市",
    "聊城",
    "东昌府区",
    "东昌府",
    "茌平区",
    "茌平县",
    "茌平",
    "阳谷县",
    "阳谷",
    "莘县",
    "东阿县",
    "东阿",
    "冠县",
    "高唐县",
    "高唐",
    "临清市",
    "临清",
    "经济技术开发区",
    "经济开发区",
    "高新技术产业开发区",
    "高新区",
    "开发区",
)

_NOT_KEY_CHAR = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def normalize(text: str) -> str:
    """NFKC (full width to half width), case-folded, with everything but letters, digits and
    CJK characters removed: the form both stored keys and queries are compared in."""
    return _NOT_KEY_CHAR.sub("", unicodedata.normalize("NFKC", text).casefold())


# How people shorten region names when they say a firm's name: 聊城市恒达 → 聊城恒达.
_SPOKEN = {
    "山东省": "山东",
    "聊城市": "聊城",
    "东昌府区": "东昌府",
    "茌平区": "茌平",
    "茌平县": "茌平",
    "阳谷县": "阳谷",
    "东阿县": "东阿",
    "高唐县": "高唐",
    "临清市": "临清",
}


def spoken_prefix(norm: str) -> str:
    """The name with its leading region names shortened the way they are spoken."""
    out = ""
    while True:
        for long, short in _SPOKEN.items():
            if norm.startswith(long):
                out += short
                norm = norm[len(long) :]
                break
        else:
            return out + norm


def strip_admin_prefix(norm: str) -> str:
    """The distinctive part of a normalised name, after any leading region names."""
    changed = True
    while changed:
        changed = False
        for prefix in _ADMIN_PREFIXES:
            if norm.startswith(prefix) and len(norm) > len(prefix):
                norm = norm[len(prefix) :]
                changed = True
                break
    return norm


@functools.lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """Pinyin initials of a normalised text: 聊城恒达 → lchd. Latin letters and digits are
    kept as they are, since that is what a clerk types for them."""
    norm = normalize(text)
    if not norm:
        return ""
    # lazy_pinyin gives one initial per CJK character (choosing readings by phrase, so
    # 银行 gives "yh") and runs of other characters whole. It segments the text into words
    # and converts each word on its own: the same as ``lazy_pinyin(norm, style=FIRST_LETTER)``
    # with the words' conversions remembered, since names repeat them (有限公司, 聊城市, 机械).
    return "".join(map(_word_initials, _pinyin().seg(norm))).lower()


@functools.cache
def _pinyin():
    """pypinyin and its phrase dictionary, loaded on the first name that needs initials.

    Why not at import: the dictionary costs the window about 55 MB and half a second at
    start, and a counter that only searches and matches never needs it (the keys of stored
    names are in the database); sync and imports load it when new names arrive."""
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin

    return Pinyin(DefaultConverter())


# Holders of pinyin_in_use(): the dictionary is dropped when the last one leaves.
_holders = 0
_releases = 0  # how many times it was dropped (release_count)
_holders_lock = threading.Lock()


@contextlib.contextmanager
def pinyin_in_use() -> Iterator[None]:
    """A stretch of work that may need initials of new names (a sync round, an import): the
    dictionary, if something inside loads it, stays loaded until the last such stretch ends,
    and is then dropped (``release_pinyin``).

    Why: the window must stay within its memory budget (issue 17: ≤ 300 MB), and one sync
    bringing new names would otherwise keep the dictionary's 55 MB for the rest of the day,
    while the next names may come hours later. Loading it again costs half a second, once per
    stretch, off the GUI thread. Work outside any stretch (the server, the demo generator)
    keeps it loaded, as before."""
    global _holders
    with _holders_lock:
        _holders += 1
    try:
        yield
    finally:
        with _holders_lock:
            _holders -= 1
            if _holders == 0:
                release_pinyin()


def pinyin_loaded() -> bool:
    return _pinyin.cache_info().currsize > 0


def release_count() -> int:
    """How many times the dictionary has been dropped: a caller that sees it move knows that
    memory was just freed (the client then hands it back to the system)."""
    return _releases


def release_pinyin() -> None:
    """Forget the dictionary and what was worked out with it, so its memory goes back (a
    thread still converting keeps its own references until it is done; the next name loads
    it afresh)."""
    global _releases
    if not pinyin_loaded():
        return
    _releases += 1
    _pinyin.cache_clear()
    _word_initials.cache_clear()
    initials.cache_clear()
    # The dictionaries are module globals of pypinyin: only dropping the modules frees them.
    for name in [m for m in sys.modules if m == "pypinyin" or m.startswith("pypinyin.")]:
        del sys.modules[name]
    gc.collect()


@functools.lru_cache(maxsize=262144)
def _word_initials(word: str) -> str:
    """One segment's initials, as ``lazy_pinyin`` converts it (a pure function of the word)."""
    from pypinyin import Style

    return "".join(itertools.chain.from_iterable(
        _pinyin()._converter.convert(word, Style.FIRST_LETTER, False, "default", True)))


def initials_uncached(text: str) -> str:
    """``initials`` straight through ``lazy_pinyin``: what the tests compare it with."""
    from pypinyin import Style, lazy_pinyin

    norm = normalize(text)
    return "".join(lazy_pinyin(norm, style=Style.FIRST_LETTER, errors="default")).lower() if norm else ""


def unigrams(norm: str) -> str:
    """Space-separated distinct characters: the tokens a one-character query looks up."""
    return " ".join(dict.fromkeys(norm))


def bigrams(norm: str) -> str:
    """Space-separated overlapping character pairs, in order, so that a longer query becomes
    a phrase of consecutive bigrams."""
    return " ".join(map(operator.add, norm, norm[1:]))
