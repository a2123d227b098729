"""Network coming and going: whether the server answers, learnt from sync outcomes and health
probes, and when to try again (pure Python; the window wraps it in a timer)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from ..sync.client import ConfigError, RateLimited, SyncClient, SyncError, TransientError
from .sync_report import SyncReport


class NetworkMonitor:
    """Reachability of the server, learnt from sync outcomes and health probes.

    States: ``unknown`` → ``online`` / ``offline``; ``auth_required`` is a flag on top (the
    server answers but wants a new log-in). :meth:`next_attempt_in` says when to try again:
    ``interval`` seconds while online, exponential backoff with full jitter (``base`` ×
    2**failures, capped at ``cap``) while offline. Pure Python with an injectable clock and
    random source; the GUI wraps it in a QTimer and shows :attr:`state`.
    """

    UNKNOWN, ONLINE, OFFLINE = "unknown", "online", "offline"

    def __init__(self, *, interval: float = 300.0, base: float = 5.0, cap: float = 300.0,
                 clock: Callable[[], float] = time.monotonic, random_source: Callable[[], float] = random.random):
        self.interval, self.base, self.cap = interval, base, cap
        self._clock, self._random = clock, random_source
        self.state = self.UNKNOWN
        self.auth_required = False
        self.failures = 0
        self.last_error: str | None = None
        self.last_change = clock()
        self._next_at = clock()
        self._listeners: list[Callable[[str, str], Any]] = []

    def subscribe(self, listener: Callable[[str, str], Any]) -> None:
        """``listener(old_state, new_state)`` on every change of state."""
        self._listeners.append(listener)

    def _set(self, state: str) -> None:
        if state != self.state:
            old, self.state = self.state, state
            self.last_change = self._clock()
            for listener in list(self._listeners):
                listener(old, state)

    @property
    def online(self) -> bool:
        return self.state == self.ONLINE

    def report_success(self) -> None:
        self.failures = 0
        self.last_error = None
        self._next_at = self._clock() + self.interval
        self._set(self.ONLINE)

    def report_failure(self, error: BaseException | str | None = None) -> None:
        self.failures += 1
        self.last_error = getattr(error, "message", None) or (str(error) if error else None)
        wait = self._random() * min(self.cap, self.base * (2 ** (self.failures - 1)))
        self._next_at = self._clock() + wait
        self._set(self.OFFLINE)

    def observe(self, report: SyncReport) -> None:
        """Learn from a round: a network stop is a failure; any answer from the server
        (including "log in again") shows it is reachable."""
        if report.stopped in ("network", "config"):
            self.report_failure(report.error or report.message)
            return
        if report.stopped in ("busy", "cancelled"):  # says nothing about the server
            return
        self.auth_required = report.stopped == "auth"
        if report.stopped == "rate_limited" and isinstance(report.error, RateLimited):
            self.report_success()
            self._next_at = self._clock() + report.error.retry_after
            return
        self.report_success()

    def probe(self, client: SyncClient) -> bool:
        """One health check (no retry); True when the server answered."""
        try:
            client.health()
        except (TransientError, ConfigError) as exc:
            self.report_failure(exc)
            return False
        except SyncError:
            pass  # it answered, even if with an error
        self.report_success()
        return True

    def next_attempt_in(self) -> float:
        return max(0.0, self._next_at - self._clock())

    def due(self) -> bool:
        return self.next_attempt_in() <= 0.0

    def trigger(self) -> None:
        """Try as soon as possible (the clerk clicked 同步, or the OS says the link is up)."""
        self._next_at = self._clock()
