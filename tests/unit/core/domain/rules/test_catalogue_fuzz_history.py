"""No history condition, cap or stated history can make ``match`` or ``rules test`` raise
(issue 15, items 6–7), as test_catalogue_fuzz holds for expressions.

Hypothesis writes ``first_time`` / ``within`` / ``held`` leaves, ``caps`` of documents and
items and golden tests' ``history`` from good and bad pieces (unknown tags and items, months
out of bounds, amounts that are no amounts, limits missing or doubled). Each file is refused,
every problem naming a field, or accepted; an accepted one runs its golden tests and matches
enterprises with random dated tags and earlier applications, caps applied, without an exception.
"""

from __future__ import annotations

import datetime as dt
import functools

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_catalogue_fuzz import golden_tests_give_results, imported_or_refused

from kuaixiang_core.domain.enterprise import Tag
from kuaixiang_core.domain.rules.evaluate import Facts
from kuaixiang_core.domain.rules.history import PastApplication
from kuaixiang_core.domain.rules.match import Matcher, with_caps

TAGS = ("高新技术企业", "专精特新中小企业", "示范企业", "")
ITEMS = ("x-1", "x-2", "x-9", "")
odd = st.one_of(st.none(), st.integers(-5, 700), st.booleans(), st.text(max_size=4), st.floats(allow_nan=True),
                st.lists(st.integers(0, 3), max_size=2))


def mostly(good, bad, odds: int = 9):
    """Good pieces ``odds`` times in ``odds + 1`` (one_of would draw each branch alike): enough
    files are accepted to be matched."""
    return st.sampled_from((True,) * odds + (False,)).flatmap(lambda ok: good if ok else bad)


tag = mostly(st.sampled_from(TAGS[:2]), st.sampled_from(TAGS))
item_id = mostly(st.sampled_from(ITEMS[:2]), st.one_of(st.sampled_from(ITEMS), odd))
count = mostly(st.integers(1, 36), odd)
period = mostly(st.one_of(st.fixed_dictionaries({"months": count}), st.fixed_dictionaries({"years": count})),
                st.one_of(st.fixed_dictionaries({"months": count, "years": count}), st.just({})))
leaf = st.one_of(
    st.builds(lambda t: {"first_time": {"tag": t}}, tag),
    st.builds(lambda i: {"first_time": {"application": i}}, mostly(item_id, st.lists(item_id, max_size=2))),
    st.builds(lambda f, p: {"within": {"fact": f, **p}}, mostly(st.sampled_from(("established", "certified_on")),
                                                                 st.sampled_from(("employees", "nosuch"))), period),
    st.builds(lambda t, p: {"held": {"tag": t, **p}}, tag, period),
    st.just({"fact": "employees", "op": ">", "value": 1}),
)
leaf = mostly(leaf, st.builds(lambda k: {k: "x"}, st.sampled_from(("first_time", "within", "held"))))
rule = st.one_of(leaf, st.builds(lambda a, b: {"all": [a, b]}, leaf, leaf), st.builds(lambda a: {"not": a}, leaf),
                 st.builds(lambda a, b: {"any": [a, {"not": b}]}, leaf, leaf))
good_cap = st.builds(lambda items, per, limit: {**items, "per": per, **limit},
                     st.one_of(st.just({}), st.builds(lambda i: {"items": i}, st.lists(st.sampled_from(ITEMS[:2]), min_size=1))),
                     st.sampled_from(("year", "period")),
                     st.one_of(st.builds(lambda n: {"count": n}, st.integers(1, 3)),
                               st.builds(lambda a: {"amount": str(a)}, st.integers(100, 1000))))
bad_cap = st.fixed_dictionaries({}, optional={
    "items": st.one_of(st.lists(st.sampled_from(ITEMS), max_size=3), odd),
    "per": st.sampled_from(("year", "period", "month")),
    "amount": st.one_of(st.sampled_from(("500", "0", "-1", "1.005", "abc")), odd),
    "count": count,
    "clause": st.just("第九条"),
})
caps = mostly(st.one_of(st.none(), st.lists(good_cap, min_size=1, max_size=2)),
              st.one_of(st.lists(bad_cap, max_size=1), odd), odds=6)
day = st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31))
stated = mostly(
    st.builds(lambda i, d, a, s: {"item": i, "date": str(d), "amount": a, "status": s}, st.sampled_from(ITEMS[:2]), day,
              st.sampled_from(("100", "250.5")), st.sampled_from(("accepted", "paid", "draft", "withdrawn"))),
    st.fixed_dictionaries({}, optional={
        "item": st.one_of(st.sampled_from(ITEMS), odd), "date": st.one_of(day.map(str), odd),
        "amount": st.one_of(st.sampled_from(("100", "1e3", "-5")), odd),
        "status": st.sampled_from(("accepted", "paid", "draft", "withdrawn", "bogus")),
    }))
tags = st.lists(st.builds(Tag, st.sampled_from(TAGS[:2]), st.one_of(st.none(), day), st.one_of(st.none(), day)), max_size=3)
history = st.one_of(st.none(), st.lists(st.builds(PastApplication, st.sampled_from(ITEMS[:3]), day,
                                                  st.sampled_from(("accepted", "paid", "draft", "rejected")),
                                                  st.one_of(st.none(), st.decimals(0, 10**6, places=2))), max_size=4)
                    .map(tuple))


class _Plain(yaml.SafeDumper):
    """Every node written out: a drawn value used twice must not become an alias, which the
    catalogue loader refuses."""

    def ignore_aliases(self, data) -> bool:
        return True


@st.composite
def catalogues(draw) -> dict:
    def item(item_id: str) -> dict:
        out = {"id": item_id, "title": f"事项{item_id}", "department": "局", "mode": "online", "rule": draw(rule),
               "benefit": draw(st.sampled_from(({"amount": "300"}, {"formula": "employees * 10"}, {"text": "减免"})))}
        own = draw(caps)
        if own is not None:
            out["caps"] = own
        out["tests"] = [{"name": "t", "as_of": "2025-06-30", "verdict": "eligible",
                         "enterprise": {"employees": 3, "established": "2023-01-01",
                                        "tags": [{"tag": "高新技术企业", "valid_from": "2024-01-01"}]},
                         "history": draw(mostly(st.lists(stated, max_size=2), odd))}]
        return out

    doc = {"id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
           "effective_from": "2024-01-01", "effective_to": "2026-12-31", "items": [item("x-1"), item("x-2")]}
    doc_caps = draw(caps)  # on the document: its items by default
    if doc_caps is not None:
        doc["caps"] = doc_caps
    return {"format": 1, "facts": [{"name": "certified_on", "type": "date", "label": "认定日期"}], "documents": [doc]}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=catalogues(), people=st.lists(st.tuples(tags, history, st.one_of(st.none(), day)), min_size=1, max_size=3),
       as_of=day)
def test_no_history_condition_or_cap_makes_match_or_rules_test_raise(data, people, as_of):
    cat = imported_or_refused(data, functools.partial(yaml.dump, Dumper=_Plain))
    if cat is None:
        return
    golden_tests_give_results(cat)
    matcher = Matcher(cat.items)
    caps_of = {item.id: item.caps for item in cat.items if item.caps}
    for person_tags, person_history, established in people:
        facts = Facts({"employees": None if established is None else 5, "established": established}, person_tags,
                      as_of, history=person_history)
        for found in matcher.match(facts, include_ineligible=True):
            shown = found.matched()
            if found.item.id in caps_of:
                shown = with_caps(shown, caps_of[found.item.id], facts)
            shown.to_json()
        matcher.clerk_items(facts)
