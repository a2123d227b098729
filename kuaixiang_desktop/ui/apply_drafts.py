"""The apply wizard's drafts: what closing a started application asks, what a draft holds of
the wizard, and how a reopened draft fills it again.

Closing (Esc, the 取消 button, Alt+F4, the title bar's ×) with anything ticked or typed asks
保存草稿 / 放弃 / 继续填写 in a window-modal box (``open()``, not ``exec()``: no nested event
loop, and a test can answer it). The draft is written by ``services.drafts`` on the wizard's
task runner; it stays on this machine (never in the outbox).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ..services.applications import ApplyRefused
from ..services.drafts import Draft, DraftFile, DraftInput, DraftMaterial
from ..services.secrets import SecretStoreUnavailable
from . import operations
from .apply_pages import set_message
from .models.materials_model import Attached
from .qtcompat import emit

if TYPE_CHECKING:
    from .apply_wizard import ApplyWizard

log = logging.getLogger(__name__)
SAVE, DISCARD, KEEP_ON = "save", "discard", "keep_on"


# Literal calls spell the context out: lupdate reads them, it does not resolve names.
translate = QCoreApplication.translate


def has_input(wizard: ApplyWizard) -> bool:
    """Anything the clerk would lose: a material ticked or attached, an agent field typed."""
    if any(row.received or row.attachment is not None for row in wizard.model.rows()):
        return True
    return any(edit.text().strip() for edit in wizard.agent_page.edits.values())


def draft_input(wizard: ApplyWizard) -> DraftInput:
    context = wizard.context
    assert context is not None
    edits = wizard.agent_page.edits
    materials = tuple(
        DraftMaterial(
            name=row.name, received=row.received, originals=row.originals, copies=row.copies,
            file=None if row.attachment is None else DraftFile(
                str(row.attachment.source), row.attachment.label, row.attachment.size, row.attachment.mime,
                row.attachment.sha256),
        )
        for row in wizard.model.rows()
    )
    return DraftInput(
        credit_code=context.credit_code, item_id=context.item.item_id, page=max(0, wizard.currentId()),
        materials=materials, agent_name=edits["agent_name"].text(), agent_id=edits["agent_id"].text(),
        agent_phone=edits["agent_phone"].text(),
    )


def restore(wizard: ApplyWizard, draft: Draft, last_page: int) -> list[str]:
    """Fill the loaded wizard with ``draft`` and go on to the page it reached, as far as the
    pages let (a field still wrong keeps it on the agent page). Returns the materials of the
    draft the item no longer asks for (the catalogue changed meanwhile)."""
    model = wizard.model
    gone = []
    for material in draft.materials:
        row = model.row_of(material.name)
        if row < 0:
            if material.received:
                gone.append(material.name)
            continue
        attachment = None
        if material.file is not None:
            f = material.file
            attachment = Attached(Path(f.source), f.label, f.size, f.mime, f.sha256)
        model.restore_row(row, received=material.received, originals=material.originals, copies=material.copies,
                          attachment=attachment)
    edits = wizard.agent_page.edits
    for field, value in (("agent_name", draft.agent_name), ("agent_id", draft.agent_id),
                         ("agent_phone", draft.agent_phone)):
        edits[field].setText(value)
    target = min(draft.row.page, last_page)
    while wizard.currentId() < target and wizard.currentPage() is not None and wizard.currentPage().isComplete():
        before = wizard.currentId()
        wizard.next()
        if wizard.currentId() == before:
            break
    return gone


def ask_before_closing(parent: QWidget, from_draft: bool, answer) -> QMessageBox:
    """The question; ``answer`` gets SAVE, DISCARD or KEEP_ON. Enter saves, Esc keeps filling in."""
    text = translate("ApplyDrafts", "已勾选的材料和填写的经办人信息还没有提交。")
    if from_draft:
        detail = translate("ApplyDrafts",
                           "保存草稿：更新草稿，以后可从企业卡片或“申请”页继续。\n放弃：删除这份草稿。\n继续填写：回到向导。")
    else:
        detail = translate("ApplyDrafts",
                           "保存草稿：留在本机，以后可从企业卡片或“申请”页继续。\n放弃：不保存，关闭向导。\n继续填写：回到向导。")
    title = translate("ApplyDrafts", "关闭代办申请")
    box = QMessageBox(QMessageBox.Icon.Question, title, text + "\n\n" + detail, parent=parent)
    box.setObjectName("closeApplyBox")
    save = box.addButton(translate("ApplyDrafts", "保存草稿 (Enter)"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(translate("ApplyDrafts", "放弃"), QMessageBox.ButtonRole.DestructiveRole)
    keep_on = box.addButton(translate("ApplyDrafts", "继续填写 (Esc)"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(keep_on)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    buttons = {id(save): SAVE, id(discard): DISCARD, id(keep_on): KEEP_ON}

    def finished(_code: int = 0) -> None:
        clicked = box.clickedButton()
        # deleteLater here, not WA_DeleteOnClose: a box deleted under this connected closure
        # crashed PySide (SIGBUS) on the next event loop turn.
        box.deleteLater()
        answer(buttons.get(id(clicked), KEEP_ON) if clicked is not None else KEEP_ON)

    box.finished.connect(finished)
    box.open()
    return box


def answered(wizard: ApplyWizard, answer: str) -> None:
    """Act on the clerk's answer: write the draft (then close), drop it (then close), or stay."""
    wizard.close_box = None
    if answer == SAVE:
        def saved(row) -> None:
            emit(wizard.draft_saved, row)
            wizard.leave()

        wizard.submit_task("draft", operations.save_draft, wizard._db, draft_input(wizard),
                       on_done=saved, on_error=lambda exc: _failed(wizard, exc))
    elif answer == DISCARD:
        if wizard.draft is not None:
            wizard.submit_task("draft", operations.discard_draft, wizard._db, wizard.draft.id,
                           on_done=wizard.leave, on_error=lambda exc: _failed(wizard, exc))
        else:
            wizard.leave()


def _failed(wizard: ApplyWizard, exc: BaseException) -> None:
    # The wizard stays open with everything in it: nothing is lost by a failed save.
    if not isinstance(exc, (ApplyRefused, LookupError, SecretStoreUnavailable, OSError)):
        log.error("saving the draft failed", exc_info=(type(exc), exc, exc.__traceback__))
    text = translate("ApplyDrafts", "草稿没有保存：{error}").format(error=exc)
    page = wizard.currentPage()
    label = page.findChild(QWidget, "messageLabel") if page is not None else None
    if label is not None:
        set_message(label, "error", text)
    emit(wizard.message_shown, "error", text)
