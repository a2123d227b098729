"""The window's transport settings: plain http:// to a server other than this machine needs
the box ticked, a pinned certificate file must exist, and the log-in is given both."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from kuaixiang_desktop.services import auth
from kuaixiang_desktop.ui.app_settings import AppSettings
from kuaixiang_desktop.ui.login_dialog import LoginDialog
from kuaixiang_desktop.ui.settings_dialog import SettingsDialog


def _settings(tmp_path) -> AppSettings:
    return AppSettings(f"test-transport-{tmp_path.name}")


def _ok(dialog):
    return dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)


def test_plain_http_elsewhere_needs_the_box_and_a_pin_must_exist(qtbot, tmp_path):
    settings = _settings(tmp_path)
    dialog = SettingsDialog(settings, printers=[])
    qtbot.addWidget(dialog)
    ui = dialog.ui
    assert settings.transport_security() == auth.TransportSecurity()  # strict until told otherwise
    assert not ui.insecureHttpCheck.isChecked() and ui.caFileEdit.text() == ""

    ui.serverEdit.setText("http://10.15.2.8:8765")
    with qtbot.assertNotEmitted(dialog.settings_changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert "https://" in dialog.error() and "明文" in dialog.error()
    assert settings.server == "http://127.0.0.1:8765"  # nothing written

    ui.serverEdit.setText("https://10.15.2.8:8765")
    ui.caFileEdit.setText(str(tmp_path / "missing.pem"))
    with qtbot.assertNotEmitted(dialog.settings_changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.error() == f"找不到服务器证书文件：{tmp_path / 'missing.pem'}" and dialog.focusWidget() is ui.caFileEdit

    pem = tmp_path / "server.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    ui.caFileEdit.setText(str(pem))
    ui.serverEdit.setText("http://10.15.2.8:8765")
    ui.insecureHttpCheck.setChecked(True)  # a trusted test network: the clerk says so
    with qtbot.waitSignal(dialog.settings_changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    again = _settings(tmp_path)
    assert again.server == "http://10.15.2.8:8765"
    assert again.transport_security() == auth.TransportSecurity(allow_insecure_http=True, ca_file=str(pem))

    # This machine's own server (the --demo one) needs no box.
    dialog = SettingsDialog(again, printers=[])
    qtbot.addWidget(dialog)
    dialog.ui.insecureHttpCheck.setChecked(False)
    dialog.ui.caFileEdit.clear()
    dialog.ui.serverEdit.setText("http://127.0.0.1:9000")
    with qtbot.waitSignal(dialog.settings_changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert _settings(tmp_path).server == "http://127.0.0.1:9000"
    assert _settings(tmp_path).transport_security() == auth.TransportSecurity()


def test_the_login_dialog_hands_the_transport_rules_to_the_log_in(qtbot, db, monkeypatch):
    security = auth.TransportSecurity(ca_file="/etc/kuaixiang/server.pem")
    calls = []

    def fake_login(database, username, password, server=None, *, security=None):
        calls.append((server, security, threading.current_thread() is threading.main_thread()))
        raise auth.ConfigError("中心服务器的证书不受信任：测试")

    monkeypatch.setattr(auth, "login", fake_login)
    dialog = LoginDialog(db, "https://zwfw.example:8765", security=security)
    qtbot.addWidget(dialog)
    dialog.username_edit.setText("zhangsan")
    dialog.password_edit.setText("secret")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error() is not None)
    assert calls == [("https://zwfw.example:8765", security, False)]
    assert dialog.error() == "中心服务器的证书不受信任：测试"  # said as it is, not as a crash
