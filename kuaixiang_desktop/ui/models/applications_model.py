"""The applications table: one row per application of ``services.applications.search_applications``.

Status and sync-state names are marked here for translation; the Chinese source of each status
is the state machine's own name (``domain.application_state.STATUS_NAMES``, a test holds the
two together), so the table, the filter and the printed receipt say the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFontDatabase

from ...domain import application_state as states
from ..labels import MISSING, text_or_missing
from ..qtcompat import emit

_Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    states.DRAFT: QT_TRANSLATE_NOOP("ApplicationStatus", "草稿"),
    states.ACCEPTED: QT_TRANSLATE_NOOP("ApplicationStatus", "已受理"),
    states.SUBMITTED: QT_TRANSLATE_NOOP("ApplicationStatus", "已报送"),
    states.APPROVED: QT_TRANSLATE_NOOP("ApplicationStatus", "已审核通过"),
    states.REJECTED: QT_TRANSLATE_NOOP("ApplicationStatus", "未通过"),
    states.PAID: QT_TRANSLATE_NOOP("ApplicationStatus", "已兑现"),
    states.WITHDRAWN: QT_TRANSLATE_NOOP("ApplicationStatus", "已撤回"),
}

# application.sync_state (services.sync_service)
SYNC_LABELS = {
    "local": QT_TRANSLATE_NOOP("SyncState", "未上传"),
    "queued": QT_TRANSLATE_NOOP("SyncState", "待上传"),
    "synced": QT_TRANSLATE_NOOP("SyncState", "已同步"),
    "conflict": QT_TRANSLATE_NOOP("SyncState", "冲突，须处理"),
    "rejected": QT_TRANSLATE_NOOP("SyncState", "平台拒收"),
    "failed": QT_TRANSLATE_NOOP("SyncState", "上传失败"),
}
SYNC_TROUBLE = frozenset({"conflict", "rejected", "failed"})
_ALERT = QColor("#c62828")
_MUTED = QColor("#7a7f87")


def status_label(status: str | None) -> str:
    source = STATUS_LABELS.get(status or "")
    return QCoreApplication.translate("ApplicationStatus", source) if source else text_or_missing(status)


def sync_label(state: str | None) -> str:
    source = SYNC_LABELS.get(state or "")
    return QCoreApplication.translate("SyncState", source) if source else text_or_missing(state)


def local_time_text(iso: str | None) -> str:
    """'2026-11-26T13:46:05+08:00' (services give Asia/Shanghai) → '2026-11-26 13:46'."""
    if not iso:
        return MISSING
    try:
        return dt.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


_COLUMNS = (
    ("receipt_no", QT_TRANSLATE_NOOP("ApplicationsModel", "受理号")),
    ("enterprise_name", QT_TRANSLATE_NOOP("ApplicationsModel", "企业")),
    ("item_title", QT_TRANSLATE_NOOP("ApplicationsModel", "事项")),
    ("status", QT_TRANSLATE_NOOP("ApplicationsModel", "状态")),
    ("created_at", QT_TRANSLATE_NOOP("ApplicationsModel", "受理时间")),
    ("sync_state", QT_TRANSLATE_NOOP("ApplicationsModel", "同步")),
)


class ApplicationsModel(QAbstractTableModel):
    """Read-only; ``IdRole`` gives a row's application id in any column."""

    RECEIPT_NO, ENTERPRISE, ITEM, STATUS, CREATED_AT, SYNC = range(len(_COLUMNS))
    IdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._code_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    @property
    def code_font(self):
        """The receipt-number column's (fixed-pitch) font."""
        return self._code_font

    # -- content ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[dict]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()

    def row(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, application_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.get("id") == application_id:
                return i
        return -1

    def update_row(self, application_id: str, **changes: Any) -> None:
        """A transition seen in the detail pane shows in the table without a reload."""
        i = self.row_of(application_id)
        if i < 0:
            return
        self._rows[i].update(changes)
        emit(self.dataChanged, self.index(i, 0), self.index(i, self.columnCount() - 1))

    # -- QAbstractItemModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        column = index.column()
        key = _COLUMNS[column][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "status":
                return status_label(r.get("status"))
            if key == "sync_state":
                return sync_label(r.get("sync_state"))
            if key == "created_at":
                return local_time_text(r.get("created_at"))
            if key == "receipt_no" and not r.get("receipt_no"):
                return QCoreApplication.translate("ApplicationsModel", "（未受理）")
            return text_or_missing(r.get(key))
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("enterprise_name", "item_title"):
                other = r.get("credit_code") if key == "enterprise_name" else r.get("item_id")
                return f"{text_or_missing(r.get(key))}\n{text_or_missing(other)}"
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "sync_state" and r.get("sync_state") in SYNC_TROUBLE:
                return QBrush(_ALERT)
            if key == "receipt_no" and not r.get("receipt_no"):
                return QBrush(_MUTED)
            return None
        if role == Qt.ItemDataRole.FontRole and key == "receipt_no" and r.get("receipt_no"):
            return self._code_font
        if role == self.IdRole:
            return r.get("id")
        if role == self.RowRole:
            return dict(r)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(_COLUMNS):
                return QCoreApplication.translate("ApplicationsModel", _COLUMNS[section][1])
            return None
        return section + 1 if 0 <= section < len(self._rows) else None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names[self.IdRole] = b"applicationId"
        names[self.RowRole] = b"application"
        return names
