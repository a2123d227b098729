"""Sync under faults, against the real server: a proxy that drops, delays, fails, truncates
and garbles; the client killed mid-round; the server killed mid-batch; a client clock two
hours off; two halls at once. After each, a clean round leaves every application on the
server exactly once and nothing lost locally."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.domain.clock import utcnow
from kuaixiang_desktop.services import crash_points

from .clients import assert_exactly_once, sha
from .harness import FIGURES, HALL_B_PASSWORD, HALL_B_USER, FaultProxy, ServerView, start_server

pytestmark = pytest.mark.slow  # real server processes; about a minute in all

RUNNER = Path(__file__).with_name("run_sync.py")


@pytest.fixture
def proxy(shared_server):
    p = FaultProxy(shared_server.port).start()
    yield p
    p.stop()


# --- the proxy's faults --------------------------------------------------------------------------

PERSISTENT = [
    # (kind, method, path, what the faulty round still gets done)
    ("drop_before", "POST", "/api/v1/outbox"),
    ("drop_after", "POST", "/api/v1/outbox"),  # the server applied it; the answer is lost
    ("error500", "POST", "/api/v1/outbox"),
    ("truncate", "POST", "/api/v1/outbox"),
    ("nonjson", "POST", "/api/v1/outbox"),
    ("error500", "HEAD", "/api/v1/attachments"),
    ("cut_upload", "PUT", "/api/v1/attachments"),
    ("error500", "GET", "/api/v1/changes/applications"),
    ("truncate", "GET", "/api/v1/changes/enterprises"),
    ("garble", "GET", "/api/v1/changes/applications"),
]


@pytest.mark.parametrize(("kind", "method", "path"), PERSISTENT, ids=[f"{k}-{m}-{p.rsplit('/', 1)[-1]}" for k, m, p in PERSISTENT])
def test_a_fault_that_lasts_stops_the_round_and_a_clean_round_completes(kind, method, path, shared_server, proxy,
                                                                       make_window, pairs, view):
    window = make_window(shared_server.url, f"fault-{kind}")
    filed = window.file(pairs.take(3), big=(0,))
    if path.endswith("enterprises"):  # give the enterprises stream something to send
        code = filed[0].credit_code
        shared_server.admin("import-enterprises", str(_enterprise_file(window, code)))
    before = window.snapshot()
    proxy.inject(kind, method, path, times=1000)

    faulty = window.sync(proxy.url, attempts=3)
    assert faulty.stopped == "network", faulty.to_json()
    assert faulty.retries == 2 and len(window.sleeps.waits) == 2  # backed off, then gave up
    assert window.snapshot()[:2] == before[:2]  # nothing local lost
    if method == "GET":  # the push got through before the pull failed
        assert faulty.pushed == 3 and window.outbox_states() == {"sent": 3}
    else:
        assert window.outbox_states() == {"pending": 3}

    proxy.clear()
    clean = window.sync(proxy.url)
    assert clean.complete, clean.to_json()
    assert_exactly_once(window, view, filed)
    if kind == "drop_after":
        assert (clean.pushed, clean.duplicates) == (0, 3)  # applied once, answered from the record
    FIGURES.setdefault("faults", []).append(  # type: ignore[union-attr]
        {"fault": f"{kind} {method} {path}", "faulty_round": faulty.stopped, "retries": faulty.retries,
         "clean_pushed": clean.pushed, "clean_duplicates": clean.duplicates})


def _enterprise_file(window, code: str) -> Path:
    """The enterprise as a one-row import file with a changed headcount."""
    with window.db.engine.connect() as conn:
        name, region, industry = conn.execute(
            text("SELECT name, region_code, industry_code FROM enterprise WHERE credit_code = :c"), {"c": code}).one()
    path = window.workdir / f"{code}.json"
    path.write_text(json.dumps([{"统一社会信用代码": code, "企业名称": name, "行政区划代码": region,
                                 "行业代码": industry, "从业人员": 123}], ensure_ascii=False), encoding="utf-8")
    return path


def test_passing_faults_are_retried_within_the_round(shared_server, proxy, make_window, pairs, view):
    window = make_window(shared_server.url, "transient")
    filed = window.file(pairs.take(4), big=(1,))
    proxy.inject("delay", "POST", "/api/v1/outbox", times=1, delay=2.0)  # longer than the read timeout
    big = sha(filed[1].attachment)
    proxy.inject("cut_upload", "PUT", f"/api/v1/attachments/{big}", times=1, skip=1)  # its 2nd chunk is cut
    proxy.inject("error500", "GET", "/api/v1/changes/facts", times=1)
    proxy.inject("truncate", "GET", "/api/v1/changes/applications", times=1)
    proxy.inject("drop_before", "HEAD", "/api/v1/attachments", times=1)
    report = window.sync(proxy.url, read_timeout=1.0, attempts=5)
    assert report.complete, report.to_json()
    # Five faults, five retries at least (a 409 racing the cut chunk may cost one more).
    assert report.retries >= 5 and len(window.sleeps.waits) == report.retries, report.retry_reasons
    assert sorted(k for _, _, k in proxy.log if k != "pass") == sorted(
        ["delay", "cut_upload", "error500", "truncate", "drop_before"])
    assert all(0 <= w <= 0.05 for w in window.sleeps.waits)  # full jitter under the cap
    assert report.pushed + report.duplicates == 4  # the delayed batch was applied, then answered again
    assert report.attachments_resumed == 1  # went on from the server's offset
    assert_exactly_once(window, view, filed)
    assert proxy.encodings["gzip"] > 0  # big answers came gzip-compressed
    FIGURES["in_round_retries"] = report.retries


# --- the client killed mid-round ---------------------------------------------------------------------


CRASH_POINTS = ["sync.upload.after_chunk", "sync.push.after_response", "sync.push.before_commit",
                "sync.pull.applications.before_commit"]


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_client_killed_mid_round_resumes_exactly_where_it_stopped(point, shared_server, make_window, pairs, view,
                                                                   keyring_file):
    window = make_window(shared_server.url, f"crash-{point.split('.')[1]}-{point.split('.')[2]}")
    filed = window.file(pairs.take(3), big=(0,))
    before = window.snapshot()
    done = crash_points.run_killed_at(point, [sys.executable, str(RUNNER), str(window.path), str(keyring_file),
                                              shared_server.url], env=os.environ)
    assert done.returncode == crash_points.KILLED, done.stdout + done.stderr

    window.reopen()  # the program starts again
    if point.startswith("sync.pull"):  # the push before it was committed, the page was not
        assert window.snapshot() == (before[0], before[1], before[2] + 3)
        assert window.outbox_states() == {"sent": 3}
    else:  # the killed round committed nothing half-way
        assert window.snapshot() == before and window.outbox_states() == {"pending": 3}
    report = window.sync()
    assert report.complete, report.to_json()
    assert_exactly_once(window, view, filed)
    if point == "sync.upload.after_chunk":
        assert report.attachments_resumed == 1 and report.pushed == 3
        assert report.attachment_bytes < sum(len(f.attachment) for f in filed)  # only the rest went again
    elif point.startswith("sync.push"):
        assert (report.pushed, report.duplicates) == (0, 3)  # the server had them: answered as duplicates
    else:
        assert report.pushed == 0 and report.pulled["applications"] >= 3  # the lost page came again
        assert report.status_changes == 0  # applying it again changed nothing
        assert all(window.show(f.app_id).status == "submitted" for f in filed)
    FIGURES.setdefault("client_crash", []).append(  # type: ignore[union-attr]
        {"point": point, "pushed": report.pushed, "duplicates": report.duplicates,
         "resumed_uploads": report.attachments_resumed})


# --- the server killed mid-batch ---------------------------------------------------------------------


def test_server_killed_and_restarted_mid_batch(server_template, tmp_path, make_window, pairs):
    server = start_server(server_template, tmp_path / "own-server")
    proxy = FaultProxy(server.port).start()
    view = ServerView(server.db_path)
    try:
        window = make_window(server.url, "server-kill")
        filed = window.file(pairs.take(60))
        ids = [f.app_id for f in filed]
        seen: dict[str, int] = {}

        def kill_mid_batch() -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not view.id_counts(ids):
                pass  # polling the server's database until its first commit of the batch
            server.kill()
            # Counted once the process is gone: counted before, the server went on committing
            # between the count and the kill, and more came back as duplicates than were counted.
            seen["committed_at_kill"] = sum(view.id_counts(ids).values())

        def restart(_wait: float) -> None:  # the client backs off; meanwhile the server comes back
            if server.proc is not None and server.proc.poll() is not None:
                server.start()
                proxy.upstream_port = server.port

        proxy.inject("kill", "POST", "/api/v1/outbox", times=1, action=kill_mid_batch)
        window.sleeps.hook = restart
        report = window.sync(proxy.url, attempts=4)
        assert report.complete, report.to_json()
        assert server.starts == 2
        assert 0 < seen["committed_at_kill"] <= 60
        assert report.pushed + report.duplicates == 60 and report.pushed >= 60 - seen["committed_at_kill"]
        assert_exactly_once(window, view, filed)
        FIGURES["server_kill"] = {"batch": 60, "committed_before_kill": seen["committed_at_kill"],
                                  "pushed": report.pushed, "duplicates": report.duplicates}
    finally:
        proxy.stop()
        server.stop()


# --- clocks and halls ----------------------------------------------------------------------------------


@pytest.mark.parametrize("skew", [dt.timedelta(hours=2), dt.timedelta(hours=-2)], ids=["ahead", "behind"])
def test_client_clock_two_hours_off(skew, shared_server, make_window, pairs, view):
    def clock():
        return utcnow() + skew

    window = make_window(shared_server.url, f"clock-{skew.total_seconds():+.0f}", now=clock)
    filed = window.file(pairs.take(5))
    with window.db.sessions.begin() as session:  # as if written by the skewed clock
        for table in ("outbox", "application", "application_status"):
            session.connection().exec_driver_sql(
                f"UPDATE {table} SET created_at = datetime(created_at, '{skew.total_seconds():+.0f} seconds')"
                if table != "application_status" else
                f"UPDATE {table} SET at = datetime(at, '{skew.total_seconds():+.0f} seconds')")
    report = window.sync(now=clock)
    assert report.complete and report.pushed == 5, report.to_json()
    assert_exactly_once(window, view, filed)
    report = window.sync(now=clock)  # the token (server time) is still good
    assert report.complete


def test_two_halls_sync_at_once(shared_server, make_window, pairs, view):
    hall_a = make_window(shared_server.url, "hall-a")
    hall_b = make_window(shared_server.url, "hall-b", username=HALL_B_USER, password=HALL_B_PASSWORD)
    both = pairs.take(1)
    filed_a = hall_a.file(pairs.take(20) + both)
    filed_b = hall_b.file(pairs.take(20) + both)  # the same enterprise and item at both halls
    barrier = threading.Barrier(2)
    reports: dict[str, object] = {}

    def run(name, window):
        barrier.wait(timeout=30)
        reports[name] = window.sync(batch_size=7)

    threads = [threading.Thread(target=run, args=(n, w)) for n, w in (("a", hall_a), ("b", hall_b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    ra, rb = reports["a"], reports["b"]
    assert ra.complete and rb.complete, (ra.to_json(), rb.to_json())
    assert ra.pushed + rb.pushed == 41 and ra.rejected + rb.rejected == 1
    assert ra.duplicates == rb.duplicates == 0
    loser, winner = (hall_a, hall_b) if ra.rejected else (hall_b, hall_a)
    lost_app = (filed_a if loser is hall_a else filed_b)[-1].app_id
    won_app = (filed_b if loser is hall_a else filed_a)[-1].app_id
    record = loser.applications()[lost_app]
    assert record.sync_state == "rejected" and record.status == "accepted"  # kept, with the reason
    reason = json.loads(record.server_verdict_json)["push"]["message"]
    assert "不能重复受理" in reason and ("东昌府区" in reason or "茌平区" in reason)
    assert view.id_counts([lost_app])[lost_app] == 0 and view.id_counts([won_app])[won_app] == 1
    for window, filed in ((hall_a, filed_a), (hall_b, filed_b)):
        accepted = [f for f in filed if f.app_id != lost_app]
        counts = view.id_counts(f.app_id for f in accepted)
        assert all(counts[f.app_id] == 1 for f in accepted)
        assert all(view.attachment(sha(f.attachment)) == f.attachment for f in accepted)
        assert len(window.applications()) == 21  # nothing lost locally, the rejected one included
    # The applications stream is per hall: hall B's only window sees nothing of others' (hall A's
    # window also sees what other windows of its hall filed in earlier tests, and keeps none).
    assert rb.applications_elsewhere == 0 and len(hall_a.applications()) == 21
    FIGURES["two_halls"] = {"pushed": ra.pushed + rb.pushed, "rejected_overlap": 1,
                            "duplicates": ra.duplicates + rb.duplicates}
