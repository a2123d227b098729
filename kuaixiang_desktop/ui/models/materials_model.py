"""The 申请材料 checklist of the apply wizard: one row per material the item asks for.

The clerk ticks what the enterprise handed over, corrects how many originals and copies,
and attaches a scan.  Rows start from the item's materials in the apply context
(``apply_context.ItemMaterial``); counts start at the catalogue's numbers.  File URLs
dropped onto a row are not read here: the model only says which row they were dropped on
(``files_dropped``), the wizard checks and stores them in a worker and calls
:meth:`set_attachment` with the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from ...services.applications import MaterialInput
from ...services.apply_context import ItemMaterial
from ..qtcompat import emit

_Index = QModelIndex | QPersistentModelIndex
_CONTEXT = "MaterialsModel"
URI_LIST = "text/uri-list"
MAX_COUNT = 99  # 原件/复印件 per material: more is a typing slip, not a pile of paper

_HEADERS = (
    QT_TRANSLATE_NOOP("MaterialsModel", "材料"),
    QT_TRANSLATE_NOOP("MaterialsModel", "必需"),
    QT_TRANSLATE_NOOP("MaterialsModel", "已收取"),
    QT_TRANSLATE_NOOP("MaterialsModel", "原件"),
    QT_TRANSLATE_NOOP("MaterialsModel", "复印件"),
    QT_TRANSLATE_NOOP("MaterialsModel", "附件"),
)
_MISSING_COLOUR = QColor("#c62828")


@dataclass(frozen=True)
class Attached:
    """A file already checked and stored by the attachments service."""

    source: Path  # where the clerk took it from; filing reads it again from here
    label: str  # the cleaned file name, for display only
    size: int
    mime: str
    sha256: str


@dataclass(frozen=True)
class MaterialRow:
    name: str
    required: bool
    note: str | None
    originals: int
    copies: int
    received: bool = False
    attachment: Attached | None = None


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class MaterialsModel(QAbstractTableModel):
    NAME, REQUIRED, RECEIVED, ORIGINALS, COPIES, ATTACHMENT = range(len(_HEADERS))
    MaterialRole = Qt.ItemDataRole.UserRole + 1

    # Emitted when file URLs are dropped: (row, [paths]); row -1 when dropped on no row
    # (the wizard then uses the current row).
    files_dropped = Signal(int, object)
    # Emitted whenever what is received / attached changes (the wizard's summary follows).
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[MaterialRow] = []
        self.dataChanged.connect(lambda *_: emit(self.changed))
        self.modelReset.connect(lambda: emit(self.changed))

    # -- content ----------------------------------------------------------------------------

    def set_materials(self, materials: Iterable[ItemMaterial]) -> None:
        """The item's materials, with the catalogue's counts; nothing is received yet."""
        self.beginResetModel()
        self._rows = [
            MaterialRow(
                name=m.name,
                required=m.required,
                note=m.note or None,
                originals=self._clamp(m.originals, 0),
                copies=self._clamp(m.copies, 0),
            )
            for m in materials
        ]
        self.endResetModel()

    def rows(self) -> list[MaterialRow]:
        return list(self._rows)

    def row(self, index: int) -> MaterialRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def row_of(self, name: str) -> int:
        for number, row in enumerate(self._rows):
            if row.name == name:
                return number
        return -1

    def set_received(self, row: int, received: bool) -> None:
        self._replace(row, received=received)

    def mark_all_received(self) -> int:
        """Tick every row; returns how many rows changed."""
        changed = [n for n, r in enumerate(self._rows) if not r.received]
        for n in changed:
            self._rows[n] = replace(self._rows[n], received=True)
        if changed:
            self._changed_rows(min(changed), max(changed))
        return len(changed)

    def set_attachment(self, row: int, attachment: Attached | None) -> None:
        """Attach (or, with ``None``, detach) a file; attaching also ticks the row: a scan
        in hand means the material was handed over."""
        current = self.row(row)
        if current is None:
            return
        if attachment is None:
            self._replace(row, attachment=None)
        else:
            self._replace(row, attachment=attachment, received=True)

    def restore_row(self, row: int, *, received: bool, originals: int, copies: int,
                    attachment: Attached | None) -> None:
        """A row as a saved draft left it (counts clamped as the editor would)."""
        self._replace(row, received=received or attachment is not None, originals=self._clamp(originals, 0),
                      copies=self._clamp(copies, 0), attachment=attachment)

    def attached_sources(self) -> set[Path]:
        return {r.attachment.source for r in self._rows if r.attachment is not None}

    def missing_required(self) -> list[str]:
        return [r.name for r in self._rows if r.required and not r.received]

    def received_names(self) -> list[str]:
        return [r.name for r in self._rows if r.received]

    def material_inputs(self) -> list[MaterialInput]:
        """What ``file_application`` takes: the received materials, with their counts and files."""
        return [
            MaterialInput(r.name, file=r.attachment.source if r.attachment else None,
                          originals=r.originals, copies=r.copies, received=True)
            for r in self._rows
            if r.received
        ]

    def _replace(self, row: int, **changes: Any) -> None:
        current = self.row(row)
        if current is None:
            return
        updated = replace(current, **changes)
        if updated != current:
            self._rows[row] = updated
            self._changed_rows(row, row)

    def _changed_rows(self, first: int, last: int) -> None:
        emit(self.dataChanged, self.index(first, 0), self.index(last, self.columnCount() - 1))

    @staticmethod
    def _clamp(value: Any, default: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            return default
        return min(max(value, 0), MAX_COUNT)

    # -- QAbstractItemModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_HEADERS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Dropping on the table outside any row attaches to the current row.
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
                 | Qt.ItemFlag.ItemIsDropEnabled)
        column = index.column()
        if column == self.RECEIVED:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif column in (self.ORIGINALS, self.COPIES):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == self.MaterialRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.NAME:
                return row.name
            if column == self.REQUIRED:
                if row.required:
                    return QCoreApplication.translate("MaterialsModel", "必需")
                return QCoreApplication.translate("MaterialsModel", "可选")
            if column == self.ORIGINALS:
                return row.originals
            if column == self.COPIES:
                return row.copies
            if column == self.ATTACHMENT:
                if row.attachment is None:
                    return "" if role == Qt.ItemDataRole.DisplayRole else None
                return f"{row.attachment.label}（{_size_text(row.attachment.size)}）"
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == self.RECEIVED:
            return Qt.CheckState.Checked if row.received else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.NAME:
                return row.note or row.name
            if column == self.RECEIVED:
                return QCoreApplication.translate("MaterialsModel", "空格键切换是否已收取")
            if column in (self.ORIGINALS, self.COPIES):
                return QCoreApplication.translate("MaterialsModel", "F2 或直接输入数字修改（0–99）")
            if column == self.ATTACHMENT and row.attachment is not None:
                return str(row.attachment.source)
            if column == self.ATTACHMENT:
                return QCoreApplication.translate("MaterialsModel", "把文件拖到这一行，或按 Ctrl+O 选择文件、Ctrl+I 从扫描仪导入")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.NAME, self.REQUIRED):
            # A required material not yet handed over is what the 告知单 will list.
            return QBrush(_MISSING_COLOUR) if row.required and not row.received else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.REQUIRED, self.ORIGINALS, self.COPIES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return False
        column = index.column()
        if column == self.RECEIVED and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
            self._replace(index.row(), received=checked)
            return True
        if column in (self.ORIGINALS, self.COPIES) and role == Qt.ItemDataRole.EditRole:
            try:
                number = int(str(value).strip())
            except (TypeError, ValueError):
                return False
            if not 0 <= number <= MAX_COUNT:
                return False
            self._replace(index.row(), **{"originals" if column == self.ORIGINALS else "copies": number})
            return True
        return False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(_CONTEXT, _HEADERS[section]) if 0 <= section < len(_HEADERS) else None
        return section + 1 if 0 <= section < len(self._rows) else None

    # -- drops ------------------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [URI_LIST]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    @staticmethod
    def local_paths(data: QMimeData | None) -> list[Path]:
        if data is None or not data.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile() and url.toLocalFile()]

    def _target_row(self, row: int, parent: _Index) -> int:
        if parent.isValid():
            return parent.row()  # dropped onto an item
        if 0 <= row < len(self._rows):
            return row  # dropped between rows: the row below the line
        return -1

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        # Never a move: the file manager would delete the clerk's original.
        if action not in (Qt.DropAction.CopyAction, Qt.DropAction.LinkAction):
            return False
        return bool(self._rows) and bool(self.local_paths(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        emit(self.files_dropped, self._target_row(row, parent), self.local_paths(data))
        # The file is only read by the wizard; nothing for the source to remove.
        return True
