"""Cooperative cancellation of work running on a worker thread.

The window's task runner (``ui.tasks``) sets an event when the window closes and makes it the
*current* one while each of its tasks runs.  A service that waits a long time (a child process)
looks it up here instead of every caller in between having to hand it down; outside a runner
there is no current event and nothing is ever cancelled.  This module is below ``ui`` (no Qt)
so that services may import it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar


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


@contextmanager
def cancellable(event: threading.Event) -> Iterator[threading.Event]:
    """Make ``event`` the current cancel event of this thread while the block runs."""
    token = _current.set(event)
    try:
        yield event
    finally:
        _current.reset(token)
