"""The 政策沙盘 table: one row per added, removed or changed item (services.rules_diff.ItemImpact)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt

from kuaixiang_core.domain.money import format_yuan

from ...services.rules_diff import ItemImpact
from .table_model import RowsTableModel

CHANGE_LABELS = {
    "added": QT_TRANSLATE_NOOP("RulesDiffModel", "新增"),
    "removed": QT_TRANSLATE_NOOP("RulesDiffModel", "删去"),
    "changed": QT_TRANSLATE_NOOP("RulesDiffModel", "改动"),
}
KIND_LABELS = {
    "cash": QT_TRANSLATE_NOOP("RulesDiffModel", "资金"),
    "deduction": QT_TRANSLATE_NOOP("RulesDiffModel", "减免"),
    "rate_cut": QT_TRANSLATE_NOOP("RulesDiffModel", "降费率"),
    "in_kind": QT_TRANSLATE_NOOP("RulesDiffModel", "实物"),
}

_COLUMNS = (
    ("change", QT_TRANSLATE_NOOP("RulesDiffModel", "变化")),
    ("item_id", QT_TRANSLATE_NOOP("RulesDiffModel", "事项编号")),
    ("title", QT_TRANSLATE_NOOP("RulesDiffModel", "事项名称")),
    ("gain", QT_TRANSLATE_NOOP("RulesDiffModel", "新符合（家）")),
    ("lose", QT_TRANSLATE_NOOP("RulesDiffModel", "不再符合（家）")),
    ("amount_change", QT_TRANSLATE_NOOP("RulesDiffModel", "估算金额变化（元）")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RulesDiffModel", text)


def amounts_text(amounts: dict) -> str:
    """``{"cash": Decimal("-300.00")}`` → 「资金 -300.00」, one kind after another; 「-」 for none."""
    shown = [f"{_tr(KIND_LABELS[k]) if k in KIND_LABELS else k} {'+' if v > 0 else ''}{format_yuan(v)}"
             for k, v in amounts.items() if v]
    return "；".join(shown) or "-"


class RulesDiffModel(RowsTableModel):
    """Read-only; ``ItemIdRole`` gives a row's item id in any column."""

    COLUMNS = _COLUMNS
    CONTEXT = "RulesDiffModel"
    KEY = "item_id"
    CHANGE, ITEM_ID, TITLE, GAIN, LOSE, AMOUNT = range(len(_COLUMNS))
    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    ROLE_NAMES = {ItemIdRole: b"itemId"}

    def cell(self, r: ItemImpact, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "change":
                return _tr(CHANGE_LABELS[r.change])
            if key in ("gain", "lose"):
                value = getattr(r, key)
                return f"{'+' if key == 'gain' else '-'}{value:,}" if value else "0"
            if key == "amount_change":
                return amounts_text(r.amount_change)
            return getattr(r, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("gain", "lose", "amount_change"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ItemIdRole:
            return r.item_id
        return None
