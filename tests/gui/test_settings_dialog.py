"""The settings dialog: a bad address blocks OK with a message naming the problem; OK saves
what a new AppSettings reads back; Cancel changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from kuaixiang_desktop.ui.app_settings import AppSettings
from kuaixiang_desktop.ui.settings_dialog import SCANNER_FOLDER_KEY, SettingsDialog, server_url_problem

PRINTERS = ["Kyocera ECOSYS M2040dn", "XP-80C 热敏打印机"]


@pytest.fixture
def scope(tmp_path):
    # QSettings caches its files per process: a scope per test keeps tests apart.
    return f"test-settings-{tmp_path.name}"


@pytest.fixture
def settings(scope):
    return AppSettings(scope)


@pytest.fixture
def make_dialog(qtbot):
    def make(settings, printers=PRINTERS) -> SettingsDialog:
        dialog = SettingsDialog(settings, printers=printers)
        qtbot.addWidget(dialog)
        return dialog

    return make


def _ok(dialog: SettingsDialog):
    return dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "请填写中心服务器地址"),
        ("10.15.2.8:8765", "中心服务器地址应以 http:// 或 https:// 开头，例如 http://10.15.2.8:8765"),
        ("ftp://10.15.2.8", "中心服务器地址只能用 http:// 或 https://，不能用“ftp://”"),
        ("http://", "中心服务器地址缺少主机名（服务器的 IP 地址或域名）"),
        ("http://:8765", "中心服务器地址缺少主机名（服务器的 IP 地址或域名）"),
        ("http://10.15.2.8:99999", "中心服务器地址的端口号“99999”无效（应为 1–65535 的数字）"),
        ("http://10.15.2.8:80a", "中心服务器地址的端口号“80a”无效（应为 1–65535 的数字）"),
        ("http://服务器 1:8765", "中心服务器地址不能含有空格"),
        ("http://zwfw_lc.gov.cn", "中心服务器地址的主机名“zwfw_lc.gov.cn”无效"),
        ("http://10.15.2.8/?x=1", "中心服务器地址不应含有“?”或“#”及其后的内容"),
    ],
)
def test_server_url_problems_are_named(url, problem):
    assert server_url_problem(url) == problem


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "https://zwfw.liaocheng.gov.cn", "http://[::1]:8765/",
                                 "HTTPS://kuaixiang.example.cn/api/v1", "  http://10.15.2.8  "])
def test_good_server_urls(url):
    assert server_url_problem(url) is None


def test_the_dialog_shows_the_current_settings(make_dialog, settings, tmp_path):
    settings.server = "http://10.15.2.8:8765"
    settings.printer = PRINTERS[1]
    settings.paper = "80mm"
    settings.preview_before_print = False
    settings.font_size = 12
    settings.set_value(SCANNER_FOLDER_KEY, str(tmp_path))
    dialog = make_dialog(settings)
    ui = dialog.ui
    assert dialog.windowTitle() == "设置"
    assert ui.serverEdit.text() == "http://10.15.2.8:8765"
    assert [ui.printerCombo.itemText(i) for i in range(ui.printerCombo.count())] == [
        "系统默认打印机", *PRINTERS, "打印到 PDF 文件…"]
    assert ui.printerCombo.currentData() == PRINTERS[1] and not ui.pdfEdit.isEnabled()
    assert ui.rollRadio.isChecked() and not ui.previewCheck.isChecked()
    assert ui.sizeSpin.value() == 12 and ui.scannerEdit.text() == str(tmp_path)
    assert ui.serverLabel.buddy() is ui.serverEdit and ui.printerLabel.buddy() is ui.printerCombo


def test_a_bad_address_blocks_ok_with_a_message(qtbot, make_dialog, settings, scope):
    dialog = make_dialog(settings)
    dialog.show()
    qtbot.waitExposed(dialog)
    ui = dialog.ui
    ui.serverEdit.setText("10.15.2.8:8765")
    with qtbot.assertNotEmitted(dialog.settings_changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.error() == "中心服务器地址应以 http:// 或 https:// 开头，例如 http://10.15.2.8:8765"
    assert ui.serverEdit.selectedText() == "10.15.2.8:8765"  # selected, to be typed over
    assert AppSettings(scope).server == "http://127.0.0.1:8765"  # nothing written
    ui.serverEdit.setText("https://10.15.2.8:8765")
    with qtbot.waitSignal(dialog.settings_changed):
        qtbot.keyClick(ui.serverEdit, Qt.Key.Key_Return)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted and dialog.error() is None
    assert AppSettings(scope).server == "https://10.15.2.8:8765"


def test_values_are_saved_and_read_back(qtbot, make_dialog, settings, tmp_path, scope):
    scans = tmp_path / "扫描"
    scans.mkdir()
    dialog = make_dialog(settings)
    ui = dialog.ui
    ui.serverEdit.setText(" https://zwfw.liaocheng.gov.cn/ ")
    ui.printerCombo.setCurrentIndex(ui.printerCombo.findData(PRINTERS[0]))
    ui.rollRadio.setChecked(True)
    ui.previewCheck.setChecked(False)
    ui.sizeSpin.setValue(13.5)
    ui.scannerEdit.setText(str(scans))
    with qtbot.waitSignal(dialog.settings_changed):
        dialog.accept()
    again = AppSettings(scope)
    assert again.server == "https://zwfw.liaocheng.gov.cn"
    assert again.printer == PRINTERS[0] and again.paper == "80mm" and again.preview_before_print is False
    assert again.font_size == 13.5 and again.value(SCANNER_FOLDER_KEY) == str(scans)
    assert again.font_family == ""  # the font was not touched: the system's stays the default
    reopened = make_dialog(again)
    assert reopened.ui.printerCombo.currentData() == PRINTERS[0] and reopened.ui.rollRadio.isChecked()


def test_printing_to_a_pdf_file(qtbot, make_dialog, settings, tmp_path, scope):
    dialog = make_dialog(settings)
    ui = dialog.ui
    ui.printerCombo.setCurrentIndex(ui.printerCombo.findData(SettingsDialog.PDF))
    assert ui.pdfEdit.isEnabled() and ui.pdfBrowseButton.isEnabled()
    dialog.accept()
    assert dialog.error() == "选择了“打印到 PDF 文件”，请填写 PDF 文件的保存位置"
    ui.pdfEdit.setText(str(tmp_path / "没有这个文件夹" / "回执.pdf"))
    dialog.accept()
    assert dialog.error() == f"PDF 文件所在的文件夹不存在：{tmp_path / '没有这个文件夹'}"
    ui.pdfEdit.setText(str(tmp_path / "回执"))
    with qtbot.waitSignal(dialog.settings_changed):
        dialog.accept()
    assert AppSettings(scope).printer == f"pdf:{tmp_path / '回执.pdf'}"
    assert AppSettings(scope).print_settings().printer.startswith("pdf:")
    reopened = make_dialog(AppSettings(scope))
    assert reopened.ui.printerCombo.currentData() == "pdf:" and reopened.ui.pdfEdit.text() == str(tmp_path / "回执.pdf")


def test_a_missing_scanner_folder_and_a_disconnected_printer(qtbot, make_dialog, settings, tmp_path, scope):
    settings.printer = "旧的针式打印机"
    dialog = make_dialog(settings)
    ui = dialog.ui
    assert ui.printerCombo.currentText() == "旧的针式打印机（未连接）"
    ui.scannerEdit.setText(str(tmp_path / "scans"))
    dialog.accept()
    assert dialog.error() == f"扫描文件夹不存在：{tmp_path / 'scans'}"
    ui.scannerEdit.clear()
    dialog.accept()
    assert dialog.error() is None
    assert AppSettings(scope).printer == "旧的针式打印机"  # kept, not replaced


def test_cancel_changes_nothing(qtbot, make_dialog, settings, scope):
    settings.server = "http://10.15.2.8:8765"
    before = (settings.server, settings.printer, settings.paper, settings.preview_before_print, settings.font_family,
              settings.font_size, settings.value(SCANNER_FOLDER_KEY))
    dialog = make_dialog(settings)
    dialog.show()
    qtbot.waitExposed(dialog)
    ui = dialog.ui
    ui.serverEdit.setText("http://192.168.0.9:9000")
    ui.rollRadio.setChecked(True)
    ui.previewCheck.toggle()
    ui.sizeSpin.setValue(20)
    with qtbot.assertNotEmitted(dialog.settings_changed):
        qtbot.keyClick(ui.serverEdit, Qt.Key.Key_Escape)
    assert dialog.result() == SettingsDialog.DialogCode.Rejected and not dialog.isVisible()
    again = AppSettings(scope)
    assert (again.server, again.printer, again.paper, again.preview_before_print, again.font_family,
            again.font_size, again.value(SCANNER_FOLDER_KEY)) == before


def test_choosing_a_font_saves_it(qtbot, make_dialog, settings, scope):
    dialog = make_dialog(settings)
    families = [dialog.ui.fontCombo.itemText(i) for i in range(dialog.ui.fontCombo.count())]
    other = next(f for f in families if f != dialog.ui.fontCombo.currentFont().family())
    dialog.ui.fontCombo.setCurrentText(other)
    with qtbot.waitSignal(dialog.settings_changed):
        dialog.accept()
    assert AppSettings(scope).font_family == dialog.ui.fontCombo.currentFont().family()
