"""好差评 and the course after 受理 end to end (issue 16, items 2 and 5), against real server
processes: ratings given offline, pushed later exactly once (also when the server dies in
the middle of the push and the round is retried), counted in the statistics per window and
clerk, a 差评's follow-up closed by the hall's supervisor at another machine; a second rating
of a 办件 and a rating of another hall's 办件 refused; the department's steps coming down
to the window's record, and the steps the course refuses."""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
import uuid

import pytest
from sqlalchemy import select

from kuaixiang_core.domain import clock, ratings
from kuaixiang_desktop.services import ratings as rating_service
from kuaixiang_desktop.services.rating_statistics import rating_figures
from kuaixiang_desktop.store.models import OutboxEntry

from .clients import assert_exactly_once
from .harness import DEMO_HALL, HALL_B_PASSWORD, HALL_B_USER, SERVER_KEY, FaultProxy, ServerView, admin, start_server

pytestmark = pytest.mark.slow  # real server processes

BOSS, BOSS_PASSWORD = "dcf-boss", "boss-pass-2026"


def _server_ratings(view: ServerView) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in view._query("SELECT id, banjian_no, level, window, followup_closed_at FROM rating")}


def _admin_refused(db_path, *args: str) -> tuple[int, str]:
    from kuaixiang_server import cli

    err = io.StringIO()
    old = os.environ.get("KUAIXIANG_SERVER_KEY")
    os.environ["KUAIXIANG_SERVER_KEY"] = SERVER_KEY
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["admin", "--db", str(db_path), *args])
    finally:
        if old is None:
            os.environ.pop("KUAIXIANG_SERVER_KEY", None)
        else:
            os.environ["KUAIXIANG_SERVER_KEY"] = old
    return code, err.getvalue()


def _forge(window, number: str, level: str = ratings.SATISFIED) -> str:
    """A rating.given entry written straight into the outbox, as a tampered client would."""
    rating_id = str(uuid.uuid4())
    payload = {"id": rating_id, "banjian_no": number, "level": level, "reasons": [], "comment": None,
               "rated_at": "2026-12-06T02:00:00Z"}
    with window.db.sessions.begin() as session:
        session.add(OutboxEntry(key=rating_id, kind="rating.given", entity_id=rating_id,
                                payload_json=json.dumps(payload, ensure_ascii=False)))
    return rating_id


def _outbox_state(window, key: str) -> tuple[str, str | None]:
    with window.db.sessions() as session:
        row = session.scalars(select(OutboxEntry).where(OutboxEntry.key == key)).one()
        return row.state, row.last_error


def test_offline_ratings_pushed_once_through_a_dying_server_counted_and_followed_up(
        server_template, tmp_path, make_window, pairs, monkeypatch):
    server = start_server(server_template, tmp_path / "own-server")
    proxy = FaultProxy(server.port).start()
    view = ServerView(server.db_path)
    try:
        admin(server.db_path, "add-clerk", BOSS, "--hall", DEMO_HALL, "--display-name", "大厅负责人",
              "--role", "supervisor", "--password-stdin", stdin=BOSS_PASSWORD + "\n")
        window = make_window(server.url, "rated")
        filed = window.file(pairs.take(3))
        receipts = [window.show(f.app_id).receipt_no for f in filed]
        # Offline: the enterprise rates at the window before anything has gone up.
        monkeypatch.setenv("KUAIXIANG_CLERK", window.username)
        visit = rating_service.open_visit(window.db, window.device.short_id)
        good = rating_service.rate(window.db, receipts[0], ratings.VERY_SATISFIED)
        basic = rating_service.rate(window.db, visit, ratings.BASIC, comment="咨询很清楚")
        bad = rating_service.rate(window.db, receipts[1], ratings.VERY_DISSATISFIED,
                                  [ratings.parse_reason("排队等候时间长"), "other"], "叫号系统坏了")
        assert bad.followup_deadline == ratings.followup_deadline(clock.today())
        with pytest.raises(rating_service.RatingRefused, match="一件一评"):
            rating_service.rate(window.db, receipts[0], ratings.SATISFIED)
        assert {r.sync_state for r in rating_service.list_ratings(window.db)} == {"queued"}
        assert view._query("SELECT count(*) FROM rating") == [(0,)]

        # The push dies with the server once some of the batch is committed; the round retries.
        seen: dict[str, int] = {}

        def kill_mid_batch() -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not view._query("SELECT count(*) FROM application")[0][0]:
                pass  # the server's first commit of this batch
            server.kill()
            seen["ratings_at_kill"] = view._query("SELECT count(*) FROM rating")[0][0]

        def restart(_wait: float) -> None:
            if server.proc is not None and server.proc.poll() is not None:
                server.start()
                proxy.upstream_port = server.port

        proxy.inject("kill", "POST", "/api/v1/outbox", times=1, action=kill_mid_batch)
        window.sleeps.hook = restart
        report = window.sync(proxy.url, attempts=4)
        assert report.complete, report.to_json()
        assert server.starts == 2
        assert report.pushed + report.duplicates == 6 and report.rejected == 0
        assert_exactly_once(window, view, filed)
        held = _server_ratings(view)
        assert set(held) == {good.id, basic.id, bad.id}  # each exactly once (one row per id and hall)
        assert held[bad.id][:3] == (receipts[1], ratings.VERY_DISSATISFIED, "01")
        assert {r.sync_state for r in rating_service.list_ratings(window.db)} == {"sent"}
        again = window.sync(proxy.url)
        assert again.complete and again.pushed == 0 and len(_server_ratings(view)) == 3

        # The statistics room's figures: per window and clerk.
        figures = rating_figures(window.db, "month")
        [row] = figures.rows
        assert (row.window, row.clerk) == ("01", "demo")
        assert row.counts[ratings.VERY_SATISFIED] == row.counts[ratings.BASIC] == row.counts[ratings.VERY_DISSATISFIED] == 1
        assert row.total == 3 and row.negative == 1 and str(row.satisfaction) == "66.7"
        assert row.open_followups == 1 and row.overdue_followups == 0

        # A second rating of the same 办件, forged past the window's own check, is refused.
        forged = _forge(window, receipts[0])
        # Hall B's window rates hall A's receipt: refused as a 办件 it does not have.
        other = make_window(proxy.url, "hall-b", username=HALL_B_USER, password=HALL_B_PASSWORD)
        stolen = _forge(other, receipts[2])
        assert window.sync(proxy.url).complete and other.sync().complete
        state, error = _outbox_state(window, forged)
        assert state == "rejected" and "一件一评" in error
        state, error = _outbox_state(other, stolen)
        assert state == "rejected" and "本大厅已受理" in error and receipts[2] not in error
        assert len(_server_ratings(view)) == 3

        # The clerk may not close the follow-up; the supervisor, at another machine, does.
        with pytest.raises(rating_service.RatingRefused, match="负责人"):
            rating_service.close_followup(window.db, receipts[1], "自己关掉")
        boss = make_window(proxy.url, "boss", username=BOSS, password=BOSS_PASSWORD)
        monkeypatch.setenv("KUAIXIANG_CLERK", BOSS)
        assert boss.sync().complete  # the hall's ratings come down by the ratings stream
        [pulled] = rating_service.list_ratings(boss.db, open_only=True)
        assert pulled.id == bad.id and pulled.origin == "server" and pulled.clerk == "demo"
        rating_service.close_followup(boss.db, receipts[1], "已电话回访企业，叫号系统已修复并增开一个窗口")
        report = boss.sync()
        assert report.complete and report.pushed == 1
        assert _server_ratings(view)[bad.id][3] is not None
        listed = {r["id"]: r for r in admin(server.db_path, "ratings", "--followups")}
        assert listed[bad.id]["followup"]["closed_by"] == BOSS
        assert listed[bad.id]["followup"]["action"].startswith("已电话回访")
        assert admin(server.db_path, "ratings", "--open") == []
        # The window that took the rating learns it was closed.
        assert window.sync(proxy.url).complete
        [closed] = [r for r in rating_service.list_ratings(window.db) if r.id == bad.id]
        assert not closed.followup_open and closed.followup_closed_by == BOSS
        assert rating_figures(window.db, "month").rows[0].open_followups == 0
    finally:
        proxy.stop()
        server.stop()


def test_payout_steps_come_down_to_the_card_and_impossible_ones_are_refused(shared_server, make_window, pairs):
    window = make_window(shared_server.url, "payout")
    paid, refused = window.file(pairs.take(2))
    assert window.sync().complete
    today = clock.today().isoformat()
    db = shared_server.db_path
    for step in (["review"], ["correction", "--reason", "补交社保缴费明细"], ["review"], ["approve"],
                 ["publicity", "--date", today, "--until", today]):
        admin(db, "review", paid.app_id, *step)
    code, err = _admin_refused(db, "review", paid.app_id, "pay", "--amount", "6000")
    assert code == 2 and "公示期满" in err
    code, err = _admin_refused(db, "review", refused.app_id, "publicity", "--until", today)
    assert code == 2 and "不能记录「公示」" in err
    admin(db, "review", refused.app_id, "refuse", "--reason", "不符合申报条件第三条")
    code, err = _admin_refused(db, "review", refused.app_id, "review")
    assert code == 2

    report = window.sync()
    assert report.complete
    record = window.show(paid.app_id)
    assert record.status == "approved"
    assert [c.step for c in record.course] == ["review", "correction", "review", "approve", "publicity"]
    assert record.course[1].reason == "补交社保缴费明细" and record.course[-1].until.isoformat() == today
    gone = window.show(refused.app_id)
    assert gone.status == "rejected" and gone.course[-1].step == "refuse"
    assert gone.course[-1].text().endswith("不予支持：不符合申报条件第三条")
    # Pulled again, nothing changes.
    again = window.sync()
    assert again.complete and again.status_changes == 0
    assert window.show(paid.app_id).course == record.course
