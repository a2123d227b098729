"""F1 lists every key the clerk can press: built from the menus' QActions and checked against
every QShortcut the rooms, the 代办申请 wizard and the print preview really create."""

from __future__ import annotations

import io

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget
from reportlab.pdfgen import canvas

from kuaixiang_core.domain import clock
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.ui import shortcut_help
from kuaixiang_desktop.ui.apply_devices import WizardDevices
from kuaixiang_desktop.ui.apply_wizard import ApplyWizard
from kuaixiang_desktop.ui.main_window import ROOMS
from kuaixiang_desktop.ui.print_service import PrintPreviewDialog

NATIVE = QKeySequence.SequenceFormat.NativeText
AREA_OF_ROOM = {"workspace": "工作台", "applications": "申请记录", "catalogue": "政策目录", "outreach": "政策找企业"}


def _documented(area: str) -> set[str]:
    for name, entries in shortcut_help.AREAS:
        if name == area:
            return {text for _what, keys in entries for text in shortcut_help.key_texts(keys)}
    raise AssertionError(f"F1 has no area {area}")


def _keys(owner: QWidget) -> set[str]:
    return {k.toString(NATIVE) for s in owner.findChildren(QShortcut) for k in s.keys()}


def _blank_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(100, 700, "x")
    page.save()
    return out.getvalue()


@pytest.fixture
def an_item(counter_db) -> tuple[str, str]:
    from sqlalchemy import text

    cat = compiled_catalogue(counter_db)
    with counter_db.engine.connect() as conn:
        codes = [r[0] for r in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 50"))]
    for code in codes:
        for line in match_enterprise(counter_db, code, clock.today(), catalogue=cat).items:
            if line.verdict == "eligible" and line.mode in ("window", "online"):
                return code, line.item_id
    pytest.fail("no demo enterprise with an item to apply for")


def test_f1_lists_every_shortcut_the_window_its_rooms_the_wizard_and_the_preview_register(
        qtbot, make_window, counter_db, an_item):
    window = make_window(db=counter_db)
    listed = window.shortcut_rows()
    shown_keys = " / ".join(keys for _name, keys in listed)

    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            assert key.toString(NATIVE) in shown_keys, f"{action.text()} {key.toString(NATIVE)} missing from F1"

    for key in ROOMS:
        room = window.room(key)  # built as when first opened
        area = AREA_OF_ROOM.get(key)
        missing = _keys(room) - _documented(area) if area else _keys(room)
        assert not missing, f"{key} room: {missing} not in F1"

    code, item = an_item
    wizard = ApplyWizard(counter_db, window.runner, window.printer, code, item, parent=window)
    with qtbot.waitSignal(wizard.loaded, timeout=20000):
        pass
    WizardDevices(wizard, window.devices)  # as the window attaches them: F4 reads a card, F6 the camera
    assert not _keys(wizard) - _documented("代办申请"), _keys(wizard)
    assert {"Ctrl+Shift+A", "Ctrl+O", "Ctrl+I", "Ctrl+P", "F4", "F6"} <= _keys(wizard)  # what issue 14 found missing
    wizard.reject()
    wizard.deleteLater()

    preview = PrintPreviewDialog(_blank_pdf(), "a4", window)
    assert {"Return", "Ctrl+P"} <= _keys(preview)
    assert not _keys(preview) - _documented("打印预览")
    preview.close()

    every_key = {key for _name, keys in listed for key in keys.split(" / ")}
    assert {"Ctrl+Shift+A", "Ctrl+I", "Ctrl+E", "Ctrl+O", "Ctrl+P", "Enter"} <= every_key  # what F1 lacked
