"""The after-test leak check (conftest.leftovers) names what a test left running."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer

from .conftest import Snapshot, leftovers


def test_an_active_timer_made_by_the_test_is_named(qapp):
    existing = QTimer()
    existing.start(60_000)  # running before the snapshot: not the test's
    try:
        before = Snapshot.take()
        owner = QObject()
        owner.setObjectName("clock-owner")
        timer = QTimer(owner)
        timer.setObjectName("tick")
        timer.start(250)
        stopped = QTimer(owner)
        stopped.start(10)
        stopped.stop()
        found = leftovers(before, grace_s=0)
        assert found == ["active timer QTimer('tick', interval 250 ms, repeating, parent QObject('clock-owner'))"]
        timer.stop()
        assert leftovers(before, grace_s=0) == []
        owner.deleteLater()
    finally:
        existing.stop()


def test_a_thread_started_by_the_test_is_named(qapp):
    before = Snapshot.take()
    release = threading.Event()
    thread = threading.Thread(target=release.wait, args=(30,), name="forgotten-worker")
    thread.start()
    try:
        assert leftovers(before, grace_s=0.05) == ["thread 'forgotten-worker' (non-daemon) still running"]
    finally:
        release.set()
        thread.join(5)
    assert leftovers(before, grace_s=0) == []


def test_a_thread_that_is_finishing_gets_its_grace(qapp):
    before = Snapshot.take()
    go = threading.Event()
    thread = threading.Thread(target=go.wait, args=(30,), name="on-its-way-out")
    thread.start()
    go.set()  # told to stop; may not have exited yet when the check runs
    assert leftovers(before, grace_s=5) == []


class _Blocking(QRunnable):
    def __init__(self, gate: threading.Event, started: threading.Event):
        super().__init__()
        self.gate, self.started = gate, started

    def run(self) -> None:
        self.started.set()
        self.gate.wait(30)


def test_a_busy_thread_pool_of_the_test_is_named(qapp):
    before = Snapshot.take()
    owner = QObject()
    pool = QThreadPool(owner)
    gate, started = threading.Event(), threading.Event()
    pool.start(_Blocking(gate, started))
    assert started.wait(5)
    try:
        assert leftovers(before, grace_s=0.05) == ["thread pool of QObject has 1 active thread(s)"]
    finally:
        gate.set()
        assert pool.waitForDone(5000)
    assert leftovers(before, grace_s=0) == []
    owner.deleteLater()
