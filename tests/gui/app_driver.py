"""Running the whole application from a test, with a callback acting as the clerk."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from PySide6.QtCore import QCoreApplication, QTimer


@contextlib.contextmanager
def clerk_driving(drive: Callable[[], None], *, give_up_ms: int = 20_000) -> Iterator[list[bool]]:
    """While the block runs the application (``main(argv)``), ``drive()`` is called every
    10 ms on its event loop to act as the clerk (read the window, close it). A loop that
    would never end is quit after ``give_up_ms``; the list yielded is then ``[True]``."""
    gave_up: list[bool] = []

    def give_up() -> None:
        gave_up.append(True)
        QCoreApplication.quit()

    poll = QTimer()
    poll.timeout.connect(drive)
    poll.start(10)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(give_up)
    guard.start(give_up_ms)
    try:
        yield gave_up
    finally:
        poll.stop()
        guard.stop()
