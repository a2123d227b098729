"""A keyboard-wedge burst is a scan; a person typing is not, and their keys arrive intact."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

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
