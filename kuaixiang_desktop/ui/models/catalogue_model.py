"""The catalogue table: one row per policy item (the whole catalogue is 2,728 of them).

Rows are plain dicts made by ``ui.rooms.catalogue_search`` in a worker; the model only shows
them, so a search that narrows 2,728 rows to 3 is one model reset, not thousands of widgets.
"""

from __future__ import annotations

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

from ..labels import text_or_missing

_Index = QModelIndex | QPersistentModelIndex

MODE_LABELS = {
    "auto": QT_TRANSLATE_NOOP("PolicyMode", "免申即享"),
    "online": QT_TRANSLATE_NOOP("PolicyMode", "网上申请"),
    "window": QT_TRANSLATE_NOOP("PolicyMode", "窗口申请"),
}


def mode_label(mode: str | None) -> str:
    source = MODE_LABELS.get(mode or "")
    return QCoreApplication.translate("PolicyMode", source) if source else text_or_missing(mode)


_COLUMNS = (
    ("title", QT_TRANSLATE_NOOP("CatalogueModel", "事项名称")),
    ("mode", QT_TRANSLATE_NOOP("CatalogueModel", "方式")),
    ("department", QT_TRANSLATE_NOOP("CatalogueModel", "主管部门")),
    ("doc_no", QT_TRANSLATE_NOOP("CatalogueModel", "文号")),
    ("category", QT_TRANSLATE_NOOP("CatalogueModel", "类别")),
    ("item_id", QT_TRANSLATE_NOOP("CatalogueModel", "事项编号")),
)


class CatalogueModel(QAbstractTableModel):
    """Read-only; ``ItemIdRole`` gives a row's item id in any column."""

    TITLE, MODE, DEPARTMENT, DOC_NO, CATEGORY, ITEM_ID = range(len(_COLUMNS))
    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []

    def set_rows(self, rows: Sequence[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)  # rows are made fresh by each search and never changed
        self.endResetModel()

    def row(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r["item_id"] == item_id:
                return i
        return -1

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
        key = _COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return mode_label(r.get("mode")) if key == "mode" else text_or_missing(r.get(key))
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return f"{r.get('title')}\n{text_or_missing(r.get('document_title'))}"
        if role == self.ItemIdRole:
            return r.get("item_id")
        if role == self.RowRole:
            return dict(r)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(_COLUMNS):
                return QCoreApplication.translate("CatalogueModel", _COLUMNS[section][1])
            return None
        return section + 1 if 0 <= section < len(self._rows) else None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names[self.ItemIdRole] = b"itemId"
        names[self.RowRole] = b"item"
        return names
