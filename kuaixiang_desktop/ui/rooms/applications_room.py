"""The applications room (申请管理): every application filed at this window, its detail, and
what the clerk may still do with it: reprint the receipt, open the enterprise, withdraw.

The list loads on the ``applications`` channel whenever a filter changes (the text filter after
a short pause), the selected application's detail on ``application-detail``; a reprint and a
transition each run in a worker too.  Withdrawing asks for the reason in a panel under the
detail (Enter confirms, Esc cancels) instead of a modal dialog: the queue is waiting.

The agent's ID and phone show masked; 查看经办人完整信息 asks for a reason and the password
again (``RevealDialog``, checked on a worker, audited) and shows them unmasked until another
application is selected or :data:`REVEAL_MS` have passed, when the masked detail comes back.

Only the transitions a window clerk makes are offered: 撤回.  The others in
``domain.application_state`` belong elsewhere: 受理 is filing again with the materials
(it gives the receipt number), 报送 is sync's, 审核/兑现 are the department's on the platform.

Above the list, this hall's 草稿 (services.drafts: applications started in the apply wizard and
closed before filing, kept on this machine only): Enter or a double click continues one in the
workspace (``draft_requested``), Delete gives it up.

Layout: forms/applications_room.ui.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QWidget

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import SHANGHAI

from ...services import applications, receipts
from ...services.application_types import ApplicationDetail, ApplicationRow
from ...services.database import Database
from .. import operations
from ..generated.ui_applications_room import Ui_ApplicationsRoom
from ..message_label import MessageLineMixin
from ..models.applications_model import ApplicationsModel, status_label
from ..models.drafts_model import DraftsModel
from ..qtcompat import emit
from ..rating_dialog import RatingDialog
from ..reveal_dialog import RevealDialog
from ..tasks import TaskRunner
from .application_html import application_html
from .pledges_panel import PledgesPanel

log = logging.getLogger(__name__)

LIST_LIMIT = 500
DEBOUNCE_MS = 250
REVEAL_MS = 60_000  # how long revealed numbers stay on screen: long enough to read them out
PERIODS = ("today", "week", "month", "all")
# The transitions a window clerk makes from this room (see the module docstring).
CLERK_TARGETS = (states.WITHDRAWN,)


def period_start(period: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Start of today / this week (Monday) / this month in Beijing time, as an aware UTC
    datetime; ``None`` for all time."""
    if period == "all":
        return None
    local = (now or clock.now()).astimezone(SHANGHAI)
    day = local.date()
    if period == "week":
        day -= dt.timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    elif period != "today":
        raise ValueError(f"unknown period {period!r}")
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI).astimezone(dt.UTC)


class ApplicationsRoom(MessageLineMixin, QWidget):
    """``printer`` is the window's DocumentPrinter; ``layout_fn()`` gives the receipt paper
    ("a4" / "80mm"), by default the printer's own settings."""

    enterprise_requested = Signal(str)  # credit code
    application_shown = Signal(str)  # application id now in the detail pane
    list_loaded = Signal(int)  # rows now in the table
    transitioned = Signal(str, str)  # application id, new status
    receipt_printed = Signal(str)  # application id
    agent_revealed = Signal(str)  # application id whose agent is now shown unmasked
    agent_masked = Signal(str)  # application id whose agent is masked again
    draft_requested = Signal(str, str)  # draft id, credit code: continue it in the workspace
    drafts_loaded = Signal(int)  # drafts now listed

    def __init__(self, db: Database, runner: TaskRunner, printer, parent: QWidget | None = None, *,
                 layout_fn: Callable[[], str] | None = None, debounce_ms: int = DEBOUNCE_MS,
                 reveal_ms: int = REVEAL_MS, pad_fn: Callable[[], object | None] | None = None):
        super().__init__(parent)
        self._db = db
        # The hall's evaluator pad when it has one (devices.evaluator); None: the rating screen.
        self._pad_fn = pad_fn or (lambda: None)
        self._pad_asking: str | None = None  # the 办件 the pad is asking about
        self._runner = runner
        self._printer = printer
        self._layout_fn = layout_fn or self._printer_paper
        self._detail: ApplicationDetail | None = None
        self._wanted_id: str | None = None  # open_application's id, until the list shows it
        self._awaiting_print: str | None = None  # application id of our job at the printer
        self._making_receipt = False  # a second Ctrl+P while one renders would print twice

        self.ui = Ui_ApplicationsRoom()
        self.ui.setupUi(self)
        self.message_label = self.ui.messageLabel
        self.message_label.hide()
        self.ui.withdrawPanel.hide()
        self.view = self.ui.applicationsView
        self.model = ApplicationsModel(self)
        self.view.setModel(self.model)
        self._setup_columns()
        self.drafts_model = DraftsModel(self)
        self.ui.draftsView.setModel(self.drafts_model)
        self.ui.draftsView.activated.connect(lambda index: self.continue_draft(index.row()))
        self.ui.draftsView.installEventFilter(self)
        self.ui.draftsGroup.hide()
        self.pledges = PledgesPanel(db, runner, self)
        self.ui.roomLayout.insertWidget(self.ui.roomLayout.indexOf(self.ui.draftsGroup) + 1, self.pledges)
        self.pledges.application_selected.connect(self.open_application)
        self.pledges.message.connect(lambda level, text: self.show_message(text, level))
        self.pledges.received.connect(lambda app_id, _name: self._reload_if_shown(app_id))
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([900, 440])

        combo = self.ui.statusCombo
        combo.addItem(self.tr("全部状态"), "")
        for status in states.STATUSES:
            combo.addItem(status_label(status), status)
        period_names = {"today": self.tr("今天"), "week": self.tr("本周"), "month": self.tr("本月"), "all": self.tr("全部")}
        for period in PERIODS:
            self.ui.periodCombo.addItem(period_names[period], period)
        self.ui.periodCombo.setCurrentIndex(PERIODS.index("all"))

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.refresh)
        self._remask = QTimer(self)
        self._remask.setSingleShot(True)
        self._remask.setInterval(reveal_ms)
        self._remask.timeout.connect(self.mask_agent)
        self.reveal_dialog: RevealDialog | None = None

        combo.currentIndexChanged.connect(self.refresh)
        self.ui.periodCombo.currentIndexChanged.connect(self.refresh)
        self.ui.filterEdit.textChanged.connect(lambda _text: self._debounce.start())
        self.ui.filterEdit.returnPressed.connect(self.refresh)
        self.ui.filterEdit.installEventFilter(self)
        self.ui.refreshButton.clicked.connect(self.refresh)
        self.view.installEventFilter(self)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.ui.printButton.clicked.connect(self.print_receipt)
        self.ui.enterpriseButton.clicked.connect(self.request_enterprise)
        self.ui.withdrawButton.clicked.connect(self.begin_withdraw)
        self.ui.revealButton.clicked.connect(self.begin_reveal)
        self.rating_dialog: RatingDialog | None = None
        self.ui.rateButton.clicked.connect(self.ask_rating)
        self.ui.progressButton.clicked.connect(self.print_progress)
        self.ui.confirmWithdrawButton.clicked.connect(self.confirm_withdraw)
        self.ui.cancelWithdrawButton.clicked.connect(self.cancel_withdraw)
        self.ui.reasonEdit.returnPressed.connect(self.confirm_withdraw)
        self.ui.reasonEdit.installEventFilter(self)

        self._shortcuts = {
            "filter": self._shortcut(QKeySequence.StandardKey.Find, self.focus_filter),
            "refresh": self._shortcut(QKeySequence("Ctrl+Shift+R"), self.refresh),
            "print": self._shortcut(QKeySequence("Ctrl+P"), self.print_receipt),
            "enterprise": self._shortcut(QKeySequence("Ctrl+O"), self.request_enterprise),
            "withdraw": self._shortcut(QKeySequence("Ctrl+D"), self.begin_withdraw),
            "reveal": self._shortcut(QKeySequence("Ctrl+Shift+I"), self.begin_reveal),
        }
        printer.printed.connect(self._on_printed)
        printer.failed.connect(self._on_print_failed)
        printer.preview_opened.connect(self._on_preview_opened)
        self._show_detail(None)

    def _shortcut(self, keys, slot) -> QShortcut:
        # Window-wide, but only while this room is visible (Qt ignores hidden widgets' shortcuts).
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def _printer_paper(self) -> str:
        paper = getattr(self._printer, "paper", None)
        return paper() if callable(paper) else "a4"

    def _setup_columns(self) -> None:
        header = self.view.horizontalHeader()
        fm = self.view.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ApplicationsModel.ENTERPRISE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ApplicationsModel.ITEM, QHeaderView.ResizeMode.Stretch)
        code_fm = QFontMetrics(self.model.code_font)
        widths = {
            ApplicationsModel.RECEIPT_NO: code_fm.horizontalAdvance("371502-01-20261126-ABCD-0001"),
            ApplicationsModel.STATUS: fm.horizontalAdvance("已审核通过"),
            ApplicationsModel.CREATED_AT: fm.horizontalAdvance("2026-11-26 13:46"),
            ApplicationsModel.SYNC: fm.horizontalAdvance("冲突，须处理"),
        }
        for column, width in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(column, max(width, fm.horizontalAdvance(title)) + 28)
        self.view.verticalHeader().setDefaultSectionSize(fm.height() + 14)

    # -- the list ---------------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.ui.filterEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.filterEdit.selectAll()

    def set_filters(self, *, status: str | None = None, text: str | None = None, period: str | None = None) -> None:
        """Set several filters at once and load once; ``status=""`` is every status."""
        widgets = (self.ui.statusCombo, self.ui.periodCombo, self.ui.filterEdit)
        for w in widgets:
            w.blockSignals(True)
        try:
            if status is not None:
                self.ui.statusCombo.setCurrentIndex(max(0, self.ui.statusCombo.findData(status)))
            if period is not None:
                self.ui.periodCombo.setCurrentIndex(PERIODS.index(period))
            if text is not None:
                self.ui.filterEdit.setText(text)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Load the list with the current filters (in the background)."""
        self._debounce.stop()
        status = self.ui.statusCombo.currentData() or None
        period = self.ui.periodCombo.currentData() or "all"
        text = self.ui.filterEdit.text().strip() or None
        self._runner.submit(
            operations.search_applications, self._db, status, text, period_start(period), LIST_LIMIT,
            channel="applications", on_done=self._show_rows, on_error=self._list_failed,
        )
        self._runner.submit(operations.list_drafts, self._db, None, channel="room-drafts",
                            on_done=self._show_drafts, on_error=self._list_failed)
        self.pledges.refresh()

    def _reload_if_shown(self, application_id: str) -> None:
        if self._detail is not None and self._detail.id == application_id:
            self.load_detail(application_id, keep_message=True)

    # -- drafts -----------------------------------------------------------------------------

    def _show_drafts(self, rows) -> None:
        self.drafts_model.set_rows(rows)
        self.ui.draftsGroup.setVisible(bool(rows))
        view = self.ui.draftsView
        if rows:  # as tall as its rows, up to four: the applications below keep the room
            view.setFixedHeight(min(len(rows), 4) * view.sizeHintForRow(0) + 2 * view.frameWidth() + 2)
        if rows and not self.ui.draftsView.currentIndex().isValid():
            self.ui.draftsView.setCurrentIndex(self.drafts_model.index(0, 0))
        emit(self.drafts_loaded, len(rows))

    def continue_draft(self, row: int) -> None:
        draft = self.drafts_model.draft(row)
        if draft is not None:
            emit(self.draft_requested, draft.id, draft.credit_code)

    def discard_draft(self, row: int) -> None:
        draft = self.drafts_model.draft(row)
        if draft is None:
            return

        def done(_gone: bool) -> None:
            self.show_message(self.tr("已放弃草稿：{enterprise} · {title}").format(
                enterprise=draft.enterprise_name, title=draft.item_title or draft.item_id), "info")
            self.refresh()

        self._runner.submit(operations.discard_draft, self._db, draft.id, channel="room-discard-draft",
                            on_done=done, on_error=self._list_failed)

    def _show_rows(self, rows: tuple[ApplicationRow, ...]) -> None:
        keep = self._wanted_id or (self._detail.id if self._detail else None)
        self.model.set_rows(rows)
        if len(rows) >= LIST_LIMIT:
            self.ui.countLabel.setText(self.tr("显示最近 {count} 份，请缩小范围").format(count=len(rows)))
        else:
            self.ui.countLabel.setText(self.tr("共 {count} 份").format(count=len(rows)))
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self._select_row(row)  # the reset cleared the selection: this reloads the detail too
        emit(self.list_loaded, len(rows))

    def _list_failed(self, exc: BaseException) -> None:
        log.error("listing applications failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.show_message(self.tr("读取申请列表时出错：{error}").format(error=exc), "error")

    def _current_row(self) -> int:
        index = self.view.selectionModel().currentIndex()
        return index.row() if index.isValid() else -1

    def _select_row(self, row: int) -> None:
        """Select ``row``; a change of row loads its detail (currentRowChanged)."""
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        application_id = self.model.data(current, ApplicationsModel.IdRole) if current.isValid() else None
        if application_id:
            self.load_detail(application_id)

    # -- the detail -------------------------------------------------------------------------

    def open_application(self, application_id: str) -> None:
        """Show ``application_id`` (a scanned receipt's), whatever the filters; selected in
        the table when the list holds it."""
        application_id = application_id.strip().lower()
        self._wanted_id = application_id
        row = self.model.row_of(application_id)
        if row >= 0 and row != self._current_row():
            self._select_row(row)
        else:
            self.load_detail(application_id)

    def load_detail(self, application_id: str, *, keep_message: bool = False) -> None:
        """``keep_message``: a refresh of the application on screen (its print record after a
        reprint) leaves the room's message alone: the print's 「已送往 …」 may arrive first."""
        if application_id != self.current_id:
            self.cancel_withdraw()
        if self._detail is not None and self._detail.agent.revealed:
            # Unmasked numbers leave the screen now, not when the next detail arrives.
            masked_id = self._detail.id
            self._show_detail(None)
            emit(self.agent_masked, masked_id)

        def failed(exc: BaseException) -> None:
            self._wanted_id = None
            if isinstance(exc, applications.ApplicationNotFound):
                self.show_message(self.tr("本机没有编号为 {id} 的申请").format(id=application_id), "warning")
                return
            log.error("loading application %s failed", application_id, exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(self.tr("读取申请时出错：{error}").format(error=exc), "error")

        self._runner.submit(operations.application_detail, self._db, application_id, channel="application-detail",
                            on_done=lambda detail: self._show_detail_loaded(detail, keep_message), on_error=failed)

    def _show_detail_loaded(self, detail: ApplicationDetail, keep_message: bool = False) -> None:
        self._wanted_id = None
        if not keep_message:
            self.clear_message()
        self._show_detail(detail)
        emit(self.application_shown, detail.id)

    def _show_detail(self, detail: ApplicationDetail | None) -> None:
        if not (detail and detail.agent.revealed):
            self._remask.stop()
        self._detail = detail
        if detail is None:
            self.ui.detailBrowser.clear()
        else:
            self.ui.detailBrowser.setHtml(application_html(detail))
        accepted = bool(detail and detail.receipt_no)
        printed_before = bool(detail and detail.receipt_printed)
        self.ui.printButton.setEnabled(accepted)
        self.ui.printButton.setText(self.tr("补打回执 (Ctrl+P)") if printed_before or not accepted
                                    else self.tr("打印回执 (Ctrl+P)"))
        self.ui.enterpriseButton.setEnabled(bool(detail and detail.credit_code))
        self.ui.withdrawButton.setEnabled(bool(detail) and bool(self.allowed_targets()))
        self.ui.revealButton.setEnabled(bool(detail and detail.agent.id_number and not detail.agent.revealed))
        self.ui.rateButton.setEnabled(bool(accepted and detail and detail.rating is None) and self.rating_dialog is None
                                      and self._pad_asking is None)
        self.ui.rateButton.setText(self.tr("已评价：{level}").format(level=detail.rating) if detail and detail.rating
                                   else self.tr("请企业评价…"))
        self.ui.progressButton.setEnabled(accepted)

    @property
    def detail(self) -> ApplicationDetail | None:
        return self._detail

    @property
    def current_id(self) -> str | None:
        return self._detail.id if self._detail else None

    def allowed_targets(self) -> list[str]:
        if not self._detail:
            return []
        allowed = states.TRANSITIONS.get(self._detail.status, frozenset())
        return [t for t in CLERK_TARGETS if t in allowed]

    # -- actions ----------------------------------------------------------------------------

    def request_enterprise(self) -> None:
        if self._detail and self._detail.credit_code:
            emit(self.enterprise_requested, self._detail.credit_code)

    def print_receipt(self) -> None:
        """Print the selected application's receipt again (补打), or for the first time if
        it never was (a crash between filing and printing)."""
        detail = self._detail
        if not detail or not self.ui.printButton.isEnabled() or self._making_receipt:
            return
        application_id = detail.id
        reprint = detail.receipt_printed
        layout = self._layout_fn()

        def printed(result: receipts.Printed) -> None:
            self._making_receipt = False
            self._awaiting_print = application_id
            title = self.tr("受理回执 {receipt_no}").format(receipt_no=result.receipt_no or "")
            self._printer.print_pdf(result.pdf, layout, title, parent=self.window())
            if self._detail and self._detail.id == application_id:
                self.load_detail(application_id, keep_message=True)  # the print record now lists this one

        def failed(exc: BaseException) -> None:
            self._making_receipt = False
            if isinstance(exc, receipts.ReceiptRefused):
                self.show_message(str(exc), "warning")
                return
            log.error("receipt for %s failed", application_id, exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(self.tr("生成回执时出错：{error}").format(error=exc), "error")

        self._making_receipt = True
        self.show_message(self.tr("正在生成回执……"), "info")
        self._runner.submit(operations.render_receipt, self._db, application_id, layout, reprint=reprint,
                            channel="application-print", on_done=printed, on_error=failed)

    def print_progress(self) -> None:
        """The 办理进度告知单 for the enterprise: the course as last synced."""
        detail = self._detail
        if not detail or not detail.receipt_no or self._making_receipt:
            return
        application_id, layout = detail.id, self._layout_fn()

        def printed(result: receipts.Printed) -> None:
            self._making_receipt = False
            self._awaiting_print = application_id
            title = self.tr("办理进度告知单 {receipt_no}").format(receipt_no=result.receipt_no or "")
            self._printer.print_pdf(result.pdf, layout, title, parent=self.window())

        def failed(exc: BaseException) -> None:
            self._making_receipt = False
            log.error("progress notice for %s failed", application_id, exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(self.tr("生成办理进度告知单时出错：{error}").format(error=exc), "error")

        self._making_receipt = True
        self._runner.submit(operations.render_progress, self._db, application_id, layout,
                            channel="application-print", on_done=printed, on_error=failed)

    def ask_rating(self) -> None:
        """Turn the rating screen to the enterprise (a second screen when there is one): the
        enterprise rates this 办件 itself."""
        detail = self._detail
        if not detail or not detail.receipt_no or detail.rating or self.rating_dialog is not None:
            return
        application_id = detail.id
        pad = self._pad_fn()
        if pad is not None:
            self._rate_on_pad(pad, application_id, detail.receipt_no)
            return

        def ready(banjian) -> None:
            dialog = RatingDialog(self._db, banjian, self.window(),
                                  hall_line="　".join(v for v in (detail.hall_name, detail.window and
                                                                  self.tr("{window} 号窗口").format(window=detail.window))
                                                      if v))
            self.rating_dialog = dialog
            dialog.finished.connect(lambda _result: self._rating_closed(application_id))
            dialog.show_facing()

        def failed(exc: BaseException) -> None:
            self.show_message(getattr(exc, "message", str(exc)), "warning")

        self._runner.submit(operations.banjian, self._db, detail.receipt_no, channel="application-rating",
                            on_done=ready, on_error=failed)

    def _rate_on_pad(self, pad, application_id: str, receipt_no: str) -> None:
        """The enterprise rates on the hall's evaluator pad; the pad's wait (up to two minutes
        for a press) is a worker's, never the window's."""
        if self._pad_asking is not None:
            return
        self._pad_asking = receipt_no
        self.ui.rateButton.setEnabled(False)
        self.show_message(self.tr("请企业在评价器上评价办件 {receipt_no}…").format(receipt_no=receipt_no))

        def done(view) -> None:
            self._pad_asking = None
            if view is None:
                self.show_message(self.tr("评价器没有收到评价：企业也可以扫描回执上的二维码评价。"), "warning")
            else:
                self.show_message(self.tr("企业已评价：{level}").format(level=view.level_name))
            if self._detail and self._detail.id == application_id:
                self.load_detail(application_id, keep_message=True)

        def failed(exc: BaseException) -> None:
            self._pad_asking = None
            self.show_message(getattr(exc, "message", str(exc)), "warning")
            if self._detail and self._detail.id == application_id:
                self.load_detail(application_id, keep_message=True)

        self._runner.submit(operations.rate_by_pad, self._db, pad, receipt_no, channel="application-rating-pad",
                            on_done=done, on_error=failed)

    def _rating_closed(self, application_id: str) -> None:
        dialog, self.rating_dialog = self.rating_dialog, None
        if dialog is not None:
            dialog.deleteLater()
            if dialog.result_view is not None:
                self.show_message(self.tr("企业已评价：{level}").format(level=dialog.result_view.level_name))
        if self._detail and self._detail.id == application_id:
            self.load_detail(application_id, keep_message=True)

    def _on_printed(self, outcome) -> None:
        if self._awaiting_print is None:
            return  # another room's print
        application_id, self._awaiting_print = self._awaiting_print, None
        self.show_message(self.tr("{title} 已送往 {destination}").format(title=outcome.title, destination=outcome.destination))
        emit(self.receipt_printed, application_id)

    def _on_print_failed(self, message: str) -> None:
        if self._awaiting_print is None:
            return
        self._awaiting_print = None
        self.show_message(message, "error")

    def _on_preview_opened(self, _dialog) -> None:
        if self._awaiting_print is None:
            return
        application_id, self._awaiting_print = self._awaiting_print, None
        self.show_message(self.tr("已打开打印预览"))
        emit(self.receipt_printed, application_id)

    def begin_withdraw(self) -> None:
        if states.WITHDRAWN not in self.allowed_targets():
            if self._detail:
                self.show_message(
                    self.tr("申请当前为「{status}」，不能撤回").format(status=status_label(self._detail.status)), "warning"
                )
            return
        self.ui.withdrawPanel.show()
        self.ui.reasonEdit.clear()
        self.ui.reasonEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cancel_withdraw(self) -> None:
        self.ui.withdrawPanel.hide()
        self.ui.reasonEdit.clear()

    def confirm_withdraw(self) -> None:
        if self._detail is None or self.ui.withdrawPanel.isHidden():
            return
        reason = self.ui.reasonEdit.text().strip()
        if not reason:
            self.show_message(self.tr("请填写撤回原因：撤回必须写明原因"), "warning")
            self.ui.reasonEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.transition_to(states.WITHDRAWN, reason)

    def transition_to(self, target: str, reason: str | None = None) -> None:
        """Move the shown application to ``target`` in the background."""
        if self._detail is None:
            return
        application_id = self._detail.id
        self.ui.confirmWithdrawButton.setEnabled(False)

        def done(detail: ApplicationDetail) -> None:
            self.ui.confirmWithdrawButton.setEnabled(True)
            self.cancel_withdraw()
            self.model.update_row(application_id, status=detail.status, sync_state=detail.sync_state)
            if self._detail and self._detail.id == application_id:
                self._show_detail(detail)
            self.show_message(self.tr("申请已变为「{status}」").format(status=status_label(detail.status)))
            emit(self.transitioned, application_id, detail.status)

        def failed(exc: BaseException) -> None:
            self.ui.confirmWithdrawButton.setEnabled(True)
            if isinstance(exc, (states.TransitionError, applications.ApplyRefused)):
                self.show_message(str(exc), "warning")
                return
            log.error("transition of %s failed", application_id, exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(self.tr("变更申请状态时出错：{error}").format(error=exc), "error")

        self._runner.submit(operations.change_status, self._db, application_id, target, reason,
                            channel="application-transition", on_done=done, on_error=failed)

    def begin_reveal(self) -> None:
        """Ask for the reason and the password again (the dialog checks them on a worker)."""
        detail = self._detail
        if detail is None or not self.ui.revealButton.isEnabled() or self.reveal_dialog is not None:
            return
        label = f"{detail.enterprise_name or ''} · {detail.item_title or ''}（{detail.receipt_no or detail.id}）"
        dialog = RevealDialog(self._db, detail.id, label, parent=self)
        dialog.revealed.connect(self._on_revealed)
        dialog.finished.connect(lambda _result: self._reveal_dialog_closed(dialog))
        self.reveal_dialog = dialog
        dialog.open()

    def _reveal_dialog_closed(self, dialog: RevealDialog) -> None:
        if self.reveal_dialog is dialog:
            self.reveal_dialog = None
        dialog.deleteLater()

    def _on_revealed(self, result) -> None:
        if self._detail is None or self._detail.id != result.detail.id:
            return  # the clerk moved on meanwhile: nothing unmasked is put on screen
        self._show_detail(result.detail)
        self._remask.start()
        self.show_message(self.tr("已显示经办人完整信息，{seconds} 秒后自动隐藏；此次查看已记入审计日志").format(
            seconds=self._remask.interval() // 1000))
        emit(self.agent_revealed, result.detail.id)

    def mask_agent(self) -> None:
        """Put the masked detail back (the unmasked one is dropped, not kept)."""
        self._remask.stop()
        if self._detail is not None and self._detail.agent.revealed:
            self.clear_message()
            self.load_detail(self._detail.id)

    # -- keyboard ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.ui.filterEdit and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                if self.model.rowCount():
                    self.view.setFocus(Qt.FocusReason.TabFocusReason)
                    if not self.view.selectionModel().currentIndex().isValid():
                        self._select_row(0)
                    return True
            elif watched is self.ui.draftsView and key == Qt.Key.Key_Delete:
                self.discard_draft(self.ui.draftsView.currentIndex().row())
                return True
            elif watched is self.view and key == Qt.Key.Key_Escape:
                self.focus_filter()
                return True
            elif watched is self.ui.reasonEdit and key == Qt.Key.Key_Escape:
                self.cancel_withdraw()
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def shutdown(self) -> None:
        self._debounce.stop()
        self._remask.stop()
        if self.reveal_dialog is not None:
            self.reveal_dialog.reject()
