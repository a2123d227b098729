"""The part every read-only, flat table in the rooms shares.

Its rows are the services' frozen results (an application row, a search hit, a catalogue
row…), kept as they came: nothing to copy, since nobody can change them. A subclass names its
columns as (attribute, header) pairs in ``COLUMNS``, the header marked with
``QT_TRANSLATE_NOOP(CONTEXT, ...)`` in its own module so lupdate files it under that model's
context, says what a cell shows in ``cell``, and what identifies a row in ``KEY``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontDatabase

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    COLUMNS: tuple[tuple[str, str], ...] = ()
    CONTEXT = ""  # the translation context the headers were marked in
    ROLE_NAMES: dict[int, bytes] = {}
    KEY = "id"  # the attribute that tells rows apart (``row_of``)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._code_font: QFont | None = None

    @property
    def code_font(self) -> QFont:
        """The fixed-pitch font of code columns (credit codes, receipt numbers)."""
        if self._code_font is None:
            self._code_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        return self._code_font

    # -- content ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: object) -> int:
        """The first row whose ``KEY`` attribute is ``key``; -1 when none is."""
        attr = self.KEY
        return next((i for i, r in enumerate(self._rows) if getattr(r, attr) == key), -1)

    def cell(self, row: Any, key: str, role: int) -> Any:
        """What the cell of ``row`` in the column of ``key`` shows for ``role``."""
        raise NotImplementedError

    # -- QAbstractItemModel -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self.cell(self._rows[index.row()], self.COLUMNS[index.column()][0], role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.COLUMNS):
                return QCoreApplication.translate(self.CONTEXT, self.COLUMNS[section][1])
            return None
        return section + 1 if 0 <= section < len(self._rows) else None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update(self.ROLE_NAMES)
        return names
