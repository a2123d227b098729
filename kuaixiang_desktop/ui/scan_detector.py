"""Tell a keyboard-wedge scanner from a person typing, anywhere in the window.

A scanner types its whole payload within a few milliseconds per character (Shift before each
capital) and ends with Enter or Tab; nobody types that fast.  The detector filters the key
presses of whichever widget has the focus, in the window or a dialog over it, while that window
or dialog is the active one: printable keys are held back briefly; if the next one follows within
``max_gap_ms`` they are still held (a burst is building), and an Enter (or Tab) that ends a burst
of at least ``min_length`` characters makes ``scanned(text)`` fire with nothing typed anywhere
and nothing acting on that Enter.  When a
gap shows that a person is typing, the held keys are replayed to the widget they were meant
for, in order, so typing into any field works as before (delayed by at most ``max_gap_ms``).

It covers the window and every dialog opened over it (a dialog's parent chain leads to the
window), so a scan lands whichever room or dialog has the focus.  A widget that takes codes
itself (``takes_codes(widget)``: a code field in a dialog) and every widget of a window so
marked get their keys untouched.  An end key that follows a scan's end at once (a scanner set
to send CR and LF) is swallowed too: it must not act on whatever the focus widget has selected.

The focused widget keeps its keys when it is a text field and the clerk is typing, so the only
cost of the filter is that delay; a scan in the middle of the clerk's own typing never mixes
with it, because its characters are never delivered.

Gaps are measured between the times the keys were *typed* (``QKeyEvent.timestamp()``), not
handled: after the GUI thread stalls, a clerk's queued keystrokes are handled all at once and
would otherwise look like a scanner's burst.  Events without a timestamp (0: QTest sends
those) are timed by ``clock`` (milliseconds, monotonic) when they are handled; tests replace
it.  The two time bases are never compared with each other.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from .qtcompat import emit

# Scanners send 5–40 ms apart (depending on model and interface); nobody types 8 keys in a
# row that fast.
MAX_GAP_MS = 50
MIN_LENGTH = 8
# What a scanner may end a code with: CR or LF (Enter) or Tab, as it is configured.
_ENDS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
# Keys that type nothing: a scanner presses Shift before every capital, so they neither end a
# burst nor count as a gap.
_MODIFIER_KEYS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr,
                            Qt.Key.Key_Meta, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock})
_TEXT_MODIFIERS = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


# A dynamic property: the widget (or its whole window) takes scanned codes as typed text.
TAKES_CODES = "kuaixiangTakesCodes"


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


def takes_codes(widget: QWidget, value: bool = True) -> None:
    """Let ``widget`` (a code field, or a whole dialog) receive a scanner's keys as typed."""
    widget.setProperty(TAKES_CODES, value)


class ScanDetector(QObject):
    scanned = Signal(str)

    def __init__(self, window: QWidget, *, max_gap_ms: int = MAX_GAP_MS, min_length: int = MIN_LENGTH,
                 clock: Callable[[], float] = _monotonic_ms):
        super().__init__(window)
        self._window = window
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self.clock = clock
        self._held: list[tuple[QWidget, QKeyEvent]] = []
        self._last_at = 0.0
        self._last_typed = False  # whether _last_at is an event timestamp (else from clock)
        self._replaying = False
        self._ended_at: float | None = None  # when the last scan's end key came
        self._ended_typed = False
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.timeout.connect(self._flush_due)
        self.enabled = True
        # Filter the focus widget only, not the whole application: an application filter
        # is a Python call for every event of every object (each paint of each widget),
        # which costs the window tens of milliseconds whenever a new enterprise is drawn.
        self._watched: QWidget | None = None
        self._shut = False
        app = QApplication.instance()
        assert app is not None
        app.focusChanged.connect(self._follow_focus)
        self._follow_focus(None, QApplication.focusWidget())

    def covers(self, widget: QWidget | None) -> bool:
        """Whether a scan into ``widget`` is ours: it is in the window or in a dialog opened
        over it, and neither it nor its window takes codes itself."""
        if widget is None or not isValid(widget):
            return False
        top = widget.window()
        if widget.property(TAKES_CODES) or top.property(TAKES_CODES):
            return False
        while top is not None and top is not self._window:
            parent = top.parentWidget()
            top = parent.window() if parent is not None else None
        return top is self._window

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            if isValid(self._watched):
                self._watched.removeEventFilter(self)
            self._watched = None
        if self._shut:
            return
        # With no widget focused, the active window itself gets the keys (after F3 on a
        # hidden tree, say): a scan then must not go nowhere.
        target = new if new is not None else QApplication.activeWindow()
        if self.covers(target):
            # Installed last, so it sees the keys before any filter the widget had already.
            target.installEventFilter(self)
            self._watched = target

    def shutdown(self) -> None:
        """Safe to call twice, and after the window (and this with it) is gone."""
        if self._shut or not isValid(self):
            return
        self._shut = True
        self._flush.stop()
        self._held.clear()
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.disconnect(self._follow_focus)
        self._follow_focus(None, None)

    def held_text(self) -> str:
        return "".join(e.text() for _, e in self._held)

    def _active(self, watched: QWidget) -> bool:
        active = QApplication.activeWindow()
        return self.enabled and active is not None and active is watched.window() and self.covers(watched)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and self._ended_at is not None
                and event.key() not in _MODIFIER_KEYS and event.key() not in _ENDS):
            # A key that may be a shortcut (F3…) came after the scan: the next Enter is the
            # clerk's, however soon (the shortcut's own key press never reaches this filter).
            self._ended_at = None
            return False
        if (
            self._replaying
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(watched, QWidget)
            # one delivery per key: to the focus widget, else to the window that has none
            or watched is not (QApplication.focusWidget() or QApplication.activeWindow())
            or not self._active(watched)
        ):
            return False
        assert isinstance(event, QKeyEvent)
        typed_at = event.timestamp()
        now = float(typed_at) if typed_at else self.clock()
        in_burst = (bool(self._held) and self._last_typed == bool(typed_at)
                    and 0 <= now - self._last_at <= self.max_gap_ms)
        if event.key() in _MODIFIER_KEYS:
            return False
        if event.key() in _ENDS or event.text() in ("\r", "\n"):
            if in_burst and len(self._held) >= self.min_length:
                text = self.held_text()
                self._held.clear()
                self._flush.stop()
                self._ended_at, self._ended_typed = now, bool(typed_at)
                emit(self.scanned, text)
                return True
            if (not self._held and self._ended_at is not None and self._ended_typed == bool(typed_at)
                    and 0 <= now - self._ended_at <= self.max_gap_ms):
                self._ended_at = None  # the LF after a scan's CR: part of the scan, not the clerk's Enter
                return True
            self.release()
            return False
        self._ended_at = None
        text = event.text()
        # A held-down key repeats as fast as a scanner types: never a scan.
        printable = (len(text) == 1 and text.isprintable() and not event.isAutoRepeat()
                     and not (event.modifiers() & ~_TEXT_MODIFIERS))
        if not printable:
            self.release()
            return False
        if self._held and not in_burst:
            self.release()
        self._held.append((watched, QKeyEvent(event.type(), event.key(), event.modifiers(), text,
                                              event.isAutoRepeat(), event.count())))
        self._last_at = now
        self._last_typed = bool(typed_at)
        self._flush.start(self.max_gap_ms + 1)
        return True

    def _flush_due(self) -> None:
        """No key for ``max_gap_ms`` of handling time: a person, unless the GUI thread was
        stalled and the rest of the burst is queued behind this timer.  Let queued keys in
        first, so that their typed times decide (a scan's first character once went to the
        policy tree while a sync batch held the GIL)."""
        QApplication.processEvents()
        if self._flush.isActive() or not self._held:
            return  # the burst went on, or ended as a scan or a release
        self.release()

    def release(self) -> None:
        """Deliver the held keys to the widgets they were meant for (a person is typing)."""
        self._flush.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for target, event in held:
                if not isValid(target):  # its room or dialog went while the key was held
                    continue
                QApplication.sendEvent(target, event)
                release = QKeyEvent(QEvent.Type.KeyRelease, event.key(), event.modifiers(), event.text())
                QApplication.sendEvent(target, release)
        finally:
            self._replaying = False
