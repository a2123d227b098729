"""The statistics room's 好差评 panel: figures per window and clerk (a model qtmodeltester
accepts), the 差评 follow-ups with their deadlines, closed only by a supervisor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kuaixiang_core.domain import clock, ratings
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import ratings as rating_service
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.models import Clerk
from kuaixiang_desktop.ui.rooms.statistics_room import StatisticsRoom
from kuaixiang_desktop.ui.tasks import TaskRunner

ITEM = "lc-canji-chaobili-2024"
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")


@pytest.fixture
def rated(counter_db, monkeypatch):
    db = counter_db
    with db.sessions.begin() as session:
        session.add(Clerk(username="boss", display_name="负责人", hall_code="371502-01", window=None, role="supervisor"))
    monkeypatch.setenv("KUAIXIANG_CLERK", "demo")
    device = local_device(db)
    codes = [e.credit_code for e in reach(db, ITEM, None, limit=2).enterprises]
    numbers = [apps.file_application(db, c, ITEM, AGENT, [apps.MaterialInput("营业执照复印件")],
                                     device_id=device.short_id).receipt_no for c in codes]
    rating_service.rate(db, numbers[0], ratings.SATISFIED)
    bad = rating_service.rate(db, numbers[1], ratings.DISSATISFIED, ["attitude"])
    return db, bad


@pytest.fixture
def room(qtbot, rated):
    db, _ = rated
    runner = TaskRunner()
    room = StatisticsRoom(db, runner)
    qtbot.addWidget(room)
    room.set_period("month")
    yield room
    runner.shutdown()


def test_figures_per_window_and_clerk_and_the_open_followup(qtbot, qtmodeltester, room, rated):
    _db, bad = rated
    with qtbot.waitSignal(room.ratings_panel.loaded):
        room.refresh()
    panel = room.ratings_panel
    qtmodeltester.check(panel.figures_model)
    qtmodeltester.check(panel.followups_model)
    fig = panel.figures_model
    assert fig.rowCount() == 2  # window 01 · demo, then the hall
    cells = [fig.data(fig.index(0, c)) for c in range(fig.columnCount())]
    assert cells[0] == "01 号窗口 · demo" and cells[1] == "2" and cells[3] == "1" and cells[5] == "1"
    assert cells[7] == "50.0%" and cells[8] == "1" and cells[9] == "0"
    f = panel.followups_model
    assert f.rowCount() == 1 and f.data(f.index(0, 0)) == bad.banjian_no
    assert f.data(f.index(0, 4)) == ratings.followup_deadline(clock.today()).isoformat()
    assert f.data(f.index(0, 5)) == "待整改"
    # demo is a clerk: the close stays disabled, whatever is typed.
    panel.followups_view.setCurrentIndex(f.index(0, 0))
    panel.action_edit.setText("回访")
    assert not panel.close_button.isEnabled()


def test_the_supervisor_closes_a_followup(qtbot, room, rated, monkeypatch):
    _db, bad = rated
    monkeypatch.setenv("KUAIXIANG_CLERK", "boss")
    panel = room.ratings_panel
    with qtbot.waitSignal(panel.loaded):
        room.refresh()
    assert panel.supervisor
    panel.followups_view.setCurrentIndex(panel.followups_model.index(0, 0))
    assert not panel.close_button.isEnabled()  # nothing said yet about what was done
    panel.action_edit.setText("已回访企业并道歉，开展窗口服务规范培训")
    assert panel.close_button.isEnabled()
    with qtbot.waitSignal(panel.closed) as closed, qtbot.waitSignal(panel.loaded):
        qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert closed.args[0].id == bad.id and closed.args[0].followup_closed_by == "boss"
    f = panel.followups_model
    assert f.data(f.index(0, 5)).startswith("已办结（boss）")
    assert panel.figures_model.data(panel.figures_model.index(0, 8)) == "0"
