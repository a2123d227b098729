"""SQL and Python agree on rules that use expressions, definitions and parameters (issue 15).

The same contract as test_rule_sql: ``WHERE <compile_rule(...)>`` keeps exactly the eligible
enterprises, and the rule's negation exactly the ineligible ones. The rules drawn here mix the
leaves of test_rule_sql with computed conditions: arithmetic and comparisons of facts,
parameters (with a period that leaves some as-of dates without a value) and constants;
quantity definitions (a percentage among them); predicate definitions, one using another.

Expressions are drawn where decimal and binary floating point give the same answers: SQLite
computes in doubles, the engine in decimals, and the two agree on a comparison unless its sides
are equal in one and not in the other. Divisions are of whole numbers (correctly rounded in
both), multipliers are powers of two, and sums are of whole numbers; a percent quantity is
compared unscaled in SQL (rule_sql.computed) for the same reason. docs/rules.md says so.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rule_sql import (
    AS_OF_DATES,
    World,
    _Drawn,
    _Seeded,
    _three_records,
    add_fact_definitions,
    load,
    make_record,
    make_rule,
    scratch_db,
)

from kuaixiang_core.domain.rules.catalogue_scope import CatalogueScope

PARAMETERS = [
    {"name": "wage", "label": "平均工资", "type": "money", "values": [
        {"from": "2023-01-01", "to": "2024-12-31", "value": 78000, "source": "聊人社发〔2023〕1号"},
        {"from": "2025-01-01", "value": 82000, "source": "聊人社发〔2025〕1号"}]},
    # No value before 2024 or after 2025: a condition on it is unknown then, on both sides.
    {"name": "staff_floor", "label": "人数下限", "type": "number", "values": [
        {"from": "2024-01-01", "to": "2025-12-31", "value": 20}]},
]
DEFINITIONS = [
    {"name": "staff_ratio", "label": "参保比例", "type": "percent", "formula": "insured_employees / employees"},
    {"name": "headcount", "label": "人数合计", "formula": "employees + insured_employees"},
    {"name": "big_enough", "label": "规模达标", "rule": {"all": [
        {"fact": "employees", "op": ">=", "value": 10}, {"expr": "revenue >= wage * 2"}]}},
    {"name": "either", "label": "任一达标", "rule": {"any": [
        {"def": "big_enough"}, {"fact": "headcount", "op": ">", "value": 100}]}},
]

WHOLE = ("employees", "insured_employees", "age_years", "insured_months", "headcount")
MONEY = ("revenue", "total_assets", "registered_capital", "unemployment_premium_paid", "rd_expense")
POWERS = ("0.5", "2", "4", "1")
BOUNDS = ("0", "1", "0.5", "0.8", "1.5", "2", "3", "12", "20", "100")


@pytest.fixture
def world(db, backend):
    """test_rule_sql's sixty seeded enterprises (its fixed_world), on SQLite and PostgreSQL."""
    declared = add_fact_definitions(db)
    chooser = _Seeded(20240630)
    records = [make_record(chooser, i) for i in range(1, 61)]
    load(db, records)
    return World(db, records, declared, backend)


@pytest.fixture(scope="module")
def three_world(backend):
    """test_rule_sql's three hand-made enterprises (its three)."""
    with scratch_db() as db:
        declared = add_fact_definitions(db)
        records = _three_records()
        load(db, records)
        yield World(db, records, declared, backend)


def make_scope(world) -> CatalogueScope:
    problems: list = []
    scope = CatalogueScope(world.declared, [(f"parameters[{i}]", p) for i, p in enumerate(PARAMETERS)],
                           [(f"definitions[{i}]", d) for i, d in enumerate(DEFINITIONS)],
                           lambda *p: problems.append(p))
    assert not problems, problems
    return scope


def make_expr(c, depth: int = 2) -> str:
    kind = c.choice(("ratio", "scaled", "sum", "facts", "param", "minmax", "if", "date", "text", "bool",
                     *(("and", "or", "not") if depth else ())))
    op = c.choice(("<", "<=", ">", ">=", "==", "!="))
    if kind == "ratio":
        return f"{c.choice(WHOLE)} / {c.choice(WHOLE)} {op} {c.choice(BOUNDS)}"
    if kind == "scaled":
        return f"{c.choice(MONEY)} {op} {c.choice(MONEY)} * {c.choice(POWERS)}"
    if kind == "sum":
        return f"{c.choice(WHOLE)} + {c.choice(WHOLE)} - {c.choice(WHOLE)} {op} {c.choice(('0', '10', '24', '36'))}"
    if kind == "facts":
        group = c.choice((WHOLE, MONEY))
        return f"{c.choice(group)} {op} {c.choice(group)}"
    if kind == "param":
        return c.choice((f"revenue {op} wage * {c.choice(POWERS)}", f"employees {op} staff_floor",
                         f"headcount - staff_floor {op} 0"))
    if kind == "minmax":
        return f"{c.choice(('min', 'max'))}({c.choice(WHOLE)}, {c.choice(WHOLE)}) {op} {c.choice(('0', '10', '12', '20'))}"
    if kind == "if":
        return f"if(has_export, employees, insured_employees) {op} {c.choice(('0', '10', '20'))}"
    if kind == "date":
        return c.choice((f"certified_on {op} established", f"established {op} '2014-06-30'"))
    if kind == "text":
        return c.choice(("size_class == 'small'", "park != '高新区'", "region_code == '371502'", "industry_section == 'C'"))
    if kind == "bool":
        return c.choice(("has_export", "not dishonest", "has_export == is_individual"))
    if kind == "not":
        return f"not ({make_expr(c, depth - 1)})"
    return f"({make_expr(c, depth - 1)}) {kind} ({make_expr(c, depth - 1)})"


def make_computed_leaf(c) -> dict:
    kind = c.choice(("expr", "expr", "ratio", "headcount", "def"))
    if kind == "expr":
        return {"expr": make_expr(c)}
    if kind == "ratio":
        return {"fact": "staff_ratio", "op": c.choice(("<", "<=", ">", ">=", "==", "!=")),
                "value": c.choice((0, 50, 66.67, 80, 100, 120))}
    if kind == "headcount":
        if c.chance(30):
            return {"fact": "headcount", "op": "between", "value": [10, 30]}
        return {"fact": "headcount", "op": c.choice(("<", ">=", "==")), "value": c.choice((10, 20, 24))}
    return {"def": c.choice(("big_enough", "either"))}


def make_mixed_rule(c, world, depth: int = 3) -> dict:
    kind = "leaf" if depth == 0 else c.choice(("leaf", "leaf", "all", "any", "not"))
    if kind == "leaf":
        return make_computed_leaf(c) if c.chance(70) else make_rule(c, world.pools, world.known, 0)
    if kind == "not":
        return {"not": make_mixed_rule(c, world, depth - 1)}
    return {kind: [make_mixed_rule(c, world, depth - 1) for _ in range(c.integer(1, 3))]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_agrees_with_python_on_rules_with_expressions_definitions_and_parameters(world, data):
    world.scope = make_scope(world)
    c = _Drawn(data)
    world.check_both(make_mixed_rule(c, world), c.choice(AS_OF_DATES))


def test_division_by_zero_and_a_parameter_without_a_value_are_unknown_on_both_sides(three_world):
    three = three_world
    three.scope = make_scope(three)
    try:
        # The enterprise with no employees recorded (NONE) and a zero divisor alike: unknown.
        verdicts = three.check({"expr": "employees / (employees - employees) > 1"}, dt.date(2024, 6, 30))
        assert set(verdicts.values()) == {"unknown"}
        # staff_floor has no value in 2023: every enterprise is unknown, not ineligible.
        verdicts = three.check({"expr": "employees >= staff_floor"}, dt.date(2023, 6, 30))
        assert set(verdicts.values()) == {"unknown"}
        verdicts = three.check({"expr": "employees >= staff_floor"}, dt.date(2024, 6, 30))
        assert sorted(verdicts.values()) == ["eligible", "ineligible", "unknown"]  # 20, 10, none
        # 8 of 10 insured is 80%: on the bound, on both sides.
        assert three.check({"fact": "staff_ratio", "op": ">=", "value": 80}, dt.date(2024, 6, 30))
    finally:
        three.scope = None
