"""The one clock: times are stored in UTC, and every date a person sees is the Asia/Shanghai
date, whatever the machine's own time zone (a clerk's PC set to UTC still files on the
hall's day; at 07:30 in Liaocheng it is 23:30 the evening before in UTC).

Stored times are naive UTC ``datetime``s (SQLite keeps no zone): ``utcnow()`` makes them and
``shanghai_time()`` shows them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _shanghai_zone() -> dt.tzinfo:
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # Windows without the tzdata package: China has no DST since 1991
        return dt.timezone(dt.timedelta(hours=8), "CST")


SHANGHAI = _shanghai_zone()


def now() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time as it is stored: naive UTC."""
    return now().replace(tzinfo=None)


def shanghai_now() -> dt.datetime:
    """The current time on the hall's clock (aware, Asia/Shanghai)."""
    return now().astimezone(SHANGHAI)


def today() -> dt.date:
    """The clerk's today: the date in Asia/Shanghai."""
    return shanghai_now().date()


def shanghai_time(value: dt.datetime) -> dt.datetime:
    """A stored time (naive means UTC) or an aware one, on the hall's clock."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(SHANGHAI)


def shanghai_date(value: dt.datetime) -> dt.date:
    """The hall's date of a stored time."""
    return shanghai_time(value).date()
