"""The background-task helper: results on the GUI thread, errors handed back, stale dropped."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kuaixiang_core.cancellation import current_cancel_event
from kuaixiang_desktop.ui import tasks
from kuaixiang_desktop.ui.tasks import TaskRunner, active_task_count


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown()
    r.deleteLater()


def test_result_is_delivered_on_the_gui_thread(qtbot, runner):
    seen = {}

    def work(a, b=0):
        seen["worker"] = threading.current_thread()
        return a + b

    def done(value):
        seen["value"] = value
        seen["delivered_on"] = threading.current_thread()

    with qtbot.waitSignal(runner.idle):
        runner.submit(work, 2, b=3, on_done=done)
    assert seen["value"] == 5
    assert seen["worker"] is not threading.main_thread()
    assert seen["delivered_on"] is threading.main_thread()
    assert active_task_count() == 0


def test_exception_goes_to_on_error(qtbot, runner):
    errors = []

    def boom():
        raise ValueError("坏数据")

    with qtbot.waitSignal(runner.idle):
        runner.submit(boom, on_done=lambda _: pytest.fail("no result expected"), on_error=errors.append)
    assert len(errors) == 1 and isinstance(errors[0], ValueError) and str(errors[0]) == "坏数据"


@pytest.mark.allow_log_warnings
def test_exception_without_handler_is_logged_and_signalled(qtbot, runner, caplog):
    def boom():
        raise RuntimeError("磁盘已满")

    with qtbot.waitSignal(runner.failed) as blocker:
        runner.submit(boom, channel="detail")
    channel, exc = blocker.args
    assert channel == "detail" and isinstance(exc, RuntimeError)
    assert any("background task failed" in r.getMessage() for r in caplog.records)


def test_stale_result_of_a_channel_is_dropped(qtbot, runner):
    release = threading.Event()
    started = threading.Event()
    delivered = []

    def slow():
        started.set()
        assert release.wait(5)
        return "old"

    first = runner.submit(slow, channel="search", on_done=delivered.append)
    assert started.wait(5)
    second = runner.submit(lambda: "new", channel="search", on_done=delivered.append)
    # "new" is delivered while "old" is still running ...
    qtbot.waitUntil(lambda: delivered == ["new"])
    # ... and when "old" finishes it is thrown away.
    with qtbot.waitSignal(runner.dropped) as dropped:
        release.set()
    assert dropped.args == ["search", first]
    assert second == first + 1
    assert delivered == ["new"]


def test_superseded_task_that_has_not_started_is_skipped(qtbot, qapp):
    runner = TaskRunner(max_threads=1)
    gate = threading.Event()
    ran = []
    try:
        runner.submit(gate.wait, 5)  # occupies the only thread
        runner.submit(lambda: ran.append("a"), channel="search")
        runner.submit(lambda: ran.append("b"), channel="search")
        with qtbot.waitSignal(runner.idle, timeout=5000):
            gate.set()
        assert ran == ["b"]
    finally:
        runner.shutdown()
        runner.deleteLater()


def test_channels_are_independent(qtbot, runner):
    got = []
    with qtbot.waitSignal(runner.idle):
        runner.submit(lambda: 1, channel="search", on_done=got.append)
        runner.submit(lambda: 2, channel="detail", on_done=got.append)
    assert sorted(got) == [1, 2]


def test_invalidate_drops_the_running_task(qtbot, runner):
    got = []
    gate = threading.Event()
    runner.submit(lambda: gate.wait(5) and "late", channel="search", on_done=got.append)
    runner.invalidate("search")
    with qtbot.waitSignal(runner.dropped):
        gate.set()
    assert got == []


def test_shutdown_waits_and_refuses_new_work(qtbot, qapp):
    runner = TaskRunner()
    gate = threading.Event()
    got = []
    started = threading.Event()

    def slow():
        started.set()
        return gate.wait(5) and "x"

    runner.submit(slow, on_done=got.append)
    assert started.wait(5)
    gate.set()
    runner.shutdown()  # returns only once slow() has returned
    assert active_task_count() == 0
    qapp.processEvents()
    assert got == []  # its owner is gone: nothing is delivered after shutdown
    with pytest.raises(RuntimeError):
        runner.submit(lambda: None)
    runner.deleteLater()


def test_emitting_does_not_drain_the_reference_count_of_true(qapp):
    """PySide6 6.12.0's emit() drops a reference to True on every call (CPython < 3.12
    aborts when it reaches zero); qtcompat.emit gives it back."""
    import sys

    from PySide6.QtCore import QObject, Signal

    from kuaixiang_desktop.ui.qtcompat import emit

    class Source(QObject):
        changed = Signal(object)

    source = Source()
    received = []
    source.changed.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(2000):
        emit(source.changed, i)
    assert len(received) == 2000
    assert sys.getrefcount(True) >= before


def test_shutdown_releases_a_task_that_waits_for_cancellation(qtbot, qapp):
    runner = TaskRunner()
    started = threading.Event()
    seen = {}

    def patient():
        event = current_cancel_event()
        seen["event"] = event
        started.set()
        return event.wait(30)  # a real wait: only the cancel request ends it in time

    runner.submit(patient, on_done=lambda _: pytest.fail("nothing is delivered after shutdown"))
    assert started.wait(5)
    assert seen["event"] is runner.cancel_event and not runner.cancel_event.is_set()
    began = time.monotonic()
    assert runner.shutdown() is True
    assert time.monotonic() - began < tasks.SHUTDOWN_TIMEOUT_MS / 1000  # released, not timed out
    assert runner.cancel_event.is_set()
    qapp.processEvents()
    runner.deleteLater()


def test_tasks_still_queued_at_shutdown_never_start(qtbot, qapp):
    runner = TaskRunner(max_threads=1)
    started = threading.Event()
    ran = []

    def occupant():
        started.set()
        current_cancel_event().wait(30)

    runner.submit(occupant)
    runner.submit(lambda: ran.append("queued"))
    assert started.wait(5)
    assert runner.shutdown() is True
    assert ran == []
    runner.deleteLater()


@pytest.mark.allow_log_warnings
def test_shutdown_gives_up_on_a_task_that_ignores_cancellation(qtbot, qapp, caplog):
    runner = TaskRunner()
    gate = threading.Event()
    started = threading.Event()

    def stubborn():
        started.set()
        assert gate.wait(30)  # never looks at the cancel event

    runner.submit(stubborn)
    assert started.wait(5)
    try:
        began = time.monotonic()
        assert runner.shutdown(timeout_ms=300) is False
        waited = time.monotonic() - began
        assert 0.25 <= waited < 5
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert warnings == ["1 background task(s) still running 300 ms after shutdown was asked"]
        # Asked again (the window shuts down on close and after the event loop), it does not
        # start a new wait of its own, nor log twice.
        began = time.monotonic()
        assert runner.shutdown(timeout_ms=300) is False
        assert time.monotonic() - began < 0.25
        assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    finally:
        gate.set()  # the test's own task: it must not outlive the test
        assert runner.wait(5000)
    runner.deleteLater()
    assert active_task_count() == 0


def test_shutdown_kills_a_checklist_child_of_a_running_task(qtbot, qapp, monkeypatch, tmp_path):
    """The runner's cancel request reaches build_in_child through the current cancel event."""
    from kuaixiang_desktop.services import checklist_job

    children: list[subprocess.Popen] = []
    outs: list[Path] = []
    started = threading.Event()

    class Popen(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            children.append(self)
            started.set()

    def slow_args(db_path, credit_code, as_of, out):
        outs.append(Path(out))
        return [sys.executable, "-c", "import threading; threading.Event().wait(60)"]

    monkeypatch.setattr(checklist_job, "_child_args", slow_args)
    monkeypatch.setattr(checklist_job.subprocess, "Popen", Popen)
    runner = TaskRunner()
    runner.submit(checklist_job.build_in_child, tmp_path / "unused.sqlite3", "91371502MA3C4RFX2N", None)
    assert started.wait(10)
    assert children[0].poll() is None and outs[0].exists()
    assert runner.shutdown() is True
    assert children[0].poll() is not None
    assert not outs[0].exists()
    runner.deleteLater()


@pytest.mark.allow_log_warnings
def test_stop_asks_tasks_to_stop_and_starts_the_bound_that_shutdown_keeps(qtbot, qapp):
    """A window stops all its runners first (their tasks wind down together), then shuts
    each down: the wait is still bounded, from the stop, and new work is refused at once."""
    runner = TaskRunner()
    gate, started = threading.Event(), threading.Event()

    def stubborn():
        started.set()
        assert gate.wait(30)

    runner.submit(stubborn)
    assert started.wait(5)
    try:
        runner.stop(timeout_ms=300)
        assert runner.cancel_event.is_set()
        with pytest.raises(RuntimeError):
            runner.submit(lambda: None)
        began = time.monotonic()
        assert runner.shutdown(timeout_ms=5000) is False  # the stop's 300 ms bound, not 5 s
        assert time.monotonic() - began < 2.5
    finally:
        gate.set()
        assert runner.wait(5000)
    runner.deleteLater()
    assert active_task_count() == 0
