"""GUI test fixtures and the leak checks every GUI test runs under.

After each test: no top-level widget the test created is still alive, no background task is
queued or running, no active QTimer, Python thread or busy QThreadPool the test started is
left (``leftovers()``), no Qt warning was emitted (``qt_log_level_fail("WARNING")`` is added to
every test here).  Logged warnings fail a test unless it is marked ``allow_log_warnings``
(tests/conftest.py).
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from dataclasses import dataclass
from itertools import compress
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool, QTimer
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


def _subclasses(cls: type) -> set[type]:
    found = {cls}
    for sub in cls.__subclasses__():
        found |= _subclasses(sub)
    return found


def _qt_objects(*classes: type) -> list[QObject]:
    """Live Python wrappers of these classes (and subclasses).  Only objects made from Python
    have one, which is what a test can leak; Qt's own C++ timers are not seen.  Compared by
    exact type through C-level iteration: an isinstance() per object costs a GUI test ~0.1 s."""
    wanted = set().union(*(_subclasses(c) for c in classes))
    objects = gc.get_objects()
    return [o for o in compress(objects, map(wanted.__contains__, map(type, objects))) if isValid(o)]


def _describe_timer(timer: QTimer) -> str:
    parent = timer.parent()
    owner = f"{type(parent).__name__}({parent.objectName()!r})" if parent is not None else "no parent"
    return (f"{type(timer).__name__}({timer.objectName()!r}, interval {timer.interval()} ms, "
            f"{'single-shot' if timer.isSingleShot() else 'repeating'}, parent {owner})")


@dataclass(frozen=True)
class Snapshot:
    """What existed before a test: only what appears after it is the test's to stop."""

    timers: frozenset[int]
    pools: frozenset[int]
    threads: frozenset[threading.Thread]

    @classmethod
    def take(cls) -> Snapshot:
        objects = _qt_objects(QTimer, QThreadPool)
        return cls(
            timers=frozenset(id(o) for o in objects if isinstance(o, QTimer)),
            pools=frozenset(id(o) for o in objects if isinstance(o, QThreadPool)),
            threads=frozenset(threading.enumerate()),
        )


def leftovers(before: Snapshot, *, grace_s: float = 1.0) -> list[str]:
    """Active QTimers, Python threads and busy QThreadPools that appeared since ``before``.

    Threads and pools get ``grace_s`` (in all) to finish: one that was told to stop may be on
    its last line.  Threads Python only sees because they called into it (``_DummyThread``:
    the pools' QThreads) are the pools' business, not counted twice."""
    found: list[str] = []
    deadline = time.monotonic() + grace_s
    for thread in threading.enumerate():
        if thread in before.threads or isinstance(thread, threading._DummyThread):
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            found.append(f"thread {thread.name!r} ({'daemon' if thread.daemon else 'non-daemon'}) still running")
    objects = _qt_objects(QTimer, QThreadPool)
    for timer in objects:
        if isinstance(timer, QTimer) and id(timer) not in before.timers and timer.isActive():
            found.append(f"active timer {_describe_timer(timer)}")
    pools = [(p, "global thread pool") for p in (QThreadPool.globalInstance(),)]
    pools += [(p, f"thread pool of {type(p.parent()).__name__ if p.parent() is not None else 'nobody'}")
              for p in objects if isinstance(p, QThreadPool) and id(p) not in before.pools
              and p is not QThreadPool.globalInstance()]
    for pool, name in pools:
        if not pool.waitForDone(max(0, round((deadline - time.monotonic()) * 1000))):
            found.append(f"{name} has {pool.activeThreadCount()} active thread(s)")
    return found


@pytest.fixture(autouse=True)
def _no_leaks(qapp, request):
    before = _windows()
    snapshot = Snapshot.take()
    yield
    _flush_deletes()
    assert tasks.active_task_count() == 0, "a background task outlived the test"
    left = [
        f"{type(w).__name__}({w.objectName()!r})"
        for w in QApplication.topLevelWidgets()
        if id(w) in _windows() - before
    ]
    assert not left, f"top-level widgets left behind: {left}"
    running = leftovers(snapshot)
    assert not running, f"left running after the test: {running}"


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



def legal_rep_of(db, credit_code: str) -> str:
    """The enterprise's legal representative: the agent who needs no 授权委托书."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text("SELECT legal_rep FROM enterprise WHERE credit_code = :c"),
                            {"c": credit_code}).scalar_one()
