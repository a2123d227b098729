"""The applications room shows an agent's full ID and phone only after the reason and the
password again (a dialog, checked on a worker, audited), and masks them again by itself."""

from __future__ import annotations

import json
import threading

from PySide6.QtCore import Qt
from sqlalchemy import select

from kuaixiang_desktop.services import auth
from kuaixiang_desktop.store.models import AuditLog, Clerk

from . import test_applications_room as rooms

# The applications room's fixtures: a counter database with four applications, and the room.
filed = rooms.filed
make_room = rooms.make_room
_ids, _open = rooms._ids, rooms._open

PASSWORD = "演示窗口的密码"
FAST = auth.AuthPolicy(scrypt_n=2**10)
FULL_ID, FULL_PHONE = "11010519491231002X", "13812345678"


def _log_in(db, monkeypatch) -> None:
    monkeypatch.setattr(auth, "DEFAULT_POLICY", FAST)
    with db.sessions.begin() as session:
        session.scalars(select(Clerk).where(Clerk.username == "demo")).one().offline_verifier = \
            auth.make_verifier(PASSWORD, FAST)
    auth.login_offline(db, "demo", PASSWORD, policy=FAST)


def _last_audit(db) -> AuditLog:
    with db.sessions() as session:
        return session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).one()


def _open_dialog(room, qtbot):
    assert room.ui.revealButton.isEnabled()
    qtbot.mouseClick(room.ui.revealButton, Qt.MouseButton.LeftButton)
    dialog = room.reveal_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_agent_is_shown_in_full_after_a_reason_and_the_password_then_masked_again(
        make_room, filed, qtbot, monkeypatch):
    db, results = filed
    _log_in(db, monkeypatch)
    room = make_room(reveal_ms=400)
    target = results["accepted0"].application_id
    page = _open(room, qtbot, target)
    assert FULL_ID not in page and "1101**********002X" in page

    from kuaixiang_desktop.services import reveal

    checked_on = []
    real = reveal.reveal_agent

    def spy(*args, **kwargs):
        checked_on.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(reveal, "reveal_agent", spy)
    dialog = _open_dialog(room, qtbot)
    assert dialog.ui.passwordEdit.echoMode() == dialog.ui.passwordEdit.EchoMode.Password
    dialog.ui.passwordEdit.setText(PASSWORD)
    with qtbot.waitSignal(dialog.refused):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason yet
    assert "查看原因" in dialog.error() and checked_on == []

    dialog.ui.reasonEdit.setText("经办人来窗口补交材料，核对身份")
    dialog.ui.passwordEdit.setText(PASSWORD)
    with qtbot.waitSignal(room.agent_revealed, timeout=10_000) as revealed:
        qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
    assert revealed.args == [target] and checked_on == [False]  # checked on a worker
    page = room.ui.detailBrowser.toPlainText()
    assert FULL_ID in page and FULL_PHONE in page and "此次查看已记入审计日志" in page
    assert "记入审计日志" in room.message() and not room.ui.revealButton.isEnabled()
    assert room.reveal_dialog is None
    last = _last_audit(db)
    assert (last.action, last.actor, last.entity_id) == ("agent.reveal", "demo", target)
    assert json.loads(last.detail_json)["reason"] == "经办人来窗口补交材料，核对身份"

    with qtbot.waitSignal(room.agent_masked, timeout=5_000):
        pass  # the timer puts the masked detail back by itself
    qtbot.waitUntil(lambda: room.detail is not None and not room.detail.agent.revealed)
    page = room.ui.detailBrowser.toPlainText()
    assert FULL_ID not in page and FULL_PHONE not in page and "1101**********002X" in page
    assert room.ui.revealButton.isEnabled()


def test_a_wrong_password_is_said_in_the_dialog_and_nothing_is_shown(make_room, filed, qtbot, monkeypatch):
    db, results = filed
    _log_in(db, monkeypatch)
    room = make_room()
    _open(room, qtbot, results["accepted1"].application_id)
    dialog = _open_dialog(room, qtbot)
    dialog.ui.reasonEdit.setText("核对经办人")
    dialog.ui.passwordEdit.setText("不是这个密码")
    with qtbot.waitSignal(dialog.refused, timeout=10_000) as refused:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert refused.args == ["密码不正确，还可以再试 4 次"] and dialog.error() == refused.args[0]
    assert dialog.isVisible() and dialog.ui.passwordEdit.text() == "" and dialog.ok_button.isEnabled()
    assert FULL_ID not in room.ui.detailBrowser.toPlainText()
    assert _last_audit(db).action == "clerk.login_failed"
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert room.reveal_dialog is None


def test_after_logout_the_window_says_to_log_in(make_room, filed, qtbot, monkeypatch):
    db, results = filed
    _log_in(db, monkeypatch)
    auth.logout(db)
    room = make_room()
    _open(room, qtbot, results["accepted1"].application_id)
    dialog = _open_dialog(room, qtbot)
    dialog.ui.reasonEdit.setText("核对经办人")
    dialog.ui.passwordEdit.setText(PASSWORD)
    with qtbot.waitSignal(dialog.refused, timeout=10_000) as refused:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert refused.args == ["当前没有登录的窗口人员：请先登录"]
    dialog.reject()


def test_choosing_another_application_masks_at_once(make_room, filed, qtbot, monkeypatch):
    db, results = filed
    _log_in(db, monkeypatch)
    room = make_room()
    first, second = results["accepted0"].application_id, results["accepted2"].application_id
    _open(room, qtbot, first)
    dialog = _open_dialog(room, qtbot)
    dialog.ui.reasonEdit.setText("核对经办人")
    dialog.ui.passwordEdit.setText(PASSWORD)
    with qtbot.waitSignal(room.agent_revealed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert FULL_ID in room.ui.detailBrowser.toPlainText()
    with qtbot.waitSignal(room.agent_masked) as masked:
        room.view.selectRow(_ids(room).index(second))  # masked before the next detail is even read
    assert masked.args == [first] and FULL_ID not in room.ui.detailBrowser.toPlainText()
    qtbot.waitUntil(lambda: room.current_id == second)
    assert FULL_ID not in room.ui.detailBrowser.toPlainText()
