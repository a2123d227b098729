"""The counter as a new clerk lives it: from a scan to a printed 受理回执 by keyboard alone.

The main window runs on the counter database with default settings (print preview on); the
only stand-in is the printer, Qt's PDF engine writing to a file ("pdf:PATH").  After the scan
(a burst of key events ending in Enter, as a keyboard-wedge scanner sends it) the test acts
only through key events on whatever widget has the focus, and counts every key press that is
not part of typing the agent's name, ID number and phone.  The budget is 10.
"""

from __future__ import annotations

import pypdf
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kuaixiang_core.domain import clock
from kuaixiang_desktop.services import applications
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.ui.app_settings import AppSettings
from kuaixiang_desktop.ui.apply_wizard import AGENT_PAGE, DONE_PAGE, MATERIALS_PAGE, REVIEW_PAGE
from kuaixiang_desktop.ui.print_service import PrintPreviewDialog

KEY_BUDGET = 10
AGENT_ID = "11010519491231002X"
AGENT_PHONE = "13800138000"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture(scope="module")
def walk_in(counter_db_path) -> tuple[str, str]:
    """(credit code, name) of a demo enterprise every one of whose 可申请 items can be applied
    for at the window today: whichever of them the panel lists first, the walk can file it."""
    from sqlalchemy import text

    db = open_client_db(counter_db_path)
    try:
        cat = compiled_catalogue(db)
        today = clock.today()
        with db.engine.connect() as conn:
            rows = list(conn.execute(text("SELECT credit_code, name FROM enterprise ORDER BY id LIMIT 600")))
        for code, name in rows:
            eligible = [cat.by_id[line.item_id] for line in match_enterprise(db, code, today, catalogue=cat).items
                        if line.verdict == "eligible"]
            if eligible and all(
                line_item.mode in ("window", "online")
                and not (line_item.apply_from and today < line_item.apply_from)
                and not (line_item.apply_to and today > line_item.apply_to)
                and any(m.required for m in line_item.materials)
                for line_item in eligible
            ):
                return code, name
    finally:
        db.close()
    pytest.fail("no demo enterprise whose 可申请 items can all be applied for at the window today")


def _focus():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def test_from_a_scan_to_a_printed_receipt_in_at_most_ten_keys(qtbot, make_window, counter_db, tmp_path, walk_in):
    code, name = walk_in
    paper = tmp_path / "receipt-paper.pdf"
    settings = AppSettings()
    assert settings.preview_before_print, "the default is to preview before printing"
    settings.printer = f"pdf:{paper}"  # the one stand-in: a printer that writes a file
    window = make_window(db=counter_db, settings=settings, show=True)
    with qtbot.waitActive(window):
        window.activateWindow()
    presses: list[str] = []

    def press(key, modifiers=NONE, label: str = "") -> None:
        presses.append(label or QApplication.translate("QShortcut", str(key)))
        qtbot.keyClick(_focus(), key, modifiers)

    # The scan: a burst of keys into whatever has the focus (the search box at start), then Enter.
    assert _focus() is window.workspace.search_edit
    with qtbot.waitSignal(window.workspace.policy_panel.match_shown, timeout=30000):
        qtbot.keyClicks(_focus(), code)
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    assert window.workspace.card.credit_code == code

    # F3: the first item that can be applied for; Enter opens the wizard on it.
    press(Qt.Key.Key_F3, label="F3")
    item = window.workspace.policy_panel.current_item()
    assert item is not None and item.item.group == "eligible"
    with qtbot.waitSignal(window.wizard_opened, timeout=10000) as opened:
        press(Qt.Key.Key_Return, label="Enter")
    wizard = opened.args[0]
    qtbot.waitUntil(lambda: wizard.context is not None, timeout=20000)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    assert wizard.currentId() == MATERIALS_PAGE

    press(Qt.Key.Key_A, CTRL | SHIFT, "Ctrl+Shift+A")  # the enterprise brought everything
    assert wizard.model.missing_required() == []
    press(Qt.Key.Key_Return, label="Enter")
    assert wizard.currentId() == AGENT_PAGE and _focus() is wizard.agent_page.ui.nameEdit
    for char in wizard.context.legal_rep:  # in person (no 授权委托书); Chinese comes through the IME: not counted
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(_focus(), event)
    press(Qt.Key.Key_Tab, label="Tab")
    qtbot.keyClicks(_focus(), AGENT_ID)
    press(Qt.Key.Key_Tab, label="Tab")
    qtbot.keyClicks(_focus(), AGENT_PHONE)
    press(Qt.Key.Key_Return, label="Enter")
    assert wizard.currentId() == REVIEW_PAGE
    with qtbot.waitSignal(wizard.filed, timeout=20000) as filed:
        press(Qt.Key.Key_Return, label="Enter")
    qtbot.waitUntil(lambda: wizard.currentId() == DONE_PAGE)
    result = filed.args[0]
    assert result.status == "accepted" and result.receipt_no

    # Ctrl+P: the preview (on by default) opens at a readable size; Enter prints from it.
    with qtbot.waitSignal(window.printer.preview_opened, timeout=20000) as previewed:
        press(Qt.Key.Key_P, CTRL, "Ctrl+P")
    preview: PrintPreviewDialog = previewed.args[0]
    qtbot.waitUntil(preview.isActiveWindow)  # it takes the keyboard itself: the next Enter is its
    qtbot.waitUntil(lambda: preview.zoom_factor() >= 0.6)
    with qtbot.waitSignal(wizard.receipt_printed, timeout=30000) as printed:
        press(Qt.Key.Key_Return, label="Enter")

    assert presses == ["F3", "Enter", "Ctrl+Shift+A", "Enter", "Tab", "Tab", "Enter", "Enter", "Ctrl+P", "Enter"]
    assert len(presses) <= KEY_BUDGET
    outcome = printed.args[0]
    assert outcome.destination == str(paper) and outcome.pages == 1
    assert paper.is_file() and len(pypdf.PdfReader(str(paper)).pages) == 1
    # What went to paper is the archived receipt of this enterprise's application.
    archived = wizard._pdfs["receipt"][0]
    document = pdfium.PdfDocument(archived)
    try:
        receipt_text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert name in receipt_text and result.receipt_no in receipt_text
    record = applications.show(counter_db, result.application_id)
    assert record.credit_code == code and record.receipt_no == result.receipt_no
    assert "已发送到" in wizard.done_page.ui.messageLabel.text()
    with qtbot.waitActive(wizard):
        wizard.activateWindow()  # the window manager's job when the preview closes
    with qtbot.waitSignal(wizard.finished):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)  # Enter closes the wizard: the next visitor
    qtbot.waitUntil(lambda: window.focusWidget() is window.workspace.search_edit)
