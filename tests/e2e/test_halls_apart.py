"""Against the real server, through the real client: what the server refuses or corrects in a
window's entries (another hall's receipt number, a forged amount, a claimed window) reaches
the clerk as it should, and nothing local is lost or sent twice."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kuaixiang_desktop.store.models import OutboxEntry

from .harness import DEMO_HALL, HALL_B

pytestmark = pytest.mark.slow


def _tamper(client, app_id: str, **changes) -> dict:
    """A modified client: the outbox entry of ``app_id`` says something else; returns what
    it said before."""
    with client.db.sessions.begin() as session:
        row = session.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == app_id)).one()
        payload = json.loads(row.payload_json)
        before = {k: payload[k] for k in changes}
        payload.update(changes)
        row.payload_json = json.dumps(payload, ensure_ascii=False)
    return before


def test_entries_the_server_refuses_or_corrects_stay_visible_on_the_window(shared_server, make_window, pairs, view):
    window = make_window(shared_server.url, "halls-apart")
    refused, forged, honest = window.file(pairs.take(3))
    receipt = window.show(refused.app_id).receipt_no
    assert receipt.startswith(DEMO_HALL + "-")
    _tamper(window, refused.app_id, receipt_no=HALL_B + receipt[len(DEMO_HALL):])  # another hall's number
    own = _tamper(window, forged.app_id, benefit_amount_fen=50_000_000, window="09")
    before = window.snapshot()

    report = window.sync()
    assert report.complete, report.to_json()
    assert (report.pushed, report.rejected, report.conflicts, report.duplicates) == (2, 1, 0, 0)

    # The refused one: kept on the window, accepted as filed, marked rejected with the reason.
    record = window.applications()[refused.app_id]
    assert record.status == "accepted" and record.sync_state == "rejected"
    push = json.loads(record.server_verdict_json)["push"]
    assert push["outcome"] == "rejected" and "回执编号" in push["message"] and "payload.receipt_no" in push["message"]
    with window.db.sessions() as session:
        row = session.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == refused.app_id)).one()
        assert row.state == "rejected" and "回执编号" in row.last_error
    assert view.id_counts([refused.app_id])[refused.app_id] == 0  # the server kept nothing of it

    # The forged one: taken, with the server's own amount and window, the claims flagged.
    message = json.loads(window.applications()[forged.app_id].server_verdict_json)["push"]["message"]
    assert "500,000.00 元" in message and "窗口号" in message
    [(amount, claimed, at_window, flags)] = view._query(
        "SELECT benefit_amount_fen, claimed_amount_fen, window, review_flags_json FROM application WHERE id = ?",
        (forged.app_id,))
    assert (amount, claimed, at_window) == (own["benefit_amount_fen"], 50_000_000, "01")
    assert sorted(f["field"] for f in json.loads(flags)) == ["benefit_amount_fen", "window"]
    assert window.applications()[honest.app_id].sync_state == "synced"

    # Nothing local shrank; the next round sends nothing again.
    after = window.snapshot()
    assert after[0] == before[0] and after[1] == before[1]
    again = window.sync()
    assert again.complete and (again.pushed, again.rejected, again.duplicates) == (0, 0, 0)
    assert window.outbox_states() == {"sent": 2, "rejected": 1}
