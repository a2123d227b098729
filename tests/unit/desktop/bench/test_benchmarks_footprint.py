"""The footprint benchmark runs end to end on a small database (its figures belong to
``kuaixiang bench --footprint`` on 500,000 enterprises)."""

from __future__ import annotations

import shutil

import pytest

from kuaixiang_desktop.bench import footprint


@pytest.mark.slow
@pytest.mark.allow_log_warnings  # the log-in server's keyring notice
def test_the_window_and_the_bare_baseline_are_both_started_and_measured(counter_db_path, tmp_path):
    copy = tmp_path / "bench.sqlite3"
    shutil.copyfile(counter_db_path, copy)
    start, memory = footprint.run(copy, runs=2)
    assert start["name"] == "window_start" and memory["name"] == "window_memory"
    # The window does more than a bare Qt window: slower to start, bigger.
    assert start["p95_ms"] >= start["p50_ms"] > 0 and start["baseline_p95_ms"] > 0
    assert memory["rss_peak_mb"] >= memory["rss_working_mb"] > memory["baseline_rss_mb"] > 10
    assert memory["rss_ready_mb"] > memory["baseline_rss_mb"]
    # A sync page's new names load the pinyin dictionary (about 55 MB) for the sample of
    # search keys; the round drops it again, so the window goes back to what it held.
    assert memory["rss_peak_with_new_names_mb"] >= memory["rss_after_new_names_mb"] > 10
    assert memory["rss_after_new_names_mb"] < memory["rss_peak_with_new_names_mb"] - 20
