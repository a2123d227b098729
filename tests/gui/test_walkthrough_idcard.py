"""The counter with an ID card reader: scan → card on the reader → materials → 受理 → receipt,
the agent's name and ID number never typed, in at most 8 key presses.

As in test_walkthrough_keyboard.py the window runs on the counter database with default
settings, the only stand-ins being the printer (a PDF file) and the reader: the simulated one,
fed through its file as ``kuaixiang devices card place`` feeds it.  Every key press after the
scan counts; the phone number (which no ID card carries) is typing, not counted, exactly as
the keyboard walkthrough counts typing.  The card is placed before the wizard opens, the way
an agent puts it down while the clerk looks the enterprise up: it is read when the 经办人 page
opens.  The card is the legal representative's own (the name the registry holds): an agent
who is not needs the enterprise's 授权委托书 as well (tests/gui/test_apply_forms.py).
"""

from __future__ import annotations

import dataclasses

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kuaixiang_desktop.devices import config as device_config
from kuaixiang_desktop.devices import idcard_sim
from kuaixiang_desktop.devices.config import DeviceConfig
from kuaixiang_desktop.services import applications
from kuaixiang_desktop.ui.app_settings import AppSettings
from kuaixiang_desktop.ui.apply_wizard import AGENT_PAGE, DONE_PAGE, MATERIALS_PAGE, REVIEW_PAGE
from kuaixiang_desktop.ui.print_service import PrintPreviewDialog

from . import test_walkthrough_keyboard
from .conftest import legal_rep_of

walk_in = test_walkthrough_keyboard.walk_in  # the fixture: a demo enterprise every item of which can be filed

KEY_BUDGET = 8
AGENT_PHONE = "13800138000"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def _focus():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


@pytest.fixture
def reader_feed():
    """The counter's device settings name the simulated reader; everything else is default."""
    path = device_config.config_path()
    device_config.save(path, DeviceConfig(reader="simulated"))
    return device_config.feed_path(device_config.load(path), path)


def test_scan_card_materials_file_print_in_at_most_eight_keys(qtbot, make_window, counter_db, tmp_path, walk_in,
                                                              reader_feed):
    code, name = walk_in
    paper = tmp_path / "receipt-paper.pdf"
    settings = AppSettings()
    assert settings.preview_before_print
    settings.printer = f"pdf:{paper}"
    window = make_window(db=counter_db, settings=settings, show=True)
    qtbot.waitUntil(lambda: window.devices.statuses["id_reader"].state == "ready", timeout=20000)
    assert "读卡器 就绪" in window.device_status.text()
    with qtbot.waitActive(window):
        window.activateWindow()
    presses: list[str] = []

    def press(key, modifiers=NONE, label: str = "") -> None:
        presses.append(label)
        qtbot.keyClick(_focus(), key, modifiers)

    with qtbot.waitSignal(window.workspace.policy_panel.match_shown, timeout=30000):
        qtbot.keyClicks(_focus(), code)
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
    card = dataclasses.replace(idcard_sim.DEMO_CARD, name=legal_rep_of(counter_db, code))
    idcard_sim.place_card(reader_feed, card)  # the legal rep puts the card down while the clerk looks

    press(Qt.Key.Key_F3, label="F3")
    with qtbot.waitSignal(window.wizard_opened, timeout=10000) as opened:
        press(Qt.Key.Key_Return, label="Enter")
    wizard = opened.args[0]
    qtbot.waitUntil(lambda: wizard.context is not None, timeout=20000)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    assert wizard.currentId() == MATERIALS_PAGE

    press(Qt.Key.Key_A, CTRL | SHIFT, "Ctrl+Shift+A")
    with qtbot.waitSignal(window.devices.card_read, timeout=20000):
        press(Qt.Key.Key_Return, label="Enter")
    assert wizard.currentId() == AGENT_PAGE
    page = wizard.agent_page
    assert page.ui.nameEdit.text() == card.name
    assert page.ui.idEdit.text() == card.id_number
    assert page.check_state("agent_id").ok and not page.ui.photoLabel.pixmap().isNull()
    assert _focus() is page.ui.phoneEdit, "the cursor waits where the card could not help"
    qtbot.keyClicks(_focus(), AGENT_PHONE)  # typing, as in the keyboard walkthrough
    press(Qt.Key.Key_Return, label="Enter")
    assert wizard.currentId() == REVIEW_PAGE
    with qtbot.waitSignal(wizard.filed, timeout=20000) as filed:
        press(Qt.Key.Key_Return, label="Enter")
    qtbot.waitUntil(lambda: wizard.currentId() == DONE_PAGE)
    result = filed.args[0]
    assert result.status == "accepted"

    with qtbot.waitSignal(window.printer.preview_opened, timeout=20000) as previewed:
        press(Qt.Key.Key_P, CTRL, "Ctrl+P")
    preview: PrintPreviewDialog = previewed.args[0]
    qtbot.waitUntil(preview.isActiveWindow)
    qtbot.waitUntil(lambda: preview.zoom_factor() >= 0.6)
    with qtbot.waitSignal(wizard.receipt_printed, timeout=30000):
        press(Qt.Key.Key_Return, label="Enter")

    assert presses == ["F3", "Enter", "Ctrl+Shift+A", "Enter", "Enter", "Enter", "Ctrl+P", "Enter"]
    assert len(presses) <= KEY_BUDGET
    record = applications.show(counter_db, result.application_id)
    assert record.credit_code == code
    # The receipt carries the agent from the card (masked, as for a typed one).
    document = pdfium.PdfDocument(wizard._pdfs["receipt"][0])
    try:
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    assert name in text and result.receipt_no in text and card.name in text
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    with qtbot.waitSignal(wizard.finished):
        qtbot.keyClick(_focus(), Qt.Key.Key_Return)
