"""The applications table: one row per application of ``services.applications.search_applications``.

Status and sync-state names are marked here for translation; the Chinese source of each status
is the state machine's own name (``domain.application_state.STATUS_NAMES``, a test holds the
two together), so the table, the filter and the printed receipt say the same words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from kuaixiang_core.domain import application_state as states
from ..labels import MISSING, text_or_missing
from ..qtcompat import emit
from .table_model import RowsTableModel

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


class ApplicationsModel(RowsTableModel):
    """Read-only; ``IdRole`` gives a row's application id in any column."""

    COLUMNS = _COLUMNS
    CONTEXT = "ApplicationsModel"
    RECEIPT_NO, ENTERPRISE, ITEM, STATUS, CREATED_AT, SYNC = range(len(_COLUMNS))
    IdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2
    ROLE_NAMES = {IdRole: b"applicationId", RowRole: b"application"}

    # -- content ----------------------------------------------------------------------------

    def row_of(self, application_id: str) -> int:
        return self.find_row("id", application_id)

    def update_row(self, application_id: str, **changes: Any) -> None:
        """A transition seen in the detail pane shows in the table without a reload."""
        i = self.row_of(application_id)
        if i < 0:
            return
        self._rows[i].update(changes)
        emit(self.dataChanged, self.index(i, 0), self.index(i, self.columnCount() - 1))

    def cell(self, r: dict, key: str, role: int) -> Any:
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
            return self.code_font
        if role == self.IdRole:
            return r.get("id")
        if role == self.RowRole:
            return dict(r)
        return None
