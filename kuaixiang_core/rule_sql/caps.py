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
from collections.abc import Iterable

from kuaixiang_core.domain.rules.caps import Cap
from kuaixiang_core.domain.rules.history import COUNTED_STATUSES

from .history import APPLICATION_JOIN, application_day


def caps_sql(caps: Iterable[Cap], as_of: dt.date, params: dict[str, object], *, dialect,
             applications_by: str = "enterprise_id") -> str | None:
    """The condition over ``enterprise e`` that no cap is reached (never NULL), its values
    bound into ``params``; None without caps."""

    def bind(value: object) -> str:
        name = f"cap{len(params)}"
        params[name] = value
        return f":{name}"

    day = application_day(dialect)
    statuses = ", ".join(bind(s) for s in COUNTED_STATUSES)
    parts = []
    for cap in caps:
        start, end = cap.span(as_of)
        last = min(end, as_of)
        items = ", ".join(bind(i) for i in cap.items)
        since = f" AND {day} >= {bind(start.isoformat())}" if start > dt.date.min else ""
        where = (f"FROM application a WHERE {APPLICATION_JOIN[applications_by]} AND a.item_id IN ({items}) "
                 f"AND a.status IN ({statuses}){since} AND {day} <= {bind(last.isoformat())}")
        if cap.count is not None:
            parts.append(f"(SELECT count(*) {where}) < {bind(cap.count)}")
        else:
            fen = int(cap.amount * 100)  # type: ignore[operator]  # amounts are whole 分 (parse_cap)
            parts.append(f"(SELECT coalesce(sum(a.benefit_amount_fen), 0) {where}) < {bind(fen)}")
    return " AND ".join(parts) if parts else None


__all__ = ["caps_sql"]
