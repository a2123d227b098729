"""Expressions, definitions and parameters in the engine (issue 15, items 1–3 and 9): golden
answers for each feature, the why with computed values and their inputs, and near misses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue, plain
from kuaixiang_core.domain.rules.match import Matcher, facts_from_mapping, run_golden
from kuaixiang_core.domain.rules.named import Parameter, Period

FACTS = [{"name": "disabled_employees", "type": "number", "unit": "人", "label": "安排残疾人就业人数"},
         {"name": "taxable_income", "type": "money", "label": "年度应纳税所得额"},
         {"name": "rd_expense", "type": "money", "label": "上年度研发费用"}]
PARAMS = [{"name": "wage", "label": "平均工资", "type": "money", "values": [
    {"from": "2024-01-01", "to": "2024-12-31", "value": 80000, "source": "甲〔2024〕1号"},
    {"from": "2025-01-01", "value": "84000", "source": "甲〔2025〕1号"}]}]
DEFS = [
    {"name": "ratio", "label": "安排比例", "type": "percent", "formula": "disabled_employees / employees"},
    {"name": "slp", "label": "小型微利企业", "version": "2023", "rule": {"all": [
        {"fact": "taxable_income", "op": "<=", "value": 3000000, "clause": "第三条"},
        {"fact": "employees", "op": "<=", "value": 300}]}},
]


def catalogue(rule, benefit=None, *, params=PARAMS, defs=DEFS, effective_from="2024-01-01"):
    item = {"id": "x-1", "title": "事项", "department": "局", "mode": "online", "rule": rule}
    if benefit:
        item["benefit"] = {"formula": benefit}
    return check_catalogue({"facts": FACTS, "parameters": params, "definitions": defs, "documents": [{
        "id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
        "effective_from": effective_from, "items": [item]}]})


def matched(cat, as_of=dt.date(2024, 6, 30), **enterprise):
    declared = {f.name: f for f in cat.facts}
    facts = facts_from_mapping(enterprise, declared, as_of)
    (found,) = Matcher(cat.items).match(facts, include_ineligible=True)
    return found.matched()


def test_a_percent_quantity_shows_its_value_and_inputs_and_is_compared_as_a_percentage():
    cat = catalogue({"fact": "ratio", "op": ">=", "value": 1.5, "clause": "第一条"})
    item = matched(cat, employees=250, disabled_employees=3)
    (line,) = item.conditions
    assert (line.text, line.actual_text, line.result) == ("安排比例 ≥ 1.5%", "1.2%（3 人 / 250 人）", "fail")
    assert line.fact == "ratio" and line.actual == Decimal("1.2")
    assert item.group == "near_miss" and [m.text for m in item.missing] == ["安排比例 ≥ 1.5%"]
    assert matched(cat, employees=200, disabled_employees=3).verdict == "eligible"  # 1.5% exactly


def test_division_by_zero_and_a_missing_input_are_unknown_naming_the_missing_fact():
    cat = catalogue({"fact": "ratio", "op": ">=", "value": 1.5})
    assert matched(cat, employees=0, disabled_employees=3).verdict == "unknown"
    item = matched(cat, employees=250)
    assert item.verdict == "unknown" and item.missing_facts == ("disabled_employees",)
    assert item.conditions[0].actual_text == "（无数据）（安排残疾人就业人数？ / 250 人）"


def test_an_expression_compares_two_facts_and_is_a_near_miss_when_it_alone_fails():
    cat = catalogue({"all": [{"expr": "rd_expense >= revenue * 0.03", "clause": "第三条"},
                             {"fact": "employees", "op": ">=", "value": 1}]})
    item = matched(cat, rd_expense=290000, revenue=10000000, employees=5)
    assert item.verdict == "ineligible" and item.group == "near_miss"
    line = item.conditions[0]
    assert line.actual_text == "290,000.00 元 ≥ 10,000,000.00 元 × 0.03" and line.fact == "expr"
    assert matched(cat, rd_expense=300000, revenue=10000000, employees=5).verdict == "eligible"


def test_expressions_that_are_not_one_ordering_and_tags_bools_and_structural_facts_are_no_near_misses():
    for rule in ({"expr": "employees == 3"}, {"expr": "employees > 3 and revenue > 1"},
                 {"expr": "region_code == '371502'"}, {"fact": "tags", "op": "has", "value": "高新技术企业"},
                 {"fact": "dishonest", "op": "==", "value": True}, {"fact": "size_class", "op": "==", "value": "small"}):
        item = matched(catalogue(rule), employees=2, revenue=0, region_code="371581", dishonest=False,
                       size_class="micro")
        assert item.verdict == "ineligible" and item.group is None, rule


def test_a_predicate_definition_is_expanded_in_the_why_with_its_own_clauses():
    cat = catalogue({"any": [{"fact": "is_individual", "op": "==", "value": True}, {"def": "slp", "clause": "第二条"}]})
    item = matched(cat, is_individual=False, taxable_income=3500000, employees=10)
    texts = [(c.text, c.clause) for c in item.conditions]
    assert texts == [("是个体工商户", None), ("小型微利企业：年度应纳税所得额 ≤ 3,000,000.00 元", "第三条"),
                     ("小型微利企业：从业人员 ≤ 300 人", "第二条")]
    assert item.group == "near_miss"  # 所得额 alone stands in the way
    assert matched(cat, is_individual=False, taxable_income=100, employees=10).verdict == "eligible"


def test_the_as_of_date_picks_the_parameter_value_in_force():
    cat = catalogue({"expr": "revenue >= wage * 10"}, "wage * 0.5")
    assert matched(cat, dt.date(2024, 12, 31), revenue=800000).verdict == "eligible"
    item = matched(cat, dt.date(2025, 1, 1), revenue=800000)
    assert item.verdict == "ineligible" and item.conditions[0].actual_text == "800,000.00 元 ≥ 84,000.00 元 × 10"
    assert matched(cat, dt.date(2025, 1, 1), revenue=840000).benefit.amount == Decimal("42000.00")
    assert matched(cat, dt.date(2024, 3, 1), revenue=840000).benefit.amount == Decimal("40000.00")
    # Before the first period (an item asked about before it is in force): no value, unknown.
    facts = facts_from_mapping({"revenue": 840000}, {}, dt.date(2023, 6, 1))
    assert cat.items[0].rule.verdict(facts)[0] == "unknown"


def test_parameter_gaps():
    p = Parameter("w", "工资", "money", None, (Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), Decimal(1), "甲"),
                                             Period(dt.date(2025, 2, 1), None, Decimal(2), "乙")))
    assert p.gap(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) is None
    assert p.gap(dt.date(2024, 6, 1), None) == "2025-01-01 没有取值"
    assert p.gap(dt.date(2025, 2, 1), None) is None
    assert p.gap(dt.date(2023, 12, 31), dt.date(2024, 2, 1)) == "2023-12-31 没有取值"
    assert p.gap(None, dt.date(2024, 2, 1)).startswith("生效之初")
    assert p.value_on(dt.date(2025, 1, 15)) is None and p.value_on(dt.date(2025, 2, 1)) == Decimal(2)


def test_a_stored_item_compiles_alone_from_its_content():
    cat = catalogue({"all": [{"def": "slp"}, {"fact": "ratio", "op": ">=", "value": 1}]}, "wage * ratio")
    (item,) = cat.items
    content = item.content()
    assert [d["name"] for d in content["definitions"]] == ["ratio", "slp"]
    assert [p["name"] for p in content["parameters"]] == ["wage"]
    content.pop("document_id")
    stored = check_catalogue({"facts": FACTS, "documents": [{
        "id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
        "items": [{"id": "x-1", **content}]}]}, stored=True)
    (again,) = stored.items
    assert again.content_hash() == item.content_hash()
    one = matched(cat, taxable_income=1, employees=100, disabled_employees=2)
    two = matched(stored, taxable_income=1, employees=100, disabled_employees=2)
    assert (one.verdict, one.benefit.amount) == (two.verdict, two.benefit.amount) == ("eligible", Decimal("160000.00"))
    assert plain(again.rule_data) == plain(item.rule_data)


def test_items_without_definitions_keep_their_content_unchanged():
    cat = catalogue({"fact": "employees", "op": ">=", "value": 1})
    assert "definitions" not in cat.items[0].content() and "parameters" not in cat.items[0].content()


@pytest.mark.parametrize("rule, words", [
    ({"def": "nosuch"}, "未知的定义「nosuch」"),
    ({"def": "ratio"}, "是数量定义"),
    ({"fact": "slp", "op": "==", "value": True}, "未知的事实「slp」"),
    ({"expr": "slp"}, "是条件定义"),
    ({"expr": "ratio >= '1'"}, "类型不同"),
])
def test_wrong_uses_of_definitions_are_refused(rule, words):
    with pytest.raises(CatalogueRejected) as info:
        catalogue(rule)
    assert any(words in p.message for p in info.value.problems), [str(p) for p in info.value.problems]


def test_run_golden_uses_parameters():
    data = {"facts": FACTS, "parameters": PARAMS, "definitions": DEFS, "documents": [{
        "id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
        "effective_from": "2024-01-01", "items": [{
            "id": "x-1", "title": "事项", "department": "局", "mode": "online",
            "rule": {"all": [{"def": "slp"}, {"fact": "ratio", "op": "<", "value": 1.5}, {"expr": "revenue >= wage"}]},
            "benefit": {"formula": "wage * 0.1"},
            "tests": [{"name": "2025", "as_of": "2025-03-01", "verdict": "eligible", "amount": "8400.00",
                       "enterprise": {"taxable_income": 1, "employees": 250, "disabled_employees": 3, "revenue": 90000}},
                      {"name": "2024", "as_of": "2024-03-01", "verdict": "eligible", "amount": "8000.00",
                       "enterprise": {"taxable_income": 1, "employees": 250, "disabled_employees": 3, "revenue": 90000}}]}]}]}
    cat = check_catalogue(data)
    results = run_golden(cat.items[0], {f.name: f for f in cat.facts})
    assert [r.passed for r in results] == [True, True], [r.message for r in results]
