"""The search results table: one row per hit of ``services.lookup.lookup``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from ...services.lookup import EnterpriseHit
from ..labels import size_class_label, text_or_missing
from .table_model import RowsTableModel

# (attribute of the hit, header) in column order
_COLUMNS = (
    ("name", QT_TRANSLATE_NOOP("SearchResultsModel", "企业名称")),
    ("credit_code", QT_TRANSLATE_NOOP("SearchResultsModel", "统一社会信用代码")),
    ("region_name", QT_TRANSLATE_NOOP("SearchResultsModel", "所在地")),
    ("size_class", QT_TRANSLATE_NOOP("SearchResultsModel", "企业规模")),
    ("legal_rep", QT_TRANSLATE_NOOP("SearchResultsModel", "法定代表人")),
)


class SearchResultsModel(RowsTableModel):
    """Read-only table of hits; ``CreditCodeRole`` gives a row's credit code in any column."""

    COLUMNS = _COLUMNS
    CONTEXT = "SearchResultsModel"
    NAME, CREDIT_CODE, REGION, SIZE_CLASS, LEGAL_REP = range(len(_COLUMNS))
    CreditCodeRole = Qt.ItemDataRole.UserRole + 1
    HitRole = Qt.ItemDataRole.UserRole + 2
    ROLE_NAMES = {CreditCodeRole: b"creditCode", HitRole: b"hit"}
    # Hits are frozen: the rows can be the caller's own, nothing can change them behind the view.
    KEY = "credit_code"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._query = ""

    # -- content ----------------------------------------------------------------------------

    def set_hits(self, hits: Sequence[EnterpriseHit], query: str = "") -> None:
        self._query = query  # not model data: no view sees it change before the reset
        self.set_rows(hits)

    def clear(self) -> None:
        self.set_hits([], "")

    @property
    def query(self) -> str:
        return self._query

    def data_font(self, column: int):
        """The font a column's cells use when it is not the view's (the code column)."""
        return self.code_font if column == self.CREDIT_CODE else None

    def hit(self, row: int) -> EnterpriseHit | None:
        return self.row(row)


    def cell(self, hit: EnterpriseHit, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "size_class":
                return size_class_label(hit.size_class)
            return text_or_missing(getattr(hit, key))
        if role == Qt.ItemDataRole.ToolTipRole and key == "name":
            return hit.name
        if role == Qt.ItemDataRole.FontRole and key == "credit_code":
            return self.code_font
        if role == self.CreditCodeRole:
            return hit.credit_code
        if role == self.HitRole:
            return hit
        return None
