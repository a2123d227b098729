"""工作台: where the visit happens. Find an enterprise, see its card and every policy item it
qualifies for, apply for one, print.

The clerk types (or the scanner sends) a credit code, part of a name, pinyin initials or the
legal representative's name.  Each keystroke restarts a short single-shot timer; when it fires
the lookup runs on the task runner's "search" channel, so only the answer to the latest text
is ever shown.  Selecting a row loads the enterprise's detail on the "detail" channel and the
card shows it; matching starts once the card is drawn.  Messages from the lookup service (a
licence QR link, a mistyped code, no match) appear in a label under the search box, never in
a modal dialog: the queue is waiting.

The window (``MainWindow``) owns the rooms, menus, status bar and session; this room tells it
what to show in the status bar (``status_message``) and what to open elsewhere
(``application_requested``).

Layout: forms/workspace_room.ui.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QWidget

from kuaixiang_core.domain import codes

from ...services.database import Database
from ...services.lookup import EnterpriseDetail, Lookup
from ...services.scan import ReceiptScan, is_receipt_text
from .. import message_label as msg
from .. import operations
from ..app_settings import AppSettings
from ..enterprise_card import EnterpriseCard
from ..generated.ui_workspace_room import Ui_WorkspaceRoom
from ..models.search_results_model import SearchResultsModel
from ..policy_panel import PolicyPanel
from ..print_actions import DocumentPrinter
from ..qtcompat import emit
from ..tasks import TaskRunner

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50
DEBOUNCE_MS = 150


class WorkspaceRoom(QWidget):
    """``lookup_fn`` and ``detail_fn`` default to the services; tests pass slower or failing
    ones. They run in worker threads and receive the ``Database``. ``as_of`` fixes the
    matching date (tests, demos)."""

    results_shown = Signal(object)  # the Lookup now in the table
    card_shown = Signal(str)  # credit code now on the card
    application_requested = Signal(str)  # an application id to open in its room
    scan_routed = Signal(object)  # the Lookup or ReceiptScan a scan led to
    licence_checked = Signal(object)  # the server's LicenceCheck of a 电子营业执照 code
    status_message = Signal(str, int)  # for the window's status bar: text ("" clears), timeout ms
    wizard_opened = Signal(object)  # the ApplyWizard
    wizard_closed = Signal()

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        printer: DocumentPrinter,
        settings: AppSettings,
        *,
        lookup_fn: Callable[[Database, str, int], Lookup] = operations.lookup,
        detail_fn: Callable[[Database, str], EnterpriseDetail | None] = operations.enterprise_detail,
        debounce_ms: int = DEBOUNCE_MS,
        as_of: dt.date | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._db = db
        self.runner = runner
        self.settings = settings
        self._as_of = as_of
        self._lookup_fn = lookup_fn
        self._detail_fn = detail_fn
        self._ready = True
        self._shown_query: str | None = None  # text whose results the table shows
        self._activate_when_shown = False
        self._licence_note: str | None = None  # said once the enterprise a verified licence named is shown
        self._wizard = None
        self._shut_down = False

        self.ui = Ui_WorkspaceRoom()
        self.ui.setupUi(self)
        self.search_edit = self.ui.searchEdit
        self.results_view = self.ui.resultsView
        self.card: EnterpriseCard = self.ui.enterpriseCard
        self.message_label = self.ui.messageLabel
        self.message_label.hide()

        self.model = SearchResultsModel(self)
        self.results_view.setModel(self.model)
        self._setup_columns()
        self.printer = printer
        self.policy_panel = PolicyPanel(db, runner, printer, self)
        self.policy_panel.setObjectName("policyPanel")
        self.ui.splitter.addWidget(self.policy_panel)
        self.policy_panel.apply_requested.connect(self.open_apply_wizard)
        # The window's menu actions carry these keys (and show them); the panel's own
        # shortcuts are for the panel on its own.
        for shortcut in [*self.policy_panel.apply_shortcuts, self.policy_panel.print_shortcut]:
            shortcut.setEnabled(False)
        self.card.application_activated.connect(self.application_requested)
        self.policy_panel.application_requested.connect(self.application_requested)
        self.card.draft_activated.connect(self.open_draft)
        self.card.draft_discard_requested.connect(self.discard_draft)
        self.ui.leftSplitter.setStretchFactor(0, 2)
        self.ui.leftSplitter.setStretchFactor(1, 3)
        self.ui.leftSplitter.setSizes([260, 420])
        self.ui.splitter.setStretchFactor(0, 2)
        self.ui.splitter.setStretchFactor(1, 3)
        self.ui.splitter.setSizes([540, 800])

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

    def _fit_columns(self) -> None:
        """A narrow results pane keeps name, code and size; region and legal representative
        come back when there is room (the name usually starts with the place anyway)."""
        wide = self.results_view.viewport().width() >= 620
        for column in (SearchResultsModel.REGION, SearchResultsModel.LEGAL_REP):
            self.results_view.setColumnHidden(column, not wide)

    # -- state ------------------------------------------------------------------------------

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

    def set_ready(self) -> None:
        self._ready = True
        self.search_edit.setEnabled(True)
        self.card.show_placeholder()
        self.focus_search()
        if self.search_edit.text().strip():
            self.search_now()

    # -- messages ---------------------------------------------------------------------------

    def show_message(self, text: str, level: str = "info") -> None:
        """A message under the search box; ``level`` is info, warning or error."""
        msg.show_message(self.message_label, text, level)

    def clear_message(self) -> None:
        msg.clear_message(self.message_label)

    def message(self) -> str | None:
        return msg.message_of(self.message_label)

    # -- searching --------------------------------------------------------------------------

    # -- 电子营业执照 -------------------------------------------------------------------------

    def _check_licence(self, code: str) -> None:
        """Nothing in the code is trusted: the server says whom it names (services/licence)."""
        self.show_message(self.tr("正在向中心核验电子营业执照…"), "info")
        self.runner.submit(operations.check_licence, self._db, code, channel="licence",
                           on_done=self._licence_checked, on_error=self._search_failed)

    def _licence_checked(self, check) -> None:
        emit(self.licence_checked, check)
        if check.verified:
            self._licence_note = check.message
            self.route_scan(check.credit_code)  # the enterprise the server vouched for, as if scanned
            return
        self.show_message(check.message, "warning")
        self.focus_search()  # the link is selected: typing the credit code replaces it

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _on_text_changed(self, text: str) -> None:
        if not text.strip():
            self._debounce.stop()
            self.runner.invalidate("search")
            self.show_lookup(Lookup("results", ""))
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
            self.show_lookup(Lookup("results", ""))
            return
        self.runner.submit(self._lookup_fn, self._db, text, SEARCH_LIMIT, channel="search",
                           on_done=self.show_lookup, on_error=self._search_failed)

    def open_enterprise(self, credit_code: str) -> None:
        """Find ``credit_code`` and put it on the card (from another room, a receipt)."""
        self.search_edit.setText(credit_code)
        self._activate_when_shown = True
        self.search_now()

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

    def show_lookup(self, result: Lookup) -> None:
        self._shown_query = result.query
        activate = self._activate_when_shown
        self._activate_when_shown = False
        shown_code = self.card.credit_code
        self.model.set_hits(result.hits, result.query)

        unknown_code = self._unknown_code(result)
        note, self._licence_note = self._licence_note, None
        if result.kind == "licence_link":
            self._check_licence(result.query)
        elif result.kind == "invalid_code" and result.message:
            self.show_message(result.message, "warning")
        elif note and result.hits:
            self.show_message(note, "info")
        elif unknown_code:
            self.show_message(
                self.tr("本地库中没有统一社会信用代码为 {code} 的企业（代码本身无误）。请核对营业执照上的代码；"
                        "新登记的企业要在同步后才查得到。").format(code=unknown_code),
                "warning",
            )
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
            emit(self.status_message, status, 0)
        else:
            emit(self.status_message, "", 0)

        keep = self.model.row_of(shown_code) if shown_code else -1
        # A wrong or unknown code (scanned, typed whole, or Enter on a search that found
        # nothing) means another visit: the last enterprise must not stay live under it.
        opens_nothing = result.kind in ("licence_link", "invalid_code") or (
            not result.hits and (activate or bool(unknown_code)))
        # A mistyped code's hits are lookalikes: the clerk picks one, we do not guess.
        if opens_nothing:
            self.clear_enterprise(self.message())
        elif result.kind == "results" and (activate or len(result.hits) == 1):
            self._activate_row(0)
        elif keep >= 0:
            self._select_row(keep)
        emit(self.results_shown, result)

    def _unknown_code(self, result: Lookup) -> str | None:
        """The code when ``result`` is a well-formed credit code that no enterprise here has."""
        if result.kind != "results" or result.hits or not result.query:
            return None
        check = codes.check_code(result.query)
        return check.normalized if check.valid and check.kind == "uscc" else None

    def _search_failed(self, exc: BaseException) -> None:
        log.error("search failed", exc_info=(type(exc), exc, exc.__traceback__))
        self._activate_when_shown = False
        self.show_message(self.tr("查找时出错：{error}。请重试；如果一再出现，请联系系统管理员。").format(error=exc), "error")

    # -- scans ------------------------------------------------------------------------------

    def route_scan(self, text: str) -> None:
        """A scan (or Enter on a receipt QR's text): open what it names."""
        self.search_edit.blockSignals(True)
        self.search_edit.setText(text)
        self.search_edit.blockSignals(False)
        self._debounce.stop()
        self._activate_when_shown = True
        self.runner.submit(operations.route_scan, self._db, text, SEARCH_LIMIT, channel="search",
                           on_done=self.show_route, on_error=self._search_failed)

    def show_route(self, result: Lookup | ReceiptScan) -> None:
        emit(self.scan_routed, result)
        if isinstance(result, Lookup):
            self.show_lookup(result)
            self.search_edit.selectAll()
            return
        self._activate_when_shown = False
        self.search_edit.selectAll()
        if not result.valid:
            self.show_message(result.message or "", "error")
            self.clear_enterprise(result.message)
            return
        if result.application_id:
            self.clear_message()
            emit(self.application_requested, result.application_id)
        elif result.credit_code:
            self.show_message(result.message or "", "info")
            self.show_enterprise(result.credit_code, reload=True)

    # -- the card ---------------------------------------------------------------------------

    def clear_enterprise(self, reason: str | None = None) -> None:
        """No enterprise on screen: the card and the policy panel empty, nothing selected, no
        load or match of the last one still to come (the window's title follows the card)."""
        self.runner.invalidate("detail")
        self._match_later.stop()
        self._match_for = None
        self.results_view.selectionModel().clear()
        self.card.show_placeholder(reason)
        self.policy_panel.show_placeholder()

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
        self.show_enterprise(hit.credit_code, reload=reload)

    def show_enterprise(self, credit_code: str, *, reload: bool = False) -> None:
        """Load ``credit_code``'s detail in the background and put it on the card."""
        if not reload and self.card.credit_code == credit_code:
            return

        def shown(detail: EnterpriseDetail | None) -> None:
            if detail is None:
                self.card.show_placeholder(
                    self.tr("没有找到统一社会信用代码为 {code} 的企业记录，请重新查找。").format(code=credit_code)
                )
                self.policy_panel.show_placeholder()
                return
            self.card.show_detail(detail)
            code = detail.credit_code
            self._load_drafts(code)
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

    # -- applying and printing --------------------------------------------------------------

    def focus_policies(self) -> None:
        self.policy_panel.focus_items()

    def apply_for_current_item(self) -> None:
        """Ctrl+Enter: the panel decides whether its current item can be applied for here."""
        if self.policy_panel.current_item_id():
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
        # A draft of this visit goes on where it stopped rather than starting over.
        draft = next((d for d in self.card.drafts if d.item_id == item_id), None)
        if draft is not None:
            self.open_draft(draft.id)
            return
        self._open_wizard(code, item_id, None)

    # -- drafts (services.drafts, local to this machine) --------------------------------------

    def _load_drafts(self, code: str) -> None:
        def failed(exc: BaseException) -> None:
            log.error("listing the drafts of %s failed", code, exc_info=(type(exc), exc, exc.__traceback__))

        self.runner.submit(operations.list_drafts, self._db, code, channel="card-drafts",
                           on_done=self.card.show_drafts, on_error=failed)
        self.runner.submit(operations.open_pledges, self._db, code, channel="card-pledges",
                           on_done=self.card.show_pledges, on_error=failed)

    def open_draft(self, draft_id: str) -> None:
        """Reopen the apply wizard with a saved draft (from the card or the applications room)."""
        if self._wizard is not None:
            self._wizard.raise_()
            return

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, LookupError):
                log.error("loading draft %s failed", draft_id, exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(self.tr("无法打开草稿：{error}").format(error=exc), "error")

        self.runner.submit(operations.load_draft, self._db, draft_id, channel="open-draft",
                           on_done=lambda draft: self._open_wizard(draft.row.credit_code, draft.row.item_id, draft),
                           on_error=failed)

    def discard_draft(self, draft_id: str) -> None:
        code = self.card.credit_code

        def done(_gone: bool) -> None:
            self.show_message(self.tr("草稿已放弃。"), "info")
            if code and self.card.credit_code == code:
                self._load_drafts(code)

        self.runner.submit(operations.discard_draft, self._db, draft_id, channel="discard-draft", on_done=done,
                           on_error=lambda exc: self.show_message(
                               self.tr("无法放弃草稿：{error}").format(error=exc), "error"))

    def _open_wizard(self, code: str, item_id: str, draft) -> None:
        if self._wizard is not None:
            self._wizard.raise_()
            return
        from ..apply_wizard import ApplyWizard

        wizard = ApplyWizard(self._db, self.runner, self.printer, code, item_id, paper=self.settings.paper,
                             scanner_folder=self.settings.value("scanner_folder"), parent=self.window(), draft=draft)
        self._wizard = wizard

        def closed(_result: int = 0) -> None:
            self._wizard = None
            wizard.deleteLater()
            emit(self.wizard_closed)
            if self._shut_down:
                return  # the window is closing: its runner takes no more work
            self.show_enterprise(code, reload=True)
            self.focus_search()

        wizard.finished.connect(closed)
        wizard.open()
        emit(self.wizard_opened, wizard)

    def ask_before_quitting(self) -> bool:
        """True when the open wizard holds what was entered and not filed: it asks 保存草稿 /
        放弃 / 继续填写 (as on Esc) and the window must stay open for the answer."""
        wizard = self._wizard
        if wizard is None or not wizard.holds_input():
            return False
        wizard.raise_()
        wizard.activateWindow()
        wizard.reject()
        return True

    def print_checklist(self) -> None:
        if not self.card.credit_code:
            self.show_message(self.tr("请先打开企业，再打印一企一策清单。"), "info")
            return
        self.policy_panel.print_checklist()

    # -- keyboard ---------------------------------------------------------------------------

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
            elif watched is self.results_view and key == Qt.Key.Key_Up and self._current_row() == 0:
                self.focus_search()
                return True
        return super().eventFilter(watched, event)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the timers and close the wizard: nothing queued reaches a stopped runner."""
        self._shut_down = True
        self._debounce.stop()
        self._match_later.stop()
        if self._wizard is not None:
            self._wizard.close_without_asking()
