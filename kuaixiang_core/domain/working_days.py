"""承诺时限 in Chinese working days (工作日).

Statutory holidays and the 调休 make-up working days (weekends that are worked) come from the
``chinesecalendar`` package, which follows the State Council's yearly notice. The notice for a
year appears in the previous November, so a year the installed package does not know is a real
situation (late December, or an outdated package). We never guess: such a year raises
:class:`CalendarUnknownYear`, naming the year, and the caller decides what to show.

Counting: day 1 is the first working day *after* ``start`` (the day of acceptance does not
count, whether or not it is itself a working day), so ``add_working_days(start, n)`` is the
date of the n-th working day after ``start``; ``add_working_days(start, 0) == start``.
"""

from __future__ import annotations

import datetime as dt
import functools

import chinese_calendar

__all__ = [
    "CalendarUnknownYear",
    "MAX_WORKING_DAYS",
    "add_working_days",
    "is_working_day",
    "known_years",
    "working_days_between",
]

# A promise longer than this is a data error, not a time limit (a year has ~250 working days).
MAX_WORKING_DAYS = 1000


class CalendarUnknownYear(LookupError):
    """The holiday calendar has no data for ``year``: working days cannot be counted."""

    def __init__(self, year: int) -> None:
        self.year = year
        first, last = known_years()
        super().__init__(
            f"节假日日历中没有 {year} 年的数据（已知 {first}–{last} 年），无法按工作日计算承诺时限；"
            f"请升级 chinesecalendar 或等待国务院办公厅公布 {year} 年节假日安排"
        )


@functools.cache
def known_years() -> tuple[int, int]:
    """The first and last year the installed calendar knows (both inclusive)."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def _as_date(d: dt.date) -> dt.date:
    if isinstance(d, dt.datetime):  # a datetime is a date too: take its calendar day
        return d.date()
    if not isinstance(d, dt.date):
        raise TypeError(f"需要日期（datetime.date），得到 {type(d).__name__}")
    return d


def is_working_day(d: dt.date) -> bool:
    """True on a working day: Monday–Friday that is not a holiday, or a 调休 working weekend."""
    d = _as_date(d)
    first, last = known_years()
    if not first <= d.year <= last:
        raise CalendarUnknownYear(d.year)
    return bool(chinese_calendar.is_workday(d))


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date of the ``n``-th working day after ``start`` (``n == 0`` gives ``start``).

    Raises :class:`CalendarUnknownYear` when the count reaches a year the calendar does not know.
    """
    start = _as_date(start)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"工作日数必须是整数，得到 {n!r}")
    if n < 0:
        raise ValueError(f"工作日数不能为负数：{n}")
    if n > MAX_WORKING_DAYS:
        raise ValueError(f"工作日数过大：{n}（上限 {MAX_WORKING_DAYS}）")
    day = start
    remaining = n
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: the inverse of :func:`add_working_days` on working days."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise ValueError(f"结束日期 {end} 早于开始日期 {start}")
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
