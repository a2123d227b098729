"""Issue 14 at the counter: the settings show the server in use and saving the paper size
keeps it; the status bar's counts (待上传, 库中共有) follow what they count."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_desktop.services import applications, sync_service
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.sync_report import SyncReport
from kuaixiang_desktop.ui.app_settings import DEFAULT_SERVER
from kuaixiang_desktop.ui.main_window import MainWindow

from .test_workspace import PHONE, VALID_ID, _appliable

DEMO_SERVER = "http://127.0.0.1:50123"  # the demo's in-process server, on a port of its own


def _settings_dialog(qtbot, window: MainWindow):
    with qtbot.waitSignal(window.dialog_opened, timeout=5000) as opened:
        window.open_settings()
    return opened.args[0]


def _ok(dialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


# ---------------------------------------------------------------------------------------------
# the server in the settings
# ---------------------------------------------------------------------------------------------


def test_settings_show_the_server_in_use_and_saving_the_paper_keeps_it(qtbot, make_window):
    window = make_window()
    status = window.enable_sync(DEMO_SERVER, start=False)
    dialog = _settings_dialog(qtbot, window)
    assert dialog.ui.serverEdit.text() == DEMO_SERVER  # not the stored default 127.0.0.1:8765
    assert "正在连接" in dialog.ui.serverHint.text()
    dialog.ui.rollRadio.setChecked(True)
    with qtbot.waitSignal(dialog.settings_changed, timeout=2000):
        _ok(dialog)
    assert window.settings.paper == "80mm"
    assert status.server == DEMO_SERVER  # the counter still syncs where it did
    assert window.settings.server == DEFAULT_SERVER  # and nothing was written over the stored one
    assert window.statusBar().currentMessage() == "设置已保存"


def test_changing_the_server_is_explicit_and_says_when_it_applies(qtbot, make_window):
    window = make_window()
    status = window.enable_sync(DEMO_SERVER, start=False)
    dialog = _settings_dialog(qtbot, window)
    dialog.ui.serverEdit.setText("https://zwfw.liaocheng.gov.cn:8765")
    hint = dialog.ui.serverHint.text()
    assert "下次登录" in hint and DEMO_SERVER in hint
    with qtbot.waitSignal(dialog.settings_changed, timeout=2000):
        _ok(dialog)
    assert window.settings.server == "https://zwfw.liaocheng.gov.cn:8765"
    assert status.server == DEMO_SERVER  # the token belongs to that server until the next log-in
    message = window.statusBar().currentMessage()
    assert "https://zwfw.liaocheng.gov.cn:8765" in message and "下次登录" in message


# ---------------------------------------------------------------------------------------------
# the counts
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def counter(qtbot, counter_db):
    window = MainWindow(counter_db)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.enterprise_count is not None, timeout=10000)
    yield window
    window.shutdown()


def test_pending_counts_the_application_the_wizard_just_filed(qtbot, counter, counter_db, monkeypatch):
    status = counter.enable_sync(DEMO_SERVER, start=False)
    status.refresh_pending()
    qtbot.waitUntil(lambda: status.pending_label.text() == "待上传 0 条", timeout=5000)
    code, eligible = _appliable(counter_db, clock.today())
    with qtbot.waitSignal(counter.workspace.card_shown, timeout=20000):
        counter.open_enterprise(code)
    with qtbot.waitSignal(counter.wizard_opened, timeout=10000) as opened:
        counter.workspace.open_apply_wizard(eligible[0])
    wizard = opened.args[0]
    qtbot.waitUntil(lambda: wizard.model.rowCount() > 0, timeout=10000)
    wizard.next()
    ui = wizard.agent_page.ui
    ui.nameEdit.setText(wizard.context.legal_rep)  # in person: no 授权委托书 to wait for
    ui.idEdit.setText(VALID_ID)
    ui.phoneEdit.setText(PHONE)
    wizard.next()
    with qtbot.waitSignal(wizard.filed, timeout=20000):
        wizard.next()
    # No sync round ran: the count comes from the outbox itself.
    qtbot.waitUntil(lambda: status.pending_label.text() == "待上传 1 条", timeout=5000)
    wizard.reject()


def test_a_status_change_in_the_applications_room_is_counted(qtbot, counter, counter_db):
    status = counter.enable_sync(DEMO_SERVER, start=False)
    assert status.pending_label.text() == ""  # not counted yet
    code, eligible = _appliable(counter_db, clock.today())
    item = compiled_catalogue(counter_db).by_id[eligible[0]]
    filed = applications.file_application(
        counter_db, code, item.id, applications.Agent("李四", VALID_ID, PHONE),
        [applications.MaterialInput(m.name) for m in item.materials], device_id=local_device(counter_db).short_id)
    room = counter.room("applications")
    room.transitioned.emit(filed.application_id, "accepted")  # as the room says after a change went through
    qtbot.waitUntil(lambda: status.pending_label.text() == "待上传 1 条", timeout=5000)


def test_enterprises_pulled_by_sync_are_counted(qtbot, counter, counter_db, monkeypatch):
    before = counter.enterprise_count
    arrived = 2000

    def fake_round(database, server=None, **kwargs):
        # What a pull does to the count: enterprises appear in the database.
        assert threading.current_thread() is not threading.main_thread()
        _copy_enterprises(database, arrived)
        report = SyncReport(pending=0)
        report.pulled["enterprises"] = arrived
        return report

    monkeypatch.setattr(sync_service, "sync", fake_round)
    status = counter.enable_sync(DEMO_SERVER, start=False)
    with qtbot.waitSignal(counter.enterprise_count_changed, timeout=10000) as changed:
        status.sync_now()
    assert changed.args == [before + arrived]
    assert counter.count_label.text() == f"库中共有 {before + arrived:,} 家企业"


def _copy_enterprises(db, n: int) -> None:
    """``n`` more enterprises, copies of existing rows under new credit codes."""
    with db.engine.begin() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(enterprise)")) if r[1] != "id"]
        rest = [c for c in columns if c != "credit_code"]
        conn.execute(text(
            f"INSERT INTO enterprise (credit_code, {', '.join(rest)}) "
            f"SELECT 'ZZ' || printf('%016d', id), {', '.join(rest)} FROM enterprise ORDER BY id LIMIT :n"), {"n": n})


def test_the_room_on_screen_recounts_after_a_round_that_brought_applications(qtbot, counter, counter_db, monkeypatch):
    code, eligible = _appliable(counter_db, clock.today())
    item = compiled_catalogue(counter_db).by_id[eligible[0]]
    room = counter.show_room("applications")
    qtbot.waitUntil(lambda: room.ui.countLabel.text() != "", timeout=5000)
    before = room.ui.countLabel.text()

    def fake_round(database, server=None, **kwargs):
        # What the round brought, as far as the room can tell: one more application.
        applications.file_application(
            database, code, item.id, applications.Agent("李四", VALID_ID, PHONE),
            [applications.MaterialInput(m.name) for m in item.materials], device_id=local_device(database).short_id)
        report = SyncReport(pending=0)
        report.pulled["applications"] = 1
        return report

    monkeypatch.setattr(sync_service, "sync", fake_round)
    status = counter.enable_sync(DEMO_SERVER, start=False)
    with qtbot.waitSignal(room.list_loaded, timeout=10000):
        status.sync_now()
    assert room.ui.countLabel.text() != before


def test_coming_back_to_the_window_recounts(qtbot, make_window, monkeypatch):
    # A `kuaixiang import` in a terminal changes the database behind the window's back.
    import kuaixiang_desktop.ui.main_window as main_window

    monkeypatch.setattr(main_window, "ACTIVATION_RECOUNT_S", 0.0)
    counted = []

    def count(db):
        counted.append(db)
        return 12_345

    window = make_window(count_fn=count)
    counted.clear()
    with qtbot.waitSignal(window.enterprise_count_changed, timeout=5000):
        window.show()
        window.activateWindow()
    assert counted and window.count_label.text() == "库中共有 12,345 家企业"
