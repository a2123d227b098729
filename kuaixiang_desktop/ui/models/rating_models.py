"""Table models of the statistics room's 好差评 panel: the figures per window and clerk, and
the 差评 follow-ups (整改) with their deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kuaixiang_core.domain import clock, ratings
from kuaixiang_core.domain.clock import shanghai_date

from ...services.rating_statistics import RatingFigures, RatingRow
from ...services.ratings import RatingView

translate = QCoreApplication.translate
_Index = QModelIndex | QPersistentModelIndex
_OVERDUE = QColor("#c62828")


class RatingFiguresModel(QAbstractTableModel):
    """One row per window and clerk, then the hall's total."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, RatingRow]] = []

    def set_figures(self, figures: RatingFigures | None) -> None:
        self.beginResetModel()
        self._rows = []
        if figures is not None:
            for row in figures.rows:
                window = translate("RatingFiguresModel", "{window} 号窗口").format(window=row.window) if row.window else "—"
                self._rows.append((f"{window} · {row.clerk or '—'}", row))
            if figures.rows:
                self._rows.append((translate("RatingFiguresModel", "全大厅"), figures.hall))
        self.endResetModel()

    def headers(self) -> list[str]:
        return [translate("RatingFiguresModel", "窗口 · 人员"), translate("RatingFiguresModel", "评价数"),
                translate("RatingFiguresModel", "非常满意"), translate("RatingFiguresModel", "满意"),
                translate("RatingFiguresModel", "基本满意"), translate("RatingFiguresModel", "不满意"),
                translate("RatingFiguresModel", "非常不满意"), translate("RatingFiguresModel", "满意率"),
                translate("RatingFiguresModel", "待整改"), translate("RatingFiguresModel", "逾期")]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 10

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return label
            if col == 1:
                return str(row.total)
            if 2 <= col <= 6:
                return str(row.counts[ratings.LEVELS[col - 2]])
            if col == 7:
                return f"{row.satisfaction}%" if row.satisfaction is not None else "—"
            if col == 8:
                return str(row.open_followups)
            if col == 9:
                return str(row.overdue_followups)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 9 and row.overdue_followups:
            return QBrush(_OVERDUE)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 10:
            return self.headers()[section]
        return None


class FollowupsModel(QAbstractTableModel):
    """差评 and their follow-ups: open ones first (by deadline), then the closed."""

    RatingIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None, today_fn=clock.today):
        super().__init__(parent)
        self._rows: list[RatingView] = []
        self._today_fn = today_fn

    def set_rows(self, rows: Sequence[RatingView]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (not r.followup_open, r.followup_deadline or dt.date.max,
                                                 r.banjian_no))
        self.endResetModel()

    def view(self, row: int) -> RatingView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        overdue = r.overdue(self._today_fn())
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.banjian_no
            if col == 1:
                return f"{r.window or '—'} · {r.clerk or '—'}"
            if col == 2:
                reasons = "、".join(ratings.REASONS.get(x, x) for x in r.reasons)
                return f"{r.level_name}：{reasons}" + (f"（{r.comment}）" if r.comment else "")
            if col == 3:
                return shanghai_date(r.rated_at).isoformat()
            if col == 4:
                return r.followup_deadline.isoformat() if r.followup_deadline else "—"
            if col == 5:
                if not r.followup_open:
                    return translate("FollowupsModel", "已办结（{who}）：{action}").format(
                        who=r.followup_closed_by or "—", action=r.followup_action or "")
                return translate("FollowupsModel", "已逾期") if overdue else translate("FollowupsModel", "待整改")
        if role == Qt.ItemDataRole.ForegroundRole and col in (4, 5) and overdue:
            return QBrush(_OVERDUE)
        if role == self.RatingIdRole:
            return r.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 6:
            return [translate("FollowupsModel", "办件编号"), translate("FollowupsModel", "窗口 · 人员"),
                    translate("FollowupsModel", "评价及原因"), translate("FollowupsModel", "评价日期"),
                    translate("FollowupsModel", "整改期限"), translate("FollowupsModel", "整改情况")][section]
        return None
