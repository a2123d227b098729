"""Against the real server: log in, file with an attachment, sync, review on the server,
pull the verdicts; repeats are duplicates, a changed repeat a conflict; a token that dies
mid-round stops the queue and loses nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import func, select, update

from kuaixiang_core import wire, wire_session
from kuaixiang_desktop.services import auth
from kuaixiang_desktop.store.models import ApplicationStatus, OutboxEntry
from kuaixiang_desktop.sync.client import AuthError, SyncClient

from .clients import assert_exactly_once, sha
from .harness import DEMO_USER

pytestmark = pytest.mark.slow  # real server processes; about a minute in all


def test_file_sync_review_and_pull_back(shared_server, make_window, pairs, view):
    window = make_window(shared_server.url, "roundtrip")
    filed = window.file(pairs.take(4), big=(1,))
    before = window.snapshot()

    report = window.sync()
    assert report.complete, report.to_json()
    assert (report.pushed, report.duplicates, report.conflicts, report.rejected) == (4, 0, 0, 0)
    assert report.attachments_uploaded == 4 and report.attachment_bytes == sum(len(f.attachment) for f in filed)
    assert_exactly_once(window, view, filed)
    for f in filed:  # the server moved each on to "submitted" (it reached the platform)
        record = window.show(f.app_id)
        assert record.status == "submitted" and record.sync_state == "synced"
        assert view.agent_name(f.app_id) == "李秀英"
        assert view.attachment(sha(f.attachment)) == f.attachment

    # The department reviews on the server (admin CLI) ...
    approve, reject = filed[0].app_id, filed[1].app_id
    shared_server.admin("review", approve, "approve")
    shared_server.admin("review", approve, "pay")
    shared_server.admin("review", reject, "reject", "--reason", "上年度研发费用审计报告未加盖公章")
    # ... and the window pulls the verdicts.
    report = window.sync()
    assert report.complete and report.status_changes == 3 and report.pulled["applications"] == 2
    assert window.show(approve).status == "paid"
    rejected = window.show(reject)
    assert rejected.status == "rejected"
    assert rejected.history[-1].reason == "上年度研发费用审计报告未加盖公章"
    assert [h.to_status for h in window.show(approve).history] == ["draft", "accepted", "submitted", "approved", "paid"]
    verdict = json.loads(window.applications()[approve].server_verdict_json)
    assert verdict["state"]["status"] == "paid" and verdict["push"]["outcome"] == "applied"

    # Pulling again changes nothing; nothing local ever shrank.
    again = window.sync()
    assert again.complete and again.status_changes == 0 and sum(again.pulled.values()) == 0
    after = window.snapshot()
    assert after[0] == before[0] and after[1] == before[1] and after[2] == before[2] + 4 + 3


def test_duplicate_delivery_gives_duplicates_and_a_changed_repeat_a_conflict(shared_server, make_window, pairs, view):
    window = make_window(shared_server.url, "dupes")
    filed = window.file(pairs.take(5))
    assert window.sync().pushed == 5
    held = dict(view.applications())

    # The acknowledgements were lost (say a restored backup): every entry goes again.
    with window.db.sessions.begin() as session:
        session.execute(update(OutboxEntry).values(state="pending", acked_at=None))
    report = window.sync()
    assert (report.pushed, report.duplicates, report.conflicts) == (0, 5, 0)
    assert view.applications() == held  # no second copy, no change
    assert_exactly_once(window, view, filed)
    assert window.outbox_states() == {"duplicate": 5}

    # The same entries straight through the client: the server's first answers come back.
    client = SyncClient(shared_server.url, auth.session_token(window.db))
    try:
        with window.db.sessions() as session:
            from kuaixiang_desktop.services.sync_service import SyncService

            service = SyncService(window.db, client)
            entries = [service._wire_entry(session, row) for row in session.scalars(select(OutboxEntry))]
        answers = client.push(entries)
    finally:
        client.close()
    assert [a.status for a in answers.results] == [wire.DUPLICATE] * 5
    assert all(a.server and a.server["id"] == e.entity_id for a, e in zip(answers.results, entries, strict=True))

    # Same key, different content: a conflict, shown on the record, nothing dropped.
    target = filed[0].app_id
    with window.db.sessions.begin() as session:
        row = session.scalars(select(OutboxEntry).where(OutboxEntry.key == target)).one()
        payload = json.loads(row.payload_json)
        payload["window"] = "99"
        row.payload_json = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        row.state = "pending"
    before = window.snapshot()
    report = window.sync()
    assert report.complete and report.conflicts == 1 and report.failures[0].ref == target
    assert window.applications()[target].sync_state == "conflict"
    assert window.outbox_states() == {"duplicate": 4, "conflict": 1}
    assert window.snapshot() == before
    assert view.id_counts([target])[target] == 1


def _server_sql(server, sql: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(server.db_path, timeout=30)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def test_token_revoked_or_expired_mid_round_stops_the_queue_and_loses_nothing(shared_server, make_window, pairs, view):
    window = make_window(shared_server.url, "tokens")
    filed = window.file(pairs.take(30))
    before = window.snapshot()

    def revoke(batch_no, _report):
        if batch_no == 0:
            shared_server.admin("revoke-tokens", DEMO_USER)

    report = window.sync(batch_size=10, hooks=_hooks(after_batch=revoke))
    assert report.stopped == "auth" and isinstance(report.error, AuthError)
    assert report.error.code == "token_revoked" and report.pushed == 10
    assert window.outbox_states() == {"sent": 10, "pending": 20}
    assert auth.session_token(window.db) is None  # dropped: the next sync asks for a log-in
    assert auth.current_username(window.db) == DEMO_USER  # still logged in locally
    assert window.sync().stopped == "auth"  # without a token it does not even ask
    assert window.snapshot() == (before[0], before[1], before[2] + 10)  # + the 10 "submitted"

    window.login()

    def expire(batch_no, _report):
        if batch_no == 0:
            _server_sql(shared_server, "UPDATE auth_token SET expires_at = '2000-01-01 00:00:00' WHERE revoked_at IS NULL")

    report = window.sync(batch_size=10, hooks=_hooks(after_batch=expire))
    assert report.stopped == "auth" and report.error.code == "token_expired" and report.pushed == 10
    assert window.outbox_states() == {"sent": 20, "pending": 10}

    window.login()
    report = window.sync(batch_size=10)
    assert report.complete and report.pushed == 10 and report.duplicates == 0
    assert_exactly_once(window, view, filed)
    assert window.snapshot() == (before[0], before[1], before[2] + 30)
    with window.db.sessions() as session:
        submitted = session.scalars(select(ApplicationStatus).where(ApplicationStatus.to_status == "submitted")).all()
        assert len(submitted) == 30


def _hooks(**kw):
    from kuaixiang_desktop.services.sync_report import SyncHooks

    return SyncHooks(**kw)


def test_drafts_and_withdrawals_travel_with_their_reason(shared_server, make_window, pairs, view):
    from kuaixiang_desktop.services import applications as apps

    window = make_window(shared_server.url, "drafts")
    (draft_code, draft_item), (code, item) = pairs.take(2)
    with window._as_clerk():
        draft = apps.file_application(window.db, draft_code, draft_item, apps.Agent("赵六", "11010519491231002x",
                                      "13700000000"), [], device_id=window.device.short_id, accept_deferred=False)
        assert draft.status == "draft" and draft.missing
    filed = window.file([(code, item)])
    with window._as_clerk():
        apps.transition(window.db, filed[0].app_id, "withdrawn", "企业负责人来电撤回申请")
    with window.db.sessions() as session:
        rows = list(session.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))
        kinds = [r.kind for r in rows]
        assert not any("13700000000" in r.payload_json or "11010519491231002" in r.payload_json for r in rows)
    assert kinds == ["application.draft", "application.accepted", "application.withdrawn"]

    report = window.sync()
    assert report.complete and report.pushed == 3, report.to_json()
    held = view.applications()
    assert held[draft.application_id] == "draft" and held[filed[0].app_id] == "withdrawn"
    state = json.loads(window.applications()[filed[0].app_id].server_verdict_json)["state"]
    assert state["status"] == "withdrawn" and state["history"][-1]["reason"] == "企业负责人来电撤回申请"
    assert window.show(filed[0].app_id).status == "withdrawn"
    assert view.agent_name(draft.application_id) is None  # a draft carries no agent data


def test_a_local_change_still_waiting_is_not_overruled_by_the_pull(shared_server, make_window, pairs, view):
    from kuaixiang_desktop.services import applications as apps

    window = make_window(shared_server.url, "waiting")
    filed = window.file(pairs.take(1))
    app_id = filed[0].app_id
    with window._as_clerk():
        apps.transition(window.db, app_id, "withdrawn", "经办人填错事项")
    report = window.sync(hooks=None, batch_size=1)  # push both, then pull
    assert report.complete and window.show(app_id).status == "withdrawn"

    # Withdrawn offline while the server approved: the withdrawal is refused, the server's
    # status stands, and the refusal stays on the record.
    (code, item), = pairs.take(1)
    app2 = window.file([(code, item)])[0].app_id
    assert window.sync().pushed == 1
    shared_server.admin("review", app2, "approve")
    with window._as_clerk():
        apps.transition(window.db, app2, "withdrawn", "企业撤回")
    report = window.sync()
    assert report.complete and report.rejected == 1
    record = window.applications()[app2]
    assert record.status == "approved" and record.sync_state == "rejected"
    assert "不能撤回" in json.loads(record.server_verdict_json)["push"]["message"]
    assert [h.to_status for h in window.show(app2).history] == ["draft", "accepted", "submitted", "withdrawn",
                                                              "approved"]
    assert view.applications()[app2] == "approved"


def test_an_attachment_the_server_reports_missing_is_sent_again(shared_server, make_window, pairs, view):
    window = make_window(shared_server.url, "missing")
    filed = window.file(pairs.take(1))
    digest = sha(filed[0].attachment)
    assert window.sync().attachments_uploaded == 1
    _server_sql(shared_server, "DELETE FROM attachment WHERE sha256 = ?", (digest,))  # lost on the server
    shared_server.admin("review", filed[0].app_id, "approve")  # the state comes down with "missing"
    first = window.sync()
    assert first.complete and window.show(filed[0].app_id).status == "approved"
    state = json.loads(window.applications()[filed[0].app_id].server_verdict_json)["state"]
    assert state["missing_attachments"] == [digest]
    second = window.sync()
    assert second.attachments_uploaded == 1 and view.attachment(digest) == filed[0].attachment


def test_other_windows_device_keys_come_down(shared_server, make_window):
    import base64

    from kuaixiang_core.domain import receipt_token
    from kuaixiang_core.domain.device_trust import sign_proof
    from kuaixiang_desktop.services.device import known_public_keys

    from .harness import HALL_B_PASSWORD, HALL_B_USER

    private, public = receipt_token.generate_key()  # another window, elsewhere
    with SyncClient(shared_server.url) as client:
        challenge = client.device_challenge().challenge
        other = wire_session.DeviceInfo(receipt_token.key_id(public), base64.b64encode(public).decode(), "茌平区2号窗口",
                                challenge, sign_proof(challenge, private))
        client.login(HALL_B_USER, HALL_B_PASSWORD, other)
    window = make_window(shared_server.url, "devices")
    report = window.sync()
    assert report.complete and report.devices >= 1
    assert known_public_keys(window.db)[other.key_id] == public
    assert window.sync().devices == 0  # known now


def test_an_unchanged_device_list_is_neither_sent_nor_checked_again(shared_server, make_window, monkeypatch):
    import base64

    from kuaixiang_core.domain import receipt_token
    from kuaixiang_core.domain.device_trust import sign_proof
    from kuaixiang_desktop.services import device_trust, sync_service
    from kuaixiang_desktop.services.device import known_public_keys
    from kuaixiang_desktop.store.models import TrustedSigner

    from .harness import HALL_B, HALL_B_PASSWORD, HALL_B_USER

    window = make_window(shared_server.url, "devices-tag")
    assert window.sync().complete
    taken: list[int] = []
    real = device_trust.apply_device_list
    monkeypatch.setattr(sync_service.device_trust, "apply_device_list",
                        lambda session, listed, now: taken.append(len(listed.devices)) or real(session, listed, now))
    with window.db.sessions() as session:
        synced = session.scalar(select(TrustedSigner.devices_synced_at))
    assert window.sync().complete and taken == []  # the server said 304: nothing to check
    with window.db.sessions() as session:  # and revocations are known as of this round
        assert session.scalar(select(TrustedSigner.devices_synced_at)) > synced

    private, public = receipt_token.generate_key()  # a window elsewhere registers
    with SyncClient(shared_server.url) as client:
        challenge = client.device_challenge().challenge
        client.login(HALL_B_USER, HALL_B_PASSWORD, wire_session.DeviceInfo(
            receipt_token.key_id(public), base64.b64encode(public).decode(), "茌平区5号窗口", challenge,
            sign_proof(challenge, private)))
    report = window.sync()
    assert report.complete and len(taken) == 1 and report.devices >= 1
    assert known_public_keys(window.db)[receipt_token.key_id(public)] == public

    # A list not taken in whole (a certificate refused) keeps no tag: the next round asks
    # for it in full and checks it again, until a round takes it in whole.
    from kuaixiang_core.domain import device_trust as core_trust

    asked: list[str | None] = []
    real_devices = SyncClient.devices
    monkeypatch.setattr(SyncClient, "devices", lambda self, known=None: asked.append(known) or real_devices(self, known))
    other_key = receipt_token.key_id(public)
    monkeypatch.setattr(core_trust, "verify_certificate", lambda cert, signer: cert.key_id != other_key)
    shared_server.admin("device", "rebind", other_key, "--hall", HALL_B, "--window", "06")  # the list changes
    refused = window.sync()
    assert any(f.scope == "devices" for f in refused.failures) and len(taken) == 2 and asked[-1] is not None
    again = window.sync()
    assert any(f.scope == "devices" for f in again.failures) and len(taken) == 3 and asked[-1] is None
    monkeypatch.undo()  # (the spies too: what follows is the product alone)
    assert window.sync().complete  # taken in whole: its tag is kept
    with window.db.sessions() as session:
        from kuaixiang_desktop.store.models import SyncCursor
        assert session.scalar(select(func.count()).select_from(SyncCursor)
                              .where(SyncCursor.stream.like("devices.etag.%"))) == 1
