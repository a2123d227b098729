"""The client's stretches of work that may need the pinyin dictionary (a pull of enterprises,
an import): ``names.pinyin_in_use`` drops the dictionary when the last one ends, and here the
freed memory is handed back to the system.

Why the second step: glibc's allocator keeps what Python frees at the top of its heap for
reuse, so the window's resident size stayed 55 MB up after a sync brought new names (measured
by ``kuaixiang bench --footprint``: 270 → 326 MB at 500,000 enterprises) although the
dictionary was gone; ``malloc_trim`` returns it. Elsewhere (Windows, other C libraries) it
is left to the allocator.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import logging
import sys
from collections.abc import Iterator

from kuaixiang_core.domain import names

log = logging.getLogger(__name__)


@contextlib.contextmanager
def pinyin_while() -> Iterator[None]:
    """``names.pinyin_in_use``, and the memory handed back if the dictionary was dropped."""
    before = names.release_count()
    try:
        with names.pinyin_in_use():
            yield
    finally:
        if names.release_count() != before:
            trim_heap()


def trim_heap() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # ctypes lets go of the GIL meanwhile: the window's thread goes on


@functools.cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and others have none: nothing to do
        log.debug("malloc_trim 不可用：释放的内存留给分配器复用")
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


__all__ = ["pinyin_while", "trim_heap"]
