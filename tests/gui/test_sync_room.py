"""The sync room: state, outbox list with reasons, history of rounds, and a real round that
fails to connect."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from PySide6.QtCore import Qt

from kuaixiang_desktop.services import sync_service
from kuaixiang_desktop.services.outbox import load_outbox
from kuaixiang_desktop.services.sync_report import Failure, SyncReport
from kuaixiang_desktop.store.models import OutboxEntry, SyncCursor
from kuaixiang_desktop.sync.client import NO_RETRY, SyncClient
from kuaixiang_desktop.ui.models.sync_models import HistoryEntry, OutboxModel, SyncHistoryModel
from kuaixiang_desktop.ui.qtcompat import emit
from kuaixiang_desktop.ui.rooms.sync_room import SyncHistory, SyncRoom
from kuaixiang_desktop.ui.sync_status import SyncStatus
from kuaixiang_desktop.ui.tasks import TaskRunner

GHOST = "6f1c2d3e-0000-4000-8000-000000000001"  # an application this database does not have


def _closed_port_server() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there: connection refused


@pytest.fixture
def outbox_db(db):
    """Two entries waiting (one whose application is missing, one plain) and one the
    server rejected."""
    with db.sessions.begin() as session:
        session.add_all([
            OutboxEntry(key="k-ghost", kind="application.accepted", entity_id=GHOST, payload_json="{}",
                        created_at=dt.datetime(2026, 6, 1, 1, 30)),
            OutboxEntry(key="k-note", kind="audit.note", entity_id="n-1", payload_json="{}",
                        created_at=dt.datetime(2026, 6, 1, 16, 5)),
            OutboxEntry(key="k-rejected", kind="application.withdrawn", entity_id="a-2", payload_json="{}",
                        state="rejected", attempts=1, last_error="撤回理由不能为空",
                        created_at=dt.datetime(2026, 5, 31, 2, 0)),
            OutboxEntry(key="k-sent", kind="application.draft", entity_id="a-3", payload_json="{}", state="sent"),
        ])
        session.add(SyncCursor(stream="facts", cursor="c1", updated_at=dt.datetime(2026, 6, 1, 0, 0)))
    return db


@pytest.fixture
def runner():
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def make_status(qtbot, monkeypatch):
    made = []

    def make(db, server: str) -> SyncStatus:
        real = sync_service.sync

        def sync_once(database, target):  # one try, no back-off: the test does not wait minutes
            return real(database, target, client=SyncClient(target, "token", retry=NO_RETRY, timeout=5))

        monkeypatch.setattr(sync_service, "sync", sync_once)
        status = SyncStatus(db, server)
        qtbot.addWidget(status)
        made.append(status)
        return status

    yield make
    for status in made:
        status.shutdown()


def _room(qtbot, db, runner, status) -> SyncRoom:
    room = SyncRoom(db, runner, status)
    qtbot.addWidget(room)
    room.resize(1200, 700)
    return room


def test_models_pass_the_model_tester(qtmodeltester, outbox_db):
    rows = load_outbox(outbox_db).rows
    model = OutboxModel()
    qtmodeltester.check(model)
    report = SyncReport(stopped="network", message="网络或中心服务器暂时不可用")
    report.failures.append(Failure("entry", "k-ghost", f"本地没有申请 {GHOST}"))
    model.set_entries(rows, report)
    qtmodeltester.check(model)
    model.set_report(None)
    qtmodeltester.check(model)
    history = SyncHistoryModel()
    qtmodeltester.check(history)
    done = SyncReport()
    done.pulled["enterprises"] = 120
    history.set_entries([HistoryEntry(dt.datetime(2026, 6, 1, 1, 0, tzinfo=dt.UTC), done),
                         HistoryEntry(dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC), report)])
    qtmodeltester.check(history)
    assert history.data(history.index(0, SyncHistoryModel.RESULT)) == "未完成（网络不通）"
    assert history.data(history.index(1, SyncHistoryModel.RESULT)) == "完成"
    assert history.data(history.index(1, 5)) == "120"  # 下载企业
    assert history.headerData(5, Qt.Orientation.Horizontal) == "下载企业"


def test_outbox_rows_trouble_first_with_reasons(qtmodeltester, outbox_db):
    outbox = load_outbox(outbox_db)
    assert outbox.pending == 2 and outbox.trouble == 1
    assert [r.key for r in outbox.rows] == ["k-rejected", "k-ghost", "k-note"]
    assert outbox.last_pull == dt.datetime(2026, 6, 1, 0, 0)
    model = OutboxModel()
    report = SyncReport(stopped="network", message="无法连接中心服务器")
    report.failures.append(Failure("entry", "k-ghost", f"本地没有申请 {GHOST}"))
    model.set_entries(outbox.rows, report)
    texts = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(3)]
    assert texts[0] == ["撤回", "a-2", "平台拒收", "2026-05-31 10:00", "1", "撤回理由不能为空"]
    assert texts[1] == ["受理", GHOST, "待上传", "2026-06-01 09:30", "0", f"本地没有申请 {GHOST}"]
    assert texts[2] == ["audit.note", "n-1", "待上传", "2026-06-02 00:05", "0", "同步未完成（网络不通）：无法连接中心服务器"]
    model.set_report(None)
    assert model.data(model.index(2, OutboxModel.REASON)) == "—" and model.reason(2) == ""


def test_without_a_sync_status_the_room_says_so(qtbot, outbox_db, runner):
    room = _room(qtbot, outbox_db, runner, None)
    with qtbot.waitSignal(room.outbox_loaded, timeout=10000) as blocker:
        room.refresh()
    assert blocker.args == [3]
    assert room.ui.noSyncLabel.isVisibleTo(room) and "没有连接中心服务器" in room.ui.noSyncLabel.text()
    assert not room.ui.syncButton.isEnabled()
    assert room.ui.stateValue.text() == "不同步"
    assert room.ui.pendingValue.text() == "2 条；另有 1 条需处理（冲突、被拒或上传失败）"
    assert room.ui.lastSyncValue.text() == "2026-06-01 08:00:00（上次下载更新的时间）"
    assert room.sync_now() is False and "请先联网登录" in room.message()


def test_an_empty_outbox_says_everything_is_uploaded(qtbot, db, runner):
    room = _room(qtbot, db, runner, None)
    with qtbot.waitSignal(room.outbox_loaded, timeout=10000):
        room.refresh()
    assert room.outbox_model.rowCount() == 0
    assert "没有待上传的记录" in room.ui.outboxNote.text()
    assert room.ui.lastSyncValue.text() == "本机尚未同步过"


def test_a_round_that_cannot_connect_shows_its_reason(qtbot, outbox_db, runner, make_status):
    server = _closed_port_server()
    status = make_status(outbox_db, server)
    room = _room(qtbot, outbox_db, runner, status)
    room.show()
    qtbot.waitExposed(room)
    with qtbot.waitSignal(room.outbox_loaded, timeout=10000):
        room.refresh()
    assert room.ui.serverValue.text() == server and room.ui.syncButton.isEnabled()
    assert room.ui.errorValue.text() == "无"

    with qtbot.waitSignal(status.round_finished, timeout=30000) as finished:
        with qtbot.waitSignal(status.round_started, timeout=5000):
            room.ui.syncButton.click()
        assert not room.ui.syncButton.isEnabled() and room.ui.stateValue.text() == "正在同步…"
        assert room.sync_now() is False and room.message() == "正在同步，请稍候。"
    report = finished.args[0]
    assert report.stopped == "network" and "无法连接中心服务器" in report.message
    qtbot.waitUntil(lambda: room.outbox_model.reason(2).startswith("同步未完成"), timeout=10000)

    assert room.ui.stateValue.text() == "离线"
    assert "同步未完成（网络不通）" in room.ui.errorValue.text()
    assert "无法连接中心服务器" in room.ui.errorValue.text()
    assert room.ui.syncButton.isEnabled()
    # Each waiting entry says why it is still waiting.
    model = room.outbox_model
    assert model.entry(1).key == "k-ghost" and model.reason(1) == f"本地没有申请 {GHOST}"
    assert model.entry(2).key == "k-note"
    assert "网络不通" in model.reason(2) and "无法连接中心服务器" in model.reason(2)
    assert model.reason(0) == "撤回理由不能为空"
    # The round is in the history, with its reason.
    history = room.history_model
    assert history.rowCount() == 1
    assert history.data(history.index(0, SyncHistoryModel.RESULT)) == "未完成（网络不通）"
    note = history.data(history.index(0, SyncHistoryModel.NOTE))
    assert "无法连接中心服务器" in note and "1 条记录未能处理：k-ghost" in note
    assert room.ui.lastSyncValue.text().endswith("（上次下载更新的时间）")  # no round succeeded


def test_history_lives_on_the_status_and_a_late_room_sees_it(qtbot, db, runner, make_status):
    status = make_status(db, _closed_port_server())
    history = SyncHistory.of(status)
    assert SyncHistory.of(status) is history
    ok = SyncReport(finished_at="2026-06-01T02:03:04Z")
    emit(status.round_finished, ok)
    assert history.last_success() == dt.datetime(2026, 6, 1, 10, 3, 4, tzinfo=history.last_success().tzinfo)
    room = _room(qtbot, db, runner, status)
    assert room.history is history and room.history_model.rowCount() == 1
    assert room.ui.lastSyncValue.text() == "2026-06-01 10:03:04"
    for n in range(60):
        emit(status.round_finished, SyncReport(stopped="network", message=f"第 {n} 次"))
    assert room.history_model.rowCount() == 50  # the most recent rounds only
    assert room.history_model.entry(0).report.message == "第 59 次"
    assert room.ui.lastSyncValue.text() == "2026-06-01 10:03:04"  # remembered beyond the list
    qtbot.waitUntil(lambda: not runner.busy(), timeout=10000)


def test_a_status_given_later_and_a_relogin_needed(qtbot, db, runner, make_status):
    room = _room(qtbot, db, runner, None)
    status = make_status(db, _closed_port_server())
    room.set_sync_status(status)
    assert not room.ui.noSyncLabel.isVisibleTo(room) and room.ui.syncButton.isEnabled()
    status.auth_required = True
    assert room.sync_now() is False and "重新登录" in room.message()
    room.set_sync_status(None)
    assert room.ui.noSyncLabel.isVisibleTo(room)
