"""``kuaixiang-desktop`` start-up: database errors, demo mode, logging, crashes, translations."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, qWarning
from PySide6.QtWidgets import QApplication, QMessageBox

from kuaixiang_desktop import app as app_module
from kuaixiang_desktop import paths
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.ui import crash, tasks
from kuaixiang_desktop.ui.i18n import install_translations, remove_translations
from kuaixiang_desktop.ui.main_window import MainWindow

from .app_driver import clerk_driving


@pytest.fixture
def critical_dialogs(monkeypatch):
    """QMessageBox.critical never blocks a test: it records (title, text) instead."""
    shown: list[tuple[str, str]] = []

    def fake_critical(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(fake_critical))
    return shown


def _stamp_future_schema(path) -> None:
    open_client_db(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")


@pytest.mark.allow_log_warnings
def test_newer_schema_is_reported_and_exits_3(tmp_path, critical_dialogs):
    path = tmp_path / "newer.sqlite3"
    _stamp_future_schema(path)
    previous_hook = sys.excepthook
    assert app_module.main(["--db", str(path)]) == 3
    (title, text), = critical_dialogs
    assert title == "无法打开数据库"
    assert "9999_from_the_future" in text and "比本程序新" in text
    assert str(path) in text
    # main() put back everything it installed into this (shared) process
    assert sys.excepthook is previous_hook
    assert QApplication.instance().styleSheet() == ""
    log_file = paths.data_dir() / "logs" / "kuaixiang-desktop.log"
    assert "cannot open database" in log_file.read_text(encoding="utf-8")


def test_demo_mode_loads_data_in_the_background_then_searches(qtbot, monkeypatch):
    monkeypatch.setattr(app_module, "DEMO_ENTERPRISES", 300)
    seen: dict = {"busy": False}

    def drive() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            return
        window = windows[0]
        if not window.is_ready():
            seen["busy"] = True
            seen["search_enabled_while_busy"] = window.workspace.search_edit.isEnabled()
            return
        if window.enterprise_count != 300:
            return
        if not window.workspace.search_edit.text():
            window.workspace.search_edit.setText("聊城")
            return
        if window.workspace.model.rowCount():
            seen["rows"] = window.workspace.model.rowCount()
            seen["status"] = window.count_label.text()
            window.close()  # the last window: app.exec() returns

    with clerk_driving(drive) as gave_up:
        rc = app_module.main(["--demo", "--lang", "zh"])
    assert rc == 0
    assert not gave_up and seen.get("rows"), f"the demo window never became searchable: {seen}"
    assert seen["busy"] and seen["search_enabled_while_busy"] is False
    assert seen["status"] == "库中共有 300 家企业"
    assert (paths.data_dir() / "demo.sqlite3").is_file()


class _Left(Exception):
    """Stands in for os._exit in a test: the process cannot end under pytest."""


@pytest.mark.allow_log_warnings
def test_closing_during_work_that_will_not_stop_leaves_promptly(qtbot, monkeypatch, caplog):
    gate = threading.Event()
    started = threading.Event()

    def stubborn(*args, **kwargs):  # the demo seeding: one transaction, nowhere to stop
        started.set()
        gate.wait(30)
        return None, "stopped"

    def leave(code: int) -> None:
        raise _Left(code)

    monkeypatch.setattr(app_module, "prepare_demo_with_server", stubborn)
    monkeypatch.setattr(app_module, "_exit_now", leave)
    monkeypatch.setattr(tasks, "SHUTDOWN_TIMEOUT_MS", 200)
    closed: list[MainWindow] = []

    def drive() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and started.is_set() and not closed:
            closed.append(windows[0])
            windows[0].close()  # the clerk closes the window while the demo is being prepared

    try:
        with clerk_driving(drive) as gave_up, pytest.raises(_Left) as left:
            app_module.main(["--demo", "--lang", "zh"])
    finally:
        gate.set()  # the test's own worker: it must not outlive the test
    assert left.value.args == (0,)
    assert not gave_up, "the window was never closed"
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("still running 200 ms after shutdown" in m for m in messages)
    assert any("leaving without it (exit code 0)" in m for m in messages)
    log_file = paths.data_dir() / "logs" / "kuaixiang-desktop.log"
    assert "leaving without it" in log_file.read_text(encoding="utf-8")
    window, = closed
    assert window.runner.wait(5000)
    window.deleteLater()


def test_prepare_demo_loads_only_into_an_empty_database(db):
    assert app_module.prepare_demo(db, enterprises=50, seed=3) == 50
    assert app_module.prepare_demo(db, enterprises=80, seed=4) == 50  # not loaded twice


@pytest.mark.allow_log_warnings
def test_qt_messages_go_to_logging(caplog):
    previous = crash.install_qt_message_handler()
    try:
        qWarning("来自 Qt 的警告")
    finally:
        crash.restore_qt_message_handler(previous)
    assert [(r.name, r.levelno) for r in caplog.records if "来自 Qt 的警告" in r.getMessage()] == [
        ("qt", logging.WARNING)
    ]


@pytest.mark.allow_log_warnings
def test_crash_handler_logs_and_tells_the_clerk_once(qapp, monkeypatch, caplog):
    shown = []

    def fake_exec(box):
        shown.append((box.text(), box.informativeText(), box.detailedText()))
        handler(ValueError, ValueError("第二个错误"), None)  # while the dialog is open
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    handler = crash.CrashHandler("/tmp/kuaixiang-desktop.log")
    handler.install()
    try:
        assert sys.excepthook is handler
        try:
            raise KeyError("坏了")
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler
    assert len(shown) == 1
    text, informative, details = shown[0]
    assert "意外错误" in text
    assert "/tmp/kuaixiang-desktop.log" in informative
    assert "KeyError" in details
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.CRITICAL] == [
        "uncaught exception",
        "uncaught exception",
    ]


def test_english_locale_loads_the_english_translation(qtbot, demo_db):
    app = QApplication.instance()
    translators = install_translations(app, QLocale(QLocale.Language.English))
    try:
        assert QCoreApplication.translate("SizeClass", "小型") == "Small"
        window = MainWindow(demo_db)
        qtbot.addWidget(window)
        assert window.windowTitle() == "Policy Express"
        assert window.workspace.search_edit.placeholderText() == (
            "Credit code, enterprise name, pinyin initials or legal representative"
        )
        qtbot.waitUntil(lambda: window.enterprise_count is not None)
        assert window.count_label.text() == "3,000 enterprises in the database"
        assert window.workspace.model.headerData(0, Qt.Orientation.Horizontal) == "Enterprise name"
    finally:
        remove_translations(app, translators)
    assert QCoreApplication.translate("SizeClass", "小型") == "小型"


def test_chinese_locale_keeps_the_source_text(qapp):
    translators = install_translations(qapp, QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    try:
        assert QCoreApplication.translate("SizeClass", "小型") == "小型"
        # Qt's own strings (dialog buttons) come in Chinese
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        remove_translations(qapp, translators)
