"""The counter window: the workspace (find an enterprise, its card, its policies, apply) and
the other rooms (applications, catalogue, outreach, statistics, sync), menus and shortcuts.

The clerk types (or the scanner sends) a credit code, part of a name, pinyin initials or the
legal representative's name.  Each keystroke restarts a short single-shot timer; when it fires
the lookup runs on the task runner's "search" channel, so only the answer to the latest text
is ever shown.  Selecting a row loads the enterprise's detail on the "detail" channel and the
card shows it.  Messages from the lookup service (a licence QR link, a mistyped code, no
match) appear in a label under the search box, never in a modal dialog: the queue is waiting.

A scan (a keyboard-wedge burst ending in Enter, see :mod:`.scan_detector`) anywhere in the
window goes to :func:`services.scan.route`: a credit code opens the enterprise, our own receipt's
QR opens its application in the applications room, an opaque licence link says what to scan
instead.  Other rooms are built the first time they are shown and refreshed each time.

Layout: forms/main_window.ui (compiled into ui/generated/ui_main_window.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QIcon, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QListWidgetItem, QMainWindow, QProgressBar, QWidget

from kuaixiang_core.resources import resources_dir
from ..services import auth
from ..services.lookup import Lookup, enterprise_count, enterprise_detail, lookup
from ..services.scan import ReceiptScan, is_receipt_text, route
from ..services.database import Database
from . import message_label as msg
from .app_settings import AppSettings
from .enterprise_card import EnterpriseCard
from .generated.ui_main_window import Ui_MainWindow
from .idle_lock import IdleLockController
from .login_dialog import LoginDialog
from .models.search_results_model import SearchResultsModel
from .policy_panel import PolicyPanel
from .print_actions import DocumentPrinter, PrintOutcome
from .qtcompat import emit
from .scan_detector import ScanDetector
from .sync_status import SyncStatus
from .tasks import TaskRunner

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50
DEBOUNCE_MS = 150
ROOMS = ("workspace", "applications", "catalogue", "outreach", "statistics", "sync")


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


class MainWindow(QMainWindow):
    """The counter window.

    ``lookup_fn``, ``detail_fn`` and ``count_fn`` default to the services; tests pass
    slower or failing ones.  They run in worker threads and receive the ``Database``.
    ``settings`` defaults to the user's; ``as_of`` fixes the matching date (tests, demos).
    """

    results_shown = Signal(object)  # the Lookup now in the table
    card_shown = Signal(str)  # credit code now on the card
    enterprise_count_changed = Signal(int)
    ready_changed = Signal(bool)
    room_changed = Signal(str)
    scan_routed = Signal(object)  # the Lookup or ReceiptScan a scan led to
    wizard_opened = Signal(object)  # the ApplyWizard
    dialog_opened = Signal(object)  # settings, about, shortcuts: tests close them
    warmed_up = Signal()  # the catalogue is compiled: the first match is as fast as any

    def __init__(
        self,
        db: Database,
        *,
        runner: TaskRunner | None = None,
        lookup_fn: Callable[[Database, str, int], Lookup] = lookup,
        detail_fn: Callable[[Database, str], dict | None] = enterprise_detail,
        count_fn: Callable[[Database], int] = enterprise_count,
        debounce_ms: int = DEBOUNCE_MS,
        settings: AppSettings | None = None,
        as_of: dt.date | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._db = db
        self.settings = settings if settings is not None else AppSettings()
        self._as_of = as_of
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
        self.printer = DocumentPrinter(self.runner, self.settings.print_settings, self)
        self.printer.printed.connect(self._on_printed)
        self.printer.failed.connect(self._on_print_failed)
        self.policy_panel = PolicyPanel(db, self.runner, self.printer, self)
        self.policy_panel.setObjectName("policyPanel")
        self.ui.splitter.addWidget(self.policy_panel)
        self.policy_panel.apply_requested.connect(self.open_apply_wizard)
        # The window's menu actions carry these keys (and show them); the panel's own
        # shortcuts are for the panel on its own.
        for shortcut in [*self.policy_panel.apply_shortcuts, self.policy_panel.print_shortcut]:
            shortcut.setEnabled(False)
        self.card.application_activated.connect(self.open_application)
        self.ui.leftSplitter.setStretchFactor(0, 2)
        self.ui.leftSplitter.setStretchFactor(1, 3)
        self.ui.leftSplitter.setSizes([260, 420])
        self.ui.splitter.setStretchFactor(0, 2)
        self.ui.splitter.setStretchFactor(1, 3)
        self.ui.splitter.setSizes([540, 800])
        self._wizard = None
        self._rooms: dict[str, QWidget] = {"workspace": self.ui.workspacePage}
        self._setup_rooms()
        self._setup_actions()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.search_now)
        # Matching starts once the card is drawn (a queued call runs after the paint the card
        # asked for): a worker busy in Python while the window paints makes every Python call
        # of the paint wait for the GIL. A member timer, not a singleShot, so that shutdown()
        # can stop it: a match queued before the window closed must not reach a stopped runner.
        self._match_later = QTimer(self)
        self._match_later.setSingleShot(True)
        self._match_later.setInterval(0)
        self._match_later.timeout.connect(self._match_if_current)
        self._match_for: str | None = None

        self.search_edit.textChanged.connect(self._on_text_changed)
        self.search_edit.returnPressed.connect(self._on_return_pressed)
        self.search_edit.installEventFilter(self)
        self.results_view.installEventFilter(self)
        self.results_view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.results_view.activated.connect(self._on_activated)
        self.results_view.doubleClicked.connect(self._on_activated)

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

        self.scan_detector = ScanDetector(self)
        self.scan_detector.scanned.connect(self.route_scan)

        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh_enterprise_count()
        self.warm_up()
        geometry = self.settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)

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
        self.policy_panel.show_placeholder()
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

    def run_startup_task(self, fn: Callable[[], Any], busy_message: str,
                         on_done: Callable[[Any], None] | None = None) -> None:
        """Run ``fn`` in the background with searching disabled; refresh the count after."""
        self.set_busy(busy_message)

        def done(result: object) -> None:
            self.set_ready()
            self.refresh_enterprise_count()
            self.warm_up()  # the task may have brought a catalogue
            if on_done is not None:
                on_done(result)

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

    def warm_up(self) -> None:
        """Compile the catalogue now, while the clerk logs in or waits for the first visitor,
        not when the first enterprise is scanned."""
        from ..services.policies import compiled_catalogue

        def done(_catalogue: object) -> None:
            emit(self.warmed_up)

        def failed(exc: BaseException) -> None:
            log.warning("catalogue not compiled ahead: %s", exc)

        self.runner.submit(compiled_catalogue, self._db, channel="warmup", on_done=done, on_error=failed)

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
        msg.show_message(self.message_label, text, level)

    def clear_message(self) -> None:
        msg.clear_message(self.message_label)

    def message(self) -> str | None:
        return msg.message_of(self.message_label)

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
        if is_receipt_text(text):
            self.route_scan(text)
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
                self.policy_panel.show_placeholder()
                return
            self.card.show_detail(detail)
            code = detail["credit_code"]
            self._match_for = code
            self._match_later.start()
            emit(self.card_shown, code)

        def failed(exc: BaseException) -> None:
            log.error("loading %s failed", credit_code, exc_info=(type(exc), exc, exc.__traceback__))
            self.card.show_placeholder(self.tr("读取企业信息时出错：{error}").format(error=exc))

        self.runner.submit(self._detail_fn, self._db, credit_code, channel="detail", on_done=shown, on_error=failed)

    def _match_if_current(self) -> None:
        code = self._match_for
        if code is not None and self.card.credit_code == code:  # not replaced by a newer scan meanwhile
            self.policy_panel.show_enterprise(code, self._as_of)

    # -- rooms, menus and shortcuts ---------------------------------------------------------

    def _room_titles(self) -> dict[str, str]:
        return {
            "workspace": self.tr("工作台"), "applications": self.tr("申请记录"), "catalogue": self.tr("政策目录"),
            "outreach": self.tr("政策找企业"), "statistics": self.tr("统计"), "sync": self.tr("同步"),
        }

    def _setup_rooms(self) -> None:
        nav = self.ui.roomList
        titles = self._room_titles()
        fm = nav.fontMetrics()
        width = max(fm.horizontalAdvance(t) for t in titles.values()) + 36
        nav.setFixedWidth(max(width, 96))
        nav.setGridSize(QSize(nav.width() - 6, fm.height() * 2 + 44))
        for n, key in enumerate(ROOMS, start=1):
            item = QListWidgetItem(icon(key), titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{titles[key]}（Ctrl+{n}）")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            nav.addItem(item)
        nav.setCurrentRow(0)
        nav.currentRowChanged.connect(lambda row: self.show_room(ROOMS[row]) if 0 <= row < len(ROOMS) else None)

    def _setup_actions(self) -> None:
        ui = self.ui
        self.setWindowIcon(icon("app"))
        for key, action in zip(ROOMS, (ui.actionWorkspace, ui.actionApplications, ui.actionCatalogue,
                                       ui.actionOutreach, ui.actionStatistics, ui.actionSyncRoom), strict=True):
            action.setIcon(icon(key))
            action.triggered.connect(lambda _checked=False, k=key: self.show_room(k))
        ui.actionFind.triggered.connect(self.focus_search)
        ui.actionPolicies.triggered.connect(self.focus_policies)
        ui.actionApply.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        ui.actionApply.triggered.connect(self.apply_for_current_item)
        ui.actionPrintChecklist.triggered.connect(self.print_checklist)
        ui.actionSyncNow.triggered.connect(self.sync_now)
        ui.actionSettings.triggered.connect(self.open_settings)
        ui.actionLock.triggered.connect(self.lock_now)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionShortcuts.triggered.connect(self.show_shortcuts)
        ui.actionAbout.triggered.connect(self.show_about)
        for action in self.findChildren(QAction):
            # Shortcuts work in every room, and the menus show them.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shortcut = action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)
            if shortcut and not action.toolTip().endswith(f"（{shortcut}）"):
                action.setToolTip(f"{action.text().replace('&', '').split('(')[0].rstrip('…')}（{shortcut}）")

    def current_room(self) -> str:
        widget = self.ui.roomStack.currentWidget()
        return next((k for k, w in self._rooms.items() if w is widget), "workspace")

    def room(self, key: str) -> QWidget:
        """The room's widget, built the first time it is asked for."""
        if key not in self._rooms:
            widget = self._make_room(key)
            widget.setObjectName(f"{key}Room")
            self._rooms[key] = widget
            self.ui.roomStack.addWidget(widget)
        return self._rooms[key]

    def _make_room(self, key: str) -> QWidget:
        # Imported here: a room the clerk never opens costs nothing at start-up.
        if key == "applications":
            from .rooms.applications_room import ApplicationsRoom

            room = ApplicationsRoom(self._db, self.runner, self.printer, self, layout_fn=lambda: self.settings.paper)
            room.enterprise_requested.connect(self.open_enterprise)
            return room
        if key == "catalogue":
            from .rooms.catalogue_room import CatalogueRoom

            room = CatalogueRoom(self._db, self.runner, self)
            room.outreach_requested.connect(self.open_outreach)
            return room
        if key == "outreach":
            from .rooms.outreach_room import OutreachRoom

            room = OutreachRoom(self._db, self.runner, self)
            room.enterprise_requested.connect(self.open_enterprise)
            return room
        if key == "statistics":
            from .rooms.statistics_room import StatisticsRoom

            return StatisticsRoom(self._db, self.runner, self)
        if key == "sync":
            from .rooms.sync_room import SyncRoom

            return SyncRoom(self._db, self.runner, self.sync_status, self)
        raise KeyError(key)

    def show_room(self, key: str) -> QWidget:
        widget = self.room(key)
        self.ui.roomStack.setCurrentWidget(widget)
        row = ROOMS.index(key)
        if self.ui.roomList.currentRow() != row:
            self.ui.roomList.blockSignals(True)
            self.ui.roomList.setCurrentRow(row)
            self.ui.roomList.blockSignals(False)
        if key == "workspace":
            self.focus_search()
        else:
            self.statusBar().clearMessage()  # "找到 N 家企业" belongs to the workspace
            refresh = getattr(widget, "refresh", None)
            if refresh is not None:
                refresh()
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        emit(self.room_changed, key)
        return widget

    def open_enterprise(self, credit_code: str) -> None:
        """Show ``credit_code`` in the workspace (from another room, a scan, a receipt)."""
        self.show_room("workspace")
        self.search_edit.setText(credit_code)
        self._activate_when_shown = True
        self.search_now()

    def open_application(self, application_id: str) -> None:
        room = self.show_room("applications")
        room.open_application(application_id)  # type: ignore[attr-defined]

    def open_outreach(self, item_id: str) -> None:
        room = self.show_room("outreach")
        room.set_item(item_id)  # type: ignore[attr-defined]

    def focus_policies(self) -> None:
        self.show_room("workspace")
        self.policy_panel.focus_items()

    # -- applying and printing ----------------------------------------------------------------

    def apply_for_current_item(self) -> None:
        """Ctrl+Enter: the panel decides whether its current item can be applied for here."""
        if self.current_room() == "workspace" and self.policy_panel.current_item_id():
            self.policy_panel.apply_current()
        else:
            self.show_message(self.tr("请先打开企业，并在政策清单（F3）中选中要代办的事项。"), "info")

    def open_apply_wizard(self, item_id: str) -> None:
        code = self.card.credit_code
        if not code:
            self.show_message(self.tr("请先打开企业，再代办申请。"), "info")
            return
        if self._wizard is not None:
            self._wizard.raise_()
            return
        from .apply_wizard import ApplyWizard

        wizard = ApplyWizard(self._db, self.runner, self.printer, code, item_id, paper=self.settings.paper,
                             scanner_folder=self.settings.value("scanner_folder"), parent=self)
        self._wizard = wizard
        self.scan_detector.enabled = False  # the wizard's fields get the keys as they come

        def closed(_result: int = 0) -> None:
            self._wizard = None
            wizard.deleteLater()
            self.scan_detector.enabled = True
            self.show_enterprise(code, reload=True)
            self.focus_search()

        wizard.finished.connect(closed)
        wizard.open()
        emit(self.wizard_opened, wizard)

    def print_checklist(self) -> None:
        if not self.card.credit_code:
            self.show_message(self.tr("请先打开企业，再打印一企一策清单。"), "info")
            return
        self.show_room("workspace")
        self.policy_panel.print_checklist()

    def _on_printed(self, outcome: PrintOutcome) -> None:
        if outcome.to_file:
            text = self.tr("“{title}”已保存为 PDF：{path}").format(title=outcome.title, path=outcome.destination)
        else:
            text = self.tr("“{title}”已送往打印机 {printer}（{pages} 页）").format(
                title=outcome.title, printer=outcome.destination, pages=outcome.pages)
        self.statusBar().showMessage(text, 15000)

    def _on_print_failed(self, message: str) -> None:
        self.show_message(self.tr("打印失败：{reason}").format(reason=message), "error")

    # -- dialogs ------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_changed.connect(self._settings_changed)
        dialog.open()
        emit(self.dialog_opened, dialog)

    def _settings_changed(self) -> None:
        from PySide6.QtWidgets import QApplication

        from .style import ui_font

        app = QApplication.instance()
        if app is not None and (self.settings.font_family or self.settings.has_font_size()):
            size = self.settings.font_size if self.settings.has_font_size() else None
            app.setFont(ui_font(app.font(), self.settings.font_family, size))
        if self.sync_status is not None and self.sync_status.server != self.settings.server:
            log.info("server changed to %s: takes effect at the next log-in", self.settings.server)
        self.statusBar().showMessage(self.tr("设置已保存"), 5000)

    def show_about(self) -> None:
        from .about_dialog import AboutDialog

        dialog = AboutDialog(self._db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        emit(self.dialog_opened, dialog)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        for menu in (self.ui.menuFile, self.ui.menuView, self.ui.menuWork, self.ui.menuHelp):
            for action in menu.actions():
                if action.isSeparator() or action.shortcut().isEmpty():
                    continue
                name = action.text().replace("&", "").split("(")[0].rstrip("…")
                rows.append((name, action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)))
        rows += [(self.tr("结果列表 ↔ 查找框"), "↓ / Esc"), (self.tr("展开/收起“为什么”"), "→ / ←")]
        return rows

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcut_rows(), self)
        dialog.open()
        emit(self.dialog_opened, dialog)

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()
        else:
            self.statusBar().showMessage(self.tr("演示模式没有登录，无需锁定"), 5000)

    # -- scans --------------------------------------------------------------------------------

    def route_scan(self, text: str) -> None:
        """A scan (or Enter on a receipt QR's text): open what it names, whatever room is shown."""
        text = text.strip()
        if not text or not self._ready:
            return
        if self.idle_lock is not None and self.idle_lock.locked:
            return
        if self.current_room() != "workspace":
            self.show_room("workspace")
        self.search_edit.blockSignals(True)
        self.search_edit.setText(text)
        self.search_edit.blockSignals(False)
        self._debounce.stop()
        self._activate_when_shown = True
        self.runner.submit(route, self._db, text, SEARCH_LIMIT, channel="search",
                           on_done=self._show_route, on_error=self._search_failed)

    def _show_route(self, result: Lookup | ReceiptScan) -> None:
        emit(self.scan_routed, result)
        if isinstance(result, Lookup):
            self._show_lookup(result)
            self.search_edit.selectAll()
            return
        self._activate_when_shown = False
        self.search_edit.selectAll()
        if not result.valid:
            self.show_message(result.message or "", "error")
            return
        if result.application_id:
            self.clear_message()
            self.open_application(result.application_id)
        elif result.credit_code:
            self.show_message(result.message or "", "info")
            self.show_enterprise(result.credit_code, reload=True)

    # -- keyboard ---------------------------------------------------------------------------

    def _fit_columns(self) -> None:
        """A narrow results pane keeps name, code and size; region and legal representative
        come back when there is room (the name usually starts with the place anyway)."""
        wide = self.results_view.viewport().width() >= 620
        for column in (SearchResultsModel.REGION, SearchResultsModel.LEGAL_REP):
            self.results_view.setColumnHidden(column, not wide)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.results_view and event.type() == QEvent.Type.Resize:
            self._fit_columns()
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

    def set_session(self, info: auth.SessionInfo | None) -> None:
        """The hall and window come with the account: the title says where this counter is."""
        base = self.tr("政策快享 · 窗口服务")
        if info is None:
            self.setWindowTitle(base)
            return
        where = info.hall_name or info.hall_code
        window = self.tr("{window} 号窗口").format(window=info.window) if info.window else ""
        mode = "" if info.mode == "online" else self.tr("（离线）")
        self.setWindowTitle(f"{base} — {where} {window} · {info.display_name}{mode}".replace("  ", " "))

    def enable_sync(self, server: str | None, *, start: bool = True, **kwargs: Any) -> SyncStatus:
        """Show the sync state in the status bar and run rounds in the background (F5: now)."""
        if self.sync_status is None:
            self.sync_status = SyncStatus(self._db, server, parent=self, **kwargs)
            self.sync_status.relogin_requested.connect(self.relogin)
            self.statusBar().insertPermanentWidget(0, self.sync_status)
        if start:
            self.sync_status.start()
        sync_room = self._rooms.get("sync")
        if sync_room is not None and hasattr(sync_room, "set_sync_status"):
            sync_room.set_sync_status(self.sync_status)
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

    def shutdown(self) -> bool:
        """Stop timers and wait (a bounded time) for background work; safe to call twice.
        False when a background task was still running at the end of the wait."""
        # Every runner's tasks are asked to stop at once, so that the bounded waits below
        # overlap instead of adding up (the lock's, the sync's, then the window's own).
        others = [part.runner for part in (self.idle_lock, self.sync_status) if part is not None]
        for runner in (self.runner, *others):
            runner.stop()
        self._debounce.stop()
        self._match_later.stop()
        self.scan_detector.shutdown()
        if self._wizard is not None:
            self._wizard.reject()
        for widget in self._rooms.values():
            stop = getattr(widget, "shutdown", None)
            if stop is not None:
                stop()
        if self._relogin_dialog is not None:
            self._relogin_dialog.reject()
        if self.idle_lock is not None:
            self.idle_lock.shutdown()
        if self.sync_status is not None:
            self.sync_status.shutdown()
        finished = self.runner.shutdown()
        self.printer.shutdown()  # after the runner: it also removes what a dropped print staged
        # The lock's and the sync's own runners were given the same bound above; one still busy
        # would block deleting this window just as well, so it counts as unfinished too.
        return finished and all(runner.wait(0) for runner in others)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_geometry("main", self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)
