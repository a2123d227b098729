"""The statistics room's 好差评 panel: the period's ratings per window and clerk, and the 差评
follow-ups (整改) with their deadlines, which the hall's supervisor closes here with what
was done (``services.ratings.close_followup``; the close goes up through the outbox)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kuaixiang_core.domain import clock

from ...services import ratings as rating_service
from ...services.database import Database
from ...services.rating_statistics import RatingFigures, rating_figures
from .. import message_label as msg
from .. import operations
from ..models.rating_models import FollowupsModel, RatingFiguresModel
from ..qtcompat import emit
from ..tasks import TaskRunner

log = logging.getLogger(__name__)


def _load(db: Database, period: str, today: dt.date) -> tuple[RatingFigures, list, bool]:
    return (rating_figures(db, period, today), rating_service.list_ratings(db, followups=True),
            rating_service.is_supervisor(db))


class RatingsPanel(QGroupBox):
    loaded = Signal(object)  # RatingFigures
    closed = Signal(object)  # the RatingView whose follow-up was closed

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None, *,
                 today_fn: Callable[[], dt.date] = clock.today):
        super().__init__(self.tr("好差评（按窗口、人员）与差评整改"), parent)
        self.setObjectName("ratingsPanel")
        self._db = db
        self._runner = runner
        self._today_fn = today_fn
        self.supervisor = False
        self.figures_model = RatingFiguresModel(self)
        self.followups_model = FollowupsModel(self, today_fn)
        self.figures_view = self._table(self.figures_model, "ratingFiguresView")
        self.figures_view.setAccessibleName(self.tr("好差评：按窗口和人员统计"))
        self.followups_view = self._table(self.followups_model, "followupsView")
        self.followups_view.setAccessibleName(self.tr("差评整改列表"))
        self.followups_view.selectionModel().currentRowChanged.connect(lambda *_: self._update_close())
        self.action_edit = QLineEdit()
        self.action_edit.setObjectName("followupActionEdit")
        self.action_edit.setPlaceholderText(self.tr("整改情况：做了什么（大厅负责人填写）"))
        self.action_edit.setMaxLength(2000)
        self.action_edit.setAccessibleName(self.tr("整改情况"))
        self.action_edit.textChanged.connect(lambda _t: self._update_close())
        self.close_button = QPushButton(self.tr("办结整改"))
        self.close_button.setObjectName("closeFollowupButton")
        self.close_button.setAccessibleName(self.tr("办结整改"))
        self.close_button.clicked.connect(self.close_selected)
        self.action_edit.returnPressed.connect(self.close_selected)
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        row = QHBoxLayout()
        row.addWidget(self.action_edit, 1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.figures_view)
        layout.addWidget(QLabel(self.tr("差评整改（国办发〔2019〕51号：差评须在期限内整改并反馈）")))
        layout.addWidget(self.followups_view)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        self._update_close()

    def _table(self, model, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)  # Tab leaves the table (issue 14)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        view.setMinimumHeight(150)
        return view

    def refresh(self, period: str) -> None:
        self._runner.submit(_load, self._db, period, self._today_fn(), channel="statistics-ratings",
                            on_done=self._loaded, on_error=self._failed)

    def _loaded(self, result) -> None:
        figures, followups, supervisor = result
        self.supervisor = supervisor
        self.figures_model.set_figures(figures)
        self.followups_model.set_rows(followups)
        self._update_close()
        emit(self.loaded, figures)

    def _failed(self, exc: BaseException) -> None:
        log.error("rating figures failed", exc_info=(type(exc), exc, exc.__traceback__))
        msg.show_message(self.message_label, self.tr("好差评统计出错：{error}").format(error=exc), "error")

    def selected(self) -> rating_service.RatingView | None:
        index = self.followups_view.currentIndex()
        return self.followups_model.view(index.row()) if index.isValid() else None

    def _update_close(self) -> None:
        view = self.selected()
        self.close_button.setEnabled(bool(self.supervisor and view and view.followup_open
                                          and self.action_edit.text().strip()))
        self.close_button.setToolTip("" if self.supervisor else self.tr("只有大厅负责人可以办结差评整改"))

    def close_selected(self) -> None:
        view = self.selected()
        if view is None or not self.close_button.isEnabled():
            return
        self.close_button.setEnabled(False)

        def done(closed: rating_service.RatingView) -> None:
            self.action_edit.clear()
            msg.show_message(self.message_label, self.tr("办件 {number} 的整改已办结，同步后报中心").format(
                number=closed.banjian_no))
            emit(self.closed, closed)
            self.refresh(self._period)

        def failed(exc: BaseException) -> None:
            self._update_close()
            msg.show_message(self.message_label, getattr(exc, "message", str(exc)), "warning")

        self._runner.submit(operations.close_followup, self._db, view.id, self.action_edit.text(),
                            channel="statistics-followup", on_done=done, on_error=failed)

    _period = "month"

    def set_period(self, period: str) -> None:
        self._period = period
        self.refresh(period)
