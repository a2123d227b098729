"""Opening the client database at start, with a word on screen while its schema is upgraded.

An upgrade that rewrites a large table takes seconds (migration 0006: 7 s for 500,000
enterprises). Run on the GUI thread before any window exists, the program would seem not to
start at all; so the upgrade runs in a thread while a small dialog says what is happening.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from ..services.database import Database, open_client_db, upgrade, upgrade_pending

log = logging.getLogger(__name__)


class _Finished(QObject):
    finished = Signal()


class _UpgradeDialog(QProgressDialog):
    """Stays up until the upgrade ends: hidden by Esc or the close button, the program would
    again seem not to start, and the upgrade cannot be stopped half-way anyway."""

    def __init__(self, label: str):
        super().__init__(label, "", 0, 0)
        self.setCancelButton(None)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._done = False

    def reject(self) -> None:
        if self._done:
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._done:
            super().closeEvent(event)
        else:
            event.ignore()

    def finish(self) -> None:
        self._done = True
        self.close()
        self.deleteLater()


def open_at_start(path: Path) -> Database:
    """``open_client_db``, upgrading first (off the GUI thread) where the schema is old.
    Raises what ``open_client_db`` raises (DatabaseError, SchemaTooNew)."""
    if upgrade_pending(path):
        _upgrade_showing_progress(path)
    return open_client_db(path)


def _upgrade(path: Path) -> None:
    upgrade(path)


def _upgrade_showing_progress(path: Path) -> None:
    dialog = _UpgradeDialog(QCoreApplication.translate("DbUpgrade", "正在升级本机数据库，升级后的第一次启动需要稍等片刻…"))
    dialog.setWindowTitle(QCoreApplication.translate("DbUpgrade", "政策快享"))
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(480)
    loop = QEventLoop()
    finished = _Finished()
    finished.finished.connect(loop.quit)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-upgrade") as pool:
        future = pool.submit(_upgrade, path)
        # Emitted from the upgrade's thread: queued to this one, where the loop waits.
        future.add_done_callback(lambda _f: finished.finished.emit())
        dialog.show()
        if not future.done():
            loop.exec()  # noqa: Qt's event loop, not Python exec
    dialog.finish()
    future.result()  # the upgrade's error, if any, is the caller's to report
    log.info("database %s upgraded in %.1f s", path, time.monotonic() - started)
