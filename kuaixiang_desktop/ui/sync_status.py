"""Sync in the background and its state in the status bar.

:class:`SyncStatus` is both the status-bar widget and its controller.  Rounds
(``services.sync_service.sync``) run on the task runner, one at a time: when the
``NetworkMonitor`` says one is due (a single-shot ``QTimer`` re-armed with
``next_attempt_in``, capped so a changed monitor is noticed; no sleeping, no busy loop) and
on demand (F5 in the main window).  The widget shows 在线/离线, how many outbox entries are
waiting, the time of the last finished round (Asia/Shanghai) and the last error with its
reason.  When the server wants a new log-in (``report.stopped == "auth"``) it shows
请重新登录 and schedules nothing more until :meth:`resume` (after a new log-in).

The monitor is only touched on the GUI thread: the worker runs ``sync`` without it and the
report is observed when it is delivered.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from kuaixiang_core.domain import clock

from ..services import sync_service
from ..services.database import Database
from ..services.network_monitor import NetworkMonitor
from ..services.sync_report import SyncReport
from . import operations
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)

MAX_WAIT_MS = 60_000  # re-read the monitor at least this often


class SyncStatus(QWidget):
    """Status-bar widget that runs and shows sync rounds.

    Signals: ``round_started()``, ``round_finished(SyncReport)`` (also for a round that
    raised: then a report stopped with ``"error"``), ``relogin_requested()`` (the clerk
    clicked 重新登录).
    """

    round_started = Signal()
    round_finished = Signal(object)
    relogin_requested = Signal()

    def __init__(
        self,
        db: Database,
        server: str | None,
        *,
        runner: TaskRunner | None = None,
        monitor: NetworkMonitor | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self._db = db
        self.server = server
        self._own_runner = runner is None
        self.runner = runner if runner is not None else TaskRunner(self, max_threads=1)
        self.monitor = monitor if monitor is not None else NetworkMonitor()
        self._running = False
        self._scheduling = False
        self.auth_required = False
        self.pending: int | None = None
        self.last_sync: dt.datetime | None = None  # aware, Asia/Shanghai
        self.last_error: str | None = None
        self.last_report: SyncReport | None = None

        self.state_label = QLabel(self)
        self.state_label.setObjectName("syncStateLabel")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("syncPendingLabel")
        self.time_label = QLabel(self)
        self.time_label.setObjectName("syncTimeLabel")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("syncErrorLabel")
        self.error_label.setProperty("level", "error")
        self.error_label.hide()
        self.relogin_button = QToolButton(self)
        self.relogin_button.setObjectName("reloginButton")
        self.relogin_button.setText(self.tr("重新登录"))
        self.relogin_button.hide()
        self.relogin_button.clicked.connect(lambda: emit(self.relogin_requested))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.error_label, self.relogin_button, self.pending_label, self.time_label, self.state_label):
            layout.addWidget(widget)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self._refresh()

    # -- state ------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self._running

    def scheduling(self) -> bool:
        return self._scheduling

    def state_text(self) -> str:
        return self.state_label.text()

    # -- scheduling -------------------------------------------------------------------------

    def start(self) -> None:
        """Run rounds whenever the monitor says one is due (the first one at once)."""
        self._scheduling = not self.auth_required
        self._arm()
        if self._scheduling:
            self.refresh_pending()

    def stop(self) -> None:
        self._scheduling = False
        self._timer.stop()

    def resume(self, server: str | None = None) -> None:
        """After a new log-in: clear 请重新登录, sync soon and schedule again."""
        if server:
            self.server = server
        self.auth_required = False
        self.monitor.auth_required = False
        self.last_error = None
        self.monitor.trigger()
        self._refresh()
        self.start()

    def _arm(self) -> None:
        if not self._scheduling or self._running:
            self._timer.stop()
            return
        wait = self.monitor.next_attempt_in()
        self._timer.start(min(MAX_WAIT_MS, max(0, math.ceil(wait * 1000))))

    def _tick(self) -> None:
        if not self._scheduling or self._running:
            return
        if self.monitor.due():
            self.sync_now()
        else:
            self._arm()

    # -- rounds -----------------------------------------------------------------------------

    def refresh_pending(self) -> None:
        """Count the waiting outbox entries (on a worker)."""
        self.runner.submit(operations.pending_count, self._db, on_done=self._set_pending, on_error=self._pending_failed)

    def _set_pending(self, count: int) -> None:
        self.pending = count
        self._refresh()

    def _pending_failed(self, exc: BaseException) -> None:
        log.info("could not count the outbox: %s", exc)

    def sync_now(self) -> bool:
        """Start a round now unless one is running (or a new log-in is needed); True if started."""
        if self._running:
            return False
        if self.auth_required:
            self._refresh()
            return False
        self._running = True
        self._timer.stop()
        self._refresh()
        emit(self.round_started)
        self.runner.submit(operations.sync_round, self._db, self.server, on_done=self._finished, on_error=self._failed)
        return True

    def _finished(self, report: SyncReport) -> None:
        self._running = False
        self.last_report = report
        self.monitor.observe(report)
        self.pending = report.pending
        if report.stopped is None:
            self.last_sync = clock.shanghai_now()
            self.last_error = None
        else:
            if report.stopped not in ("network", "config", "busy"):
                self.last_sync = clock.shanghai_now()  # the server answered
            self.last_error = self._describe_stop(report)
        if report.failures and report.stopped is None:
            first = report.failures[0]
            self.last_error = self.tr("{count} 条记录未能处理：{ref}：{reason}").format(
                count=len(report.failures), ref=first.ref or first.scope, reason=first.reason)
        if report.stopped == "auth":
            self.auth_required = True
            self.stop()
        self._refresh()
        emit(self.round_finished, report)
        self._arm()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        if isinstance(exc, sync_service.SyncNotConfigured):
            self.monitor.report_failure(message)
            reason = "config"
        else:
            log.info("sync round failed", exc_info=(type(exc), exc, exc.__traceback__))
            self.monitor.report_failure(message)
            reason = "error"
        report = SyncReport()
        report.stopped, report.message = reason, message
        report.pending = self.pending or 0
        self.last_report = report
        self.last_error = self._describe_stop(report)
        self._refresh()
        emit(self.round_finished, report)
        self._arm()

    def _describe_stop(self, report: SyncReport) -> str:
        reasons = {
            "auth": self.tr("需要重新登录"),
            "forbidden": self.tr("没有权限"),
            "protocol": self.tr("协议错误"),
            "network": self.tr("网络不通"),
            "rate_limited": self.tr("服务器繁忙"),
            "config": self.tr("配置错误"),
            "busy": self.tr("另一轮同步正在进行"),
            "error": self.tr("程序错误"),
        }
        reason = reasons.get(report.stopped or "", report.stopped or "")
        if report.message:
            return self.tr("同步未完成（{reason}）：{message}").format(reason=reason, message=report.message)
        return self.tr("同步未完成（{reason}）").format(reason=reason)

    # -- showing ----------------------------------------------------------------------------

    def _refresh(self) -> None:
        if self.auth_required:
            state = self.tr("请重新登录")
        elif self._running:
            state = self.tr("正在同步…")
        elif self.monitor.state == NetworkMonitor.ONLINE:
            state = self.tr("在线")
        elif self.monitor.state == NetworkMonitor.OFFLINE:
            state = self.tr("离线")
        else:
            state = self.tr("未同步")
        self.state_label.setText(state)
        self.relogin_button.setVisible(self.auth_required)
        self.pending_label.setText(
            self.tr("待上传 {count} 条").format(count=self.pending) if self.pending is not None else ""
        )
        self.time_label.setText(
            self.tr("上次同步 {time}").format(time=self.last_sync.strftime("%H:%M:%S")) if self.last_sync else ""
        )
        if self.last_error:
            self.error_label.setText(self.last_error)
            self.error_label.setToolTip(self.last_report.summary() if self.last_report else self.last_error)
            self.error_label.show()
        else:
            self.error_label.clear()
            self.error_label.hide()
        if self.last_report is not None:
            self.setToolTip(self.last_report.summary())

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop scheduling and wait for a running round; safe to call twice."""
        self.stop()
        if self._own_runner:
            self.runner.shutdown()
