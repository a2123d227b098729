"""Figures for the hall supervisor: applications of today and of this month, and how far the
免申即享 items reach into the local enterprise database.

Periods are calendar days and months in Asia/Shanghai; stored times are naive UTC, so a
period is turned into a half-open UTC interval before it meets the database.

An application belongs to the period in which it was accepted (受理: its first
``accepted`` status row), or, if it never was, to the period in which it was created (a
draft, or a draft withdrawn). Each application is therefore counted once, in one period,
whatever happened to it afterwards; its *current* status is what the status chart shows.

The estimated benefit (预计兑现金额) adds the computed amounts (integer 分) of the period's
accepted applications that can still be paid: not withdrawn, not rejected. Items whose
benefit is a text (a tax reduction, say) have no amount; they are counted apart.

:func:`auto_coverage` is separate because it scans the enterprise table once per item:
on 500,000 enterprises and hundreds of items that takes a while, so the GUI runs it in a
worker with progress, and the answer is kept in memory per catalogue, enterprise data and
date.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import func, select, text

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import SHANGHAI
from kuaixiang_core.domain.money import fen_to_yuan
from kuaixiang_core.domain.rules.benefit_kinds import CASH, KINDS

from ..store import policies as policy_store
from ..store.database import Database
from ..store.models import Application, ApplicationStatus, PolicyItemVersion
from .policies import CompiledCatalogue, compiled_catalogue
from .reach import reach_condition

TOP = 10  # bars per chart; the rest are summed into one "others" figure
PERIODS = ("today", "month")
# Accepted applications that will not be paid any more.
_UNPAID = frozenset({states.WITHDRAWN, states.REJECTED})


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemCount:
    item_id: str
    title: str | None  # None: an item the database no longer knows at all
    department: str | None
    count: int


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    status_name: str  # the status itself when this version does not know it (a newer server's)
    count: int


@dataclass(frozen=True, slots=True)
class DepartmentCount:
    department: str | None  # None: applications whose item the database no longer knows
    count: int


@dataclass(frozen=True, slots=True)
class Others:
    """What did not make the top ``TOP``: how many entries, and their count together."""

    entries: int
    count: int


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    period: str  # "today" | "month"
    first_day: dt.date
    last_day: dt.date  # inclusive
    total: int
    accepted: int
    draft: int
    benefit_fen: int  # estimated benefit of the accepted applications still to be paid
    benefit_unpriced: int  # of those, how many have no amount (a text benefit, or not yet known)
    by_item: tuple[ItemCount, ...]  # the top ``TOP``
    item_others: Others
    by_status: tuple[StatusCount, ...]  # current status, in the order of the states
    by_department: tuple[DepartmentCount, ...]  # the top ``TOP``
    department_others: Others
    # The other kinds' estimates (deduction, in_kind: benefit_kinds), each apart: never in
    # ``benefit_fen``, which is money to be paid.
    benefit_other_fen: tuple[tuple[str, int], ...] = ()

    @property
    def benefit_yuan(self) -> Decimal:
        return fen_to_yuan(self.benefit_fen)

    @property
    def benefit_other_yuan(self) -> dict[str, Decimal]:
        return {kind: fen_to_yuan(fen) for kind, fen in self.benefit_other_fen}


@dataclass(frozen=True, slots=True)
class Statistics:
    as_of: dt.date  # the statistics day (Asia/Shanghai)
    today: PeriodFigures
    month: PeriodFigures
    auto_items: int  # 免申即享 items in force on the day

    def period(self, name: str) -> PeriodFigures:
        if name not in PERIODS:
            raise ValueError(f"unknown period {name!r}; expected one of {PERIODS}")
        return self.today if name == "today" else self.month


@dataclass(frozen=True, slots=True)
class ItemCoverage:
    item_id: str
    title: str
    department: str
    region: str  # the document's: 100000, 370000, 371500 or a county (its level says how far it reaches)
    count: int  # local enterprises the item reaches (services.reach's total)


@dataclass(frozen=True, slots=True)
class Coverage:
    as_of: dt.date
    enterprises: int  # in the local database
    reached: int  # distinct enterprises at least one item reaches
    share: Decimal  # reached / enterprises, a fraction to four places (0 with no enterprises)
    items: tuple[ItemCoverage, ...]  # most enterprises first, then by id
    cached: bool  # answered from the cache, without a scan


# ---------------------------------------------------------------------------------------------
# periods
# ---------------------------------------------------------------------------------------------


def shanghai_today(now: dt.datetime | None = None) -> dt.date:
    """The statistics day of ``now`` (default: now)."""
    return clock.shanghai_date(now) if now is not None else clock.today()


def _utc(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in Asia/Shanghai as a naive UTC datetime (how times are stored)."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def period_bounds(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """[first day, day after the last) of ``period`` ("today" or "month") around ``today``."""
    if period == "today":
        return today, today + dt.timedelta(days=1)
    if period == "month":
        first = today.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following
    raise ValueError(f"unknown period {period!r}; expected one of {PERIODS}")


# ---------------------------------------------------------------------------------------------
# applications per period
# ---------------------------------------------------------------------------------------------


def _top(counter: Counter, n: int = TOP) -> tuple[list[tuple[object, int]], Others]:
    """The ``n`` largest entries (ties by key, so the order is stable) and the rest summed."""
    ordered = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
    head, tail = ordered[:n], ordered[n:]
    return head, Others(len(tail), sum(c for _, c in tail))


def _item_names(
    db: Database, cat: CompiledCatalogue, wanted: set[tuple[str, int | None]]
) -> dict[str, tuple[str, str]]:
    """item id → (title, department): the current catalogue, else the version the
    application was filed under (an item since removed from the catalogue)."""
    names = {i: (cat.by_id[i].title, cat.by_id[i].department) for i, _ in wanted if i in cat.by_id}
    missing = {(i, v) for i, v in wanted if i not in names}
    if missing:
        with db.sessions() as session:
            rows = session.execute(
                select(PolicyItemVersion.item_id, PolicyItemVersion.version, PolicyItemVersion.title,
                       PolicyItemVersion.department)
                .where(PolicyItemVersion.item_id.in_({i for i, _ in missing}))
                .order_by(PolicyItemVersion.item_id, PolicyItemVersion.version)
            ).all()
        for item_id, version, title, department in rows:
            # The filed version if it is there, else the newest one kept.
            if item_id not in names or (item_id, version) in missing:
                names[item_id] = (title, department)
    return names


def _rows(db: Database, start: dt.datetime, end: dt.datetime) -> list:
    accepted = (
        select(ApplicationStatus.application_id, func.min(ApplicationStatus.at).label("at"))
        .where(ApplicationStatus.to_status == states.ACCEPTED)
        .group_by(ApplicationStatus.application_id)
        .subquery()
    )
    counted = func.coalesce(accepted.c.at, Application.created_at)
    query = (
        select(Application.item_id, Application.item_version, Application.status, Application.benefit_amount_fen,
               accepted.c.at.label("accepted_at"), counted.label("counted_at"))
        .outerjoin(accepted, accepted.c.application_id == Application.id)
        .where(counted >= start, counted < end)
    )
    with db.sessions() as session:
        return session.execute(query).all()


def _period(
    rows: list, names: dict[str, tuple[str, str]], name: str, first: dt.date, after: dt.date,
    kinds: dict[str, str] | None = None,
) -> PeriodFigures:
    by_item: Counter = Counter()
    by_status: Counter = Counter()
    by_department: Counter = Counter()
    accepted = benefit_fen = unpriced = 0
    other_fen: Counter = Counter()
    kinds = kinds or {}
    for row in rows:
        title, department = names.get(row.item_id, (None, None))
        by_item[row.item_id] += 1
        by_status[row.status] += 1
        by_department[department or ""] += 1
        if row.accepted_at is not None:
            accepted += 1
            if row.status not in _UNPAID:
                kind = kinds.get(row.item_id, CASH)
                if row.benefit_amount_fen is None:
                    unpriced += 1
                elif kind != CASH:  # a deduction or a valued thing in kind: not money paid
                    other_fen[kind] += row.benefit_amount_fen
                else:
                    benefit_fen += row.benefit_amount_fen
    items, item_others = _top(by_item)
    departments, department_others = _top(by_department)
    return PeriodFigures(
        period=name,
        first_day=first,
        last_day=after - dt.timedelta(days=1),
        total=len(rows),
        accepted=accepted,
        draft=by_status.get(states.DRAFT, 0),
        benefit_fen=benefit_fen,
        benefit_unpriced=unpriced,
        by_item=tuple(ItemCount(i, *names.get(i, (None, None)), count=n) for i, n in items),
        item_others=item_others,
        by_status=tuple(
            StatusCount(s, states.STATUS_NAMES[s], by_status[s]) for s in states.STATUSES if by_status.get(s)
        ) + tuple(  # a status this version does not know (from a newer server): shown, not lost
            StatusCount(s, s, n) for s, n in sorted(by_status.items()) if s not in states.STATUSES
        ),
        # "" is an application whose item the database no longer knows at all.
        by_department=tuple(DepartmentCount(d or None, n) for d, n in departments),
        department_others=department_others,
        benefit_other_fen=tuple((k, other_fen[k]) for k in KINDS if other_fen.get(k)),
    )


def statistics(db: Database, today: dt.date | None = None) -> Statistics:
    """Applications of ``today`` and of its month (Asia/Shanghai), by item (top 10 and the
    rest), by current status and by department, with totals and the estimated benefit."""
    today = today or shanghai_today()
    cat = compiled_catalogue(db)
    month_first, month_after = period_bounds("month", today)
    day_first, day_after = period_bounds("today", today)
    month_rows = _rows(db, _utc(month_first), _utc(month_after))
    day_start, day_end = _utc(day_first), _utc(day_after)
    day_rows = [r for r in month_rows if day_start <= r.counted_at < day_end]
    names = _item_names(db, cat, {(r.item_id, r.item_version) for r in month_rows})
    # The current catalogue's kind (an item since removed counts as cash, the default).
    kinds = {i.id: i.benefit.kind for i in cat.items if i.benefit.kind != CASH}
    return Statistics(
        as_of=today,
        today=_period(day_rows, names, "today", day_first, day_after, kinds),
        month=_period(month_rows, names, "month", month_first, month_after, kinds),
        auto_items=sum(1 for i in cat.items if i.mode == "auto" and i.in_force(today)),
    )


# ---------------------------------------------------------------------------------------------
# 免申即享 coverage
# ---------------------------------------------------------------------------------------------


class CoverageCancelled(Exception):
    """The caller asked to stop (the window is closing); nothing was cached."""


_PARAM = re.compile(r":([A-Za-z_]\w*)")


def _renamed(condition: str, params: dict[str, object], prefix: str) -> tuple[str, dict[str, object]]:
    """The same condition with its parameters renamed apart, so that several can share one
    statement. compile_rule binds every value, so ``:name`` only ever marks a parameter."""

    def sub(match: re.Match) -> str:
        name = match.group(1)
        return f":{prefix}{name}" if name in params else match.group(0)

    return _PARAM.sub(sub, condition), {prefix + k: v for k, v in params.items()}


def _any_of(conditions: list[str]) -> str:
    """OR of the conditions as a balanced tree: SQLite refuses expressions nested deeper
    than 1,000, which a flat chain of hundreds of items would approach."""
    if len(conditions) == 1:
        return conditions[0]
    middle = len(conditions) // 2
    return f"({_any_of(conditions[:middle])} OR {_any_of(conditions[middle:])})"


class _CoverageCache:
    def __init__(self, size: int = 8):
        self._lock = threading.Lock()
        self._entries: dict[tuple, Coverage] = {}
        self._size = size

    def get(self, key: tuple) -> Coverage | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple, value: Coverage) -> None:
        with self._lock:
            if len(self._entries) >= self._size:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_coverage_cache = _CoverageCache()


def clear_coverage_cache() -> None:
    _coverage_cache.clear()


def _coverage_key(db: Database, as_of: dt.date) -> tuple:
    with db.sessions() as session:
        catalogue = policy_store.catalogue_stamp(session)
    with db.engine.connect() as conn:
        # Synced or imported enterprises change who is reached, as a new catalogue does.
        enterprises = tuple(conn.execute(text("SELECT count(*), max(id), max(updated_at) FROM enterprise")).one())
    return str(db.path), catalogue, enterprises, as_of.isoformat()


def cached_coverage(db: Database, as_of: dt.date) -> Coverage | None:
    """The cached answer for the current catalogue and data, or None (cheap: no scan)."""
    hit = _coverage_cache.get(_coverage_key(db, as_of))
    return replace(hit, cached=True) if hit is not None else None


def auto_coverage(
    db: Database,
    as_of: dt.date,
    progress: Callable[[int, int], object] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Coverage:
    """For each 免申即享 item in force on ``as_of``: how many local enterprises it reaches
    (one COUNT per item, equal to services.reach's total); and how many distinct enterprises
    at least one of them reaches, of all the enterprises in the database.

    ``progress(done, total)`` is called after each step (one per item, then the distinct
    count). ``cancelled()`` is polled while SQLite works: when it turns true the query is
    interrupted and :class:`CoverageCancelled` raised. Results are cached in memory.
    """
    key = _coverage_key(db, as_of)
    hit = _coverage_cache.get(key)
    if hit is not None:
        return replace(hit, cached=True)
    cat = compiled_catalogue(db)
    items = sorted((i for i in cat.items if i.mode == "auto" and i.in_force(as_of)), key=lambda i: i.id)
    steps = len(items) + 1
    out_items: list[ItemCoverage] = []
    conditions: list[str] = []
    all_params: dict[str, object] = {}

    def check() -> None:
        if cancelled is not None and cancelled():
            raise CoverageCancelled()

    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        if cancelled is not None:
            # Called every few thousand SQLite instructions: a non-zero answer interrupts.
            raw.set_progress_handler(lambda: 1 if cancelled() else 0, 20_000)
        try:
            total = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
            for n, item in enumerate(items):
                check()
                condition, params = reach_condition(cat, item, as_of)
                count = conn.execute(text(f"SELECT count(*) FROM enterprise e WHERE {condition}"), params).scalar_one()
                out_items.append(ItemCoverage(item.id, item.title, item.department,
                                              cat.document_views[item.document_id].region, count))
                if count:  # an item that reaches nobody cannot add anyone to the union
                    renamed, renamed_params = _renamed(condition, params, f"i{n}_")
                    conditions.append(renamed)
                    all_params.update(renamed_params)
                if progress is not None:
                    progress(n + 1, steps)
            check()
            reached = 0
            if conditions:
                reached = conn.execute(
                    text(f"SELECT count(*) FROM enterprise e WHERE {_any_of(conditions)}"), all_params
                ).scalar_one()
            if progress is not None:
                progress(steps, steps)
        except Exception as exc:
            if _interrupted(exc) and cancelled is not None and cancelled():
                raise CoverageCancelled() from None
            raise
        finally:
            if cancelled is not None:
                raw.set_progress_handler(None, 0)
    out_items.sort(key=lambda r: (-r.count, r.item_id))
    result = Coverage(
        as_of=as_of,
        enterprises=total,
        reached=reached,
        # Exact, to four places (12.34 %): Decimal, not float.
        share=(Decimal(reached) / Decimal(total)).quantize(Decimal("0.0001")) if total else Decimal(0),
        items=tuple(out_items),
        cached=False,
    )
    _coverage_cache.put(key, result)
    return result


def _interrupted(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, sqlite3.OperationalError) and "interrupt" in str(orig).lower()
