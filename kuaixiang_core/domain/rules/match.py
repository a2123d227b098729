"""Matching one enterprise against the catalogue, and running golden tests.

Pure: items and facts come in, verdicts, amounts and traces go out.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import chain
from dataclasses import dataclass
from decimal import Decimal

from .catalogue import Benefit, GoldenTest, Item
from .evaluate import ELIGIBLE, INELIGIBLE, UNKNOWN, Facts, TagValue, static_json
from .facts import BUILTIN_FACTS, FactSpec, FactValueError, coerce
from .tree import All, AnyOf, Leaf, Not
from .. import clock

# The groups a clerk sees, in the order they are shown.
GROUPS = ("due", "eligible", "unknown", "near_miss")


def benefit_amount(benefit: Benefit, facts: Facts) -> Decimal | None:
    if benefit.amount is not None:
        return benefit.amount
    if benefit.formula is not None:
        # Many items share a formula (the same template with the same numbers): work each
        # out once per enterprise.
        cache = facts.amounts
        source = benefit.formula.source
        if source not in cache:
            cache[source] = benefit.formula.evaluate(facts.values)
        return cache[source]
    return None


@dataclass(slots=True)
class ItemMatch:
    item: Item
    verdict: str
    group: str | None  # due | eligible | unknown | near_miss | None (not shown)
    amount: Decimal | None
    blockers: list
    facts: Facts

    def to_json(self, *, with_trace: bool = True) -> dict:
        return item_json(self.item, self.verdict, self.group, self.amount, self.blockers, self.facts, with_trace)


def item_json(item: Item, verdict: str, group: str | None, amount: Decimal | None, blockers: list, facts: Facts,
              with_trace: bool = True) -> dict:
    """One item of ``kuaixiang match`` (DESIGN §7); a few hundred are made per match."""
    benefit = item.benefit
    out = {
        "item_id": item.id, "title": item.title, "mode": item.mode, "department": item.department,
        "document_id": item.document_id, "verdict": verdict, "group": group,
        "benefit": benefit.fixed_json if amount is benefit.amount else benefit.json_for(amount),
    }
    if with_trace:
        rule = item.rule
        out["conditions"] = rule.trace(facts)
        if rule.structure is not None:
            out["structure"] = rule.structure
        if verdict == UNKNOWN:
            out["missing_facts"] = rule.missing_facts(facts)
        if blockers:
            # A blocker under a `not` is wanted false: its line is the negated condition.
            out["missing"] = [facts.condition(leaf, not want) for leaf, want in blockers]
    return out


# Facts an enterprise cannot change by acting: a near miss on these ("you would qualify in
# another county") helps nobody, so it is not offered as one.
STRUCTURAL_FACTS = frozenset(
    {"region_code", "industry_code", "industry_section", "industry_division", "is_individual", "reg_type",
     "established", "age_years"}
)


# A near miss is a quantity short of its threshold (19 staff where 20 are needed, 11 months
# of contributions where 12 are): something the enterprise can reach. A missing qualification,
# a rating or a 失信 record is not "nearly" there.
_NEAR_TYPES = frozenset({"number", "money", "percent", "date"})


def near_miss_blockers(blockers: list) -> list:
    return [b for b in blockers if b[0].spec.type in _NEAR_TYPES and b[0].fact not in STRUCTURAL_FACTS]


def group_of(item: Item, verdict: str, near: bool) -> str | None:
    if verdict == ELIGIBLE:
        return "due" if item.mode == "auto" else "eligible"
    if verdict == UNKNOWN:
        return "unknown"
    return "near_miss" if near else None


def match(items: Iterable[Item], facts: Facts) -> list[ItemMatch]:
    """Every item in force on the facts' as-of date, with verdicts; ineligible items that are
    not near misses are included with group None (callers usually leave them out)."""
    out = []
    day = facts.as_of
    for item in items:
        if not item.in_force(day):
            continue
        verdict, blockers = item.rule.verdict(facts)
        blockers = near_miss_blockers(blockers)
        group = group_of(item, verdict, bool(blockers))
        amount = benefit_amount(item.benefit, facts) if group is not None else None
        out.append(ItemMatch(item, verdict, group, amount, blockers, facts))
    return out


class Matcher:
    """``match`` for many enterprises against one fixed list of items, fast.

    Every distinct condition is numbered once and answered once per enterprise, and so is
    its negation where a rule says ``not`` over it. A conjunction of such literals (the
    usual shape: ``all`` over conditions and negated conditions) becomes a tuple of their
    numbers; any other tree becomes closures over the same answers.

    Most items fail for most enterprises, and a conjunction is shown only when none of its
    literals failed, or exactly one that makes a near miss. So each answer knows the plan
    positions of the conjunctions holding it, and counting the failed answers' positions
    (in C) picks out the few conjunctions worth a look without walking the catalogue.
    """

    def __init__(self, items: Iterable[Item]):
        self.items = list(items)
        index: dict[tuple, int] = {}
        self._leaves: list = []

        def number(leaf) -> int:
            if leaf.key not in index:
                index[leaf.key] = len(self._leaves)
                self._leaves.append(leaf)
            return index[leaf.key]

        for item in self.items:
            for leaf in item.rule.leaves:
                number(leaf)
        # Answers [0, n) are the conditions'; answers from n on are negations of some of them.
        self._negated: list[int] = []
        negated_at: dict[int, int] = {}

        def negation(leaf) -> int:
            i = number(leaf)
            if i not in negated_at:
                negated_at[i] = len(self._leaves) + len(self._negated)
                self._negated.append(i)
            return negated_at[i]

        self._plan: list[tuple[Item, object, tuple]] = []
        conjunctions: list[tuple[int, list[int]]] = []
        for item in self.items:
            literals = _conjunction(item.rule.root)
            if literals is None:
                # Worth looking for a near miss only when a condition that could be one went
                # against the rule: answered False, or True under a `not`.
                near = tuple((number(leaf), negated) for leaf, _path, negated in item.rule.steps if _near_leaf(leaf))
                self._plan.append((item, None, (_closure(item.rule.root, number), near)))
                continue
            ids = [negation(leaf) if not want else number(leaf) for leaf, want in literals]
            gather = operator.itemgetter(*ids) if len(ids) > 1 else (lambda a, i=ids[0]: (a[i],))
            # Per literal: could failing it alone make a near miss? Decided once, here.
            near = tuple(_near_leaf(leaf) for leaf, _want in literals)
            conjunctions.append((len(self._plan), ids))
            self._plan.append((item, gather, (literals, near)))
        answers = len(self._leaves) + len(self._negated)
        self._positions_of: list[list[int]] = [[] for _ in range(answers)]
        for position, ids in conjunctions:
            for i in ids:  # once per time it appears: a literal twice over is two failures
                self._positions_of[i].append(position)
        self._near_answer = [_near_leaf(leaf) for leaf in self._leaves] + [
            _near_leaf(self._leaves[i]) for i in self._negated
        ]
        # The catalogue's half of every line of the 'why', made now rather than on the
        # first clerk's match.
        for item in self.items:
            for leaf, _path, negated in item.rule.steps:
                static_json(leaf, negated)
        # (day, plan entries in force, conjunctions' positions, trees' positions), replaced
        # whole: workers share a matcher, and one may ask for another day meanwhile.
        self._in_force: tuple = (None, [], frozenset(), [])

    def _in_force_on(self, day: dt.date) -> tuple:
        state = self._in_force
        if state[0] != day:
            positions = [n for n, p in enumerate(self._plan) if p[0].in_force(day)]
            state = self._in_force = (
                day,
                [self._plan[n] for n in positions],
                frozenset(n for n in positions if self._plan[n][1] is not None),
                [n for n in positions if self._plan[n][1] is None],
            )
        return state

    def in_force_count(self, day: dt.date) -> int:
        return len(self._in_force_on(day)[1])

    def _answers(self, facts: Facts) -> list:
        values = facts.values
        answers = []
        for leaf in self._leaves:
            value = values.get(leaf.fact)
            answers.append(None if value is None else leaf.test(value))
        for i in self._negated:
            a = answers[i]
            answers.append(None if a is None else not a)
        return answers

    def match(self, facts: Facts, *, include_ineligible: bool = False) -> list[ItemMatch]:
        """Like ``match(items, facts)``: the items in force, in catalogue order; without
        ``include_ineligible``, only those shown to the clerk (a group that is not None)."""
        answers = self._answers(facts)
        if not include_ineligible:
            return self._shown(facts, answers)
        out = []
        for item, gather, plan in self._in_force_on(facts.as_of)[1]:
            if gather is None:
                verdict, blockers = self._tree_verdict(item, plan, answers, facts)
            else:
                got = gather(answers)
                if False in got:
                    position = got.index(False)
                    near_miss = got.count(False) == 1 and plan[1][position]
                    blockers = [plan[0][position]] if near_miss else []
                    verdict = INELIGIBLE
                else:
                    verdict, blockers = (UNKNOWN if None in got else ELIGIBLE), []
            group = group_of(item, verdict, bool(blockers))
            amount = benefit_amount(item.benefit, facts) if group is not None else None
            out.append(ItemMatch(item, verdict, group, amount, blockers, facts))
        return out

    @staticmethod
    def _tree_verdict(item: Item, plan: tuple, answers: list, facts: Facts) -> tuple[str, list]:
        tree, near = plan
        answer = tree(answers)
        if answer is False and any(answers[i] is negated for i, negated in near):
            blockers = item.rule.failed_by_one(facts)
            return INELIGIBLE, (near_miss_blockers(blockers) if blockers else [])
        return _VERDICTS[answer], []

    def _shown(self, facts: Facts, answers: list) -> list[ItemMatch]:
        rows = self._shown_rows(facts, answers)
        rows.sort(key=_first)
        return [ItemMatch(item, verdict, group, amount, blockers or [], facts)
                for _n, item, verdict, group, amount, blockers in rows]

    def clerk_json(self, facts: Facts) -> tuple[list[dict], Counter]:
        """The items shown to the clerk as ``kuaixiang match`` items, in the clerk's order
        (``clerk_order``), and how many of each group: what
        ``match(facts)`` and ``to_json`` give, without the intermediate objects."""
        rows = self._shown_rows(facts, self._answers(facts))
        keyed = [
            (clerk_order(group, amount, item.id), item_json(item, verdict, group, amount, blockers, facts))
            for _n, item, verdict, group, amount, blockers in rows
        ]
        keyed.sort(key=_first)
        return [line for _key, line in keyed], Counter(line["group"] for _key, line in keyed)

    def _shown_rows(self, facts: Facts, answers: list) -> list[tuple]:
        """(plan position, item, verdict, group, amount, blockers) of every item shown."""
        _day, _entries, in_force, trees = self._in_force_on(facts.as_of)
        plan, positions_of, near_answer = self._plan, self._positions_of, self._near_answer
        failed = [i for i, a in enumerate(answers) if a is False]
        fails = Counter(chain.from_iterable([positions_of[i] for i in failed]))
        passed = in_force.difference(fails)
        unknown = passed.intersection(chain.from_iterable([positions_of[i] for i, a in enumerate(answers) if a is None]))
        near = [
            n for n in in_force.intersection(chain.from_iterable([positions_of[i] for i in failed if near_answer[i]]))
            if fails[n] == 1
        ]
        rows: list[tuple] = []
        add = rows.append
        for n in passed:
            item = plan[n][0]
            verdict = UNKNOWN if n in unknown else ELIGIBLE
            add((n, item, verdict, group_of(item, verdict, False), benefit_amount(item.benefit, facts), _NONE))
        for n in near:
            item, gather, (literals, _near) = plan[n]
            blockers = [literals[gather(answers).index(False)]]
            add((n, item, INELIGIBLE, "near_miss", benefit_amount(item.benefit, facts), blockers))
        for n in trees:
            item = plan[n][0]
            verdict, blockers = self._tree_verdict(item, plan[n][2], answers, facts)
            group = group_of(item, verdict, bool(blockers))
            if group is not None:
                add((n, item, verdict, group, benefit_amount(item.benefit, facts), blockers))
        return rows


def _near_leaf(leaf: Leaf) -> bool:
    """Could this condition, failed alone, make a near miss (whichever way it is wanted)?"""
    return bool(near_miss_blockers([(leaf, True)]))


def _conjunction(node) -> tuple[tuple[Leaf, bool], ...] | None:
    """A rule that is a condition, a negated one, or ``all`` over those, as (leaf, wanted
    answer) pairs; None for any other shape."""
    def literal(n):
        if isinstance(n, Leaf):
            return (n, True)
        if isinstance(n, Not) and isinstance(n.child, Leaf):
            return (n.child, False)
        return None

    if isinstance(node, All):
        found = [literal(c) for c in node.children]
        return None if any(f is None for f in found) else tuple(found)  # type: ignore[return-value]
    one = literal(node)
    return (one,) if one is not None else None


_VERDICTS = {True: ELIGIBLE, False: INELIGIBLE, None: UNKNOWN}
_first = operator.itemgetter(0)
_GROUP_RANK = {g: n for n, g in enumerate(GROUPS)}
_ZERO = Decimal(0)


def clerk_order(group: str | None, amount: Decimal | None, item_id: str) -> tuple:
    """The order a clerk reads items in: by group (not shown last), the larger amount first,
    then by id."""
    return (_GROUP_RANK.get(group, len(GROUPS)), _ZERO if amount is None else -amount, item_id)

_NONE: list = []  # no blockers; shared, never changed


def _closure(node, number):
    """Kleene evaluation of ``node`` over an answers list (see evaluate.result)."""
    if isinstance(node, Leaf):
        i = number(node)
        return lambda a: a[i]
    if isinstance(node, Not):
        inner = _closure(node.child, number)

        def negate(a):
            r = inner(a)
            return None if r is None else not r

        return negate
    parts = [_closure(c, number) for c in node.children]
    decisive = isinstance(node, AnyOf)  # any: True decides; all: False decides

    def combine(a):
        unknown = False
        for part in parts:
            r = part(a)
            if r is decisive:
                return decisive
            if r is None:
                unknown = True
        return None if unknown else not decisive

    return combine


def facts_from_mapping(
    data: Mapping[str, object], declared: Mapping[str, FactSpec], as_of: dt.date
) -> Facts:
    """Facts from a plain mapping (a golden test's ``enterprise``); values are coerced by type."""
    values: dict[str, object] = {}
    tags: list[TagValue] = []
    for name, raw in data.items():
        if name == "tags":
            for t in raw or []:  # type: ignore[union-attr]
                if isinstance(t, Mapping):
                    tags.append(
                        TagValue(
                            str(t["tag"]),
                            coerce("date", t.get("valid_from")),  # type: ignore[arg-type]
                            coerce("date", t.get("valid_to")),  # type: ignore[arg-type]
                        )
                    )
                else:
                    tags.append(TagValue(str(t)))
            continue
        spec = BUILTIN_FACTS.get(name) or declared.get(name)
        if spec is None:
            raise FactValueError(f"未知的事实「{name}」")
        values[name] = coerce(spec.type, raw)
    return Facts(values, tags, as_of)


@dataclass(frozen=True)
class GoldenResult:
    item_id: str
    test: GoldenTest
    passed: bool
    verdict: str | None
    amount: Decimal | None
    message: str | None


def run_golden(item: Item, declared: Mapping[str, FactSpec]) -> list[GoldenResult]:
    results = []
    for test in item.tests:
        as_of = test.as_of or item.effective_from or clock.today()
        try:
            facts = facts_from_mapping(test.enterprise, declared, as_of)
        except (FactValueError, KeyError) as exc:
            results.append(GoldenResult(item.id, test, False, None, None, f"事实无法读取：{exc}"))
            continue
        verdict, _ = item.rule.verdict(facts)
        amount = benefit_amount(item.benefit, facts)
        problems = []
        if verdict != test.verdict:
            problems.append(f"结论应为 {test.verdict}，实际为 {verdict}")
        if test.amount is not None and amount != test.amount:
            problems.append(f"金额应为 {test.amount}，实际为 {amount}")
        results.append(GoldenResult(item.id, test, not problems, verdict, amount, "；".join(problems) or None))
    return results


__all__ = ["GROUPS", "ItemMatch", "match", "run_golden", "GoldenResult", "facts_from_mapping", "benefit_amount", "INELIGIBLE"]
