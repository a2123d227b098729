"""A new machine at the log-in dialog (issue 18, item 5): the hall's configuration comes from a
scan of its QR into the server field, or from a file — nobody types the URL; a bad one is
refused in words, and a distribution without anchors asks the clerk to compare the
fingerprint. 「导出诊断信息」 in the main window's 帮助 menu writes its zip in the background."""

from __future__ import annotations

import base64
import datetime as dt
import json
import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kuaixiang_core.domain import provisioning as domain
from kuaixiang_core.domain.device_trust import public_key_of, signer_id
from kuaixiang_desktop.services import provisioning
from kuaixiang_desktop.services.device_trust import trusted_signer
from kuaixiang_desktop.ui.app_settings import AppSettings
from kuaixiang_desktop.ui.login_dialog import LoginDialog

KEY = bytes(range(100, 132))
SERVER = "https://zwfw.liaocheng.gov.cn:8765"


def config(**kw) -> dict:
    now = dt.datetime.now(dt.UTC)
    fields = {"server": SERVER, "hall": "371502-01", "window": "03", "label": "三号窗口", "ca_der": None, **kw}
    return domain.make(KEY, city="371500", issued=now, expires=now + dt.timedelta(days=30), **fields)


@pytest.fixture
def anchors(tmp_path, monkeypatch):
    public = public_key_of(KEY)
    path = tmp_path / "anchors.json"
    path.write_text(json.dumps({"city": "371500", "city_name": "聊城市", "keys": [
        {"key_id": signer_id(public), "public_key": base64.b64encode(public).decode()}]}), encoding="utf-8")
    monkeypatch.setenv(provisioning.ANCHORS_ENV, str(path))


def _dialog(qtbot, db) -> LoginDialog:
    dialog = LoginDialog(db, "http://127.0.0.1:8765", settings=AppSettings())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_scanned_configuration_fills_the_server_and_settings(qtbot, db, anchors):
    dialog = _dialog(qtbot, db)
    dialog.server_edit.clear()
    qtbot.keyClicks(dialog.server_edit, domain.to_qr(config()))  # what a scanner types
    qtbot.keyClick(dialog.server_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.server_edit.text() == SERVER, timeout=10000)
    assert dialog.result() != LoginDialog.DialogCode.Accepted  # imported, not logged in
    assert "371502-01" in (dialog.error() or "") and "已导入" in (dialog.error() or "")
    assert dialog.error_label.property("level") == "info"
    assert AppSettings().server == SERVER
    assert trusted_signer(db).how == "provisioned"


def test_a_tampered_scan_is_refused_in_words_and_changes_nothing(qtbot, db, anchors):
    doc = config()
    doc["server"] = "https://evil.example.cn"
    dialog = _dialog(qtbot, db)
    dialog.server_edit.setText(domain.to_qr(doc))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error() is not None, timeout=10000)
    assert "签名无效" in dialog.error() and dialog.server_edit.text() == ""
    assert dialog.error_label.property("level") == "error"
    assert trusted_signer(db) is None and provisioning.provisioned(db) is None
    assert AppSettings().server != "https://evil.example.cn"


def test_a_file_is_imported_from_the_button(qtbot, db, anchors, tmp_path):
    path = tmp_path / "hall.kxprov"
    path.write_text(json.dumps(config()), encoding="utf-8")
    dialog = _dialog(qtbot, db)
    dialog.import_file(str(path))
    qtbot.waitUntil(lambda: dialog.server_edit.text() == SERVER, timeout=10000)
    assert provisioning.provisioned(db).window == "03"


@pytest.mark.parametrize("answer", ["一致，导入", "不一致"])
def test_without_anchors_the_clerk_compares_the_fingerprint(qtbot, db, tmp_path, answer):
    dialog = _dialog(qtbot, db)
    dialog.server_edit.setText(domain.to_qr(config()))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.fingerprint_question is not None, timeout=10000)
    box = dialog.fingerprint_question
    fingerprint = signer_id(public_key_of(KEY))
    assert " ".join(fingerprint[i:i + 4] for i in range(0, 16, 4)) in box.text()
    [button] = [b for b in box.buttons() if b.text() == answer]
    assert box.defaultButton() is not button or answer == "不一致"
    button.click()
    if answer == "不一致":
        qtbot.waitUntil(lambda: "不一致" in (dialog.error() or ""), timeout=10000)
        assert trusted_signer(db) is None
    else:
        qtbot.waitUntil(lambda: dialog.server_edit.text() == SERVER, timeout=10000)
        assert trusted_signer(db).key_id == fingerprint
    assert isinstance(box, QMessageBox)


def test_export_diagnostics_is_in_the_help_menu_and_writes_in_the_background(qtbot, make_window, tmp_path):
    window = make_window(show=True)
    action = window.support.export_action
    assert action in window.ui.menuHelp.actions() and action.text().startswith("导出诊断信息")
    out = tmp_path / "diag.zip"
    window.support.export(out)
    qtbot.waitUntil(out.exists, timeout=20000)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "诊断信息已导出" in bar.currentMessage() + bar.toolTip(), timeout=10000)
    with zipfile.ZipFile(out) as archive:
        versions = json.loads(archive.read("versions.json"))
    assert versions["qt_runtime"] and versions["app"]


@pytest.mark.parametrize("action, words", [("admin", "管理员"), ("staged", "下次启动"), ("none", None)])
def test_the_update_check_after_log_in_runs_on_a_worker_and_says_what_to_do(qtbot, window, monkeypatch, action, words):
    import threading

    from kuaixiang_core.domain import update_manifest
    from kuaixiang_desktop.services import updates

    doc = update_manifest.make(KEY, version="0.2.0", platform="deb-amd64", url="/x", sha256="a" * 64, size=1,
                               minimum_version=None, notes="", published=dt.datetime.now(dt.UTC))
    manifest = update_manifest.read(doc, public_key_of(KEY))
    threads = []

    def fake(db):
        threads.append(threading.current_thread())
        return updates.UpdateCheck(action, manifest if action != "none" else None, "")

    monkeypatch.setattr(updates, "run_update", fake)
    window.support.check_for_updates()
    qtbot.waitUntil(lambda: window.support.last_update is not None, timeout=10000)
    assert threads and threads[0] is not threading.main_thread()
    message = window.workspace.message()
    if words is None:
        assert message is None or "0.2.0" not in message
    else:
        assert words in message and "0.2.0" in message


def test_the_window_starts_on_a_configuration_imported_from_the_command_line(qtbot, monkeypatch, anchors, tmp_path):
    from kuaixiang_desktop import app as app_module
    from kuaixiang_desktop.cli import main as cli_main
    from kuaixiang_desktop.paths import default_db_path

    path = tmp_path / "hall.kxprov"
    path.write_text(json.dumps(config()), encoding="utf-8")
    assert cli_main(["provision", "import", str(path)]) == 0  # the default database: the window's
    assert default_db_path().exists()
    shown = []

    def fake_exec(dialog):
        shown.append(dialog.server_edit.text())
        return LoginDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    assert app_module.main([]) == 0
    assert shown == [SERVER]  # nobody typed it
