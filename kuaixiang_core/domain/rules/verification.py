"""Which 需核实 items a clerk should look at first, and which are not worth showing unasked.

An item lands in 需核实 when no condition failed but some could not be answered: the record
lacks their facts. Such items are not equally promising. One whose record already meets three
conditions and lacks one is nearly certain; one whose record says nothing for it at all (a car
wash and 外贸出口增长奖励, before the 商务局's figures arrive) is a guess, and twenty guesses
bury the two items worth asking about.

So each unknown item gets a :class:`Likelihood` from its trace: how many of its qualifying
conditions the record already meets (``support``) against how many facts are missing. An
item with no support at all is *folded*: the panel and ``kuaixiang match`` count it but do not
list it unless asked.

What counts as support: a condition that passed and that asks for something, not one that only
rules a few out. ``not 失信``, ``纳税信用等级 not in C, D``, ``size_class != large`` pass for
nearly every enterprise and say nothing for the item; nor does the item's own county
(``region_code``), which only repeats whom a county's document reaches. Pure: plain values in,
plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .evaluate import UNKNOWN
from .match import MatchedItem

# Passing these says the enterprise is not excluded, not that it qualifies.
_EXCLUDING_OPS = frozenset({"!=", "not_in"})
# A county item's own region condition repeats the document's reach (docs/rules.md).
_SCOPE_FACTS = frozenset({"region_code"})


@dataclass(frozen=True, slots=True, order=False)
class Likelihood:
    """How promising an unknown item is: qualifying conditions met vs facts missing."""

    support: int  # conditions the record meets that ask for something (see module doc)
    missing: int  # distinct facts the record lacks

    @property
    def ratio(self) -> Fraction:
        total = self.support + self.missing
        return Fraction(self.support, total) if total else Fraction(0)

    @property
    def folded(self) -> bool:
        """Nothing known speaks for the item: every decisive fact is missing."""
        return self.support == 0

    def to_json(self) -> dict:
        return {"support": self.support, "missing": self.missing, "folded": self.folded}


def _supports(op: str, fact: str) -> bool:
    # A line under a `not` has its operator written "not …" (evaluate.static_line).
    return not op.startswith("not ") and op not in _EXCLUDING_OPS and fact not in _SCOPE_FACTS


def likelihood(item: MatchedItem) -> Likelihood:
    """The likelihood of an item from its trace (meaningful for verdict ``unknown``)."""
    support = 0
    missing: set[str] = set()
    for line in item.conditions:
        if line.result == "unknown":
            missing.update(line.absent or (line.fact,))
        elif line.result == "pass" and _supports(line.op, line.fact):
            support += 1
    return Likelihood(support, len(missing))


_ZERO = Decimal(0)


def verification_key(item: MatchedItem, like: Likelihood | None = None) -> tuple:
    """The order of the 需核实 group: shown before folded, the larger share of conditions
    already met first, then the fewer facts to ask for, the larger amount, the id."""
    like = like or likelihood(item)
    amount = item.benefit.amount
    if amount is None or not amount.is_finite():
        amount = _ZERO
    total = like.support + like.missing
    # A quotient of two small counts orders as the fraction does (equal fractions give the
    # same correctly rounded quotient), at a fraction of Fraction's cost on a match's path.
    share = like.support / total if total else 0.0
    return (like.folded, -share, like.missing, -amount, item.item_id)


def rank_and_fold(items: Sequence[MatchedItem]) -> tuple[list[MatchedItem], int]:
    """``rank_unknown(items)`` and ``folded_count`` of it, each unknown item's likelihood
    worked out once (a match ranks a few dozen)."""
    likes = {n: likelihood(item) for n, item in enumerate(items) if item.verdict == UNKNOWN}
    folded = sum(1 for like in likes.values() if like.folded)
    if len(likes) < 2:
        return list(items), folded
    slots = list(likes)
    ranked = sorted(slots, key=lambda n: verification_key(items[n], likes[n]))
    out = list(items)
    for n, m in zip(slots, ranked, strict=True):
        out[n] = items[m]
    return out, folded


def rank_unknown(items: Sequence[MatchedItem]) -> list[MatchedItem]:
    """``items`` (already in the clerk's order) with the unknown ones reordered by
    ``verification_key`` in the places they held."""
    return rank_and_fold(items)[0]


def folded_count(items: Iterable[MatchedItem]) -> int:
    """How many unknown items are folded away by default."""
    return sum(1 for item in items if item.verdict == UNKNOWN and likelihood(item).folded)


__all__ = ["Likelihood", "folded_count", "likelihood", "rank_and_fold", "rank_unknown", "verification_key"]
