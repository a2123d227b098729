"""A horizontal bar chart painted with QPainter (QtCharts is not in PySide6-Essentials).

One row per bar: the label on the left (elided in the middle when it is too long: the full
text is in the row's tooltip), the bar, and the value after it.  Bars are scaled to the
largest value; values are integers (counts, or 分 with a formatted ``value_text``), so the
chart never does arithmetic on money in floating point beyond the pixel length of a bar.

The chart describes itself to screen readers (``accessibleDescription`` lists every row)
and says 暂无数据 when there is nothing to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

BAR_COLOR = QColor("#1f5fae")  # the stylesheet's primary blue
HOVER_COLOR = QColor("#3f7fce")
TRACK_COLOR = QColor("#eef2f7")
MUTED_COLOR = QColor("#7a7f87")

MARGIN = 8
GAP = 10  # between label, bar and value
MAX_LABEL_SHARE = 0.45  # of the width; the bars need the rest


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # the bar's length; never negative
    value_text: str | None = None  # shown after the bar; default: the value with separators
    tooltip: str | None = None  # default: "label：value_text"

    def shown_value(self) -> str:
        return self.value_text if self.value_text is not None else f"{self.value:,}"


class BarChart(QWidget):
    """``set_bars([Bar(...), ...])``; ``bar_at(pos)`` is the row under a point (or -1)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._hover = -1
        self._empty_text = self.tr("暂无数据")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._describe()

    # -- data -------------------------------------------------------------------------------

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = [b if b.value >= 0 else Bar(b.label, 0, b.value_text, b.tooltip) for b in bars]
        self._hover = -1
        self._describe()
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self._describe()
        self.update()

    def empty_text(self) -> str:
        return self._empty_text

    def is_empty(self) -> bool:
        return not self._bars

    def tooltip_of(self, row: int) -> str:
        bar = self._bars[row]
        return bar.tooltip or self.tr("{label}：{value}").format(label=bar.label, value=bar.shown_value())

    def _describe(self) -> None:
        if not self._bars:
            self.setAccessibleDescription(self._empty_text)
            return
        self.setAccessibleDescription("；".join(self.tooltip_of(i) for i in range(len(self._bars))))

    # -- geometry ---------------------------------------------------------------------------

    def _row_height(self) -> int:
        return max(self.fontMetrics().height() + 10, 24)

    def sizeHint(self) -> QSize:
        rows = max(len(self._bars), 2)
        return QSize(420, 2 * MARGIN + rows * self._row_height())

    def minimumSizeHint(self) -> QSize:
        rows = max(len(self._bars), 2)
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("中中中中中") + fm.horizontalAdvance("9,999") + 80,
                     2 * MARGIN + rows * self._row_height())

    def _columns(self) -> tuple[int, int]:
        """(label width, value width) for the current size and data."""
        fm = self.fontMetrics()
        inner = max(0, self.width() - 2 * MARGIN)
        value_w = max((fm.horizontalAdvance(b.shown_value()) for b in self._bars), default=0)
        label_w = max((fm.horizontalAdvance(b.label) for b in self._bars), default=0)
        label_w = min(label_w, int(inner * MAX_LABEL_SHARE))
        return max(label_w, 0), value_w

    def label_rect(self, row: int) -> QRect:
        label_w, _ = self._columns()
        return QRect(MARGIN, MARGIN + row * self._row_height(), label_w, self._row_height())

    def bar_rect(self, row: int) -> QRect:
        """The full-length track of ``row`` (the bar fills its share of it)."""
        label_w, value_w = self._columns()
        left = MARGIN + label_w + GAP
        width = max(0, self.width() - MARGIN - value_w - GAP - left)
        top = MARGIN + row * self._row_height()
        pad = max(3, self._row_height() // 5)
        return QRect(left, top + pad, width, self._row_height() - 2 * pad)

    def bar_at(self, pos: QPoint) -> int:
        if pos.y() < MARGIN or pos.x() < 0 or pos.x() > self.width():
            return -1
        row = (pos.y() - MARGIN) // self._row_height()
        return row if 0 <= row < len(self._bars) else -1

    def displayed_label(self, row: int) -> str:
        """The label as painted: elided in the middle when it does not fit."""
        label_w, _ = self._columns()
        return self.fontMetrics().elidedText(self._bars[row].label, Qt.TextElideMode.ElideMiddle, label_w)

    def is_elided(self, row: int) -> bool:
        return self.displayed_label(row) != self._bars[row].label

    # -- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            if not self._bars:
                painter.setPen(MUTED_COLOR)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
                return
            top = max(b.value for b in self._bars)
            text_color = self.palette().windowText().color()
            fm = QFontMetrics(self.font())
            for row, bar in enumerate(self._bars):
                label = self.label_rect(row)
                painter.setPen(text_color)
                painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                                 self.displayed_label(row))
                track = self.bar_rect(row)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(TRACK_COLOR)
                painter.drawRoundedRect(track, 2, 2)
                length = track.width() * bar.value // top if top else 0
                if bar.value and length < 2:
                    length = 2  # a non-zero value is never invisible
                if length:
                    painter.setBrush(HOVER_COLOR if row == self._hover else BAR_COLOR)
                    painter.drawRoundedRect(QRect(track.left(), track.top(), length, track.height()), 2, 2)
                painter.setPen(text_color)
                value_rect = QRect(track.right() + GAP, label.top(), fm.horizontalAdvance(bar.shown_value()) + 2,
                                   label.height())
                painter.drawText(value_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 bar.shown_value())
        finally:
            painter.end()

    # -- interaction ------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            row = self.bar_at(event.pos())
            if row >= 0:
                rect = QRect(0, MARGIN + row * self._row_height(), self.width(), self._row_height())
                QToolTip.showText(event.globalPos(), self.tooltip_of(row), self, rect)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        row = self.bar_at(event.position().toPoint())
        if row != self._hover:
            self._hover = row
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover != -1:
            self._hover = -1
            self.update()
        super().leaveEvent(event)
