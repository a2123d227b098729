"""Work-arounds for bugs in the Qt binding we ship with.  Each says how to tell it is gone.

``emit``: in PySide6 6.12.0 ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it.  On CPython before 3.12 (where ``True`` is not immortal) every emit from
Python therefore takes one reference away from ``True``; a client that emits a few thousand
signals (a day of searches) brings the count to zero and the interpreter aborts with
"Fatal Python error: bool_dealloc: deallocating True or False".  Every signal the client
emits from Python goes through ``emit()`` below, which gives the reference back when (and
only when) a probe at import time shows the binding dropped it.  When PySide6 is fixed the
probe finds nothing and ``emit()`` is a plain call.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    ping = Signal()


def _emit_drops_a_reference() -> bool:
    if sys.version_info >= (3, 12):  # immortal bools: a lost reference cannot hurt
        return False
    probe = _Probe()
    before = sys.getrefcount(True)
    result = probe.ping.emit()
    after = sys.getrefcount(True)  # a correct emit returned a new reference, held by result
    dropped = result is True and after == before
    if dropped:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    del result
    return dropped


EMIT_DROPS_REFERENCE = _emit_drops_a_reference()


def emit(signal: SignalInstance, *args: Any) -> Any:
    """``signal.emit(*args)``, safe against the binding's lost reference (see above)."""
    result = signal.emit(*args)
    if EMIT_DROPS_REFERENCE and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return result
