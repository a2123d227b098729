"""The QPainter bar chart: empty text, scaling, elided labels with tooltips, accessibility."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from kuaixiang_desktop.ui.charts import BAR_COLOR, TRACK_COLOR, Bar, BarChart

LONG = "小微企业“六税两费”减半征收（资源税、城市维护建设税、房产税、城镇土地使用税、印花税）"


def _chart(qtbot, bars=(), width=480) -> BarChart:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars(list(bars))
    chart.resize(width, chart.sizeHint().height())
    return chart


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) < 12 and abs(a.green() - b.green()) < 12 and abs(a.blue() - b.blue()) < 12


def test_empty_chart_says_no_data(qtbot):
    chart = _chart(qtbot)
    assert chart.is_empty() and chart.empty_text() == "暂无数据"
    assert chart.accessibleDescription() == "暂无数据"
    assert chart.sizeHint().height() > 0 and chart.minimumSizeHint().width() > 100
    assert chart.bar_at(QPoint(10, 20)) == -1
    assert not chart.grab().isNull()
    chart.set_empty_text("正在统计…")
    assert chart.accessibleDescription() == "正在统计…"


def test_bars_scale_to_the_largest_value(qtbot):
    chart = _chart(qtbot, [Bar("受理", 40), Bar("草稿", 10), Bar("撤回", 0)])
    image = chart.grab().toImage()
    dpr = image.devicePixelRatio()

    def pixel(x: int, y: int) -> QColor:
        return image.pixelColor(int(x * dpr), int(y * dpr))

    full, quarter, empty = (chart.bar_rect(r) for r in range(3))
    y = full.center().y()
    assert _near(pixel(full.left() + 2, y), BAR_COLOR) and _near(pixel(full.right() - 2, y), BAR_COLOR)
    qy = quarter.center().y()
    assert _near(pixel(quarter.left() + quarter.width() // 4 - 3, qy), BAR_COLOR)
    assert _near(pixel(quarter.left() + quarter.width() // 4 + 3, qy), TRACK_COLOR)
    assert _near(pixel(empty.left() + 2, empty.center().y()), TRACK_COLOR)
    assert chart.sizeHint().height() > _chart(qtbot, [Bar("受理", 1)]).sizeHint().height() - 1


def test_values_and_description(qtbot):
    chart = _chart(qtbot, [Bar("已受理", 12345), Bar("金额", 100, "1,000.00 元", "预计兑现金额：1,000.00 元"),
                           Bar("负数", -5)])
    assert chart.bars()[0].shown_value() == "12,345"
    assert chart.bars()[2].value == 0  # never a negative length
    assert chart.accessibleDescription() == "已受理：12,345；预计兑现金额：1,000.00 元；负数：0"


@pytest.mark.qt_log_ignore(r"does not support raise")  # the offscreen platform, showing the tooltip
def test_long_labels_are_elided_and_the_tooltip_has_them_whole(qtbot):
    chart = _chart(qtbot, [Bar(LONG, 2908), Bar("短", 5)], width=420)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.is_elided(0) and "…" in chart.displayed_label(0)
    assert not chart.is_elided(1) and chart.displayed_label(1) == "短"
    assert chart.label_rect(0).width() <= chart.width() * 0.45 + 1
    centre = QPoint(chart.width() // 2, chart.bar_rect(0).center().y())
    assert chart.bar_at(centre) == 0
    event = QHelpEvent(QEvent.Type.ToolTip, centre, chart.mapToGlobal(centre))
    QApplication.sendEvent(chart, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == f"{LONG}：2,908"
    QToolTip.hideText()
    below = QPoint(10, chart.height() - 1)
    assert chart.bar_at(below) == -1


def test_hover_highlights_a_row(qtbot):
    chart = _chart(qtbot, [Bar("甲", 3), Bar("乙", 2)])
    chart.show()
    qtbot.waitExposed(chart)
    qtbot.mouseMove(chart, QPoint(chart.width() // 2, chart.bar_rect(1).center().y()))
    qtbot.waitUntil(lambda: chart._hover == 1)
    assert chart.focusPolicy() == Qt.FocusPolicy.NoFocus
