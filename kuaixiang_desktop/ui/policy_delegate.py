"""Draws the rows of the policy tree.

Opening an enterprise paints a screenful of new rows at once, on the GUI thread.  The stock
delegate asks the model for seven roles per cell (seven Python calls) and lays each text out
three times (size, elision, drawing); with a few hundred cells that was a 30 ms paint.  This
delegate reads one tuple of texts per row from :class:`PolicyTreeModel`, elides once, and
keeps the laid-out text (``QStaticText``) of what it has drawn, so a repaint or the same item
on the next enterprise costs no layout at all.

The look follows resources/style/app.qss (row padding, the selection colours) and the
model's roles (bold group rows on a tinted background, ✓ ✗ ? coloured by result), which
other views of the model still use.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .models.policy_tree_model import _GROUP_BACKGROUND, IN_PROGRESS_COLOUR, RESULT_COLOURS, PolicyTreeModel

_Index = QModelIndex | QPersistentModelIndex

SELECTED_BACKGROUND = QColor("#1f5fae")
SELECTED_TEXT = QColor("#ffffff")
PAD_X, PAD_Y = 4, 5
_CACHE_LIMIT = 5000  # laid-out texts kept; a few enterprises' worth of rows


class PolicyRowDelegate(QStyledItemDelegate):
    def __init__(self, model: PolicyTreeModel, parent=None):
        super().__init__(parent)
        self._model = model
        self._group_background = QColor(_GROUP_BACKGROUND)
        self._result_colours = {k: QColor(v) for k, v in RESULT_COLOURS.items()}
        self._result_colours["in_progress"] = QColor(IN_PROGRESS_COLOUR)  # row_style of a marked item
        self._elided: dict[tuple[str, int, str], str] = {}
        self._static: dict[tuple[str, bool, str], QStaticText] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802 - Qt's name
        texts = self._model.texts(index)
        text = (texts[index.column()] if texts else None) or ""
        kind, _result = self._model.row_style(index)
        metrics = QFontMetrics(self._font(option.font, kind == "group"))
        return QSize(metrics.horizontalAdvance(text) + 2 * PAD_X, metrics.height() + 2 * PAD_Y)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        model = self._model
        texts = model.texts(index)
        if texts is None:
            return
        column = index.column()
        kind, result = model.row_style(index)
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, SELECTED_BACKGROUND)
        elif kind == "group":
            painter.fillRect(rect, self._group_background)
        text = texts[column]
        if not text:
            return
        bold = kind == "group"
        font = self._font(option.font, bold)
        width = rect.width() - 2 * PAD_X
        if width <= 0:
            return
        key = (text, width, font.key())
        shown = self._elided.get(key)
        if shown is None:
            shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            self._remember(self._elided, key, shown)
        static_key = (shown, bold, font.key())
        static = self._static.get(static_key)
        if static is None:
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            self._remember(self._static, static_key, static)
        if selected:
            colour = SELECTED_TEXT
        elif result is not None:
            colour = self._result_colours.get(result) or option.palette.text().color()
        else:
            colour = option.palette.text().color()
        size = static.size()
        x = rect.left() + PAD_X
        if column == PolicyTreeModel.AMOUNT and model.amount_right_aligned(index):
            x = rect.right() - PAD_X - size.width()
        y = rect.top() + (rect.height() - size.height()) / 2
        painter.save()
        painter.setFont(font)
        painter.setPen(colour)
        painter.setClipRect(rect)
        painter.drawStaticText(QPointF(x, y), static)
        painter.restore()

    @staticmethod
    def _font(base: QFont, bold: bool) -> QFont:
        if not bold:
            return base
        font = QFont(base)
        font.setBold(True)
        return font

    @staticmethod
    def _remember(cache: dict, key, value) -> None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()  # simple and bounded; the next paints refill it
        cache[key] = value
