"""GUI test fixtures and the leak checks every GUI test runs under.

After each test: no top-level widget the test created is still alive, no background task is
queued or running, no Qt warning was emitted (``qt_log_level_fail("WARNING")`` is added to
every test here).  Logged warnings fail a test unless it is marked ``allow_log_warnings``
(tests/conftest.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from kuaixiang_desktop.ui import tasks
from kuaixiang_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            # The offscreen platform says this when a plain QWidget is shown; not our fault.
            item.add_marker(pytest.mark.qt_log_ignore(r"does not support propagateSizeHints"))


def _flush_deletes() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


def _windows() -> set[int]:
    # Qt's own helper windows (tooltips) come and go; they are not the test's to close.
    return {id(w) for w in QApplication.topLevelWidgets() if not type(w).__name__.startswith("QTip")}


@pytest.fixture(autouse=True)
def _own_settings_file(tmp_path):
    """QSettings keeps one file per process whatever XDG_CONFIG_HOME says later: point it at
    this test's folder so a remembered window size or printer never leaks between tests."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture(autouse=True)
def _no_leaks(qapp, request):
    before = _windows()
    yield
    _flush_deletes()
    assert tasks.active_task_count() == 0, "a background task outlived the test"
    left = [
        f"{type(w).__name__}({w.objectName()!r})"
        for w in QApplication.topLevelWidgets()
        if id(w) in _windows() - before
    ]
    assert not left, f"top-level widgets left behind: {left}"


@pytest.fixture
def tools_module():
    """Import a script from tools/ (not a package) by name."""
    import importlib.util

    def load(name: str):
        spec = importlib.util.spec_from_file_location(f"_tools_{name}", ROOT / "tools" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def make_window(qtbot, demo_db):
    """Build main windows on the demo database (3,000 enterprises); closed after the test.

    Keyword arguments go to ``MainWindow`` (e.g. ``lookup_fn``); ``db=`` replaces the
    database.  The window's enterprise count is loaded before it is returned.
    """
    made: list[MainWindow] = []

    def make(*, show: bool = False, **kwargs) -> MainWindow:
        db = kwargs.pop("db", demo_db)
        window = MainWindow(db, **kwargs)
        qtbot.addWidget(window)
        made.append(window)
        qtbot.waitUntil(lambda: window.enterprise_count is not None)
        if show:
            window.show()
            qtbot.waitExposed(window)
        return window

    yield make
    for window in made:  # qtbot has closed them already; closing shuts the runner down
        if isValid(window):
            window.shutdown()


@pytest.fixture
def window(make_window):
    return make_window()
