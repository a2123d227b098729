"""政策沙盘 (the catalogue room's 影响评估): a catalogue file before it is imported, beside the
installed one. For each added, removed or changed item, how many enterprises would gain and
lose eligibility and how the estimated total changes by benefit kind, counted over every
enterprise in the database in a worker (``operations.preview_catalogue``); below, the file's
lint findings (``rules lint``). Nothing is imported or changed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kuaixiang_core.domain import clock

from ..services.database import Database
from . import operations
from .message_label import MessageLineMixin
from .models.rules_diff_model import RulesDiffModel, amounts_text
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)


class RulesDiffDialog(MessageLineMixin, QDialog):
    """``shown(Preview)`` once a file's impact and findings are on screen; ``failed(str)``
    when the file could not be read as a catalogue."""

    shown = Signal(object)
    failed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today_fn: Callable[[], dt.date] = clock.today):
        super().__init__(parent)
        self.setObjectName("rulesDiffDialog")
        self.setWindowTitle(self.tr("政策沙盘：导入前评估目录变化的影响"))
        self._db = db
        self.runner = TaskRunner(self, max_threads=1)

        self.file_edit = QLineEdit(self)
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("选择新的政策目录文件（.yaml / .json）"))
        self.file_edit.setAccessibleName(self.tr("新目录文件"))
        choose = QPushButton(self.tr("选择文件(&O)…"), self)
        choose.clicked.connect(self.choose_file)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = today_fn()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.setAccessibleName(self.tr("按哪一天计算"))
        self.run_button = QPushButton(self.tr("评估(&E)"), self)
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.run)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("新目录"), self))
        row.addWidget(self.file_edit, 1)
        row.addWidget(choose)
        row.addWidget(QLabel(self.tr("截至"), self))
        row.addWidget(self.date_edit)
        row.addWidget(self.run_button)

        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.model = RulesDiffModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("事项的影响"))
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RulesDiffModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.totals_label = QLabel(self)
        self.totals_label.setWordWrap(True)
        self.findings = QPlainTextEdit(self)
        self.findings.setReadOnly(True)
        self.findings.setAccessibleName(self.tr("目录检查结果"))
        self.findings.setMaximumHeight(160)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(QLabel(self.tr("目录检查（rules lint）"), self))
        layout.addWidget(self.findings)
        layout.addWidget(buttons)
        self.resize(1100, 640)
        self._path: Path | None = None

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("选择政策目录文件"), "",
                                                    self.tr("政策目录 (*.yaml *.yml *.json)"))
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        self._path = path
        self.file_edit.setText(str(path))
        self.run_button.setEnabled(True)

    def as_of(self) -> dt.date:
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def run(self) -> None:
        if self._path is None:
            return
        self.run_button.setEnabled(False)
        self.show_message(self.tr("正在按本库全部企业计算影响，可能需要几十秒…"), "info")
        self.runner.submit(operations.preview_catalogue, self._db, self._path, self.as_of(),
                           channel="preview", on_done=self._show, on_error=self._failed)

    def _show(self, preview) -> None:
        self.run_button.setEnabled(True)
        lint = preview.lint
        self.findings.setPlainText("\n".join(str(f) for f in lint.findings) or self.tr("没有发现问题"))
        report = preview.report
        if report is None:
            self.model.clear()
            self.totals_label.clear()
            self.show_message(self.tr("{file} 有 {n} 处错误，无法导入，也无法评估影响：见下方检查结果")
                              .format(file=lint.file, n=lint.errors), "error")
        else:
            self.model.set_rows(report.items)
            t = report.totals
            self.totals_label.setText(
                self.tr("新增 {added}、删去 {removed}、改动 {changed} 个事项（未变 {unchanged}）；新符合 {gain} 家次，"
                        "不再符合 {lose} 家次；估算金额变化：{amounts}").format(
                    added=t.added, removed=t.removed, changed=t.changed, unchanged=t.unchanged,
                    gain=f"{t.gain:,}", lose=f"{t.lose:,}", amounts=amounts_text(t.amount_change)))
            level = "warning" if lint.errors or lint.warnings else "info"
            self.show_message(
                self.tr("截至 {day}，按 {n} 家企业计算，用时 {s:.1f} 秒；目录检查：{errors} 个错误，{warnings} 个警告").format(
                    day=report.as_of.isoformat(), n=f"{report.enterprises:,}", s=report.seconds,
                    errors=lint.errors, warnings=lint.warnings), level)
        emit(self.shown, preview)

    def _failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.model.clear()
        self.totals_label.clear()
        message = getattr(exc, "message", None)
        if message is None:
            log.error("catalogue preview failed", exc_info=(type(exc), exc, exc.__traceback__))
            message = str(exc)
        lines = getattr(exc, "lines", None) or []
        self.findings.setPlainText("\n".join(lines))
        self.show_message(self.tr("无法评估：{error}").format(error=message), "error")
        emit(self.failed, message)

    def done(self, result: int) -> None:
        self.runner.shutdown()
        super().done(result)
