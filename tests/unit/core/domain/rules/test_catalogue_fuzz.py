"""No catalogue text can make ``match`` or ``rules test`` raise (issue 15, item 8).

Hypothesis writes catalogue files whose expressions, quantity formulas, benefit formulas,
parameters and golden-test values are drawn from the pieces authors write, well or badly
(wrong types, quoted numbers and flags, dates that are no dates, unknown names, division by
zero, cycles). Each file is either refused, every problem naming a field, or accepted; an
accepted one then runs its golden tests and matches random enterprises without an exception.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kuaixiang_core.catalogue_files import load_file
from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue
from kuaixiang_core.domain.rules.match import Matcher, facts_from_mapping, run_golden

NAMES = ("employees", "revenue", "established", "size_class", "is_individual", "dishonest", "tags",
         "region_code", "disabled_employees", "first_cert", "wage", "ratio", "share", "p", "nosuch")
PIECES = (*NAMES, "0", "3", "1.5", "100", "'2025-01-01'", "'2025-13-01'", "'true'", "'large'", "'大型'", "'371502'",
          "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or", "not", "(", ")", ",",
          "min(", "max(", "if(", "round(", "true", "false")
soup = st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map(" ".join)
# Mostly numbers (what formulas are made of), some of every other kind.
numeric = st.sampled_from(("employees", "revenue", "disabled_employees", "wage", "ratio", "share", "0", "3", "1.5"))
operand = st.one_of(numeric, numeric, numeric,
                    st.sampled_from((*NAMES, "'2025-01-01'", "'true'", "'large'", "'371502'", "true")))


def _arith(operands):
    return st.builds(lambda first, rest: " ".join([first, *(f"{op} {x}" for op, x in rest)]), operands,
                     st.lists(st.tuples(st.sampled_from("+-*/"), operands), max_size=2))


def _compare(sides):
    return st.builds(lambda a, op, b: f"{a} {op} {b}", sides, st.sampled_from(("==", "!=", "<", "<=", ">", ">=")), sides)


sound = _arith(numeric)  # numbers only: well typed
arith = _arith(operand)  # any kind: often not
condition = st.one_of(_compare(sound), st.builds(lambda a, j, b: f"({a}) {j} ({b})", _compare(sound),
                                                 st.sampled_from(("and", "or")), _compare(arith)),
                      _compare(arith), st.builds(lambda a: f"not {a}", operand), soup)
number = st.one_of(sound, st.builds(lambda c, a, b: f"if({c}, {a}, {b})", condition, sound, arith),
                   st.builds(lambda a, b: f"min({a}, {b})", sound, arith), arith, soup)
source = st.one_of(condition, number)
values = st.one_of(st.none(), st.integers(-10**6, 10**6), st.booleans(), st.text(max_size=6),
                   st.floats(allow_nan=True, allow_infinity=True), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)),
                   st.lists(st.text(max_size=3), max_size=2), st.sampled_from(("large", "2025-01-01", "true", "3")))
typed = st.fixed_dictionaries({}, optional={
    "employees": st.integers(0, 500), "revenue": st.integers(0, 10**8), "established": st.dates(dt.date(1990, 1, 1)),
    "size_class": st.sampled_from(("large", "medium", "small", "micro")), "is_individual": st.booleans(),
    "dishonest": st.booleans(), "region_code": st.sampled_from(("371502", "371581")),
    "disabled_employees": st.integers(0, 9), "first_cert": st.booleans(), "tags": st.just(["高新技术企业"])})
anything = st.dictionaries(st.sampled_from(("employees", "revenue", "established", "size_class", "is_individual",
                                              "dishonest", "tags", "region_code", "disabled_employees", "first_cert")),
                             values, max_size=6)
enterprise = st.one_of(typed, typed, typed, anything)


@st.composite
def catalogues(draw) -> dict:
    rule = draw(st.one_of(
        st.builds(lambda s: {"expr": s}, condition),
        st.just({"expr": "revenue >= wage * 2 and ratio < 1.5"}),
        st.builds(lambda op, v: {"fact": "ratio", "op": op, "value": v}, st.sampled_from(("<", ">=", "==", "between")), values),
        st.just({"def": "p"}),
        st.builds(lambda s: {"all": [{"def": "p"}, {"expr": s}]}, condition),
    ))
    wage_values = draw(st.sampled_from((
        [{"from": "2024-01-01", "value": 80000, "source": "甲"}],
        [{"from": "2024-01-01", "to": "2024-12-31", "value": 80000}, {"from": "2025-01-01", "value": "84000"}],
        [{"from": "2024-01-01", "value": 80000, "source": "甲"}],
        [{"from": "2024-01-01", "to": "2024-06-30", "value": "8万"}],
        [{"from": "2025-01-01", "value": 1}],
    )))
    return {
        "format": 1,
        "facts": [{"name": "disabled_employees", "type": "number", "label": "残疾人数",
                   # evidence (issue 15, item 10): usually a name, sometimes too long or not text
                   **draw(st.sampled_from(({}, {"evidence": "残疾人证"}, {"evidence": "证" * 61}, {"evidence": ["x"]})))},
                  {"name": "first_cert", "type": "bool", "label": "首次认定"}],
        "parameters": [{"name": "wage", "label": "平均工资", "type": "money", "values": wage_values}],
        "definitions": [
            {"name": "ratio", "label": "比例", "type": "percent", "formula": draw(st.one_of(*[st.just("disabled_employees / employees")] * 3, number))},
            {"name": "share", "label": "份额", "formula": draw(st.sampled_from(("ratio / 2", "ratio - wage", "employees / 0", "ratio / 2", "share + 1")))},
            {"name": "p", "label": "条件", "rule": draw(st.sampled_from((
                {"all": [{"fact": "employees", "op": ">=", "value": 1}]},
                {"all": [{"fact": "employees", "op": ">=", "value": 1}]}, {"expr": "ratio >= 1.5"},
                {"all": [{"expr": "ratio >= 1.5"}]}, {"def": "p"}, {"any": [{"expr": "share > wage"}, {"fact": "tags", "op": "has", "value": "高新技术企业"}]})))},
        ],
        "documents": [{
            "id": "d-1", "title": "文件", "issuer": "局",
            # levels (item 4): every level, and a region of the wrong shape for one
            **draw(st.sampled_from(({"level": "市级", "region": "371500"}, {"level": "国家级", "region": "100000"},
                                    {"level": "省级", "region": "370000"}, {"level": "县级", "region": "371502"},
                                    {"level": "省级", "region": "371502"}))),
            "effective_from": "2024-01-01",
            "items": [{
                "id": "x-1", "title": "事项", "department": "局", "mode": "online", "rule": rule,
                "benefit": {"formula": draw(st.one_of(*[st.just("wage * 0.1 + ratio")] * 2, number)),
                            # kinds (item 5): rate_cut and an unknown kind are refused with a formula
                            **draw(st.sampled_from(({}, {"kind": "deduction"}, {"kind": "in_kind"}, {"kind": "rate_cut"},
                                                    {"kind": "voucher"})))},
                "tests": [{"name": "t", "as_of": draw(st.sampled_from(("2024-06-30", "2026-01-01"))),
                           "enterprise": draw(enterprise),
                           "verdict": draw(st.sampled_from(("eligible", "ineligible", "unknown")))}],
            }],
        }],
    }


def imported_or_refused(data, dump=yaml.safe_dump):
    """The catalogue the importer makes of ``data`` written as a file, or None when it refuses
    it, every problem then naming its field and what is wrong."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_text(dump(data, allow_unicode=True), encoding="utf-8")
        try:
            cat = check_catalogue(load_file(path))
        except CatalogueRejected as exc:
            assert exc.problems and all(p.field and p.message for p in exc.problems)
            event("refused")
            return None
    event("accepted")
    return cat


def golden_tests_give_results(cat) -> dict:
    """Every item's golden tests run (``rules test``): a result each, never an exception; the
    catalogue's declared facts returned."""
    declared = {f.name: f for f in cat.facts}
    for item in cat.items:
        for result in run_golden(item, declared):
            assert result.passed or result.message
    return declared


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=catalogues(), people=st.lists(enterprise, min_size=1, max_size=3),
       as_of=st.dates(dt.date(2023, 1, 1), dt.date(2027, 1, 1)))
def test_no_catalogue_makes_match_or_rules_test_raise(data, people, as_of):
    cat = imported_or_refused(data)
    if cat is None:
        return
    declared = golden_tests_give_results(cat)
    matcher = Matcher(cat.items)
    for person in people:
        try:
            facts = facts_from_mapping(person, declared, as_of)
        except ValueError:
            continue  # not an enterprise record: values are typed when records are imported
        for found in matcher.match(facts, include_ineligible=True):
            found.matched().to_json()
        matcher.clerk_items(facts)


GOOD = {
    "parameters": [{"name": "wage", "label": "平均工资", "type": "money",
                    "values": [{"from": "2024-01-01", "to": "2024-12-31", "value": 80000, "source": "甲"},
                               {"from": "2025-01-01", "value": "84000", "source": "乙"}]}],
    "definitions": [
        {"name": "ratio", "label": "比例", "type": "percent", "formula": "disabled_employees / employees"},
        {"name": "share", "label": "份额", "formula": "ratio / 2"},
        {"name": "p", "label": "条件", "rule": {"any": [{"expr": "share > wage"}, {"fact": "employees", "op": ">=", "value": 1}]}},
    ],
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=condition, formula=number, people=st.lists(typed, min_size=1, max_size=3),
       as_of=st.dates(dt.date(2023, 1, 1), dt.date(2027, 1, 1)), test=typed)
def test_no_expression_or_formula_an_author_writes_makes_match_or_rules_test_raise(expr, formula, people, as_of, test):
    """The definitions and parameters well formed, the expression and the formula drawn: far
    more of these are accepted, and so matched."""
    data = {
        "format": 1,
        "facts": [{"name": "disabled_employees", "type": "number", "label": "残疾人数"},
                  {"name": "first_cert", "type": "bool", "label": "首次认定"}],
        **GOOD,
        "documents": [{"id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
                       "effective_from": "2024-01-01",
                       "items": [{"id": "x-1", "title": "事项", "department": "局", "mode": "online",
                                  "rule": {"all": [{"def": "p"}, {"expr": expr}]}, "benefit": {"formula": formula},
                                  "tests": [{"name": "t", "as_of": "2024-06-30", "enterprise": test, "verdict": "eligible"}]}]}],
    }
    try:
        cat = check_catalogue(data)
    except CatalogueRejected as exc:
        assert exc.problems and all(p.field and p.message for p in exc.problems)
        event("refused")
        return
    event("accepted")
    declared = {f.name: f for f in cat.facts}
    (item,) = cat.items
    assert all(r.passed or r.message for r in run_golden(item, declared))
    matcher = Matcher(cat.items)
    for person in people:
        facts = facts_from_mapping(person, declared, as_of)
        for found in matcher.match(facts, include_ineligible=True):
            found.matched().to_json()
        matcher.clerk_items(facts)
