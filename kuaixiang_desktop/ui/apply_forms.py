"""The apply wizard's papers to sign: the 授权委托书 on the review page and the 容缺受理承诺书 on
the done page (:mod:`.apply_wizard` keeps the filing; this keeps what the two forms need).

授权委托书: once the agent is known, a task asks whether the agent is the enterprise's legal
representative (by name) and whether an authorisation is on file. When one is needed the
review page says so and offers, in this order: the one on file (ticked), "经办人是法定代表人本人"
when the names leave doubt, the signed form just handed over (with its period), and printing
a pre-filled form to sign. Without one of them the 授权委托书 counts as a missing material:
the application is a draft and the 一次性告知单 lists it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from kuaixiang_core.domain import clock

from ..services import authorisations
from ..services.applications import AuthorisationInput
from . import operations
from .apply_pages import set_message
from .qtcompat import emit

if TYPE_CHECKING:
    from ..services.apply_context import ApplyContext
    from .apply_wizard import ApplyWizard

# A newly signed authorisation runs this long unless the clerk sets its end.
DEFAULT_PERIOD_DAYS = 365


class ApplyForms(QObject):
    """Signals: ``need_known(Need)`` when the authorisation check for the agent is done;
    ``authorisation_printed(PrintOutcome)`` / ``pledge_printed(PrintOutcome)`` as the
    wizard's other prints report."""

    need_known = Signal(object)

    def __init__(self, wizard: ApplyWizard):
        super().__init__(wizard)
        self._wizard = wizard
        self.need: authorisations.Need | None = None
        self.checking = False
        self._file_after_check = False  # Enter came before the answer
        self._agent_key: tuple[str, str] | None = None
        self._print_label = None  # the page's message line a print of ours reports on
        ui = wizard.review_page.ui
        ui.authorisationGroup.setVisible(False)
        for box in (ui.legalRepBox, ui.onFileBox, ui.receivedBox):
            box.toggled.connect(self._changed)
        ui.printAuthorisationButton.clicked.connect(self.print_authorisation)
        QShortcut(QKeySequence("Ctrl+Shift+W"), wizard.review_page).activated.connect(self.print_authorisation)
        done = wizard.done_page.ui
        done.printPledgeButton.clicked.connect(self.print_pledge)
        QShortcut(QKeySequence("Ctrl+Shift+G"), wizard.done_page).activated.connect(self.print_pledge)
        wizard.form_printed.connect(self._on_printed)

    # -- the authorisation ---------------------------------------------------------------------

    def check_agent(self) -> None:
        """The agent page was left: ask (once per agent) whether an authorisation is needed."""
        wizard = self._wizard
        agent, context = wizard.agent_page.agent, wizard.context
        if agent is None or context is None:
            return
        key = (agent.name, agent.id_number)
        if key == self._agent_key and (self.need is not None or self.checking):
            return
        self._agent_key, self.need, self.checking = key, None, True
        ui = wizard.review_page.ui
        ui.untilEdit.setDate(_qdate(context.today + dt.timedelta(days=DEFAULT_PERIOD_DAYS)))
        for box in (ui.legalRepBox, ui.onFileBox, ui.receivedBox):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        wizard.review_page.set_filing(wizard.review_page.filing)  # Enter waits for the answer
        wizard.submit_task("authorisation", operations.authorisation_need, wizard.db, context.credit_code, agent,
                           context.item.item_id, on_done=self._on_need, on_error=self._on_need_failed)

    def file_when_known(self) -> bool:
        """Enter while the check runs: file once it answers (True: wait)."""
        self._file_after_check = self.checking
        return self.checking

    def _on_need(self, need: authorisations.Need) -> None:
        self.need, self.checking = need, False
        ui = self._wizard.review_page.ui
        if need.on_file is not None:
            ui.onFileBox.setChecked(True)
        self._refresh()
        emit(self.need_known, need)
        go, self._file_after_check = self._file_after_check, False
        # Filed at once only when nothing new is asked of the clerk: a required authorisation
        # they have not seen yet waits for them.
        if go and not self.missing():
            self._wizard.file_now()

    def _on_need_failed(self, exc: BaseException) -> None:
        self.checking = self._file_after_check = False
        set_message(self._wizard.review_page.ui.messageLabel, "error",
                    self.tr("无法核对经办人是否为法定代表人：{error}").format(error=exc))

    @property
    def required(self) -> bool:
        need = self.need
        if need is None:
            return False
        if need.match == authorisations.UNSURE:
            return not self._wizard.review_page.ui.legalRepBox.isChecked()
        return need.match == authorisations.DIFFERENT

    def missing(self) -> list[str]:
        """The 授权委托书, when it is needed and neither handed over nor on file."""
        ui = self._wizard.review_page.ui
        if not self.required or ui.onFileBox.isChecked() or ui.receivedBox.isChecked():
            return []
        context = self._wizard.context
        names = [m.name for m in context.item.materials] if context else []
        return [next((n for n in names if n.startswith(authorisations.MATERIAL)), authorisations.MATERIAL)]

    def authorisation_input(self) -> AuthorisationInput | None:
        if not self.required:
            return None
        ui = self._wizard.review_page.ui
        need = self.need
        if ui.onFileBox.isChecked() and need is not None and need.on_file is not None:
            return AuthorisationInput(on_file_id=need.on_file.id)
        if ui.receivedBox.isChecked():
            today = self._wizard.context.today if self._wizard.context else clock.today()
            return AuthorisationInput(received=True, valid_from=today, valid_to=ui.untilEdit.date().toPython())
        return AuthorisationInput()

    def fill_review(self) -> None:
        ui = self._wizard.review_page.ui
        need = self.need
        context = self._wizard.context
        agent = self._wizard.agent_page.agent
        if need is None or need.match == authorisations.SAME or agent is None:
            ui.authorisationGroup.setVisible(self.checking)
            ui.authorisationNote.setText(self.tr("正在核对经办人是否为法定代表人…") if self.checking else "")
            for widget in (ui.legalRepBox, ui.onFileBox, ui.receivedBox, ui.untilEdit, ui.printAuthorisationButton):
                widget.setVisible(False)
            return
        ui.authorisationGroup.setVisible(True)
        rep = need.legal_rep or self.tr("（登记信息中没有）")
        if need.match == authorisations.UNSURE:
            note = self.tr("无法确定经办人「{agent}」是否为法定代表人「{rep}」：是本人请勾选下面第一项，"
                           "否则须收取企业签字盖章的授权委托书。").format(agent=agent.name, rep=rep)
        else:
            note = self.tr("经办人「{agent}」不是登记的法定代表人「{rep}」：须收取企业签字盖章的授权委托书。").format(
                agent=agent.name, rep=rep)
        ui.authorisationNote.setText(note)
        ui.legalRepBox.setVisible(need.match == authorisations.UNSURE)
        on_file = need.on_file
        ui.onFileBox.setVisible(on_file is not None and self.required)
        if on_file is not None:
            scope = self.tr("全部事项") if on_file.item_id is None else self.tr("本事项")
            ui.onFileBox.setText(self.tr("使用已备案的授权委托书（{agent} {id}，{scope}，有效期至 {until}）").format(
                agent=on_file.agent_name, id=on_file.agent_id_masked, scope=scope, until=on_file.valid_to.isoformat()))
        for widget in (ui.receivedBox, ui.untilEdit, ui.printAuthorisationButton):
            widget.setVisible(self.required)
        ui.untilEdit.setEnabled(ui.receivedBox.isChecked())
        if context is not None:
            ui.untilEdit.setMinimumDate(_qdate(context.today))
            ui.untilEdit.setMaximumDate(_qdate(context.today + dt.timedelta(days=authorisations.MAX_PERIOD_DAYS)))

    def _changed(self, *_: Any) -> None:
        self._refresh()

    def _refresh(self) -> None:
        wizard = self._wizard
        if wizard.currentPage() is wizard.review_page:
            wizard.fill_review(wizard.review_page)

    def print_authorisation(self) -> None:
        wizard = self._wizard
        agent, context = wizard.agent_page.agent, wizard.context
        if agent is None or context is None or not self.required:
            return
        until = wizard.review_page.ui.untilEdit.date().toPython()
        title = self.tr("授权委托书 {enterprise} {agent}").format(enterprise=context.enterprise_name, agent=agent.name)
        self._render("authorisation", title, operations.render_authorisation, wizard.db, context.credit_code, agent,
                     context.today, until, context.item.item_id, message=wizard.review_page.ui.messageLabel)

    # -- what Enter will do ----------------------------------------------------------------------

    def outcome_text(self, context: ApplyContext, missing: list[str]) -> tuple[str, str]:
        """The review page's sentence on what filing will do, and the commit button's text."""
        if not missing:
            return self.tr("材料齐全：按 Enter 受理，生成回执编号并可打印受理回执。"), self.tr("受理 (Enter)")
        draft = self.tr("存为草稿 (Enter)")
        blocked = [n for n in missing if n not in context.item.deferrable]
        if any(n.startswith(authorisations.MATERIAL) for n in self.missing()):
            return (self.tr("缺少授权委托书：收到签字盖章的授权委托书（或使用已备案的）方可受理；现在按 Enter 将存为草稿，"
                            "并打印一次性告知单，一次告知缺少的 {count} 项材料。").format(count=len(missing)), draft)
        if context.item.allows_deferred and not blocked and not context.dishonest:
            deadline = context.deferred_deadline
            when = (deadline.isoformat() if deadline
                    else self.tr("{days} 个工作日内").format(days=context.item.deferred_days))
            return (self.tr("容缺受理：缺少 {count} 项必需材料，须在 {deadline} 前补交；受理后打印受理回执、"
                            "容缺受理承诺书（企业签字盖章）和一次性告知单。")
                    .format(count=len(missing), deadline=when), self.tr("容缺受理 (Enter)"))
        if context.item.allows_deferred and context.dishonest:
            return (self.tr("该企业被列为失信主体，不能容缺受理：申请将存为草稿，并打印一次性告知单，"
                            "一次告知缺少的 {count} 项材料。").format(count=len(missing)), draft)
        if context.item.allows_deferred:
            return (self.tr("「{names}」不能容缺补交：申请将存为草稿，并打印一次性告知单，一次告知缺少的 {count} 项材料。")
                    .format(names="、".join(blocked), count=len(missing)), draft)
        return (self.tr("材料不全，不能受理：申请将存为草稿，并打印一次性告知单，一次告知缺少的 {count} 项材料。")
                .format(count=len(missing)), draft)

    # -- the pledge ----------------------------------------------------------------------------

    def print_pledge(self) -> None:
        wizard = self._wizard
        result = wizard.result
        if result is None or not result.receipt_no or result.deferred_deadline is None:
            wizard.done_message("warning", self.tr("不是容缺受理，没有容缺受理承诺书"))
            return
        title = self.tr("容缺受理承诺书 {number}").format(number=result.receipt_no)
        self._render("pledge", title, lambda *a: operations.render_pledge(*a).pdf, wizard.db, result.application_id,
                     message=wizard.done_page.ui.messageLabel)

    def _on_printed(self, outcome) -> None:
        if self._print_label is not None:
            set_message(self._print_label, "info", self.tr("「{title}」已打印：{destination}").format(
                title=outcome.title, destination=outcome.destination))

    def _render(self, kind: str, title: str, fn: Callable[..., bytes], *args: Any, message) -> None:
        wizard = self._wizard
        set_message(message, "info", self.tr("正在生成…"))
        self._print_label = message

        def rendered(pdf: bytes) -> None:
            wizard.send_to_printer(kind, pdf, title, paper="a4")

        def failed(exc: BaseException) -> None:
            set_message(message, "error", self.tr("无法生成打印文件：{error}").format(
                error=getattr(exc, "message", None) or exc))

        wizard.submit_task(f"print-{kind}", fn, *args, on_done=rendered, on_error=failed)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
