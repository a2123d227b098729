"""Caps and claim limits (docs/rules.md §11): 「同一企业年度累计不超过 500 万元」, 「每年最多申报 3 次」.

A cap names items (those of its document, or a list), a period (the calendar year of the
as-of date, or the policy period) and one limit: an amount in 元, summed over the estimated
amounts of the enterprise's earlier applications for those items in the period, or a count
of those applications. Earlier applications are those history conditions count (accepted or
later, not withdrawn or rejected, made on or before the as-of date; domain.rules.history).

The estimate applies each cap of an item after its rule:

- an amount cap with room left lowers the amount to what is left, and the benefit's words
  say so: 「已按年度上限 500 万元核减：本年度已申请 420 万元」;
- a cap already reached (the count made, or nothing left of the amount) makes the item
  **ineligible**, its line saying why: 「本年度已申报 3 次，已达上限」;
- either way the cap's line (a Condition, fact ``caps``) goes with the item's match.

Amount caps apply to cash benefits only: one over an item whose benefit has no amount, or is
not cash (``Benefit.kind``), is refused at import. Count caps apply to any item.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .evaluate import ELIGIBLE, INELIGIBLE, Condition, Facts
from .facts import FactSpec
from .history import PastApplication

PERIODS = ("year", "period")
_CAP_KEYS = {"items", "per", "amount", "count", "clause", "text", "from", "to"}
_SPEC = FactSpec("caps", "number", "申报上限", kind="caps")
_WAN = Decimal(10000)
MAX_COUNT = 100


@dataclass(frozen=True)
class Cap:
    items: tuple[str, ...]
    per: str  # year | period
    amount: Decimal | None = None  # 元
    count: int | None = None
    period_from: dt.date | None = None  # per: period, the document's dates
    period_to: dt.date | None = None
    clause: str | None = None
    text: str | None = None  # the author's words for the cap

    def to_json(self) -> dict:
        """As an item stores it (Item.content): items listed, the period's dates written out."""
        out: dict = {"items": list(self.items), "per": self.per}
        if self.amount is not None:
            out["amount"] = str(self.amount)
        if self.count is not None:
            out["count"] = self.count
        if self.per == "period":
            out["from"] = self.period_from.isoformat() if self.period_from else None
            out["to"] = self.period_to.isoformat() if self.period_to else None
        if self.clause:
            out["clause"] = self.clause
        if self.text:
            out["text"] = self.text
        return out

    def span(self, as_of: dt.date) -> tuple[dt.date, dt.date]:
        if self.per == "year":
            return dt.date(as_of.year, 1, 1), dt.date(as_of.year, 12, 31)
        return self.period_from or dt.date.min, self.period_to or dt.date.max

    @property
    def when(self) -> str:
        return "年度" if self.per == "year" else "政策期内"

    @property
    def sentence(self) -> str:
        if self.text:
            return self.text
        if self.amount is not None:
            return f"同一企业{self.when}累计不超过 {wan(self.amount)}"
        return f"{'每年' if self.per == 'year' else '政策期内'}最多申报 {self.count} 次"


def wan(amount: Decimal) -> str:
    """500 万元, 1.5 万元 as documents write caps; under 1 万元, or not whole hundreds of 元, in 元:
    1,234.56 元; nothing: 0 元."""
    if amount == 0:
        return "0 元"
    if amount >= _WAN and amount % 100 == 0:
        return f"{(amount / _WAN).normalize():f} 万元"
    return f"{amount:,.2f} 元"


@dataclass(frozen=True)
class CapOutcome:
    verdict: str
    amount: Decimal | None
    lines: tuple[Condition, ...]
    note: str | None  # the words the benefit gains: the amount lowered to the cap
    reached: bool


def apply_caps(caps: tuple[Cap, ...], verdict: str, amount: Decimal | None, facts: Facts) -> CapOutcome:
    """The item's verdict and amount after its caps, with a line of the 'why' per cap. Without
    the enterprise's applications (``facts.history`` None) nothing can be counted: the lines
    say so and the estimate stands."""
    history = facts.history
    # No earlier application at all (most enterprises): every cap has all its room, the lines
    # are the same for every such enterprise, made once; only an amount above a cap is lowered.
    if history == () and (amount is None or all(c.amount is None or amount <= c.amount for c in caps)):
        return CapOutcome(verdict, amount, lines_with_room(caps), None, False)
    return _outcome(caps, verdict, amount, history, facts.as_of)


def _outcome(caps: tuple[Cap, ...], verdict: str, amount: Decimal | None,
             history: tuple[PastApplication, ...] | None, as_of: dt.date) -> CapOutcome:
    lines: list[Condition] = []
    notes: list[str] = []
    reached = False
    for cap in caps:
        if history is None:
            lines.append(_line(cap, None, "（无申请记录数据，未核减）", "unknown"))
            continue
        earlier = _earlier(cap, history, as_of)
        this = "本年度" if cap.per == "year" else "本政策期内"
        if cap.count is not None:
            made = len(earlier)
            if made >= cap.count:
                reached = True
                lines.append(_line(cap, Decimal(made), f"{this}已申报 {made} 次，已达上限", "fail"))
            else:
                lines.append(_line(cap, Decimal(made), f"{this}已申报 {made} 次，上限 {cap.count} 次", "pass"))
            continue
        used = sum((p.amount for p in earlier if p.amount is not None), Decimal(0))
        left = cap.amount - used  # type: ignore[operator]
        if left <= 0:
            reached = True
            lines.append(_line(cap, used, f"{this}已申请 {wan(used)}，已达{cap.when}上限 {wan(cap.amount)}", "fail"))  # type: ignore[arg-type]
            continue
        lines.append(_line(cap, used, f"{this}已申请 {wan(used)}，尚余 {wan(left)}", "pass"))
        if amount is not None and amount > left:
            amount = left
            notes.append(f"已按{cap.when}上限 {wan(cap.amount)}核减：{this}已申请 {wan(used)}")  # type: ignore[arg-type]
    if reached and verdict != INELIGIBLE:
        verdict = INELIGIBLE
    return CapOutcome(verdict, amount, tuple(lines), "；".join(notes) or None, reached)


@functools.lru_cache(maxsize=4096)
def lines_with_room(caps: tuple[Cap, ...]) -> tuple[Condition, ...]:
    """The lines of caps none of whose items was applied for (what apply_caps says then),
    made once per caps and shared."""
    return _outcome(caps, ELIGIBLE, None, (), dt.date.min).lines


def reached_refusal(outcome: CapOutcome) -> str:
    """Why filing is refused when a cap is reached: the lines that say so."""
    return "该事项已达申报上限：" + "；".join(line.actual_text for line in outcome.lines if line.result == "fail")


def _earlier(cap: Cap, history: tuple[PastApplication, ...], as_of: dt.date) -> list[PastApplication]:
    start, end = cap.span(as_of)
    last = min(end, as_of)
    return [p for p in history if p.counted and p.item_id in cap.items and start <= p.on <= last]


def _line(cap: Cap, actual: Decimal | None, shown: str, result: str) -> Condition:
    limit = cap.amount if cap.amount is not None else Decimal(cap.count)  # type: ignore[arg-type]
    return Condition(cap.sentence, "caps", _SPEC.label, "cap", limit, cap.clause, actual, shown, result)


__all__ = ["ELIGIBLE", "Cap", "CapOutcome", "apply_caps", "lines_with_room", "parse_cap", "reached_refusal", "wan"]


# --------------------------------------------------------------------------------------------
# Parsing a ``caps`` entry (catalogue.py checks the items it names and their benefits)
# --------------------------------------------------------------------------------------------

Problem = Callable[[object, str | None, str, str], None]  # (node, key, field, message)


def parse_cap(raw: object, where: str, problem: Problem, default_items: tuple[str, ...],
              period: tuple[dt.date | None, dt.date | None], date: Callable) -> Cap | None:
    """One entry of a ``caps`` list; every problem reported with its field, None if any."""
    if not isinstance(raw, Mapping):
        problem(raw, None, where, "上限应为对象：{per: year, amount: 金额} 或 {per: year, count: 次数}")
        return None
    before: list = []

    def bad(key: str | None, fieldname: str, message: str) -> None:
        before.append(1)
        problem(raw, key, fieldname, message)

    for key in raw:
        if key not in _CAP_KEYS:
            bad(key, f"{where}.{key}", f"未知的键，可用：{'、'.join(sorted(_CAP_KEYS - {'from', 'to'}))}")
    per = raw.get("per", "year")
    if per not in PERIODS:
        bad("per", f"{where}.per", f"应为 year（自然年度）或 period（政策有效期），实际是 {per!r}")
    limits = [k for k in ("amount", "count") if k in raw]
    if not limits:
        bad(None, f"{where}.amount", "上限缺少限额：写 amount（累计金额，元）或 count（申报次数）")
    elif len(limits) == 2:
        bad("count", f"{where}.count", "amount 与 count 只能写一项（两种上限请分两条）")
    amount = count = None
    if "amount" in raw:
        value = raw["amount"]
        try:
            if isinstance(value, (bool, float)):
                raise InvalidOperation
            amount = Decimal(str(value))
            if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
        except InvalidOperation:
            bad("amount", f"{where}.amount", f"累计金额上限应为大于 0、不超过两位小数的金额（元），实际是 {value!r}")
    if "count" in raw:
        count = raw["count"]
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
            bad("count", f"{where}.count", f"申报次数上限应为 1–{MAX_COUNT} 的整数，实际是 {count!r}")
    items = raw.get("items", list(default_items))
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        bad("items", f"{where}.items", "应为事项编号的非空列表")
        items = []
    clause, text = raw.get("clause"), raw.get("text")
    if per == "period" and "from" in raw:  # as stored: the document's dates written out
        period = (date(raw, "from", where), date(raw, "to", where))
    if before:
        return None
    return Cap(tuple(dict.fromkeys(i.strip() for i in items)), per, amount.quantize(Decimal("0.01")) if amount else None,
               count, period[0] if per == "period" else None, period[1] if per == "period" else None,
               str(clause) if clause is not None else None, str(text) if text else None)
