"""What the counter shows around printing and in its panes at 1366×768 (issue 14)."""

from __future__ import annotations

from kuaixiang_desktop.ui.print_actions import PrintOutcome

LONG_PATH = "/home/chuangkou03/.local/share/kuaixiang/printed/20261206-101507-123456-受理回执_371502-01-20261206-Q7AO-0007.pdf"


def test_a_saved_pdf_path_is_shortened_in_its_middle_and_never_runs_into_the_counters(qtbot, make_window):
    window = make_window(show=True)
    window.resize(1024, 768)  # the smallest counter screen; the path is longer than the room left
    qtbot.waitUntil(lambda: 1000 <= window.statusBar().width() <= 1024)
    window.printer.printed.emit(PrintOutcome("受理回执 371502-01-20261206-Q7AO-0007", LONG_PATH, 1, True))
    shown = window.statusBar().currentMessage()
    fm = window.statusBar().fontMetrics()
    assert fm.horizontalAdvance(shown) <= window.count_label.x() - 12, "the message runs into the counters"
    assert "…" in shown and shown.startswith("“受理回执 371502-01-20261206-Q7AO-0007”已保存为 PDF：/home/")
    assert shown.endswith("0007.pdf")  # the file's own name is what the clerk looks for
    assert window.statusBar().toolTip().endswith(LONG_PATH)
    window.statusBar().clearMessage()
    assert window.statusBar().toolTip() == ""


def test_a_short_message_is_shown_whole_without_a_tooltip(qtbot, make_window):
    window = make_window(show=True)
    window.printer.printed.emit(PrintOutcome("清单", "/tmp/a.pdf", 1, True))
    assert window.statusBar().currentMessage() == "“清单”已保存为 PDF：/tmp/a.pdf"
    assert window.statusBar().toolTip() == ""


def test_a_first_start_leaves_room_for_the_title_bar(qtbot, make_window, monkeypatch):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    # A 1366×768 counter screen: the form's own 1366×768 plus a title bar ran off its bottom.
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1366, 768))
    window = make_window()
    assert window.height() <= 768 - 40 and window.width() == 1366


def _placeholder_room(widget) -> int:
    """Pixels a widget has for its placeholder text on one line."""
    from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit

    if isinstance(widget, QLineEdit):
        margins = widget.textMargins()
        return widget.contentsRect().width() - margins.left() - margins.right() - 8  # Qt's own padding
    if isinstance(widget, QAbstractScrollArea):
        return widget.viewport().width() - 8
    return widget.width()


def test_no_placeholder_is_clipped_at_1366x768(qtbot, make_window, counter_db):
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

    from kuaixiang_desktop.ui.main_window import ROOMS
    from kuaixiang_desktop.ui.style import load_stylesheet

    window = make_window(db=counter_db, show=True)
    window.setStyleSheet(load_stylesheet())
    window.resize(1366, 728)
    clipped = []
    for key in ROOMS:
        room = window.show_room(key)
        qtbot.waitUntil(lambda r=room: r.isVisible())
        for cls in (QLineEdit, QTextEdit, QPlainTextEdit):
            for widget in room.findChildren(cls):
                text = widget.placeholderText()
                if not text or not widget.isVisible():
                    continue
                if widget.fontMetrics().horizontalAdvance(text) > _placeholder_room(widget):
                    clipped.append((key, widget.objectName(), text))
        window.runner.wait()
    assert not clipped, clipped


def test_closing_the_window_with_the_apply_wizard_open_raises_nothing(qtbot, make_window, counter_db):
    from kuaixiang_core.domain import clock
    from kuaixiang_desktop.services.matching import match_enterprise

    code = item = None
    for hit in window_codes(counter_db):
        lines = [line for line in match_enterprise(counter_db, hit, clock.today()).items
                 if line.verdict == "eligible" and line.mode in ("window", "online")]
        if lines:
            code, item = hit, lines[0].item_id
            break
    assert code, "no demo enterprise with an item to apply for"
    window = make_window(db=counter_db, show=True)
    with qtbot.waitSignal(window.workspace.card_shown, timeout=20000):
        window.workspace.open_enterprise(code)
    with qtbot.waitSignal(window.wizard_opened) as opened:
        window.workspace.open_apply_wizard(item)
    with qtbot.waitSignal(opened.args[0].finished):
        window.close()  # shuts the runner down, then the wizard: it must not queue a reload
    assert window.runner.wait(0)


def window_codes(db) -> list[str]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 50"))]
