"""An item's caps in SQL (domain.rules.caps): the enterprises that have not reached any of
them, so that reach, the outreach export and the 免申即享 coverage leave out an enterprise
whose match says 「本年度已申报 3 次，已达上限」.

A cap is reached, as ``apply_caps`` decides, when the enterprise's earlier applications for
the cap's items in its period (counted statuses, made on or before the as-of date, the day on
the hall's clock) number ``count`` or more, or their estimated amounts add up to ``amount``
or more (applications without an amount add nothing). An amount cap with room left only
lowers the estimate: whom the item reaches is the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from kuaixiang_core.domain.rules.caps import Cap
from kuaixiang_core.domain.rules.history import COUNTED_STATUSES

from .history import APPLICATION_JOIN, application_day


def caps_sql(caps: Iterable[Cap], as_of: dt.date, params: dict[str, object], *, dialect,
             applications_by: str = "enterprise_id") -> str | None:
    """The condition over ``enterprise e`` that no cap is reached (never NULL), its values
    bound into ``params``; None without caps."""
    parts = []
    for cap in caps:
        where = _earlier(cap, as_of, params, dialect, applications_by)
        if cap.count is not None:
            parts.append(f"(SELECT count(*) {where}) < {_bind(params, cap.count)}")
        else:
            parts.append(f"(SELECT coalesce(sum(a.benefit_amount_fen), 0) {where}) < {_bind(params, _fen(cap))}")
    return " AND ".join(parts) if parts else None


def room_left_sql(cap: Cap, as_of: dt.date, params: dict[str, object], *, dialect,
                  applications_by: str = "enterprise_id") -> str:
    """What is left of an amount cap for ``enterprise e``, in 分 (``apply_caps``: the amount
    less the earlier applications' amounts; more than 0 wherever ``caps_sql`` holds)."""
    where = _earlier(cap, as_of, params, dialect, applications_by)
    return f"({_bind(params, _fen(cap))} - (SELECT coalesce(sum(a.benefit_amount_fen), 0) {where}))"


def applied_sql(items: Collection[str], params: dict[str, object], *, applications_by: str = "enterprise_id") -> str:
    """The condition that ``enterprise e`` has an application for one of ``items`` (any status,
    whenever made: a superset of those that count): without one, no cap over those items can
    be reached or have less than its whole amount left. Read from the covering index
    (enterprise, item), not the table."""
    if not items:
        return "(1 = 0)"
    named = ", ".join(_bind(params, i) for i in sorted(set(items)))
    if applications_by == "enterprise_id":
        return f"e.id IN (SELECT a.enterprise_id FROM application a WHERE a.item_id IN ({named}))"
    return f"e.credit_code IN (SELECT a.credit_code FROM application a WHERE a.item_id IN ({named}))"


def _bind(params: dict[str, object], value: object) -> str:
    name = f"cap{len(params)}"
    params[name] = value
    return f":{name}"


def _fen(cap: Cap) -> int:
    return int(cap.amount * 100)  # type: ignore[operator]  # amounts are whole 分 (parse_cap)


def _earlier(cap: Cap, as_of: dt.date, params: dict[str, object], dialect, applications_by: str) -> str:
    """FROM and WHERE of the enterprise's applications that count against ``cap``."""
    day = application_day(dialect)
    statuses = ", ".join(_bind(params, s) for s in COUNTED_STATUSES)
    start, end = cap.span(as_of)
    last = min(end, as_of)
    items = ", ".join(_bind(params, i) for i in cap.items)
    since = f" AND {day} >= {_bind(params, start.isoformat())}" if start > dt.date.min else ""
    return (f"FROM application a WHERE {APPLICATION_JOIN[applications_by]} AND a.item_id IN ({items}) "
            f"AND a.status IN ({statuses}){since} AND {day} <= {_bind(params, last.isoformat())}")


__all__ = ["applied_sql", "caps_sql", "room_left_sql"]
