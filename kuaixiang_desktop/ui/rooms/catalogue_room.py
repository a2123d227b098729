"""The catalogue room (政策目录): search the items in force, read one in full, find the
enterprises that qualify for it.

Every keystroke restarts a short timer; when it fires the search runs on the ``catalogue``
channel (``catalogue_search.search_catalogue``), so only the answer to the latest text is
shown.  The selected item's full text loads on ``catalogue-item`` and is shown as HTML
(``catalogue_html``).  Up to 2,728 rows sit in one table model: no widget per item.

Layout: forms/catalogue_room.ui.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QHeaderView, QPushButton, QWidget
from shiboken6 import isValid

from kuaixiang_core.domain import clock

from ...services.catalogue_search import MODES, CatalogueSearch
from ...services.database import Database
from ...services.policies import PolicyItemDetail
from .. import operations
from ..generated.ui_catalogue_room import Ui_CatalogueRoom
from ..message_label import MessageLineMixin
from ..models.catalogue_model import CatalogueModel, mode_label
from ..qtcompat import emit
from ..rules_diff_dialog import RulesDiffDialog
from ..tasks import TaskRunner
from .catalogue_html import item_html

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200



class CatalogueRoom(MessageLineMixin, QWidget):
    """``today_fn`` gives the day whose catalogue is in force (Beijing time by default)."""

    outreach_requested = Signal(str)  # item id
    results_shown = Signal(object)  # the CatalogueSearch now in the table
    item_shown = Signal(str)  # item id now in the text pane

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None, *,
                 today_fn: Callable[[], dt.date] = clock.today, debounce_ms: int = DEBOUNCE_MS):
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._today_fn = today_fn
        self._item: PolicyItemDetail | None = None
        self._departments: tuple[str, ...] = ()

        self.ui = Ui_CatalogueRoom()
        self.ui.setupUi(self)
        self.message_label = self.ui.messageLabel
        self.message_label.hide()
        self.search_edit = self.ui.searchEdit
        self.view = self.ui.itemsView
        self.model = CatalogueModel(self)
        self.view.setModel(self.model)
        self._setup_columns()
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([860, 480])

        self.ui.modeCombo.addItem(self.tr("全部方式"), "")
        for mode in MODES:
            self.ui.modeCombo.addItem(mode_label(mode), mode)
        departments = self.ui.departmentCombo
        departments.addItem(self.tr("全部部门"), "")
        completer = departments.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.search_now)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self.search_now)
        self.search_edit.installEventFilter(self)
        self.view.installEventFilter(self)
        self.ui.modeCombo.currentIndexChanged.connect(self.search_now)
        departments.currentIndexChanged.connect(self.search_now)
        departments.lineEdit().editingFinished.connect(self._department_typed)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.ui.outreachButton.clicked.connect(self.request_outreach)
        self.ui.outreachButton.setEnabled(False)
        self._sandbox: RulesDiffDialog | None = None
        self.sandbox_button = QPushButton(self.tr("政策沙盘…"), self)
        self.sandbox_button.setObjectName("sandboxButton")
        self.sandbox_button.setToolTip(self.tr("导入新目录前，评估它对本库企业的影响（新符合、不再符合、金额变化），并检查目录"))
        self.sandbox_button.clicked.connect(self.open_sandbox)
        self.ui.filterRow.addWidget(self.sandbox_button)
        # in reading order: after the filters it sits beside, before the list
        QWidget.setTabOrder(self.ui.departmentCombo, self.sandbox_button)
        QWidget.setTabOrder(self.sandbox_button, self.ui.itemsView)

        for keys, slot in ((QKeySequence.StandardKey.Find, self.focus_search),
                           (QKeySequence("Ctrl+R"), self.request_outreach)):
            shortcut = QShortcut(keys, self)
            # Window-wide while the room is visible: Qt ignores a hidden widget's shortcuts.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def _setup_columns(self) -> None:
        header = self.view.horizontalHeader()
        fm = self.view.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CatalogueModel.TITLE, QHeaderView.ResizeMode.Stretch)
        # Typical content, not the longest: the title is what the clerk reads, it gets the rest.
        widths = {
            CatalogueModel.MODE: fm.horizontalAdvance("免申即享"),
            CatalogueModel.DEPARTMENT: fm.horizontalAdvance("市人力资源和社会"),
            CatalogueModel.DOC_NO: fm.horizontalAdvance("聊人社字〔2024〕"),
            CatalogueModel.CATEGORY: fm.horizontalAdvance("就业创业"),
            CatalogueModel.ITEM_ID: fm.horizontalAdvance("lc-wengang-20"),
        }
        for column, width in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(column, max(width, fm.horizontalAdvance(title)) + 28)
        self.view.verticalHeader().setDefaultSectionSize(fm.height() + 14)

    # -- searching --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Search again with the current text and filters (the catalogue may have changed)."""
        self.search_now()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def set_filters(self, *, text: str | None = None, mode: str | None = None, department: str | None = None) -> None:
        """Set several filters and search once; ``""`` clears a filter."""
        widgets = (self.search_edit, self.ui.modeCombo, self.ui.departmentCombo)
        for w in widgets:
            w.blockSignals(True)
        try:
            if text is not None:
                self.search_edit.setText(text)
            if mode is not None:
                self.ui.modeCombo.setCurrentIndex(max(0, self.ui.modeCombo.findData(mode)))
            if department is not None:
                self._select_department(department)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.search_now()

    def _select_department(self, department: str) -> None:
        combo = self.ui.departmentCombo
        index = combo.findData(department) if department else 0
        if index < 0:  # not loaded yet: keep it, the next search's list will hold it
            combo.addItem(department, department)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _department_typed(self) -> None:
        combo = self.ui.departmentCombo
        text = combo.lineEdit().text().strip()
        if not text:
            combo.setCurrentIndex(0)
            return
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            combo.setCurrentIndex(index)
            return
        self.show_message(self.tr("没有名为「{name}」的主管部门，请从列表中选择").format(name=text), "warning")
        combo.lineEdit().setText(combo.itemText(combo.currentIndex()))

    def search_now(self) -> None:
        self._debounce.stop()
        text = self.search_edit.text().strip()
        mode = self.ui.modeCombo.currentData() or None
        department = self.ui.departmentCombo.currentData() or None
        self._runner.submit(
            operations.search_catalogue, self._db, text, mode, department, self._today_fn(),
            channel="catalogue", on_done=self._show_results, on_error=self._search_failed,
        )

    def _show_results(self, result: CatalogueSearch) -> None:
        shown_id = self._item.item_id if self._item else None
        self._update_departments(result.departments)
        self.model.set_rows(result.rows)
        if result.in_force == 0:
            self.show_message(self.tr("本机还没有政策目录：请先同步，或由管理员导入目录"), "warning")
        elif not result.rows:
            self.show_message(self.tr("没有找到相符的事项，可换个词，或取消方式、部门筛选"), "info")
        else:
            self.clear_message()
        self.ui.countLabel.setText(
            self.tr("{shown} / {total} 个事项").format(shown=len(result.rows), total=result.in_force)
        )
        row = self.model.row_of(shown_id) if shown_id else -1
        if row >= 0:
            self._select_row(row, load=False)
        emit(self.results_shown, result)

    def _update_departments(self, departments: tuple[str, ...]) -> None:
        if departments == self._departments:
            return
        combo = self.ui.departmentCombo
        current = combo.currentData() or ""
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for name in departments:
                combo.addItem(name, name)
            index = combo.findData(current) if current else 0
            if index < 0:  # a department with nothing in force any more
                combo.addItem(current, current)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        finally:
            combo.blockSignals(False)
        self._departments = departments

    def _search_failed(self, exc: BaseException) -> None:
        log.error("catalogue search failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.show_message(self.tr("查找事项时出错：{error}").format(error=exc), "error")

    # -- the item ---------------------------------------------------------------------------

    def _current_row(self) -> int:
        index = self.view.selectionModel().currentIndex()
        return index.row() if index.isValid() else -1

    def _select_row(self, row: int, *, load: bool = True) -> None:
        index = self.model.index(row, 0)
        selection = self.view.selectionModel()
        selection.blockSignals(not load)
        try:
            selection.setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        finally:
            selection.blockSignals(False)
        self.view.viewport().update()
        self.view.scrollTo(index)

    def select_item(self, item_id: str) -> bool:
        """Select ``item_id`` in the table (False when the current list lacks it)."""
        row = self.model.row_of(item_id)
        if row < 0:
            return False
        if row == self._current_row():
            self.show_item(item_id)
        else:
            self._select_row(row)
        return True

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item_id = self.model.data(current, CatalogueModel.ItemIdRole) if current.isValid() else None
        if item_id:
            self.show_item(item_id)

    def show_item(self, item_id: str) -> None:
        def shown(item: PolicyItemDetail) -> None:
            self._item = item
            self.ui.itemBrowser.setHtml(item_html(item))
            self.ui.outreachButton.setEnabled(True)
            emit(self.item_shown, item.item_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, LookupError):
                self.show_message(self.tr("目录中已没有编号为 {id} 的事项").format(id=item_id), "warning")
                return
            log.error("loading item %s failed", item_id, exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(self.tr("读取事项时出错：{error}").format(error=exc), "error")

        self._runner.submit(operations.catalogue_item, self._db, item_id, channel="catalogue-item", on_done=shown, on_error=failed)

    @property
    def item(self) -> PolicyItemDetail | None:
        return self._item

    def item_text(self) -> str:
        return self.ui.itemBrowser.toPlainText()

    def open_sandbox(self) -> RulesDiffDialog:
        """政策沙盘: a new catalogue file's impact and lint findings, nothing imported (one
        dialog at a time: a second click brings it back)."""
        dialog = self._sandbox
        if dialog is None or not isValid(dialog):
            dialog = self._sandbox = RulesDiffDialog(self._db, self, today_fn=self._today_fn)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.raise_()
        return dialog

    def request_outreach(self) -> None:
        if self._item is not None:
            emit(self.outreach_requested, self._item.item_id)

    # -- keyboard ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.search_edit and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                if self.model.rowCount():
                    self.view.setFocus(Qt.FocusReason.TabFocusReason)
                    if self._current_row() < 0:
                        self._select_row(0)
                    return True
            elif watched is self.view and key == Qt.Key.Key_Escape:
                self.focus_search()
                return True
        return super().eventFilter(watched, event)

    def shutdown(self) -> None:
        self._debounce.stop()
        if self._sandbox is not None and isValid(self._sandbox):
            self._sandbox.close()  # its done() stops its runner before the window goes
