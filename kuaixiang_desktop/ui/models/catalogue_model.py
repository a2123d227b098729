"""The catalogue table: one row per policy item (the whole catalogue is 2,728 of them).

Rows are frozen ``CatalogueRow``s made by ``services.catalogue_search`` in a worker; the model
only shows them, so a search that narrows 2,728 rows to 3 is one model reset, not thousands of
widgets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from ...services.catalogue_search import CatalogueRow
from ..labels import text_or_missing
from .table_model import RowsTableModel

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


class CatalogueModel(RowsTableModel):
    """Read-only; ``ItemIdRole`` gives a row's item id in any column."""

    COLUMNS = _COLUMNS
    CONTEXT = "CatalogueModel"
    KEY = "item_id"
    TITLE, MODE, DEPARTMENT, DOC_NO, CATEGORY, ITEM_ID = range(len(_COLUMNS))
    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    RowRole = Qt.ItemDataRole.UserRole + 2
    ROLE_NAMES = {ItemIdRole: b"itemId", RowRole: b"item"}

    def cell(self, r: CatalogueRow, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return mode_label(r.mode) if key == "mode" else text_or_missing(getattr(r, key))
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return f"{r.title}\n{text_or_missing(r.document_title)}"
        if role == self.ItemIdRole:
            return r.item_id
        if role == self.RowRole:
            return r
        return None
