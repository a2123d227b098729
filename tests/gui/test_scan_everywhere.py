"""Issue 14, points 1 and 3: a scan always lands, from whatever has the focus, and a wrong or
unknown code leaves no enterprise live.  The window's title says whose visit it is.

The scan matrix: every focusable widget of every room and of every dialog the window opens
gets a scanner's burst with each end key (CR, keypad Enter, Tab, LF, CR+LF), in capitals with
Shift around each or in lower case, 5–40 ms between keys, stamped on the events, no sleeping).  Each burst must be
recognised as a scan, put nothing into the widget, change nothing it had selected, and its end
key must act on nothing.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import text

from kuaixiang_core.domain import clock, codes
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.ui.main_window import ROOMS, MainWindow
from kuaixiang_desktop.ui.scan_detector import takes_codes

NO, SHIFT, CTRL = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier
# What a wedge scanner may be set to send after the code.
ENDS = {
    "CR": [(Qt.Key.Key_Return, NO, "\r")],
    "keypad Enter": [(Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier, "\r")],
    "Tab": [(Qt.Key.Key_Tab, NO, "\t")],
    "LF": [(Qt.Key.Key_J, CTRL, "\n")],  # ASCII LF as a HID wedge types it
    # LF typed as a second Return (what X11 makes of a typed newline): must not act as Enter.
    "CR+LF": [(Qt.Key.Key_Return, NO, "\r"), (Qt.Key.Key_Return, NO, "\n")],
}
SPACINGS_MS = (5, 20, 40)


class Stamps:
    """Event timestamps (ms) for the bursts of one test: each burst well after the last."""

    def __init__(self):
        self.at = 100_000

    def burst_start(self) -> int:
        self.at += 10_000
        return self.at


def scanner_burst(widget: QWidget, payload: str, end: str, spacing_ms: int, start_ms: int) -> None:
    """Key events as a keyboard-wedge scanner sends them to the focus widget: Shift pressed and
    released around every capital, each key ``spacing_ms`` after the last, then the end key(s)."""
    at = start_ms

    def send(kind: QEvent.Type, key: int, modifiers: Qt.KeyboardModifier, chars: str) -> None:
        target = QApplication.focusWidget() or widget
        event = QKeyEvent(kind, key, modifiers, chars)
        event.setTimestamp(at)
        QApplication.sendEvent(target, event)

    for ch in payload:
        key = Qt.Key(ord(ch.upper())) if ch.isalpha() else Qt.Key(ord(ch))
        mods = SHIFT if ch.isupper() else NO
        if ch.isupper():
            send(QEvent.Type.KeyPress, Qt.Key.Key_Shift, SHIFT, "")
        send(QEvent.Type.KeyPress, key, mods, ch)
        send(QEvent.Type.KeyRelease, key, mods, ch)
        if ch.isupper():
            send(QEvent.Type.KeyRelease, Qt.Key.Key_Shift, NO, "")
        at += spacing_ms
    for key, mods, chars in ENDS[end]:
        send(QEvent.Type.KeyPress, key, mods, chars)
        send(QEvent.Type.KeyRelease, key, mods, chars)
        at += spacing_ms


def state_of(widget: QWidget) -> tuple:
    """What a stray key could change in ``widget``: its text, value, selection, check state."""
    parts: list[object] = [type(widget).__name__]
    if isinstance(widget, QLineEdit):
        parts.append(widget.text())
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        parts += [widget.toPlainText(), widget.textCursor().position()]
    if isinstance(widget, QComboBox):
        parts += [widget.currentIndex(), widget.currentText()]
    if isinstance(widget, QAbstractSpinBox):
        parts.append(widget.text())
    if isinstance(widget, QAbstractSlider):
        parts.append(widget.value())
    if isinstance(widget, QAbstractButton):
        parts.append(widget.isChecked())
    if isinstance(widget, QAbstractItemView):
        current = widget.currentIndex()
        parts.append((current.row(), current.column(), _path(current)))
        if widget.selectionModel() is not None:
            parts.append(sorted((i.row(), i.column(), _path(i)) for i in widget.selectionModel().selectedIndexes()))
    return tuple(parts)


def _path(index: QModelIndex) -> tuple[int, ...]:
    rows = []
    while index.isValid():
        rows.append(index.row())
        index = index.parent()
    return tuple(reversed(rows))


def focusable(root: QWidget) -> list[QWidget]:
    """Every widget of ``root``'s window now on screen that can take the keyboard focus, as
    the focus lands on it (a focus proxy stands for its widget), each once."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if (widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible() or not widget.isEnabled()
                or widget.window() is not root.window()):
            continue
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        focus = QApplication.focusWidget()
        if focus is not None and focus.window() is root.window() and focus not in found:
            found.append(focus)
    return found


@pytest.fixture
def counter(qtbot, counter_db):
    window = MainWindow(counter_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.enterprise_count is not None)
    yield window
    window.shutdown()


def known_codes(db, n: int) -> list[str]:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT :n"), {"n": n})]


def name_of(db, code: str) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT name FROM enterprise WHERE credit_code = :c"), {"c": code}).scalar_one()


def with_an_appliable_item(db) -> str:
    cat = compiled_catalogue(db)
    today = clock.today()
    for code in known_codes(db, 300):
        items = match_enterprise(db, code, today, catalogue=cat).items
        if any(i.group == "eligible" and i.mode != "auto" for i in items) and any(i.group == "due" for i in items):
            return code
    pytest.skip("no demo enterprise with both 免申即享 and 可申请 items")


class Watch:
    """Everything a stray Enter, Tab or letter could set off in the window or a room."""

    def __init__(self, window: MainWindow):
        self.events: list[tuple[str, tuple]] = []
        sources = [(window, "wizard_opened"), (window, "dialog_opened"), (window.workspace, "application_requested"),
                   (window.workspace.policy_panel, "apply_requested"), (window.workspace.policy_panel, "checklist_started"),
                   (window.printer, "printed")]
        for key in ROOMS[1:]:
            room = window.room(key)
            for name in ("enterprise_requested", "outreach_requested", "export_dialog_opened"):
                if hasattr(room, name):
                    sources.append((room, name))
        for obj, name in sources:
            getattr(obj, name).connect(lambda *args, n=name: self.events.append((n, args)))


def _variants():
    """Per widget, a burst with each end key; case and spacing take turns across them."""
    return itertools.cycle(itertools.product(("upper", "lower"), SPACINGS_MS))


def _scan_into_each(qtbot, window: MainWindow, widgets: list[QWidget], code: str, variants, stamps: Stamps,
                    scanned: list[str], watch: Watch) -> list[str]:
    """Scan ``code`` into each widget; the failures found, one line each."""
    failures: list[str] = []
    for widget, end in itertools.product(widgets, ENDS):
        case, spacing = next(variants)
        payload = code if case == "upper" else code.lower()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if QApplication.focusWidget() is not widget:
            failures.append(f"{widget.objectName() or type(widget).__name__}: could not be focused")
            continue
        before = state_of(widget)
        scanned.clear()
        seen = len(watch.events)
        scanner_burst(widget, payload, end, spacing, stamps.burst_start())
        where = f"{type(widget).__name__}({widget.objectName()!r}) [{case}, {end}, {spacing} ms]"
        if scanned != [payload]:
            failures.append(f"{where}: scanned {scanned!r}")
        if state_of(widget) != before:
            failures.append(f"{where}: changed from {before!r} to {state_of(widget)!r}")
        if QApplication.focusWidget() is not widget:
            failures.append(f"{where}: the focus moved to {QApplication.focusWidget()!r}")
        if watch.events[seen:]:
            failures.append(f"{where}: set off {watch.events[seen:]!r}")
        if window.scan_detector.held_text():
            failures.append(f"{where}: keys still held {window.scan_detector.held_text()!r}")
    return failures


def test_the_scan_matrix_every_focusable_widget_of_every_room(qtbot, counter):
    """Routing is taken off for the matrix (it switches to the workspace and moves the focus);
    that a scan lands, from each room, is the next test."""
    code = known_codes(counter.db, 1)[0]
    counter.scan_detector.scanned.disconnect(counter.route_scan)
    scanned: list[str] = []
    counter.scan_detector.scanned.connect(scanned.append)
    watch = Watch(counter)
    # An enterprise on screen, an item of its panel current: what a stray Enter would act on.
    with qtbot.waitSignal(counter.workspace.policy_panel.match_shown, timeout=30_000):
        counter.open_enterprise(with_an_appliable_item(counter.db))
    variants, stamps = _variants(), Stamps()
    failures: list[str] = []
    tried: dict[str, int] = {}
    for key in ROOMS:
        counter.show_room(key)
        counter.runner.wait()  # the room's first load: its lists have rows to select
        qtbot.wait(0)
        widgets = [w for w in focusable(counter.ui.roomStack.currentWidget()) if w is not counter.workspace.search_edit]
        widgets += [w for w in focusable(counter.ui.roomList) if w not in widgets]
        views = [w for w in widgets if isinstance(w, QAbstractItemView) and w.model() is not None and w.model().rowCount()]
        for view in views:  # a row selected: a stray Enter would open it
            if not view.currentIndex().isValid():
                view.setCurrentIndex(view.model().index(0, 0))
        tried[key] = len(widgets)
        failures += _scan_into_each(qtbot, counter, widgets, code, variants, stamps, scanned, watch)
    assert not failures, "\n".join(failures)
    assert all(tried.values()), tried
    assert sum(tried.values()) >= 20, tried  # the rooms' lists, fields, combos, browsers and buttons
    counter.runner.wait()


@pytest.mark.parametrize("opener", ["open_settings", "show_about", "show_shortcuts"])
def test_the_scan_matrix_every_focusable_widget_of_each_dialog(qtbot, counter, opener, monkeypatch):
    code = known_codes(counter.db, 1)[0]
    browsed: list[str] = []  # a leaked Enter on a 浏览… button would block the test in a file dialog
    for name in ("getSaveFileName", "getOpenFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, n=name, **k: browsed.append(n) or ("", "")))
    counter.scan_detector.scanned.disconnect(counter.route_scan)
    scanned: list[str] = []
    counter.scan_detector.scanned.connect(scanned.append)
    watch = Watch(counter)
    with qtbot.waitSignal(counter.dialog_opened) as opened:
        getattr(counter, opener)()
    dialog: QDialog = opened.args[0]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    counter.runner.wait()
    widgets = focusable(dialog)
    assert widgets
    failures = _scan_into_each(qtbot, counter, widgets, code, _variants(), Stamps(), scanned, watch)
    assert not failures, "\n".join(failures)
    assert dialog.isVisible()  # the scanner's Enter did not press its default button
    assert browsed == []
    dialog.reject()
    counter.runner.wait()


@pytest.mark.parametrize("room", ROOMS)
def test_a_scan_from_any_room_opens_the_enterprise_and_names_it_in_the_title(qtbot, counter, room):
    code = known_codes(counter.db, 5)[-1]
    counter.show_room(room)
    counter.runner.wait()
    widgets = focusable(counter.ui.roomStack.currentWidget())
    widget = widgets[-1] if widgets else counter.ui.roomList
    widget.setFocus()
    with qtbot.waitSignal(counter.workspace.card_shown, timeout=30_000) as shown:
        scanner_burst(widget, code, "CR", 20, Stamps().burst_start())
    assert shown.args == [code]
    assert counter.current_room() == "workspace"
    assert counter.windowTitle() == f"政策快享 — {name_of(counter.db, code)}"
    assert QApplication.focusWidget() is counter.workspace.search_edit  # ready for the next
    counter.runner.wait()


def test_a_scan_after_f3_opens_the_new_enterprise_and_its_enter_applies_for_nothing(qtbot, counter):
    """The issue's walk: F3 into the previous enterprise's list, then a scan in capitals."""
    first = with_an_appliable_item(counter.db)
    second = next(c for c in known_codes(counter.db, 50) if c != first)
    with qtbot.waitSignal(counter.workspace.policy_panel.match_shown, timeout=30_000):
        counter.open_enterprise(first)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)
    tree = counter.workspace.policy_panel.tree
    assert tree.hasFocus() and counter.workspace.policy_panel.current_item_id()
    watch = Watch(counter)
    with qtbot.waitSignal(counter.workspace.policy_panel.match_shown, timeout=30_000):
        scanner_burst(tree, second, "CR+LF", 5, Stamps().burst_start())
    assert counter.workspace.card.credit_code == second
    assert counter.workspace.policy_panel.credit_code == second
    assert watch.events == []  # no wizard for the previous enterprise
    assert counter.windowTitle() == f"政策快享 — {name_of(counter.db, second)}"
    counter.runner.wait()


def test_the_title_goes_back_when_no_enterprise_is_open(qtbot, counter):
    assert counter.windowTitle() == "政策快享"
    code = known_codes(counter.db, 1)[0]
    with qtbot.waitSignal(counter.workspace.card_shown, timeout=30_000):
        counter.open_enterprise(code)
    assert counter.windowTitle() == f"政策快享 — {name_of(counter.db, code)}"
    counter.workspace.clear_enterprise()
    assert counter.windowTitle() == "政策快享"
    counter.runner.wait()


def _wrong_check_character(code: str) -> str:
    right = code[-1]
    return code[:-1] + ("0" if right != "0" else "1")


def _unknown(db) -> str:
    taken = set(known_codes(db, 100_000))
    for n in range(10_000):
        candidate = codes.make_uscc(f"91371502MA3{n:06d}")
        if candidate not in taken:
            return candidate
    raise AssertionError("no free code")


@pytest.mark.parametrize("kind", ["wrong check character", "unknown", "wrong check character, lower case"])
def test_a_wrong_or_unknown_code_leaves_no_enterprise_live(qtbot, counter, kind):
    first = with_an_appliable_item(counter.db)
    with qtbot.waitSignal(counter.workspace.policy_panel.match_shown, timeout=30_000):
        counter.open_enterprise(first)
    workspace, panel = counter.workspace, counter.workspace.policy_panel
    assert panel.current_item_id() and counter.windowTitle() != "政策快享"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)  # the previous enterprise's item has the focus
    bad = _unknown(counter.db) if kind == "unknown" else _wrong_check_character(first)
    payload = bad.lower() if "lower" in kind else bad
    with qtbot.waitSignal(workspace.results_shown, timeout=30_000):
        scanner_burst(panel.tree, payload, "CR", 10, Stamps().burst_start())
    assert workspace.card.credit_code is None and workspace.card.ui.stack.currentIndex() == workspace.card.PLACEHOLDER_PAGE
    assert panel.credit_code is None and panel.current_item_id() is None and panel.model.rowCount() == 0
    assert not workspace.results_view.currentIndex().isValid()
    assert not workspace.results_view.selectionModel().hasSelection()
    assert counter.windowTitle() == "政策快享"
    message = workspace.message() or ""
    if kind == "unknown":
        assert bad in message and "没有" in message
    else:
        assert "第18位校验位" in message and f"实际为「{bad[-1]}」" in message
    # Nothing comes back later: the old enterprise's detail or match is not still on its way.
    counter.runner.wait()
    qtbot.wait(0)
    assert workspace.card.credit_code is None and panel.credit_code is None
    # Ctrl+Enter has nothing to apply for.
    watch = Watch(counter)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)
    assert watch.events == []


def test_a_scan_into_a_field_that_takes_codes_goes_to_that_field(qtbot, counter):
    dialog = QDialog(counter)
    layout = QVBoxLayout(dialog)
    code_field, other = QLineEdit(dialog), QLineEdit(dialog)
    takes_codes(code_field)
    layout.addWidget(code_field)
    layout.addWidget(other)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    routed: list[str] = []
    counter.scan_detector.scanned.connect(routed.append)
    code = known_codes(counter.db, 1)[0]
    code_field.setFocus()
    scanner_burst(code_field, code, "Tab", 5, Stamps().burst_start())
    assert code_field.text() == code and routed == []
    # Not marked: the dialog's other field is scanned over as anywhere else.
    other.setFocus()
    scanner_burst(other, code, "CR", 5, Stamps().burst_start() + 50_000)
    assert other.text() == "" and routed == [code]
    dialog.close()
    dialog.deleteLater()
    counter.runner.wait()


def test_the_search_box_still_takes_a_scan_as_its_text(qtbot, counter):
    code = known_codes(counter.db, 3)[-1]
    counter.workspace.focus_search()
    with qtbot.waitSignal(counter.workspace.card_shown, timeout=30_000):
        scanner_burst(counter.workspace.search_edit, code.lower(), "CR", 5, Stamps().burst_start())
    assert counter.workspace.search_edit.text() == code.lower()
    assert counter.workspace.card.credit_code == code
    counter.runner.wait()


def test_a_scan_in_a_dialog_opens_the_enterprise_behind_it_and_keeps_the_dialogs_edits(qtbot, counter):
    code = known_codes(counter.db, 7)[-1]
    with qtbot.waitSignal(counter.dialog_opened) as opened:
        counter.open_settings()
    dialog = opened.args[0]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    server = dialog.ui.serverEdit
    server.setFocus()
    before = server.text()
    with qtbot.waitSignal(counter.workspace.card_shown, timeout=30_000) as shown:
        scanner_burst(server, code, "CR", 20, Stamps().burst_start())
    assert shown.args == [code] and counter.windowTitle() == f"政策快享 — {name_of(counter.db, code)}"
    assert dialog.isVisible() and server.text() == before
    dialog.reject()
    counter.runner.wait()
