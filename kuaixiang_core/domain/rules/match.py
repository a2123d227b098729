"""Matching one enterprise against the catalogue, and running golden tests.

Pure: items and facts come in, verdicts, amounts and traces go out, as ``MatchedItem``s.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .. import clock
from .benefit_kinds import CASH
from .caps import Cap, apply_caps, lines_with_room
from .catalogue import Benefit, GoldenTest, Item
from .evaluate import ELIGIBLE, INELIGIBLE, UNKNOWN, Condition, Facts, TagValue, compute, static_line
from .evidence import bring_list, evidence_for
from .facts import BUILTIN_FACTS, FactSpec, FactValueError, coerce, tag_entries
from .history import PastApplication
from .tree import All, AnyOf, Leaf, Not

# The groups a clerk sees, in the order they are shown.
GROUPS = ("due", "eligible", "unknown", "near_miss")


def benefit_amount(benefit: Benefit, facts: Facts) -> Decimal | None:
    if benefit.amount is not None:
        return benefit.amount
    if benefit.formula is not None:
        # Many items share a formula (the same template with the same numbers): work each
        # out once per enterprise.
        cache = facts.amounts
        formula = benefit.formula
        # A formula naming definitions or parameters means what its item's copies say.
        source = formula.source if not formula.uses else (formula.source, id(formula))
        if source not in cache:
            cache[source] = formula.evaluate(facts.values, facts.as_of)
        return cache[source]
    return None


@dataclass(frozen=True, slots=True)
class BenefitAmount:
    """What an enterprise would receive: the amount in 元 where the benefit has one (fixed, or
    worked out from the enterprise's facts) and the benefit's own words."""

    amount: Decimal | None
    text: str | None
    kind: str = CASH  # benefit_kinds.KINDS: what the amount is

    @classmethod
    def of(cls, benefit: Benefit, amount: Decimal | None) -> BenefitAmount:
        return cls(amount, benefit.text or benefit.note, benefit.kind)

    @property
    def cash(self) -> Decimal | None:
        """The amount if it is money paid (what 「约 X 元」 and its totals add up)."""
        return self.amount if self.kind == CASH else None

    def to_json(self) -> dict:
        out = {"amount": None if self.amount is None else str(self.amount), "text": self.text}
        if self.kind != CASH:
            out["kind"] = self.kind
        return out


@dataclass(frozen=True, slots=True)
class ItemHead:
    """What a matched item says of the policy item itself: the same for every enterprise, so
    made once per item and catalogue (see match._shown_of) and shared by its matches."""

    item_id: str
    title: str
    mode: str  # auto | online | window
    department: str
    document_id: str
    # Where each condition sits under all / any / not (``all[0]``, ``any[1].not``…), in the
    # order of the conditions; None for a plain list of conditions.
    structure: tuple[str, ...] | None = None
    # fact → the document proving it, as the item's catalogue names it (rules/evidence.py)
    evidence: Mapping[str, str] | None = None

    @classmethod
    def of(cls, item: Item) -> ItemHead:
        structure = item.rule.structure
        return cls(item.id, item.title, item.mode, item.department, item.document_id,
                   None if structure is None else tuple(structure), item.evidence or None)


@dataclass(frozen=True, slots=True)
class MatchedItem:
    """One item of a match: the verdict, the group a clerk sees it in, what it would bring,
    and why (every condition, in rule order). A match makes a few hundred: the item's own
    fields are shared in ``head`` rather than copied into each (a frozen object pays for
    every field it is given), and read through the properties below."""

    head: ItemHead
    verdict: str  # eligible | ineligible | unknown
    group: str | None  # due | eligible | unknown | near_miss | None (not shown to the clerk)
    benefit: BenefitAmount
    conditions: tuple[Condition, ...]
    # A near miss: the one condition to meet (under a ``not``, the negated line); else empty.
    missing: tuple[Condition, ...] = ()
    # The item's caps and claim limits as they stand for the enterprise (caps.py): a line each.
    caps: tuple[Condition, ...] = ()

    @property
    def item_id(self) -> str:
        return self.head.item_id

    @property
    def title(self) -> str:
        return self.head.title

    @property
    def mode(self) -> str:
        return self.head.mode

    @property
    def department(self) -> str:
        return self.head.department

    @property
    def document_id(self) -> str:
        return self.head.document_id

    @property
    def structure(self) -> tuple[str, ...] | None:
        return self.head.structure

    @property
    def missing_facts(self) -> tuple[str, ...]:
        """The facts the record lacks, sorted: those of the conditions answered 'unknown' (a
        condition is unknown exactly when its fact is missing)."""
        return tuple(sorted({fact for line in self.conditions if line.result == "unknown"
                             for fact in (line.absent or (line.fact,))}))

    def evidence_for(self, fact: str) -> str | None:
        """The document that proves ``fact`` (the item's catalogue's word, else the built-in)."""
        return evidence_for(fact, self.head.evidence)

    @property
    def bring(self) -> tuple[str, ...]:
        """The documents proving the facts the record lacks, each once, in the order of the
        conditions (「请携带：…」)."""
        own = self.head.evidence
        return tuple(bring_list((fact, own) for line in self.conditions if line.result == "unknown"
                                for fact in (line.absent or (line.fact,))))

    def to_json(self) -> dict:
        """One item of ``kuaixiang match`` (DESIGN §7)."""
        head = self.head
        out = {
            "item_id": head.item_id, "title": head.title, "mode": head.mode, "department": head.department,
            "document_id": head.document_id, "verdict": self.verdict, "group": self.group,
            "benefit": self.benefit.to_json(), "conditions": [line.to_json() for line in self.conditions],
        }
        if head.structure is not None:
            out["structure"] = list(head.structure)
        if self.verdict == UNKNOWN:
            out["missing_facts"] = list(self.missing_facts)
            if bring := self.bring:
                out["bring"] = list(bring)
        if self.missing:
            out["missing"] = [line.to_json() for line in self.missing]
        if self.caps:
            out["caps"] = [line.to_json() for line in self.caps]
        return out


# The fields' slots, set one by one on an object made bare (Matcher.clerk_items): the same
# MatchedItem made a third as slowly as by its ``__init__``, which as a frozen dataclass's
# sets each field through ``object.__setattr__`` (1.5 µs for seven), and a match makes a few
# hundred.
_MATCHED_SLOTS = tuple(MatchedItem.__dict__[name].__set__
                       for name in ("head", "verdict", "group", "benefit", "conditions", "missing", "caps"))
_new_object = object.__new__


@dataclass(slots=True)
class ItemMatch:
    """A verdict as the matching itself sees it (the item, the blockers); ``matched()`` is
    what callers are given."""

    item: Item
    verdict: str
    group: str | None  # due | eligible | unknown | near_miss | None (not shown)
    amount: Decimal | None
    blockers: list
    facts: Facts
    head: ItemHead | None = None  # the matcher's, shared; made on demand otherwise

    def matched(self) -> MatchedItem:
        item, facts = self.item, self.facts
        return MatchedItem(
            self.head or ItemHead.of(item), self.verdict, self.group, BenefitAmount.of(item.benefit, self.amount),
            item.rule.trace(facts), _missing_lines(facts, self.blockers),
        )

    def to_json(self) -> dict:
        return self.matched().to_json()


def _missing_lines(facts: Facts, blockers: list) -> tuple[Condition, ...]:
    # A blocker under a `not` is wanted false: its line is the negated condition.
    return tuple([facts.condition(leaf, not want) for leaf, want in blockers]) if blockers else ()


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


def near_miss_blockers(blockers: list, facts: Facts | None = None) -> list:
    """The blockers that make a near miss; with ``facts``, those the record has none of are
    left out too (see has_none)."""
    return [b for b in blockers if _reachable(b[0]) and (facts is None or not has_none(b[0], facts))]


def _reachable(leaf: Leaf) -> bool:
    """A quantity the enterprise can reach: a number, amount, percentage or date it holds
    (or a quantity worked out from such), or an expression that is one ordering of them, not
    only of structural facts."""
    formula = leaf.formula
    if leaf.spec.kind == "history":
        return leaf.op == "held"  # kept long enough, later: the one history condition reached by going on
    if formula is None:
        return leaf.spec.type in _NEAR_TYPES and leaf.fact not in STRUCTURAL_FACTS
    if not formula.facts or formula.facts <= STRUCTURAL_FACTS:
        return False
    return leaf.near or leaf.spec.type in _NEAR_TYPES


# Counts and amounts: a department's record of none (0 exports, no loan, no doctorate hired)
# is not "nearly" there. Before the departments' registers came in such facts were missing
# (需核实); read as near misses they put an export reward in front of a car wash as 差一项.
_NONE_TYPES = frozenset({"number", "money"})


def has_none(leaf: Leaf, facts: Facts) -> bool:
    """The record says the enterprise has none of what ``leaf`` counts."""
    if leaf.spec.kind == "history":
        return leaf.formula.has_none(facts.values)  # type: ignore[union-attr]
    if leaf.spec.type not in _NONE_TYPES:
        return False
    value = facts.values.get(leaf.fact)
    return isinstance(value, Decimal) and value == 0


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
        blockers = near_miss_blockers(blockers, facts)
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
    literals failed, or exactly one that makes a near miss. So each answer holds a bit per
    plan position of the conjunctions holding it, and or-ing the failed answers' masks (a
    few dozen integer operations, in C) picks out the conjunctions worth a look without
    walking the catalogue. A tree's verdict and near-miss blockers follow from its
    conditions' answers alone: worked out once per pattern of them, then looked up.

    ``shared``: what the matchers of one catalogue share per item (heads, tree verdicts),
    keyed by item id; the catalogue's regions each have a matcher over mostly the same items.
    """

    def __init__(self, items: Iterable[Item], *, shared: dict | None = None):
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
        self._computed = [leaf for leaf in self._leaves if leaf.formula is not None]
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
                # Its conditions' answers in the order they first appear in the rule: the
                # same for every matcher of the item, whatever its numbering (see _tree_verdict).
                ids = list(dict.fromkeys(number(leaf) for leaf in item.rule.leaves))
                pattern = operator.itemgetter(*ids) if len(ids) > 1 else (lambda a, i=ids[0]: (a[i],))
                self._plan.append((item, None, (_closure(item.rule.root, number), near, pattern)))
                continue
            ids = [negation(leaf) if not want else number(leaf) for leaf, want in literals]
            gather = operator.itemgetter(*ids) if len(ids) > 1 else (lambda a, i=ids[0]: (a[i],))
            # Per literal: could failing it alone make a near miss? Decided once, here.
            near = tuple(_near_leaf(leaf) for leaf, _want in literals)
            conjunctions.append((len(self._plan), ids))
            self._plan.append((item, gather, (literals, near)))
        answers = len(self._leaves) + len(self._negated)
        # Per answer, a bit per plan position of a conjunction holding it, and where it is
        # held twice over (a literal twice over is two failures).
        self._masks = [0] * answers
        self._doubled: dict[int, int] = {}
        for position, ids in conjunctions:
            bit = 1 << position
            for i in ids:
                if self._masks[i] & bit:
                    self._doubled[i] = self._doubled.get(i, 0) | bit
                self._masks[i] |= bit
        self._near_answer = [_near_leaf(leaf) for leaf in self._leaves] + [
            _near_leaf(self._leaves[i]) for i in self._negated
        ]
        # The catalogue's half of every line of the 'why', made now rather than on the first
        # clerk's match.
        for item in self.items:
            for leaf, _path, negated in item.rule.steps:
                static_line(leaf, negated)
        # Per plan position, what every match of the item shares (see _shown_of): made now, for
        # every item (once per catalogue with ``shared``), rather than on a clerk's match.
        shared = {} if shared is None else shared
        self._shown: list[tuple] = [_shown_of(item, shared) for item, _gather, _plan in self._plan]
        # The items by period in force (an item of each, the mask of their positions): far
        # fewer periods than items, so a new day costs a few hundred checks, not thousands.
        periods: dict[tuple, tuple[Item, int]] = {}
        for n, (item, _gather, _plan) in enumerate(self._plan):
            period = (item.effective_from, item.effective_to)
            first, bits = periods.get(period, (item, 0))
            periods[period] = (first, bits | 1 << n)
        self._periods = list(periods.values())
        self._trees = sum(1 << n for n, (_item, gather, _plan) in enumerate(self._plan) if gather is None)
        # (day, plan positions in force, mask of the conjunctions of them, trees of them),
        # replaced whole: workers share a matcher, and one may ask for another day meanwhile.
        self._in_force: tuple = (None, [], 0, [])

    def _in_force_on(self, day: dt.date) -> tuple:
        state = self._in_force
        if state[0] != day:
            mask = 0
            for item, bits in self._periods:
                if item.in_force(day):
                    mask |= bits
            trees = self._trees
            state = self._in_force = (day, _bits(mask)[::-1], mask & ~trees, _bits(mask & trees)[::-1])
        return state

    def in_force_count(self, day: dt.date) -> int:
        return len(self._in_force_on(day)[1])

    def _answers(self, facts: Facts) -> list:
        values = facts.values
        for leaf in self._computed:
            compute(values, leaf, facts.as_of)
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
            rows = self._shown_rows(facts, answers)
            rows.sort(key=_first)
        else:
            rows = [(n, *self._verdict(n, answers, facts)) for n in self._in_force_on(facts.as_of)[1]]
        out = []
        for n, verdict, group, blockers in rows:
            item = self._plan[n][0]
            amount = benefit_amount(item.benefit, facts) if group is not None else None
            out.append(ItemMatch(item, verdict, group, amount, blockers or [], facts, self._shown[n][0]))
        return out

    def _verdict(self, n: int, answers: list, facts: Facts) -> tuple[str, str | None, list]:
        """(verdict, group, blockers) of the item at plan position ``n``."""
        item, gather, plan = self._plan[n]
        if gather is None:
            verdict, blockers = self._tree_verdict(n, answers, facts)
        else:
            got = gather(answers)
            if False in got:
                position = got.index(False)
                near_miss = got.count(False) == 1 and plan[1][position] and not has_none(plan[0][position][0], facts)
                blockers = [plan[0][position]] if near_miss else []
                verdict = INELIGIBLE
            else:
                verdict, blockers = (UNKNOWN if None in got else ELIGIBLE), []
        return verdict, group_of(item, verdict, bool(blockers)), blockers

    def _tree_verdict(self, n: int, answers: list, facts: Facts) -> tuple[str, list]:
        """(verdict, near-miss blockers) of the tree at plan position ``n``. The answer and
        the blockers one flip away are the same for the same answers of its conditions, and
        a region's enterprises show few patterns of them: each is worked out once (shared
        by the item's matchers); only whether the record has none of a blocker's quantity
        (has_none) is the enterprise's own."""
        item, _gather, (tree, near, pattern) = self._plan[n]
        memo = self._shown[n][_MEMO]
        key = pattern(answers)
        found = memo.get(key)
        if found is None:
            answer = tree(answers)
            blockers: tuple = ()
            if answer is False and any(answers[i] is negated for i, negated in near):
                blockers = tuple(b for b in item.rule.failed_by_one(facts) if _reachable(b[0]))
            found = (answer, blockers)
            if len(memo) < _TREE_PATTERNS:  # two workers may both add it: the same value
                memo[key] = found
        answer, blockers = found
        if blockers:
            kept = [b for b in blockers if not has_none(b[0], facts)]
            if kept:
                return INELIGIBLE, kept
        return _VERDICTS[answer], []

    def clerk_items(self, facts: Facts) -> tuple[list[MatchedItem], Counter]:
        """The items shown to the clerk in the clerk's order (``clerk_order``), and how many
        of each group: what ``match(facts)`` and ``ItemMatch.matched`` give, made straight
        from the counting path (a match makes a few hundred; this is most of its time). An
        item whose caps nothing can count against (``facts.history`` empty, its estimate
        within every amount cap) carries their lines, as ``with_caps`` would give it; the
        other capped items are left for ``with_caps``."""
        rows = self._shown_rows(facts, self._answers(facts))
        shown, fact_lines, rank = self._shown, facts.lines.__getitem__, _GROUP_RANK
        # Each MatchedItem made bare, its slots set (see _MATCHED_SLOTS).
        set_head, set_verdict, set_group, set_benefit, set_conditions, set_missing, set_caps = _MATCHED_SLOTS
        new, getitem = _new_object, operator.getitem
        fresh = facts.history == ()  # no earlier applications: every cap has all its room
        keyed = []
        add = keyed.append
        for n, verdict, group, blockers in rows:
            head, benefit, line_facts, line_keys, _group, item_benefit, keys, _memo, room = shown[n]
            if benefit is None:
                amount = benefit_amount(item_benefit, facts)
                benefit = BenefitAmount.of(item_benefit, amount)
                key = (rank[group], _ZERO if amount is None else -amount, head.item_id)
            else:
                key = keys[rank[group]]
            made = new(MatchedItem)
            set_head(made, head)
            set_verdict(made, verdict)
            set_group(made, group)
            set_benefit(made, benefit)
            # CompiledRule.trace, inline.
            set_conditions(made, tuple(map(getitem, map(fact_lines, line_facts), line_keys)))
            set_missing(made, _missing_lines(facts, blockers) if blockers else ())
            # An item's caps, where nothing can be counted against them, only add their lines;
            # the others are applied afterwards (services.matching: with_caps).
            if room is not None and fresh and (room[1] is None or benefit.amount is None or benefit.amount <= room[1]):
                set_caps(made, room[0])
            else:
                set_caps(made, ())
            add((key, made))
        keyed.sort(key=_first)
        return [matched for _key, matched in keyed], Counter(map(_group_of_row, rows))

    def _shown_rows(self, facts: Facts, answers: list) -> list[tuple]:
        """(plan position, verdict, group, blockers) of every item shown."""
        _day, _positions, in_force, trees = self._in_force_on(facts.as_of)
        masks, doubled, near_answer = self._masks, self._doubled, self._near_answer
        once = twice = near = unknown = 0  # conjunctions failed once, twice or more, …
        for i, a in enumerate(answers):
            if a is False:
                mask = masks[i]
                twice |= once & mask
                once |= mask
                if near_answer[i]:
                    near |= mask
                if doubled and i in doubled:
                    twice |= doubled[i]
            elif a is None:
                unknown |= masks[i]
        passed = in_force & ~once
        unknown &= passed
        plan, shown = self._plan, self._shown
        rows: list[tuple] = [(n, ELIGIBLE, shown[n][_ELIGIBLE_GROUP], _NONE) for n in _bits(passed ^ unknown)]
        rows += [(n, UNKNOWN, "unknown", _NONE) for n in _bits(unknown)]
        add = rows.append
        for n in _bits(near & in_force & once & ~twice):  # one literal failed, one that may be near
            _item, gather, (literals, _near) = plan[n]
            literal = literals[gather(answers).index(False)]
            if not has_none(literal[0], facts):
                add((n, INELIGIBLE, "near_miss", [literal]))
        for n in trees:
            verdict, blockers = self._tree_verdict(n, answers, facts)
            group = group_of(plan[n][0], verdict, bool(blockers))
            if group is not None:
                add((n, verdict, group, blockers))
        return rows


# What every match of an item shares, per plan position of a Matcher: (head, the benefit
# unless a formula works its amount out (None: see benefit_amount), the fact and key of each
# line of its 'why', its group when eligible, the item's benefit, its clerk_order key in each
# group for a fixed benefit, its tree's verdicts by pattern of answers, its caps' lines with
# all their room and lowest amount cap or None), and the item.
_ELIGIBLE_GROUP, _MEMO = 4, 7
# Patterns of answers kept per tree: a bound the catalogue's trees (a few conditions each) do
# not reach, against a rule that somehow has thousands.
_TREE_PATTERNS = 4096


def _shown_of(item: Item, shared: dict) -> tuple:
    found = shared.get(item.id)
    if found is not None and found[-1] is item:
        return found[:-1]
    rule, benefit = item.rule, item.benefit
    fixed = BenefitAmount.of(benefit, benefit.amount) if benefit.amount is not None or benefit.formula is None else None
    negative = _ZERO if fixed is None or fixed.amount is None else -fixed.amount
    keys = tuple((rank, negative, item.id) for rank in range(len(GROUPS)))  # clerk_order's, by group
    # Its caps as they stand for an enterprise without earlier applications (most): their
    # lines, and the lowest amount cap (an estimate above it is lowered: caps.apply_caps).
    room = None
    if item.caps:
        amounts = [c.amount for c in item.caps if c.amount is not None]
        room = (lines_with_room(item.caps), min(amounts) if amounts else None)
    shown = (ItemHead.of(item), fixed, rule.line_facts, rule.line_keys, "due" if item.mode == "auto" else "eligible",
             benefit, keys, {}, room)
    shared[item.id] = (*shown, item)
    return shown


def _bits(mask: int) -> list[int]:
    """The positions of the bits set in ``mask``, highest first (found in the binary digits:
    str.find runs in C, where shifting a wide integer bit by bit would not)."""
    digits = bin(mask)
    top = len(digits) - 1
    out = []
    at = digits.find("1", 2)
    while at != -1:
        out.append(top - at)
        at = digits.find("1", at + 1)
    return out


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
_group_of_row = operator.itemgetter(2)  # (position, verdict, group, blockers)
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


def with_caps(matched: MatchedItem, caps: tuple[Cap, ...], facts: Facts) -> MatchedItem:
    """The match after the item's caps (caps.apply_caps): the amount lowered to what is left,
    with the benefit's words saying so, or, a cap reached, ineligible and not shown."""
    benefit = matched.benefit
    outcome = apply_caps(caps, matched.verdict, benefit.amount, facts)
    if outcome.note or outcome.amount != benefit.amount:
        text = benefit.text
        if outcome.note:
            text = outcome.note if not text else f"{outcome.note}。{text}"
        benefit = BenefitAmount(outcome.amount, text, benefit.kind)
    if outcome.reached:
        return MatchedItem(matched.head, outcome.verdict, None, benefit, matched.conditions, (), outcome.lines)
    # Made directly, not by dataclasses.replace: a match of a capped catalogue does this for
    # every shown item with caps, a few dozen times.
    return MatchedItem(matched.head, outcome.verdict, matched.group, benefit, matched.conditions, matched.missing,
                       outcome.lines)


def facts_from_mapping(
    data: Mapping[str, object], declared: Mapping[str, FactSpec], as_of: dt.date,
    history: tuple[PastApplication, ...] | None = (),
) -> Facts:
    """Facts from a plain mapping (a golden test's ``enterprise``); values are coerced by type."""
    values: dict[str, object] = {}
    tags: list[TagValue] = []
    for name, raw in data.items():
        if name == "tags":
            tags.extend(TagValue(*entry) for entry in tag_entries(raw))
            continue
        spec = BUILTIN_FACTS.get(name) or declared.get(name)
        if spec is None:
            raise FactValueError(f"未知的事实「{name}」")
        values[name] = coerce(spec.type, raw)
    return Facts(values, tags, as_of, history=history)


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
            facts = facts_from_mapping(test.enterprise, declared, as_of, test.history)
        except (FactValueError, KeyError) as exc:
            results.append(GoldenResult(item.id, test, False, None, None, f"事实无法读取：{exc}"))
            continue
        verdict, _ = item.rule.verdict(facts)
        amount = benefit_amount(item.benefit, facts)
        if item.caps:
            outcome = apply_caps(item.caps, verdict, amount, facts)
            verdict, amount = outcome.verdict, outcome.amount
        problems = []
        if verdict != test.verdict:
            problems.append(f"结论应为 {test.verdict}，实际为 {verdict}")
        if test.amount is not None and amount != test.amount:
            problems.append(f"金额应为 {test.amount}，实际为 {amount}")
        results.append(GoldenResult(item.id, test, not problems, verdict, amount, "；".join(problems) or None))
    return results


__all__ = [
    "GROUPS",
    "INELIGIBLE",
    "BenefitAmount",
    "Condition",
    "GoldenResult",
    "ItemHead",
    "ItemMatch",
    "MatchedItem",
    "Matcher",
    "benefit_amount",
    "clerk_order",
    "facts_from_mapping",
    "match",
    "run_golden",
    "with_caps",
]
