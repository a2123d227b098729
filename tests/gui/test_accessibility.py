"""Every control in every room has a Chinese accessible name, Tab leaves every table, and Tab
goes round each room in the order the eye reads it (issue 14, accessibility)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPushButton, QTableView, QWidget

from kuaixiang_desktop.ui.accessibility import derived_name, focusable, name_controls
from kuaixiang_desktop.ui.main_window import ROOMS

CJK = re.compile(r"[\u4e00-\u9fff]")
HINT = re.compile(r"(Ctrl|Alt|F\d+\b)")


def _visible(window, room: QWidget) -> list[QWidget]:
    return [w for w in focusable(room) if w.isVisibleTo(window) and w.isEnabled()]


@pytest.fixture
def shown(make_window, qtbot):
    window = make_window(show=True)
    window.resize(1366, 768)
    return window


@pytest.mark.parametrize("key", ROOMS)
def test_every_control_of_every_room_has_a_chinese_name(shown, key):
    shown.show_room(key)
    room = shown.room(key)
    controls = _visible(shown, room)
    assert controls, f"{key}: no control reachable by keyboard"
    assert name_controls(room) == []  # nothing left for a form to name
    for control in controls:
        name = control.accessibleName()
        where = f"{key}: {type(control).__name__} {control.objectName()}"
        assert CJK.search(name), f"{where} is called {name!r}"
        assert not HINT.search(name), f"{where}: the shortcut belongs to the reader, not the name ({name!r})"


def test_the_window_chrome_is_named_too(shown):
    for control in focusable(shown):
        if control.isVisibleTo(shown) and not any(shown.room(k).isAncestorOf(control) for k in ROOMS):
            assert CJK.search(control.accessibleName()), f"{type(control).__name__} {control.objectName()}"


@pytest.mark.parametrize("key", ROOMS)
def test_tab_leaves_every_table(shown, qtbot, key):
    shown.show_room(key)
    views = [w for w in _visible(shown, shown.room(key)) if isinstance(w, QAbstractItemView)]
    for view in views:
        view.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(view.hasFocus)
        QTest.keyClick(view, Qt.Key.Key_Tab)
        assert not view.hasFocus(), f"{key}: Tab is trapped in {view.objectName()}"
        assert not view.tabKeyNavigation()


def _tab_cycle(window, start: QWidget, limit: int = 80) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = [start]
    for _ in range(limit):
        current = QApplication.focusWidget()
        QTest.keyClick(current, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is current and now is not start:
            continue  # a date edit's Tab walks its year, month and day first, then leaves
        if now is start or now in seen:
            break
        seen.append(now)
    return seen


def _rect(window, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _out_of_order(window, order: list[QWidget]) -> list[str]:
    """Pairs the Tab order visits against the eye: B before A where A sits wholly above B in
    the same column, or wholly left of B on the same line."""
    wrong = []
    place = {id(w): i for i, w in enumerate(order)}
    for a in order:
        ra = _rect(window, a)
        for b in order:
            if a is b:
                continue
            rb = _rect(window, b)
            same_column = ra.left() < rb.right() and rb.left() < ra.right()
            same_line = ra.top() < rb.bottom() and rb.top() < ra.bottom()
            above = ra.bottom() <= rb.top()
            left_of = ra.right() <= rb.left()
            if ((same_column and above) or (same_line and left_of)) and place[id(a)] > place[id(b)]:
                wrong.append(f"{a.objectName() or type(a).__name__} should come before "
                             f"{b.objectName() or type(b).__name__}")
    return wrong


@pytest.mark.parametrize("key", ROOMS)
def test_tab_goes_round_each_room_in_reading_order_reaching_every_control(shown, qtbot, key):
    shown.show_room(key)
    room = shown.room(key)
    controls = _visible(shown, room)
    first = min(controls, key=lambda w: (_rect(shown, w).top() // 40, _rect(shown, w).left()))
    visited = [w for w in _tab_cycle(shown, first) if room.isAncestorOf(w)]
    missing = [f"{type(w).__name__} {w.objectName()}" for w in controls if w not in visited]
    assert not missing, f"{key}: Tab never reaches {missing}"
    assert _out_of_order(shown, visited) == []


def test_names_come_from_the_words_on_screen(qtbot):
    box = QWidget()
    qtbot.addWidget(box)
    edit = QLineEdit(box)
    edit.setPlaceholderText("统一社会信用代码")
    button = QPushButton("导出 Excel (Ctrl+E)", box)
    table = QTableView(box)
    table.setToolTip("Enter 或双击：打开")
    unnamed = name_controls(box)
    assert edit.accessibleName() == "统一社会信用代码"
    assert button.accessibleName() == "导出 Excel"
    assert unnamed == [table]  # a view's tooltip says what to do, not what it is
    assert not table.tabKeyNavigation()
    assert derived_name(table, {}) == ""


def test_with_an_enterprise_open_the_card_and_the_policy_panel_are_named_and_reachable(make_window, counter_db, qtbot):
    from sqlalchemy import text

    window = make_window(show=True, db=counter_db)
    window.resize(1366, 768)
    with counter_db.engine.connect() as conn:
        code = conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 1")).scalar_one()
    with qtbot.waitSignal(window.workspace.policy_panel.match_shown, timeout=30000):
        window.open_enterprise(code)
    room = window.workspace
    controls = _visible(window, room)
    assert window.workspace.policy_panel.tree in controls
    for control in controls:
        assert CJK.search(control.accessibleName()), f"{type(control).__name__} {control.objectName()}"
    visited = _tab_cycle(window, window.workspace.search_edit)
    missing = [f"{type(w).__name__} {w.objectName()}" for w in controls if w not in visited]
    assert not missing, f"Tab never reaches {missing}"
    assert _out_of_order(window, [w for w in visited if room.isAncestorOf(w)]) == []


def test_the_reading_order_check_catches_a_tab_order_against_the_eye(qtbot):
    from PySide6.QtWidgets import QVBoxLayout

    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    top, bottom = QLineEdit(box), QLineEdit(box)
    top.setObjectName("top")
    bottom.setObjectName("bottom")
    layout.addWidget(top)
    layout.addWidget(bottom)
    box.show()
    qtbot.waitExposed(box)
    assert _out_of_order(box, [top, bottom]) == []
    assert _out_of_order(box, [bottom, top]) == ["top should come before bottom"]


def _about(qtbot, db):
    from kuaixiang_desktop.ui.about_dialog import AboutDialog

    return AboutDialog(None)


def _reveal(qtbot, db):
    from kuaixiang_desktop.ui.reveal_dialog import RevealDialog

    return RevealDialog(db, "00000000-0000-0000-0000-000000000000", "371502-01-20261206-TEST-0001")


def _lock(qtbot, db):
    from kuaixiang_desktop.ui.idle_lock import LockOverlay

    holder = QWidget()
    overlay = LockOverlay(holder)
    overlay.show()
    return holder


DIALOGS = {"about": _about, "reveal": _reveal, "lock": _lock}


@pytest.mark.parametrize("which", sorted(DIALOGS))
def test_every_control_of_every_dialog_has_a_chinese_name(qtbot, demo_db, which):
    dialog = DIALOGS[which](qtbot, demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    controls = [w for w in focusable(dialog) if w.isVisibleTo(dialog)]
    assert controls
    for control in controls:
        name = control.accessibleName()
        assert CJK.search(name), f"{which}: {type(control).__name__} {control.objectName()} is called {name!r}"
        assert not HINT.search(name), f"{which}: {control.objectName()} {name!r}"
