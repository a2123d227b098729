"""The outreach table: the first enterprises ``services.reach.reach`` found for an item."""

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

_COLUMNS = (
    ("name", QT_TRANSLATE_NOOP("OutreachModel", "企业名称")),
    ("credit_code", QT_TRANSLATE_NOOP("OutreachModel", "统一社会信用代码")),
    ("region_name", QT_TRANSLATE_NOOP("OutreachModel", "所在地")),
    ("size_class", QT_TRANSLATE_NOOP("OutreachModel", "规模")),
)


class OutreachModel(QAbstractTableModel):
    """Read-only; ``CreditCodeRole`` gives a row's credit code in any column."""

    NAME, CREDIT_CODE, REGION, SIZE_CLASS = range(len(_COLUMNS))
    CreditCodeRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._code_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def set_rows(self, rows: Sequence[dict]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> dict | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

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
            return size_class_label(r.get(key)) if key == "size_class" else text_or_missing(r.get(key))
        if role == Qt.ItemDataRole.ToolTipRole and key == "name":
            return r.get("name")
        if role == Qt.ItemDataRole.FontRole and key == "credit_code":
            return self._code_font
        if role == self.CreditCodeRole:
            return r.get("credit_code")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(_COLUMNS):
                return QCoreApplication.translate("OutreachModel", _COLUMNS[section][1])
            return None
        return section + 1 if 0 <= section < len(self._rows) else None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names[self.CreditCodeRole] = b"creditCode"
        return names
