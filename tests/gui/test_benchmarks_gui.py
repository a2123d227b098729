"""The GUI-stall benchmark runs end to end on a small database (its figures belong to
``kuaixiang bench --gui`` on 500,000 enterprises), and its probe measures what it claims."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from kuaixiang_desktop.bench import gui as benchmarks_gui
from kuaixiang_desktop.ui.event_wait import wait_until


def test_the_probe_sees_a_blocked_event_loop(qtbot):
    probe = benchmarks_gui.LatencyProbe(interval_ms=5)
    probe.start()
    blocked = []

    def block() -> None:
        end = time.perf_counter() + 0.12  # the GUI thread busy for 120 ms
        while time.perf_counter() < end:
            pass
        blocked.append(True)

    QTimer.singleShot(20, block)
    wait_until(lambda: bool(blocked) and len(probe.samples) > 10, 5000)
    samples = probe.stop()
    assert max(samples) >= 100


@pytest.mark.slow
@pytest.mark.allow_log_warnings  # the demo server's keyring notice
def test_every_phase_is_measured_against_its_naive_baseline(qtbot, counter_db_path, tmp_path, monkeypatch):
    import shutil

    copy = tmp_path / "bench.sqlite3"
    shutil.copyfile(counter_db_path, copy)
    metrics = benchmarks_gui.run(copy, searches=2, matches=2, prints=1, syncs=1)
    names = [m["name"] for m in metrics]
    assert names == ["gui_stall_search", "gui_stall_match", "gui_stall_print", "gui_stall_sync"]
    for m in metrics:
        assert m["probe_samples"] > 0 and m["max_stall_ms"] >= m["p95_stall_ms"] >= 0
        assert m["baseline_max_stall_ms"] > 0
