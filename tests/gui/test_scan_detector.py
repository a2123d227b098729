"""A keyboard-wedge burst is a scan; a person typing is not, and their keys arrive intact."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from kuaixiang_desktop.ui.scan_detector import ScanDetector


class Clock:
    def __init__(self, step: float):
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def form(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    edit, other = QLineEdit(window), QLineEdit(window)
    layout.addWidget(edit)
    layout.addWidget(other)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    edit.setFocus()
    detector = ScanDetector(window)
    yield window, edit, other, detector
    detector.shutdown()


def test_a_burst_ending_in_enter_is_a_scan_and_types_nothing(qtbot, form):
    window, edit, _other, detector = form
    detector.clock = Clock(step=4)  # 4 ms per key: a scanner
    with qtbot.waitSignal(detector.scanned) as scanned:
        qtbot.keyClicks(edit, "91371502MA3C4RFX2N")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert scanned.args == ["91371502MA3C4RFX2N"]
    assert edit.text() == ""


def test_a_person_typing_keeps_every_key_in_order(qtbot, form):
    window, edit, _other, detector = form
    detector.clock = Clock(step=180)  # a fast typist is still 100 ms or more per key
    signals: list[str] = []
    detector.scanned.connect(signals.append)
    qtbot.keyClicks(edit, "hengda123")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    detector.release()
    assert edit.text() == "hengda123"
    assert signals == []


def test_held_keys_reach_the_field_when_the_burst_stops_without_enter(qtbot, form):
    window, edit, other, detector = form
    detector.clock = Clock(step=3)
    other.setFocus()
    qtbot.keyClicks(other, "913715")
    assert other.text() == ""  # held: could still become a scan
    qtbot.waitUntil(lambda: other.text() == "913715")  # the flush timer hands them over


def test_a_short_burst_is_not_a_scan(qtbot, form):
    window, edit, _other, detector = form
    detector.clock = Clock(step=3)
    signals: list[str] = []
    detector.scanned.connect(signals.append)
    qtbot.keyClicks(edit, "abc")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert signals == []
    assert edit.text() == "abc"


def test_shortcut_keys_pass_through_untouched(qtbot, form):
    window, edit, _other, detector = form
    detector.clock = Clock(step=3)
    edit.setText("abc")
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == ""
    assert detector.held_text() == ""


def test_a_disabled_detector_or_an_inactive_window_lets_keys_through(qtbot, form):
    window, edit, _other, detector = form
    detector.clock = Clock(step=3)
    detector.enabled = False
    qtbot.keyClicks(edit, "91371502MA3C4RFX2N")
    assert edit.text() == "91371502MA3C4RFX2N"


def _typed(widget, text: str, start_ms: int, step_ms: int, *, enter: bool) -> None:
    """Deliver key presses stamped as typed ``step_ms`` apart, back to back as a stalled GUI
    thread handles its queue: no real time passes between them."""
    keys = [(Qt.Key(ord(ch.upper())) if ch.isalpha() else Qt.Key(ord(ch)), ch) for ch in text]
    if enter:
        keys.append((Qt.Key.Key_Return, "\r"))
    for n, (key, ch) in enumerate(keys):
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch, False, 1)
            event.setTimestamp(start_ms + n * step_ms)
            QApplication.sendEvent(widget, event)


def test_keys_typed_by_a_person_but_handled_at_once_are_not_a_scan(qtbot, form):
    window, edit, _other, detector = form
    detector.clock = Clock(step=0)  # by the time they are handled, no time passes at all
    signals: list[str] = []
    detector.scanned.connect(signals.append)
    _typed(edit, "hengda123", start_ms=50_000, step_ms=120, enter=True)
    detector.release()
    assert signals == []
    assert edit.text() == "hengda123"


def test_keys_stamped_a_scanner_apart_are_a_scan(qtbot, form):
    window, edit, _other, detector = form
    detector.clock = Clock(step=1000)  # handled slowly: the stamps decide, not the handling
    with qtbot.waitSignal(detector.scanned, timeout=1000) as scanned:
        _typed(edit, "hengda123", start_ms=50_000, step_ms=5, enter=True)
    assert scanned.args == ["hengda123"]
    assert edit.text() == ""


def _scanner_burst(widget: QWidget, text: str, end: Qt.Key, spacing_ms: int, start: int = 5000) -> None:
    """Keys as a keyboard-wedge scanner sends them: a Shift press and release around every
    capital, each key stamped ``spacing_ms`` after the last, then the end key."""
    at = start

    def send(kind: QEvent.Type, key: int, modifiers: Qt.KeyboardModifier, chars: str) -> None:
        event = QKeyEvent(kind, key, modifiers, chars)
        event.setTimestamp(at)
        QApplication.sendEvent(widget, event)

    no, shift = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isalpha() else Qt.Key(ord(ch))
        if ch.isupper():
            send(QEvent.Type.KeyPress, Qt.Key.Key_Shift, shift, "")
        send(QEvent.Type.KeyPress, key, shift if ch.isupper() else no, ch)
        send(QEvent.Type.KeyRelease, key, shift if ch.isupper() else no, ch)
        if ch.isupper():
            send(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, no, "")
        at += spacing_ms
    send(QEvent.Type.KeyPress, end, no, "\t" if end == Qt.Key.Key_Tab else "\r")


@pytest.mark.parametrize("spacing_ms", [5, 20, 40])
@pytest.mark.parametrize("end", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab])
def test_capitals_with_shift_at_scanner_speeds_are_a_scan_and_leak_nothing(qtbot, form, spacing_ms, end):
    """A wedge scanner presses Shift before each capital: that Shift must neither end the burst
    nor leak the held characters into the field that has the focus."""
    window, edit, _other, detector = form
    with qtbot.waitSignal(detector.scanned) as scanned:
        _scanner_burst(edit, "91371502MA3C4RFX2N", end, spacing_ms)
    assert scanned.args == ["91371502MA3C4RFX2N"]
    assert edit.text() == "" and detector.held_text() == ""


def test_keys_sixty_milliseconds_apart_are_a_person(qtbot, form):
    window, edit, _other, detector = form
    signals: list[str] = []
    detector.scanned.connect(signals.append)
    _scanner_burst(edit, "91371502MA3C4RFX2N", Qt.Key.Key_Return, 60)
    detector.release()
    assert signals == [] and edit.text() == "91371502MA3C4RFX2N"


def test_the_lf_after_a_scans_cr_is_swallowed_but_a_later_enter_is_the_clerks(qtbot, form):
    window, edit, _other, detector = form
    entered: list[str] = []
    edit.returnPressed.connect(lambda: entered.append(edit.text()))
    with qtbot.waitSignal(detector.scanned):
        _scanner_burst(edit, "91371502MA3C4RFX2N", Qt.Key.Key_Return, 5)
    follow = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\n")
    follow.setTimestamp(5000 + 18 * 5 + 5)  # the scanner's LF, right after its CR
    QApplication.sendEvent(edit, follow)
    assert entered == []
    later = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    later.setTimestamp(5000 + 18 * 5 + 400)
    QApplication.sendEvent(edit, later)
    assert entered == [""]


def test_an_enter_after_a_shortcut_key_is_the_clerks_however_soon(qtbot, form):
    """QTest's clock: F3 then Enter straight after a scan; F3's press is taken by its shortcut
    and only its ShortcutOverride reaches the focus widget."""
    window, edit, _other, detector = form
    detector.clock = Clock(step=4)
    entered: list[str] = []
    edit.returnPressed.connect(lambda: entered.append("enter"))
    with qtbot.waitSignal(detector.scanned):
        qtbot.keyClicks(edit, "91371502MA3C4RFX2N")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert entered == ["enter"]


def test_a_dialog_over_the_window_is_covered_unless_it_takes_codes(qtbot, form):
    from PySide6.QtWidgets import QDialog

    from kuaixiang_desktop.ui.scan_detector import takes_codes

    window, _edit, _other, detector = form
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    field.setFocus()
    assert detector.covers(field)
    with qtbot.waitSignal(detector.scanned) as scanned:
        _scanner_burst(field, "91371502ma3c4rfx2n", Qt.Key.Key_Tab, 20)
    assert scanned.args == ["91371502ma3c4rfx2n"] and field.text() == ""
    takes_codes(dialog)
    assert not detector.covers(field)
    _scanner_burst(field, "91371502MA3C4RFX2N", Qt.Key.Key_Return, 20, start=90_000)
    assert field.text() == "91371502MA3C4RFX2N"
    dialog.close()
    dialog.deleteLater()
    standalone = QLineEdit()  # a window of its own, not over the detector's
    qtbot.addWidget(standalone)
    assert not detector.covers(standalone)


def test_keys_queued_behind_the_flush_timer_after_a_stall_still_join_the_burst(qtbot, form):
    """The GUI thread stalled after the first key: the flush timer is due before the rest of the
    burst, typed 5 ms apart, has been handled.  The typed times decide, not the timer."""
    window, _edit, other, detector = form
    other.setFocus()
    code = "91371502MA3C4RFX2N"
    first = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_9, Qt.KeyboardModifier.NoModifier, code[0])
    first.setTimestamp(70_000)
    QApplication.sendEvent(other, first)
    for n, ch in enumerate(code[1:] + "\r", start=1):
        key = Qt.Key.Key_Return if ch == "\r" else (Qt.Key(ord(ch.upper())) if ch.isalpha() else Qt.Key(ord(ch)))
        mods = Qt.KeyboardModifier.ShiftModifier if ch.isupper() else Qt.KeyboardModifier.NoModifier
        event = QKeyEvent(QEvent.Type.KeyPress, key, mods, ch)
        event.setTimestamp(70_000 + 5 * n)
        QApplication.postEvent(other, event)  # queued: not handled yet
    scanned: list[str] = []
    detector.scanned.connect(scanned.append)
    detector._flush.timeout.emit()  # the overdue timer comes first
    assert scanned == [code]
    assert other.text() == ""


def test_a_scan_into_a_window_with_no_focused_widget_is_still_a_scan(qtbot, form):
    window, edit, other, detector = form
    edit.clearFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is None)
    assert QApplication.activeWindow() is window
    with qtbot.waitSignal(detector.scanned) as scanned:
        _scanner_burst(window, "91371502MA3C4RFX2N", Qt.Key.Key_Return, 10)
    assert scanned.args == ["91371502MA3C4RFX2N"]
    assert edit.text() == other.text() == ""
