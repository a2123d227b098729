"""The applications room's 草稿 list: one row per :class:`~...services.drafts.DraftRow`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from ...services.drafts import DraftRow

_Index = QModelIndex | QPersistentModelIndex


def draft_text(draft: DraftRow) -> str:
    return QCoreApplication.translate("DraftsModel", "{enterprise} · {title} · 已收 {count} 项材料 · {when}").format(
        enterprise=draft.enterprise_name, title=draft.item_title or draft.item_id, count=draft.received,
        when=draft.updated_at.strftime("%Y-%m-%d %H:%M"))  # the hall's clock, as the service gives it


class DraftsModel(QAbstractListModel):
    DraftIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: tuple[DraftRow, ...] = ()

    def set_rows(self, rows: tuple[DraftRow, ...]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def draft(self, row: int) -> DraftRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        draft = self.draft(index.row()) if index.isValid() else None
        if draft is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return draft_text(draft)
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "DraftsModel", "{text}\n经办人：{agent}\nEnter 继续填写，Delete 放弃"
            ).format(text=draft_text(draft), agent=draft.agent_name or "—")
        if role == self.DraftIdRole:
            return draft.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
