"""Near misses (items failed by exactly one condition) against a brute-force oracle.

The evaluator counts, bottom-up, how many failed conditions stand between a rule and its
holding (domain.rules.evaluate._needs) and walks down to the ones whose flip alone would do
(_blockers). The oracle knows nothing of that: it flips each failed condition in turn and
tries every value of the unknown conditions (an unknown costs nothing: it may go either way).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain.rules.evaluate import CompiledRule, Facts
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.domain.rules.tree import parse_rule

DAY = dt.date(2026, 6, 1)
FACTS = {f"f{i}": FactSpec(f"f{i}", "number", f"事实{i}") for i in range(8)}


def _trees(leaves: int):
    """Rule trees whose every condition is a fact of its own (f0, f1, … in rule order)."""
    leaf = st.just("leaf")
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(st.just("not"), inner),
            st.tuples(st.sampled_from(["all", "any"]), st.lists(inner, min_size=1, max_size=3)),
        ),
        max_leaves=leaves,
    )


def _rule(shape, counter: list[int]) -> dict:
    if shape == "leaf":
        counter[0] += 1
        return {"fact": f"f{counter[0] - 1}", "op": ">=", "value": 1}
    if shape[0] == "not":
        return {"not": _rule(shape[1], counter)}
    return {shape[0]: [_rule(child, counter) for child in shape[1]]}


def _kleene(rule: dict, answers: dict[str, bool | None]) -> bool | None:
    if "fact" in rule:
        return answers[rule["fact"]]
    if "not" in rule:
        r = _kleene(rule["not"], answers)
        return None if r is None else not r
    results = [_kleene(child, answers) for child in next(iter(rule.values()))]
    decisive = "any" in rule
    if decisive in results:
        return decisive
    return None if None in results else not decisive


def _can_hold(rule: dict, answers: dict[str, bool | None]) -> bool:
    """Some values of the unknown conditions make the rule hold."""
    unknown = [f for f, a in answers.items() if a is None]
    for values in itertools.product((True, False), repeat=len(unknown)):
        if _kleene(rule, {**answers, **dict(zip(unknown, values, strict=True))}) is True:
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(shape=_trees(7), data=st.data())
def test_near_miss_blockers_are_exactly_the_single_flips_that_would_do(shape, data):
    counter = [0]
    rule = _rule(shape, counter)
    names = [f"f{i}" for i in range(counter[0])]
    answers = {n: data.draw(st.sampled_from([True, False, None]), label=n) for n in names}
    facts = Facts({n: Decimal(1 if a else 0) for n, a in answers.items() if a is not None}, [], DAY)
    verdict, blockers = CompiledRule(parse_rule(rule, FACTS)).verdict(facts)

    expected = {True: "eligible", False: "ineligible", None: "unknown"}[_kleene(rule, answers)]
    assert verdict == expected
    if verdict != "ineligible":
        assert blockers == []
        return
    if _can_hold(rule, answers):
        # Only a rule that fails whatever its unknowns turn out to be is ineligible.
        raise AssertionError("ineligible although the unknowns could make it hold")
    singles = {n for n in names if answers[n] is not None and _can_hold(rule, {**answers, n: not answers[n]})}
    found = {leaf.fact for leaf, _want in blockers}
    assert found == singles, (rule, answers)
    for leaf, want in blockers:
        assert want == (not answers[leaf.fact])  # the answer the condition would need
