"""The generated catalogue that tops the demo up to the platform's published figures."""

from __future__ import annotations

import collections
import datetime as dt
import time

import pytest

from kuaixiang_core.demo import catalogue as gen
from kuaixiang_core.demo.catalogue import full_catalogue_remainder, generate_catalogue
from kuaixiang_core.domain.rules.catalogue import check_catalogue
from kuaixiang_core.domain.rules.facts import BUILTIN_FACTS
from kuaixiang_core.domain.rules.match import run_golden
from kuaixiang_core.reference import base_facts, region_name_map

COUNTIES = {"371502", "371503", "371521", "371522", "371524", "371525", "371526", "371581"}
# The hand-written demo catalogue's counts, as the caller passes them (brief of the issue).
DEMO = (21, 45, 8, 30)


def _known():
    return {f.name: f for f in base_facts()}


def _check(data):
    return check_catalogue(data, _known(), set(region_name_map()))


@pytest.fixture(scope="module")
def remainder():
    return full_catalogue_remainder(*DEMO)


@pytest.fixture(scope="module")
def data(remainder):
    return generate_catalogue(**remainder)


@pytest.fixture(scope="module")
def catalogue(data):
    return _check(data)


def _leaves(node):
    if "fact" in node:
        yield node
    for key in ("all", "any"):
        for child in node.get(key, ()):
            yield from _leaves(child)
    if "not" in node:
        yield from _leaves(node["not"])


# --- counts -----------------------------------------------------------------------------------


def test_remainder_of_the_demo_catalogue():
    assert full_catalogue_remainder(*DEMO) == {
        "documents": 1394 - 21, "items": 2728 - 45, "auto": 466 - 8, "online": 2115 - 30,
    }
    assert (gen.PLATFORM_DOCUMENTS, gen.PLATFORM_ITEMS, gen.PLATFORM_AUTO, gen.PLATFORM_ONLINE) == (1394, 2728, 466, 2115)
    assert full_catalogue_remainder(0, 0, 0, 0) == {"documents": 1394, "items": 2728, "auto": 466, "online": 2115}
    assert full_catalogue_remainder(1394, 2728, 466, 2115) == {"documents": 0, "items": 0, "auto": 0, "online": 0}


@pytest.mark.parametrize(
    "existing",
    [
        (1395, 1400, 0, 0),  # documents
        (10, 2729, 0, 0),  # items
        (10, 600, 467, 0),  # auto
        (10, 2200, 0, 2116),  # online
        (10, 200, 0, 0),  # window: 200 > 2728 - 466 - 2115
        (10, 20, 15, 10),  # auto + online > items
        (-1, 0, 0, 0),
    ],
)
def test_remainder_refuses_counts_beyond_the_targets(existing):
    with pytest.raises(ValueError):
        full_catalogue_remainder(*existing)


def test_exact_counts_for_the_platform_remainder(data, remainder):
    docs = data["documents"]
    items = [i for d in docs for i in d["items"]]
    modes = collections.Counter(i["mode"] for i in items)
    assert len(docs) == remainder["documents"] == 1373
    assert len(items) == remainder["items"] == 2683
    assert modes["auto"] == remainder["auto"] == 458
    assert modes["online"] == remainder["online"] == 2085
    assert modes["window"] == 2683 - 458 - 2085
    assert all(1 <= len(d["items"]) <= 4 for d in docs)


@pytest.mark.parametrize(
    "counts",
    [
        dict(documents=1, items=1, auto=1, online=0),
        dict(documents=1, items=4, auto=0, online=0),
        dict(documents=3, items=7, auto=2, online=3),
        dict(documents=40, items=160, auto=40, online=100),
    ],
)
def test_small_requests_are_exact_too(counts):
    data = generate_catalogue(**counts, seed=3)
    items = [i for d in data["documents"] for i in d["items"]]
    assert len(data["documents"]) == counts["documents"]
    assert len(items) == counts["items"]
    modes = collections.Counter(i["mode"] for i in items)
    assert (modes["auto"], modes["online"]) == (counts["auto"], counts["online"])
    catalogue = _check(data)
    assert all(r.passed for item in catalogue.items for r in run_golden(item, _known()))


def test_nothing_to_add_is_an_empty_list():
    assert generate_catalogue(documents=0, items=0, auto=0, online=0) == {"format": 1, "documents": []}


@pytest.mark.parametrize(
    "counts",
    [
        dict(documents=5, items=4, auto=0, online=0),  # a document without items
        dict(documents=2, items=9, auto=0, online=0),  # more than 4 a document
        dict(documents=2, items=4, auto=3, online=2),  # auto + online > items
        dict(documents=0, items=1, auto=0, online=0),
        dict(documents=2, items=4, auto=-1, online=0),
    ],
)
def test_impossible_requests_are_refused(counts):
    with pytest.raises(ValueError):
        generate_catalogue(**counts)


def test_id_prefix(data):
    small = generate_catalogue(documents=3, items=5, auto=1, online=3, id_prefix="extra-2")
    assert all(d["id"].startswith("extra-2-") for d in small["documents"])
    assert all(i["id"].startswith(d["id"] + "-") for d in small["documents"] for i in d["items"])
    with pytest.raises(ValueError):
        generate_catalogue(documents=1, items=1, auto=0, online=1, id_prefix="Bad_Prefix")


# --- determinism ------------------------------------------------------------------------------


def test_same_seed_same_catalogue_other_seed_other(remainder, data):
    assert generate_catalogue(**remainder) == data
    assert generate_catalogue(**remainder, seed=0) == data
    other = generate_catalogue(**remainder, seed=1)
    assert other != data
    assert [d["doc_no"] for d in other["documents"]] != [d["doc_no"] for d in data["documents"]]


# --- validity ---------------------------------------------------------------------------------


def test_check_catalogue_accepts_it(catalogue, remainder):
    assert len(catalogue.documents) == remainder["documents"]
    assert len(catalogue.items) == remainder["items"]
    assert catalogue.facts == []  # built-in and base facts only


def test_generating_and_checking_is_fast(remainder):
    started = time.perf_counter()
    _check(generate_catalogue(**remainder, seed=7))
    assert time.perf_counter() - started < 5.0


def test_ids_and_document_numbers_are_unique(data):
    docs = data["documents"]
    items = [i for d in docs for i in d["items"]]
    assert len({d["id"] for d in docs}) == len(docs)
    assert len({i["id"] for i in items}) == len(items)
    assert len({d["doc_no"] for d in docs}) == len(docs)
    assert all(d["doc_no"].endswith("号") and "〔20" in d["doc_no"] for d in docs)


def test_every_golden_test_passes(catalogue):
    known = _known()
    results = [r for item in catalogue.items for r in run_golden(item, known)]
    failed = [(r.item_id, r.test.name, r.message) for r in results if not r.passed]
    assert not failed, failed[:10]
    assert len(results) >= len(catalogue.items)
    verdicts = collections.Counter(r.test.verdict for r in results)
    assert verdicts["eligible"] == len(catalogue.items)  # every item has one
    assert verdicts["ineligible"] > 0 and verdicts["unknown"] > 0
    assert all(1 <= len(item.tests) <= 2 for item in catalogue.items)


def test_amount_and_formula_benefits_have_expected_amounts(catalogue):
    kinds = collections.Counter()
    for item in catalogue.items:
        b = item.benefit
        kind = "amount" if b.amount is not None else "formula" if b.formula is not None else "text"
        kinds[kind] += 1
        eligible = [t for t in item.tests if t.verdict == "eligible"]
        if kind == "text":
            assert all(t.amount is None for t in eligible)
        else:
            assert all(t.amount is not None for t in eligible), item.id
    assert min(kinds.values()) > 50, kinds


# --- realism ----------------------------------------------------------------------------------


def test_county_documents_only_hold_items_of_their_county(data):
    for doc in data["documents"]:
        if doc["level"] == "县级":
            assert doc["region"] in COUNTIES
            for item in doc["items"]:
                top = item["rule"]["all"]
                assert {"fact": "region_code", "op": "==", "value": doc["region"]}.items() <= top[0].items(), item["id"]
        else:
            assert doc["level"] == "市级" and doc["region"] == "371500"
            for item in doc["items"]:
                assert all(leaf["fact"] != "region_code" for leaf in _leaves(item["rule"])), item["id"]


def test_rules_use_known_facts_with_clauses(data):
    known = set(BUILTIN_FACTS) | {f.name for f in base_facts()}
    shapes = collections.Counter()
    for doc in data["documents"]:
        for item in doc["items"]:
            top = item["rule"]["all"]
            assert 2 <= len(top) <= 6
            shapes["flat" if all("fact" in c for c in top) else "nested"] += 1
            for leaf in _leaves(item["rule"]):
                assert leaf["fact"] in known
                assert leaf["clause"].startswith("第") and "条" in leaf["clause"]
    assert shapes["flat"] > shapes["nested"] > 0


def test_departments_dates_and_materials_look_real(data):
    docs = data["documents"]
    assert len(gen.DEPARTMENTS) == len(set(gen.DEPARTMENTS)) == 186
    assert {i["department"] for d in docs for i in d["items"]} == set(gen.DEPARTMENTS)
    day = dt.date(2026, 11, 26)
    in_force = expired = 0
    for doc in docs:
        published = dt.date.fromisoformat(doc["published"])
        start = dt.date.fromisoformat(doc["effective_from"])
        end = dt.date.fromisoformat(doc["effective_to"]) if "effective_to" in doc else None
        assert 2021 <= published.year <= 2026 and 2021 <= start.year <= 2026
        if end and end < day:
            expired += 1
        elif start <= day:
            in_force += 1
        for item in doc["items"]:
            assert 2 <= len(item["materials"]) <= 6
            assert item["body"] and item["where"] and item["promised_days"] >= 0
    assert in_force > 0.7 * len(docs)
    assert expired > 0.05 * len(docs)
