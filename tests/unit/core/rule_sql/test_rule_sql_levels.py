"""A document's level in the rule SQL (rule_sql.scope) agrees with matching (levels.RegionScope).

Reach on SQLite and on PostgreSQL, and the clerk's match in Python, must agree on whom a
国家级, 省级, 市级 or 县级 document is for: random rules under every scope, over a
population that includes functional zones (within the city) as well as counties.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rule_sql import AS_OF_DATES, World, _Drawn, _Seeded, add_fact_definitions, load, make_record, make_rule

from kuaixiang_core.domain.rules.evaluate import CompiledRule
from kuaixiang_core.domain.rules.levels import region_scope
from kuaixiang_core.domain.rules.tree import parse_rule
from kuaixiang_core.reference import zone_parents
from kuaixiang_core.rule_sql.scope import narrows, scoped

REGIONS = ("371502", "371503", "371521", "371581", "371523", "Z01", "Z02")
# (level, region): every level, a scope reaching nobody here (another province, another
# city), a county and a functional zone.
SCOPES = (
    ("国家级", "100000"), ("省级", "370000"), ("省级", "110000"), ("市级", "371500"), ("市级", "371600"),
    ("县级", "371502"), ("县级", "371581"), ("县级", "Z01"),
)


@pytest.fixture
def zoned_world(db, backend):
    declared = add_fact_definitions(db)
    chooser = _Seeded(20261206)
    records = [dataclasses.replace(make_record(chooser, i), region_code=REGIONS[i % len(REGIONS)]) for i in range(1, 43)]
    load(db, records)
    return World(db, records, declared, backend)


def _check(world: World, rule: dict, level: str, region: str, as_of) -> set[str]:
    scope = region_scope(level, region)
    node = parse_rule(rule, world.declared)
    compiled = CompiledRule(node)
    condition, params = world.compile(node, as_of, few_rows=narrows(scope))
    condition, params = scoped(scope, zone_parents(), condition, params)
    selected = {r[0] for r in world.sql(f"SELECT e.credit_code FROM enterprise e WHERE {condition}", params)}
    expected = set()
    with world.db.engine.connect() as conn:
        for record in world.records:
            facts = world.facts(conn, record.credit_code, as_of)
            if scope.reaches(record.region_code, zone_parents()) and compiled.verdict(facts)[0] == "eligible":
                expected.add(record.credit_code)
    assert selected == expected, (level, region, rule, as_of, selected ^ expected)
    return expected


def test_each_level_reaches_its_regions_on_both_sides(zoned_world):
    everyone = {"fact": "is_individual", "op": "in", "value": [True, False]}
    by_region = {r: {x.credit_code for x in zoned_world.records if x.region_code == r} for r in REGIONS}
    reached = {(level, region): _check(zoned_world, everyone, level, region, AS_OF_DATES[0]) for level, region in SCOPES}
    all_codes = set(zoned_world.codes)
    assert reached[("国家级", "100000")] == all_codes
    assert reached[("省级", "370000")] == all_codes  # zones lie within 聊城, within 山东
    assert reached[("市级", "371500")] == all_codes
    assert reached[("省级", "110000")] == reached[("市级", "371600")] == set()
    assert reached[("县级", "371502")] == by_region["371502"]  # not the zones it hosts
    assert reached[("县级", "Z01")] == by_region["Z01"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_agrees_with_python_under_every_level(zoned_world, data):
    c = _Drawn(data)
    level, region = data.draw(st.sampled_from(SCOPES), label="scope")
    _check(zoned_world, make_rule(c, zoned_world.pools, zoned_world.known), level, region, c.choice(AS_OF_DATES))
