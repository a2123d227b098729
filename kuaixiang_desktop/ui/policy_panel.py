"""The policy panel: every policy item an enterprise qualifies for, why, and the way to apply.

``show_enterprise(code)`` runs the match on the task runner's "match" channel (a newer
enterprise drops an older answer) and shows it as a tree (:class:`PolicyTreeModel`): groups
免申即享 / 可申请 / 需核实 / 差一项条件, their items, and under each item the conditions with ✓ ✗ ?,
the value the rule used and the clause they come from.  → and ← open and close the 'why'.

Enter, a double click or Ctrl+Enter on an item that can be applied for emits
``apply_requested(item_id)``; on one that cannot (免申即享, a near miss, out of the application
window) a short message under the summary says why instead.  Ctrl+Shift+P builds the
一企一策清单 in a worker and prints it through the window's :class:`DocumentPrinter`.
需核实 items that nothing known speaks for are folded behind one row; a click, Enter on it or
Ctrl+U shows them (Ctrl+U again folds them).

Layout: forms/policy_panel.ui.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QWidget

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.benefit_kinds import totals_by_kind

from ..services.database import Database
from ..services.matching import EnterpriseNotFound, PanelItem, PanelMatch
from . import message_label as msg
from . import operations
from .generated.ui_policy_panel import Ui_PolicyPanel
from .line_breaks import glue_short_parts, no_orphan
from .models.benefit_texts import other_totals_text
from .models.policy_tree_model import (
    PolicyTreeModel,
    PreparedTree,
    hint_text,
    in_progress_mark,
    prepare_tree,
    wan_text,
)
from .policy_delegate import PolicyRowDelegate
from .print_actions import DocumentPrinter, PrintOutcome
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)

# Groups whose online/window items the services accept an application for: a near miss is
# refused by services.applications (the rule says ineligible), 免申即享 needs none.
APPLY_GROUPS = ("eligible", "unknown")


# Department and amount at their widths when the panel has the room (at 100 % on 1366×768).
_ROOMY = {PolicyTreeModel.DEPARTMENT: 150, PolicyTreeModel.AMOUNT: 140}


class PolicyPanel(QWidget):
    PLACEHOLDER_PAGE, TREE_PAGE = 0, 1

    match_shown = Signal(object)  # the PanelMatch now in the tree
    apply_requested = Signal(str)  # item id
    application_requested = Signal(str)  # an application in progress to open instead of applying again
    duplicate_shown = Signal(object)  # the QMessageBox saying an item has an application in progress
    checklist_started = Signal(str)  # credit code whose list is being built

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        printer: DocumentPrinter,
        parent: QWidget | None = None,
        *,
        match_fn: Callable[[Database, str, dt.date | None], PanelMatch] = operations.match_for_panel,
        checklist_fn: Callable[[Database, str, dt.date | None], tuple[bytes, str]] = operations.build_checklist_pdf,
    ):
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._printer = printer
        self._match_fn = match_fn
        self._checklist_fn = checklist_fn
        self._code: str | None = None
        self._as_of: dt.date | None = None
        self._loaded = False  # a match result (possibly empty) is shown for self._code
        self._printing_title: str | None = None  # our job, until the printer reports on it
        self.duplicate_box: QMessageBox | None = None

        self.ui = Ui_PolicyPanel()
        self.ui.setupUi(self)
        self._default_placeholder = self.ui.placeholderLabel.text()
        self.model = PolicyTreeModel(self)
        self.tree = self.ui.policyTree
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(PolicyRowDelegate(self.model, self.tree))
        # Always there: a scroll bar that comes with each enterprise's rows and goes with the
        # emptied tree relaid the window and drew the tree twice per scan.
        self.tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._setup_columns()
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.doubleClicked.connect(self._on_double_clicked)
        self.tree.clicked.connect(self._on_clicked)
        self.tree.expanded.connect(self._span_conditions)
        self.tree.expanded.connect(self._reveal_why)
        self.tree.installEventFilter(self)

        self.ui.applyButton.clicked.connect(self.apply_current)
        self.ui.printButton.clicked.connect(self.print_checklist)
        self.apply_shortcuts = []
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.apply_current)
            self.apply_shortcuts.append(shortcut)
        # Window-wide: the clerk prints the list from the search box as well.
        self.print_shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.print_shortcut.activated.connect(self.print_checklist)
        self.fold_shortcut = QShortcut(QKeySequence("Ctrl+U"), self)
        self.fold_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.fold_shortcut.activated.connect(self.toggle_folded)
        printer.printed.connect(self._on_printed)
        printer.failed.connect(self._on_print_failed)
        printer.preview_opened.connect(self._on_preview_opened)
        self.show_placeholder()

    def _setup_columns(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(PolicyTreeModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in _ROOMY.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        # Fixed widths from the font, not ResizeToContents: that asks every row for its size
        # hint, hundreds of Python calls per column each time an enterprise is shown.
        fm = self.tree.fontMetrics()
        bold = self.tree.header().font()
        bold.setBold(True)
        header_fm = QFontMetrics(bold)
        for column, widest in ((PolicyTreeModel.MODE, self.tr("免申即享")),
                               (PolicyTreeModel.PROMISED, self.tr("{days} 个工作日").format(days=30))):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(fm.horizontalAdvance(widest), header_fm.horizontalAdvance(title)) + 24)

    # -- what is shown ----------------------------------------------------------------------

    @property
    def credit_code(self) -> str | None:
        return self._code

    @property
    def as_of(self) -> dt.date | None:
        return self._as_of

    @property
    def result(self) -> PanelMatch | None:
        return self.model.result if self._loaded else None

    def show_placeholder(self, text: str | None = None) -> None:
        self._runner.invalidate("match")
        self._code, self._as_of, self._loaded = None, None, False
        self.model.clear()
        self._show_message(None)
        self.ui.summaryLabel.clear()
        self.ui.hintLabel.clear()
        self._set_placeholder(text or self._default_placeholder)
        self.ui.stack.setCurrentIndex(self.PLACEHOLDER_PAGE)
        self._update_buttons()

    def show_enterprise(self, credit_code: str, as_of: dt.date | None = None) -> None:
        """Match ``credit_code`` (as of ``as_of``, default today) in the background and show it."""
        self._code, self._as_of, self._loaded = credit_code, as_of, False
        self.model.clear()
        self._show_message(None)
        self.ui.summaryLabel.setText(self.tr("正在匹配政策…"))
        self.ui.hintLabel.clear()
        self._set_placeholder(self.tr("正在匹配 {code} 可以享受的政策…").format(code=credit_code))
        if self.ui.stack.currentIndex() != self.TREE_PAGE:
            self.ui.stack.setCurrentIndex(self.PLACEHOLDER_PAGE)
        # else the emptied tree stays up, the summary line saying it is matching: turning
        # pages and back for each scan laid the page out and drew the tree twice.
        self._update_buttons()

        def failed(exc: BaseException) -> None:
            self.model.clear()
            self.ui.summaryLabel.clear()
            if isinstance(exc, EnterpriseNotFound):
                text = self.tr("本地库中没有统一社会信用代码为 {code} 的企业，无法匹配政策。").format(code=credit_code)
            else:
                log.error("matching %s failed", credit_code, exc_info=(type(exc), exc, exc.__traceback__))
                text = self.tr("匹配政策时出错：{error}。请稍后重试；如果一再出现，请联系管理员。").format(error=exc)
            self._set_placeholder(text)
            self.ui.stack.setCurrentIndex(self.PLACEHOLDER_PAGE)  # the tree page may still be up
            self._update_buttons()

        def match() -> PreparedTree:
            # The tree's nodes are made in the worker too: the GUI thread only swaps them in.
            return prepare_tree(self._match_fn(db, credit_code, as_of))

        db = self._db
        self._runner.submit(match, channel="match", on_done=self._show_result, on_error=failed)

    def _show_result(self, prepared: PreparedTree) -> None:
        result = prepared.result
        self._loaded = True
        if self._as_of is None and result is not None:
            self._as_of = result.as_of
        self.model.set_result(prepared)
        self.ui.summaryLabel.setText(glue_short_parts(self._summary_text()))
        if self.model.rowCount() == 0:
            self._set_placeholder(
                self.tr("按现有数据，该企业暂无符合条件的政策事项（有效期内的 {count} 项政策均不符合）。"
                        "企业情况变化或补充部门数据后可重新匹配。").format(count=result.items_in_force if result else 0)
            )
            self.ui.stack.setCurrentIndex(self.PLACEHOLDER_PAGE)
        else:
            # One layout for all groups; rows are one line each (uniformRowHeights), so an
            # enterprise with hundreds of items shows in a few milliseconds.
            self.tree.expandToDepth(0)
            self._span_fold()
            self.ui.stack.setCurrentIndex(self.TREE_PAGE)
            # Current without focus (the search box keeps it): the first item Ctrl+Enter can
            # apply for, or none, never a 免申即享 row that only answers 无需申请.
            first = self._first_appliable_index()
            if first.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    first, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
            else:
                self.tree.selectionModel().clear()
            self.tree.scrollToTop()
        self._update_buttons()
        emit(self.match_shown, result)

    def _span_conditions(self, item: QModelIndex) -> None:
        """A 'why' line spans the whole row; set when an item is opened, not for every item
        of every enterprise up front."""
        if not item.isValid() or not item.parent().isValid():
            return
        for c in range(self.model.rowCount(item)):
            self.tree.setFirstColumnSpanned(c, item, True)

    def _reveal_why(self, item: QModelIndex) -> None:
        """An item opened on the last visible row showed its 'why' below the view: scroll it in,
        keeping the item itself in view when the 'why' is taller than the view."""
        if not item.isValid() or not item.parent().isValid():
            return  # a group: its items are the clerk's to scroll through
        rows = self.model.rowCount(item)
        if rows:
            self.tree.scrollTo(self.model.index(rows - 1, 0, item), QAbstractItemView.ScrollHint.EnsureVisible)
        self.tree.scrollTo(item, QAbstractItemView.ScrollHint.EnsureVisible)

    def _summary_text(self) -> str:
        s = self.model.summary()
        due, eligible = s["due"], s["eligible"]
        can = due.count + eligible.count
        total: Decimal = (due.total or Decimal(0)) + (eligible.total or Decimal(0))
        without = due.without_amount + eligible.without_amount
        if can == 0:
            text = self.tr("暂无可直接享受的政策")
        elif total == 0:
            text = self.tr("可享 {count} 项（均为减免等非现金优惠或金额待核定）").format(count=can)
        else:
            text = self.tr("可享 {count} 项，预计 {amount}").format(count=can, amount=wan_text(total))
            if without:
                text += self.tr("（另有 {count} 项为非现金优惠或金额待核定）").format(count=without)
        # Deductions and valued things in kind: each kind's own total, never added to the cash.
        others = totals_by_kind([*due.others, *eligible.others])
        if others:
            text += self.tr("；") + other_totals_text(others.items(), wan_text)
        text += self.tr("；免申即享 {count} 项").format(count=due.count)
        if s["unknown"].count:
            text += self.tr("；需核实 {count} 项").format(count=s["unknown"].count)
            if self.model.folded_count():
                text += self.tr("（其中 {count} 项缺少全部关键信息，已折叠）").format(count=self.model.folded_count())
        if s["near_miss"].count:
            text += self.tr("；差一项条件 {count} 项").format(count=s["near_miss"].count)
        return text

    # -- the current item -------------------------------------------------------------------

    def _first_item_index(self, group: str | None = None) -> QModelIndex:
        groups = [group] if group else self.model.groups()
        for name in groups:
            parent = self.model.group_index(name)
            if parent.isValid() and self.model.rowCount(parent):
                return self.model.index(0, 0, parent)
        return QModelIndex()

    def _first_appliable_index(self) -> QModelIndex:
        """The first item the clerk can apply for here today (no refusal), else invalid."""
        for name in APPLY_GROUPS:
            parent = self.model.group_index(name)
            if not parent.isValid():
                continue
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                item = self.model.item_at(index)
                if item is not None and self.refusal(item) is None:
                    return index
        return QModelIndex()

    def focus_items(self) -> None:
        """Focus the tree on the first item that can be applied for, else the first item."""
        index = self._first_appliable_index()
        if not index.isValid():
            index = self._first_item_index()
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.tree.scrollTo(index)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_item(self) -> PanelItem | None:
        return self.model.item_at(self.tree.currentIndex())

    def current_item_id(self) -> str | None:
        current = self.current_item()
        return current.item.item_id if current else None

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_message(None)
        item = self.model.item_at(current)
        hint = self._hint(item) if item else ""
        open_one = self._in_progress(item) if item else None
        if open_one is not None:
            hint = self.tr("该企业已有此事项的在办申请{mark}，不能重复申请；按 Ctrl+Enter 再按 Enter 可打开它。").format(
                mark=in_progress_mark(open_one)) + "\n" + hint
        self.ui.hintLabel.setText(hint)
        self._update_buttons()

    def _hint(self, current: PanelItem) -> str:
        item, details = current.item, current.details
        head = item.title or ""
        if details.doc_no:
            head += f"（{details.doc_no}）"
        lines = [head, hint_text(item)]
        if item.benefit.text:
            lines.append(self.tr("优惠内容：{text}").format(text=item.benefit.text))
        for cap in item.caps:  # caps and claim limits: what the enterprise has claimed so far
            lines.append(self.tr("上限：{cap}（{state}）").format(cap=cap.text, state=cap.actual_text))
        if details.where and item.mode != "auto":
            lines.append(self.tr("办理地点：{where}").format(where=details.where))
        return "\n".join(line for line in lines if line)

    def refusal(self, current: PanelItem) -> str | None:
        """Why ``current`` cannot be applied for at this window now, or None if it can."""
        item, details = current.item, current.details
        title = item.title or item.item_id
        if item.mode == "auto":
            return self.tr("「{title}」是免申即享事项：数据显示企业符合条件，由{department}直接兑现，企业无需申请。").format(
                title=title, department=item.department or self.tr("主管部门"))
        group = item.group
        if group == "near_miss":
            return self.tr("「{title}」暂不能申请：{hint}条件满足、部门数据更新后再申请。").format(
                title=title, hint=hint_text(item))
        if group not in APPLY_GROUPS:
            return self.tr("「{title}」不符合申请条件。").format(title=title)
        day = self._as_of or clock.today()
        start, end = details.apply_from, details.apply_to
        if (start and day < start) or (end and day > end):
            return self.tr("「{title}」的申报时间为 {start} 至 {end}，今天不在申报期内。").format(
                title=title, start=start.isoformat() if start else "…", end=end.isoformat() if end else "…")
        return None

    def apply_current(self) -> None:
        current = self.current_item()
        if current is None:
            if self._loaded and self.model.rowCount():
                self._show_message(self.tr("请先用 ↑ ↓ 选中要申请的事项。"), "warning")
            return
        reason = self.refusal(current)
        if reason:
            self._show_message(reason, "info")
            return
        open_one = self._in_progress(current)
        if open_one is not None:
            # Said now, not after the materials are collected and the agent typed: filing
            # would refuse it at the last step.
            self._ask_about_duplicate(current, open_one)
            return
        emit(self.apply_requested, current.item.item_id)

    def toggle_folded(self) -> None:
        """Show the folded 需核实 items, or fold them again."""
        if self.model.can_fold():
            self.set_unfolded(self.model.folded_count() > 0)

    def set_unfolded(self, unfolded: bool) -> None:
        model = self.model
        if not model.can_fold():
            return
        model.set_unfolded(unfolded)
        self._span_fold()
        self.ui.summaryLabel.setText(self._summary_text())
        if unfolded:
            # The first item shown takes the fold row's place: the clerk goes on from there.
            index = model.first_unfolded_index()
            self.tree.setExpanded(index.parent(), True)
            self.tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.tree.scrollTo(index)

    def _span_fold(self) -> None:
        """The fold row's sentence reads across the whole row, as a 'why' line does."""
        group = self.model.group_index("unknown")
        last = self.model.rowCount(group) - 1
        if self.model.folded_count() and last >= 0:
            self.tree.setFirstColumnSpanned(last, group, True)

    def _on_clicked(self, index: QModelIndex) -> None:
        if self.model.is_fold(index):
            self.set_unfolded(True)

    def _in_progress(self, current: PanelItem):
        """The application in progress that filing would refuse as a second one: not a 草稿
        (材料不全), which filing again completes (services.applications.file_application)."""
        # From the item's row: the current row may be one of its conditions.
        open_one = self.model.item_index(current.item.item_id).data(PolicyTreeModel.InProgressRole)
        return open_one if open_one is not None and open_one.status != states.DRAFT else None

    def _ask_about_duplicate(self, current: PanelItem, open_one) -> None:
        text = self.tr("该企业已有「{title}」的在办申请{mark}，不能重复申请。").format(
            title=current.item.title or current.item.item_id, mark=in_progress_mark(open_one))
        self._show_message(text, "warning")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("已有在办申请"),
                          text + "\n" + self.tr("按 Enter 打开这份申请，Esc 返回。"), parent=self.window())
        box.setObjectName("duplicateBox")
        open_button = box.addButton(self.tr("打开在办申请 (Enter)"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("返回 (Esc)"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        application_id = open_one.id

        def answered(_result: int = 0) -> None:
            self.duplicate_box = None
            chosen = box.clickedButton() is open_button
            box.deleteLater()  # not WA_DeleteOnClose: deleted under this closure, PySide crashed
            if chosen:
                emit(self.application_requested, application_id)

        box.finished.connect(answered)
        self.duplicate_box = box
        box.open()
        emit(self.duplicate_shown, box)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if self.model.is_fold(index):
            self.set_unfolded(True)
        elif index.data(PolicyTreeModel.KindRole) == "group":
            self._toggle(index)
        else:
            self.apply_current()

    def _toggle(self, index: QModelIndex) -> None:
        index = index.siblingAtColumn(0)
        self.tree.setExpanded(index, not self.tree.isExpanded(index))

    def _fit_columns(self) -> None:
        """At 125 % / 150 % the tree is a few hundred pixels wide: department and amount give
        up width (down to a third of theirs) before the item's title, the column a clerk reads,
        shrinks below two fifths of the tree."""
        header = self.tree.header()
        fixed = header.sectionSize(PolicyTreeModel.MODE) + header.sectionSize(PolicyTreeModel.PROMISED)
        spare = self.tree.viewport().width() * 3 // 5 - fixed  # what the two may take together
        roomy = sum(_ROOMY.values())
        for column, width in _ROOMY.items():
            header.resizeSection(column, max(width // 3, min(width, spare * width // roomy)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.tree and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.tree.currentIndex()
                if self.model.is_fold(current):
                    self.set_unfolded(True)
                elif current.isValid() and current.data(PolicyTreeModel.KindRole) == "group":
                    self._toggle(current)
                else:
                    self.apply_current()
                return True
        return super().eventFilter(watched, event)

    # -- the 一企一策清单 ---------------------------------------------------------------------

    def print_checklist(self) -> None:
        code = self._code
        if not code or not self._loaded:
            self._show_message(self.tr("请先选择企业，等政策匹配完成后再打印一企一策清单。"), "warning")
            return
        self._show_message(self.tr("正在生成一企一策清单…"), "info")
        self.ui.printButton.setEnabled(False)
        emit(self.checklist_started, code)

        def built(result: tuple[bytes, str]) -> None:
            pdf, title = result
            self._update_buttons()
            if code != self._code:
                return  # another enterprise is on screen: its clerk did not ask for this list
            self._printing_title = title
            self._show_message(self.tr("一企一策清单已生成，正在打印…"), "info")
            self._printer.print_pdf(pdf, "a4", title, parent=self.window())

        def failed(exc: BaseException) -> None:
            self._update_buttons()
            if not isinstance(exc, (EnterpriseNotFound, ValueError)):
                log.error("checklist for %s failed", code, exc_info=(type(exc), exc, exc.__traceback__))
            self._show_message(self.tr("生成一企一策清单失败：{error}").format(error=exc), "error")

        self._runner.submit(self._checklist_fn, self._db, code, self._as_of, channel="checklist",
                            on_done=built, on_error=failed)

    def _on_printed(self, outcome: PrintOutcome) -> None:
        if self._printing_title and outcome.title == self._printing_title:
            self._printing_title = None
            self._show_message(self.tr("一企一策清单已打印（{destination}）。").format(destination=outcome.destination), "info")

    def _on_print_failed(self, message: str) -> None:
        if self._printing_title:
            self._printing_title = None
            self._show_message(self.tr("一企一策清单打印失败：{error}").format(error=message), "error")

    def _on_preview_opened(self, _dialog) -> None:
        if self._printing_title:
            self._printing_title = None
            self._show_message(None)

    # -- helpers ----------------------------------------------------------------------------

    def _set_placeholder(self, text: str) -> None:
        self.ui.placeholderLabel.setText(no_orphan(text))

    def _show_message(self, text: str | None, level: str = "info") -> None:
        if text:
            msg.show_message(self.ui.messageLabel, text, level)
        else:
            msg.clear_message(self.ui.messageLabel)

    def _update_buttons(self) -> None:
        self.ui.applyButton.setEnabled(self._loaded and self.current_item() is not None)
        self.ui.printButton.setEnabled(self._loaded and self._code is not None)
