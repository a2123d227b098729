"""Caps and history conditions on the client (issue 15, items 6–7): the estimate counts the
enterprise's earlier applications in the client's ``application`` table (accepted or later,
their estimated ``benefit_amount_fen``), lowers an amount to what the cap leaves and says so,
makes an item whose cap is reached ineligible, and ``kuaixiang match`` and filing show it.

The catalogue is docs/examples/issue15-history-caps.yaml (the worked examples of rules.md)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord, FactValue, Tag
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.enterprises import write_enterprises

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples" / "issue15-history-caps.yaml"
CODE = make_uscc("91371502MA3C00007")
AS_OF = dt.date(2025, 6, 30)
RD = "kj-rd-subsidy"
FIRST = "kj-gaoqi-first"


@pytest.fixture
def world(db):
    import_catalogue(db, EXAMPLES)
    rec = EnterpriseRecord(
        credit_code=CODE, name="聊城市示例科技有限公司", region_code="371502", industry_code="3451",
        employees=80, established=dt.date(2019, 5, 1),
        tags=[Tag("高新技术企业", dt.date(2025, 1, 1), dt.date(2027, 12, 31))],
        facts=[FactValue("rd_expense", "20000000", dt.date(2024, 12, 31)),
               FactValue("certified_on", "2025-01-01", dt.date(2025, 1, 1))],
    )
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    return db


def earlier(db, item_id: str, day: dt.date, status: str = "paid", yuan: str | None = None) -> None:
    """An application the enterprise made on ``day`` (10:00 in Shanghai), as the client keeps it."""
    at = dt.datetime(day.year, day.month, day.day, 2, 0)  # UTC
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO application (id, enterprise_id, item_id, item_version, status, trace_json, sync_state, "
            "benefit_amount_fen, created_at, updated_at) SELECT :id, e.id, :item, 1, :status, '{}', 'local', :fen, "
            ":at, :at FROM enterprise e WHERE e.credit_code = :code"),
            {"id": str(uuid.uuid4()), "item": item_id, "status": status, "code": CODE,
             "fen": None if yuan is None else int(Decimal(yuan) * 100), "at": f"{at:%Y-%m-%d %H:%M:%S}.000000"})


def _item(result, item_id):
    found = [it for it in result.items if it.item_id == item_id]
    return found[0] if found else None


def test_the_estimate_lowers_the_amount_to_what_the_yearly_cap_leaves_and_says_so(world):
    db = world
    before = _item(match_enterprise(db, CODE, AS_OF), RD)
    assert before.benefit.amount == Decimal("2000000.00") and before.group == "eligible"
    assert before.caps[1].actual_text == "本年度已申请 0 元，尚余 500 万元"
    earlier(db, FIRST, dt.date(2025, 3, 1), "paid", "2000000")
    earlier(db, RD, dt.date(2025, 4, 15), "approved", "2200000")
    earlier(db, RD, dt.date(2024, 12, 31), "paid", "4800000")  # last year: not counted
    earlier(db, RD, dt.date(2025, 5, 1), "withdrawn", "3000000")  # withdrawn: not counted
    result = match_enterprise(db, CODE, AS_OF)
    item = _item(result, RD)
    assert item.benefit.amount == Decimal("800000.00")
    assert item.benefit.text.startswith("已按年度上限 500 万元核减：本年度已申请 420 万元")
    assert [(c.text, c.actual_text, c.result) for c in item.caps] == [
        ("每年最多申报 3 次", "本年度已申报 1 次，上限 3 次", "pass"),
        ("同一企业年度累计不超过 500 万元", "本年度已申请 420 万元，尚余 80 万元", "pass"),
    ]
    # The reward for a first certification was claimed: no longer first, not shown.
    assert _item(result, FIRST) is None
    assert item.to_json()["caps"][1]["actual_text"] == "本年度已申请 420 万元，尚余 80 万元"


def test_a_reached_claim_limit_makes_the_item_ineligible_with_its_line(world):
    db = world
    for month in (1, 2, 3):
        earlier(db, RD, dt.date(2025, month, 10), "paid", "1000")
    shown = match_enterprise(db, CODE, AS_OF)
    assert _item(shown, RD) is None
    every = match_enterprise(db, CODE, AS_OF, include_all=True)
    item = _item(every, RD)
    assert item.verdict == "ineligible" and item.group is None
    assert ("每年最多申报 3 次", "本年度已申报 3 次，已达上限", "fail") in [(c.text, c.actual_text, c.result) for c in item.caps]
    assert every.counts.eligible == shown.counts.eligible
    assert every.counts.ineligible == shown.counts.ineligible
    # The next year starts afresh.
    assert _item(match_enterprise(db, CODE, dt.date(2026, 1, 2)), RD).group == "eligible"


def test_reach_leaves_out_an_enterprise_whose_claim_limit_is_reached_as_its_match_does(world):
    db = world
    assert [e.credit_code for e in reach(db, RD, AS_OF).enterprises] == [CODE]
    for month in (1, 2):
        earlier(db, RD, dt.date(2025, month, 10), "paid", "1000")
    assert reach(db, RD, AS_OF).total == 1  # two of three: still reached
    earlier(db, RD, dt.date(2025, 3, 10), "withdrawn", "1000")  # not counted
    assert reach(db, RD, AS_OF).total == 1
    earlier(db, RD, dt.date(2025, 3, 11), "accepted", "1000")
    page = reach(db, RD, AS_OF)
    assert (page.total, page.enterprises) == (0, ())
    assert reach(db, RD, dt.date(2026, 1, 2)).total == 1  # the next year starts afresh


def test_the_history_conditions_show_their_why(world):
    db = world
    item = _item(match_enterprise(db, CODE, AS_OF), FIRST)
    assert item.verdict == "eligible"
    lines = {c.text: (c.actual_text, c.result) for c in item.conditions}
    assert lines["首次取得「高新技术企业」资质（此前未持有过）"] == ("此前未持有过", "pass")
    assert lines["认定不满一年"] == ("2025-01-01（距今 5 个月）", "pass")
    assert lines["此前未申报过「首次认定高新技术企业奖励」"] == ("此前无申报记录", "pass")
    earlier(db, FIRST, dt.date(2025, 3, 1), "accepted", "200000")
    item = _item(match_enterprise(db, CODE, AS_OF, include_all=True), FIRST)
    lines = {c.text: (c.actual_text, c.result) for c in item.conditions}
    assert lines["此前未申报过「首次认定高新技术企业奖励」"] == ("2025-03-01 已申报「首次认定高新技术企业奖励」（已受理）", "fail")


def test_kuaixiang_match_prints_the_caps(world, capsys):
    db = world
    earlier(db, RD, dt.date(2025, 4, 15), "approved", "4200000")
    code = main(["--db", str(db.path), "match", CODE, "--as-of", AS_OF.isoformat()])
    out = capsys.readouterr().out
    assert code == 0
    assert "上限：同一企业年度累计不超过 500 万元（本年度已申请 420 万元，尚余 80 万元）" in out
    assert "已按年度上限 500 万元核减：本年度已申请 420 万元" in out
    assert "约 800000.00 元" in out
    code = main(["--db", str(db.path), "match", CODE, "--as-of", AS_OF.isoformat(), "--json"])
    found = [i for i in json.loads(capsys.readouterr().out)["items"] if i["item_id"] == RD]
    assert found[0]["benefit"]["amount"] == "800000.00" and len(found[0]["caps"]) == 2


def test_filing_keeps_the_capped_amount_and_refuses_past_the_limit(world):
    db = world
    device = local_device(db)
    today = clock.today()
    earlier(db, RD, today.replace(month=1, day=1), "paid", "4200000")
    agent = apps.Agent("张三", "11010519491231002x", "138 1234 5678")
    filed = apps.file_application(db, CODE, RD, agent, [], device_id=device.short_id)
    assert filed.status == "accepted"
    record = apps.show(db, filed.application_id)
    assert record.benefit.amount == Decimal("800000.00")
    with db.engine.connect() as conn:
        trace = json.loads(conn.execute(text("SELECT trace_json FROM application WHERE id = :id"),
                                        {"id": filed.application_id}).scalar())
    assert trace["caps"][1]["actual_text"] == "本年度已申请 420 万元，尚余 80 万元"
    earlier(db, RD, today.replace(month=1, day=1), "paid", "1000")
    with pytest.raises(apps.ApplyRefused, match="本年度已申报 3 次，已达上限"):
        apps.file_application(db, CODE, RD, agent, [], device_id=device.short_id)


def test_the_apply_wizard_is_told_the_capped_amount_and_a_reached_limit(world):
    from kuaixiang_desktop.services.apply_context import load_context

    db = world
    earlier(db, FIRST, dt.date(2025, 3, 1), "paid", "2000000")
    earlier(db, RD, dt.date(2025, 4, 15), "approved", "2200000")
    context = load_context(db, CODE, RD, today=AS_OF)
    assert context.amount == Decimal("800000.00") and context.problem is None
    assert context.benefit_text == "已按年度上限 500 万元核减：本年度已申请 420 万元"
    earlier(db, RD, dt.date(2025, 5, 15), "paid", "1000")
    earlier(db, RD, dt.date(2025, 6, 15), "paid", "1000")
    context = load_context(db, CODE, RD, today=AS_OF)
    assert context.problem == "该事项已达申报上限：本年度已申报 3 次，已达上限"
