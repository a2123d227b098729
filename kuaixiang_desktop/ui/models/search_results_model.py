"""The search results table: one row per hit of ``services.lookup.lookup``."""

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
from PySide6.QtGui import QFontDatabase

from ..labels import size_class_label, text_or_missing

_Index = QModelIndex | QPersistentModelIndex

# (key in the hit dict, header) in column order
_COLUMNS = (
    ("name", QT_TRANSLATE_NOOP("SearchResultsModel", "企业名称")),
    ("credit_code", QT_TRANSLATE_NOOP("SearchResultsModel", "统一社会信用代码")),
    ("region_name", QT_TRANSLATE_NOOP("SearchResultsModel", "所在地")),
    ("size_class", QT_TRANSLATE_NOOP("SearchResultsModel", "企业规模")),
    ("legal_rep", QT_TRANSLATE_NOOP("SearchResultsModel", "法定代表人")),
)


class SearchResultsModel(QAbstractTableModel):
    """Read-only table of hits; ``CreditCodeRole`` gives a row's credit code in any column."""

    NAME, CREDIT_CODE, REGION, SIZE_CLASS, LEGAL_REP = range(len(_COLUMNS))
    CreditCodeRole = Qt.ItemDataRole.UserRole + 1
    HitRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self._hits: list[dict] = []
        self._query = ""
        self._code_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    # -- content ----------------------------------------------------------------------------

    def set_hits(self, hits: Sequence[dict], query: str = "") -> None:
        self.beginResetModel()
        self._hits = [dict(h) for h in hits]
        self._query = query
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([], "")

    @property
    def query(self) -> str:
        return self._query

    def data_font(self, column: int):
        """The font a column's cells use when it is not the view's (the code column)."""
        return self._code_font if column == self.CREDIT_CODE else None

    def hit(self, row: int) -> dict | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, credit_code: str) -> int:
        for row, hit in enumerate(self._hits):
            if hit.get("credit_code") == credit_code:
                return row
        return -1

    # -- QAbstractItemModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._hits)):
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            key = _COLUMNS[column][0]
            if key == "size_class":
                return size_class_label(hit.get("size_class"))
            return text_or_missing(hit.get(key))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return hit.get("name")
        if role == Qt.ItemDataRole.FontRole and column == self.CREDIT_CODE:
            return self._code_font
        if role == self.CreditCodeRole:
            return hit.get("credit_code")
        if role == self.HitRole:
            return dict(hit)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(_COLUMNS):
                return QCoreApplication.translate("SearchResultsModel", _COLUMNS[section][1])
            return None
        return section + 1 if 0 <= section < len(self._hits) else None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names[self.CreditCodeRole] = b"creditCode"
        names[self.HitRole] = b"hit"
        return names
