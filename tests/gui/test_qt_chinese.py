"""Qt's own dialogs speak Chinese with the Chinese UI: Qt's catalogue plus the gaps it leaves."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from kuaixiang_desktop.ui.i18n import install_translations, remove_translations

CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


@pytest.fixture
def chinese(qapp):
    translators = install_translations(qapp, CHINA)
    yield
    remove_translations(qapp, translators)


def test_the_save_dialog_has_no_english_label(qtbot, chinese):
    # Qt 6.11 gave "Look in:" and "Files of type:" mnemonics; its zh_CN catalogue missed them.
    dialog = QFileDialog(None, "导出符合条件的企业", "", "Excel 工作簿 (*.xlsx)")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton) if w.text()]
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts and "保存(&S)" in texts
    english = [t for t in texts if re.search(r"[A-Za-z]{2,}", t.replace("&", ""))]
    assert not english, english


def test_the_gap_filler_leaves_every_other_text_alone(chinese):
    assert QCoreApplication.translate("MainWindow", "文件(&F)") == "文件(&F)"  # our source text
    assert QCoreApplication.translate("QFileDialog", "&Open") == "打开(&O)"  # Qt's own entry
    assert QCoreApplication.translate("QFileDialog", "no such & text") == "no such & text"
