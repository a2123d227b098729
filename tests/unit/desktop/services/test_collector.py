"""Pausing the garbage collector from several threads: it comes back only after the last pause."""

from __future__ import annotations

import gc
import threading

from kuaixiang_desktop.services.collector import collector_paused


def test_the_collector_returns_only_when_the_last_overlapping_pause_ends():
    assert gc.isenabled()
    inner_entered, outer_may_end = threading.Event(), threading.Event()
    seen: list[bool] = []

    def long_burst() -> None:  # e.g. compiling the catalogue in one worker
        with collector_paused():
            inner_entered.set()
            outer_may_end.wait(10)
            seen.append(gc.isenabled())

    worker = threading.Thread(target=long_burst)
    worker.start()
    inner_entered.wait(10)
    with collector_paused():  # a short match in another thread, ending first
        pass
    assert not gc.isenabled()  # the long burst is still running: still paused
    outer_may_end.set()
    worker.join(10)
    assert seen == [False] and gc.isenabled()


def test_a_pause_that_raises_still_gives_the_collector_back():
    try:
        with collector_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
