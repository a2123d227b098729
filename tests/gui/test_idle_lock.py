"""The idle lock sees the clerk's activity without an application-wide event filter while
unlocked (see kuaixiang_desktop/ui/idle_lock.py), and filters the whole application only
while locked."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from kuaixiang_desktop.services import auth
from kuaixiang_desktop.ui.idle_lock import IdleLockController

NOWHERE = QPoint(-30000, -30000)  # over no window of the application


class Cursor:
    """Stands in for QCursor.pos: the test moves it."""

    def __init__(self, pos: QPoint = NOWHERE):
        self.pos = QPoint(pos)

    def __call__(self) -> QPoint:
        return QPoint(self.pos)


class CountingController(IdleLockController):
    """Counts its eventFilter calls, to prove which objects it filters."""

    calls = 0

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        type(self).calls += 1
        return super().eventFilter(watched, event)


def _activate(qtbot, window: QWidget, focus: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focus.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is focus)


@pytest.fixture
def main(qtbot):
    window = QWidget()
    window.resize(400, 300)
    layout = QVBoxLayout(window)
    window.edit = QLineEdit(window)
    window.label = QLabel("企业信息", window)  # takes no focus: only the cursor finds it
    window.label.setMinimumHeight(100)
    layout.addWidget(window.edit)
    layout.addWidget(window.label)
    qtbot.addWidget(window)
    _activate(qtbot, window, window.edit)
    return window


@pytest.fixture
def make_controller(db, monkeypatch):
    monkeypatch.setattr(auth, "current_session", lambda database: None)
    made: list[IdleLockController] = []

    def make(window: QWidget, cls: type[IdleLockController] = IdleLockController, **kwargs) -> IdleLockController:
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("cursor_pos", Cursor())
        controller = cls(window, db=db, **kwargs)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()


def _half_idle(controller: IdleLockController) -> None:
    controller.idle._last -= 30  # half the 60 s timeout went by
    assert controller.idle.remaining() < 31


def test_keys_in_the_focused_field_of_the_window_postpone_the_lock(qtbot, main, make_controller):
    controller = make_controller(main)
    _half_idle(controller)
    qtbot.keyClick(main.edit, Qt.Key.Key_A)
    assert controller.idle.remaining() > 59


def test_keys_in_a_dialog_postpone_the_lock(qtbot, main, make_controller):
    controller = make_controller(main)
    dialog = QDialog(main)  # a separate window, like the apply wizard
    dialog.edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(dialog.edit)
    _activate(qtbot, dialog, dialog.edit)
    try:
        for _ in range(3):  # a clerk typing agent details for minutes, key after key
            _half_idle(controller)
            qtbot.keyClick(dialog.edit, Qt.Key.Key_A)
            assert controller.idle.remaining() > 59
        assert dialog.edit.text() == "aaa"
    finally:
        dialog.reject()


def test_keys_of_a_window_without_a_focus_widget_postpone_the_lock(qtbot, make_controller):
    window = QWidget()
    window.resize(200, 100)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is None  # keys go to the window itself
    controller = make_controller(window)
    _half_idle(controller)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert controller.idle.remaining() > 59


def test_a_focus_widget_that_is_deleted_does_not_break_it(qtbot, main, make_controller):
    controller = make_controller(main)
    doomed = QLineEdit(main)
    main.layout().addWidget(doomed)
    doomed.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is doomed)
    shiboken6.delete(doomed)
    main.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main.edit)
    _half_idle(controller)
    qtbot.keyClick(main.edit, Qt.Key.Key_A)
    assert controller.idle.remaining() > 59


def test_a_cursor_move_over_the_window_postpones_the_lock(qtbot, main, make_controller):
    cursor = Cursor(main.mapToGlobal(QPoint(5, 5)))
    controller = make_controller(main, cursor_pos=cursor, cursor_interval_ms=5)
    _half_idle(controller)
    with qtbot.waitSignal(controller._cursor_timer.timeout):
        pass
    assert controller.idle.remaining() < 31  # the cursor rests: nobody there

    cursor.pos = main.mapToGlobal(QPoint(50, 60))
    qtbot.waitUntil(lambda: controller.idle.remaining() > 59)


def test_a_cursor_move_over_other_programs_is_not_activity(qtbot, main, make_controller):
    cursor = Cursor(NOWHERE)
    controller = make_controller(main, cursor_pos=cursor, cursor_interval_ms=5)
    _half_idle(controller)
    cursor.pos = NOWHERE + QPoint(100, 100)
    with qtbot.waitSignal(controller._cursor_timer.timeout):
        pass
    assert controller.idle.remaining() < 31


def test_a_wheel_turn_over_a_widget_without_focus_postpones_the_lock(qtbot, main, make_controller):
    # The cursor rests on the label: no move, no focus; its own filter sees the wheel.
    spot = main.label.mapToGlobal(main.label.rect().center())
    controller = make_controller(main, cursor_pos=Cursor(spot), cursor_interval_ms=5)
    with qtbot.waitSignal(controller._cursor_timer.timeout):
        pass
    assert QApplication.widgetAt(spot) is main.label
    _half_idle(controller)
    wheel = QWheelEvent(QPointF(main.label.rect().center()), QPointF(spot), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(main.label, wheel)
    assert controller.idle.remaining() > 59


def test_no_activity_locks_even_while_the_cursor_is_sampled(qtbot, main, make_controller):
    controller = make_controller(main, timeout=0.05, cursor_pos=Cursor(main.mapToGlobal(QPoint(5, 5))),
                                 cursor_interval_ms=5)
    with qtbot.waitSignal(controller.locked_changed, timeout=5000) as blocker:
        pass
    assert blocker.args == [True] and controller.locked
    assert not controller._cursor_timer.isActive()  # the application filter sees all now


def test_only_the_locked_controller_filters_the_whole_application(qtbot, main, make_controller, monkeypatch):
    monkeypatch.setattr(auth, "verify_current", lambda database, password: None)
    unrelated = QWidget()  # neither focused nor under the cursor
    qtbot.addWidget(unrelated)
    CountingController.calls = 0
    controller = make_controller(main, CountingController)
    _half_idle(controller)

    def poke() -> None:
        QApplication.sendEvent(unrelated, QEvent(QEvent.Type.User))
        QApplication.sendEvent(unrelated, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))

    assert not controller.app_filter_installed
    poke()
    assert CountingController.calls == 0
    assert controller.idle.remaining() < 31  # not activity either

    controller.lock()
    assert controller.app_filter_installed
    poke()
    assert CountingController.calls > 0  # the count does see an application filter

    controller.overlay.password_edit.setText("right")
    with qtbot.waitSignal(controller.locked_changed, timeout=5000) as blocker:
        controller.try_unlock()
    assert blocker.args == [False]
    assert not controller.app_filter_installed
    CountingController.calls = 0
    poke()
    assert CountingController.calls == 0
    main.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main.edit)
    qtbot.keyClick(main.edit, Qt.Key.Key_A)  # the focus is followed again after the unlock
    assert CountingController.calls > 0


@pytest.mark.parametrize("locked", [False, True])
def test_shutdown_removes_every_filter_and_stops_the_timers(qtbot, main, make_controller, locked):
    spot = main.label.mapToGlobal(main.label.rect().center())
    CountingController.calls = 0
    controller = make_controller(main, CountingController, cursor_pos=Cursor(spot), cursor_interval_ms=5)
    with qtbot.waitSignal(controller._cursor_timer.timeout):
        pass  # the label under the cursor is filtered now, as is the focused field
    if locked:
        controller.lock()
        main.edit.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is main.edit)
    controller.shutdown()
    controller.shutdown()  # safe twice
    assert not controller.app_filter_installed
    assert not controller._timer.isActive() and not controller._cursor_timer.isActive()
    CountingController.calls = 0
    qtbot.keyClick(main.edit, Qt.Key.Key_A)
    QApplication.sendEvent(main.label, QEvent(QEvent.Type.User))
    assert CountingController.calls == 0
