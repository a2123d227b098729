"""The ranges a rule's conditions allow, for ``rules lint`` (lint.py): conditions that can never
hold together, and tiers that overlap or leave a gap.

A condition on one fact (or one quantity, or one side of an expression ``x >= 3``) allows a
range of values; conditions joined by ``all`` allow the intersection. That is all this module
knows: it never evaluates an enterprise. Facts that only take whole numbers (人, 月, 年…),
amounts of money (to 分) and dates (to the day) are compared on their grid, so ``employees
<= 10`` and ``employees >= 11`` adjoin, while ``placement_ratio < 1`` and ``>= 1.01`` leave a gap.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from .facts import ORDERED_TYPES, FactSpec
from .tree import All, AnyOf, Leaf, Node, Not

# Units of declared number facts that count whole things.
_WHOLE_UNITS = {"人", "个", "家", "户", "次", "项", "月", "年", "天", "名", "台", "套", "件", "座", "辆", "头", "只"}
_WHOLE_FACTS = {"employees", "insured_employees", "age_years"}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "==", "in": "not_in", "not_in": "in"}


@dataclass(frozen=True)
class Bound:
    value: object  # Decimal or date
    closed: bool


@dataclass(frozen=True)
class Interval:
    low: Bound | None = None  # None: unbounded
    high: Bound | None = None

    def meet(self, other: Interval) -> Interval:
        return Interval(_tighter(self.low, other.low, low=True), _tighter(self.high, other.high, low=False))

    def show(self, unit: str = "") -> str:
        lo = "-∞" if self.low is None else _text(self.low.value)
        hi = "+∞" if self.high is None else _text(self.high.value)
        left = "[" if self.low is not None and self.low.closed else "("
        right = "]" if self.high is not None and self.high.closed else ")"
        return f"{left}{lo}, {hi}{right}{unit}"


def _tighter(a: Bound | None, b: Bound | None, *, low: bool) -> Bound | None:
    if a is None:
        return b
    if b is None:
        return a
    if a.value == b.value:  # type: ignore[operator]
        return Bound(a.value, a.closed and b.closed)
    if low:
        return a if a.value > b.value else b  # type: ignore[operator]
    return a if a.value < b.value else b  # type: ignore[operator]


def _text(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Subject:
    """What a condition ranges over: a fact, a quantity or one side of an expression."""

    key: str
    label: str
    step: object | None  # the grid: 1, Decimal('0.01'), one day; None for any real value
    unit: str = ""


def step_of(spec: FactSpec) -> object | None:
    if spec.type == "date":
        return dt.timedelta(days=1)
    if spec.type == "money" and spec.kind != "quantity":
        return Decimal("0.01")
    if spec.type == "number" and (spec.name in _WHOLE_FACTS or (spec.kind == "declared" and spec.unit in _WHOLE_UNITS)):
        return Decimal(1)
    return None


def _grid(bound: Bound | None, step: object, *, low: bool) -> object | None:
    """The first value on the grid that the bound lets in (from below or above)."""
    if bound is None:
        return None
    v = bound.value
    if isinstance(step, dt.timedelta):
        return v if bound.closed else (v + step if low else v - step)  # type: ignore[operator]
    n = v / step  # type: ignore[operator]
    if low:
        k = math.ceil(n) if bound.closed or n != n.to_integral_value() else int(n) + 1
    else:
        k = math.floor(n) if bound.closed or n != n.to_integral_value() else int(n) - 1
    return Decimal(k) * step  # type: ignore[operator]


def is_empty(interval: Interval, step: object | None) -> bool:
    lo, hi = interval.low, interval.high
    if lo is None or hi is None:
        return False
    if step is not None:
        return _grid(lo, step, low=True) > _grid(hi, step, low=False)  # type: ignore[operator]
    if lo.value == hi.value:  # type: ignore[operator]
        return not (lo.closed and hi.closed)
    return lo.value > hi.value  # type: ignore[operator]


def contains(interval: Interval, value: object) -> bool:
    lo, hi = interval.low, interval.high
    if lo is not None and (value < lo.value or (value == lo.value and not lo.closed)):  # type: ignore[operator]
        return False
    return not (hi is not None and (value > hi.value or (value == hi.value and not hi.closed)))  # type: ignore[operator]


def between_gap(first: Interval, second: Interval, step: object | None) -> Interval | None:
    """The values after ``first`` ends and before ``second`` begins (``first`` begins lower),
    when there are any on the grid; None when they adjoin or overlap."""
    if first.high is None or second.low is None:
        return None
    hole = Interval(Bound(first.high.value, not first.high.closed), Bound(second.low.value, not second.low.closed))
    return None if is_empty(hole, step) else hole


# -- from leaves to ranges ------------------------------------------------------------------


def subject_of(leaf: Leaf) -> Subject | None:
    spec = leaf.spec
    if spec.kind == "expr":
        return None
    if spec.type not in ORDERED_TYPES and spec.type not in ("text", "bool"):
        return None
    label = spec.label
    return Subject(leaf.fact, label, step_of(spec) if spec.type in ORDERED_TYPES else None, spec.unit or "")


def expression_range(leaf: Leaf) -> tuple[Subject, str, Decimal] | None:
    """``x >= 3`` or ``3 < x`` (one ordering against a number): the side it ranges over."""
    from .formula import _tokens

    if leaf.spec.kind != "expr" or not leaf.near:
        return None
    toks = [t for t in _tokens(str(leaf.value)) if t.kind != "end"]
    at = next(i for i, t in enumerate(toks) if t.text in _FLIP)
    left, op, right = toks[:at], toks[at].text, toks[at + 1:]
    if len(right) == 1 and right[0].kind == "num":
        side, number = left, right[0].text
    elif len(left) == 1 and left[0].kind == "num":
        side, number, op = right, left[0].text, _FLIP[op]
    else:
        return None
    text = " ".join(t.text for t in side)
    return Subject("expr:" + text, text, None), op, Decimal(number)


@dataclass
class Allowed:
    """What the conditions met so far allow of one subject."""

    subject: Subject
    interval: Interval = field(default_factory=Interval)
    members: frozenset | None = None  # in / ==: only these (None: any)
    excluded: frozenset = frozenset()  # not_in / !=
    has: frozenset = frozenset()  # has X
    lacks: frozenset = frozenset()  # not has X
    leaves: list = field(default_factory=list)

    def add(self, op: str, value: object) -> None:
        if op in ("<", "<=", ">", ">="):
            bound = Bound(value, op in ("<=", ">="))
            self.interval = self.interval.meet(Interval(bound, None) if op in (">", ">=") else Interval(None, bound))
        elif op == "between":
            low, high = value  # type: ignore[misc]
            self.interval = self.interval.meet(Interval(Bound(low, True), Bound(high, True)))
        elif op in ("==", "in"):
            values = frozenset(value if op == "in" else (value,))  # type: ignore[arg-type]
            self.members = values if self.members is None else self.members & values
        elif op in ("!=", "not_in"):
            self.excluded |= frozenset(value if op == "not_in" else (value,))  # type: ignore[arg-type]
        elif op == "has":
            self.has |= {value}
        elif op == "not_has":
            self.lacks |= {value}

    def impossible(self) -> bool:
        if self.has & self.lacks:
            return True
        if is_empty(self.interval, self.subject.step):
            return True
        if self.members is not None:
            left = {m for m in self.members if m not in self.excluded}
            if isinstance(next(iter(left), None), (Decimal, dt.date)):
                left = {m for m in left if contains(self.interval, m)}
            return not left
        return False


def literal(node: Node) -> tuple[Leaf, str, object] | None:
    """(leaf, operator, value) of a condition, or of ``not`` over one where it can be said
    positively; None for anything else."""
    negated = isinstance(node, Not)
    leaf = node.child if negated else node  # type: ignore[attr-defined]
    if not isinstance(leaf, Leaf):
        return None
    ranged = expression_range(leaf)
    op, value = (ranged[1], ranged[2]) if ranged else (leaf.op, leaf.value)
    if negated:
        if op == "has":
            return leaf, "not_has", value
        if op not in _NEGATE:
            return None
        op = _NEGATE[op]
    return leaf, op, value


def subject_for(leaf: Leaf) -> Subject | None:
    ranged = expression_range(leaf)
    return ranged[0] if ranged else subject_of(leaf)


def conjuncts(node: Node) -> list[Node]:
    """The children an ``all`` joins, ``all`` inside ``all`` flattened."""
    if isinstance(node, All):
        return [c for child in node.children for c in conjuncts(child)]
    return [node]


def allowed_by(nodes: list[Node]) -> dict[str, Allowed]:
    out: dict[str, Allowed] = {}
    for node in nodes:
        found = literal(node)
        if found is None:
            continue
        leaf, op, value = found
        subject = subject_for(leaf)
        if subject is None:
            continue
        entry = out.setdefault(subject.key, Allowed(subject))
        entry.add(op, value)
        entry.leaves.append(leaf)
    return out


@dataclass(frozen=True)
class Conflict:
    """Conditions that cannot hold together (``leaves``), on one subject; or None as the
    subject when every branch of an ``any`` never holds."""

    subject: Subject | None
    leaves: tuple[Leaf, ...]


def never(node: Node, context: tuple[Node, ...] = ()) -> Conflict | None:
    """Why ``node`` can never hold where the conditions ``context`` (those of the ``all``
    around it) hold too, or None when some values may make it hold."""
    if isinstance(node, AnyOf):
        reasons = [never(c, context) for c in node.children]
        if all(reasons):
            return Conflict(None, tuple(leaf for r in reasons for leaf in r.leaves))  # type: ignore[union-attr]
        return None
    if isinstance(node, Leaf | Not):
        node = All((node,))
    if isinstance(node, All):
        parts = conjuncts(node)
        for entry in allowed_by([*context, *parts]).values():
            if entry.impossible() and any(leaf in _leaf_set(parts) for leaf in entry.leaves):
                return Conflict(entry.subject, tuple(entry.leaves))
        around = (*context, *(p for p in parts if literal(p) is not None))
        for part in parts:
            if isinstance(part, AnyOf):
                reason = never(part, around)
                if reason:
                    return reason
    return None


def _leaf_set(parts: list[Node]) -> set:
    """The conditions among ``parts`` (under a ``not`` too)."""
    return {p.child if isinstance(p, Not) else p for p in parts if isinstance(p, Leaf | Not)}


def dead_branches(node: Node, context: tuple[Node, ...] = ()) -> list[tuple[Node, Conflict]]:
    """Branches of an ``any`` that never hold (given the ``all`` around them) while the
    ``any`` itself may."""
    out: list[tuple[Node, Conflict]] = []
    if isinstance(node, Not):
        return dead_branches(node.child)  # under a not, the conditions around say nothing
    if isinstance(node, Leaf):
        return out
    if isinstance(node, All):
        parts = conjuncts(node)
        around = (*context, *(p for p in parts if literal(p) is not None))
        for part in parts:
            if not isinstance(part, Leaf):
                out += dead_branches(part, around)
        return out
    assert isinstance(node, AnyOf)
    if never(node, context) is None:
        for child in node.children:
            reason = never(child, context)
            if reason:
                out.append((child, reason))
    for child in node.children:
        out += dead_branches(child, context)
    return out


def top_ranges(root: Node) -> dict[str, Allowed]:
    """Ranges the item's rule sets on its own level (conditions joined by ``all`` from the
    top), by subject: what tiers are told apart by."""
    return {k: a for k, a in allowed_by(conjuncts(root)).items()
            if a.interval != Interval() and a.subject.key and a.members is None}
