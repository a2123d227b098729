"""Settings that act on the whole process, applied in one place, each with its reason.

``configure(gui=…)`` is called once at start by ``app.main`` (the window) and ``cli.main``;
it returns a function that undoes what can be undone (tests and the GUI benchmark run several
windows in one process). docs/architecture.md tells how each was found and measured.

1. **The interpreter's switch interval** (window only): how long a worker running Python may
   keep the GIL once the GUI thread asks for it. Every Python call Qt makes on the GUI thread
   (a slot, a delegate painting a cell) takes the GIL again, and at Python's default of 5 ms
   a busy worker (a sync round, compiling the catalogue) made each of them wait that long:
   tens of calls in one paint added up to a visible stall. 1 ms; workers lose a little
   throughput to the extra switching.
2. **The cyclic garbage collector**: a full collection walks the whole heap holding the GIL
   (100–300 ms with a compiled catalogue of 2,728 items), a stall every thread, the window's
   included, waits out. So bursts of allocation pause it (``services.collector``), and what
   lives as long as the process is frozen out of its sight once made: the compiled catalogue
   (``services.policies``) and the in-process demo server (``freeze_long_lived``, from app.py).
   Those calls stay where the objects are made; this module owns the rule.
   The young generation is collected every 10,000 net allocations of containers rather than
   Python's 700 (``YOUNG_GC_THRESHOLD``). A match returns some 1,500 of them (a MatchedItem and
   its tuple of lines per item shown, up to 570 items) that hold no cycles and are freed by
   reference counting when the next match replaces them; at 700 the end of the match's pause
   found them pending, so every match paid young collections over objects about to be freed,
   and every tenth of those a middle one. Measured over 600 first matches at 500,000
   enterprises: collecting took 80–130 ms at 700 and 10–19 ms at 10,000, and every one of the
   slowest 5 % had included a collection (a third of them a middle one). A young collection,
   when it comes, walks at most 10,000 objects (about 3 ms), a few times per 600 matches.
3. **reportlab's line-break table**: reportlab lets a line start with a full-width comma,
   colon or closing bracket, which Chinese typesetting forbids. ``printing.layout`` completes
   its list (idempotent); it also does so when imported, so that a child process rendering a
   PDF (the 一企一策清单 job) has it without calling this.
4. **The ``emit`` work-around** (window only): PySide6 6.12.0's ``SignalInstance.emit()``
   drops a reference to ``True`` on Python < 3.12, which eventually aborts the interpreter.
   ``ui.qtcompat`` probes the binding when imported and, only if it is affected, gives the
   reference back on every emit; this logs which.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)

GUI_SWITCH_INTERVAL_S = 0.001
YOUNG_GC_THRESHOLD = 10_000  # net allocations of containers between young collections (2.)


def favour_gui_thread() -> float:
    """Shorten the interpreter's switch interval for a window (1.); returns the previous one."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    return previous


def freeze_long_lived(what: str) -> None:
    """Move every object that exists now out of the collector's sight for good (2.): call it
    once something that lives as long as the process has been built."""
    before = gc.get_freeze_count()
    gc.freeze()
    log.debug("froze %d objects after %s", gc.get_freeze_count() - before, what)


def fewer_young_collections() -> tuple[int, ...]:
    """Collect the young generation less often (2.); returns the thresholds before. A higher
    threshold already set (or 0: automatic collection off) is kept."""
    previous = gc.get_threshold()
    if previous[0] and previous[0] < YOUNG_GC_THRESHOLD:
        gc.set_threshold(YOUNG_GC_THRESHOLD, *previous[1:])
    return previous


def configure(*, gui: bool) -> Callable[[], None]:
    """Apply the process-wide settings; returns a function restoring the switch interval
    and the collector's thresholds."""
    from .printing.layout import configure_reportlab

    configure_reportlab()  # 3.
    thresholds = fewer_young_collections()  # 2.
    if not gui:
        return lambda: gc.set_threshold(*thresholds)
    from .ui import qtcompat

    log.info("emit work-around %s", "active" if qtcompat.EMIT_DROPS_REFERENCE else "not needed")  # 4.
    previous = favour_gui_thread()  # 1.

    def restore() -> None:
        sys.setswitchinterval(previous)
        gc.set_threshold(*thresholds)

    return restore
