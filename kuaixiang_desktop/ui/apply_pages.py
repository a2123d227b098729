"""The four pages of the apply wizard (:mod:`.apply_wizard`): 收取材料, 经办人, 核对, 完成.

The pages hold their widgets and say when the clerk may go on; what a page shows and what
happens when it is left is the wizard's, which keeps the context, the filing and the printing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..services.applications import Agent, ApplyRefused
from . import agent_validation as av
from .generated.ui_apply_agent_page import Ui_ApplyAgentPage
from .generated.ui_apply_done_page import Ui_ApplyDonePage
from .generated.ui_apply_materials_page import Ui_ApplyMaterialsPage
from .generated.ui_apply_review_page import Ui_ApplyReviewPage
from .models.materials_model import MAX_COUNT, MaterialsModel
from .qtcompat import emit

if TYPE_CHECKING:
    from .apply_wizard import ApplyWizard


# -- small widgets --------------------------------------------------------------------------


def set_message(label: QLabel, level: str | None, text: str = "") -> None:
    """Show ``text`` in a message label coloured by ``level`` (info/warning/error), or hide it."""
    label.setText(text)
    label.setVisible(bool(text))
    label.setProperty("level", level or "info")
    label.style().unpolish(label)
    label.style().polish(label)


def _set_field_state(label: QLabel, state: str, text: str) -> None:
    label.setText(text)
    label.setProperty("alert", state == av.ERROR)
    label.setProperty("muted", state == av.HINT)
    label.style().unpolish(label)
    label.style().polish(label)


class _CountDelegate(QStyledItemDelegate):
    """原件/复印件: a spin box bounded like the model (0–99)."""

    def createEditor(self, parent: QWidget, option, index):  # noqa: N802 - Qt's name
        box = QSpinBox(parent)
        box.setRange(0, MAX_COUNT)
        box.setFrame(False)
        box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return box

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter in a count confirms the count; left alone it would also reach the wizard
        # and turn the page under the clerk's hands.
        if (isinstance(editor, QSpinBox) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            editor.interpretText()
            emit(self.commitData, editor)
            emit(self.closeEditor, editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


# -- pages ----------------------------------------------------------------------------------


class MaterialsPage(QWizardPage):
    def __init__(self, wizard: ApplyWizard):
        super().__init__(wizard)
        self.ui = Ui_ApplyMaterialsPage()
        self.ui.setupUi(self)
        self.ready = False
        self.model = MaterialsModel(self)
        view = self.ui.materialsView
        view.setModel(self.model)
        view.setItemDelegateForColumn(MaterialsModel.ORIGINALS, _CountDelegate(view))
        view.setItemDelegateForColumn(MaterialsModel.COPIES, _CountDelegate(view))
        view.verticalHeader().hide()
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a file name's end says what it is
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MaterialsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MaterialsModel.ATTACHMENT, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(MaterialsModel.ATTACHMENT, 200)
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setDragDropOverwriteMode(True)  # a drop lands on a row, never between rows
        set_message(self.ui.messageLabel, None)
        self.ui.contextLabel.setText(self.tr("正在载入事项与企业信息…"))

    def isComplete(self) -> bool:  # noqa: N802
        return self.ready

    def set_ready(self, ready: bool) -> None:
        if ready != self.ready:
            self.ready = ready
            emit(self.completeChanged)


class AgentPage(QWizardPage):
    def __init__(self, wizard: ApplyWizard):
        super().__init__(wizard)
        self.ui = Ui_ApplyAgentPage()
        self.ui.setupUi(self)
        self.edits: dict[str, QLineEdit] = {
            "agent_name": self.ui.nameEdit, "agent_id": self.ui.idEdit, "agent_phone": self.ui.phoneEdit,
        }
        self.messages: dict[str, QLabel] = {
            "agent_name": self.ui.nameMessage, "agent_id": self.ui.idMessage, "agent_phone": self.ui.phoneMessage,
        }
        self._checks: dict[str, av.FieldCheck] = {}
        self.agent: Agent | None = None
        for field, edit in self.edits.items():
            edit.textChanged.connect(lambda _text, f=field: self._recheck(f, final=False))
            edit.editingFinished.connect(lambda f=field: self._recheck(f, final=True))
            edit.returnPressed.connect(self._return_pressed)
        self.ui.idEdit.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)
        self.ui.phoneEdit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        set_message(self.ui.messageLabel, None)
        for field in self.edits:
            self._recheck(field, final=False, show=False)

    def _check(self, field: str, final: bool) -> av.FieldCheck:
        text = self.edits[field].text()
        if field == "agent_name":
            return av.check_name(text, final=final)
        if field == "agent_id":
            return av.check_id_number(text, final=final)
        return av.check_phone(text, final=final)

    def _recheck(self, field: str, *, final: bool, show: bool = True) -> av.FieldCheck:
        check = self._check(field, final)
        was_complete = self.isComplete()
        self._checks[field] = check
        if show:
            text = check.message if not check.ok else self.tr("✓")
            if not self.edits[field].text() and not final:
                text = ""  # an untouched field says nothing yet
            _set_field_state(self.messages[field], check.state, text)
        if self.isComplete() != was_complete:
            emit(self.completeChanged)
        return check

    def fill(self, field: str, text: str) -> av.FieldCheck:
        """Put ``text`` in ``field`` as if typed and left (the ID card reader's values): checked
        in full at once, the clerk can still change it."""
        self.edits[field].setText(text)
        return self._recheck(field, final=True)

    def check_state(self, field: str) -> av.FieldCheck:
        return self._checks[field]

    def isComplete(self) -> bool:  # noqa: N802
        return len(self._checks) == len(self.edits) and all(c.ok for c in self._checks.values())

    def _return_pressed(self) -> None:
        # Next is disabled while a field is wrong, so Enter would do nothing: say what is
        # wrong and put the cursor there instead.
        if not self.isComplete():
            self.show_all_problems()

    def show_all_problems(self) -> None:
        first = None
        for field in self.edits:
            if not self._recheck(field, final=True).ok and first is None:
                first = field
        if first is not None:
            self.focus_field(first)

    def focus_field(self, field: str) -> None:
        edit = self.edits.get(field)
        if edit is not None:
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.selectAll()

    def show_refusal(self, field: str, message: str) -> None:
        if field in self.messages:
            _set_field_state(self.messages[field], av.ERROR, message)
            self._checks[field] = av.FieldCheck(av.ERROR, message)
            emit(self.completeChanged)
            self.focus_field(field)
        else:
            set_message(self.ui.messageLabel, "error", message)

    def validatePage(self) -> bool:  # noqa: N802
        try:
            self.agent = av.confirmed_agent(self.ui.nameEdit.text(), self.ui.idEdit.text(), self.ui.phoneEdit.text())
        except ApplyRefused as exc:
            self.show_refusal(exc.field or "", exc.message)
            return False
        set_message(self.ui.messageLabel, None)
        return True


class ReviewPage(QWizardPage):
    def __init__(self, wizard: ApplyWizard):
        super().__init__(wizard)
        self._wizard = wizard
        self.ui = Ui_ApplyReviewPage()
        self.ui.setupUi(self)
        self.setCommitPage(True)
        self.filing = False
        self.filed = False
        set_message(self.ui.messageLabel, None)
        font = self.ui.outcomeLabel.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.ui.outcomeLabel.setFont(font)

    def initializePage(self) -> None:  # noqa: N802
        self._wizard.fill_review(self)

    def isComplete(self) -> bool:  # noqa: N802
        return not self.filing

    def set_filing(self, filing: bool) -> None:
        self.filing = filing
        emit(self.completeChanged)
        # QWizard re-enables Back on every state change; while filing there is no going back.
        back = self._wizard.button(QWizard.WizardButton.BackButton)
        if back is not None:
            back.setEnabled(not filing)

    def validatePage(self) -> bool:  # noqa: N802
        if self.filed:
            return True
        if not self.filing:
            self._wizard.file_now()
        return False


class DonePage(QWizardPage):
    def __init__(self, wizard: ApplyWizard):
        super().__init__(wizard)
        self._wizard = wizard
        self.ui = Ui_ApplyDonePage()
        self.ui.setupUi(self)
        self.setFinalPage(True)
        font = self.ui.statusLabel.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.ui.statusLabel.setFont(font)
        set_message(self.ui.messageLabel, None)

    def initializePage(self) -> None:  # noqa: N802
        self._wizard.fill_done(self)
