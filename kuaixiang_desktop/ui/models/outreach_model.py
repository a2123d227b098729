"""The outreach table: the first enterprises ``services.reach.reach`` found for an item."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from ...services.reach import ReachedEnterprise
from ..labels import size_class_label, text_or_missing
from .table_model import RowsTableModel

_COLUMNS = (
    ("name", QT_TRANSLATE_NOOP("OutreachModel", "企业名称")),
    ("credit_code", QT_TRANSLATE_NOOP("OutreachModel", "统一社会信用代码")),
    ("region_name", QT_TRANSLATE_NOOP("OutreachModel", "所在地")),
    ("size_class", QT_TRANSLATE_NOOP("OutreachModel", "规模")),
)


class OutreachModel(RowsTableModel):
    """Read-only; ``CreditCodeRole`` gives a row's credit code in any column."""

    COLUMNS = _COLUMNS
    CONTEXT = "OutreachModel"
    NAME, CREDIT_CODE, REGION, SIZE_CLASS = range(len(_COLUMNS))
    KEY = "credit_code"
    CreditCodeRole = Qt.ItemDataRole.UserRole + 1
    ROLE_NAMES = {CreditCodeRole: b"creditCode"}

    def cell(self, r: ReachedEnterprise, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return size_class_label(r.size_class) if key == "size_class" else text_or_missing(getattr(r, key))
        if role == Qt.ItemDataRole.ToolTipRole and key == "name":
            return r.name
        if role == Qt.ItemDataRole.FontRole and key == "credit_code":
            return self.code_font
        if role == self.CreditCodeRole:
            return r.credit_code
        return None
