"""The enterprise's rating screen (好差评): only a touch or click on the screen picks a level
— no key does — a 差评 needs a reason, the rating is stored once and queued for the
server; from the applications room the screen opens for the shown 办件 and the record then
says it was rated."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kuaixiang_core.domain import ratings
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import ratings as rating_service
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.models import OutboxEntry, Rating
from kuaixiang_desktop.ui.rating_dialog import RatingDialog

ITEM = "lc-canji-chaobili-2024"
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")


@pytest.fixture
def receipt(counter_db):
    device = local_device(counter_db)
    code = reach(counter_db, ITEM, None, limit=1).enterprises[0].credit_code
    result = apps.file_application(counter_db, code, ITEM, AGENT, [apps.MaterialInput("营业执照复印件")],
                                   device_id=device.short_id)
    return counter_db, result


@pytest.fixture
def dialog(qtbot, receipt):
    db, result = receipt
    found = rating_service.banjian(db, result.receipt_no)
    dialog = RatingDialog(db, found, thanks_ms=0)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _stored(db) -> list[Rating]:
    with db.sessions() as session:
        return list(session.scalars(select(Rating)))


def test_no_key_picks_a_level_or_submits(qtbot, dialog, receipt):
    db, _ = receipt
    for key in (Qt.Key.Key_1, Qt.Key.Key_5, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Tab,
                Qt.Key.Key_Right, Qt.Key.Key_Left):
        qtbot.keyClick(dialog, key)
        qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert dialog.level is None and not any(b.isChecked() for b in dialog.level_buttons.values())
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in dialog.level_buttons.values())
    assert dialog.submit_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert not any("&" in b.text() for b in dialog.level_buttons.values())  # no mnemonic
    assert not dialog.submit_button.isEnabled() and dialog.isVisible()
    assert not dialog.comment_edit.hasFocus() and dialog.comment_edit.toPlainText() == ""  # the keys went nowhere
    assert _stored(db) == []


def test_a_click_rates_once_and_queues_it(qtbot, dialog, receipt):
    db, result = receipt
    qtbot.mouseClick(dialog.level_buttons[ratings.VERY_SATISFIED], Qt.MouseButton.LeftButton)
    assert dialog.level == ratings.VERY_SATISFIED and not dialog.reasons_box.isVisible()
    with qtbot.waitSignal(dialog.rated) as rated, qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    view = rated.args[0]
    assert view.banjian_no == result.receipt_no and view.level == ratings.VERY_SATISFIED
    [row] = _stored(db)
    assert row.banjian_no == result.receipt_no
    with db.sessions() as session:
        [entry] = session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "rating.given"))
        assert entry.key == row.id and json.loads(entry.payload_json)["level"] == ratings.VERY_SATISFIED
    with pytest.raises(rating_service.RatingRefused, match="一件一评"):
        rating_service.banjian(db, result.receipt_no)


def test_a_bad_rating_needs_a_reason_and_opens_a_followup(qtbot, dialog, receipt):
    db, _ = receipt
    qtbot.mouseClick(dialog.level_buttons[ratings.DISSATISFIED], Qt.MouseButton.LeftButton)
    assert dialog.reasons_box.isVisible() and not dialog.submit_button.isEnabled()
    qtbot.mouseClick(dialog.reason_boxes["other"], Qt.MouseButton.LeftButton)
    assert not dialog.submit_button.isEnabled()  # 「其他」 needs words
    qtbot.mouseClick(dialog.comment_edit.viewport(), Qt.MouseButton.LeftButton)
    assert dialog.comment_edit.hasFocus()
    dialog.comment_edit.insertPlainText("复印机坏了")  # QTest types ASCII only
    qtbot.keyClicks(dialog.comment_edit, " x")
    qtbot.keyClick(dialog.comment_edit, Qt.Key.Key_Tab)  # Tab stays in the comment: never reaches a button
    assert not dialog.submit_button.hasFocus() and dialog.level == ratings.DISSATISFIED
    assert dialog.submit_button.isEnabled()
    with qtbot.waitSignal(dialog.rated) as rated:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    view = rated.args[0]
    assert view.reasons == ("other",) and view.comment == "复印机坏了 x" and view.followup_open
    assert view.followup_deadline is not None and view.followup_deadline > view.rated_at.date()


def test_escape_closes_without_a_rating(qtbot, dialog, receipt):
    db, _ = receipt
    qtbot.mouseClick(dialog.level_buttons[ratings.SATISFIED], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert _stored(db) == []
