"""The settings dialog: server (its certificate, whether plain http:// may leave this
machine), printer, receipt paper, preview, UI font, scanner folder.

The server field shows the server this window is using (``server_in_use``: the sync's, which
in the demo is the in-process server on its own port), and OK writes the server only when the
clerk changed that field: saving the paper size must not move the counter to another server.
The hint under the field says what a change does (the next log-in goes there).

Nothing is written until OK, and only after every field checks out; a problem is named
under the fields (in Chinese, saying which field and what is wrong) and its field gets the
focus.  Cancel (or Esc) leaves the settings exactly as they were.  After saving,
``settings_changed()`` is emitted so that the window can apply the font and the like.

The printer list is ``print_actions.printer_names()`` between 系统默认打印机 and 打印到 PDF
文件…; a printer saved earlier that is not connected now stays in the list (marked) instead
of being silently replaced.

Layout: forms/settings_dialog.ui.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..devices.config import DeviceConfig
from ..services.auth import is_loopback
from .accessibility import name_controls
from .app_settings import AppSettings
from .device_settings import DeviceSettingsGroup
from .generated.ui_settings_dialog import Ui_SettingsDialog
from .print_actions import PDF_PRINTER_PREFIX, printer_names
from .qtcompat import emit

SCANNER_FOLDER_KEY = "scanner_folder"
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def server_url_problem(text: str) -> str | None:
    """What is wrong with ``text`` as the central server's address, or None if it is usable."""
    url = text.strip()
    if not url:
        return QCoreApplication.translate(
            "SettingsDialog", "请填写中心服务器地址")
    if any(c.isspace() for c in url):
        return QCoreApplication.translate(
            "SettingsDialog", "中心服务器地址不能含有空格")
    if "://" not in url:
        return QCoreApplication.translate(
            "SettingsDialog", "中心服务器地址应以 http:// 或 https:// 开头，例如 http://{example}").format(
            example=url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return QCoreApplication.translate(
            "SettingsDialog", "中心服务器地址只能用 http:// 或 https://，不能用“{scheme}://”").format(
            scheme=parts.scheme)
    host = parts.hostname
    if not host:
        return QCoreApplication.translate(
            "SettingsDialog", "中心服务器地址缺少主机名（服务器的 IP 地址或域名）")
    if ":" not in host and not all(_HOST_LABEL.match(label) for label in host.split(".")):
        return QCoreApplication.translate(
            "SettingsDialog", "中心服务器地址的主机名“{host}”无效").format(host=host)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raw = parts.netloc.rsplit(":", 1)[-1]
        return QCoreApplication.translate(
            "SettingsDialog", "中心服务器地址的端口号“{port}”无效（应为 1–65535 的数字）").format(port=raw)
    if parts.query or parts.fragment:
        return QCoreApplication.translate(
            "SettingsDialog", "中心服务器地址不应含有“?”或“#”及其后的内容")
    return None


def transport_problem(url: str, allow_insecure_http: bool, ca_file: str) -> tuple[str, str] | None:
    """What the transport rules (sync.client) would refuse, said before the log-in tries:
    (message, the field at fault: "server" or "ca")."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        return QCoreApplication.translate(
            "SettingsDialog", "本机以外的中心服务器须用 https:// 地址（http:// 会让密码和令牌以明文经过网络）；"
            "仅在可信内网测试时，才勾选“允许不加密的 http:// 连接”"), "server"
    if ca_file and not Path(ca_file).expanduser().is_file():
        return QCoreApplication.translate("SettingsDialog", "找不到服务器证书文件：{path}").format(path=ca_file), "ca"
    return None


class SettingsDialog(QDialog):
    """``settings_changed()`` after OK has saved; ``server_changed`` then says whether the
    clerk changed the server."""

    settings_changed = Signal()

    DEFAULT_PRINTER = ""
    PDF = PDF_PRINTER_PREFIX

    def __init__(self, settings: AppSettings, parent: QWidget | None = None, *,
                 printers: list[str] | None = None, server_in_use: str | None = None,
                 devices: DeviceConfig | None = None):
        super().__init__(parent)
        # The devices' settings live in their own file (devices.config); the window saves them.
        self.device_group = DeviceSettingsGroup(devices, self) if devices is not None else None
        self.device_config: DeviceConfig | None = None
        self._settings = settings
        self._server_in_use = (server_in_use or "").strip() or None
        self.server_changed = False
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self._scroll_groups()
        self.ui.errorLabel.hide()
        self.ui.errorLabel.setObjectName("messageLabel")  # the stylesheet's message look
        self.ui.errorLabel.setProperty("level", "error")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.pdfBrowseButton.clicked.connect(self._browse_pdf)
        self.ui.scannerBrowseButton.clicked.connect(self._browse_scanner)
        self.ui.caBrowseButton.clicked.connect(self._browse_ca)
        self.ui.printerCombo.currentIndexChanged.connect(self._printer_changed)

        self._fill_printers(printer_names() if printers is None else printers)
        self._load()
        self.ui.serverEdit.textChanged.connect(self._server_edited)
        self._server_edited()
        name_controls(self)

    def _scroll_groups(self) -> None:
        """The groups in a scroll area, the message and 确定/取消 below it: at 150 % scaling
        on a 768-line screen the dialog is taller than the screen, and 确定 went off it."""
        ui, layout = self.ui, self.ui.dialogLayout
        body = QWidget(self)
        body.setObjectName("settingsBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        for group in (ui.serverGroup, ui.printGroup, ui.fontGroup, ui.scannerGroup):
            layout.removeWidget(group)
            inner.addWidget(group)
        if self.device_group is not None:
            inner.addWidget(self.device_group)
        inner.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("settingsScroll")
        scroll.setAccessibleName(self.tr("设置项"))
        # Tab goes to the fields themselves (the area scrolls to the focused one); a stop on
        # the frame around them would only be one more press.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout.insertWidget(0, scroll, 1)
        self.scroll = scroll
        scroll.setMinimumWidth(body.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        # All of it when the screen has the room, else what fits beside the buttons.
        screen = self.screen()
        spare = screen.availableGeometry().height() - 160 if screen is not None else body.sizeHint().height()
        scroll.setMinimumHeight(max(120, min(body.sizeHint().height(), spare)))
        if screen is not None:  # the form's 560 lines are 840 at 150 %: no taller than the screen
            room = screen.availableGeometry()
            self.resize(min(max(self.width(), self.minimumSizeHint().width()), room.width()),
                        min(self.sizeHint().height(), room.height() - 40))

    # -- filling ----------------------------------------------------------------------------

    def _fill_printers(self, names: list[str]) -> None:
        combo = self.ui.printerCombo
        combo.addItem(self.tr("系统默认打印机"), self.DEFAULT_PRINTER)
        for name in names:
            combo.addItem(name, name)
        combo.addItem(self.tr("打印到 PDF 文件…"), self.PDF)

    def _load(self) -> None:
        s, ui = self._settings, self.ui
        self._shown_server = self._server_in_use or s.server
        ui.serverEdit.setText(self._shown_server)
        ui.serverEdit.setCursorPosition(0)
        ui.caFileEdit.setText(s.ca_file)
        ui.insecureHttpCheck.setChecked(s.allow_insecure_http)
        printer = s.printer
        combo = ui.printerCombo
        if printer.startswith(self.PDF):
            combo.setCurrentIndex(combo.findData(self.PDF))
            ui.pdfEdit.setText(printer[len(self.PDF):])
        else:
            index = combo.findData(printer)
            if index < 0:  # saved earlier, not connected now: keep it, say so
                combo.insertItem(combo.count() - 1, self.tr("{name}（未连接）").format(name=printer), printer)
                index = combo.findData(printer)
            combo.setCurrentIndex(index)
        self._printer_changed()
        (ui.rollRadio if s.paper == "80mm" else ui.a4Radio).setChecked(True)
        ui.previewCheck.setChecked(s.preview_before_print)
        self._shown_family = s.font_family or QApplication.font().family()
        ui.fontCombo.setCurrentFont(QFont(self._shown_family))
        self._shown_family = ui.fontCombo.currentFont().family()
        ui.sizeSpin.setValue(s.font_size)
        ui.scannerEdit.setText(s.value(SCANNER_FOLDER_KEY))

    @staticmethod
    def _normal(url: str) -> str:
        return url.strip().rstrip("/")

    def _server_is_changed(self) -> bool:
        return self._normal(self.ui.serverEdit.text()) != self._normal(self._shown_server)

    def _server_edited(self, _text: str = "") -> None:
        if self._server_is_changed():
            hint = self.tr("按“确定”后改用这个地址：下次登录（和登录后的同步）连接它；现在仍连接 {old}。").format(
                old=self._shown_server)
        elif self._server_in_use:
            hint = self.tr("这是本窗口正在连接的服务器。改动地址并按“确定”后，下次登录时生效。")
        else:
            hint = self.tr("修改后在下次登录时生效。")
        self.ui.serverHint.setText(hint)

    def _printer_changed(self, _index: int = -1) -> None:
        to_pdf = self.ui.printerCombo.currentData() == self.PDF
        for widget in (self.ui.pdfLabel, self.ui.pdfEdit, self.ui.pdfBrowseButton):
            widget.setEnabled(to_pdf)

    # -- browsing ---------------------------------------------------------------------------

    def _browse_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("打印到 PDF 文件"), self.ui.pdfEdit.text(),
                                                    self.tr("PDF 文件 (*.pdf)"))
        if path:
            self.ui.pdfEdit.setText(path)

    def _browse_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("服务器证书"), self.ui.caFileEdit.text(),
                                                    self.tr("证书 (*.pem *.crt *.cer);;所有文件 (*)"))
        if path:
            self.ui.caFileEdit.setText(path)

    def _browse_scanner(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("扫描文件夹"), self.ui.scannerEdit.text())
        if path:
            self.ui.scannerEdit.setText(path)

    # -- checking and saving ----------------------------------------------------------------

    def error(self) -> str | None:
        return None if self.ui.errorLabel.isHidden() else self.ui.errorLabel.text()

    def _refuse(self, message: str, field: QWidget) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
        field.setFocus()
        select_all = getattr(field, "selectAll", None)
        if select_all is not None:
            select_all()

    def _pdf_path(self) -> tuple[str | None, str | None]:
        """(path to save, problem)."""
        text = self.ui.pdfEdit.text().strip()
        if not text:
            return None, self.tr("选择了“打印到 PDF 文件”，请填写 PDF 文件的保存位置")
        path = Path(text).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if path.exists() and path.is_dir():
            return None, self.tr("“{path}”是文件夹，请填写 PDF 文件名").format(path=path)
        if not path.parent.is_dir():
            return None, self.tr("PDF 文件所在的文件夹不存在：{folder}").format(folder=path.parent)
        return str(path), None

    def accept(self) -> None:
        ui = self.ui
        problem = server_url_problem(ui.serverEdit.text())
        if problem:
            self._refuse(problem, ui.serverEdit)
            return
        ca_file = ui.caFileEdit.text().strip()
        refused = transport_problem(ui.serverEdit.text(), ui.insecureHttpCheck.isChecked(), ca_file)
        if refused:
            message, field = refused
            self._refuse(message, ui.caFileEdit if field == "ca" else ui.serverEdit)
            return
        printer = ui.printerCombo.currentData()
        if printer == self.PDF:
            path, problem = self._pdf_path()
            if problem:
                self._refuse(problem, ui.pdfEdit)
                return
            printer = self.PDF + str(path)
        scanner = ui.scannerEdit.text().strip()
        if scanner and not Path(scanner).expanduser().is_dir():
            self._refuse(self.tr("扫描文件夹不存在：{path}").format(path=scanner), ui.scannerEdit)
            return
        device_problem = self.device_group.problem() if self.device_group is not None else None
        if device_problem:
            self._refuse(*device_problem)
            return
        if self.device_group is not None:
            self.device_config = self.device_group.config()

        s = self._settings
        self.server_changed = self._server_is_changed()
        if self.server_changed:  # only the clerk's own edit moves the counter to another server
            s.server = self._normal(ui.serverEdit.text())
        s.ca_file = str(Path(ca_file).expanduser().resolve()) if ca_file else ""
        s.allow_insecure_http = ui.insecureHttpCheck.isChecked()
        s.printer = printer
        s.paper = "80mm" if ui.rollRadio.isChecked() else "a4"
        s.preview_before_print = ui.previewCheck.isChecked()
        family = ui.fontCombo.currentFont().family()
        if family != self._shown_family:  # untouched, the system font stays the default
            s.font_family = family
        s.font_size = ui.sizeSpin.value()
        s.set_value(SCANNER_FOLDER_KEY, str(Path(scanner).expanduser()) if scanner else "")
        s.sync()
        ui.errorLabel.hide()
        super().accept()
        emit(self.settings_changed)
