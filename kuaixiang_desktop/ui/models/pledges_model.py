"""The 待补正 table: one row per material owed under a 容缺 pledge, the nearest deadline first
(as ``services.pledges.open_pledges`` gives them), overdue rows red, those due within three
working days amber."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from ...services.pledges import PledgeView
from ..labels import text_or_missing
from .table_model import RowsTableModel

_COLUMNS = (
    ("deadline", QT_TRANSLATE_NOOP("PledgesModel", "补交期限")),
    ("state", QT_TRANSLATE_NOOP("PledgesModel", "状态")),
    ("material", QT_TRANSLATE_NOOP("PledgesModel", "待补材料")),
    ("enterprise_name", QT_TRANSLATE_NOOP("PledgesModel", "企业")),
    ("item_title", QT_TRANSLATE_NOOP("PledgesModel", "事项")),
    ("receipt_no", QT_TRANSLATE_NOOP("PledgesModel", "受理号")),
)
_OVERDUE = QColor("#c62828")
_DUE_SOON = QColor("#b26a00")


@dataclass(frozen=True, slots=True)
class OwedRow:
    pledge: PledgeView
    material: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.pledge.application_id, self.material)


def owed_rows(pledges: tuple[PledgeView, ...]) -> list[OwedRow]:
    return [OwedRow(p, name) for p in pledges for name in p.owed]


def state_text(p: PledgeView) -> str:
    if p.state == "overdue":
        return QCoreApplication.translate("PledgesModel", "已逾期 {days} 天").format(days=-(p.days_left or 0))
    if p.days_left == 0:
        return QCoreApplication.translate("PledgesModel", "今天到期")
    return QCoreApplication.translate("PledgesModel", "还剩 {days} 个工作日").format(days=p.days_left)


class PledgesModel(RowsTableModel):
    COLUMNS = _COLUMNS
    CONTEXT = "PledgesModel"
    KEY = "key"
    DEADLINE, STATE, MATERIAL, ENTERPRISE, ITEM, RECEIPT_NO = range(len(_COLUMNS))
    IdRole = Qt.ItemDataRole.UserRole + 1
    ROLE_NAMES = {IdRole: b"applicationId"}

    def cell(self, r: OwedRow, key: str, role: int) -> Any:
        p = r.pledge
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "deadline":
                return p.deadline.isoformat()
            if key == "state":
                return state_text(p)
            if key == "material":
                return r.material
            return text_or_missing(getattr(p, key))
        if role == Qt.ItemDataRole.ForegroundRole and key in ("deadline", "state"):
            if p.state == "overdue":
                return QBrush(_OVERDUE)
            if p.state == "due_soon":
                return QBrush(_DUE_SOON)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and key == "enterprise_name":
            return f"{p.enterprise_name}\n{p.credit_code}"
        if role == Qt.ItemDataRole.FontRole and key == "receipt_no":
            return self.code_font
        if role == self.IdRole:
            return p.application_id
        return None
