"""Named things a catalogue defines once and items use by name (docs/rules.md §8, §9).

A **parameter** is a catalogue-wide value that changes over time (a local average wage, a
threshold set each year): a list of periods, each with its value and the document that set
it; the value in force on the as-of date is the one used, as OpenFisca's parameters are.

A **quantity** is a named formula (安排比例 = disabled_employees / employees); a quantity of
type ``percent`` is a ratio shown and compared as a percentage (3 / 250 is 1.2%).

A **predicate** is a named rule tree (小型微利企业). Pure data: no database, no Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .facts import FactSpec

# Values keys of parameters: no fact name (lower_snake_case) can begin with a NUL.
PARAM_PREFIX = "\0p:"
QUANTITY_TYPES = ("number", "money", "percent")
_HUNDRED = Decimal(100)
_SHOWN = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    start: dt.date | None  # None: from the beginning
    end: dt.date | None  # None: open-ended (inclusive otherwise)
    value: Decimal
    source: str | None
    line: int | None = field(default=None, compare=False)

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    type: str  # number | money | percent
    unit: str | None
    periods: tuple[Period, ...]
    line: int | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return PARAM_PREFIX + self.name

    @property
    def spec(self) -> FactSpec:
        return FactSpec(self.name, self.type, self.label, self.unit, kind="parameter")

    def period_on(self, day: dt.date | None) -> Period | None:
        if day is None:
            return None
        for period in self.periods:
            if period.covers(day):
                return period
        return None

    def value_on(self, day: dt.date | None) -> Decimal | None:
        period = self.period_on(day)
        return None if period is None else period.value

    def gap(self, start: dt.date | None, end: dt.date | None) -> str | None:
        """Where the days from ``start`` to ``end`` (None: open on that side) first lack a
        value, in words; None when every day has one."""
        day = start
        while True:
            if day is None:
                period = next((p for p in self.periods if p.start is None), None)
            else:
                period = self.period_on(day)
            if period is None:
                return f"{day.isoformat()} 没有取值" if day else "生效之初没有取值（最早的取值有起始日期）"
            if period.end is None:
                return None
            day = period.end + dt.timedelta(days=1)
            if end is not None and day > end:
                return None

    def content(self) -> dict:
        return {
            "name": self.name, "label": self.label, "type": self.type,
            **({"unit": self.unit} if self.unit else {}),
            "values": [
                {**({"from": p.start.isoformat()} if p.start else {}), **({"to": p.end.isoformat()} if p.end else {}),
                 "value": str(p.value), **({"source": p.source} if p.source else {})}
                for p in self.periods
            ],
        }


@dataclass(frozen=True, eq=False)
class Quantity:
    name: str
    label: str
    type: str  # number | money | percent (a ratio, shown and compared as a percentage)
    unit: str | None
    version: str | None
    formula: object  # formula.Formula (typed as object: formula imports this module)
    raw: dict  # the definition as written, for the items' content
    line: int | None = None

    @property
    def spec(self) -> FactSpec:
        return FactSpec(self.name, self.type, self.label, self.unit, kind="quantity")

    @property
    def scale(self) -> Decimal | None:
        """What the formula's result is multiplied by to give the quantity's value."""
        return _HUNDRED if self.type == "percent" else None


@dataclass(frozen=True, eq=False)
class Predicate:
    name: str
    label: str
    version: str | None
    node: object  # tree.Node
    raw: dict
    line: int | None = None


def show_quantity(spec: FactSpec, value: object) -> str:
    """A computed value as the clerk reads it: 1.2%, 3.33 人, 12,000.00 元 (two places at most)."""
    if not isinstance(value, Decimal):
        return "（无数据）"
    if spec.type == "money":
        return f"{value.quantize(_SHOWN, rounding=ROUND_HALF_UP):,.2f} 元"
    shown = value.quantize(_SHOWN, rounding=ROUND_HALF_UP).normalize()
    text = f"{shown:f}"
    if spec.type == "percent":
        return f"{text}%"
    return f"{text} {spec.unit}" if spec.unit else text
