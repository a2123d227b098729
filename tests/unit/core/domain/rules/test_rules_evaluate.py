"""Three-valued evaluation (domain.rules.evaluate): Kleene logic of all/any/not, verdicts, the
lines of the 'why', tags on the as-of date, computed facts and the facts a record lacks.

(Near misses are checked against a brute-force oracle in tests/unit/test_near_miss.py.)
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain.enterprise import Tag
from kuaixiang_core.domain.rules.evaluate import (
    ELIGIBLE,
    INELIGIBLE,
    UNKNOWN,
    CompiledRule,
    Facts,
    age_years,
    result,
)
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.domain.rules.tree import parse_rule

DAY = dt.date(2026, 6, 1)
T, F, U = True, False, None
P = {f"p{i}": FactSpec(f"p{i}", "bool", f"条件{i}") for i in range(6)}
DECLARED = {**P, "layoff_rate": FactSpec("layoff_rate", "percent", "裁员率", "%")}


def p(i: int) -> dict:
    """A condition that holds when p<i> is true, fails when it is false, unknown when absent."""
    return {"fact": f"p{i}", "op": "==", "value": True}


def compiled(rule: dict) -> CompiledRule:
    return CompiledRule(parse_rule(rule, DECLARED))


def answers_facts(*answers: bool | None, as_of: dt.date = DAY) -> Facts:
    return Facts({f"p{i}": a for i, a in enumerate(answers) if a is not None}, [], as_of)


def verdict(rule: dict, *answers: bool | None) -> str:
    return compiled(rule).verdict(answers_facts(*answers))[0]


# Kleene's strong logic as an order: false < unknown < true; and is min, or is max.
_RANK = {F: 0, U: 1, T: 2}
_BY_RANK = {0: F, 1: U, 2: T}
_NAME = {T: ELIGIBLE, F: INELIGIBLE, U: UNKNOWN}


def _min(values):
    return _BY_RANK[min(_RANK[v] for v in values)]


def _max(values):
    return _BY_RANK[max(_RANK[v] for v in values)]


# --- truth tables ------------------------------------------------------------------------

TRIPLE = [T, F, U]


@pytest.mark.parametrize("a, b", list(itertools.product(TRIPLE, TRIPLE)))
def test_all_is_kleene_and(a, b):
    rule = {"all": [p(0), {"any": [p(1)]}]}  # the any keeps it off the flat fast path
    assert result(compiled(rule).root, answers_facts(a, b)) is _min([a, b])
    assert verdict({"all": [p(0), p(1)]}, a, b) == _NAME[_min([a, b])]  # the flat fast path agrees


@pytest.mark.parametrize("a, b", list(itertools.product(TRIPLE, TRIPLE)))
def test_any_is_kleene_or(a, b):
    rule = {"any": [p(0), p(1)]}
    assert result(compiled(rule).root, answers_facts(a, b)) is _max([a, b])
    assert verdict(rule, a, b) == _NAME[_max([a, b])]


@pytest.mark.parametrize("a, expected", [(T, F), (F, T), (U, U)])
def test_not_flips_and_leaves_unknown_alone(a, expected):
    assert result(compiled({"not": p(0)}).root, answers_facts(a)) is expected


def test_an_absent_fact_and_a_none_fact_are_both_unknown():
    rule = compiled(p(0))
    assert rule.verdict(Facts({}, [], DAY))[0] == UNKNOWN
    assert rule.verdict(Facts({"p0": None}, [], DAY))[0] == UNKNOWN


@pytest.mark.parametrize(
    "rule, answers, expected",
    [
        (p(0), (T,), ELIGIBLE),
        (p(0), (F,), INELIGIBLE),
        (p(0), (U,), UNKNOWN),
        ({"all": [p(0), p(1), p(2)]}, (T, T, T), ELIGIBLE),
        ({"all": [p(0), p(1), p(2)]}, (T, U, T), UNKNOWN),
        ({"all": [p(0), p(1), p(2)]}, (U, U, F), INELIGIBLE),  # one failure decides, unknowns or not
        ({"any": [p(0), p(1), p(2)]}, (F, F, T), ELIGIBLE),
        ({"any": [p(0), p(1), p(2)]}, (U, U, T), ELIGIBLE),  # one success decides
        ({"any": [p(0), p(1), p(2)]}, (F, U, F), UNKNOWN),
        ({"any": [p(0), p(1), p(2)]}, (F, F, F), INELIGIBLE),
        ({"not": p(0)}, (T,), INELIGIBLE),
        ({"not": p(0)}, (U,), UNKNOWN),
        ({"not": {"all": [p(0), p(1)]}}, (F, U), ELIGIBLE),
        ({"not": {"all": [p(0), p(1)]}}, (T, U), UNKNOWN),
        ({"not": {"any": [p(0), p(1)]}}, (F, U), UNKNOWN),
        ({"not": {"any": [p(0), p(1)]}}, (U, T), INELIGIBLE),
        ({"all": [p(0), {"any": [p(1), {"not": p(2)}]}]}, (T, F, F), ELIGIBLE),
        ({"all": [p(0), {"any": [p(1), {"not": p(2)}]}]}, (T, F, T), INELIGIBLE),
        ({"all": [p(0), {"any": [p(1), {"not": p(2)}]}]}, (T, U, T), UNKNOWN),
        ({"all": [p(0), {"any": [p(1), {"not": p(2)}]}]}, (F, U, U), INELIGIBLE),
        ({"any": [{"all": [p(0), p(1)]}, {"all": [p(2), p(3)]}]}, (T, U, T, T), ELIGIBLE),
        ({"any": [{"all": [p(0), p(1)]}, {"all": [p(2), p(3)]}]}, (T, U, F, T), UNKNOWN),
        ({"any": [{"all": [p(0), p(1)]}, {"all": [p(2), p(3)]}]}, (T, F, F, T), INELIGIBLE),
        ({"all": [{"not": {"not": p(0)}}]}, (T,), ELIGIBLE),
    ],
)
def test_verdict_for_each_shape(rule, answers, expected):
    assert verdict(rule, *answers) == expected


# --- Kleene laws (hypothesis) ------------------------------------------------------------


def _rules(depth: int):
    leaf = st.integers(0, 3).map(p)
    if depth == 1:
        return leaf
    sub = _rules(depth - 1)
    return st.one_of(
        leaf,
        sub.map(lambda r: {"not": r}),
        st.lists(sub, min_size=1, max_size=3).map(lambda c: {"all": c}),
        st.lists(sub, min_size=1, max_size=3).map(lambda c: {"any": c}),
    )


def _kleene(rule: dict, answers: tuple) -> bool | None:
    if "fact" in rule:
        return answers[int(rule["fact"][1:])]
    if "not" in rule:
        inner = _kleene(rule["not"], answers)
        return None if inner is None else not inner
    values = [_kleene(c, answers) for c in next(iter(rule.values()))]
    return _min(values) if "all" in rule else _max(values)


ANSWERS = st.tuples(*[st.sampled_from(TRIPLE)] * 4)
FLIP = {ELIGIBLE: INELIGIBLE, INELIGIBLE: ELIGIBLE, UNKNOWN: UNKNOWN}
LAWS = settings(max_examples=150, deadline=None, database=None)


@LAWS
@given(rule=_rules(5), answers=ANSWERS)
def test_the_verdict_is_kleene_logic(rule, answers):
    assert verdict(rule, *answers) == _NAME[_kleene(rule, answers)]


@LAWS
@given(rule=_rules(5), answers=ANSWERS)
def test_not_not_x_is_x_and_not_x_flips_x(rule, answers):
    plain = verdict(rule, *answers)
    assert verdict({"not": {"not": rule}}, *answers) == plain
    assert verdict({"not": rule}, *answers) == FLIP[plain]


@LAWS
@given(children=st.lists(_rules(4), min_size=1, max_size=5), kind=st.sampled_from(["all", "any"]),
       answers=ANSWERS, data=st.data())
def test_the_order_of_children_does_not_matter(children, kind, answers, data):
    shuffled = data.draw(st.permutations(children))
    assert verdict({kind: shuffled}, *answers) == verdict({kind: children}, *answers)


@LAWS
@given(children=st.lists(_rules(4), min_size=1, max_size=4), answers=ANSWERS)
def test_de_morgan(children, answers):
    negated = [{"not": c} for c in children]
    assert verdict({"not": {"all": children}}, *answers) == verdict({"any": negated}, *answers)
    assert verdict({"not": {"any": children}}, *answers) == verdict({"all": negated}, *answers)


@LAWS
@given(rule=_rules(5), answers=ANSWERS)
def test_a_single_child_and_a_repeated_child_change_nothing(rule, answers):
    plain = verdict(rule, *answers)
    assert verdict({"all": [rule]}, *answers) == plain
    assert verdict({"any": [rule]}, *answers) == plain
    assert verdict({"all": [rule, rule]}, *answers) == plain
    assert verdict({"any": [rule, rule]}, *answers) == plain


@LAWS
@given(indices=st.lists(st.integers(0, 5), min_size=1, max_size=6), answers=st.tuples(*[st.sampled_from(TRIPLE)] * 6))
def test_the_flat_fast_path_agrees_with_the_tree_walk(indices, answers):
    flat = compiled({"all": [p(i) for i in indices]})
    walked = compiled({"any": [{"all": [p(i) for i in indices]}]})
    assert flat.flat is not None and walked.flat is None
    facts = answers_facts(*answers)
    (v1, b1), (v2, b2) = flat.verdict(facts), walked.verdict(facts)
    assert v1 == v2 == _NAME[_min([answers[i] for i in indices])]
    assert [(leaf.fact, want) for leaf, want in b1] == [(leaf.fact, want) for leaf, want in b2]


def test_near_miss_blockers_from_the_flat_path():
    rule = compiled({"all": [p(0), p(1), p(2)]})
    verdict_, blockers = rule.verdict(answers_facts(T, F, U))
    assert verdict_ == INELIGIBLE
    assert [(leaf.fact, want) for leaf, want in blockers] == [("p1", True)]
    assert rule.verdict(answers_facts(F, F, T)) == (INELIGIBLE, [])  # two in the way: not a near miss
    assert rule.verdict(answers_facts(T, U, T)) == (UNKNOWN, [])


def test_near_miss_can_be_left_unlooked_for_on_a_tree():
    rule = compiled({"all": [p(0), {"not": p(1)}]})
    assert [(leaf.fact, want) for leaf, want in rule.verdict(answers_facts(T, T))[1]] == [("p1", False)]
    assert rule.verdict(answers_facts(T, T), near_miss=False) == (INELIGIBLE, [])


# --- the lines of the 'why' --------------------------------------------------------------

WHY_RULE = {
    "all": [
        {"fact": "employees", "op": ">=", "value": 10, "clause": "第一条"},
        {"fact": "revenue", "op": "<", "value": 5000000, "clause": "第二条"},
        {"not": {"fact": "dishonest", "op": "==", "value": True, "clause": "第四条"}},
        {"fact": "tags", "op": "has", "value": "高新技术企业", "clause": "第五条"},
        {"fact": "established", "op": "between", "value": ["2015-01-01", "2020-12-31"]},
        {"fact": "layoff_rate", "op": "<=", "value": 5.5, "clause": "第二条(二)"},
    ]
}


def test_each_condition_has_a_line_with_value_expected_result_and_clause():
    rule = compiled(WHY_RULE)
    facts = Facts(
        {"employees": Decimal(12), "revenue": None, "dishonest": False,
         "established": dt.date(2018, 5, 1), "layoff_rate": Decimal("6.25")},
        [Tag("规上企业")],
        DAY,
    )
    lines = [line.to_json() for line in rule.trace(facts)]
    assert lines == [
        {"text": "从业人员 ≥ 10 人", "fact": "employees", "label": "从业人员", "op": ">=", "expected": "10",
         "clause": "第一条", "actual": "12", "actual_text": "12 人", "result": "pass"},
        {"text": "营业收入 < 5,000,000.00 元", "fact": "revenue", "label": "营业收入", "op": "<",
         "expected": "5000000", "clause": "第二条", "actual": None, "actual_text": "（无数据）", "result": "unknown"},
        # under a not the sentence and the answer are turned round: pass is good for the enterprise
        {"text": "不是失信主体", "fact": "dishonest", "label": "失信主体", "op": "not ==", "expected": True,
         "clause": "第四条", "actual": False, "actual_text": "否", "result": "pass"},
        {"text": "具有有效的「高新技术企业」资质", "fact": "tags", "label": "资质", "op": "has",
         "expected": "高新技术企业", "clause": "第五条", "actual": ["规上企业"], "actual_text": "规上企业", "result": "fail"},
        {"text": "成立日期在 2015-01-01 至 2020-12-31 之间", "fact": "established", "label": "成立日期",
         "op": "between", "expected": ["2015-01-01", "2020-12-31"], "clause": None, "actual": "2018-05-01",
         "actual_text": "2018-05-01", "result": "pass"},
        {"text": "裁员率 ≤ 5.5%", "fact": "layoff_rate", "label": "裁员率", "op": "<=", "expected": "5.5",
         "clause": "第二条(二)", "actual": "6.25", "actual_text": "6.25%", "result": "fail"},
    ]
    assert rule.structure == ["all[0]", "all[1]", "all[2].not", "all[3]", "all[4]", "all[5]"]
    assert rule.verdict(facts)[0] == INELIGIBLE
    assert rule.missing_facts(facts) == ["revenue"]


def test_a_line_under_not_that_fails_and_one_that_is_unknown():
    rule = compiled({"all": [{"not": {"fact": "dishonest", "op": "==", "value": True}},
                             {"not": {"fact": "employees", "op": ">=", "value": 100}}]})
    dishonest = rule.trace(Facts({"dishonest": True}, [], DAY))
    assert (dishonest[0].result, dishonest[0].actual_text, dishonest[0].text) == ("fail", "是", "不是失信主体")
    assert (dishonest[1].result, dishonest[1].op, dishonest[1].text) == ("unknown", "not >=", "从业人员 < 100 人")
    honest = rule.trace(Facts({"dishonest": False, "employees": Decimal(99)}, [], DAY))
    assert [line.result for line in honest] == ["pass", "pass"]


def test_the_line_follows_the_value_of_each_enterprise():
    rule = compiled({"fact": "employees", "op": ">=", "value": 10})
    for employees, expected in ((Decimal(9), "fail"), (Decimal(10), "pass"), (None, "unknown"), (Decimal("10.0"), "pass")):
        [line] = rule.trace(Facts({"employees": employees}, [], DAY))
        assert line.result == expected
        assert line.to_json()["actual"] == (None if employees is None else str(employees))  # 10.0 is shown as written
    assert rule.structure is None  # a plain list of conditions


def test_the_trace_agrees_with_the_verdict_of_a_plain_list():
    rule = compiled({"all": [p(0), p(1), p(2)]})
    for answers in itertools.product(TRIPLE, repeat=3):
        facts = answers_facts(*answers)
        results = [line.result for line in rule.trace(facts)]
        assert results == [{T: "pass", F: "fail", U: "unknown"}[a] for a in answers]
        expected = INELIGIBLE if "fail" in results else UNKNOWN if "unknown" in results else ELIGIBLE
        assert rule.verdict(facts)[0] == expected


def test_conditions_on_one_fact_get_their_own_answers():
    rule = compiled({"all": [{"fact": "employees", "op": ">=", "value": 10},
                             {"fact": "employees", "op": ">=", "value": 20}]})
    facts = Facts({"employees": Decimal(15)}, [], DAY)
    assert [line.result for line in rule.trace(facts)] == ["pass", "fail"]
    assert [facts.answer(leaf) for leaf in rule.leaves] == [True, False]
    assert rule.verdict(facts) == (INELIGIBLE, [(rule.leaves[1], True)])


# --- tags on the as-of date --------------------------------------------------------------

HAS_HNTE = {"fact": "tags", "op": "has", "value": "高新技术企业"}


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (dt.date(2023, 12, 31), INELIGIBLE),
        (dt.date(2024, 1, 1), ELIGIBLE),  # valid_from is included
        (dt.date(2025, 6, 1), ELIGIBLE),
        (dt.date(2026, 12, 31), ELIGIBLE),  # valid_to is included
        (dt.date(2027, 1, 1), INELIGIBLE),
    ],
)
def test_a_tag_counts_only_on_days_it_is_valid(as_of, expected):
    tag = Tag("高新技术企业", valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2026, 12, 31))
    facts = Facts({}, [tag, Tag("规上企业")], as_of)
    assert compiled(HAS_HNTE).verdict(facts)[0] == expected
    assert ("高新技术企业" in facts.get("tags")) == (expected == ELIGIBLE)
    assert "规上企业" in facts.get("tags")


@pytest.mark.parametrize(
    "tag, as_of, holds",
    [
        (Tag("高新技术企业", valid_from=dt.date(2024, 1, 1)), dt.date(2099, 1, 1), True),  # open-ended
        (Tag("高新技术企业", valid_from=dt.date(2024, 1, 1)), dt.date(2023, 12, 31), False),
        (Tag("高新技术企业", valid_to=dt.date(2024, 1, 1)), dt.date(1990, 1, 1), True),
        (Tag("高新技术企业", valid_to=dt.date(2024, 1, 1)), dt.date(2024, 1, 2), False),
        ("高新技术企业", dt.date(1990, 1, 1), True),  # a bare name is valid on any date
        (Tag("高新技术企业 "), DAY, False),  # names are compared as they are
        (Tag("专精特新中小企业"), DAY, False),
    ],
)
def test_tag_validity(tag, as_of, holds):
    assert compiled(HAS_HNTE).verdict(Facts({}, [tag], as_of))[0] == (ELIGIBLE if holds else INELIGIBLE)


def test_no_tags_is_a_failure_not_an_unknown_and_never_missing():
    rule = compiled({"all": [HAS_HNTE, {"not": {"fact": "tags", "op": "has", "value": "失信"}}]})
    facts = Facts({}, [], DAY)
    assert rule.verdict(facts)[0] == INELIGIBLE
    assert [line.result for line in rule.trace(facts)] == ["fail", "pass"]
    assert rule.trace(facts)[0].actual_text == "无"
    assert rule.missing_facts(facts) == []


def test_given_tag_values_are_replaced_by_the_tags_valid_that_day():
    facts = Facts({"tags": ("高新技术企业",)}, [Tag("规上企业", valid_to=dt.date(2020, 1, 1))], DAY)
    assert facts.get("tags") == ()


# --- computed facts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "established, as_of, years",
    [
        (dt.date(2020, 6, 15), dt.date(2020, 6, 15), 0),
        (dt.date(2020, 6, 15), dt.date(2025, 6, 14), 4),  # the day before the anniversary
        (dt.date(2020, 6, 15), dt.date(2025, 6, 15), 5),  # the anniversary itself
        (dt.date(2020, 6, 15), dt.date(2025, 6, 16), 5),
        (dt.date(2020, 12, 31), dt.date(2021, 1, 1), 0),
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31), 0),
        (dt.date(2020, 1, 1), dt.date(2021, 1, 1), 1),
        # founded on 29 February: in a common year the year is full on 1 March
        (dt.date(2020, 2, 29), dt.date(2021, 2, 28), 0),
        (dt.date(2020, 2, 29), dt.date(2021, 3, 1), 1),
        (dt.date(2020, 2, 29), dt.date(2024, 2, 28), 3),
        (dt.date(2020, 2, 29), dt.date(2024, 2, 29), 4),
        # as of 29 February
        (dt.date(2019, 3, 1), dt.date(2020, 2, 29), 0),
        (dt.date(2019, 2, 28), dt.date(2020, 2, 29), 1),
    ],
)
def test_age_years_counts_full_years(established, as_of, years):
    assert age_years(established, as_of) == years
    facts = Facts({"established": established}, [], as_of)
    assert facts.get("age_years") == Decimal(years)
    assert isinstance(facts.get("age_years"), Decimal)
    rule = compiled({"fact": "age_years", "op": ">=", "value": years})
    assert rule.verdict(facts)[0] == ELIGIBLE
    assert compiled({"fact": "age_years", "op": ">=", "value": years + 1}).verdict(facts)[0] == INELIGIBLE


def _anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the year is full on 1 March
        return dt.date(day.year + years, 3, 1)


@settings(max_examples=300, deadline=None, database=None)
@given(established=st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)), days=st.integers(0, 60 * 366))
def test_age_years_is_the_number_of_anniversaries_passed(established, days):
    as_of = established + dt.timedelta(days=days)
    expected = 0
    while _anniversary(established, expected + 1) <= as_of:
        expected += 1
    assert age_years(established, as_of) == expected


def test_age_years_is_unknown_without_established_and_given_values_win():
    rule = compiled({"fact": "age_years", "op": ">=", "value": 3})
    facts = Facts({}, [], DAY)
    assert facts.get("age_years") is None
    assert rule.verdict(facts)[0] == UNKNOWN
    assert rule.missing_facts(facts) == ["age_years"]
    given_ = Facts({"established": dt.date(2025, 1, 1), "age_years": Decimal(10)}, [], DAY)
    assert given_.get("age_years") == Decimal(10)
    assert rule.verdict(given_)[0] == ELIGIBLE


@pytest.mark.parametrize(
    "code, employees, revenue, assets, size",
    [
        # 工业 (3451 is in section C): employees 从业人员 and revenue 营业收入 (元 here, 万元 in the standard)
        ("3451", 50, "5000000", None, "small"),  # 50 人, 500 万元
        ("3451", 50, "3000000", None, "small"),  # 300 万元: the small lower limit is included
        ("3451", 50, "2999999.99", None, "micro"),
        ("3451", 19, "50000000", None, "micro"),  # one indicator below small is enough for micro
        ("3451", 10, None, None, "micro"),  # micro whatever the unknown revenue
        ("3451", 300, "20000000", None, "medium"),  # 300 人, 2000 万元
        ("3451", 1000, "400000000", None, "large"),  # 1000 人, 40000 万元
        ("3451", 1000, "399999999.99", None, "medium"),
        ("3451", 50, None, None, None),  # not micro, and revenue unknown: undetermined
        # 租赁和商务服务业 (72): employees and assets 资产总额
        ("7211", 50, None, "10000000", "small"),  # 50 人, 1000 万元
        ("7211", 50, None, "999999", "micro"),  # 99.9999 万元 < 100
        (None, 50, "5000000", None, None),  # no industry: no class
        ("6610", 50, "5000000", None, None),  # 金融业 is not covered by the standard
    ],
)
def test_size_class_is_computed_from_the_standard(code, employees, revenue, assets, size):
    values = {
        "industry_code": code,
        "employees": Decimal(employees),
        "revenue": None if revenue is None else Decimal(revenue),
        "total_assets": None if assets is None else Decimal(assets),
    }
    facts = Facts(values, [], DAY)
    assert facts.get("size_class") == size
    rule = compiled({"fact": "size_class", "op": "in", "value": ["small", "micro"]})
    expected = UNKNOWN if size is None else ELIGIBLE if size in ("small", "micro") else INELIGIBLE
    assert rule.verdict(facts)[0] == expected
    assert rule.missing_facts(facts) == ([] if size else ["size_class"])


def test_a_given_size_class_wins_over_computing_it():
    facts = Facts({"industry_code": "3451", "employees": Decimal(5), "size_class": "large"}, [], DAY)
    assert facts.get("size_class") == "large"


@pytest.mark.parametrize(
    "code, section, division",
    [
        ("3451", "C", "34"),
        ("34", "C", "34"),
        ("0141", "A", "01"),
        ("6513", "I", "65"),
        ("7010", "K", "70"),
        ("C", "C", None),
        ("c", "C", None),
        ("9999", None, "99"),  # no such division: no section
        (None, None, None),
        ("", None, None),
    ],
)
def test_industry_section_and_division(code, section, division):
    facts = Facts({"industry_code": code}, [], DAY)
    assert facts.get("industry_section") == section
    assert facts.get("industry_division") == division
    rule = compiled({"all": [{"fact": "industry_section", "op": "==", "value": "C"},
                             {"fact": "industry_division", "op": "in", "value": ["34", "35"]}]})
    missing = sorted(name for name, v in (("industry_division", division), ("industry_section", section)) if v is None)
    assert rule.missing_facts(facts) == missing


def test_given_industry_facts_win_over_computing_them():
    facts = Facts({"industry_code": "3451", "industry_section": "Z", "industry_division": "00"}, [], DAY)
    assert (facts.get("industry_section"), facts.get("industry_division")) == ("Z", "00")


def test_facts_does_not_change_the_mapping_it_is_given():
    values = {"established": dt.date(2020, 1, 1), "industry_code": "3451", "employees": Decimal(10)}
    before = dict(values)
    Facts(values, [Tag("规上企业")], DAY)
    assert values == before


# --- missing facts -------------------------------------------------------------------------


def test_missing_facts_are_the_facts_the_record_lacks_sorted_once_each():
    rule = compiled({"all": [
        {"fact": "revenue", "op": ">=", "value": 1},
        {"any": [{"fact": "employees", "op": ">=", "value": 10}, {"fact": "employees", "op": "<", "value": 3}]},
        {"not": {"fact": "dishonest", "op": "==", "value": True}},
        {"fact": "layoff_rate", "op": "<=", "value": 5},
        HAS_HNTE,
    ]})
    facts = Facts({"revenue": Decimal(5), "dishonest": None}, [Tag("高新技术企业")], DAY)
    assert rule.missing_facts(facts) == ["dishonest", "employees", "layoff_rate"]
    assert rule.verdict(facts)[0] == UNKNOWN
    full = Facts({"revenue": Decimal(5), "dishonest": False, "employees": Decimal(50), "layoff_rate": Decimal(1)},
                 [Tag("高新技术企业")], DAY)
    assert rule.missing_facts(full) == []
    assert rule.verdict(full)[0] == ELIGIBLE
    assert rule.fact_names == ("dishonest", "employees", "layoff_rate", "revenue", "tags")


def test_an_ineligible_verdict_may_still_list_missing_facts():
    # The verdict is decided by the failure; the unknown is still named for the clerk.
    rule = compiled({"all": [{"fact": "employees", "op": ">=", "value": 10}, {"fact": "revenue", "op": ">=", "value": 1}]})
    facts = Facts({"employees": Decimal(1)}, [], DAY)
    assert rule.verdict(facts)[0] == INELIGIBLE
    assert rule.missing_facts(facts) == ["revenue"]
