"""The log-in dialog shown at start-up (and when the server asks for a new log-in).

The clerk enters user name, password and the central server's address; Enter in any field
logs in (登录 is the dialog's default button, the only one Enter reaches).  The log-in itself
(``services.auth.login``: online, falling back to this device's offline verifier when the
server cannot be reached) runs on a worker of the task runner, never on the GUI thread; its
refusal is shown inline, in Chinese, under the fields.  On success the dialog is accepted and
:attr:`LoginDialog.session` holds the :class:`~kuaixiang_desktop.services.auth.SessionInfo`.
At start-up (``quit_on_cancel``) cancelling quits the app, so Esc, 取消 and closing ask first.

A new machine takes its server from the hall's provisioning (services/provisioning), never
typed: 「导入配置…」 reads a file, and a scan of the configuration's QR into the server field
(the scanner types ``KXP1:…`` and Enter) imports it instead of logging in. Both run on the
worker; an accepted configuration fills the server field and, with ``settings``, the window's
settings (server and pinned certificate). A configuration that asks for its fingerprint to be
confirmed shows it and imports only on 「一致」.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kuaixiang_core.domain.clock import shanghai_time
from kuaixiang_core.domain.provisioning import QR_PREFIX

from ..services import auth, provisioning
from ..services.database import Database
from . import operations
from .accessibility import name_controls
from .message_label import set_level
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)


def local_hhmm(when: dt.datetime) -> str:
    """``HH:MM`` in Asia/Shanghai; naive datetimes are UTC (as the services store them)."""
    return shanghai_time(when).strftime("%H:%M")


class LoginDialog(QDialog):
    """User name, password (masked), server address and 登录.

    ``logged_in(SessionInfo)`` is emitted just before the dialog is accepted.
    """

    logged_in = Signal(object)

    # Wide enough for an address such as https://zwfw.liaocheng.gov.cn:8765 in full.
    SERVER_SAMPLE = "https://zwfw.liaocheng.gov.cn:8765"

    def __init__(self, db: Database, server_url: str, *, username: str = "", parent: QWidget | None = None,
                 security: auth.TransportSecurity | None = None, quit_on_cancel: bool = False,
                 settings=None):
        """``security``: how the server may be reached (the settings' certificate and
        whether plain http:// may leave this machine); strict when None.  ``quit_on_cancel``:
        cancelling quits the app (the start-up log-in), so the clerk is asked first."""
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("政策快享 · 登录"))
        self._db = db
        self._security = security
        self._settings = settings  # AppSettings: an imported configuration is remembered there
        self.fingerprint_question: QMessageBox | None = None
        self.session: auth.SessionInfo | None = None
        self.quit_on_cancel = quit_on_cancel
        self.quit_question: QMessageBox | None = None
        self.runner = TaskRunner(self, max_threads=1)

        self.username_edit = QLineEdit(username, self)
        self.username_edit.setObjectName("usernameEdit")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_edit = QLineEdit(server_url, self)
        self.server_edit.setObjectName("serverEdit")
        fm = self.server_edit.fontMetrics()
        # The text plus the frame and cursor margins; the cursor at the start, so that a
        # field narrower than its text would still show the scheme and host, not "p://…:9".
        self.server_edit.setMinimumWidth(
            max(fm.horizontalAdvance(server_url), fm.horizontalAdvance(self.SERVER_SAMPLE)) + fm.averageCharWidth() * 3)
        self.server_edit.setCursorPosition(0)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("loginError")
        self.error_label.setProperty("level", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.login_button = QPushButton(self.tr("登录"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setObjectName("cancelButton")
        # Not auto-default: while logging in the fields are disabled and the focus falls on
        # 取消; auto-default, it would then take the Enter the clerk pressed and quit the app.
        self.cancel_button.setAutoDefault(False)
        self.import_button = QPushButton(self.tr("导入配置…"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.setAutoDefault(False)
        self.import_button.setToolTip(self.tr("导入管理员发放的大厅配置文件；也可把配置二维码扫入「中心服务器」一栏"))

        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username_edit)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow(self.tr("中心服务器"), self.server_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.login_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.import_button.clicked.connect(self.choose_file)
        # No returnPressed wiring: the line edits pass Enter on to the dialog, which clicks
        # the default button; wiring it as well would start the log-in twice.
        (self.password_edit if username else self.username_edit).setFocus(Qt.FocusReason.OtherFocusReason)
        name_controls(self)

    # -- state ------------------------------------------------------------------------------

    def busy(self) -> bool:
        return self.runner.busy()

    def error(self) -> str | None:
        return None if self.error_label.isHidden() else self.error_label.text()

    def show_error(self, text: str, level: str = "error") -> None:
        set_level(self.error_label, level)
        self.error_label.setText(text)
        self.error_label.show()
        if self.isVisible():
            self.adjustSize()  # taller for the message, instead of squeezing the fields

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.username_edit, self.password_edit, self.server_edit, self.login_button, self.import_button):
            widget.setEnabled(enabled)

    # -- logging in -------------------------------------------------------------------------

    def submit(self) -> None:
        """Start the log-in on a worker (ignored while one is running)."""
        if self.runner.busy():
            return
        scanned = self.server_edit.text().strip()
        if scanned.upper().startswith(QR_PREFIX):
            self.import_config(scanned)
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            # Named, and the focus on the field that is missing (Enter in 用户名 goes on to 密码).
            if username:
                self.show_error(self.tr("请填写密码"))
            elif password:
                self.show_error(self.tr("请填写用户名"))
            else:
                self.show_error(self.tr("请填写用户名和密码"))
            (self.password_edit if username else self.username_edit).setFocus(Qt.FocusReason.OtherFocusReason)
            return
        server = self.server_edit.text().strip() or None
        self.error_label.hide()
        self._set_inputs_enabled(False)
        self.login_button.setText(self.tr("正在登录…"))
        self.runner.submit(operations.log_in, self._db, username, password, server, self._security,
                           on_done=self._succeeded, on_error=self._failed)

    def _succeeded(self, info: auth.SessionInfo) -> None:
        self.session = info
        self.password_edit.clear()
        emit(self.logged_in, info)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_inputs_enabled(True)
        self.login_button.setText(self.tr("登录"))
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_error(self.describe(exc))

    # -- provisioning -----------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入大厅配置"), "",
                                              self.tr("大厅配置 (*.kxprov *.json *.txt);;所有文件 (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        from pathlib import Path

        try:
            data = provisioning.read_file(Path(path))
        except provisioning.ProvisioningRefused as exc:
            self.show_error(exc.message)
            return
        self.import_config(data)

    def import_config(self, data: bytes | str, fingerprint: str | None = None) -> None:
        """Check and apply a configuration on the worker (ignored while one is running)."""
        if self.runner.busy():
            return
        self.error_label.hide()
        self._set_inputs_enabled(False)
        self.runner.submit(operations.import_provisioning, self._db, data, fingerprint,
                           on_done=self._imported, on_error=lambda exc: self._import_failed(exc, data))

    def _imported(self, result: provisioning.Provisioned) -> None:
        self._set_inputs_enabled(True)
        self.server_edit.setText(result.server)
        self.server_edit.setCursorPosition(0)
        self._security = auth.TransportSecurity(False, result.ca_file)
        if self._settings is not None:
            self._settings.server = result.server
            self._settings.ca_file = result.ca_file or ""
            self._settings.sync()
        self.show_error(self.tr("已导入大厅配置：{hall} 窗口 {window}，中心服务器 {server}。请登录。").format(
            hall=result.hall, window=result.window or "-", server=result.server), "info")
        (self.password_edit if self.username_edit.text() else self.username_edit).setFocus(
            Qt.FocusReason.OtherFocusReason)

    def _import_failed(self, exc: BaseException, data: bytes | str) -> None:
        self._set_inputs_enabled(True)
        if self.server_edit.text().strip().upper().startswith(QR_PREFIX):
            self.server_edit.clear()  # the scan is not an address
        if isinstance(exc, provisioning.ProvisioningRefused) and exc.field == "fingerprint":
            self._ask_fingerprint(exc, data)
            return
        message = exc.message if isinstance(exc, provisioning.ProvisioningRefused) else str(exc)
        self.show_error(self.tr("配置未导入：{reason}").format(reason=message))

    def _ask_fingerprint(self, exc: provisioning.ProvisioningRefused, data: bytes | str) -> None:
        fingerprint = exc.message.split("指纹 ")[-1].split("（")[0].strip()
        spaced = " ".join(fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("核对配置的签名指纹"), self.tr(
            "本机尚未信任任何中心服务器。请与管理员另行（电话或书面）告知的指纹逐字核对：\n\n{fp}\n\n一致才导入。").format(
                fp=spaced), parent=self)
        box.setObjectName("fingerprintQuestion")
        same = box.addButton(self.tr("一致，导入"), QMessageBox.ButtonRole.AcceptRole)
        differ = box.addButton(self.tr("不一致"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(differ)
        box.setEscapeButton(differ)

        def answered(_result: int) -> None:
            self.fingerprint_question = None
            if box.clickedButton() is same:
                self.import_config(data, fingerprint)
            else:
                self.show_error(self.tr("指纹不一致：配置未导入。请联系管理员。"))
            box.deleteLater()

        box.finished.connect(answered)
        self.fingerprint_question = box
        box.open()

    def describe(self, exc: BaseException) -> str:
        """The clerk's message for a refused log-in."""
        if isinstance(exc, auth.WrongPassword):
            if exc.remaining is not None:
                return self.tr("用户名或密码不正确，还可以再试 {n} 次").format(n=exc.remaining)
            return self.tr("用户名或密码不正确")
        if isinstance(exc, auth.AccountLocked):
            return self.tr("账号已锁定，请于 {time} 后再试").format(time=local_hhmm(exc.until))
        if isinstance(exc, auth.OfflineUnavailable):
            return self.tr("无法离线登录：本机没有该账号的离线凭据，请在联网时登录一次。（{reason}）").format(
                reason=exc.message)
        if isinstance(exc, auth.ServerUnreachable):  # says already what failed, once
            return exc.message
        if isinstance(exc, auth.ConfigError):  # plain http:// elsewhere, a certificate file that will not do
            return exc.message
        if isinstance(exc, auth.LoginError):
            return exc.message
        log.info("log-in failed", exc_info=(type(exc), exc, exc.__traceback__))
        return self.tr("登录时出错：{error}").format(error=exc)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        self.runner.shutdown()

    def reject(self) -> None:
        """Esc, 取消 or closing: at start-up, ask whether to quit (the window stays until
        the clerk answers); elsewhere close at once."""
        if not self.quit_on_cancel:
            super().reject()
            return
        if self.quit_question is not None:
            self.quit_question.raise_()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("政策快享 · 登录"),
                          self.tr("不登录就无法使用政策快享。要退出吗？"), parent=self)
        box.setObjectName("quitQuestion")
        self._quit_button = box.addButton(self.tr("退出"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(self.tr("返回登录"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.finished.connect(self._quit_answered)
        self.quit_question = box
        box.open()

    def _quit_answered(self, _result: int) -> None:
        box, self.quit_question = self.quit_question, None
        if box is None:
            return
        quit_now = box.clickedButton() is self._quit_button
        box.deleteLater()
        if quit_now:
            super().reject()
        else:
            (self.password_edit if self.password_edit.isEnabled() else self).setFocus(Qt.FocusReason.OtherFocusReason)

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)  # reject(): may ask first and keep the dialog open
        if event.isAccepted():
            self.shutdown()
