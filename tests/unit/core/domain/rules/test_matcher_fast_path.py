"""The matcher's fast path (Matcher.clerk_items, the one a clerk's match takes) against plain
matching (``match(items, facts)`` then ``ItemMatch.matched``), over random catalogues and
random enterprises: the same items, in the same order, with the same verdicts, groups,
amounts, lines of the 'why' and near misses, and the same counts.

The catalogues mix what the fast path treats apart: conjunctions (a literal twice over, a
negated one), trees of all / any / not (whose verdicts the matchers of one catalogue share
per pattern of answers), fixed and formula benefits, quantities the record has none of
(not a near miss), facts missing (需核实), items not in force.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain.rules import match as rules_match
from kuaixiang_core.domain.rules.catalogue import Benefit, Item
from kuaixiang_core.domain.rules.evaluate import CompiledRule, Facts
from kuaixiang_core.domain.rules.facts import BUILTIN_FACTS
from kuaixiang_core.domain.rules.formula import parse_formula
from kuaixiang_core.domain.rules.tree import parse_rule

DAY = dt.date(2026, 11, 1)


def _leaf(rng: random.Random) -> dict:
    return rng.choice([
        {"fact": "employees", "op": rng.choice([">=", "<", "between"]), "value": rng.choice([10, 20, 50])},
        {"fact": "revenue", "op": ">=", "value": rng.choice([100000, 500000])},
        {"fact": "region_code", "op": rng.choice(["==", "!="]), "value": rng.choice(["371502", "371503"])},
        {"fact": "dishonest", "op": "==", "value": rng.random() < 0.5},
        {"fact": "tax_credit_rating", "op": rng.choice(["in", "not_in"]), "value": ["A", "B"]},
    ])


def _fix(leaf: dict) -> dict:
    if leaf["op"] == "between":
        return {**leaf, "value": [leaf["value"], leaf["value"] * 2]}
    return leaf


def _rule(rng: random.Random) -> dict:
    shape = rng.random()
    if shape < 0.5:  # a conjunction: literals, some negated, one perhaps twice over
        literals = [_fix(_leaf(rng)) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.15:
            literals.append(literals[0])
        return {"all": [{"not": lit} if rng.random() < 0.2 else lit for lit in literals]}

    def node(depth: int) -> dict:
        r = rng.random()
        if depth >= 3 or r < 0.35:
            return _fix(_leaf(rng))
        if r < 0.5:
            return {"not": node(depth + 1)}
        return {rng.choice(["all", "any"]): [node(depth + 1) for _ in range(rng.randint(1, 3))]}

    return node(0)


def _benefit(rng: random.Random) -> Benefit:
    r = rng.random()
    if r < 0.4:
        return Benefit(amount=Decimal(rng.choice([500, 1000, 1000, 20000])))
    if r < 0.7:
        source = rng.choice(["employees * 100", "revenue * 0.01", "employees * 100"])
        return Benefit(formula=parse_formula(source, BUILTIN_FACTS))
    return Benefit(text="减免")


def _catalogue(rng: random.Random, size: int) -> list[Item]:
    items = []
    for n in range(size):
        rule = _rule(rng)
        ends = rng.random() < 0.1
        items.append(Item(
            id=f"i{n:03d}", document_id="d", title="t", department="x", category=None,
            mode=rng.choice(["auto", "online", "window"]), effective_from=None,
            effective_to=dt.date(2025, 1, 1) if ends else None, apply_from=None, apply_to=None,
            promised_days=None, allows_deferred=False, where=None, body=None, materials=[], rule_data=rule,
            rule=CompiledRule(parse_rule(rule)), benefit=_benefit(rng), tests=[],
        ))
    return items


def _facts(rng: random.Random) -> Facts:
    values: dict = {"dishonest": rng.random() < 0.3}
    if rng.random() < 0.85:
        values["employees"] = Decimal(rng.choice([0, 5, 9, 10, 19, 20, 25, 49, 60]))
    if rng.random() < 0.8:
        values["revenue"] = Decimal(rng.choice([0, 50000, 99999, 200000, 900000]))
    if rng.random() < 0.9:
        values["region_code"] = rng.choice(["371502", "371503"])
    if rng.random() < 0.8:
        values["tax_credit_rating"] = rng.choice(["A", "B", "C"])
    return Facts(values, [], DAY)


def _plain(items: list[Item], facts: Facts) -> tuple[list, Counter]:
    shown = [m for m in rules_match.match(items, facts) if m.group is not None]
    shown.sort(key=lambda m: rules_match.clerk_order(m.group, m.amount, m.item.id))
    return [m.matched() for m in shown], Counter(m.group for m in shown)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_clerk_items_are_plain_matchings_items_in_the_clerks_order(seed):
    rng = random.Random(seed)
    items = _catalogue(rng, rng.randint(1, 60))
    # Two regions' matchers over overlapping items, sharing their parts as a catalogue's do.
    shared: dict = {}
    first = rules_match.Matcher(items, shared=shared)
    second = rules_match.Matcher([i for i in items if rng.random() < 0.7], shared=shared)
    for _ in range(12):
        for matcher in (first, second):
            facts = _facts(rng)
            expected, counts = _plain(matcher.items, facts)
            got, got_counts = matcher.clerk_items(facts)
            assert got == expected, facts.values
            assert +got_counts == +counts
            # The fields one by one, since equality of the lines alone could hide a swap.
            for mine, theirs in zip(got, expected, strict=True):
                assert (mine.item_id, mine.verdict, mine.group, mine.benefit, mine.missing, mine.caps) == (
                    theirs.item_id, theirs.verdict, theirs.group, theirs.benefit, theirs.missing, theirs.caps)
                assert [line.to_json() for line in mine.conditions] == [line.to_json() for line in theirs.conditions]


def test_a_literal_twice_over_fails_twice_and_is_no_near_miss():
    """``all: [employees >= 20, employees >= 20]`` with 19 staff: two failures, not one."""
    rule = {"all": [{"fact": "employees", "op": ">=", "value": 20}, {"fact": "employees", "op": ">=", "value": 20}]}
    once = {"all": [{"fact": "employees", "op": ">=", "value": 20}]}
    items = [Item(id=f"i{n}", document_id="d", title="t", department="x", category=None, mode="online",
                  effective_from=None, effective_to=None, apply_from=None, apply_to=None, promised_days=None,
                  allows_deferred=False, where=None, body=None, materials=[], rule_data=r,
                  rule=CompiledRule(parse_rule(r)), benefit=Benefit(amount=Decimal(1)), tests=[])
             for n, r in enumerate((rule, once))]
    got, counts = rules_match.Matcher(items).clerk_items(Facts({"employees": Decimal(19)}, [], DAY))
    assert [(m.item_id, m.group) for m in got] == [("i1", "near_miss")]
    assert counts == Counter({"near_miss": 1})


def test_made_matched_items_are_the_dataclasss_own():
    """The fast path makes its MatchedItems bare and sets their slots: they are what
    MatchedItem(...) gives, equal, hashable alike, frozen."""
    import dataclasses

    import pytest

    rule = {"all": [{"fact": "employees", "op": ">=", "value": 20}]}
    item = Item(id="i", document_id="d", title="t", department="x", category=None, mode="online",
                effective_from=None, effective_to=None, apply_from=None, apply_to=None, promised_days=None,
                allows_deferred=False, where=None, body=None, materials=[], rule_data=rule,
                rule=CompiledRule(parse_rule(rule)), benefit=Benefit(amount=Decimal(5)), tests=[])
    facts = Facts({"employees": Decimal(19)}, [], DAY)
    (made,), _counts = rules_match.Matcher([item]).clerk_items(facts)
    plain = rules_match.MatchedItem(made.head, made.verdict, made.group, made.benefit, made.conditions, made.missing)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert made.caps == () and made.group == "near_miss" and made.missing
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.group = "due"  # type: ignore[misc]


def test_a_namer_that_names_some_facts_is_given_only_their_lines():
    """A namer saying which facts it names (``facts``) is not called for the lines of the
    others; what it names reads the same as when it is given every line."""
    import dataclasses

    seen: list[str] = []

    def name_regions(line):
        seen.append(line.fact)
        return dataclasses.replace(line, actual_text=f"{line.actual_text}（某区）") if line.fact == "region_code" else line

    rule = CompiledRule(parse_rule({"all": [{"fact": "employees", "op": ">=", "value": 7},
                                            {"fact": "region_code", "op": "==", "value": "371502"}]}))
    values = {"employees": Decimal("7001"), "region_code": "371502"}
    everything = rule.trace(Facts(values, [], DAY, namer=name_regions))
    assert sorted(seen) == ["employees", "region_code"]
    seen.clear()

    def name_only_regions(line):
        return name_regions(line)

    name_only_regions.facts = frozenset({"region_code"})  # type: ignore[attr-defined]
    named = rule.trace(Facts(values, [], DAY, namer=name_only_regions))
    assert seen == ["region_code"]
    assert named == everything and named[1].actual_text == "371502（某区）"
