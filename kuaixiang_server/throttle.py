"""The log-in limit: attempts counted per account and per address in the database.

Each attempt *takes a slot* before its password is checked (scrypt is what an attacker wants
to run many of), in one transaction over both counters, and gives it back only when the
password was right. Every change is a single statement that reads and writes the counter at
once (``UPDATE … SET attempts = attempts + 1 WHERE attempts < limit RETURNING``, or an
``INSERT … ON CONFLICT DO NOTHING`` for the first one), so however many attempts arrive
together, on however many instances of one database, no more than the limit get checked:
PostgreSQL re-reads a row another transaction has just updated before it applies the
``WHERE``, and SQLite's writers queue (``BEGIN IMMEDIATE``).

The window is fixed: it starts at the first attempt after the last one ran out.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import LoginThrottle

ACCOUNT, ADDRESS = "account", "address"
_T = LoginThrottle.__table__


def _insert_first(session: Session, scope: str, subject: str, now: dt.datetime) -> bool:
    values = {"scope": scope, "subject": subject, "window_start": now, "attempts": 1}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(_T).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(_T).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - the server runs on these two only
        stmt = insert(_T).values(**values)
    return session.execute(stmt.returning(_T.c.attempts)).first() is not None


def take(session: Session, scope: str, subject: str, limit: int, window: dt.timedelta,
         now: dt.datetime) -> int | None:
    """Take one slot of ``subject``'s counter: None when taken, else the seconds until the
    window runs out (the ``Retry-After``)."""
    since = now - window
    key = (_T.c.scope == scope) & (_T.c.subject == subject)
    for _ in range(3):
        if session.execute(update(_T).where(key, _T.c.window_start > since, _T.c.attempts < limit)
                           .values(attempts=_T.c.attempts + 1).returning(_T.c.attempts)).first():
            return None
        if session.execute(update(_T).where(key, _T.c.window_start <= since)
                           .values(attempts=1, window_start=now).returning(_T.c.attempts)).first():
            return None
        if _insert_first(session, scope, subject, now):
            return None
        # Either the limit is reached or another attempt made the row a moment ago: look again.
        start = session.scalar(select(_T.c.window_start).where(key, _T.c.attempts >= limit, _T.c.window_start > since))
        if start is not None:
            # Another attempt may have opened the window a moment after this one read its
            # clock: never ask a client to wait longer than one window.
            return max(1, min(math.ceil(window.total_seconds()), math.ceil((start + window - now).total_seconds())))
    return max(1, math.ceil(window.total_seconds()))  # pragma: no cover - three races in a row


def give_back(session: Session, scope: str, subject: str) -> None:
    """The attempt succeeded: it does not count against ``subject``."""
    session.execute(update(_T).where(_T.c.scope == scope, _T.c.subject == subject, _T.c.attempts > 0)
                    .values(attempts=_T.c.attempts - 1))


def clear(session: Session, scope: str, subject: str) -> None:
    session.execute(delete(_T).where(_T.c.scope == scope, _T.c.subject == subject))


def prune(session: Session, now: dt.datetime, window: dt.timedelta) -> None:
    """Counters whose window ran out long ago (a name tried once and never again)."""
    session.execute(delete(_T).where(_T.c.window_start < now - window - dt.timedelta(days=1)))
