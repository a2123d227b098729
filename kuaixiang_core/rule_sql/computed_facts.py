"""Computed facts (age, industry section and division) as range tests on the stored columns.

Reach scans every enterprise, so the cost of a condition per row is what matters. Computing
``age_years`` with substr and CAST, or the section letter with a 20-way CASE, took 70–500 ms
over 500,000 rows; a comparison of ``established`` with a date worked out once, or of
``industry_code`` with the bounds of its divisions, takes a few. The answers are the same,
NULL included (the property tests of tests/unit/core/rule_sql/test_rule_sql.py hold them to the Python
evaluator): each form here is exact in three-valued logic unless it says otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal

from kuaixiang_core.domain.rules.tree import Leaf
from kuaixiang_core.domain.size_class import SECTION_DIVISIONS, division_of

from .dialect import Dialect

Bind = Callable[[object], str]

# GB/T 4754-2017: the divisions (大类, two digits) of each section (门类, a letter).
SECTIONS = tuple((letter, first, last) for letter, (first, last) in SECTION_DIVISIONS.items())


def _after(prefix: str) -> str:
    """The least string above every string that starts with ``prefix``, for a digit or letter
    prefix: "13" → "14", "19" → "1:" (':' follows '9'), "C" → "D"."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _code(d: Dialect) -> str:
    return d.ordered_text("e.industry_code")


def _starts_with(prefix: str, d: Dialect) -> str:
    # A range on the column instead of substr(): no function call per row.
    return f"({_code(d)} >= '{prefix}' AND {_code(d)} < '{_after(prefix)}')"


def _divisions(first: int, last: int, d: Dialect) -> list[str]:
    """Range tests for codes whose first two characters are a division in first..last. A
    range may not cross a tens digit: letters sort after digits, so '1A' lies between '13'
    and '44' but is no division."""
    out = []
    for tens in range(first // 10, last // 10 + 1):
        lo, hi = max(first, tens * 10), min(last, tens * 10 + 9)
        out.append(f"({_code(d)} >= '{lo:02d}' AND {_code(d)} < '{_after(f'{hi:02d}')}')")
    return out


def _any(tests: list[str]) -> str:
    return "(" + " OR ".join(tests) + ")" if tests else "FALSE"


def _section_known(d: Dialect) -> str:
    return _any([_starts_with(letter, d) for letter, _, _ in SECTIONS] + _divisions(1, 97, d))


def _division_known(d: Dialect) -> str:
    return _any(_divisions(0, 99, d))


def _membership(leaf: Leaf, member: Callable[[set[str]], str], known: str, positive: bool) -> str | None:
    """``== != in not_in`` on a text fact that is NULL exactly where ``known`` is false."""
    if leaf.op in ("==", "in"):
        values = {leaf.value} if leaf.op == "==" else set(leaf.value)  # type: ignore[arg-type]
        inside = member({v for v in values if isinstance(v, str)})
        # Every member test implies known: outside a ``not`` the bare test is enough.
        return inside if positive else f"(CASE WHEN {known} THEN {inside} END)"
    if leaf.op in ("!=", "not_in"):
        values = {leaf.value} if leaf.op == "!=" else set(leaf.value)  # type: ignore[arg-type]
        return f"(CASE WHEN {known} THEN NOT {member({v for v in values if isinstance(v, str)})} END)"
    return None


def industry_section(leaf: Leaf, positive: bool, d: Dialect) -> str | None:
    def member(letters: set[str]) -> str:
        tests = []
        for letter, first, last in SECTIONS:
            if letter in letters:
                tests.append(_starts_with(letter, d))
                tests.extend(_divisions(first, last, d))
        return _any(tests)

    return _membership(leaf, member, _section_known(d), positive)


def industry_division(leaf: Leaf, positive: bool, d: Dialect) -> str | None:
    def member(values: set[str]) -> str:
        # A value that is no division is met by no code (but the code stays known).
        return _any([_starts_with(v, d) for v in sorted(values) if division_of(v) == v])

    return _membership(leaf, member, _division_known(d), positive)


def age_years(leaf: Leaf, as_of: dt.date, bind: Bind, d: Dialect) -> str | None:
    """Full years since ``established`` (domain.rules.evaluate.age_years) compared with a
    number: "at least k years" is "established on or before the as-of date k years back",
    compared as ISO text (so 29 February needs no special case)."""

    def at_least(k: int) -> str:
        year = as_of.year - k
        if year > 9999:
            return "(CASE WHEN e.established IS NOT NULL THEN TRUE END)"
        if year < 1:
            return "(CASE WHEN e.established IS NOT NULL THEN FALSE END)"
        return f"(e.established <= {bind(d.date_on_or_before(year, as_of.month, as_of.day))})"

    def exactly(n: Decimal) -> str:
        if n != n.to_integral_value():
            return "(CASE WHEN e.established IS NOT NULL THEN FALSE END)"
        return f"({at_least(int(n))} AND NOT {at_least(int(n) + 1)})"

    def compare(op: str, n: Decimal) -> str:
        if op == ">=":
            return at_least(math.ceil(n))
        if op == ">":
            return at_least(math.floor(n) + 1)
        if op == "<=":
            return f"(NOT {at_least(math.floor(n) + 1)})"
        if op == "<":
            return f"(NOT {at_least(math.ceil(n))})"
        if op == "==":
            return exactly(n)
        return f"(NOT {exactly(n)})"  # !=

    op, value = leaf.op, leaf.value
    numbers = value if isinstance(value, (list, tuple)) else [value]
    if not numbers or not all(isinstance(v, Decimal) and v.is_finite() for v in numbers):
        return None
    if op in (">=", ">", "<=", "<", "==", "!="):
        return compare(op, value)  # type: ignore[arg-type]
    if op == "between":
        low, high = value  # type: ignore[misc]
        return f"({compare('>=', low)} AND {compare('<=', high)})"
    if op in ("in", "not_in"):
        inside = "(" + " OR ".join(exactly(v) for v in numbers) + ")"
        return inside if op == "in" else f"(NOT {inside})"
    return None
