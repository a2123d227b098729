"""Cooperative cancellation of work running on a worker thread.

The window's task runner (``ui.tasks``) sets an event when the window closes and makes it the
*current* one while each of its tasks runs.  A service that waits a long time (a child process)
looks it up here instead of every caller in between having to hand it down; outside a runner
there is no current event and nothing is ever cancelled.  This module is below ``ui`` (no Qt)
so that services may import it.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


class Cancelled(RuntimeError):
    """The work was abandoned because its owner asked (e.g. the window is closing).

    A RuntimeError, so callers that already handle a service's RuntimeError stay correct."""


_current: ContextVar[threading.Event | None] = ContextVar("kuaixiang_cancel_event", default=None)


def current_cancel_event() -> threading.Event | None:
    """The event of the task running on this thread, or None outside a cancellable task."""
    return _current.get()


def cancel_requested() -> bool:
    event = _current.get()
    return event is not None and event.is_set()


def raise_if_cancelled(message: str = "已取消") -> None:
    """Raise :class:`Cancelled` when the current task has been asked to stop (never outside
    a task): the check a long loop makes between its batches."""
    if cancel_requested():
        raise Cancelled(message)


def sleep(seconds: float, message: str = "已取消") -> None:
    """``time.sleep`` that a cancel request cuts short with :class:`Cancelled`: a retry's
    back-off may last half a minute, far past the window's closing bound."""
    event = _current.get()
    if event is None:
        time.sleep(seconds)
    elif event.wait(seconds):
        raise Cancelled(message)


def interrupted(exc: BaseException) -> bool:
    """Whether ``exc`` (sqlite3's or SQLAlchemy's wrapping of it) is SQLite's "interrupted"."""
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, sqlite3.OperationalError) and "interrupt" in str(orig).lower()


@contextmanager
def interrupting(raw_connection: Any, event: threading.Event | None, message: str = "已取消",
                 every: int = 20_000) -> Iterator[None]:
    """While the block runs, a statement on the sqlite3 ``raw_connection`` stops as soon as
    ``event`` is set, and the interruption leaves the block as :class:`Cancelled`.

    One batch of a bulk write can take most of a second inside a single ``executemany``;
    SQLite calls the progress handler every ``every`` VM instructions, so the write stops
    within milliseconds instead of at the next batch.  An interrupted statement inside an
    explicit transaction rolls the whole transaction back (SQLite's rule), so the caller's
    transaction is all-or-nothing either way.  Nothing happens when ``event`` is None."""
    if event is None:
        yield
        return
    raw_connection.set_progress_handler(lambda: 1 if event.is_set() else 0, every)
    try:
        yield
    except Exception as exc:
        if event.is_set() and interrupted(exc):
            raise Cancelled(message) from None
        raise
    finally:
        raw_connection.set_progress_handler(None, every)


@contextmanager
def cancellable(event: threading.Event) -> Iterator[threading.Event]:
    """Make ``event`` the current cancel event of this thread while the block runs."""
    token = _current.set(event)
    try:
        yield event
    finally:
        _current.reset(token)
