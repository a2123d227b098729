"""Against the real server: a sync round whose task is cancelled (the window closes) stops at
the next attachment chunk, pushed batch or pulled page, raises Cancelled, and leaves the
outbox and the cursors so that the next round ends where an uninterrupted one would."""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from kuaixiang_core.cancellation import Cancelled, cancellable
from kuaixiang_desktop.services import auth, crash_points, sync_service
from kuaixiang_desktop.services.sync_report import PULL_ORDER, SyncHooks

from .clients import Window, assert_exactly_once, sha
from .harness import DEMO_PASSWORD, DEMO_USER

pytestmark = pytest.mark.slow  # real server processes


def test_a_round_cancelled_between_push_batches_is_finished_by_the_next(shared_server, make_window, pairs, view):
    window = make_window(shared_server.url, "cancel-push")
    filed = window.file(pairs.take(25))
    before = window.snapshot()
    event = threading.Event()

    def close_window(batch_no, _report):
        if batch_no == 0:
            event.set()

    with cancellable(event), pytest.raises(Cancelled):
        window.sync(batch_size=10, hooks=SyncHooks(after_batch=close_window))
    assert window.outbox_states() == {"sent": 10, "pending": 15}  # the first batch's answers are kept
    assert sum(view.id_counts(f.app_id for f in filed).values()) == 10
    assert auth.session_token(window.db) is not None  # a cancel is no reason to log in again

    report = window.sync(batch_size=10)
    assert report.complete, report.to_json()
    assert (report.pushed, report.duplicates, report.conflicts) == (15, 0, 0)  # nothing sent twice
    assert_exactly_once(window, view, filed)
    assert window.outbox_states() == {"sent": 25}  # as one uninterrupted round leaves it
    assert window.snapshot() == (before[0], before[1], before[2] + 25)


def test_a_round_cancelled_mid_attachment_resumes_the_upload(shared_server, make_window, pairs, view, monkeypatch):
    window = make_window(shared_server.url, "cancel-upload")
    filed = window.file(pairs.take(2), big=(0,))  # 700 KiB: three chunks of 256 KiB
    event = threading.Event()
    real_crash_point = crash_points.reached

    def crash_point(name):
        if name == "sync.upload.after_chunk":
            event.set()  # the first chunk is on the server
        real_crash_point(name)

    monkeypatch.setattr(crash_points, "reached", crash_point)
    with cancellable(event), pytest.raises(Cancelled):
        window.sync()
    monkeypatch.setattr(crash_points, "reached", real_crash_point)
    assert window.outbox_states() == {"pending": 2}  # no entry went up before its attachment
    assert view.attachment(sha(filed[0].attachment)) is None  # partial on the server

    report = window.sync()
    assert report.complete, report.to_json()
    assert report.attachments_resumed == 1 and report.pushed == 2
    assert_exactly_once(window, view, filed)


def _pulled_state(window: Window, windows: tuple[Window, ...] = ()) -> dict:
    """What pulling left in ``window``; the devices of ``windows`` (each installation has its
    own key, which the other learns from the server) are left out of the comparison."""
    mine = {w.device.key_id for w in windows}
    with window.db.engine.connect() as conn:
        def rows(sql):
            return [tuple(r) for r in conn.exec_driver_sql(sql)]

        return {
            "enterprises": rows(
                "SELECT credit_code, name, region_code, employees, revenue_fen, tax_credit_rating, "
                "(SELECT count(*) FROM enterprise_tag t WHERE t.enterprise_id = e.id), "
                "(SELECT count(*) FROM enterprise_fact f WHERE f.enterprise_id = e.id) "
                "FROM enterprise e ORDER BY credit_code"),
            "search": rows("SELECT count(*) FROM enterprise_search"),
            "facts": rows("SELECT name, type, unit, label FROM fact_definition ORDER BY name"),
            "items": rows("SELECT count(*) FROM policy_item_version"),
            "cursors": rows("SELECT stream, cursor FROM sync_cursor ORDER BY stream"),
            "devices": [r for r in rows("SELECT key_id FROM device_key WHERE NOT is_local ORDER BY key_id")
                        if r[0] not in mine],
        }


def _fresh_window(shared_server, tmp_path, name: str) -> Window:
    """A new installation: nothing pulled yet."""
    window = Window(tmp_path / f"{name}.sqlite3", shared_server.url, DEMO_USER, DEMO_PASSWORD, tmp_path)
    window.login()
    return window


def test_a_pull_cancelled_between_pages_ends_as_an_uninterrupted_one(shared_server, tmp_path):
    straight = _fresh_window(shared_server, tmp_path, "pull-straight")
    cut = _fresh_window(shared_server, tmp_path, "pull-cut")
    try:
        report = straight.sync(page_limit=300)
        assert report.complete and report.pulled["enterprises"] == 2000
        both = (straight, cut)
        expected = _pulled_state(straight, both)

        event = threading.Event()

        def close_window(stream, page_no, _report):
            if stream == "enterprises" and page_no == 1:
                event.set()

        with cancellable(event), pytest.raises(Cancelled):
            cut.sync(page_limit=300, hooks=SyncHooks(after_page=close_window))
        halfway = _pulled_state(cut, both)
        assert len(halfway["enterprises"]) == 600  # two whole pages, committed with their cursor
        assert halfway["facts"] == expected["facts"] and halfway["items"] == expected["items"]
        # The streams pulled before the cut keep their cursors; those after it (applications,
        # ratings) have none yet.
        before_cut = PULL_ORDER[: PULL_ORDER.index("enterprises") + 1]
        assert [s for s, _ in halfway["cursors"]] == [s for s, _ in expected["cursors"] if s.split("@")[0] in before_cut]

        report = cut.sync(page_limit=300)
        assert report.complete, report.to_json()
        assert report.pulled["enterprises"] == 1400  # the rest, no page twice
        assert report.pulled["facts"] == 0 and report.policy_versions == 0
        assert _pulled_state(cut, both) == expected
    finally:
        straight.close()
        cut.close()


def test_a_retry_wait_is_cut_short_by_a_cancel(shared_server, make_window, caplog):
    window = make_window(shared_server.url, "cancel-retry")  # logged in, nothing to push
    with socket.socket() as probe:  # a port nobody listens on: every request is refused
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    event = threading.Event()

    class CloseOnRetry(logging.Handler):
        def emit(self, record):
            if "重试" in record.getMessage():
                event.set()  # the window closes while the round waits to retry

    handler = CloseOnRetry()
    logging.getLogger("kuaixiang_desktop.sync.client").addHandler(handler)
    try:
        caplog.set_level(logging.INFO, logger="kuaixiang_desktop.sync.client")
        with cancellable(event), pytest.raises(Cancelled):
            # The round's own client and retry policy (0.5 s, 1 s, 2 s … of back-off otherwise,
            # then stopped="network" rather than Cancelled).
            sync_service.sync(window.db, dead)
    finally:
        logging.getLogger("kuaixiang_desktop.sync.client").removeHandler(handler)
    assert event.is_set()
    assert auth.session_token(window.db) is not None
