"""The impact of changing items (政策沙盘, ``kuaixiang rules diff``) in SQL.

For each pair (an item's old version, its new version; either may be absent) a few counting
queries over ``enterprise e`` answer: how many enterprises gain eligibility on the as-of date
(eligible under the new version, not the old), how many lose it, and each side's benefit
formula summed over them, in 分 (``pair_queries``). ``gain`` is ``new AND NOT old``: the new
rule is tested first and the old one only where it holds, so a query costs about what a
``reach`` count does; an item whose benefit changed also counts those eligible under both.

A condition compiled by ``compiler`` is TRUE exactly for eligible enterprises (it may be FALSE
where the engine says unknown, never TRUE): ``CASE WHEN … THEN 1 ELSE 0 END`` reads it as
matching does, eligible or not.

Each side's caps apply as the enterprise's match applies them (domain.rules.caps, with the
enterprise's applications in the database): an enterprise that has reached a cap of a version
is not eligible under it (caps.caps_sql, as reach), and under an amount cap with room left its
amount is the smaller of the estimate and what is left of each such cap, per enterprise.

Amounts are worked out in binary floating point as the rule SQL does (compiler, formula's
``SqlContext``) and rounded to 分 per enterprise; the engine rounds half up in decimal, so a
total may differ from the engine's by 1 分 for an enterprise whose amount falls on half a 分.
A formula using ``round`` has no SQL form (formula.py): ``Side.formula_sql`` is False and the
caller works such amounts out in Python (services.rules_diff).

(An earlier version answered a batch of pairs in one scan, each distinct condition once per
row: at 500,000 enterprises its per-row, per-pair work cost 0.37 s a pair against about 0.1 s
for these short-circuited counts.)
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from functools import cached_property

from kuaixiang_core.domain.rules.caps import Cap
from kuaixiang_core.domain.rules.catalogue import Benefit
from kuaixiang_core.domain.rules.tree import Node

from .caps import applied_sql, caps_sql, room_left_sql
from .compiler import _Compiler
from .dialect import SQLITE, Dialect

CITY = "371500"
_ANY_DAY = dt.date(2000, 1, 1)  # a formula compiles or not whatever the day


@dataclass(frozen=True)
class Side:
    """One version of an item on the as-of date: its rule, where it reaches (a county's
    code, or the city's), its benefit and its caps. An item not in force that day is no Side
    (None)."""

    root: Node
    region: str
    benefit: Benefit
    caps: tuple[Cap, ...] = ()

    @property
    def amount_caps(self) -> tuple[Cap, ...]:
        return tuple(cap for cap in self.caps if cap.amount is not None)

    @property
    def amount_sql(self) -> bool:
        """Its amounts are summed in SQL: a formula with an SQL form, or a fixed amount that an
        amount cap may lower per enterprise (one without is the count times the amount)."""
        return self.formula_sql or (self.benefit.amount is not None and bool(self.amount_caps))

    @cached_property
    def formula_sql(self) -> bool:
        """The amount is a formula with an SQL form: none uses ``round`` (which has none,
        anywhere in the formula: ``min(round(x, 1), 5)`` too)."""
        formula = self.benefit.formula
        if formula is None or getattr(formula, "_sql", None) is None:
            return False
        try:
            formula.sql(_Compiler(_ANY_DAY, True, SQLITE, "fact_name"))  # only whether it compiles
        except (TypeError, AssertionError):  # a part without an SQL builder
            return False
        return True


Pair = tuple[Side | None, Side | None]


@dataclass(frozen=True)
class Only:
    """What two versions of an item differ in only by their caps: the rule (with its region
    and dates), the benefit (its amount caps aside)."""

    rule: bool = False
    benefit: bool = False


NOT_ONLY_CAPS = Only()


def _region(pair: Pair) -> str:
    """The region a pair's scan may keep to: a county when both versions reach only it."""
    regions = {side.region for side in pair if side is not None}
    return regions.pop() if len(regions) == 1 else CITY


class _Query:
    def __init__(self, pair: Pair, as_of: dt.date, dialect: Dialect, fact_column: str, applications_by: str):
        self.region = _region(pair)
        self.dialect = dialect
        self.compiler = _Compiler(as_of, self.region == CITY, dialect, fact_column, applications_by)

    def eligible(self, side: Side | None, *, caps: bool = True) -> str:
        if side is None:
            return "(1 = 0)"
        condition = self.compiler.node(side.root)
        if side.region != CITY and side.region != self.region:
            condition = f"(e.region_code = {self.compiler.bind(side.region)}) AND {condition}"
        # After the rule, as reach: the caps' counts run only for those the rule keeps.
        capped = self.caps(side) if caps else None
        return condition if capped is None else f"({condition} AND {capped})"

    def caps(self, side: Side) -> str | None:
        return caps_sql(side.caps, self.compiler.as_of, self.compiler.params, dialect=self.dialect,
                        applications_by=self.compiler.applications_by)

    def where(self, which: str, pair: Pair, only_caps: Only = NOT_ONLY_CAPS) -> str:
        """The condition of ``gain``, ``lose`` or ``both``. Both versions under the same caps
        (most edits): the caps once, last, so their counts run only for the enterprises the
        rules alone put in the set, not for every one either rule keeps (new ∧ C ∧ ¬(old ∧ C)
        is new ∧ ¬old ∧ C; C, no cap reached, is never NULL).

        Versions whose rules differ only in their caps (``only_caps.rule``): only enterprises
        with an application for an item the caps name can gain or lose. Benefits that differ
        only in their amount caps (``only_caps.benefit``): the amounts under both differ only
        for those, or where the estimate is above the lower cap; ``both`` keeps to them (its
        sums only go into the new total minus the old)."""
        condition = self._where(which, pair)
        old, new = pair
        if old is None or new is None:
            return condition
        if (which != "both" and only_caps.rule) or (which == "both" and only_caps.benefit):
            # First: it keeps the caps' counts to the few it lets through (and the enterprise
            # table is read by id from the applications where SQLite can).
            applied = applied_sql([i for side in pair for cap in side.caps for i in cap.items],  # type: ignore[union-attr]
                                  self.compiler.params, applications_by=self.compiler.applications_by)
            limits = [int(cap.amount * 100) for side in pair for cap in side.amount_caps]  # type: ignore[union-attr,operator]
            if which == "both" and limits:  # without amount caps the amounts are the same everywhere
                if old.formula_sql:
                    applied = f"({applied} OR {self.fen(old, caps=False)} > {self.compiler.bind(min(limits))})"
                elif old.benefit.amount is None or old.benefit.amount * 100 > min(limits):
                    return condition  # lowered for everyone (or worked out in Python): no narrowing
            condition = f"{applied} AND {condition}"
        return condition

    def _where(self, which: str, pair: Pair) -> str:
        old, new = pair
        shared = old is not None and new is not None and old.caps == new.caps
        eligible = functools.partial(self.eligible, caps=not shared)
        condition = {
            "gain": lambda: f"{eligible(new)} AND {_not(eligible(old))}",
            "lose": lambda: f"{eligible(old)} AND {_not(eligible(new))}",
            "both": lambda: f"{eligible(new)} AND ({eligible(old)})",
        }[which]()
        capped = self.caps(new) if shared else None  # type: ignore[arg-type]
        return condition if capped is None else f"{condition} AND {capped}"

    def _null(self) -> str:
        return "CAST(NULL AS BIGINT)" if self.dialect.postgresql else "NULL"  # PostgreSQL: SUM of what?

    def fen(self, side: Side | None, *, caps: bool = True) -> str:
        """The side's amount for an eligible enterprise in 分, after its amount caps (with
        ``caps``); NULL where it has none (or none in SQL)."""
        if side is None or not (side.formula_sql or (side.benefit.amount is not None and (side.amount_caps or not caps))):
            return self._null()
        if side.formula_sql:
            amount = side.benefit.formula.sql(self.compiler)  # type: ignore[union-attr]
            fen = f"CAST(ROUND(({amount}) * 100) AS {'BIGINT' if self.dialect.postgresql else 'INTEGER'})"
        else:
            fen = self.compiler.bind(int(side.benefit.amount * 100))  # type: ignore[operator]  # whole 分
        if not side.amount_caps or not caps:
            return fen
        lefts = [room_left_sql(cap, self.compiler.as_of, self.compiler.params, dialect=self.dialect,
                               applications_by=self.compiler.applications_by) for cap in side.amount_caps]
        if not self.dialect.postgresql:
            return f"min({fen}, {', '.join(lefts)})"  # SQLite's scalar min: NULL if any argument is
        # LEAST skips NULLs: an amount the formula cannot work out stays NULL.
        return f"(SELECT LEAST(x.f, {', '.join(lefts)}) FROM (SELECT {fen} AS f) x WHERE x.f IS NOT NULL)"

    def select(self, what: str, condition: str) -> str:
        if self.region != CITY:
            condition = f"(e.region_code = {self.compiler.bind(self.region)}) AND {condition}"
        return f"SELECT {what} FROM enterprise e WHERE {condition}"


def _not(condition: str) -> str:
    return f"((CASE WHEN {condition} THEN 1 ELSE 0 END) = 0)"


def pair_queries(pair: Pair, as_of: dt.date, *, both: bool, dialect: Dialect = SQLITE, fact_column: str = "fact_name",
                 applications_by: str = "enterprise_id",
                 only_caps: Only = NOT_ONLY_CAPS) -> dict[str, tuple[str, dict[str, object]]]:
    """Queries for one pair, by what they count: ``gain`` (count, the new side's 分 over
    them), ``lose`` (count, the old side's 分) and with ``both`` the enterprises eligible under
    both versions (count, old 分, new 分). Each is one row. With ``only_caps.benefit`` the
    ``both`` row covers only the enterprises whose amounts may differ (Query.where)."""
    old, new = pair
    out: dict[str, tuple[str, dict[str, object]]] = {}
    q = _Query(pair, as_of, dialect, fact_column, applications_by)
    if new is not None:
        out["gain"] = (q.select(f"count(*), SUM({q.fen(new)})", q.where("gain", pair, only_caps)), q.compiler.params)
    q = _Query(pair, as_of, dialect, fact_column, applications_by)
    if old is not None:
        out["lose"] = (q.select(f"count(*), SUM({q.fen(old)})", q.where("lose", pair, only_caps)), q.compiler.params)
    q = _Query(pair, as_of, dialect, fact_column, applications_by)
    if both and old is not None and new is not None:
        sql = q.select(f"count(*), SUM({q.fen(old)}), SUM({q.fen(new)})", q.where("both", pair, only_caps))
        out["both"] = (sql, q.compiler.params)
    return out


def changed_set_query(pair: Pair, which: str, as_of: dt.date, *, dialect: Dialect = SQLITE,
                      fact_column: str = "fact_name", applications_by: str = "enterprise_id",
                      only_caps: Only = NOT_ONLY_CAPS) -> tuple[str, dict[str, object]]:
    """Ids of the enterprises that ``gain``, ``lose`` or are eligible under ``both`` versions,
    for amounts worked out outside the database."""
    q = _Query(pair, as_of, dialect, fact_column, applications_by)
    return q.select("e.id", q.where(which, pair, only_caps)) + " ORDER BY e.id", q.compiler.params
