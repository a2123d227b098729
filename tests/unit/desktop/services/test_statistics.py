"""Statistics: periods cut at midnight Asia/Shanghai, money in 分, and 免申即享 coverage equal
to services.reach."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.demo.loader import load_demo_catalogue
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import statistics as stats
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import Application, ApplicationStatus

AGENT = apps.Agent("张三", "11010519491231002x", "13812345678")
JIAZHENG = "dcf-jiazheng-2024"  # 员工制家政企业奖补: a fixed 20,000.00 元, no 容缺
CANJI = "lc-canji-chaobili-2024"  # 残疾人就业超比例奖励: a formula, 容缺 allowed
FILED_ON = dt.date(2026, 6, 1)
UTC = dt.datetime


def _materials(db, item_id: str, *, complete: bool = True) -> list[apps.MaterialInput]:
    item = compiled_catalogue(db).by_id[item_id]
    names = [m.name for m in item.materials if m.required]
    return [apps.MaterialInput(n) for n in (names if complete else names[:1])]


def _file(db, code: str, item_id: str, *, complete: bool = True) -> str:
    result = apps.file_application(db, code, item_id, AGENT, _materials(db, item_id, complete=complete),
                                   device_id=local_device(db).short_id, today=FILED_ON, accept_deferred=False)
    return result.application_id


def _stamp(db, app_id: str, *, created: dt.datetime, accepted: dt.datetime | None = None) -> None:
    """Put the application at fixed UTC times (as stored: naive UTC)."""
    with db.sessions.begin() as session:
        app = session.get(Application, app_id)
        app.created_at = created
        for row in session.scalars(select(ApplicationStatus).where(ApplicationStatus.application_id == app_id)):
            row.at = accepted if (row.to_status == "accepted" and accepted) else created


@pytest.fixture
def world(writable_demo_db, monkeypatch):
    """The demo catalogue and seven applications filed around midnight Asia/Shanghai."""
    db = writable_demo_db
    monkeypatch.setenv("KUAIXIANG_CLERK", "demo")
    load_demo_catalogue(db)
    jiazheng = [e.credit_code for e in reach(db, JIAZHENG, FILED_ON, limit=3).enterprises]
    canji = [e.credit_code for e in reach(db, CANJI, FILED_ON, limit=5).enterprises]
    assert len(jiazheng) == 3 and len(canji) == 5
    ids = {}
    # 23:59:59 on 31 May in Beijing: the day before.
    ids["a"] = _file(db, jiazheng[0], JIAZHENG)
    _stamp(db, ids["a"], created=UTC(2026, 5, 31, 15, 50), accepted=UTC(2026, 5, 31, 15, 59, 59))
    # 00:00:00 on 1 June in Beijing: the first second of the day.
    ids["b"] = _file(db, jiazheng[1], JIAZHENG)
    _stamp(db, ids["b"], created=UTC(2026, 5, 31, 15, 58), accepted=UTC(2026, 5, 31, 16, 0, 0))
    # 23:59:59 on 1 June in Beijing: its last second.
    ids["c"] = _file(db, canji[0], CANJI)
    _stamp(db, ids["c"], created=UTC(2026, 6, 1, 15, 0), accepted=UTC(2026, 6, 1, 15, 59, 59))
    # 00:00 on 2 June in Beijing: still 1 June in UTC, but tomorrow at the counter.
    ids["d"] = _file(db, canji[1], CANJI)
    _stamp(db, ids["d"], created=UTC(2026, 6, 1, 16, 0), accepted=UTC(2026, 6, 1, 16, 0))
    # A draft (materials missing) made at 11:00 Beijing time.
    ids["e"] = _file(db, canji[4], CANJI, complete=False)
    _stamp(db, ids["e"], created=UTC(2026, 6, 1, 3, 0))
    # Accepted at 10:00, then withdrawn: counted as accepted, but nothing will be paid.
    ids["f"] = _file(db, jiazheng[2], JIAZHENG)
    _stamp(db, ids["f"], created=UTC(2026, 6, 1, 2, 0), accepted=UTC(2026, 6, 1, 2, 0))
    apps.transition(db, ids["f"], "withdrawn", reason="企业自愿撤回")
    # A draft of 20 May, completed and accepted at 09:00 on 1 June: it belongs to 1 June.
    ids["g"] = _file(db, canji[3], CANJI, complete=False)
    assert _file(db, canji[3], CANJI) == ids["g"]
    _stamp(db, ids["g"], created=UTC(2026, 5, 20, 10, 0), accepted=UTC(2026, 6, 1, 1, 0))
    with db.sessions() as session:
        fen = {k: session.get(Application, v).benefit_amount_fen for k, v in ids.items()}
    return db, ids, fen


def test_periods_are_cut_at_midnight_in_beijing(world):
    db, _ids, fen = world
    result = stats.statistics(db, FILED_ON)
    today, month = result.today, result.month
    assert (today.first_day, today.last_day) == (dt.date(2026, 6, 1), dt.date(2026, 6, 1))
    assert (month.first_day, month.last_day) == (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    # b, c, e, f, g belong to 1 June; a to 31 May; d to 2 June (same month).
    assert today.total == 5 and today.accepted == 4 and today.draft == 1
    assert month.total == 6 and month.accepted == 5 and month.draft == 1
    assert {s.status: s.count for s in today.by_status} == {"draft": 1, "accepted": 3, "withdrawn": 1}
    assert [s.status_name for s in today.by_status] == ["草稿", "已受理", "已撤回"]
    # Money: the accepted ones still to be paid. 家政 is a fixed 20,000.00 元 (b; f was
    # withdrawn and will not be paid); 残疾人就业 needs facts the demo lacks: no amount.
    assert fen["b"] == fen["f"] == 2_000_000 and fen["c"] is fen["d"] is fen["g"] is None
    assert today.benefit_fen == month.benefit_fen == 2_000_000
    assert isinstance(today.benefit_fen, int) and isinstance(today.benefit_yuan, Decimal)
    assert today.benefit_yuan == Decimal("20000.00")
    assert today.benefit_unpriced == 2 and month.benefit_unpriced == 3  # c, g (and d)

    previous = stats.statistics(db, dt.date(2026, 5, 31))
    assert previous.today.total == 1 and previous.today.accepted == 1
    assert previous.today.by_item[0].item_id == JIAZHENG
    assert previous.month.total == 1  # g was drafted in May but accepted in June
    tomorrow = stats.statistics(db, dt.date(2026, 6, 2)).today
    assert tomorrow.total == 1 and tomorrow.by_item[0].item_id == CANJI


def test_by_item_and_department_name_the_catalogue(world):
    db, _ids, _fen = world
    today = stats.statistics(db, FILED_ON).today
    assert [(r.item_id, r.count) for r in today.by_item] == [(CANJI, 3), (JIAZHENG, 2)]
    assert today.by_item[0].title == "残疾人就业超比例奖励"
    assert today.by_item[1].department == "东昌府区人力资源和社会保障局"
    assert [(r.department, r.count) for r in today.by_department] == [
        ("市残疾人联合会", 3), ("东昌府区人力资源和社会保障局", 2)]
    assert today.item_others == stats.Others(entries=0, count=0)


def test_top_ten_and_the_rest():
    from collections import Counter

    counter = Counter({f"item-{n:02d}": 20 - n for n in range(13)})
    head, rest = stats._top(counter)
    assert [k for k, _ in head] == [f"item-{n:02d}" for n in range(10)]
    assert rest == stats.Others(entries=3, count=10 + 9 + 8)


def test_an_empty_database_has_empty_periods(db):
    result = stats.statistics(db, FILED_ON)
    for figures in (result.today, result.month):
        assert figures.total == figures.accepted == figures.benefit_fen == 0
        assert figures.by_item == figures.by_status == figures.by_department == ()
    assert result.auto_items == 0


def test_period_bounds_cross_months_and_years():
    assert stats.period_bounds("month", dt.date(2026, 12, 31)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert stats.period_bounds("month", dt.date(2028, 2, 29)) == (dt.date(2028, 2, 1), dt.date(2028, 3, 1))
    assert stats._utc(dt.date(2026, 6, 1)) == UTC(2026, 5, 31, 16, 0)
    assert stats.shanghai_today(dt.datetime(2026, 5, 31, 16, 0, tzinfo=dt.UTC)) == dt.date(2026, 6, 1)
    with pytest.raises(ValueError):
        stats.period_bounds("week", FILED_ON)


# ---------------------------------------------------------------------------------------------
# 免申即享 coverage
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def catalogued(writable_demo_db):
    load_demo_catalogue(writable_demo_db)
    stats.clear_coverage_cache()
    yield writable_demo_db
    stats.clear_coverage_cache()


def test_coverage_counts_equal_reach_and_the_union_is_distinct(catalogued):
    db = catalogued
    steps = []
    coverage = stats.auto_coverage(db, FILED_ON, lambda done, total: steps.append((done, total)))
    cat = compiled_catalogue(db)
    auto = {i.id for i in cat.items if i.mode == "auto" and i.in_force(FILED_ON)}
    assert {r.item_id for r in coverage.items} == auto and len(auto) == 7
    reached: set[str] = set()
    for row in coverage.items:
        answer = reach(db, row.item_id, FILED_ON, limit=1_000_000)
        assert row.count == answer.total, row.item_id
        reached.update(e.credit_code for e in answer.enterprises)
    assert coverage.reached == len(reached) > 0
    assert coverage.enterprises == 3000
    assert coverage.share == (Decimal(len(reached)) / 3000).quantize(Decimal("0.0001"))
    counts = [r.count for r in coverage.items]
    assert counts == sorted(counts, reverse=True)
    assert steps == [(n, len(auto) + 1) for n in range(1, len(auto) + 2)]
    assert coverage.cached is False


def test_coverage_is_cached_until_the_data_changes(catalogued):
    db = catalogued
    first = stats.auto_coverage(db, FILED_ON)
    assert stats.cached_coverage(db, FILED_ON).reached == first.reached
    again = stats.auto_coverage(db, FILED_ON, lambda *_: pytest.fail("a cached answer does no work"))
    assert again.cached is True and again.items == first.items
    assert stats.cached_coverage(db, dt.date(2026, 6, 2)) is None  # another day, another answer
    with db.engine.begin() as conn:
        write_enterprises(conn, [EnterpriseRecord(credit_code=make_uscc("91371502MA3C99999"), name="聊城市新开张商贸有限公司",
                                                  region_code="371502")])
    assert stats.cached_coverage(db, FILED_ON) is None


def test_coverage_can_be_cancelled_and_caches_nothing(catalogued):
    db = catalogued
    with pytest.raises(stats.CoverageCancelled):
        stats.auto_coverage(db, FILED_ON, cancelled=lambda: True)
    assert stats.cached_coverage(db, FILED_ON) is None


def test_coverage_of_a_database_without_auto_items(db):
    coverage = stats.auto_coverage(db, FILED_ON)
    assert coverage.items == () and coverage.reached == 0 and coverage.enterprises == 0
    assert coverage.share == 0


def test_renaming_parameters_apart():
    condition, params = stats._renamed("(e.a = :p1) AND (e.b > :p10) AND :as_of < '12:30'",
                                       {"p1": 1, "p10": 2, "as_of": "x"}, "i3_")
    assert condition == "(e.a = :i3_p1) AND (e.b > :i3_p10) AND :i3_as_of < '12:30'"
    assert params == {"i3_p1": 1, "i3_p10": 2, "i3_as_of": "x"}
    assert stats._any_of(["a", "b", "c"]) == "(a OR (b OR c))"
