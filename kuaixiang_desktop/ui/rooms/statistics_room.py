"""The statistics room (统计): the hall's applications of today or of this month, and how far
the 免申即享 items reach into the local enterprise database.

``refresh()`` loads both periods at once on the ``statistics`` channel (one query), so the
period switch (今天 Alt+D / 本月 Alt+M) only redraws.  The coverage is slow on a large
database (a scan of the enterprise table per item): it runs on the ``statistics-coverage``
channel with a progress bar, is cached by the service, and is started again only when
its date changes or the cache no longer holds it.  ``shutdown()`` interrupts it, so that
closing the window never waits for a scan of 500,000 enterprises.

Layout: forms/statistics_room.ui.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QButtonGroup, QWidget

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.money import format_yuan

from ...services import statistics as stats
from ...services.database import Database
from .. import message_label as msg
from .. import operations
from ..charts import Bar, BarChart
from ..generated.ui_statistics_room import Ui_StatisticsRoom
from ..models.applications_model import status_label
from ..models.benefit_texts import other_totals_text
from ..qtcompat import emit
from ..tasks import TaskRunner
from .ratings_panel import RatingsPanel

log = logging.getLogger(__name__)

COVERAGE_BARS = 10


def percent_text(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage with one decimal, rounded half up, in integers;
    never 100.0% unless all, never 0.0% unless none (a supervisor reads those literally)."""
    if whole <= 0:
        return "—"
    tenths = (part * 1000 + whole // 2) // whole
    if part < whole:
        tenths = min(tenths, 999)
    if part > 0 and tenths == 0:
        return "<0.1%"
    return f"{tenths // 10}.{tenths % 10}%"


def distinct_labels(rows: Sequence[stats.ItemCount | stats.ItemCoverage]) -> list[str]:
    """Each row's title, with its department (then its id) added where titles repeat: every
    county publishes its own 小型微利企业所得税优惠, and the bars must tell them apart."""
    labels = [r.title or r.item_id for r in rows]
    for extra in ("department", "item_id"):
        seen: dict[str, int] = {}
        for label in labels:
            seen[label] = seen.get(label, 0) + 1
        labels = [f"{label}（{getattr(r, extra)}）" if seen[label] > 1 and getattr(r, extra) else label
                  for label, r in zip(labels, rows, strict=True)]
    return labels


class _Progress(QObject):
    """Carries the coverage worker's progress to the GUI thread (a queued signal).  It is a
    child of the runner, which outlives every task, never of the room."""

    advanced = Signal(int, int)


class StatisticsRoom(QWidget):
    """``as_of_fn()`` gives the statistics day (Asia/Shanghai today by default; tests fix it)."""

    loaded = Signal(object)  # the Statistics now shown
    coverage_loaded = Signal(object)  # the Coverage now shown
    coverage_failed = Signal(str)

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None, *,
                 as_of_fn: Callable[[], dt.date] | None = None):
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._as_of_fn = as_of_fn or stats.shanghai_today
        self._data: stats.Statistics | None = None
        self._coverage: stats.Coverage | None = None
        self._coverage_running: str | None = None  # as_of of the scan under way
        self._cancel = threading.Event()
        self._progress = _Progress(runner)
        self._progress.advanced.connect(self._on_coverage_progress)

        self.ui = Ui_StatisticsRoom()
        self.ui.setupUi(self)
        self.ui.messageLabel.hide()
        self.ui.coverageProgress.hide()
        for label in (self.ui.acceptedValue, self.ui.draftValue, self.ui.benefitValue):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for tile in (self.ui.acceptedTile, self.ui.draftTile, self.ui.benefitTile):
            tile.layout().setAlignment(Qt.AlignmentFlag.AlignTop)  # figures level when a note wraps
        self._emphasise()

        self._period_group = QButtonGroup(self)
        self._period_group.addButton(self.ui.todayRadio)
        self._period_group.addButton(self.ui.monthRadio)
        self.ui.todayRadio.toggled.connect(lambda _on: self._show())
        self.ratings_panel = RatingsPanel(db, runner, self.ui.scrollContents, today_fn=self._as_of_fn)
        self.ui.contentsLayout.addWidget(self.ratings_panel)
        self.ui.todayRadio.toggled.connect(lambda _on: self.ratings_panel.set_period(self.period()))
        self.ui.refreshButton.clicked.connect(self.refresh)
        self.setFocusProxy(self.ui.todayRadio)

    # -- fonts ------------------------------------------------------------------------------

    def _emphasise(self) -> None:
        """Title and tile figures larger than the room's font.  Done again whenever the room
        is shown or its font changes: the stylesheet's re-polish on reparenting (into the
        window's room stack) resets fonts set on child labels."""
        base = self.font()
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.5
        for label, scale in ((self.ui.titleLabel, 1.4), (self.ui.acceptedValue, 1.8), (self.ui.draftValue, 1.8),
                             (self.ui.benefitValue, 1.8)):
            font = QFont(base)
            font.setPointSizeF(size * scale)
            font.setBold(True)
            if label.font() != font:
                label.setFont(font)

    def showEvent(self, event: QShowEvent) -> None:
        self._emphasise()
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._emphasise()
        super().changeEvent(event)

    # -- state ------------------------------------------------------------------------------

    @property
    def item_chart(self) -> BarChart:
        return self.ui.itemChart

    @property
    def status_chart(self) -> BarChart:
        return self.ui.statusChart

    @property
    def department_chart(self) -> BarChart:
        return self.ui.departmentChart

    @property
    def coverage_chart(self) -> BarChart:
        return self.ui.coverageChart

    def period(self) -> str:
        return "month" if self.ui.monthRadio.isChecked() else "today"

    def set_period(self, period: str) -> None:
        if period not in stats.PERIODS:
            raise ValueError(f"unknown period {period!r}")
        (self.ui.monthRadio if period == "month" else self.ui.todayRadio).setChecked(True)

    def statistics(self) -> stats.Statistics | None:
        return self._data

    def coverage(self) -> stats.Coverage | None:
        return self._coverage

    def coverage_running(self) -> bool:
        return self._coverage_running is not None

    def message(self) -> str | None:
        return msg.message_of(self.ui.messageLabel)

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count again (both periods); the coverage follows when its date changed."""
        as_of = self._as_of_fn()
        self.ui.stampLabel.setText(self.tr("正在统计…"))
        self._runner.submit(operations.statistics, self._db, as_of, channel="statistics",
                            on_done=self._loaded, on_error=self._failed)
        self._start_coverage(as_of)
        self.ratings_panel.set_period(self.period())

    def _loaded(self, data: stats.Statistics) -> None:
        self._data = data
        self.ui.messageLabel.hide()
        self._show()
        emit(self.loaded, data)

    def _failed(self, exc: BaseException) -> None:
        log.error("statistics failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.ui.stampLabel.setText(self.tr("统计未完成"))
        self._show_message(self.tr("统计时出错：{error}。请按“刷新”重试；如果一再出现，请联系系统管理员。").format(error=exc))

    def _show_message(self, text: str) -> None:
        msg.show_message(self.ui.messageLabel, text, "error")

    # -- the period's figures ---------------------------------------------------------------

    def _show(self) -> None:
        if self._data is None:
            return
        figures = self._data.period(self.period())
        first, last = figures.first_day.isoformat(), figures.last_day.isoformat()
        span = first if first == last else self.tr("{first} 至 {last}").format(first=first, last=last)
        self.ui.stampLabel.setText(self.tr("统计期间：{span}（北京时间），数据截至 {time}").format(
            span=span, time=clock.shanghai_now().strftime("%H:%M")))

        self.ui.acceptedValue.setText(self.tr("{count} 件").format(count=f"{figures.accepted:,}"))
        self.ui.acceptedNote.setText(self.tr("本期新建或受理的申请共 {total} 件").format(total=f"{figures.total:,}"))
        self.ui.draftValue.setText(self.tr("{count} 件").format(count=f"{figures.draft:,}"))
        self.ui.draftNote.setText(self.tr("材料不齐、尚未受理的申请"))
        self.ui.benefitValue.setText(self.tr("{amount} 元").format(amount=format_yuan(figures.benefit_yuan)))
        unpriced = figures.benefit_unpriced
        note = (
            self.tr("本期受理、尚未撤回或驳回的申请；另有 {count} 件暂无金额（待核定或为减免类政策）").format(count=unpriced)
            if unpriced else self.tr("本期受理、尚未撤回或驳回的申请")
        )
        others = figures.benefit_other_yuan
        if others:  # each kind its own estimate, not added to the cash above
            note += self.tr("；非现金：") + other_totals_text(
                others.items(), lambda amount: self.tr("{amount} 元").format(amount=format_yuan(amount)))
        self.ui.benefitNote.setText(note)
        for tile, caption, value in (
            (self.ui.acceptedTile, self.ui.acceptedCaption, self.ui.acceptedValue),
            (self.ui.draftTile, self.ui.draftCaption, self.ui.draftValue),
            (self.ui.benefitTile, self.ui.benefitCaption, self.ui.benefitValue),
        ):
            tile.setAccessibleName(f"{caption.text()}：{value.text()}")

        self.item_chart.set_bars(self._item_bars(figures))
        self.status_chart.set_bars([
            Bar(status_label(s.status), s.count, self.tr("{count} 件").format(count=f"{s.count:,}"))
            for s in figures.by_status
        ])
        self.department_chart.set_bars(self._department_bars(figures))

    def _count_text(self, count: int) -> str:
        return self.tr("{count} 件").format(count=f"{count:,}")

    def _item_bars(self, figures: stats.PeriodFigures) -> list[Bar]:
        bars = []
        gone = self.tr("（目录中已无此事项：{item}）")
        rows = [dataclasses.replace(row, title=row.title or gone.format(item=row.item_id)) for row in figures.by_item]
        for row, label in zip(rows, distinct_labels(rows), strict=True):
            tooltip = self.tr("{title}\n事项编号：{item}\n主管部门：{department}\n{count}").format(
                title=row.title, item=row.item_id, department=row.department or "—",
                count=self._count_text(row.count))
            bars.append(Bar(label, row.count, self._count_text(row.count), tooltip))
        others = figures.item_others
        if others.entries:
            label = self.tr("其他 {count} 个事项").format(count=others.entries)
            bars.append(Bar(label, others.count, self._count_text(others.count)))
        return bars

    def _department_bars(self, figures: stats.PeriodFigures) -> list[Bar]:
        bars = [
            Bar(row.department or self.tr("（目录中已无此事项）"), row.count, self._count_text(row.count))
            for row in figures.by_department
        ]
        others = figures.department_others
        if others.entries:
            label = self.tr("其他 {count} 个部门").format(count=others.entries)
            bars.append(Bar(label, others.count, self._count_text(others.count)))
        return bars

    # -- coverage ---------------------------------------------------------------------------

    def _start_coverage(self, as_of: dt.date) -> None:
        if self._coverage_running == as_of.isoformat():
            return  # that scan is under way; refreshing must not start it again
        self._cancel.set()  # a scan for another day (past midnight) is of no use any more
        self._cancel = threading.Event()
        self._coverage_running = as_of.isoformat()
        self.ui.coverageLabel.setText(self.tr("正在计算免申即享政策对本地企业库的覆盖情况…"))
        self.ui.coverageProgress.setRange(0, 0)
        self.ui.coverageProgress.show()
        cancel = self._cancel
        progress = self._progress

        def report(done: int, total: int) -> None:  # worker thread
            emit(progress.advanced, done, total)

        self._runner.submit(operations.auto_coverage, self._db, as_of, report, cancelled=cancel.is_set,
                            channel="statistics-coverage", on_done=self._coverage_done,
                            on_error=self._coverage_error)

    @Slot(int, int)
    def _on_coverage_progress(self, done: int, total: int) -> None:
        if self._coverage_running is None:
            return
        self.ui.coverageProgress.setRange(0, total)
        self.ui.coverageProgress.setValue(done)
        self.ui.coverageProgress.setFormat(self.tr("%v / %m 步"))

    def _coverage_done(self, coverage: stats.Coverage) -> None:
        self._coverage_running = None
        self._coverage = coverage
        self.ui.coverageProgress.hide()
        total, reached = coverage.enterprises, coverage.reached
        items = coverage.items
        self.ui.coverageLabel.setText(self.tr(
            "本地企业库 {total} 家企业中，{reached} 家（{share}）至少可享受 1 项免申即享政策；"
            "在有效期内的免申即享事项 {items} 个（截至 {date}）。").format(
            total=f"{total:,}", reached=f"{reached:,}", share=percent_text(reached, total), items=len(items),
            date=coverage.as_of.isoformat()))
        bars = []
        shown = items[:COVERAGE_BARS]
        for row, label in zip(shown, distinct_labels(shown), strict=True):
            value = self.tr("{count} 家（{share}）").format(count=f"{row.count:,}",
                                                          share=percent_text(row.count, total))
            tooltip = self.tr("{title}\n事项编号：{item}\n主管部门：{department}\n可覆盖 {value}").format(
                title=row.title, item=row.item_id, department=row.department, value=value)
            bars.append(Bar(label, row.count, value, tooltip))
        self.coverage_chart.set_bars(bars)
        nobody = sum(1 for row in items if row.count == 0)
        notes = []
        if len(items) > COVERAGE_BARS:
            notes.append(self.tr("图中列出覆盖企业最多的 {shown} 个事项，共 {count} 个。").format(
                shown=COVERAGE_BARS, count=len(items)))
        if nobody:
            notes.append(self.tr("有 {count} 个事项在本地企业库中没有符合条件的企业。").format(count=nobody))
        self.ui.coverageNote.setText("".join(notes))
        self.ui.coverageNote.setVisible(bool(notes))
        emit(self.coverage_loaded, coverage)

    def _coverage_error(self, exc: BaseException) -> None:
        self._coverage_running = None
        self.ui.coverageProgress.hide()
        if isinstance(exc, stats.CoverageCancelled):
            self.ui.coverageLabel.setText(self.tr("覆盖情况的计算已停止；按“刷新”重新计算。"))
            return
        log.error("coverage failed", exc_info=(type(exc), exc, exc.__traceback__))
        message = self.tr("计算免申即享覆盖时出错：{error}").format(error=exc)
        self.ui.coverageLabel.setText(message)
        emit(self.coverage_failed, message)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Interrupt a running coverage scan (the window is closing); safe to call twice."""
        self._cancel.set()
