"""Log-in dialog, idle lock and the sync status, with the services replaced by fakes."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from kuaixiang_desktop.services import auth, sync_service
from kuaixiang_desktop.services.network_monitor import NetworkMonitor
from kuaixiang_desktop.services.sync_report import Failure, SyncReport
from kuaixiang_desktop.ui.idle_lock import IdleLockController
from kuaixiang_desktop.ui.login_dialog import LoginDialog
from kuaixiang_desktop.ui.sync_status import SyncStatus

from .app_driver import clerk_driving

SERVER = "http://127.0.0.1:8765"


def _session(mode: str = "online") -> auth.SessionInfo:
    return auth.SessionInfo(
        username="zhangsan", display_name="张三", hall_code="371502", hall_name="东昌府区政务服务中心",
        window="3", role="clerk", mode=mode, server=SERVER if mode == "online" else None,
        logged_in_at="2026-01-05T01:00:00Z", expires_at=None, has_token=mode == "online",
    )


# ---------------------------------------------------------------------------------------------
# the log-in dialog
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def login_dialog(qtbot, db):
    dialog = LoginDialog(db, SERVER)
    qtbot.addWidget(dialog)
    dialog.show()  # Enter reaches 登录 as the dialog's default button, which must be shown
    qtbot.waitExposed(dialog)
    return dialog


def _fill(qtbot, dialog: LoginDialog, password: str = "secret-1") -> None:
    dialog.username_edit.setText("zhangsan")
    qtbot.keyClicks(dialog.password_edit, password)


def test_login_dialog_fields(login_dialog):
    assert login_dialog.server_edit.text() == SERVER
    assert login_dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert login_dialog.login_button.text() == "登录"
    assert login_dialog.error() is None


def test_login_succeeds_on_a_worker_and_accepts(qtbot, login_dialog, monkeypatch, db):
    calls = []

    def fake_login(database, username, password, server=None, *, security=None):
        assert security is None  # the dialog was given none: the strict default
        calls.append((database, username, password, server, threading.current_thread() is threading.main_thread()))
        return _session()

    monkeypatch.setattr(auth, "login", fake_login)
    _fill(qtbot, login_dialog)
    with qtbot.waitSignal(login_dialog.accepted, timeout=5000):
        qtbot.mouseClick(login_dialog.login_button, Qt.MouseButton.LeftButton)
    assert calls == [(db, "zhangsan", "secret-1", SERVER, False)]
    assert login_dialog.session == _session()
    assert login_dialog.result() == LoginDialog.DialogCode.Accepted
    assert login_dialog.password_edit.text() == ""


def test_empty_fields_are_refused_without_a_worker(qtbot, login_dialog, monkeypatch):
    monkeypatch.setattr(auth, "login", lambda *a, **k: pytest.fail("must not log in"))
    login_dialog.submit()
    assert login_dialog.error() == "请填写用户名和密码"
    assert not login_dialog.busy()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (auth.WrongPassword("密码错误", remaining=2), "用户名或密码不正确，还可以再试 2 次"),
        # 02:30 UTC is 10:30 in Asia/Shanghai
        (auth.AccountLocked("已锁定", until=dt.datetime(2026, 1, 5, 2, 30)), "账号已锁定，请于 10:30 后再试"),
        # auth's message says it already: shown as it is, not prefixed again
        (auth.ServerUnreachable("无法连接中心服务器：连接被拒绝"), "无法连接中心服务器：连接被拒绝"),
        (
            auth.OfflineUnavailable("本机没有凭据"),
            "无法离线登录：本机没有该账号的离线凭据，请在联网时登录一次。（本机没有凭据）",
        ),
    ],
)
def test_login_errors_are_shown_inline(qtbot, login_dialog, monkeypatch, error, message):
    def fake_login(*args, **kwargs):
        raise error

    monkeypatch.setattr(auth, "login", fake_login)
    _fill(qtbot, login_dialog, "wrong")
    qtbot.keyClick(login_dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: login_dialog.error() is not None, timeout=5000)
    assert login_dialog.error() == message
    assert login_dialog.isEnabled() and login_dialog.login_button.isEnabled()
    assert login_dialog.password_edit.text() == ""
    assert login_dialog.session is None and login_dialog.result() == 0


def test_real_login_without_server_or_verifier_says_offline_unavailable(qtbot, login_dialog):
    # The real services: no server given, no verifier on this fresh database.
    login_dialog.server_edit.clear()
    _fill(qtbot, login_dialog)
    login_dialog.submit()
    qtbot.waitUntil(lambda: login_dialog.error() is not None, timeout=5000)
    assert login_dialog.error().startswith("无法离线登录")


# ---------------------------------------------------------------------------------------------
# the idle lock
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def locked_window(qtbot, db, monkeypatch):
    monkeypatch.setattr(auth, "current_session", lambda database: _session())
    window = QWidget()
    window.resize(400, 300)
    window.edit = QLineEdit(window)
    QVBoxLayout(window).addWidget(window.edit)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    controller = IdleLockController(window, timeout=0.05, db=db)
    yield window, controller
    controller.shutdown()


def _fake_verify(monkeypatch):
    seen = []

    def verify(database, password):
        seen.append(threading.current_thread() is threading.main_thread())
        if password != "right":
            raise auth.WrongPassword("密码错误", remaining=3)
        return _session()

    monkeypatch.setattr(auth, "verify_current", verify)
    return seen


def test_idle_lock_locks_after_the_timeout_and_unlocks_with_the_password(qtbot, locked_window, monkeypatch):
    window, controller = locked_window
    seen = _fake_verify(monkeypatch)
    assert controller.idle.timeout == 0.05
    with qtbot.waitSignal(controller.locked_changed, timeout=5000) as blocker:
        pass
    assert blocker.args == [True] and controller.locked
    assert controller.app_filter_installed
    assert controller.overlay.isVisible()
    assert controller.overlay.who_label.text() == "当前窗口人员：张三"
    assert controller.overlay.geometry() == window.rect()

    qtbot.keyClicks(controller.overlay.password_edit, "right")
    with qtbot.waitSignal(controller.locked_changed, timeout=5000) as blocker:
        qtbot.mouseClick(controller.overlay.unlock_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [False] and not controller.locked
    assert not controller.app_filter_installed
    assert not controller.overlay.isVisible()
    assert seen == [False]  # checked on a worker


def test_idle_lock_stays_locked_with_a_wrong_password(qtbot, locked_window, monkeypatch):
    window, controller = locked_window
    _fake_verify(monkeypatch)
    controller.lock()
    assert controller.overlay.isVisible()
    qtbot.keyClicks(controller.overlay.password_edit, "wrong")
    with qtbot.waitSignal(controller.unlock_failed, timeout=5000) as blocker:
        qtbot.keyClick(controller.overlay.password_edit, Qt.Key.Key_Return)
    assert blocker.args == ["密码不正确，还可以再试 3 次"]
    assert controller.locked and controller.overlay.isVisible()
    assert controller.overlay.error() == "密码不正确，还可以再试 3 次"
    assert controller.overlay.password_edit.text() == ""


def test_input_for_the_window_is_swallowed_while_locked(qtbot, locked_window):
    window, controller = locked_window
    controller.lock()
    assert controller.app_filter_installed
    qtbot.keyClicks(window.edit, "abc")
    assert window.edit.text() == ""


def test_activity_postpones_the_lock(qtbot, db):
    window = QWidget()
    window.edit = QLineEdit(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.edit.setFocus()  # only the focus widget's keys are seen (no application filter)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.edit)
    controller = IdleLockController(window, timeout=60, db=db)
    try:
        before = controller.idle.remaining()
        assert 59 < before <= 60
        assert not controller.locked
        controller.idle._last -= 30  # half the timeout went by
        qtbot.keyClick(window.edit, Qt.Key.Key_A)
        assert controller.idle.remaining() > 59
    finally:
        controller.shutdown()


def test_default_idle_timeout_comes_from_the_policy(qtbot, db):
    window = QWidget()
    qtbot.addWidget(window)
    controller = IdleLockController(window, auth.AuthPolicy(idle_timeout=dt.timedelta(minutes=3)), db=db)
    try:
        assert controller.idle.timeout == 180
    finally:
        controller.shutdown()


# ---------------------------------------------------------------------------------------------
# sync status
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def status(qtbot, db):
    widget = SyncStatus(db, SERVER, monitor=NetworkMonitor(interval=300, base=5, cap=300))
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def _fake_sync(monkeypatch, *reports: SyncReport):
    calls = []
    queue = list(reports)

    def fake(database, server=None, **kwargs):
        calls.append((server, threading.current_thread() is threading.main_thread()))
        return queue.pop(0) if len(queue) > 1 else queue[0]

    monkeypatch.setattr(sync_service, "sync", fake)
    return calls


def _stopped(reason: str, message: str, pending: int = 4) -> SyncReport:
    report = SyncReport(pending=pending)
    report.stop(reason, None, message)
    return report


def test_a_round_shows_online_counts_and_time(qtbot, status, monkeypatch):
    calls = _fake_sync(monkeypatch, SyncReport(pushed=3, pending=2))
    assert status.state_text() == "未同步"
    with qtbot.waitSignal(status.round_finished, timeout=5000) as blocker:
        assert status.sync_now()
        assert not status.sync_now()  # one round at a time
        assert status.state_text() == "正在同步…"
    assert blocker.args[0].pushed == 3
    assert calls == [(SERVER, False)]
    assert status.state_text() == "在线"
    assert status.pending_label.text() == "待上传 2 条"
    assert status.time_label.text().startswith("上次同步 ")
    assert status.error_label.isHidden()
    assert "待上传 2 条" in status.toolTip()


def test_a_network_stop_shows_offline_and_the_reason(qtbot, status, monkeypatch):
    _fake_sync(monkeypatch, _stopped("network", "连接被拒绝"))
    with qtbot.waitSignal(status.round_finished, timeout=5000):
        status.sync_now()
    assert status.state_text() == "离线"
    assert status.monitor.state == NetworkMonitor.OFFLINE
    assert status.pending_label.text() == "待上传 4 条"
    assert status.error_label.text() == "同步未完成（网络不通）：连接被拒绝"
    assert status.time_label.text() == ""  # never reached the server


def test_failures_in_a_complete_round_are_shown(qtbot, status, monkeypatch):
    report = SyncReport(pending=0, failures=[Failure("entry", "app-7", "材料缺失")])
    _fake_sync(monkeypatch, report)
    with qtbot.waitSignal(status.round_finished, timeout=5000):
        status.sync_now()
    assert status.state_text() == "在线"
    assert status.error_label.text() == "1 条记录未能处理：app-7：材料缺失"


def test_an_exception_in_the_round_is_shown(qtbot, status, monkeypatch):
    def broken(*args, **kwargs):
        raise sync_service.SyncNotConfigured("没有中心服务器地址")

    monkeypatch.setattr(sync_service, "sync", broken)
    with qtbot.waitSignal(status.round_finished, timeout=5000):
        status.sync_now()
    assert status.state_text() == "离线"
    assert status.error_label.text() == "同步未完成（配置错误）：没有中心服务器地址"


def test_an_auth_stop_asks_for_a_new_login_and_stops_scheduling(qtbot, status, monkeypatch):
    calls = _fake_sync(monkeypatch, _stopped("auth", "令牌已失效"), SyncReport(pending=0))
    status.start()
    with qtbot.waitSignal(status.round_finished, timeout=5000):
        pass  # the monitor says a round is due at once
    assert status.state_text() == "请重新登录"
    assert status.relogin_button.isVisibleTo(status)
    assert not status.scheduling() and not status._timer.isActive()
    assert not status.sync_now()  # F5 does nothing until a new log-in
    assert len(calls) == 1

    with qtbot.waitSignal(status.relogin_requested, timeout=1000):
        qtbot.mouseClick(status.relogin_button, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(status.round_finished, timeout=5000):
        status.resume()
    assert len(calls) == 2
    assert status.state_text() == "在线" and status.error_label.isHidden()
    assert status.scheduling() and status._timer.isActive()  # the next round in `interval`
    assert status._timer.interval() == 60_000  # capped: the monitor is re-read at least each minute


def test_scheduled_rounds_follow_the_monitor(qtbot, status, monkeypatch):
    calls = _fake_sync(monkeypatch, SyncReport(pending=1))
    status.start()
    with qtbot.waitSignal(status.round_finished, timeout=5000):
        pass
    assert len(calls) == 1
    # online: the next round is `interval` (300 s) away; nothing runs before that
    assert status._timer.isActive() and status.monitor.next_attempt_in() > 290
    status.monitor.trigger()  # e.g. the OS says the link came back
    status._arm()
    with qtbot.waitSignal(status.round_finished, timeout=5000):
        pass
    assert len(calls) == 2


def test_f5_in_the_main_window_syncs(qtbot, make_window, monkeypatch):
    window = make_window(show=True)
    window.activateWindow()
    qtbot.waitActive(window)
    calls = _fake_sync(monkeypatch, SyncReport(pending=5))
    status = window.enable_sync(SERVER, start=False)
    assert window.statusBar().isAncestorOf(status)
    window.workspace.results_view.setFocus()
    qtbot.waitUntil(window.workspace.results_view.hasFocus)
    with qtbot.waitSignal(status.round_finished, timeout=5000):
        qtbot.keyClick(window.workspace.results_view, Qt.Key.Key_F5)
    assert calls == [(SERVER, False)]
    assert status.pending_label.text() == "待上传 5 条"


# ---------------------------------------------------------------------------------------------
# start-up (app.py)
# ---------------------------------------------------------------------------------------------


def test_app_without_demo_asks_for_login_and_exits_when_cancelled(qtbot, monkeypatch):
    from kuaixiang_desktop import app as app_module

    shown = []

    def fake_exec(dialog):
        shown.append(dialog.server_edit.text())
        return LoginDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    assert app_module.main(["--server", "http://hall.example:9000"]) == 0
    assert shown == ["http://hall.example:9000"]


def test_app_after_login_syncs_and_arms_the_idle_lock(qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from kuaixiang_desktop import app as app_module
    from kuaixiang_desktop.ui.main_window import MainWindow

    def fake_exec(dialog):
        assert dialog.server_edit.text() == app_module.DEFAULT_SERVER
        dialog.session = _session()
        return LoginDialog.DialogCode.Accepted

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    calls = _fake_sync(monkeypatch, SyncReport(pending=0))
    seen: dict = {}

    def drive() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].sync_status is not None and windows[0].sync_status.last_report is not None:
            seen["state"] = windows[0].sync_status.state_text()
            seen["lock"] = windows[0].idle_lock is not None and not windows[0].idle_lock.locked
            windows[0].close()

    with clerk_driving(drive) as gave_up:
        rc = app_module.main(["--lang", "zh"])
    assert rc == 0 and not gave_up
    assert seen == {"state": "在线", "lock": True}
    assert calls == [(SERVER, False)]
