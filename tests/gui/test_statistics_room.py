"""The statistics room: KPI tiles and charts per period, coverage with progress, failures."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import select

from kuaixiang_desktop.demo.loader import load_demo_catalogue
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import statistics as stats
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.models import Application, ApplicationStatus
from kuaixiang_desktop.ui.rooms.statistics_room import StatisticsRoom, distinct_labels, percent_text
from kuaixiang_desktop.ui.tasks import TaskRunner

DAY = dt.date(2026, 6, 1)
AGENT = apps.Agent("张三", "11010519491231002x", "13812345678")


def _file(db, code: str, item_id: str, at: dt.datetime, *, complete: bool = True) -> str:
    item = compiled_catalogue(db).by_id[item_id]
    names = [m.name for m in item.materials if m.required]
    materials = [apps.MaterialInput(n) for n in names[: None if complete else 1]]
    result = apps.file_application(db, code, item_id, AGENT, materials, device_id=local_device(db).short_id,
                                   today=DAY, accept_deferred=False)
    with db.sessions.begin() as session:
        session.get(Application, result.application_id).created_at = at
        history = select(ApplicationStatus).where(ApplicationStatus.application_id == result.application_id)
        for row in session.scalars(history):
            row.at = at
    return result.application_id


@pytest.fixture
def filed_db(writable_demo_db, monkeypatch):
    """Today (1 June, Beijing time): one accepted 家政 application (20,000.00 元) and one draft;
    on 15 June another accepted one."""
    db = writable_demo_db
    monkeypatch.setenv("KUAIXIANG_CLERK", "demo")
    load_demo_catalogue(db)
    stats.clear_coverage_cache()
    codes = [e.credit_code for e in reach(db, "dcf-jiazheng-2024", DAY, limit=3).enterprises]
    _file(db, codes[0], "dcf-jiazheng-2024", dt.datetime(2026, 5, 31, 16, 30))  # 00:30 on 1 June
    _file(db, codes[1], "dcf-jiazheng-2024", dt.datetime(2026, 6, 1, 2, 0), complete=False)
    _file(db, codes[2], "dcf-jiazheng-2024", dt.datetime(2026, 6, 15, 2, 0))
    yield db
    stats.clear_coverage_cache()


@pytest.fixture
def make_room(qtbot):
    runners = []

    def make(db, **kwargs) -> StatisticsRoom:
        runner = TaskRunner()
        runners.append(runner)
        room = StatisticsRoom(db, runner, as_of_fn=lambda: DAY, **kwargs)
        qtbot.addWidget(room)
        room.resize(1240, 760)
        return room

    yield make
    for runner in runners:
        runner.shutdown()


def test_tiles_and_charts_per_period(qtbot, make_room, filed_db):
    room = make_room(filed_db)
    room.show()
    room.activateWindow()
    qtbot.waitActive(room)
    with qtbot.waitSignal(room.loaded, timeout=20000):
        room.refresh()
    assert room.period() == "today"
    ui = room.ui
    assert ui.acceptedValue.text() == "1 件" and ui.draftValue.text() == "1 件"
    assert ui.benefitValue.text() == "20,000.00 元"
    assert "2026-06-01（北京时间）" in ui.stampLabel.text()
    assert [b.label for b in room.item_chart.bars()] == ["员工制家政企业奖补"]
    assert [(b.label, b.value) for b in room.status_chart.bars()] == [("草稿", 1), ("已受理", 1)]
    assert [(b.label, b.value) for b in room.department_chart.bars()] == [("东昌府区人力资源和社会保障局", 2)]
    assert ui.acceptedTile.accessibleName() == "受理：1 件"

    # Alt+D / Alt+M are the buttons' mnemonics; arrow keys move between them too.
    assert QKeySequence.mnemonic(ui.monthRadio.text()) == QKeySequence("Alt+M")
    assert QKeySequence.mnemonic(ui.todayRadio.text()) == QKeySequence("Alt+D")
    assert room.focusProxy() is ui.todayRadio
    ui.todayRadio.setFocus()
    qtbot.keyClick(ui.todayRadio, Qt.Key.Key_Right)
    assert room.period() == "month"
    assert ui.acceptedValue.text() == "2 件" and ui.benefitValue.text() == "40,000.00 元"
    assert "2026-06-01 至 2026-06-30" in ui.stampLabel.text()
    assert room.item_chart.bars()[0].value == 3
    qtbot.keyClick(ui.monthRadio, Qt.Key.Key_Left)
    assert room.period() == "today" and ui.acceptedValue.text() == "1 件"
    qtbot.waitUntil(lambda: not room.coverage_running(), timeout=20000)


def test_coverage_shows_progress_then_the_chart(qtbot, make_room, filed_db):
    room = make_room(filed_db)
    steps = []
    room._progress.advanced.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(room.coverage_loaded, timeout=30000) as blocker:
        room.refresh()
        assert room.coverage_running() and room.ui.coverageProgress.isVisibleTo(room)
    coverage = blocker.args[0]
    assert steps and steps[-1] == (8, 8)  # 7 items in force, then the distinct count
    assert not room.ui.coverageProgress.isVisibleTo(room)
    bars = room.coverage_chart.bars()
    assert len(bars) == 7 and bars[0].label == "小微企业“六税两费”减半征收"
    assert bars[0].value == reach(filed_db, "lc-liushui-lianfei-2023", DAY).total
    share = percent_text(coverage.reached, coverage.enterprises)
    assert f"{coverage.reached:,} 家（{share}）" in room.ui.coverageLabel.text()
    assert "3,000 家企业" in room.ui.coverageLabel.text()
    # The note counts the items nobody in the local database qualifies for, when there are any.
    nobody = sum(1 for row in coverage.items if row.count == 0)
    assert (f"{nobody} 个事项在本地企业库中没有符合条件的企业" in room.ui.coverageNote.text()) == bool(nobody)
    assert room.ui.coverageNote.isVisibleTo(room) == bool(nobody)

    # Refreshing again uses the cache: no progress step is reported.
    steps.clear()
    with qtbot.waitSignal(room.coverage_loaded, timeout=10000) as again:
        room.refresh()
    assert again.args[0].cached is True and steps == []
    qtbot.waitUntil(lambda: room.statistics() is not None, timeout=10000)


def test_shutdown_interrupts_the_coverage(qtbot, make_room, db, monkeypatch):
    started = []

    def slow(database, as_of, progress, cancelled):
        started.append(as_of)
        progress(1, 5)
        room._cancel.wait(10)
        if cancelled():
            raise stats.CoverageCancelled()
        pytest.fail("not interrupted")

    monkeypatch.setattr(stats, "auto_coverage", slow)
    room = make_room(db)
    room.refresh()
    room.refresh()  # the scan for that day is under way: not started twice
    qtbot.waitUntil(lambda: room.ui.coverageProgress.maximum() == 5, timeout=10000)
    room.shutdown()
    qtbot.waitUntil(lambda: not room.coverage_running(), timeout=10000)
    assert started == [DAY]
    assert "已停止" in room.ui.coverageLabel.text()
    assert room.coverage() is None


def test_an_empty_database_shows_no_data(qtbot, make_room, db):
    room = make_room(db)
    with qtbot.waitSignal(room.coverage_loaded, timeout=10000):
        room.refresh()
    qtbot.waitUntil(lambda: room.statistics() is not None, timeout=10000)
    assert room.ui.acceptedValue.text() == "0 件" and room.ui.benefitValue.text() == "0.00 元"
    for chart in (room.item_chart, room.status_chart, room.department_chart, room.coverage_chart):
        assert chart.is_empty() and chart.accessibleDescription() == "暂无数据"
    assert "0 家企业" in room.ui.coverageLabel.text()


@pytest.mark.allow_log_warnings
def test_failures_are_shown_in_the_room(qtbot, make_room, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("数据库已损坏")

    monkeypatch.setattr(stats, "statistics", broken)
    monkeypatch.setattr(stats, "auto_coverage", broken)
    room = make_room(db)
    with qtbot.waitSignal(room.coverage_failed, timeout=10000):
        room.refresh()
    qtbot.waitUntil(lambda: room.message() is not None, timeout=10000)
    assert "统计时出错：数据库已损坏" in room.message()
    assert room.ui.stampLabel.text() == "统计未完成"
    assert "计算免申即享覆盖时出错：数据库已损坏" in room.ui.coverageLabel.text()


def test_repeated_titles_are_told_apart():
    rows = [
        stats.ItemCount("a", "小型微利企业所得税优惠", "东阿县税务局", 1),
        stats.ItemCount("b", "小型微利企业所得税优惠", "莘县税务局", 1),
        stats.ItemCount("c", "一次性扩岗补助", "市人社局", 1),
        stats.ItemCount("d", "一次性扩岗补助", "市人社局", 1),
        stats.ItemCount("e", None, None, 1),
    ]
    assert distinct_labels(rows) == [
        "小型微利企业所得税优惠（东阿县税务局）", "小型微利企业所得税优惠（莘县税务局）",
        "一次性扩岗补助（市人社局）（c）", "一次性扩岗补助（市人社局）（d）", "e"]


def test_percent_text_rounds_half_up_in_integers():
    assert percent_text(2952, 3000) == "98.4%"
    assert percent_text(1, 3) == "33.3%" and percent_text(2, 3) == "66.7%"
    assert percent_text(0, 0) == "—" and percent_text(5, 5) == "100.0%"
    assert percent_text(49_999, 50_000) == "99.9%" and percent_text(1, 50_000) == "<0.1%"
    assert percent_text(0, 50_000) == "0.0%"


def test_non_cash_estimates_are_shown_apart_from_the_cash(qtbot, make_room, db, monkeypatch):
    rows = [  # accepted, one per kind; the deduction and the place are not money to be paid
        type("Row", (), {"item_id": i, "item_version": 1, "status": "accepted", "benefit_amount_fen": fen,
                         "accepted_at": dt.datetime(2026, 6, 1, 2), "counted_at": dt.datetime(2026, 6, 1, 2)})()
        for i, fen in (("cash", 2_000_000), ("deduct", 80_000_000), ("space", 1_200_000))
    ]
    kinds = {"deduct": "deduction", "space": "in_kind"}
    figures = stats._period(rows, {}, "today", DAY, DAY + dt.timedelta(days=1), kinds)
    assert figures.benefit_fen == 2_000_000
    assert figures.benefit_other_fen == (("deduction", 80_000_000), ("in_kind", 1_200_000))
    monkeypatch.setattr(stats, "statistics", lambda _db, today=None: stats.Statistics(DAY, figures, figures, 0))
    room = make_room(db)
    with qtbot.waitSignal(room.loaded, timeout=10000):
        room.refresh()
    assert room.ui.benefitValue.text() == "20,000.00 元"
    note = room.ui.benefitNote.text()
    assert "可加计扣除额 约 800,000.00 元" in note and "实物/服务 折合约 12,000.00 元" in note
