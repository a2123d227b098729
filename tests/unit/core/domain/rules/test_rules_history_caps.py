"""History conditions and caps in the engine (issue 15, items 6–7): three answers with their
why, near misses only where the enterprise gets there by going on, the edges of the periods,
and caps applied from earlier applications (docs/rules.md §10–§11)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kuaixiang_core.domain.enterprise import Tag
from kuaixiang_core.domain.rules.caps import apply_caps, wan
from kuaixiang_core.domain.rules.catalogue import check_catalogue
from kuaixiang_core.domain.rules.evaluate import CompiledRule, Facts
from kuaixiang_core.domain.rules.history import PastApplication, covered, months_before
from kuaixiang_core.domain.rules.match import Matcher, run_golden
from kuaixiang_core.domain.rules.tree import parse_rule

AS_OF = dt.date(2025, 6, 30)
ZJTX = "专精特新中小企业"


def catalogue(rule, *, caps=None, item_caps=None, benefit=None, effective=("2024-01-01", "2025-12-31"), tests=None):
    item = {"id": "x-1", "title": "甲事项", "department": "局", "mode": "online", "rule": rule,
            "benefit": benefit or {"amount": "300"}}
    if item_caps:
        item["caps"] = item_caps
    if tests:
        item["tests"] = tests
    doc = {"id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
           "effective_from": effective[0], "effective_to": effective[1],
           "items": [item, {"id": "x-2", "title": "乙事项", "department": "局", "mode": "online",
                            "rule": {"fact": "employees", "op": ">", "value": 0}, "benefit": {"amount": "100"}}]}
    if caps:
        doc["caps"] = caps
    return check_catalogue({"documents": [doc]})


def facts(history=(), tags=(), as_of=AS_OF, **values):
    return Facts(values, tags, as_of, history=history)


def past(item, day, yuan=None, status="accepted"):
    return PastApplication(item, day, status, None if yuan is None else Decimal(yuan))


def rule_of(data):
    return CompiledRule(parse_rule(data))


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2025, 2, 28), 12) == dt.date(2024, 2, 28)
    assert months_before(dt.date(2025, 1, 15), 25) == dt.date(2022, 12, 15)


@pytest.mark.parametrize(("established", "verdict"), [
    (dt.date(2022, 7, 1), "eligible"),     # the day after three years before
    (dt.date(2022, 6, 30), "ineligible"),  # three full years: 满 3 年
    (AS_OF, "eligible"),
    (AS_OF + dt.timedelta(days=1), "ineligible"),  # not yet established on the as-of date
    (None, "unknown"),
])
def test_within_counts_months_up_to_the_as_of_date(established, verdict):
    rule = rule_of({"within": {"fact": "established", "years": 3}})
    assert rule.verdict(facts(established=established))[0] == verdict


def test_first_time_of_an_application_counts_accepted_ones_up_to_the_as_of_date():
    rule = rule_of({"first_time": {"application": ["x-1", "x-2"]}})
    assert rule.verdict(facts(history=()))[0] == "eligible"
    for status in ("draft", "rejected", "withdrawn"):
        assert rule.verdict(facts(history=(past("x-2", dt.date(2024, 1, 1), status=status),)))[0] == "eligible"
    assert rule.verdict(facts(history=(past("x-3", dt.date(2024, 1, 1)),)))[0] == "eligible"
    assert rule.verdict(facts(history=(past("x-2", AS_OF + dt.timedelta(days=1)),)))[0] == "eligible"
    assert rule.verdict(facts(history=(past("x-2", AS_OF, status="paid"),)))[0] == "ineligible"
    unread = facts(history=None)  # a store with no applications to give: cannot tell
    assert rule.verdict(unread)[0] == "unknown"
    assert rule.trace(unread)[0].result == "unknown"


def test_a_history_condition_under_not_reads_the_other_way():
    rule = rule_of({"not": {"first_time": {"application": "x-1"}}})
    f = facts(history=(past("x-1", dt.date(2025, 3, 1), "100", "approved"),))
    (line,) = rule.trace(f)
    assert rule.verdict(f)[0] == "eligible"
    assert (line.text, line.actual_text, line.result) == ("此前申报过「x-1」", "2025-03-01 已申报「x-1」（已审核通过）", "pass")


def test_first_time_of_a_tag_is_no_earlier_record_that_ended():
    rule = rule_of({"first_time": {"tag": "高新技术企业"}})
    renewed = [Tag("高新技术企业", dt.date(2021, 1, 1), dt.date(2023, 12, 31)), Tag("高新技术企业", dt.date(2024, 1, 1), None)]
    assert rule.verdict(facts(tags=renewed))[0] == "ineligible"
    assert rule.trace(facts(tags=renewed))[0].actual_text == "曾持有，至 2023-12-31 止"
    assert rule.verdict(facts(tags=renewed[1:]))[0] == "eligible"
    assert rule.verdict(facts(tags=[Tag("高新技术企业")]))[0] == "eligible"


def test_covered_joins_records_that_meet_or_overlap_and_no_more():
    start, end = dt.date(2023, 6, 30), AS_OF
    meet = [Tag(ZJTX, dt.date(2023, 1, 1), dt.date(2024, 2, 29)), Tag(ZJTX, dt.date(2024, 3, 1), None)]
    overlap = [Tag(ZJTX, dt.date(2023, 1, 1), dt.date(2024, 6, 1)), Tag(ZJTX, dt.date(2024, 1, 1), dt.date(2025, 12, 31))]
    gap = [Tag(ZJTX, dt.date(2023, 1, 1), dt.date(2024, 2, 28)), Tag(ZJTX, dt.date(2024, 3, 1), None)]
    assert covered(meet, start, end, optimistic=False)
    assert covered(overlap, start, end, optimistic=False)
    assert not covered(gap, start, end, optimistic=True)
    ended = [Tag(ZJTX, dt.date(2020, 1, 1), dt.date(2025, 6, 29))]  # ends the day before the as-of date
    assert not covered(ended, start, end, optimistic=True)


def test_held_is_a_near_miss_only_while_the_qualification_is_held():
    cat = catalogue({"all": [{"held": {"tag": ZJTX, "years": 2}, "clause": "第七条"},
                             {"fact": "employees", "op": ">", "value": 1}]})
    matcher = Matcher(cat.items[:1])
    holding = facts(tags=[Tag(ZJTX, dt.date(2024, 9, 1), None)], employees=Decimal(10))
    (row,) = matcher.match(holding)
    assert row.group == "near_miss"
    (line,) = row.matched().missing
    assert line.text == "连续持有「专精特新中小企业」资质满 2 年"
    assert line.actual_text == "自 2024-09-01 起连续持有（2026-09-01 满 2 年）"
    lapsed = facts(tags=[Tag(ZJTX, dt.date(2022, 9, 1), dt.date(2025, 5, 31))], employees=Decimal(10))
    assert matcher.match(lapsed) == []  # not held now: nothing to wait for
    assert matcher.match(lapsed, include_ineligible=True)[0].matched().conditions[0].actual_text == "现未持有"
    # The tree path (an any) decides the same.
    tree = Matcher(catalogue({"any": [{"held": {"tag": ZJTX, "years": 2}},
                                      {"fact": "employees", "op": ">", "value": 100}]}).items[:1])
    assert [r.group for r in tree.match(holding)] == ["near_miss"]


def test_the_amounts_of_caps_read_in_wan():
    assert wan(Decimal("5000000.00")) == "500 万元"
    assert wan(Decimal("15000")) == "1.5 万元"
    assert wan(Decimal("1500")) == "1,500.00 元"
    assert wan(Decimal("0")) == "0 元"
    assert wan(Decimal("1234.56")) == "1,234.56 元"


def test_a_cap_per_policy_period_counts_every_year_of_the_document():
    cat = catalogue({"fact": "employees", "op": ">", "value": 0},
                    caps=[{"per": "period", "amount": "500", "clause": "第九条"}])
    (item, other) = cat.items
    assert item.caps == other.caps and item.caps[0].period_from == dt.date(2024, 1, 1)
    history = (past("x-2", dt.date(2024, 5, 1), "100"), past("x-1", dt.date(2023, 12, 31), "400"))
    outcome = apply_caps(item.caps, "eligible", Decimal("300"), facts(history=history, employees=Decimal(1)))
    assert outcome.amount == Decimal("300")  # 2023 is before the document's period
    history += (past("x-1", dt.date(2025, 1, 2), "250"),)
    outcome = apply_caps(item.caps, "eligible", Decimal("300"), facts(history=history, employees=Decimal(1)))
    assert outcome.amount == Decimal("150") and outcome.verdict == "eligible"
    assert outcome.note == "已按政策期内上限 500.00 元核减：本政策期内已申请 350.00 元"
    assert [line.actual_text for line in outcome.lines] == ["本政策期内已申请 350.00 元，尚余 150.00 元"]


def test_without_the_applications_a_cap_says_so_and_changes_nothing():
    cat = catalogue({"fact": "employees", "op": ">", "value": 0}, item_caps=[{"count": 1}])
    outcome = apply_caps(cat.items[0].caps, "eligible", Decimal("300"), facts(history=None))
    assert (outcome.verdict, outcome.amount, outcome.reached) == ("eligible", Decimal("300"), False)
    assert [(line.result, line.actual_text) for line in outcome.lines] == [("unknown", "（无申请记录数据，未核减）")]


def test_a_reached_amount_cap_makes_even_an_unknown_item_ineligible():
    cat = catalogue({"fact": "employees", "op": ">", "value": 0}, item_caps=[{"amount": "1000"}])
    outcome = apply_caps(cat.items[0].caps, "unknown", Decimal("300"),
                         facts(history=(past("x-1", dt.date(2025, 1, 1), "1000"),)))
    assert outcome.verdict == "ineligible" and outcome.reached
    assert outcome.lines[0].actual_text == "本年度已申请 1,000.00 元，已达年度上限 1,000.00 元"


def test_golden_tests_state_earlier_applications_and_keep_them_in_the_content():
    tests = [{"name": "已申报过", "as_of": "2025-06-30", "enterprise": {"employees": 3}, "verdict": "ineligible",
              "history": [{"item": "x-2", "date": "2025-01-01", "amount": "100", "status": "paid"}]}]
    cat = catalogue({"first_time": {"application": "x-2"}}, tests=tests)
    item = cat.items[0]
    assert [r.passed for r in run_golden(item, {})] == [True]
    assert item.content()["tests"][0]["history"] == [{"item": "x-2", "date": "2025-01-01", "status": "paid",
                                                       "amount": "100"}]
    assert item.content()["rule"] == {"first_time": {"application": "x-2"}}


@pytest.mark.parametrize("history", [(), (past("x-2", dt.date(2025, 3, 1)),)], ids=["none", "another item's"])
def test_a_count_cap_keeps_the_kind_of_a_benefit_that_is_not_cash(history):
    """A deduction base under 「每年限申报一次」 is still a deduction base, not 「约 X 元」."""
    from kuaixiang_core.domain.rules.match import with_caps

    cat = catalogue({"fact": "employees", "op": ">", "value": 0}, item_caps=[{"count": 1}],
                    benefit={"kind": "deduction", "formula": "employees * 1000"})
    matcher = Matcher(cat.items)
    (matched,) = [m for m in matcher.clerk_items(facts(history=history, employees=Decimal(5)))[0]
                  if m.item_id == "x-1"]
    capped = with_caps(matched, cat.items[0].caps, facts(history=history, employees=Decimal(5)))
    assert capped.benefit.kind == "deduction" and capped.benefit.cash is None
    assert capped.benefit.amount == Decimal(5000) and capped.group == "eligible"
    assert [line.actual_text for line in capped.caps] == ["本年度已申报 0 次，上限 1 次"]


def test_enterprises_without_applications_share_one_set_of_cap_lines_that_says_the_same():
    cat = catalogue({"fact": "employees", "op": ">", "value": 0},
                    caps=[{"amount": "350", "clause": "第九条"}], item_caps=[{"count": 2}])
    caps = cat.items[0].caps
    fresh = apply_caps(caps, "eligible", Decimal("300"), facts(history=()))
    general = apply_caps(caps, "eligible", Decimal("300"), facts(history=(past("x-9", dt.date(2025, 1, 1), "5"),)))
    assert fresh == general
    assert apply_caps(caps, "eligible", Decimal("300"), facts(history=())).lines is fresh.lines  # made once
    # Above an amount cap, even without applications, the amount is lowered and said so.
    above = apply_caps(caps, "eligible", Decimal("400"), facts(history=()))
    assert above.amount == Decimal("350") and above.note == "已按年度上限 350.00 元核减：本年度已申请 0 元"


@pytest.mark.parametrize(("cap", "given"), [("500", True), ("200", False)])
def test_the_fast_path_gives_cap_lines_only_where_nothing_would_change(cap, given):
    """clerk_items attaches the caps' lines when no application counts and the estimate is
    within every amount cap; an estimate above one is left to with_caps, which lowers it."""
    from kuaixiang_core.domain.rules.match import with_caps

    cat = catalogue({"fact": "employees", "op": ">", "value": 0}, item_caps=[{"amount": cap}])
    item = cat.items[0]
    seen = facts(history=(), employees=Decimal(5))
    (made,) = [m for m in Matcher(cat.items).clerk_items(seen)[0] if m.item_id == "x-1"]
    capped = with_caps(made, item.caps, facts(history=(), employees=Decimal(5)))
    if given:
        assert made.caps and made == capped and made.benefit.amount == Decimal(300)
    else:
        assert made.caps == () and made.benefit.amount == Decimal(300)
        assert capped.benefit.amount == Decimal(200) and capped.caps
