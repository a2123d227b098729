"""The impact queries (政策沙盘, rule_sql.impact) agree with matching each enterprise under both
versions of an item, caps included (issue 15, docs/rules.md §13): the enterprises that gain
and lose eligibility are those Python matching (the rule, then ``apply_caps`` over the
enterprise's applications) finds eligible under one version only, and each side's summed
amount is the sum of what ``apply_caps`` leaves, on SQLite (the client's ``application``) and
PostgreSQL (the server's, by credit code).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rule_sql import AS_OF_DATES, COUNTIES, World, _Drawn
from test_rule_sql_caps import AMOUNTS_FEN, make_cap
from test_rule_sql_history import (
    HISTORY_ITEMS,
    make_mixed_rule,
    world_with_applications,
)

from kuaixiang_core.domain.rules.caps import Cap, apply_caps
from kuaixiang_core.domain.rules.catalogue import Benefit
from kuaixiang_core.domain.rules.evaluate import CompiledRule
from kuaixiang_core.domain.rules.formula import parse_formula
from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_core.domain.rules.tree import parse_rule
from kuaixiang_core.rule_sql.impact import CITY, NOT_ONLY_CAPS, Only, Side, changed_set_query, pair_queries

# Amounts exact in 分 whatever the facts (no half 分 for SQL's doubles to round otherwise), and
# one that is unknown where the declared fact is missing.
FORMULAS = ("employees * 150", "min(employees * 1000, 30000)", "rd_expense * 2")
FIXED = (Decimal(800), Decimal("12345.67"), Decimal(60000))


@pytest.fixture
def impact_world(db, backend):
    return world_with_applications(db, backend, 20261207, AMOUNTS_FEN)


def make_side(c, world: World, rule: dict | None = None, caps: tuple[Cap, ...] | None = None) -> Side:
    rule = rule if rule is not None else make_mixed_rule(c, world, 2)
    if c.chance(50):
        benefit = Benefit(amount=c.choice(FIXED))
    else:
        benefit = Benefit(formula=parse_formula(c.choice(FORMULAS), world.declared | world.known))
    if caps is None:
        caps = tuple(make_cap(c) for _ in range(c.integer(0, 2)))
    region = CITY if c.chance(70) else c.choice(COUNTIES[:3])
    return Side(parse_rule(rule, world.declared), region, benefit, caps)


class Matched:
    """Python's answer for one side: who is eligible after the caps, and each one's amount."""

    def __init__(self, world: World, side: Side | None, as_of: dt.date):
        self.eligible: dict[str, Decimal | None] = {}
        if side is None:
            return
        compiled = CompiledRule(side.root)
        with world.db.engine.connect() as conn:
            for code in world.codes:
                facts = world.facts(conn, code, as_of)
                if side.region not in (CITY, facts.get("region_code")):
                    continue
                if compiled.verdict(facts)[0] != "eligible":
                    continue
                facts.amounts.clear()
                outcome = apply_caps(side.caps, "eligible", benefit_amount(side.benefit, facts), facts)
                if not outcome.reached:
                    self.eligible[code] = outcome.amount

    def fen(self, codes: set[str]) -> int | None:
        amounts = [self.eligible[c] for c in codes if self.eligible[c] is not None]
        return int(sum(amounts) * 100) if amounts else None  # SQL's SUM of no amounts is NULL


def sql_set(world: World, pair, which: str, as_of: dt.date, only_caps: Only = NOT_ONLY_CAPS) -> set[str]:
    sql, params = changed_set_query(pair, which, as_of, only_caps=only_caps, **_options(world))
    return {r[0] for r in world.sql(f"SELECT credit_code FROM enterprise WHERE id IN ({sql.replace(' ORDER BY e.id', '')})",
                                    params)}


def _options(world: World) -> dict:
    by = "credit_code" if world.backend.name == "postgresql" else "enterprise_id"
    return {"dialect": world.backend.dialect, "fact_column": world.backend.fact_column, "applications_by": by}


def check_pair(world: World, pair, as_of: dt.date, only_caps: Only = NOT_ONLY_CAPS) -> tuple[set[str], set[str]]:
    """Assert the queries agree with Python; returns (gained, lost). With ``only_caps.benefit``
    the ``both`` row covers a part of those eligible under both, outside which the two amounts
    are equal: its new sum less its old is Python's."""
    old, new = (Matched(world, side, as_of) for side in pair)
    gained = set(new.eligible) - set(old.eligible)
    lost = set(old.eligible) - set(new.eligible)
    both = set(new.eligible) & set(old.eligible)
    queries = pair_queries(pair, as_of, both=True, only_caps=only_caps, **_options(world))
    got = {name: tuple(world.sql(sql, params)[0]) for name, (sql, params) in queries.items()}
    for name, codes in (("gain", gained), ("lose", lost), ("both", both)):
        if name in got:
            found = sql_set(world, pair, name, as_of, only_caps)
            if name == "both" and only_caps.benefit:
                assert found <= codes
                assert all(old.eligible[c] == new.eligible[c] for c in codes - found)
                count, old_fen, new_fen = got["both"]
                assert count == len(found)
                totals = [fen if side.amount_sql else (None if side.benefit.amount is None else
                                                      int(side.benefit.amount * 100) * count)
                          for side, fen in ((pair[0], old_fen), (pair[1], new_fen))]
                if None not in totals:
                    assert totals[1] - totals[0] == (new.fen(both) or 0) - (old.fen(both) or 0)
                return gained, lost
            assert found == codes, name
    # Summed amounts: only where the side's amounts are summed in SQL (a fixed amount without
    # an amount cap is the count times the amount: the caller's sum).
    if "gain" in got:
        assert got["gain"][0] == len(gained)
        if pair[1].amount_sql:
            assert got["gain"][1] == new.fen(gained)
    if "lose" in got:
        assert got["lose"][0] == len(lost)
        if pair[0].amount_sql:
            assert got["lose"][1] == old.fen(lost)
    if "both" in got:
        assert got["both"][0] == len(both)
        for side, matched, column in ((pair[0], old, 1), (pair[1], new, 2)):
            if side.amount_sql:
                assert got["both"][column] == matched.fen(both)
    return gained, lost


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_gained_and_lost_sets_and_amounts_agree_with_matching_under_each_version(impact_world, data):
    c = _Drawn(data)
    world = impact_world
    shape = c.choice(("changed", "caps only", "same caps", "added", "removed"))
    old = make_side(c, world)
    only_caps = NOT_ONLY_CAPS
    if shape == "caps only":  # the same rule and benefit: only the caps move anybody
        new = Side(old.root, old.region, old.benefit, tuple(make_cap(c) for _ in range(c.integer(0, 2))))
        only_caps = Only(rule=True, benefit=c.chance(80))  # the rule's part alone, now and then
    elif shape == "same caps":  # the caps written once for both rules (impact._Query.where)
        new = make_side(c, world, caps=old.caps or (make_cap(c),))
        old = Side(old.root, old.region, old.benefit, new.caps)
    else:
        new = make_side(c, world)
    pair = {"added": (None, new), "removed": (old, None)}.get(shape, (old, new))
    check_pair(world, pair, c.choice(AS_OF_DATES), only_caps if shape == "caps only" else NOT_ONLY_CAPS)


def test_a_cap_added_raised_or_removed_moves_exactly_those_its_applications_reach(impact_world):
    """One rule, the drawn applications: a cap added takes eligibility from the enterprises
    with an earlier counted application (withdrawn, rejected and draft ones count for
    nothing), raised or removed gives it back; an amount cap partly used lowers amounts."""
    world = impact_world
    as_of = dt.date(2026, 6, 30)
    rule = {"fact": "employees", "op": ">=", "value": 0}

    def side(*caps: Cap, amount: Decimal = Decimal(20000)) -> Side:
        return Side(parse_rule(rule, world.declared), CITY, Benefit(amount=amount), caps)

    everyone = set(Matched(world, side(), as_of).eligible)
    with world.db.engine.connect() as conn:
        history = {code: world.facts(conn, code, as_of).history for code in everyone}
    counted = {code for code, past in history.items() if any(p.counted and p.on <= as_of for p in past)}
    uncounted_only = {code for code, past in history.items() if past and code not in counted}
    assert counted and uncounted_only  # the world is not idle

    once, twice = Cap(HISTORY_ITEMS, "period", count=1), Cap(HISTORY_ITEMS, "period", count=2)
    assert check_pair(world, (side(), side(once)), as_of) == (set(), counted)
    gained, lost = check_pair(world, (side(once), side(twice)), as_of)
    assert gained and gained < counted and not lost
    assert check_pair(world, (side(once), side()), as_of) == (counted, set())

    cap = Cap(HISTORY_ITEMS, "period", amount=Decimal(50000))
    amounts = Matched(world, side(cap), as_of).eligible
    assert any(Decimal(0) < a < Decimal(20000) for a in amounts.values())  # partly used: lowered
    queries = pair_queries((side(), side(cap)), as_of, both=True, **_options(world))
    count, old_fen, new_fen = world.sql(*queries["both"])[0]
    assert old_fen is None  # no amount cap on the old side: the caller multiplies
    assert (count, new_fen) == (len(amounts), int(sum(amounts.values()) * 100))
    check_pair(world, (side(), side(cap)), as_of)
