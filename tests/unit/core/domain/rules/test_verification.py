"""需核实 ranked by likelihood, and folded when nothing known speaks for an item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kuaixiang_core.domain.rules.catalogue import check_catalogue
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.domain.rules.match import facts_from_mapping, match
from kuaixiang_core.domain.rules.verification import folded_count, likelihood, rank_and_fold, rank_unknown

DAY = dt.date(2026, 6, 1)
DECLARED = {
    name: FactSpec(name, kind, name)
    for name, kind in (("a", "number"), ("b", "number"), ("c", "number"), ("d", "number"), ("e", "number"),
                       ("exports", "money"))
}
NOT_DISHONEST = {"not": {"fact": "dishonest", "op": "==", "value": True}}


def _catalogue(rules: dict[str, tuple[dict, str]]):
    items = [
        {"id": item_id, "title": item_id, "department": "部门", "mode": "online", "rule": rule,
         "benefit": {"amount": amount}}
        for item_id, (rule, amount) in rules.items()
    ]
    data = {"format": 1, "documents": [{
        "id": "doc", "doc_no": "聊〔2026〕1号", "title": "文件", "issuer": "聊城市", "level": "市级",
        "region": "371500", "published": "2026-01-01", "effective_from": "2026-01-01", "items": items,
    }]}
    return check_catalogue(data, DECLARED, {"371500", "371502"}).items


def _unknown(rules: dict[str, tuple[dict, str]], **facts) -> dict:
    enterprise = {"dishonest": False, "employees": 7, "region_code": "371502", **facts}
    matched = [m.matched() for m in match(_catalogue(rules), facts_from_mapping(enterprise, DECLARED, DAY))]
    return {m.item_id: m for m in matched if m.group == "unknown"}


def _all(*leaves) -> dict:
    return {"all": [*leaves, NOT_DISHONEST]}


def _at_least(fact: str, value: int = 1) -> dict:
    return {"fact": fact, "op": ">=", "value": value}


def test_support_counts_met_qualifying_conditions_and_missing_counts_facts():
    got = _unknown({
        "one-missing": (_all(_at_least("a"), _at_least("b"), _at_least("c"), _at_least("d")), "1000"),
        "five-missing": (_all(*(_at_least(f) for f in "bcde"), _at_least("exports")), "1000"),
    }, a=3)
    one, five = likelihood(got["one-missing"]), likelihood(got["five-missing"])
    # "one-missing" meets a, lacks b c d: three facts to ask for, one met.
    assert (one.support, one.missing, one.folded) == (1, 3, False)
    # "five-missing": not 失信 passes, but ruling a few out says nothing for the item.
    assert (five.support, five.missing, five.folded) == (0, 5, True)


def test_exclusions_and_the_items_own_county_do_not_speak_for_it():
    got = _unknown({
        "excluding": (_all({"fact": "size_class", "op": "!=", "value": "large"},
                           {"fact": "tax_credit_rating", "op": "not_in", "value": ["C", "D"]},
                           {"fact": "region_code", "op": "==", "value": "371502"}, _at_least("exports")), "10"),
        "qualifying": (_all({"fact": "employees", "op": "<=", "value": 10}, _at_least("exports")), "10"),
    }, tax_credit_rating="B", size_class="micro")
    assert likelihood(got["excluding"]).folded
    assert not likelihood(got["qualifying"]).folded


def test_ranked_by_share_met_then_fewer_facts_then_amount_and_folded_last():
    rules = {
        "folded-rich": (_all(_at_least("d"), _at_least("e")), "900000"),
        "half-cheap": (_all(_at_least("a"), _at_least("b")), "100"),
        "half-rich": (_all(_at_least("a"), _at_least("c")), "50000"),
        "two-of-three": (_all(_at_least("a"), {"fact": "employees", "op": ">=", "value": 5}, _at_least("b")), "10"),
        "half-two-missing": (_all(_at_least("a"), {"fact": "employees", "op": ">=", "value": 5},
                                  _at_least("b"), _at_least("c")), "99999999"),
    }
    got = _unknown(rules, a=2)
    ranked = [m.item_id for m in rank_unknown(sorted(got.values(), key=lambda m: m.item_id))]
    # 2 of 3 met first; among halves, one fact to ask for before two, then the larger amount;
    # the folded one last whatever it is worth.
    assert ranked == ["two-of-three", "half-rich", "half-cheap", "half-two-missing", "folded-rich"]
    assert folded_count(got.values()) == 1


def test_rank_keeps_other_groups_in_place():
    got = _unknown({
        "sure": (_all(_at_least("a"), _at_least("b")), "1"),
        "guess": (_all(_at_least("c")), "5"),
    }, a=1)
    eligible = next(iter(m.matched() for m in match(_catalogue({"yes": (_all(_at_least("a")), "7")}),
                                                  facts_from_mapping({"a": 1, "dishonest": False}, DECLARED, DAY))))
    assert eligible.group == "eligible"
    order = [eligible, got["guess"], got["sure"]]
    assert [m.item_id for m in rank_unknown(order)] == ["yes", "sure", "guess"]
    assert likelihood(got["sure"]).to_json() == {"support": 1, "missing": 1, "folded": False}
    assert got["guess"].benefit.amount == Decimal("5")


def test_a_record_of_none_is_not_a_near_miss_but_a_count_short_of_its_threshold_is():
    """0 exports against an export reward is no 差一项: with the departments' registers in,
    that would have put the reward in front of every car wash."""
    from kuaixiang_core.domain.rules.match import Matcher

    items = _catalogue({
        "exports": (_all({"fact": "exports", "op": ">=", "value": 5_000_000}, _at_least("a")), "50000"),
        "hires": (_all({"fact": "b", "op": ">=", "value": 20}), "1000"),
    })
    for exports, b, near in ((0, 0, set()), (4_900_000, 19, {"exports", "hires"})):
        facts = facts_from_mapping({"dishonest": False, "exports": exports, "a": 1, "b": b}, DECLARED, DAY)
        assert {m.item.id for m in match(items, facts) if m.group == "near_miss"} == near
        matcher = Matcher(items)
        shown, _counts = matcher.clerk_items(facts)
        assert {m.item_id for m in shown if m.group == "near_miss"} == near
        assert {m.item.id for m in matcher.match(facts, include_ineligible=True) if m.group == "near_miss"} == near


def test_rank_and_fold_gives_what_ranking_and_counting_apart_give():
    """The match path ranks and counts in one pass: the same order (ties of share included:
    1 of 2 and 2 of 4 rank as equals, then by fewer facts) and the same folded count."""
    got = _unknown({
        "one-of-two": (_all(_at_least("a"), _at_least("b")), "5"),
        "two-of-four": (_all(_at_least("a"), {"fact": "employees", "op": ">=", "value": 5},
                               _at_least("b"), _at_least("c")), "5"),
        "folded": (_all(_at_least("d")), "1"),
        "none-known": (_all(_at_least("e"), _at_least("c")), "3"),
    }, a=2)
    eligible = next(iter(m.matched() for m in match(_catalogue({"yes": (_all(_at_least("a")), "7")}),
                                                  facts_from_mapping({"a": 1, "dishonest": False}, DECLARED, DAY))))
    for order in ([*got.values()], [eligible, *reversed(got.values())], [got["folded"], eligible, got["one-of-two"]]):
        ranked, folded = rank_and_fold(order)
        assert [m.item_id for m in ranked] == [m.item_id for m in rank_unknown(order)]
        assert folded == folded_count(order)
    assert [m.item_id for m in rank_and_fold([*got.values()])[0]][:2] == ["one-of-two", "two-of-four"]
