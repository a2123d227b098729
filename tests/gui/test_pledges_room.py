"""待补正: the applications room's list of 容缺 materials owed (nearest deadline first), receiving
one there, the enterprise card's line and the status bar's count."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.pledge import DUE_SOON, urgency
from kuaixiang_core.domain.working_days import add_working_days
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import pledges
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.enterprise_card import EnterpriseCard
from kuaixiang_desktop.ui.models.pledges_model import PledgesModel, owed_rows
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.rooms.applications_room import ApplicationsRoom
from kuaixiang_desktop.ui.tasks import TaskRunner

ITEM = "lc-canji-chaobili-2024"  # 容缺受理: every required material may follow, 5 working days
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _due_soon_day(today: dt.date) -> dt.date:
    """A filing day whose 5-working-day deadline is within three working days of ``today``."""
    day = today
    while urgency(add_working_days(day, 5), today) != DUE_SOON:
        day -= dt.timedelta(days=1)
    return day


@pytest.fixture
def owed(counter_db):
    """Two applications accepted with materials owed: one overdue, one due soon."""
    db = counter_db
    today = clock.today()
    device = local_device(db)
    codes = [e.credit_code for e in reach(db, ITEM, today, limit=2).enterprises]
    filed = {}
    for name, code, day in (("overdue", codes[0], today - dt.timedelta(days=30)),
                            ("soon", codes[1], _due_soon_day(today))):
        filed[name] = apps.file_application(db, code, ITEM, AGENT, [apps.MaterialInput("营业执照复印件")],
                                            device_id=device.short_id, today=day)
        assert filed[name].status == "accepted" and filed[name].deferred_deadline
    return db, filed


@pytest.fixture
def room(qtbot, owed, tmp_path):
    db, _ = owed
    runner = TaskRunner()
    printer = DocumentPrinter(runner, lambda: PrintSettings(printer=f"pdf:{tmp_path / 'p.pdf'}", paper="a4",
                                                            preview=False))
    room = ApplicationsRoom(db, runner, printer)
    printer.setParent(room)
    qtbot.addWidget(room)
    room.resize(1366, 768)
    with qtbot.waitSignal(room.pledges.loaded, timeout=20000):
        room.refresh()
    yield room
    runner.shutdown()


def test_the_list_is_sorted_by_deadline_with_overdue_first(room, owed, qtmodeltester):
    _, filed = owed
    panel = room.pledges
    assert panel.isVisibleTo(room)
    model = panel.model
    qtmodeltester.check(model)
    ids = [model.data(model.index(r, 0), PledgesModel.IdRole) for r in range(model.rowCount())]
    first_soon = ids.index(filed["soon"].application_id)
    assert set(ids[:first_soon]) == {filed["overdue"].application_id}  # every overdue row first
    deadlines = [model.data(model.index(r, PledgesModel.DEADLINE)) for r in range(model.rowCount())]
    assert deadlines == sorted(deadlines)
    state = model.data(model.index(0, PledgesModel.STATE))
    assert state.startswith("已逾期") and model.data(model.index(0, PledgesModel.STATE),
                                                   Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert "已逾期 1 件" in panel.ui.summaryLabel.text() and "到期 1 件" in panel.ui.summaryLabel.text()


def test_selecting_a_row_shows_its_application(qtbot, room, owed):
    _, filed = owed
    panel = room.pledges
    row = panel.model.row_of((filed["soon"].application_id, panel.model.row(panel.model.rowCount() - 1).material))
    with qtbot.waitSignal(room.application_shown, timeout=20000) as shown:
        panel.ui.pledgesView.selectRow(row)
    assert shown.args[0] == filed["soon"].application_id


def test_receiving_every_owed_material_closes_the_pledge(qtbot, room, owed, tmp_path):
    db, filed = owed
    app_id = filed["soon"].application_id
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    panel = room.pledges
    while True:
        rows = [r for r in panel.model._rows if r.pledge.application_id == app_id]
        if not rows:
            break
        with qtbot.waitSignal(panel.loaded, timeout=20000):
            panel.receive(rows[0], scan)
    view = pledges.pledge_of(db, app_id)
    assert view.state == "closed" and view.owed == ()
    assert all(m.received for m in apps.show(db, app_id).materials if m.required)


def test_a_refused_receipt_says_why(qtbot, room, owed):
    db, filed = owed
    apps.transition(db, filed["soon"].application_id, "withdrawn", "企业放弃")
    panel = room.pledges
    row = next(r for r in panel.model._rows if r.pledge.application_id == filed["soon"].application_id)
    with qtbot.waitSignal(panel.message, timeout=20000) as said:
        panel.receive(row, None)
    assert said.args[0] == "error" and "撤回" in said.args[1]


def test_the_card_flags_what_the_enterprise_owes(qtbot, owed):
    db, filed = owed
    views = pledges.open_pledges(db)
    overdue = next(v for v in views if v.application_id == filed["overdue"].application_id)
    card = EnterpriseCard()
    qtbot.addWidget(card)

    class Detail:  # what show_pledges reads of the card's detail
        credit_code = overdue.credit_code

    card._detail = Detail()
    card.show_pledges(views)
    label = card.ui.pledgesLabel
    assert not label.isHidden() and overdue.deadline.isoformat() in label.text() and "已逾期" in label.text()
    assert label.property("alert") is True
    assert len(label.text().splitlines()) == 1  # only this enterprise's
    card.show_pledges(())
    assert label.isHidden()


def test_owed_rows_are_one_per_material(owed):
    db, _ = owed
    views = pledges.open_pledges(db)
    assert len(owed_rows(views)) == sum(len(v.owed) for v in views)


def test_status_bar_counts_due_and_overdue(qtbot, make_window, owed):
    db, _ = owed
    window = make_window(db=db)
    qtbot.waitUntil(lambda: window.due_button.isVisibleTo(window), timeout=20000)
    assert window.due_button.text() == "容缺待补：3 日内到期 1 件，逾期 1 件"
    assert window.due_button.property("alert") is True
    window.due_button.click()
    assert window.current_room() == "applications"
