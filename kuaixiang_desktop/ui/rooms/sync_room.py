"""The sync room (同步): which server, online or not, what is waiting to go up and why, when
the last round succeeded, and the rounds run since the client started.

The status-bar :class:`~..sync_status.SyncStatus` runs the rounds; this room watches it
(``round_started`` / ``round_finished``) and asks it for a round (立即同步; F5 is the window's
shortcut for the same ``sync_now()``).  The rounds are remembered by a :class:`SyncHistory`
that lives on the SyncStatus, so a room built later still sees the earlier rounds.  The
outbox list is read in a worker on the ``sync-outbox`` channel; without a SyncStatus (demo,
not logged in online) the room says so and still lists what is waiting.

Layout: forms/sync_room.ui.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QHeaderView, QWidget

from kuaixiang_core import wire
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import shanghai_time

from ...services.database import Database
from ...services.outbox import OutboxView
from ...services.sync_report import SyncReport
from .. import message_label as msg
from .. import operations
from ..generated.ui_sync_room import Ui_SyncRoom
from ..models.sync_models import HistoryEntry, OutboxModel, SyncHistoryModel, local_time
from ..qtcompat import emit
from ..sync_status import SyncStatus
from ..tasks import TaskRunner

log = logging.getLogger(__name__)

HISTORY_SIZE = 50


def _finished_at(report: SyncReport) -> dt.datetime:
    if report.finished_at:
        try:
            return shanghai_time(wire.parse_time(report.finished_at))
        except wire.WireError:
            pass
    return clock.shanghai_now()


class SyncHistory(QObject):
    """The rounds of this run (newest last, at most ``HISTORY_SIZE``), kept on the SyncStatus."""

    changed = Signal()

    def __init__(self, sync_status: SyncStatus):
        super().__init__(sync_status)
        self.setObjectName("syncHistory")
        self._entries: list[HistoryEntry] = []
        self._last_success: dt.datetime | None = None  # kept when its round leaves the list
        if sync_status.last_report is not None:  # a round ran before anyone listened
            self.record(sync_status.last_report)
        sync_status.round_finished.connect(self.record)

    @classmethod
    def of(cls, sync_status: SyncStatus) -> SyncHistory:
        """The SyncStatus's history, made the first time it is asked for."""
        for child in sync_status.children():
            if isinstance(child, cls):
                return child
        return cls(sync_status)

    def record(self, report: SyncReport) -> None:
        entry = HistoryEntry(_finished_at(report), report)
        self._entries.append(entry)
        del self._entries[:-HISTORY_SIZE]
        if report.complete:
            self._last_success = entry.at
        emit(self.changed)

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def last_success(self) -> dt.datetime | None:
        return self._last_success

    def last_report(self) -> SyncReport | None:
        return self._entries[-1].report if self._entries else None


class SyncRoom(QWidget):
    outbox_loaded = Signal(int)  # rows now in the outbox table

    def __init__(self, db: Database, runner: TaskRunner, sync_status: SyncStatus | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._sync_status: SyncStatus | None = None
        self._history: SyncHistory | None = None
        self._outbox: OutboxView | None = None

        self.ui = Ui_SyncRoom()
        self.ui.setupUi(self)
        self._emphasise()
        self.ui.messageLabel.hide()
        self.ui.outboxNote.hide()
        self.ui.noSyncLabel.setProperty("level", "warning")

        self.outbox_model = OutboxModel(self)
        self.ui.outboxView.setModel(self.outbox_model)
        self.history_model = SyncHistoryModel(self)
        self.ui.historyView.setModel(self.history_model)
        for view, stretch in ((self.ui.outboxView, OutboxModel.REASON), (self.ui.historyView, SyncHistoryModel.NOTE)):
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
            view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)

        self.ui.syncButton.clicked.connect(self.sync_now)
        self.ui.reloadButton.clicked.connect(self.reload_outbox)
        self.setFocusProxy(self.ui.syncButton)
        self.set_sync_status(sync_status)

    # -- fonts ------------------------------------------------------------------------------

    def _emphasise(self) -> None:
        """A larger title, set again when shown: the stylesheet's re-polish on reparenting
        (into the window's room stack) resets fonts set on child labels."""
        base = self.font()
        font = QFont(base)
        font.setPointSizeF((base.pointSizeF() if base.pointSizeF() > 0 else 10.5) * 1.4)
        font.setBold(True)
        if self.ui.titleLabel.font() != font:
            self.ui.titleLabel.setFont(font)

    def showEvent(self, event: QShowEvent) -> None:
        self._emphasise()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._emphasise()
        super().changeEvent(event)

    # -- the SyncStatus ---------------------------------------------------------------------

    @property
    def sync_status(self) -> SyncStatus | None:
        return self._sync_status

    @property
    def history(self) -> SyncHistory | None:
        return self._history

    def set_sync_status(self, sync_status: SyncStatus | None) -> None:
        """Watch ``sync_status`` (after an online log-in the window makes one)."""
        if sync_status is self._sync_status:
            self._show_state()
            return
        if self._sync_status is not None:
            self._sync_status.round_started.disconnect(self._round_started)
            self._sync_status.round_finished.disconnect(self._round_finished)
            assert self._history is not None
            self._history.changed.disconnect(self._show_history)
        self._sync_status = sync_status
        self._history = SyncHistory.of(sync_status) if sync_status is not None else None
        if sync_status is not None:
            sync_status.round_started.connect(self._round_started)
            sync_status.round_finished.connect(self._round_finished)
            assert self._history is not None
            self._history.changed.connect(self._show_history)
        self._show_history()
        self._show_state()

    # -- actions ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """The state now, and the outbox list read again (the window calls this when shown)."""
        self._show_state()
        self.reload_outbox()

    def reload_outbox(self) -> None:
        self._runner.submit(operations.load_outbox, self._db, channel="sync-outbox", on_done=self._outbox_done,
                            on_error=self._outbox_failed)

    def sync_now(self) -> bool:
        """Ask the SyncStatus for a round now; True if one started."""
        if self._sync_status is None:
            self._show_message(self.tr("没有连接中心服务器，无法同步：请先联网登录。"), "warning")
            return False
        if self._sync_status.sync_now():
            self.clear_message()
            return True
        if self._sync_status.auth_required:
            self._show_message(self.tr("中心服务器要求重新登录：请点状态栏的“重新登录”，登录后会自动同步。"), "warning")
        else:
            self._show_message(self.tr("正在同步，请稍候。"), "info")
        return False

    # -- showing ----------------------------------------------------------------------------

    def message(self) -> str | None:
        return msg.message_of(self.ui.messageLabel)

    def _show_message(self, text: str, level: str) -> None:
        msg.show_message(self.ui.messageLabel, text, level)

    def clear_message(self) -> None:
        msg.clear_message(self.ui.messageLabel)

    def _show_state(self) -> None:
        status = self._sync_status
        ui = self.ui
        ui.noSyncLabel.setVisible(status is None)
        ui.syncButton.setEnabled(status is not None and not status.busy())
        if status is None:
            ui.serverValue.setText(self.tr("未设置"))
            ui.stateValue.setText(self.tr("不同步"))
            ui.errorValue.setText(self.tr("无"))
        else:
            ui.serverValue.setText(status.server or self.tr("未设置"))
            ui.stateValue.setText(status.state_text())
            ui.errorValue.setText(status.last_error or self.tr("无"))
        ui.errorValue.setProperty("alert", bool(status is not None and status.last_error))
        ui.errorValue.style().unpolish(ui.errorValue)
        ui.errorValue.style().polish(ui.errorValue)

        if self._outbox is not None:
            pending, trouble = self._outbox.pending, self._outbox.trouble
        elif status is not None and status.pending is not None:
            pending, trouble = status.pending, 0
        else:
            pending = trouble = None
        if pending is None:
            ui.pendingValue.setText(self.tr("正在读取…"))
        elif trouble:
            ui.pendingValue.setText(self.tr("{pending} 条；另有 {trouble} 条需处理（冲突、被拒或上传失败）").format(
                pending=pending, trouble=trouble))
        else:
            ui.pendingValue.setText(self.tr("{pending} 条").format(pending=pending))

        success = self._history.last_success() if self._history is not None else None
        if success is not None:
            ui.lastSyncValue.setText(local_time(success, "%Y-%m-%d %H:%M:%S"))
        elif self._outbox is not None and self._outbox.last_pull is not None:
            ui.lastSyncValue.setText(self.tr("{time}（上次下载更新的时间）").format(
                time=local_time(self._outbox.last_pull, "%Y-%m-%d %H:%M:%S")))
        else:
            ui.lastSyncValue.setText(self.tr("本机尚未同步过"))

    def _show_history(self) -> None:
        self.history_model.set_entries(self._history.entries() if self._history is not None else [])

    def _outbox_done(self, outbox: OutboxView) -> None:
        self._outbox = outbox
        report = self._history.last_report() if self._history is not None else None
        self.outbox_model.set_entries(outbox.rows, report)
        shown = len(outbox.rows)
        total = outbox.total
        if shown < total:
            self.ui.outboxNote.setText(self.tr("只列出前 {shown} 条，共 {total} 条。").format(shown=shown, total=total))
            self.ui.outboxNote.show()
        elif not total:
            self.ui.outboxNote.setText(self.tr("没有待上传的记录：本机的申请都已上传到中心服务器。"))
            self.ui.outboxNote.show()
        else:
            self.ui.outboxNote.hide()
        self._show_state()
        emit(self.outbox_loaded, shown)

    def _outbox_failed(self, exc: BaseException) -> None:
        log.error("reading the outbox failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._show_message(self.tr("读取待上传的记录时出错：{error}").format(error=exc), "error")

    def _round_started(self) -> None:
        self.clear_message()
        self._show_state()

    def _round_finished(self, report: SyncReport) -> None:
        self._show_state()
        self.reload_outbox()
