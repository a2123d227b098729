"""Asking for the reason and the password again before an agent's full ID number and phone
are shown (``services.reveal``: who may, and why a fresh password).

The check runs on the dialog's own worker (scrypt takes tens of milliseconds, and a wrong
password writes to the database); a refusal is shown under the fields and the password is
cleared; on success ``revealed(Revealed)`` is emitted and the dialog closes. Opened with
``open()``: the window goes on drawing while it is up.

Layout: forms/reveal_dialog.ui.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ..services import auth, reveal
from ..services.database import Database
from . import operations
from .accessibility import name_controls
from .generated.ui_reveal_dialog import Ui_RevealDialog
from .login_dialog import local_hhmm
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)


class RevealDialog(QDialog):
    """``revealed(Revealed)`` just before the dialog is accepted."""

    revealed = Signal(object)
    refused = Signal(str)  # the message shown, for whoever watches (tests, the room)

    def __init__(self, db: Database, application_id: str, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("revealDialog")
        self._db = db
        self.application_id = application_id
        self.result_value: reveal.Revealed | None = None
        self.runner = TaskRunner(self, max_threads=1)
        self.ui = Ui_RevealDialog()
        self.ui.setupUi(self)
        self.ui.applicationValue.setText(label)
        self.ui.errorLabel.setObjectName("messageLabel")  # the stylesheet's message look
        self.ui.errorLabel.setProperty("level", "error")
        self.ui.errorLabel.hide()
        self.ok_button = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("查看"))
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.reasonEdit.returnPressed.connect(lambda: self.ui.passwordEdit.setFocus(Qt.FocusReason.TabFocusReason))
        self.ui.passwordEdit.returnPressed.connect(self.submit)
        self.ui.reasonEdit.setFocus(Qt.FocusReason.OtherFocusReason)
        name_controls(self)

    # -- state ------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self.runner.busy()

    def error(self) -> str | None:
        return None if self.ui.errorLabel.isHidden() else self.ui.errorLabel.text()

    def _show_error(self, text: str) -> None:
        self.ui.errorLabel.setText(text)
        self.ui.errorLabel.show()
        emit(self.refused, text)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.ui.reasonEdit, self.ui.passwordEdit, self.ok_button):
            widget.setEnabled(enabled)

    # -- checking ---------------------------------------------------------------------------

    def submit(self) -> None:
        """Check the reason here, the password and the rights on a worker."""
        if self.runner.busy():
            return
        reason = self.ui.reasonEdit.text()
        try:
            reason = reveal.clean_reason(reason)
        except reveal.RevealRefused:
            self._show_error(self.tr("请写明查看原因（至少 2 个字），它会记入审计日志"))
            self.ui.reasonEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        password = self.ui.passwordEdit.text()
        if not password:
            self._show_error(self.tr("请再次输入您的登录密码"))
            self.ui.passwordEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.ui.errorLabel.hide()
        self._set_inputs_enabled(False)
        self.ok_button.setText(self.tr("正在核对…"))
        self.runner.submit(operations.reveal_agent, self._db, self.application_id, password, reason,
                           on_done=self._succeeded, on_error=self._failed)

    def _succeeded(self, result: reveal.Revealed) -> None:
        self.result_value = result
        self.ui.passwordEdit.clear()
        emit(self.revealed, result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_inputs_enabled(True)
        self.ok_button.setText(self.tr("查看"))
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_error(self.describe(exc))

    def describe(self, exc: BaseException) -> str:
        if isinstance(exc, auth.NotLoggedIn):
            return self.tr("当前没有登录的窗口人员：请先登录")
        if isinstance(exc, auth.WrongPassword):
            if exc.remaining is not None:
                return self.tr("密码不正确，还可以再试 {n} 次").format(n=exc.remaining)
            return self.tr("密码不正确")
        if isinstance(exc, auth.AccountLocked):
            return self.tr("账号已锁定，请于 {time} 后再试").format(time=local_hhmm(exc.until))
        if isinstance(exc, reveal.RevealRefused):
            return exc.message
        if isinstance(exc, auth.LoginError):
            return exc.message
        log.error("revealing the agent of %s failed", self.application_id, exc_info=(type(exc), exc, exc.__traceback__))
        return self.tr("查看时出错：{error}").format(error=exc)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        self.runner.shutdown()

    def done(self, result: int) -> None:
        self.ui.passwordEdit.clear()
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
