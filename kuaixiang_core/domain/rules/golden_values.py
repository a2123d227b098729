"""The shapes a golden test's ``enterprise`` may give the built-in facts that have one
(docs/catalogue.schema.json, ``goldenTest.enterprise``): refused at import in any other.

Why: ``coerce`` reads what it can (``size_class: 0`` as the text "0", ``is_individual:
"true"`` as true), so a test could state an enterprise no record can be, and pass or fail for
that reason alone; and the schema an editor checks against must accept exactly what the
importer does. ``null`` is unknown, the same as leaving the fact out.
"""

from __future__ import annotations

import datetime as dt
import re

from .facts import SIZE_CLASS_NAMES

TAX_CREDIT_RATINGS = ("A", "B", "M", "C", "D")
_REGION = re.compile(r"[0-9]{6}")
_DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


def builtin_value_problem(name: str, raw: object) -> str | None:
    """Why ``raw`` is no value of the built-in fact ``name`` in a golden test, or None."""
    if raw is None:
        return None
    if name == "size_class":
        if not isinstance(raw, str) or raw not in SIZE_CLASS_NAMES:
            return f"应为 {'、'.join(SIZE_CLASS_NAMES)} 之一（{'、'.join(SIZE_CLASS_NAMES.values())}），实际是 {raw!r}"
    elif name == "tax_credit_rating":
        if not isinstance(raw, str) or raw not in TAX_CREDIT_RATINGS:
            return f"应为 {'、'.join(TAX_CREDIT_RATINGS)} 之一，实际是 {raw!r}"
    elif name == "region_code":
        if not isinstance(raw, str) or not _REGION.fullmatch(raw):
            return f"应为加引号的 6 位行政区划代码（如 \"371502\"），实际是 {raw!r}"
    elif name == "industry_code":
        if not isinstance(raw, str):
            return f"应为加引号的行业代码（如 \"3451\"，前导 0 不会丢），实际是 {raw!r}"
    elif name in ("is_individual", "dishonest"):
        if not isinstance(raw, bool):
            return f"应为 true 或 false，实际是 {raw!r}"
    elif name == "established":
        if not (type(raw) is dt.date or (isinstance(raw, str) and _DATE.fullmatch(raw))):
            return f"应为日期 YYYY-MM-DD，实际是 {raw!r}"
    return None


__all__ = ["TAX_CREDIT_RATINGS", "builtin_value_problem"]
