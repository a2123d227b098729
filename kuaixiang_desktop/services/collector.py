"""Keeping Python's cyclic garbage collector out of bursts of allocation, across threads
(the process-wide rule is in kuaixiang_desktop/process.py, 2.).

Matching and compiling the catalogue make thousands of objects in a burst, in workers; an
automatic full collection in the middle walks the whole heap holding the GIL, a stall every
thread (the window's included) waits out. Each burst pauses the collector; with several
threads at it, the collector comes back only when the last pause ends (a thread restoring
what it saw would turn it on in the middle of another's burst).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextlib.contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No automatic collection while the block runs; with ``freeze``, what exists at its end
    is moved out of the collector's sight for good (objects that live as long as the process)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            if freeze:
                gc.freeze()
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
