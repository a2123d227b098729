"""The sync room's two tables: the outbox entries still waiting or in trouble, and the rounds
run since the client started.

An outbox entry's reason is the first of: the error stored on it (the server's answer to a
conflict, a rejection, a malformed entry); the last round's failure for its key (an entry
that could not be built here); or, when the last round stopped, why it stopped (the entry
is still waiting because of that).  Times are stored UTC and shown in Asia/Shanghai.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from kuaixiang_core.domain.clock import shanghai_time

from ...services.outbox import TROUBLE, OutboxRow
from ...services.sync_report import PULL_ORDER, SyncReport
from ..labels import MISSING
from ..qtcompat import emit

_Index = QModelIndex | QPersistentModelIndex
_ALERT = QColor("#c62828")
_MUTED = QColor("#7a7f87")

KIND_LABELS = {
    "application.draft": QT_TRANSLATE_NOOP("OutboxKind", "申请草稿"),
    "application.accepted": QT_TRANSLATE_NOOP("OutboxKind", "受理"),
    "application.submitted": QT_TRANSLATE_NOOP("OutboxKind", "报送"),
    "application.withdrawn": QT_TRANSLATE_NOOP("OutboxKind", "撤回"),
}
STATE_LABELS = {
    "pending": QT_TRANSLATE_NOOP("OutboxState", "待上传"),
    "failed": QT_TRANSLATE_NOOP("OutboxState", "上传失败"),
    "conflict": QT_TRANSLATE_NOOP("OutboxState", "与平台冲突"),
    "rejected": QT_TRANSLATE_NOOP("OutboxState", "平台拒收"),
    "sent": QT_TRANSLATE_NOOP("OutboxState", "已上传"),
    "duplicate": QT_TRANSLATE_NOOP("OutboxState", "已上传"),
}
# SyncReport.stopped, as sync_status words them.
STOP_LABELS = {
    "auth": QT_TRANSLATE_NOOP("SyncStop", "需要重新登录"),
    "forbidden": QT_TRANSLATE_NOOP("SyncStop", "没有权限"),
    "protocol": QT_TRANSLATE_NOOP("SyncStop", "协议错误"),
    "network": QT_TRANSLATE_NOOP("SyncStop", "网络不通"),
    "rate_limited": QT_TRANSLATE_NOOP("SyncStop", "服务器繁忙"),
    "config": QT_TRANSLATE_NOOP("SyncStop", "配置错误"),
    "busy": QT_TRANSLATE_NOOP("SyncStop", "另一轮同步正在进行"),
    "error": QT_TRANSLATE_NOOP("SyncStop", "程序错误"),
}
STREAM_LABELS = {
    "facts": QT_TRANSLATE_NOOP("SyncHistoryModel", "事实项"),
    "policies": QT_TRANSLATE_NOOP("SyncHistoryModel", "政策事项"),
    "enterprises": QT_TRANSLATE_NOOP("SyncHistoryModel", "企业"),
    "applications": QT_TRANSLATE_NOOP("SyncHistoryModel", "申请状态"),
    "ratings": QT_TRANSLATE_NOOP("SyncHistoryModel", "评价"),
}


def _translated(context: str, table: dict[str, str], key: str | None) -> str:
    source = table.get(key or "")
    return QCoreApplication.translate(context, source) if source else (key or MISSING)


def kind_label(kind: str | None) -> str:
    return _translated("OutboxKind", KIND_LABELS, kind)


def state_label(state: str | None) -> str:
    return _translated("OutboxState", STATE_LABELS, state)


def stop_label(stopped: str | None) -> str:
    return _translated("SyncStop", STOP_LABELS, stopped)


def local_time(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (naive UTC) or aware time in Asia/Shanghai."""
    if value is None:
        return MISSING
    return shanghai_time(value).strftime(fmt)


def stop_text(report: SyncReport) -> str:
    """"同步未完成（网络不通）：…" for a round that stopped; "" for a complete one."""
    if report.stopped is None:
        return ""
    reason = stop_label(report.stopped)
    if report.message:
        return QCoreApplication.translate("SyncStop", "同步未完成（{reason}）：{message}").format(
            reason=reason, message=report.message)
    return QCoreApplication.translate("SyncStop", "同步未完成（{reason}）").format(reason=reason)


class OutboxModel(QAbstractTableModel):
    """Waiting and troubled outbox entries, oldest first (the order they are sent in)."""

    KIND, REF, STATE, CREATED, ATTEMPTS, REASON = range(6)
    _HEADERS = (
        QT_TRANSLATE_NOOP("OutboxModel", "类型"),
        QT_TRANSLATE_NOOP("OutboxModel", "回执号 / 申请号"),
        QT_TRANSLATE_NOOP("OutboxModel", "状态"),
        QT_TRANSLATE_NOOP("OutboxModel", "创建时间"),
        QT_TRANSLATE_NOOP("OutboxModel", "尝试次数"),
        QT_TRANSLATE_NOOP("OutboxModel", "最近错误及原因"),
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[OutboxRow] = []
        self._reasons: list[str] = []

    def set_entries(self, rows: Sequence[OutboxRow], report: SyncReport | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._reasons = [self._reason(r, report) for r in self._rows]
        self.endResetModel()

    def set_report(self, report: SyncReport | None) -> None:
        """The reasons follow a newer round without reloading the rows."""
        self._reasons = [self._reason(r, report) for r in self._rows]
        if self._rows:
            emit(self.dataChanged, self.index(0, self.REASON), self.index(len(self._rows) - 1, self.REASON))

    @staticmethod
    def _reason(row: OutboxRow, report: SyncReport | None) -> str:
        if row.last_error:
            return row.last_error
        if report is not None:
            for failure in report.failures:
                if failure.ref == row.key:
                    return failure.reason
            if report.stopped and row.state == "pending":
                return stop_text(report)
        return ""

    def entry(self, row: int) -> OutboxRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def reason(self, row: int) -> str:
        return self._reasons[row] if 0 <= row < len(self._reasons) else ""

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._HEADERS):
            return QCoreApplication.translate("OutboxModel", self._HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.KIND:
                return kind_label(row.kind)
            if column == self.REF:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return QCoreApplication.translate("OutboxModel", "申请号：{id}").format(id=row.entity_id)
                return row.receipt_no or row.entity_id
            if column == self.STATE:
                return state_label(row.state)
            if column == self.CREATED:
                return local_time(row.created_at)
            if column == self.ATTEMPTS:
                return str(row.attempts)
            if column == self.REASON:
                reason = self._reasons[index.row()]
                return reason if reason or role == Qt.ItemDataRole.ToolTipRole else MISSING
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.state in TROUBLE and column in (self.STATE, self.REASON):
                return _ALERT
            if column == self.REASON and not self._reasons[index.row()]:
                return _MUTED
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.key
        return None


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime  # aware; when the round finished
    report: SyncReport


class SyncHistoryModel(QAbstractTableModel):
    """The rounds of this run, newest first."""

    TIME, RESULT, UPLOADED = range(3)
    _FIXED = (
        QT_TRANSLATE_NOOP("SyncHistoryModel", "时间"),
        QT_TRANSLATE_NOOP("SyncHistoryModel", "结果"),
        QT_TRANSLATE_NOOP("SyncHistoryModel", "上传"),
    )
    NOTE = len(_FIXED) + len(PULL_ORDER)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []

    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: e.at, reverse=True)
        self.endResetModel()

    def entry(self, row: int) -> HistoryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.NOTE + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if 0 <= section < len(self._FIXED):
            return QCoreApplication.translate("SyncHistoryModel", self._FIXED[section])
        if len(self._FIXED) <= section < self.NOTE:
            stream = PULL_ORDER[section - len(self._FIXED)]
            return QCoreApplication.translate("SyncHistoryModel", "下载{stream}").format(
                stream=QCoreApplication.translate("SyncHistoryModel", STREAM_LABELS[stream]))
        if section == self.NOTE:
            return QCoreApplication.translate("SyncHistoryModel", "说明")
        return None

    def _note(self, report: SyncReport) -> str:
        parts = []
        if report.stopped:
            parts.append(stop_text(report))
        if report.failures:
            first = report.failures[0]
            parts.append(QCoreApplication.translate("SyncHistoryModel", "{count} 条记录未能处理：{ref}：{reason}").format(
                count=len(report.failures), ref=first.ref or first.scope, reason=first.reason))
        return "；".join(parts)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        entry, column = self._entries[index.row()], index.column()
        report = entry.report
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TIME:
                return local_time(entry.at, "%H:%M:%S")
            if column == self.RESULT:
                return QCoreApplication.translate("SyncHistoryModel", "完成") if report.complete else \
                    QCoreApplication.translate("SyncHistoryModel", "未完成（{reason}）").format(
                        reason=stop_label(report.stopped))
            if column == self.UPLOADED:
                return str(report.pushed + report.duplicates)
            if column < self.NOTE:
                return str(report.pulled.get(PULL_ORDER[column - len(self._FIXED)], 0))
            if column == self.NOTE:
                return self._note(report) or MISSING
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.TIME:
                return local_time(entry.at, "%Y-%m-%d %H:%M:%S")
            return report.summary()
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (self.RESULT, self.NOTE) and not report.complete:
                return _ALERT
        if role == Qt.ItemDataRole.TextAlignmentRole and self.UPLOADED <= column < self.NOTE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
