"""The counter workspace's first room: find an enterprise, see its card.

The clerk types (or the scanner sends) a credit code, part of a name, pinyin initials or the
legal representative's name.  Each keystroke restarts a short single-shot timer; when it fires
the lookup runs on the task runner's "search" channel, so only the answer to the latest text
is ever shown.  Selecting a row loads the enterprise's detail on the "detail" channel and the
card shows it.  Messages from the lookup service (a licence QR link, a mistyped code, no
match) appear in a label under the search box, never in a modal dialog: the queue is waiting.

Layout: forms/main_window.ui (compiled into ui/generated/ui_main_window.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QProgressBar, QWidget

from ..services import auth
from ..services.lookup import Lookup, enterprise_count, enterprise_detail, lookup
from ..store.database import Database
from .enterprise_card import EnterpriseCard
from .generated.ui_main_window import Ui_MainWindow
from .idle_lock import IdleLockController
from .login_dialog import LoginDialog
from .models.search_results_model import SearchResultsModel
from .qtcompat import emit
from .sync_status import SyncStatus
from .tasks import TaskRunner

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50
DEBOUNCE_MS = 150


def _set_level(label: QLabel, level: str) -> None:
    label.setProperty("level", level)
    label.style().unpolish(label)
    label.style().polish(label)


class MainWindow(QMainWindow):
    """Search box, results table and enterprise card.

    ``lookup_fn``, ``detail_fn`` and ``count_fn`` default to the services; tests pass
    slower or failing ones.  They run in worker threads and receive the ``Database``.
    """

    results_shown = Signal(object)  # the Lookup now in the table
    card_shown = Signal(str)  # credit code now on the card
    enterprise_count_changed = Signal(int)
    ready_changed = Signal(bool)

    def __init__(
        self,
        db: Database,
        *,
        runner: TaskRunner | None = None,
        lookup_fn: Callable[[Database, str, int], Lookup] = lookup,
        detail_fn: Callable[[Database, str], dict | None] = enterprise_detail,
        count_fn: Callable[[Database], int] = enterprise_count,
        debounce_ms: int = DEBOUNCE_MS,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._db = db
        self._lookup_fn = lookup_fn
        self._detail_fn = detail_fn
        self._count_fn = count_fn
        self.runner = runner if runner is not None else TaskRunner(self)
        self.runner.failed.connect(self._on_task_failed)
        self._ready = True
        self._enterprise_count: int | None = None
        self._shown_query: str | None = None  # text whose results the table shows
        self._activate_when_shown = False

        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.search_edit = self.ui.searchEdit
        self.results_view = self.ui.resultsView
        self.card: EnterpriseCard = self.ui.enterpriseCard
        self.message_label = self.ui.messageLabel
        self.message_label.hide()

        self.model = SearchResultsModel(self)
        self.results_view.setModel(self.model)
        self._setup_columns()
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([760, 500])

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.search_now)

        self.search_edit.textChanged.connect(self._on_text_changed)
        self.search_edit.returnPressed.connect(self._on_return_pressed)
        self.search_edit.installEventFilter(self)
        self.results_view.installEventFilter(self)
        self.results_view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.results_view.activated.connect(self._on_activated)
        self.results_view.doubleClicked.connect(self._on_activated)

        self.focus_search_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F2), self)
        self.focus_search_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.focus_search_shortcut.activated.connect(self.focus_search)
        self.sync_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        self.sync_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.sync_shortcut.activated.connect(self.sync_now)
        self.sync_status: SyncStatus | None = None
        self.idle_lock: IdleLockController | None = None
        self._relogin_dialog: LoginDialog | None = None

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self._progress = QProgressBar(self)
        self._progress.setRange(0, 0)
        self._progress.setMaximumWidth(160)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self.statusBar().addPermanentWidget(self._progress)
        self.statusBar().addPermanentWidget(self.count_label)

        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh_enterprise_count()

    # -- layout -----------------------------------------------------------------------------

    def _setup_columns(self) -> None:
        """Name stretches; the other columns fit their (translated) header or typical content."""
        header = self.results_view.horizontalHeader()
        fm = self.results_view.fontMetrics()
        bold = header.font()
        bold.setBold(True)
        header_fm = QFontMetrics(bold)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SearchResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(fm.horizontalAdvance("中中中") + 16)
        code_fm = QFontMetrics(self.model.data_font(SearchResultsModel.CREDIT_CODE) or self.results_view.font())
        typical = {
            SearchResultsModel.CREDIT_CODE: code_fm.horizontalAdvance("9" * 18),
            SearchResultsModel.REGION: fm.horizontalAdvance("东昌府区"),
            SearchResultsModel.SIZE_CLASS: fm.horizontalAdvance("中型"),
            SearchResultsModel.LEGAL_REP: fm.horizontalAdvance("欧阳建国"),
        }
        for column, content in typical.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(column, max(content, header_fm.horizontalAdvance(title)) + 28)
        self.results_view.verticalHeader().setDefaultSectionSize(fm.height() + 14)

    # -- state ------------------------------------------------------------------------------

    @property
    def db(self) -> Database:
        return self._db

    @property
    def enterprise_count(self) -> int | None:
        return self._enterprise_count

    def is_ready(self) -> bool:
        return self._ready

    def set_busy(self, message: str) -> None:
        """Searching is impossible until ``set_ready``: e.g. while demo data is written."""
        self._ready = False
        self._debounce.stop()
        self.runner.invalidate("search")
        self.search_edit.setEnabled(False)
        self.card.show_placeholder(message)
        self.statusBar().showMessage(message)
        self._progress.show()
        emit(self.ready_changed, False)

    def set_ready(self) -> None:
        self._ready = True
        self.search_edit.setEnabled(True)
        self._progress.hide()
        self.statusBar().clearMessage()
        self.card.show_placeholder()
        self.focus_search()
        emit(self.ready_changed, True)
        if self.search_edit.text().strip():
            self.search_now()

    def run_startup_task(self, fn: Callable[[], Any], busy_message: str) -> None:
        """Run ``fn`` in the background with searching disabled; refresh the count after."""
        self.set_busy(busy_message)

        def done(_result: object) -> None:
            self.set_ready()
            self.refresh_enterprise_count()

        def failed(exc: BaseException) -> None:
            log.error("start-up task failed", exc_info=(type(exc), exc, exc.__traceback__))
            self._progress.hide()
            self.statusBar().clearMessage()
            self.show_message(self.tr("准备数据时出错：{error}").format(error=exc), "error")
            self.set_ready()

        self.runner.submit(fn, on_done=done, on_error=failed)

    def refresh_enterprise_count(self) -> None:
        self.runner.submit(
            self._count_fn, self._db, channel="count", on_done=self._set_enterprise_count, on_error=self._count_failed
        )

    def _set_enterprise_count(self, count: int) -> None:
        self._enterprise_count = count
        self.count_label.setText(self.tr("库中共有 {count} 家企业").format(count=f"{count:,}"))
        emit(self.enterprise_count_changed, count)

    def _count_failed(self, exc: BaseException) -> None:
        log.warning("could not count enterprises: %s", exc)
        self.count_label.setText(self.tr("企业数量未知"))

    # -- messages ---------------------------------------------------------------------------

    def show_message(self, text: str, level: str = "info") -> None:
        """A message under the search box; ``level`` is info, warning or error."""
        _set_level(self.message_label, level)
        self.message_label.setText(text)
        self.message_label.show()

    def clear_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()

    def message(self) -> str | None:
        return None if self.message_label.isHidden() else self.message_label.text()

    # -- searching --------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():
            self._debounce.stop()
            self.runner.invalidate("search")
            self._show_lookup(Lookup("results", ""))
            return
        self._debounce.start()

    def search_now(self) -> None:
        """Look up the search box's text now (the debounce timer's target)."""
        self._debounce.stop()
        text = self.search_edit.text().strip()
        if not self._ready:
            return
        if not text:
            self.runner.invalidate("search")
            self._show_lookup(Lookup("results", ""))
            return
        self.runner.submit(
            self._lookup_fn,
            self._db,
            text,
            SEARCH_LIMIT,
            channel="search",
            on_done=self._show_lookup,
            on_error=self._search_failed,
        )

    def _on_return_pressed(self) -> None:
        # Enter (or the scanner's trailing CR): show the card of the best hit at once.
        text = self.search_edit.text().strip()
        if not text or not self._ready:
            return
        if self._debounce.isActive() or self._shown_query != text:
            self._activate_when_shown = True
            self.search_now()
        else:
            self._activate_row(self._current_row() if self._current_row() >= 0 else 0)
        self.search_edit.selectAll()  # the next scan replaces the text

    def _show_lookup(self, result: Lookup) -> None:
        self._shown_query = result.query
        activate = self._activate_when_shown
        self._activate_when_shown = False
        shown_code = self.card.credit_code
        self.model.set_hits(result.hits, result.query)

        if result.kind in ("licence_link", "invalid_code") and result.message:
            self.show_message(result.message, "warning")
        elif result.query and not result.hits:
            self.show_message(
                self.tr("没有找到与“{query}”相符的企业。可以换用名称中的其他字、拼音首字母或法定代表人姓名再试。").format(
                    query=result.query
                ),
                "info",
            )
        else:
            self.clear_message()

        if result.hits:
            if len(result.hits) >= SEARCH_LIMIT:
                status = self.tr("显示前 {count} 家企业，请输入更多内容缩小范围").format(count=len(result.hits))
            else:
                status = self.tr("找到 {count} 家企业").format(count=len(result.hits))
            self.statusBar().showMessage(status)
        else:
            self.statusBar().clearMessage()

        keep = self.model.row_of(shown_code) if shown_code else -1
        # A mistyped code's hits are lookalikes: the clerk picks one, we do not guess.
        if result.kind == "results" and (activate or len(result.hits) == 1):
            self._activate_row(0 if result.hits else -1)
        elif keep >= 0:
            self._select_row(keep)
        emit(self.results_shown, result)

    def _search_failed(self, exc: BaseException) -> None:
        log.error("search failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._activate_when_shown = False
        self.show_message(self.tr("查找时出错：{error}。请重试；如果一再出现，请联系系统管理员。").format(error=exc), "error")

    def _on_task_failed(self, channel: object, exc: BaseException) -> None:
        self.show_message(self.tr("后台任务出错：{error}").format(error=exc), "error")

    # -- the card ---------------------------------------------------------------------------

    def _current_row(self) -> int:
        index = self.results_view.selectionModel().currentIndex()
        return index.row() if index.isValid() else -1

    def _select_row(self, row: int) -> None:
        if not (0 <= row < self.model.rowCount()):
            return
        index = self.model.index(row, 0)
        self.results_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.results_view.scrollTo(index)

    def _activate_row(self, row: int) -> None:
        if row < 0:
            return
        self._select_row(row)
        self.show_enterprise_at(row, reload=True)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_enterprise_at(current.row())

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.show_enterprise_at(index.row(), reload=True)

    def show_enterprise_at(self, row: int, *, reload: bool = False) -> None:
        hit = self.model.hit(row)
        if hit is None:
            return
        self.show_enterprise(hit["credit_code"], reload=reload)

    def show_enterprise(self, credit_code: str, *, reload: bool = False) -> None:
        """Load ``credit_code``'s detail in the background and put it on the card."""
        if not reload and self.card.credit_code == credit_code:
            return

        def shown(detail: dict | None) -> None:
            if detail is None:
                self.card.show_placeholder(
                    self.tr("没有找到统一社会信用代码为 {code} 的企业记录，请重新查找。").format(code=credit_code)
                )
                return
            self.card.show_detail(detail)
            emit(self.card_shown, detail["credit_code"])

        def failed(exc: BaseException) -> None:
            log.error("loading %s failed", credit_code, exc_info=(type(exc), exc, exc.__traceback__))
            self.card.show_placeholder(self.tr("读取企业信息时出错：{error}").format(error=exc))

        self.runner.submit(self._detail_fn, self._db, credit_code, channel="detail", on_done=shown, on_error=failed)

    # -- keyboard ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.search_edit and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                if self.model.rowCount():
                    self.results_view.setFocus(Qt.FocusReason.TabFocusReason)
                    if self._current_row() < 0:
                        self._select_row(0)
                    return True
            elif watched is self.results_view and key == Qt.Key.Key_Escape:
                self.focus_search()
                return True
            elif (
                watched is self.results_view
                and key == Qt.Key.Key_Up
                and self._current_row() == 0
            ):
                self.focus_search()
                return True
        return super().eventFilter(watched, event)

    # -- log-in, sync and the idle lock -----------------------------------------------------

    def enable_sync(self, server: str | None, *, start: bool = True, **kwargs: Any) -> SyncStatus:
        """Show the sync state in the status bar and run rounds in the background (F5: now)."""
        if self.sync_status is None:
            self.sync_status = SyncStatus(self._db, server, parent=self, **kwargs)
            self.sync_status.relogin_requested.connect(self.relogin)
            self.statusBar().insertPermanentWidget(0, self.sync_status)
        if start:
            self.sync_status.start()
        return self.sync_status

    def sync_now(self) -> None:
        if self.sync_status is not None:
            self.sync_status.sync_now()

    def enable_idle_lock(self, policy: auth.AuthPolicy = auth.DEFAULT_POLICY, **kwargs: Any) -> IdleLockController:
        if self.idle_lock is None:
            self.idle_lock = IdleLockController(self, policy, **kwargs)
        return self.idle_lock

    def relogin(self) -> None:
        """Ask for a new log-in (the server refused the token); sync resumes after it."""
        if self._relogin_dialog is not None or self.sync_status is None:
            return
        session = auth.current_session(self._db)
        dialog = LoginDialog(self._db, self.sync_status.server or "", username=session.username if session else "",
                             parent=self)
        self._relogin_dialog = dialog

        def finished(_result: int) -> None:
            if dialog.session is not None and self.sync_status is not None:
                self.sync_status.resume(dialog.session.server)
            self._relogin_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop timers and wait for background work; safe to call twice."""
        self._debounce.stop()
        if self._relogin_dialog is not None:
            self._relogin_dialog.reject()
        if self.idle_lock is not None:
            self.idle_lock.shutdown()
        if self.sync_status is not None:
            self.sync_status.shutdown()
        self.runner.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
