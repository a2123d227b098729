"""SQL and Python agree on rules with history conditions (issue 15, docs/rules.md §10).

The contract of test_rule_sql: ``WHERE <compile_rule(...)>`` keeps exactly the eligible
enterprises, the rule's negation exactly the ineligible ones, on SQLite (the client's
``application``, by enterprise id) and PostgreSQL (the server's, by credit code). The rules
drawn mix test_rule_sql's leaves with ``first_time`` (applications, tags), ``within`` and
``held``; the population gets applications in every status, some made around midnight in
Shanghai (16:00 UTC), and tag records that meet, overlap, leave gaps or have no start date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from test_rule_sql import (
    AS_OF_DATES,
    NEAR_DATES,
    TAGS,
    World,
    _Drawn,
    _Seeded,
    add_fact_definitions,
    load,
    make_leaf,
    make_record,
)

from kuaixiang_core.domain.application_state import STATUSES
from kuaixiang_core.domain.enterprise import Tag

HISTORY_ITEMS = ("h-1", "h-2", "h-3")
HOURS_UTC = ((0, 0), (15, 59), (16, 0), (23, 30))  # 16:00 UTC is midnight in Shanghai


def make_history_leaf(c) -> dict:
    kind = c.choice(("application", "tag", "within", "held"))
    if kind == "application":
        ids = sorted({c.choice(HISTORY_ITEMS) for _ in range(c.integer(1, 2))})
        return {"first_time": {"application": ids[0] if len(ids) == 1 else ids}}
    if kind == "tag":
        return {"first_time": {"tag": c.choice(TAGS)}}
    unit = c.choice(("months", "years"))
    n = c.choice((1, 6, 12, 18, 24, 36)) if unit == "months" else c.choice((1, 2, 3))
    if kind == "within":
        return {"within": {"fact": c.choice(("established", "certified_on")), unit: n}}
    return {"held": {"tag": c.choice(TAGS), unit: n}}


def make_mixed_rule(c, world: World, depth: int = 3) -> dict:
    kind = "leaf" if depth == 0 else c.choice(("leaf", "leaf", "all", "any", "not"))
    if kind == "leaf":
        return make_history_leaf(c) if c.chance(60) else make_leaf(c, world.pools, world.known)
    if kind == "not":
        return {"not": make_mixed_rule(c, world, depth - 1)}
    return {kind: [make_mixed_rule(c, world, depth - 1) for _ in range(c.integer(1, 3))]}


def with_runs(c, record):
    """Add tag records that meet (one ends, the next starts the day after), overlap, leave a
    one-day gap, or have no start date: what ``held`` joins or does not."""
    tags = list(record.tags)
    for _ in range(c.integer(0, 2)):
        tag = c.choice(TAGS)
        start = c.choice(NEAR_DATES) - dt.timedelta(days=730)
        first_end = start + dt.timedelta(days=c.choice((200, 365, 700)))
        gap = c.choice((1, 1, 0, 2, -30))  # the next starts the day after, the same day, a day late, earlier
        second_start = first_end + dt.timedelta(days=gap)
        tags.append(Tag(tag, None if c.chance(15) else start, first_end))
        tags.append(Tag(tag, second_start, None if c.chance(50) else second_start + dt.timedelta(days=800)))
    return dataclasses.replace(record, tags=tags)


def make_applications(c, records, *, most: int = 3, amounts_fen: tuple = (None,)) -> list[tuple]:
    """(credit code, item, status, UTC time, estimated amount in 分) of each drawn application."""
    out = []
    for r in records:
        for _ in range(c.integer(0, most)):
            day = c.choice(NEAR_DATES) + dt.timedelta(days=c.choice((0, 0, -1, 1)))
            hour, minute = c.choice(HOURS_UTC)
            at = dt.datetime(day.year, day.month, day.day, hour, minute)
            fen = c.choice(amounts_fen) if len(amounts_fen) > 1 else amounts_fen[0]
            out.append((r.credit_code, c.choice(HISTORY_ITEMS), c.choice(STATUSES), at, fen))
    return out


def world_with_applications(db, backend, seed: int, amounts_fen: tuple) -> World:
    """60 drawn enterprises and up to four applications each (amounts from ``amounts_fen``),
    loaded into the client's tables and, on PostgreSQL, the server's."""
    declared = add_fact_definitions(db)
    chooser = _Seeded(seed)
    records = [make_record(chooser, i) for i in range(1, 61)]
    load(db, records)
    world = World(db, records, declared, backend)
    load_applications(world, make_applications(chooser, records, most=4, amounts_fen=amounts_fen))
    return world


def load_applications(world: World, applications: list[tuple]) -> None:
    """Into the client's table and, on PostgreSQL, the server's (each row of another hall:
    the server's table holds every hall's, and they all count)."""
    rows = [(*a, None) if len(a) == 4 else a for a in applications]
    with world.db.engine.begin() as conn:
        for code, item, status, at, fen in rows:
            conn.execute(text(
                "INSERT INTO application (id, enterprise_id, item_id, item_version, status, benefit_amount_fen, "
                "trace_json, sync_state, created_at, updated_at) SELECT :id, e.id, :item, 1, :status, :fen, '{}', "
                "'local', :at, :at FROM enterprise e WHERE e.credit_code = :code"),
                {"id": str(uuid.uuid4()), "item": item, "status": status, "code": code, "fen": fen,
                 "at": f"{at:%Y-%m-%d %H:%M:%S}.000000"})
    if world.schema is None:
        return
    with world.backend.engine.begin() as conn:
        conn.execute(text(f"SET LOCAL search_path TO {world.schema}"))
        for n, (code, item, status, at, fen) in enumerate(rows, 1):
            conn.execute(text(
                "INSERT INTO application (id, hall_code, credit_code, item_id, status, blocking, materials_json, "
                "benefit_amount_fen, created_at, updated_at, change_seq) VALUES (:id, :hall, :code, :item, :status, "
                "FALSE, '[]', :fen, :at, :at, :n)"),
                {"id": str(uuid.uuid4()), "hall": f"H{n % 3}", "code": code, "item": item, "status": status,
                 "fen": fen, "at": at, "n": n})


@pytest.fixture
def history_world(db, backend):
    declared = add_fact_definitions(db)
    chooser = _Seeded(20250101)
    records = [with_runs(chooser, make_record(chooser, i)) for i in range(1, 61)]
    load(db, records)
    world = World(db, records, declared, backend)
    load_applications(world, make_applications(chooser, records))
    return world


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_agrees_with_python_on_random_rules_with_history(history_world, data):
    c = _Drawn(data)
    rule = make_mixed_rule(c, history_world)
    history_world.check_both(rule, c.choice(AS_OF_DATES))


def test_every_history_leaf_alone_agrees_and_sees_all_three_answers(history_world):
    """Each kind on its own, on every as-of date: the drawn world holds enterprises of each
    answer (the generator is not idle), and the two sides agree."""
    c = _Seeded(7)
    seen: dict[str, set[str]] = {}
    for as_of in AS_OF_DATES[::3]:
        for _ in range(6):
            leaf = make_history_leaf(c)
            verdicts = history_world.check(leaf, as_of)
            seen.setdefault(next(iter(leaf)), set()).update(verdicts.values())
    assert {"eligible", "ineligible"} <= seen["first_time"]
    assert {"eligible", "ineligible", "unknown"} <= seen["within"]
    assert {"eligible", "ineligible", "unknown"} <= seen["held"]


AS_OF = dt.date(2025, 6, 30)


@pytest.mark.parametrize(("tags", "verdict"), [
    ([Tag("专精特新中小企业", dt.date(2023, 6, 30), None)], "eligible"),       # from the first day of the two years
    ([Tag("专精特新中小企业", dt.date(2023, 7, 1), None)], "ineligible"),       # a day short
    ([Tag("专精特新中小企业", dt.date(2022, 1, 1), dt.date(2024, 3, 31)),
      Tag("专精特新中小企业", dt.date(2024, 4, 1), None)], "eligible"),         # two records that meet
    ([Tag("专精特新中小企业", dt.date(2022, 1, 1), dt.date(2024, 3, 31)),
      Tag("专精特新中小企业", dt.date(2024, 4, 2), None)], "ineligible"),       # a day's gap
    ([Tag("专精特新中小企业", None, None)], "unknown"),                         # since when, nobody knows
    ([Tag("专精特新中小企业", None, dt.date(2024, 12, 31)),
      Tag("专精特新中小企业", dt.date(2025, 1, 1), None)], "unknown"),
    ([], "ineligible"),
])
def test_held_joins_records_and_is_unknown_without_a_start(db, backend, tags, verdict):
    declared = add_fact_definitions(db)
    record = dataclasses.replace(make_record(_Seeded(1), 1), tags=tags)
    load(db, [record])
    world = World(db, [record], declared, backend)
    got = world.check({"held": {"tag": "专精特新中小企业", "years": 2}}, AS_OF)
    assert got == {record.credit_code: verdict}


@pytest.mark.parametrize(("at", "first"), [
    (dt.datetime(2025, 6, 30, 15, 59), False),  # 23:59 in Shanghai on the as-of date: earlier
    (dt.datetime(2025, 6, 30, 16, 0), True),    # 00:00 the day after: not yet
])
def test_an_application_counts_from_its_day_in_shanghai(db, backend, at, first):
    declared = add_fact_definitions(db)
    record = make_record(_Seeded(2), 1)
    load(db, [record])
    world = World(db, [record], declared, backend)
    load_applications(world, [(record.credit_code, "h-1", "accepted", at)])
    got = world.check({"first_time": {"application": "h-1"}}, AS_OF)
    assert got == {record.credit_code: "eligible" if first else "ineligible"}
