"""Run the Qt event loop until something is true: for scripts that drive the window (the
screenshots, the GUI benchmark), never for the window itself."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from .tasks import TaskRunner

DEFAULT_TIMEOUT_MS = 120_000


def wait_until(predicate: Callable[[], bool], timeout_ms: int = DEFAULT_TIMEOUT_MS, what: str = "condition") -> None:
    """Run the event loop until ``predicate()`` (checked every 2 ms); TimeoutError after ``timeout_ms``."""
    if predicate():
        return
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_ms / 1000
    timer = QTimer()
    timer.setInterval(2)

    def check() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()  # noqa: Qt's event loop, not Python exec
    timer.stop()
    if not predicate():
        raise TimeoutError(f"waited {timeout_ms} ms for {what}")


def pause(ms: int) -> None:
    """Let the event loop run for ``ms`` (a person's pace between key presses)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()  # noqa: Qt's event loop, not Python exec


def settle(runner: TaskRunner, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
    """Until the runner has nothing queued or running and every result is delivered (results
    can start new tasks: a list loads, then its first row's detail)."""
    quiet = 0

    def idle() -> bool:
        nonlocal quiet
        QCoreApplication.processEvents()
        quiet = quiet + 1 if not runner.busy() else 0
        return quiet >= 5

    wait_until(idle, timeout_ms, "background tasks to finish")
