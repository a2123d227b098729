"""SQL and Python agree on caps (issue 15 item 6, docs/rules.md §11): the enterprises that
reach, the outreach export and the 免申即享 coverage list for a capped item are those whose
match has not reached a cap (``apply_caps``), on SQLite (the client's ``application``, by
enterprise id) and PostgreSQL (the server's, by credit code, every hall's applications).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rule_sql import AS_OF_DATES, NEAR_DATES, World, _Drawn, _Seeded, add_fact_definitions, load, make_record
from test_rule_sql_history import HISTORY_ITEMS, load_applications, world_with_applications

from kuaixiang_core.domain.rules.caps import Cap, apply_caps
from kuaixiang_core.rule_sql.caps import caps_sql

AMOUNTS_FEN = (None, 100_000, 500_000, 2_000_000, 4_999_999)


@pytest.fixture
def caps_world(db, backend):
    return world_with_applications(db, backend, 20261206, AMOUNTS_FEN)


def make_cap(c) -> Cap:
    items = tuple(sorted({c.choice(HISTORY_ITEMS) for _ in range(c.integer(1, 3))}))
    per = c.choice(("year", "period"))
    start = c.choice((None, *NEAR_DATES)) if per == "period" else None
    end = c.choice((None, *NEAR_DATES)) if per == "period" else None
    if c.chance(50):
        return Cap(items, per, count=c.integer(1, 3), period_from=start, period_to=end)
    return Cap(items, per, amount=Decimal(c.choice((1000, 5000, 20000, 50000, "12345.67"))),
               period_from=start, period_to=end)


def not_reached(world: World, caps: tuple[Cap, ...], as_of: dt.date) -> tuple[set[str], set[str]]:
    """(codes SQL keeps, codes Python's apply_caps leaves below every cap)."""
    params: dict[str, object] = {}
    by = "credit_code" if world.backend.name == "postgresql" else "enterprise_id"
    condition = caps_sql(caps, as_of, params, dialect=world.backend.dialect, applications_by=by)
    kept = {r[0] for r in world.sql(f"SELECT e.credit_code FROM enterprise e WHERE {condition}", params)}
    with world.db.engine.connect() as conn:
        below = {code for code in world.codes
                 if not apply_caps(caps, "eligible", Decimal(1), world.facts(conn, code, as_of)).reached}
    return kept, below


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_keeps_exactly_the_enterprises_below_every_cap(caps_world, data):
    c = _Drawn(data)
    caps = tuple(make_cap(c) for _ in range(c.integer(1, 2)))
    kept, below = not_reached(caps_world, caps, c.choice(AS_OF_DATES))
    assert kept == below


def test_the_drawn_world_has_enterprises_on_both_sides_of_a_cap(caps_world):
    """The generator is not idle: some enterprise has reached each kind of cap, some has not."""
    as_of = dt.date(2026, 6, 30)
    for cap in (Cap(HISTORY_ITEMS, "period", count=1), Cap(HISTORY_ITEMS, "period", amount=Decimal(20000))):
        kept, below = not_reached(caps_world, (cap,), as_of)
        assert kept == below
        assert 0 < len(kept) < len(caps_world.codes)


@pytest.mark.parametrize(("at", "fen", "reached"), [
    (dt.datetime(2025, 12, 31, 15, 59), 500_000, True),   # 23:59 on 31 December in Shanghai: this year
    (dt.datetime(2025, 12, 31, 16, 0), 500_000, False),   # 00:00 on 1 January: next year's
    (dt.datetime(2025, 6, 1, 2, 0), 499_999, False),      # a 分 short of the 5,000 元 cap
    (dt.datetime(2025, 6, 1, 2, 0), None, False),         # no amount: adds nothing
])
def test_a_yearly_amount_cap_counts_the_shanghai_day_and_every_fen(db, backend, at, fen, reached):
    declared = add_fact_definitions(db)
    record = make_record(_Seeded(3), 1)
    load(db, [record])
    world = World(db, [record], declared, backend)
    load_applications(world, [(record.credit_code, "h-1", "accepted", at, fen)])
    kept, below = not_reached(world, (Cap(("h-1",), "year", amount=Decimal(5000)),), dt.date(2025, 12, 31))
    assert kept == below == (set() if reached else {record.credit_code})
