"""Issue 14 at the log-in dialog, as a clerk at a real keyboard meets it: Enter in any field
logs in (online and, with the server down, offline), Esc asks before quitting, a refusal is
said once, and the whole server address is visible."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kuaixiang_desktop.services import auth
from kuaixiang_desktop.store.models import Clerk, Hall
from kuaixiang_desktop.ui.login_dialog import LoginDialog

FAST = auth.AuthPolicy(scrypt_n=2**10)
PASSWORD = "counter-secret-1"  # typed key by key: QTest only knows ASCII keys
DOWN = "http://127.0.0.1:9"  # nothing listens on the discard port: refused at once
LONG_SERVER = "https://zwfw-center.liaocheng.example.gov.cn:18765"


def _session(mode: str) -> auth.SessionInfo:
    return auth.SessionInfo(
        username="zhangsan", display_name="张三", hall_code="371502", hall_name="东昌府区政务服务中心",
        window="3", role="clerk", mode=mode, server=DOWN if mode == "online" else None,
        logged_in_at="2026-01-05T01:00:00Z", expires_at=None, has_token=mode == "online",
    )


def _shown(qtbot, dialog: LoginDialog) -> LoginDialog:
    """Shown and active like the real start-up dialog: only then does disabling the focused
    field move the focus on (to 取消), which is how Enter used to quit."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    return dialog


def _type(qtbot, dialog: LoginDialog, password: str = PASSWORD) -> None:
    qtbot.keyClicks(dialog.username_edit, "zhangsan")
    qtbot.keyClicks(dialog.password_edit, password)


def _with_offline_clerk(db) -> None:
    with db.sessions.begin() as session:
        hall = session.scalars(select(Hall).limit(1)).one()  # the shipped reference halls
        session.add(Clerk(username="zhangsan", display_name="张三", hall_code=hall.code, window="3",
                          offline_verifier=auth.make_verifier(PASSWORD, FAST)))


@pytest.mark.parametrize("field", ["username_edit", "password_edit", "server_edit"])
def test_enter_in_any_field_logs_in_online(qtbot, db, monkeypatch, field):
    calls = []

    def fake_login(database, username, password, server=None, *, security=None):
        calls.append((username, password, server))
        return _session("online")

    monkeypatch.setattr(auth, "login", fake_login)
    dialog = _shown(qtbot, LoginDialog(db, DOWN, quit_on_cancel=True))
    _type(qtbot, dialog)
    getattr(dialog, field).setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(getattr(dialog, field), Qt.Key.Key_Return)
    assert calls == [("zhangsan", PASSWORD, DOWN)]  # once, not once per Enter handler
    assert dialog.session == _session("online") and dialog.quit_question is None


def test_enter_logs_in_offline_when_the_server_is_down(qtbot, db, monkeypatch):
    # The real services: the server refuses the connection, this device's verifier answers.
    monkeypatch.setattr(auth, "DEFAULT_POLICY", FAST)
    _with_offline_clerk(db)
    dialog = _shown(qtbot, LoginDialog(db, DOWN, quit_on_cancel=True))
    _type(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert dialog.session is not None and dialog.session.mode == "offline"
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_enter_with_the_password_missing_says_so_and_goes_there(qtbot, db, monkeypatch):
    monkeypatch.setattr(auth, "login", lambda *a, **k: pytest.fail("must not log in"))
    dialog = _shown(qtbot, LoginDialog(db, DOWN, quit_on_cancel=True))
    qtbot.keyClicks(dialog.username_edit, "zhangsan")
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Return)
    assert dialog.error() == "请填写密码"
    assert dialog.isVisible() and dialog.password_edit.hasFocus()
    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error() == "请填写用户名" and dialog.username_edit.hasFocus()


def test_the_server_down_is_said_once(qtbot, db):
    # The real transport and services, no verifier on this device: the online error is shown.
    dialog = _shown(qtbot, LoginDialog(db, DOWN, quit_on_cancel=True))
    _type(qtbot, dialog)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error() is not None, timeout=15000)
    error = dialog.error()
    assert error.startswith("无法连接中心服务器："), error
    assert error.count("无法连接中心服务器") == 1, error
    assert dialog.isVisible() and dialog.result() == 0


def test_esc_asks_before_quitting_and_can_go_back(qtbot, db):
    dialog = _shown(qtbot, LoginDialog(db, DOWN, quit_on_cancel=True))
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Escape)
    box = dialog.quit_question
    assert box is not None and box.isVisible() and "退出" in box.text()
    assert dialog.isVisible()
    with qtbot.waitSignal(box.finished, timeout=2000):
        box.escapeButton().click()  # 返回登录
    assert dialog.isVisible() and dialog.quit_question is None
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
    box = dialog.quit_question
    quit_button = next(b for b in box.buttons() if b.text() == "退出")
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        quit_button.click()
    assert not dialog.isVisible() and dialog.session is None


def test_a_relogin_dialog_closes_on_esc_without_asking(qtbot, db):
    dialog = _shown(qtbot, LoginDialog(db, DOWN))  # the window stays: nothing to quit
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
    assert dialog.quit_question is None


@pytest.mark.parametrize("server", [DOWN, LONG_SERVER])
def test_the_whole_server_address_is_visible(qtbot, db, server):
    dialog = _shown(qtbot, LoginDialog(db, server, quit_on_cancel=True))
    edit = dialog.server_edit
    inner = edit.contentsRect().width() - 2 * edit.textMargins().left() - 4  # the frame's own margin
    assert edit.fontMetrics().horizontalAdvance(server) <= inner, (edit.width(), server)
    assert edit.cursorPosition() == 0  # not scrolled to the end ("p://127.0.0.1:9")
    assert dialog.width() >= edit.width()
