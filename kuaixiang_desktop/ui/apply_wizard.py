"""代办申请: from a policy item to a printed 受理回执, in four pages and a handful of keys.

1. 收取材料: the item's checklist (:class:`~.models.materials_model.MaterialsModel`); files
   come by drag-and-drop, a file dialog or the hall's document scanner folder.
2. 经办人: name, resident ID and mobile number, checked as typed (:mod:`.agent_validation`).
3. 核对: what will be filed and what will happen (受理, 容缺受理, or a draft and a 一次性告知单).
4. 完成: receipt number, promised date, printing (Ctrl+P) through the window's DocumentPrinter.

The budget is the queue in front of the window.  For an enterprise that brought everything:
Ctrl+Shift+A, Enter, name Tab ID Tab phone, Enter, Enter (files), Ctrl+P (prints).  Enter is
the default button on every page, no confirmation dialog stands in the way.

Everything that touches the database or the disk (loading the item and the enterprise,
storing attachments, listing the scanner folder, filing, rendering receipts) runs on the
task runner; each task has its own channel so that closing the wizard drops what is still in
flight without touching a deleted widget.  Filing cannot be interrupted by closing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QDialog, QFileDialog, QMessageBox, QWidget, QWizard

from kuaixiang_core.domain.clock import SHANGHAI
from kuaixiang_core.domain.codes import mask_resident_id
from kuaixiang_core.domain.enterprise import mask_phone
from kuaixiang_core.domain.money import format_yuan

from .. import paths
from ..services import receipts
from ..services.applications import (
    ApplyRefused,
    FilingResult,
)
from ..services.apply_context import ApplyContext
from ..services.attachments import AttachmentRejected, clean_name, store_file
from ..services.database import Database
from ..services.device import DeviceKeyError
from ..services.drafts import Draft
from ..services.secrets import SecretStoreUnavailable
from . import apply_drafts, operations
from .accessibility import name_controls
from .apply_forms import ApplyForms
from .apply_pages import AgentPage, DonePage, MaterialsPage, ReviewPage, set_message
from .models.benefit_texts import kind_amount
from .models.materials_model import Attached, MaterialsModel
from .print_actions import DocumentPrinter, PrintOutcome
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)

MATERIALS_PAGE, AGENT_PAGE, REVIEW_PAGE, DONE_PAGE = range(4)
_AGENT_FIELDS = {"agent_name", "agent_id", "agent_phone"}
_wizard_ids = itertools.count(1)
# Files a scanner writes while it is still writing, or that are not scans at all.
_SCAN_SKIP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".db", ".ini", ".lock")
# Scans this much older than the wizard are taken to be an earlier visitor's.
SCAN_RECENT_MINUTES = 30


# -- worker functions (module level so tests can replace them) ---------------------------------


def store_attachments(pairs: Sequence[tuple[int, Path]]) -> list[tuple[int, Attached]]:
    """Check and store every file, or none: the first refusal names its file."""
    stored = []
    for row, path in pairs:
        try:
            found = store_file(path)
        except AttachmentRejected as exc:
            raise AttachmentRejected(f"{clean_name(path.name)}：{exc}") from None
        except OSError as exc:
            raise AttachmentRejected(f"{clean_name(path.name)}：无法读取（{exc.strerror or exc}）") from None
        stored.append((row, Attached(path, found.original_name, found.size, found.mime, found.sha256)))
    return stored


class ScanFolderProblem(Exception):
    UNSET, MISSING, EMPTY, STALE, USED_UP, TOO_FEW = "unset", "missing", "empty", "stale", "used_up", "too_few"

    def __init__(self, kind: str, folder: str = "", *, found: int = 0, wanted: int = 0,
                 newest: str = "", newest_at: float | None = None):
        super().__init__(kind)
        self.kind, self.folder, self.found, self.wanted = kind, folder, found, wanted
        self.newest, self.newest_at = newest, newest_at


def newest_scans(folder: str, count: int, exclude: set[Path], since: float) -> list[Path]:
    """The ``count`` newest files in the scanner folder that are not attached yet and were
    written after ``since`` (a timestamp), oldest first: the order they were scanned in.

    The folder holds the whole day's scans; an older file belongs to an earlier visitor, and
    attaching it to this enterprise's application would be worse than attaching nothing."""
    if not folder.strip():
        raise ScanFolderProblem(ScanFolderProblem.UNSET)
    base = Path(folder).expanduser()
    try:
        entries = list(os.scandir(base))
    except OSError:
        raise ScanFolderProblem(ScanFolderProblem.MISSING, str(base)) from None
    files = []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name.lower().endswith(_SCAN_SKIP_SUFFIXES):
            continue
        try:
            if entry.is_file():
                files.append((entry.stat().st_mtime, name, Path(entry.path)))
        except OSError:
            continue  # removed while we looked
    if not files:
        raise ScanFolderProblem(ScanFolderProblem.EMPTY, str(base))
    files.sort(reverse=True)
    recent = [f for f in files if f[0] >= since]
    if not recent:
        raise ScanFolderProblem(ScanFolderProblem.STALE, str(base), newest=files[0][1], newest_at=files[0][0])
    fresh = [f for f in recent if f[2] not in exclude]
    if not fresh:
        raise ScanFolderProblem(ScanFolderProblem.USED_UP, str(base))
    if len(fresh) < count:
        raise ScanFolderProblem(ScanFolderProblem.TOO_FEW, str(base), found=len(fresh), wanted=count)
    return [path for _, _, path in reversed(fresh[:count])]


def import_scans(folder: str, rows: Sequence[int], exclude: set[Path], since: float) -> list[tuple[int, Attached]]:
    return store_attachments(list(zip(rows, newest_scans(folder, len(rows), exclude, since), strict=True)))


# -- the wizard -----------------------------------------------------------------------------


class ApplyWizard(QWizard):
    """代办申请 for one enterprise and one item.

    Signals: ``loaded(ApplyContext)`` when the item and enterprise are shown; ``attached(int, object)``
    per material row that got a file; ``message_shown(str, str)`` (level, text) for every
    outcome a page reports (not for "正在…" progress); ``filed(FilingResult)`` after filing (受理 or draft);
    ``receipt_printed(PrintOutcome)`` / ``notice_printed(PrintOutcome)`` when the printer
    reports.  ``result`` is the FilingResult (``None`` before filing).

    Closing before filing with anything entered asks first (``close_asked(QMessageBox)``);
    ``draft_saved(DraftRow)`` when the answer 保存草稿 is written. ``draft`` (services.drafts)
    reopens a saved one where it was left; filing from it removes it.
    """

    loaded = Signal(object)
    attached = Signal(int, object)
    message_shown = Signal(str, str)
    filed = Signal(object)
    receipt_printed = Signal(object)
    notice_printed = Signal(object)
    form_printed = Signal(object)  # 授权委托书, 容缺受理承诺书 (apply_forms)
    close_asked = Signal(object)
    draft_saved = Signal(object)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        printer: DocumentPrinter,
        credit_code: str,
        item_id: str,
        *,
        paper: str = "a4",
        scanner_folder: str = "",
        parent: QWidget | None = None,
        draft: Draft | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("applyWizard")
        self.draft = draft
        self._leaving = False  # the clerk answered the close question (or there was none to ask)
        self.close_box: QMessageBox | None = None
        self._db = db
        self._runner = runner
        self._printer = printer
        self._credit_code = credit_code
        self._item_id = item_id
        self._paper = paper if paper in receipts.LAYOUTS else "a4"
        self.scanner_folder = scanner_folder
        self._channel = f"apply-wizard-{next(_wizard_ids)}"
        self._task_ids = itertools.count(1)
        self._live_channels: set[str] = set()
        self._closed = False
        self._opened_at = time.time()
        self.context: ApplyContext | None = None
        self._result: FilingResult | None = None
        self.promised_date: dt.date | None = None
        self._pdfs: dict[str, tuple[bytes, str]] = {}  # kind -> (pdf, title), printed once per kind
        self._pending_prints: dict[str, str] = {}  # title -> kind
        self.file_dialog: QFileDialog | None = None

        self.setWindowTitle(self.tr("代办申请"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 (Enter) >"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("受理 (Enter)"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成 (Enter)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消 (Esc)"))

        self.materials_page = MaterialsPage(self)
        self.agent_page = AgentPage(self)
        self.review_page = ReviewPage(self)
        self.done_page = DonePage(self)
        self.setPage(MATERIALS_PAGE, self.materials_page)
        self.setPage(AGENT_PAGE, self.agent_page)
        self.setPage(REVIEW_PAGE, self.review_page)
        self.setPage(DONE_PAGE, self.done_page)
        self.model = self.materials_page.model
        self.materials_view = self.materials_page.ui.materialsView

        self._wire_materials_page()
        self._wire_done_page()
        self.forms = ApplyForms(self)
        printer.printed.connect(self._on_printed)
        printer.failed.connect(self._on_print_failed)
        printer.preview_opened.connect(self._on_preview_opened)
        self.currentIdChanged.connect(self._on_page_changed)
        self.resize(920, 640)
        name_controls(self)
        self.restart()  # on the first page now, not at show(): tests and callers may drive it hidden
        self._load()

    # -- public ------------------------------------------------------------------------------

    @property
    def result(self) -> FilingResult | None:  # shadows QDialog.result(): use QDialog.result(w) for the code
        return self._result

    @property
    def busy(self) -> bool:
        return bool(self._live_channels)

    @property
    def paper(self) -> str:
        return self._paper

    @property
    def db(self) -> Database:
        return self._db

    def attach_files(self, paths: Sequence[Path | str], rows: Sequence[int] | None = None) -> None:
        """Attach files to material rows: one file to the current row, or as many files as
        there are selected rows, in order."""
        files = [Path(p) for p in paths]
        targets = list(rows) if rows is not None else self._selected_rows()
        if not files:
            return
        if not targets:
            self._materials_message("warning", self.tr("请先选中要添加附件的材料"))
            return
        if len(files) == 1:
            pairs = [(targets[0], files[0])]
        elif len(files) == len(targets):
            pairs = list(zip(targets, files, strict=True))
        else:
            self._materials_message("error", self.tr(
                "每项材料只能有一个附件：选中了 {rows} 项材料，却有 {files} 个文件。请选中同样多的材料行再添加"
            ).format(rows=len(targets), files=len(files)))
            return
        self._materials_message(None, "")
        self.submit_task("attach", store_attachments, pairs, on_done=self._on_attached, on_error=self._on_attach_failed)

    def import_from_scanner(self) -> None:
        """The newest file(s) of the scanner folder onto the selected material(s)."""
        rows = self._selected_rows()
        if not rows:
            self._materials_message("warning", self.tr("请先选中要导入扫描件的材料"))
            return
        if not self.scanner_folder.strip():
            self._on_attach_failed(ScanFolderProblem(ScanFolderProblem.UNSET))
            return
        self._materials_message("info", self.tr("正在从扫描仪文件夹导入…"), progress=True)
        since = self._opened_at - SCAN_RECENT_MINUTES * 60
        self.submit_task("scan", import_scans, self.scanner_folder, rows, self.model.attached_sources(), since,
                     on_done=self._on_attached, on_error=self._on_attach_failed)

    def open_file_dialog(self) -> QFileDialog:
        rows = self._selected_rows()
        start = self.scanner_folder if self.scanner_folder and Path(self.scanner_folder).is_dir() else str(Path.home())
        dialog = QFileDialog(self, self.tr("选择材料扫描件"), start)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("材料文件 (*.pdf *.jpg *.jpeg *.png *.ofd)"), self.tr("所有文件 (*)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filesSelected.connect(lambda files: self.attach_files(files, rows or None))
        dialog.destroyed.connect(self._forget_file_dialog)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def mark_all_received(self) -> None:
        count = self.model.mark_all_received()
        if count:
            self._materials_message("info", self.tr("已将 {count} 项材料标为已收取").format(count=count))

    def remove_attachment(self) -> None:
        for row in self._selected_rows():
            self.model.set_attachment(row, None)

    def print_receipt(self) -> None:
        result = self._result
        if result is None or not result.receipt_no:
            self.done_message("warning", self.tr("没有受理回执：申请未受理（材料不全），请打印一次性告知单"))
            return
        self._print("receipt", operations.render_receipt)

    def print_notice(self) -> None:
        result = self._result
        if result is None or not result.missing:
            self.done_message("warning", self.tr("没有缺少的材料，不需要一次性告知单"))
            return
        self._print("notice", operations.render_notice)

    def file_now(self) -> None:
        """受理 (or save the draft): what Enter on the review page does."""
        if self._result is not None or self.review_page.filing:
            return
        agent = self.agent_page.agent
        if agent is None or self.context is None or self.forms.file_when_known():
            return
        set_message(self.review_page.ui.messageLabel, "info", self.tr("正在受理，请稍候…"))
        self.review_page.set_filing(True)
        args = (self._db, self.context.credit_code, self._item_id, agent, self.model.material_inputs(),
                self.context.item.promised_days)
        # A 失信 enterprise is never accepted with materials missing: its file is a draft.
        extra = (self.forms.authorisation_input(), not self.context.dishonest)
        if self.draft is not None:
            self.submit_task("file", operations.file_from_draft, *args, self.draft.id, *extra,
                         on_done=self._on_filed, on_error=self._on_file_failed)
        else:
            self.submit_task("file", operations.file_application, *args, *extra,
                         on_done=self._on_filed, on_error=self._on_file_failed)

    # -- tasks -------------------------------------------------------------------------------

    def submit_task(self, kind: str, fn: Callable[..., Any], *args: Any, on_done, on_error) -> None:
        channel = f"{self._channel}:{kind}:{next(self._task_ids)}"
        self._live_channels.add(channel)

        def done(value: Any) -> None:
            self._live_channels.discard(channel)
            on_done(value)

        def failed(exc: BaseException) -> None:
            self._live_channels.discard(channel)
            on_error(exc)

        self._runner.submit(fn, *args, channel=channel, on_done=done, on_error=failed)

    def _drop_tasks(self) -> None:
        for channel in self._live_channels:
            self._runner.invalidate(channel)
        self._live_channels.clear()

    # -- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        self.submit_task("load", operations.load_apply_context, self._db, self._credit_code, self._item_id,
                     on_done=self._on_loaded, on_error=self._on_load_failed)

    def _on_loaded(self, context: ApplyContext) -> None:
        self.context = context
        item = context.item
        page = self.materials_page
        page.ui.contextLabel.setText(self.tr("{enterprise}（{code}）　·　{item}").format(
            enterprise=context.enterprise_name, code=context.credit_code, item=item.title))
        self.model.set_materials(item.materials)
        if context.problem:
            self._materials_message("error", context.problem)
        else:
            page.set_ready(True)
        view = self.materials_view
        if self.model.rowCount():
            view.setCurrentIndex(self.model.index(0, MaterialsModel.RECEIVED))
            view.selectRow(0)
        if self.draft is not None and not context.problem:
            gone = apply_drafts.restore(self, self.draft, REVIEW_PAGE)
            if gone:
                self._materials_message("warning", self.tr(
                    "草稿中的材料「{names}」已不是该事项的申请材料，未恢复").format(names="、".join(gone)))
        if self.currentId() == MATERIALS_PAGE:
            view.setFocus(Qt.FocusReason.OtherFocusReason)
        emit(self.loaded, context)

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApplyRefused):
            text = exc.message
        else:
            log.error("loading the apply wizard failed", exc_info=(type(exc), exc, exc.__traceback__))
            text = self.tr("无法载入事项或企业信息：{error}").format(error=exc)
        self.materials_page.ui.contextLabel.setText(self.tr("无法办理"))
        self._materials_message("error", text)

    # -- materials page ----------------------------------------------------------------------

    def _wire_materials_page(self) -> None:
        page = self.materials_page
        ui = page.ui
        ui.allReceivedButton.clicked.connect(self.mark_all_received)
        ui.attachButton.clicked.connect(self.open_file_dialog)
        ui.scanButton.clicked.connect(self.import_from_scanner)
        ui.removeButton.clicked.connect(self.remove_attachment)
        # Page-parented shortcuts are live only while their page is the one shown.
        for keys, slot in (("Ctrl+Shift+A", self.mark_all_received), ("Ctrl+O", self.open_file_dialog),
                           ("Ctrl+I", self.import_from_scanner)):
            shortcut = QShortcut(QKeySequence(keys), page)
            shortcut.activated.connect(slot)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.materials_view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_attachment)
        self.model.files_dropped.connect(self._on_files_dropped)
        self.materials_view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self.materials_view and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and self.materials_view.state() != QAbstractItemView.State.EditingState):
            # Space ticks the row whatever column the cursor is in.
            rows = self._selected_rows()
            if rows:
                tick = not all(self.model.row(r).received for r in rows)
                for row in rows:
                    self.model.set_received(row, tick)
            return True
        return super().eventFilter(watched, event)

    def _selected_rows(self) -> list[int]:
        view = self.materials_view
        selection = view.selectionModel()
        rows = sorted({index.row() for index in selection.selectedRows()}) if selection else []
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex().row()]
        return rows

    def _on_files_dropped(self, row: int, paths: list[Path]) -> None:
        if row < 0:
            self.attach_files(paths)
            return
        selected = self._selected_rows()
        if len(paths) > 1 and row in selected:
            self.attach_files(paths, selected)
        else:
            self.attach_files(paths, [row])

    def _on_attached(self, stored: list[tuple[int, Attached]]) -> None:
        for row, attachment in stored:
            self.model.set_attachment(row, attachment)
            emit(self.attached, row, attachment)
        names = "、".join(f"「{self.model.row(row).name}」" for row, _ in stored if self.model.row(row))
        self._materials_message("info", self.tr("已添加附件：{names}").format(names=names))

    def _on_attach_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ScanFolderProblem):
            text = self._scan_problem_text(exc)
            level = "warning"
        elif isinstance(exc, AttachmentRejected):
            text = self.tr("未添加附件：{reason}").format(reason=exc)
            level = "error"
        else:
            log.error("attaching a file failed", exc_info=(type(exc), exc, exc.__traceback__))
            text = self.tr("未添加附件：{reason}").format(reason=exc)
            level = "error"
        self._materials_message(level, text)

    def _scan_problem_text(self, problem: ScanFolderProblem) -> str:
        if problem.kind == ScanFolderProblem.UNSET:
            return self.tr("还没有设置扫描仪文件夹：请在「设置」中填写扫描仪保存文件的文件夹")
        if problem.kind == ScanFolderProblem.MISSING:
            return self.tr("扫描仪文件夹不存在或无法打开：{folder}").format(folder=problem.folder)
        if problem.kind == ScanFolderProblem.EMPTY:
            return self.tr("扫描仪文件夹里没有文件：{folder}。请先扫描材料").format(folder=problem.folder)
        if problem.kind == ScanFolderProblem.STALE:
            at = dt.datetime.fromtimestamp(problem.newest_at or 0, SHANGHAI)
            return self.tr("扫描仪文件夹里没有最近 {minutes} 分钟内扫描的文件（最新的「{name}」扫描于 {time}，"
                           "可能是之前办事人的）：请先扫描本次的材料").format(
                minutes=SCAN_RECENT_MINUTES, name=problem.newest, time=at.strftime("%m-%d %H:%M"))
        if problem.kind == ScanFolderProblem.USED_UP:
            return self.tr("扫描仪文件夹里的文件都已添加过：请先扫描下一份材料（{folder}）").format(folder=problem.folder)
        return self.tr("扫描仪文件夹里只有 {found} 个未添加的文件，却选中了 {wanted} 项材料").format(
            found=problem.found, wanted=problem.wanted)

    def _materials_message(self, level: str | None, text: str, *, progress: bool = False) -> None:
        set_message(self.materials_page.ui.messageLabel, level, text)
        if text and not progress:
            emit(self.message_shown, level or "info", text)

    def _forget_file_dialog(self, *_: Any) -> None:
        self.file_dialog = None

    # -- review page -------------------------------------------------------------------------

    def fill_review(self, page: ReviewPage) -> None:
        context = self.context
        if context is None:
            return  # the materials page lets no one on before the item and the enterprise are loaded
        item = context.item
        agent = self.agent_page.agent
        ui = page.ui
        self.forms.check_agent()
        self.forms.fill_review()
        ui.enterpriseValue.setText(self.tr("{name}（{code}）").format(
            name=context.enterprise_name, code=context.credit_code))
        ui.itemValue.setText(self.tr("{title}（{department}）").format(
            title=item.title, department=item.department))
        ui.benefitValue.setText(self._benefit_text(context))
        received = self.model.received_names()
        missing = self.model.missing_required() + self.forms.missing()
        ui.receivedValue.setText(self.tr("{count} 项：{names}").format(count=len(received), names="、".join(received))
                                 if received else self.tr("无"))
        ui.missingValue.setText("、".join(missing) if missing else self.tr("无"))
        ui.missingValue.setProperty("alert", bool(missing))
        ui.missingValue.style().unpolish(ui.missingValue)
        ui.missingValue.style().polish(ui.missingValue)
        if agent is not None:
            ui.agentValue.setText(f"{agent.name}　{mask_resident_id(agent.id_number)}　{mask_phone(agent.phone)}")
        outcome, button = self.forms.outcome_text(context, missing)
        ui.outcomeLabel.setText(outcome)
        page.setButtonText(QWizard.WizardButton.CommitButton, button)
        if not page.filing:
            set_message(ui.messageLabel, None)

    def _benefit_text(self, context: ApplyContext) -> str:
        parts = []
        if context.amount is not None:
            # Only cash reads as money: a deduction is the base it lowers (benefit_texts).
            parts.append(kind_amount(context.benefit_kind, self.tr("{amount} 元").format(amount=format_yuan(context.amount)))
                         if context.benefit_kind != "cash"
                         else self.tr("约 {amount} 元").format(amount=format_yuan(context.amount)))
        if context.benefit_text:
            parts.append(context.benefit_text)
        text = "；".join(parts) if parts else self.tr("以主管部门审核为准")
        if context.verdict == "unknown":
            text += self.tr("（部分条件在资料中没有数据，需窗口核实）")
        return text

    def _on_filed(self, value: tuple[FilingResult, dt.date | None]) -> None:
        result, promised = value
        self._result = result
        self.promised_date = promised
        page = self.review_page
        page.filed = True
        page.set_filing(False)
        set_message(page.ui.messageLabel, None)
        emit(self.filed, result)
        if self.currentId() == REVIEW_PAGE:
            self.next()

    def _on_file_failed(self, exc: BaseException) -> None:
        self.review_page.set_filing(False)
        if isinstance(exc, ApplyRefused):
            self._show_refusal(exc)
            return
        if isinstance(exc, (SecretStoreUnavailable, DeviceKeyError)):
            text = self.tr("无法受理：{error}").format(error=exc)
        elif isinstance(exc, OSError):  # a full disk, a read-only folder: which file, in words
            text = self.tr("受理失败，申请没有保存：{error}").format(error=paths.describe_os_error(exc))
        else:
            log.error("filing an application failed", exc_info=(type(exc), exc, exc.__traceback__))
            text = self.tr("受理失败，申请没有保存：{error}").format(error=exc)
        set_message(self.review_page.ui.messageLabel, "error", text)
        emit(self.message_shown, "error", text)

    def _show_refusal(self, exc: ApplyRefused) -> None:
        field = exc.field or ""
        if field in _AGENT_FIELDS:
            self._go_back_to(AGENT_PAGE)
            self.agent_page.show_refusal(field, exc.message)
        elif field == "material":
            self._go_back_to(MATERIALS_PAGE)
            for row in range(self.model.rowCount()):
                if f"「{self.model.row(row).name}」" in exc.message:
                    self.materials_view.selectRow(row)
                    break
            self.materials_view.setFocus(Qt.FocusReason.OtherFocusReason)
            set_message(self.materials_page.ui.messageLabel, "error", exc.message)
        else:
            set_message(self.review_page.ui.messageLabel, "error", exc.message)
        emit(self.message_shown, "error", exc.message)

    def _go_back_to(self, page_id: int) -> None:
        while self.currentId() > page_id:
            self.back()

    # -- done page ---------------------------------------------------------------------------

    def _wire_done_page(self) -> None:
        ui = self.done_page.ui
        ui.printReceiptButton.clicked.connect(self.print_receipt)
        ui.printNoticeButton.clicked.connect(self.print_notice)
        ctrl_p = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self.done_page)
        ctrl_p.activated.connect(self._print_main_document)
        notice = QShortcut(QKeySequence("Ctrl+Shift+P"), self.done_page)
        notice.activated.connect(self.print_notice)

    def _print_main_document(self) -> None:
        # A draft has no receipt: its paper is the notice.
        if self._result is not None and not self._result.receipt_no and self._result.missing:
            self.print_notice()
        else:
            self.print_receipt()

    def fill_done(self, page: DonePage) -> None:
        result = self._result
        if result is None:
            return
        ui = page.ui
        form = ui.doneForm
        accepted = bool(result.receipt_no)
        if accepted and result.missing:
            status = self.tr("已容缺受理")
        elif accepted:
            status = self.tr("已受理")
        else:
            status = self.tr("材料不全，未受理：已存为草稿")
        ui.statusLabel.setText(status)
        ui.statusLabel.setProperty("alert", not accepted)
        ui.statusLabel.style().unpolish(ui.statusLabel)
        ui.statusLabel.style().polish(ui.statusLabel)
        ui.receiptValue.setText(result.receipt_no or "")
        form.setRowVisible(ui.receiptValue, accepted)
        promised_days = self.context.item.promised_days if self.context else None
        if self.promised_date is not None:
            ui.promisedValue.setText(self.tr("{date}（{days} 个工作日）").format(
                date=self.promised_date.isoformat(), days=promised_days))
        elif promised_days:
            ui.promisedValue.setText(self.tr("{days} 个工作日").format(days=promised_days))
        form.setRowVisible(ui.promisedValue, accepted and bool(promised_days))
        ui.deadlineValue.setText(result.deferred_deadline.isoformat() if result.deferred_deadline else "")
        form.setRowVisible(ui.deadlineValue, result.deferred_deadline is not None)
        ui.missingValue.setText("、".join(result.missing))
        form.setRowVisible(ui.missingValue, bool(result.missing))
        ui.applicationValue.setText(result.application_id)
        ui.printReceiptButton.setVisible(accepted)
        ui.printNoticeButton.setVisible(bool(result.missing))
        ui.printPledgeButton.setVisible(accepted and result.deferred_deadline is not None)
        if not accepted:
            ui.printNoticeButton.setText(self.tr("打印一次性告知单 (Ctrl+P)"))
        set_message(ui.messageLabel, None)

    def _print(self, kind: str, render: Callable[..., receipts.Printed]) -> None:
        cached = self._pdfs.get(kind)
        if cached is not None:
            # Paper jammed, printer was off: the same archived document again, not a 补打.
            self.send_to_printer(kind, *cached)
            return
        result = self._result
        assert result is not None
        self.done_message("info", self.tr("正在生成…"), progress=True)

        def rendered(printed: receipts.Printed) -> None:
            if kind == "receipt":
                title = self.tr("受理回执 {number}").format(number=printed.receipt_no or result.receipt_no)
            else:
                title = self.tr("一次性告知单 {enterprise} {application}").format(
                    enterprise=self.context.enterprise_name if self.context else "",
                    application=result.application_id[:8])
            self._pdfs[kind] = (printed.pdf, title)
            self.send_to_printer(kind, printed.pdf, title)

        self.submit_task(f"print-{kind}", render, self._db, result.application_id, self._paper,
                     on_done=rendered, on_error=self._on_render_failed)

    def send_to_printer(self, kind: str, pdf: bytes, title: str, paper: str | None = None) -> None:
        self._pending_prints[title] = kind
        self.done_message("info", self.tr("正在打印「{title}」…").format(title=title), progress=True)
        self._printer.print_pdf(pdf, paper or self._paper, title, parent=self)

    def _on_render_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, (receipts.ReceiptRefused, LookupError, DeviceKeyError, SecretStoreUnavailable)):
            log.error("rendering a receipt failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.done_message("error", self.tr("无法生成打印文件：{error}").format(error=exc))

    def _on_printed(self, outcome: PrintOutcome) -> None:
        kind = self._pending_prints.pop(outcome.title, None)
        if kind is None:
            return  # another room's print
        if outcome.to_file and outcome.pages == 0:
            text = self.tr("没有可用的打印机，「{title}」已保存为 {path}").format(title=outcome.title, path=outcome.destination)
        else:
            text = self.tr("「{title}」已发送到 {printer}").format(title=outcome.title, printer=outcome.destination)
        self.done_message("info", text)
        emit({"receipt": self.receipt_printed, "notice": self.notice_printed}.get(kind, self.form_printed), outcome)

    def _on_print_failed(self, message: str) -> None:
        if not self._pending_prints:
            return
        self._pending_prints.clear()
        self.done_message("error", message)

    def _on_preview_opened(self, _dialog: object) -> None:
        # Still pending: the preview reports through ``printed`` when the clerk prints from it.
        if self._pending_prints:
            self.done_message("info", self.tr("已打开打印预览：按 Enter 或 Ctrl+P 打印，Esc 不打印"))

    def done_message(self, level: str | None, text: str, *, progress: bool = False) -> None:
        set_message(self.done_page.ui.messageLabel, level, text)
        if text and not progress:
            emit(self.message_shown, level or "info", text)

    # -- navigation and closing --------------------------------------------------------------

    def _on_page_changed(self, page_id: int) -> None:
        if page_id == MATERIALS_PAGE:
            self.materials_view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page_id == AGENT_PAGE:
            self.agent_page.ui.nameEdit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page_id == REVIEW_PAGE:
            commit = self.button(QWizard.WizardButton.CommitButton)
            if commit is not None:
                commit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page_id == DONE_PAGE:
            finish = self.button(QWizard.WizardButton.FinishButton)
            if finish is not None:
                finish.setFocus(Qt.FocusReason.OtherFocusReason)

    def done(self, code: int) -> None:
        if self.review_page.filing:
            # The filing transaction is running: closing now would leave the clerk not
            # knowing whether it was filed.
            set_message(self.review_page.ui.messageLabel, "warning", self.tr("正在受理，请等受理完成再关闭"))
            return
        if code == QDialog.DialogCode.Rejected and self._should_ask():
            self._ask_before_closing()
            return
        self._shut()
        super().done(code)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.review_page.filing:
            event.ignore()
            return
        if self._should_ask():
            event.ignore()
            self._ask_before_closing()
            return
        self._shut()
        super().closeEvent(event)

    def close_without_asking(self) -> None:
        """The window is closing: nothing may wait for an answer."""
        self._leaving = True
        if self.close_box is not None:
            self.close_box.close()
        self.reject()

    def holds_input(self) -> bool:
        """Closing now would ask: something is entered, nothing filed."""
        return self._should_ask()

    def _should_ask(self) -> bool:
        return (not self._leaving and not self._closed and self._result is None and self.context is not None
                and apply_drafts.has_input(self))

    def _ask_before_closing(self) -> None:
        if self.close_box is not None:
            self.close_box.raise_()
            return
        self.close_box = apply_drafts.ask_before_closing(self, self.draft is not None,
                                                         lambda answer: apply_drafts.answered(self, answer))
        emit(self.close_asked, self.close_box)

    def leave(self, *_: Any) -> None:
        """Close now: the question was answered (and the draft written, if that was the answer)."""
        self._leaving = True
        self.reject()

    def _shut(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._drop_tasks()
        for signal, slot in ((self._printer.printed, self._on_printed), (self._printer.failed, self._on_print_failed),
                             (self._printer.preview_opened, self._on_preview_opened)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
