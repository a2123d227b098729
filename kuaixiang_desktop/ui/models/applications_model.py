"""The applications table: one row per :class:`ApplicationRow` of ``services.applications.search_applications``.

Status and sync-state names are marked here for translation; the Chinese source of each status
is the state machine's own name (``domain.application_state.STATUS_NAMES``, a test holds the
two together), so the table, the filter and the printed receipt say the same words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from kuaixiang_core.domain import application_state as states

from ...services.application_types import ApplicationRow
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


def local_time_text(at: dt.datetime | None) -> str:
    """A time the services give on the hall's clock (Asia/Shanghai) → '2026-11-26 13:46'."""
    return at.strftime("%Y-%m-%d %H:%M") if at is not None else MISSING


_COLUMNS = (
    ("receipt_no", QT_TRANSLATE_NOOP("ApplicationsModel", "受理号")),
    ("enterprise_name", QT_TRANSLATE_NOOP("ApplicationsModel", "企业")),
    ("item_title", QT_TRANSLATE_NOOP("ApplicationsModel", "事项")),
    ("status", QT_TRANSLATE_NOOP("ApplicationsModel", "状态")),
    ("created_at", QT_TRANSLATE_NOOP("ApplicationsModel", "受理时间")),
    ("sync_state", QT_TRANSLATE_NOOP("ApplicationsModel", "同步")),
)


class ApplicationsModel(RowsTableModel):
    """Read-only; ``IdRole`` gives a row's application id in any column, ``RowRole`` the
    :class:`ApplicationRow` itself."""

    COLUMNS = _COLUMNS
    CONTEXT = "ApplicationsModel"
    # Frozen rows need no defensive copy.
    KEY = "id"
    RECEIPT_NO, ENTERPRISE, ITEM, STATUS, CREATED_AT, SYNC = range(len(_COLUMNS))
    IdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2
    ROLE_NAMES = {IdRole: b"applicationId", RowRole: b"application"}

    # -- content ----------------------------------------------------------------------------

    def update_row(self, application_id: str, *, status: str, sync_state: str) -> None:
        """A transition seen in the detail pane shows in the table without a reload."""
        i = self.row_of(application_id)
        if i < 0:
            return
        self._rows[i] = replace(self._rows[i], status=status, sync_state=sync_state)
        emit(self.dataChanged, self.index(i, 0), self.index(i, self.columnCount() - 1))

    def cell(self, r: ApplicationRow, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "status":
                return status_label(r.status)
            if key == "sync_state":
                return sync_label(r.sync_state)
            if key == "created_at":
                return local_time_text(r.created_at)
            if key == "receipt_no" and not r.receipt_no:
                return QCoreApplication.translate("ApplicationsModel", "（未受理）")
            return text_or_missing(getattr(r, key))
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "enterprise_name":
                return f"{text_or_missing(r.enterprise_name)}\n{text_or_missing(r.credit_code)}"
            if key == "item_title":
                return f"{text_or_missing(r.item_title)}\n{text_or_missing(r.item_id)}"
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "sync_state" and r.sync_state in SYNC_TROUBLE:
                return QBrush(_ALERT)
            if key == "receipt_no" and not r.receipt_no:
                return QBrush(_MUTED)
            return None
        if role == Qt.ItemDataRole.FontRole and key == "receipt_no" and r.receipt_no:
            return self.code_font
        if role == self.IdRole:
            return r.id
        if role == self.RowRole:
            return r
        return None
