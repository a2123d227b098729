"""The WAL copied back into the database on a thread of its own while a pull writes.

A pulled page commits without waiting for the disk (``WriteSessions.begin(durable=False)``),
but every few pages its commit also copied the WAL back into the database file: SQLite's
automatic checkpoint, run by the committing thread, waits for the disk twice (the WAL, then
the database). Over 100,000 changed enterprises that was a tenth of the pull, and on these
machines a sync of a few thousand scattered pages takes 150 ms. Here a second connection
copies what has been committed after each page, while the next page is written: SQLite lets
a checkpoint run beside one writer in WAL mode, and neither waits for the other (PASSIVE).

Meanwhile the writer's own checkpoints are only a backstop (``BACKSTOP_PAGES``), should this
thread fall behind or stop. A checkpoint that fails here (a full disk, a disk error) is
logged and the thread stops: the writer's backstop and the pull's final checkpoint meet the
same fault and report it where the clerk sees it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from .database import BUSY_TIMEOUT

log = logging.getLogger(__name__)

# The writer's automatic checkpoint while this runs: 256 MB of WAL (SQLite's pages of 4 KiB),
# eight times WriteSessions.begin(durable=False)'s 32 MB, reached only if this falls behind.
BACKSTOP_PAGES = 64_000


class WalCheckpoints:
    """``with WalCheckpoints(path) as checkpoints:`` … ``checkpoints.committed()`` after each
    commit. Leaving waits for the checkpoint under way, if any."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.done = 0  # checkpoints completed
        self.copied = threading.Event()  # set after each (what a test waits for)
        self.failed: BaseException | None = None
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> WalCheckpoints:
        self._thread = threading.Thread(target=self._run, name="wal-checkpoints", daemon=True)
        self._thread.start()
        return self

    def committed(self) -> None:
        """A transaction was committed: copy it back when the thread is free (commits that
        come meanwhile are copied by the same checkpoint)."""
        self._wake.set()

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            self._give_up(exc)
            return
        try:
            # The two waits for the disk are this connection's: NORMAL, as the writer's.
            conn.execute("PRAGMA synchronous=NORMAL")
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stop:
                    return
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.done += 1
                self.copied.set()
        except sqlite3.Error as exc:
            self._give_up(exc)
        finally:
            conn.close()

    def _give_up(self, exc: sqlite3.Error) -> None:
        self.failed = exc
        log.warning("后台写回数据库 %s 失败，改由同步线程写回：%s", self.path, exc)


__all__ = ["BACKSTOP_PAGES", "WalCheckpoints"]
