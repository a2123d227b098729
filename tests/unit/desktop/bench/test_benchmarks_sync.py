"""``benchmarks_sync.run`` at a small size: a real server process, a real push and pull."""

from __future__ import annotations

import sqlite3

import pytest

from kuaixiang_desktop.bench import sync as benchmarks_sync


@pytest.mark.slow
def test_sync_bench_small(tmp_path):
    metrics = benchmarks_sync.run(applications=5, attachment_kb=10, deltas=500, snapshot_enterprises=3000,
                                  workdir=tmp_path)
    by_name = {m["name"]: m for m in metrics}
    assert list(by_name) == ["sync_push_applications", "sync_pull_enterprises", "sync_pull_enterprise_changes",
                             "sync_snapshot_provision"]

    push = by_name["sync_push_applications"]
    assert push["rows"] == 5 and push["server_holds"] == 5 and push["pending_after"] == 0
    assert push["attachment_bytes"] == 5 * 10 * 1024
    pull = by_name["sync_pull_enterprises"]
    assert pull["rows"] == 500 and pull["client_holds"] == 500
    assert pull["page_p95_ms"] >= pull["page_p50_ms"] > 0
    changes = by_name["sync_pull_enterprise_changes"]
    # Each of the 500 enterprises changed once on the server; the changed columns, the parts
    # with every column, the whole records written as changes and the rewrite of three
    # copies leave the same library.
    assert changes["rows"] == 500 and changes["changed_enterprises"] == 500
    same = {t: [0, 0] for t in ("enterprise", "enterprise_fact", "enterprise_tag", "enterprise_search")}
    assert changes["libraries_differ"] == {"parts_v1": same, "whole": same, "rewrite": same}
    assert changes["rewrite_rows_per_s"] > 0 and changes["whole_rows_per_s"] > 0 and changes["parts_v1_rows_per_s"] > 0
    assert changes["page_p95_ms"] >= changes["page_p50_ms"] > 0
    snap = by_name["sync_snapshot_provision"]
    assert snap["rows"] == snap["client_holds"] == snap["search_rows"] == 3000
    assert set(snap["stages_seconds"]) == {"download", "stage", "unpack", "build", "swap"} and snap["bytes"] > 0
    for m in metrics:
        for key in ("rows", "seconds", "rows_per_s", "baseline_rows_per_s", "ratio"):
            assert isinstance(m[key], (int, float)) and m[key] > 0, (m["name"], key)
        assert m["ratio"] == pytest.approx(m["rows_per_s"] / m["baseline_rows_per_s"], rel=0.05)
    assert push["mb_per_s"] > 0

    # What the server and the client hold, read from their databases directly.
    server = sqlite3.connect(tmp_path / "server.sqlite3")
    try:
        assert server.execute("SELECT count(*) FROM application").fetchone()[0] == 5
        assert server.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 3000
    finally:
        server.close()
    client = sqlite3.connect(tmp_path / "client.sqlite3")
    try:
        assert client.execute("SELECT count(*) FROM enterprise").fetchone()[0] == 2000 + 500
    finally:
        client.close()
    # The server process was stopped: nothing listens on the log's port any more.
    assert (tmp_path / "server-1.log").exists()
