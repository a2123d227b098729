"""Background work for the UI: the one place where the client leaves the GUI thread.

A :class:`TaskRunner` runs plain callables on its own ``QThreadPool`` and hands each result
(or exception) back to the GUI thread through a queued signal, where the caller's callbacks
run.  Callables get ids, paths, text or a :class:`~kuaixiang_desktop.store.database.Database`
(whose engine opens a connection per thread), never ORM objects or a shared Session.

Tasks submitted on a *channel* (``"search"``, ``"detail"``) carry a sequence number: only the
newest task of a channel may deliver.  An older one that has not started yet is skipped, and
one that finishes late has its result dropped (``dropped`` is emitted, callbacks are not
called), so a slow query can never overwrite the answer to the clerk's latest keystroke.

Shut a runner down (``shutdown()``) before its owner goes away.  It sets the runner's cancel
event, which every task can see while it runs (``services.cancellation.current_cancel_event()``,
or ``runner.cancel_event`` handed down explicitly), and waits a bounded time for running tasks:
closing the window must not wait a minute for the demo seeding or a 一企一策清单 child process.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from kuaixiang_core.cancellation import cancellable

from .qtcompat import emit

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_MS = 3000

_active_lock = threading.Lock()
_active = 0  # tasks submitted and not yet finished, over every runner


def active_task_count() -> int:
    """How many tasks (of every runner) are queued or running; tests check it is 0."""
    with _active_lock:
        return _active


def _count(delta: int) -> None:
    global _active
    with _active_lock:
        _active += delta


@dataclass
class _Pending:
    channel: str | None
    seq: int
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None


class _Relay(QObject):
    """Lives in the GUI thread; workers emit on it, so delivery is queued to the GUI thread."""

    finished = Signal(int, bool, object)  # task id, ok, result or exception


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], relay: _Relay, still_wanted: Callable[[], bool],
                 cancel: threading.Event):
        super().__init__()
        self.setAutoDelete(True)
        self._id = task_id
        self._fn = fn
        self._relay = relay
        self._still_wanted = still_wanted
        self._cancel = cancel

    def run(self) -> None:  # runs in a pool thread
        try:
            if self._cancel.is_set():
                return  # the runner is shut down: it delivers nothing any more
            if not self._still_wanted():
                emit(self._relay.finished, self._id, False, _Skipped())
                return
            with cancellable(self._cancel):
                result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            log.debug("background task %d failed", self._id, exc_info=True)
            self._report(False, exc)
        else:
            self._report(True, result)
        finally:
            self._fn = None  # drop references (database, closures) in the worker

    def _report(self, ok: bool, payload: object) -> None:
        # After shutdown() nobody listens (it has dropped every pending callback), and a task
        # that outlived its bound would only queue a delivery to a runner on its way out.
        if not self._cancel.is_set():
            emit(self._relay.finished, self._id, ok, payload)


class _Skipped(Exception):
    """A channel task that a newer one replaced before it started."""


class TaskRunner(QObject):
    """Runs callables off the GUI thread and delivers their outcome on it.

    Signals (GUI thread):
      ``failed(channel, exception)`` for every current task that raised and had no
      ``on_error``; ``dropped(channel, seq)`` when a stale result is thrown away;
      ``idle()`` when the last running task has been delivered.
    """

    failed = Signal(object, object)
    dropped = Signal(object, int)
    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._closed = False
        self._cancel = threading.Event()
        self._deadline: float | None = None  # monotonic; the first stop()'s bound
        self._stopping = False
        self._warned = False

    # -- submitting -------------------------------------------------------------------------

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        channel: str | None = None,
        **kwargs: Any,
    ) -> int:
        """Run ``fn(*args, **kwargs)`` in the pool; returns the task's sequence number
        (per channel when ``channel`` is given, else a global task id)."""
        if self._closed:
            raise RuntimeError("TaskRunner is shut down")
        task_id = next(self._ids)
        seq = task_id
        if channel is not None:
            seq = self._latest.get(channel, 0) + 1
            self._latest[channel] = seq
        self._pending[task_id] = _Pending(channel, seq, on_done, on_error)

        def still_wanted(channel=channel, seq=seq) -> bool:
            # Read from the worker: a plain dict lookup under the GIL, no Qt involved.
            return channel is None or self._latest.get(channel) == seq

        _count(+1)
        self._pool.start(_Task(task_id, lambda: fn(*args, **kwargs), self._relay, still_wanted, self._cancel))
        return seq

    def is_current(self, channel: str, seq: int) -> bool:
        return self._latest.get(channel) == seq

    def invalidate(self, channel: str) -> None:
        """Make every task of ``channel`` stale (e.g. the clerk cleared the search box)."""
        self._latest[channel] = self._latest.get(channel, 0) + 1

    # -- state ------------------------------------------------------------------------------

    @property
    def cancel_event(self) -> threading.Event:
        """Set by ``shutdown()``; long tasks poll it (it is also their current cancel event)."""
        return self._cancel

    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task has run (not delivered); True if they all finished."""
        return self._pool.waitForDone(msecs)

    def stop(self, timeout_ms: int | None = None) -> None:
        """The first half of ``shutdown()``, without waiting: refuse new work, ask running
        tasks to stop, drop queued ones, and start the bound (``timeout_ms`` from now) that
        ``shutdown()`` will wait out. A window stops all its runners first, so that their
        tasks wind down together. Only the first call counts."""
        if self._stopping:
            return
        if timeout_ms is None:
            timeout_ms = SHUTDOWN_TIMEOUT_MS
        self._stopping = True
        self._deadline = time.monotonic() + timeout_ms / 1000 if timeout_ms >= 0 else None
        self._closed = True
        self._cancel.set()
        for channel in list(self._latest):
            self.invalidate(channel)
        self._pool.clear()  # queued tasks never start

    @property
    def closed(self) -> bool:
        """No more tasks are taken (the window is going away)."""
        return self._closed

    def shutdown(self, timeout_ms: int | None = None) -> bool:
        """Refuse new work, ask running tasks to stop, wait for them at most ``timeout_ms``
        (default ``SHUTDOWN_TIMEOUT_MS``; negative: without bound) and discard what they deliver.

        True when every task has finished; False when some still run (a task that does not
        poll the cancel event), which is logged once: the pool's destructor would wait for them.
        Safe to call again; a later call waits only for what is left of the first one's bound
        (the window shuts down on close and again when the event loop has ended)."""
        if timeout_ms is None:
            timeout_ms = SHUTDOWN_TIMEOUT_MS
        now = time.monotonic()
        self.stop(timeout_ms)
        if self._deadline is None or timeout_ms < 0:
            wait_ms = -1
        else:
            wait_ms = max(0, round((self._deadline - now) * 1000))
        finished = self._pool.waitForDone(wait_ms)
        if not finished and not self._warned:
            self._warned = True
            log.warning("%d background task(s) still running %d ms after shutdown was asked",
                        self._pool.activeThreadCount(), timeout_ms)
        # Deliveries still queued for the GUI thread would find their callbacks' owners gone.
        for _ in range(len(self._pending)):
            _count(-1)
        self._pending.clear()
        return finished

    # -- delivery (GUI thread) --------------------------------------------------------------

    @Slot(int, bool, object)
    def _deliver(self, task_id: int, ok: bool, payload: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:  # delivered after shutdown()
            return
        _count(-1)
        try:
            if isinstance(payload, _Skipped):
                emit(self.dropped, pending.channel, pending.seq)
            elif pending.channel is not None and not self.is_current(pending.channel, pending.seq):
                log.debug("dropping stale %s result #%d", pending.channel, pending.seq)
                emit(self.dropped, pending.channel, pending.seq)
            elif ok:
                if pending.on_done is not None:
                    pending.on_done(payload)
            else:
                assert isinstance(payload, BaseException)
                if pending.on_error is not None:
                    pending.on_error(payload)
                else:
                    log.error(
                        "background task failed", exc_info=(type(payload), payload, payload.__traceback__)
                    )
                    emit(self.failed, pending.channel, payload)
        finally:
            if not self._pending:
                emit(self.idle)
