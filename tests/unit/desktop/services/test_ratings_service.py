"""Ratings at the window: what may be rated, one per 办件, the outbox row, the server's word
taken twice without change, and the course kept from the server's state."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from kuaixiang_core.domain import ratings
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import course
from kuaixiang_desktop.services import ratings as rating_service
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.models import OutboxEntry, Rating

ITEM = "lc-canji-chaobili-2024"
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")


@pytest.fixture
def filed(counter_db):
    device = local_device(counter_db)
    codes = [e.credit_code for e in reach(counter_db, ITEM, None, limit=2).enterprises]
    accepted = apps.file_application(counter_db, codes[0], ITEM, AGENT, [apps.MaterialInput("营业执照复印件")],
                                     device_id=device.short_id)
    return counter_db, accepted, device


def test_rate_once_with_its_outbox_row(filed):
    db, accepted, _ = filed
    view = rating_service.rate(db, accepted.receipt_no, ratings.BASIC, comment="还可以")
    assert view.window == "01" and view.clerk == "demo" and view.application_id == accepted.application_id
    with db.sessions() as s:
        [entry] = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "rating.given"))
    assert entry.key == entry.entity_id == view.id
    payload = json.loads(entry.payload_json)
    assert payload == {"id": view.id, "banjian_no": accepted.receipt_no, "level": "basic", "reasons": [],
                       "comment": "还可以", "rated_at": payload["rated_at"]}
    with pytest.raises(rating_service.RatingRefused, match="一件一评") as err:
        rating_service.rate(db, accepted.receipt_no, ratings.SATISFIED)
    assert not err.value.bad_input
    assert apps.show(db, accepted.application_id).rating == "基本满意"


@pytest.mark.parametrize("number, bad_input", [("nonsense", True), ("371502-01-20261206-ZZZZ-0009", False),
                                               ("371502-01-20261206-ZZZZ-V0009", False)])
def test_unknown_banjian_refused(filed, number, bad_input):
    db, _, _ = filed
    with pytest.raises(rating_service.RatingRefused) as err:
        rating_service.rate(db, number, ratings.SATISFIED)
    assert err.value.bad_input is bad_input
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 0


def test_visits_are_numbered_per_day_and_device(filed):
    db, _, device = filed
    first = rating_service.open_visit(db, device.short_id)
    second = rating_service.open_visit(db, device.short_id)
    assert first.endswith("-V0001") and second.endswith("-V0002") and f"-{device.short_id}-" in first
    assert rating_service.rate(db, second, ratings.SATISFIED).application_id is None


def test_server_ratings_apply_twice_without_change(filed):
    db, _, _ = filed
    item = {"id": "2b8e3c1e-6a0e-4c5d-9f2a-0d3c4b5a6e7f", "hall_code": "371502-01",
            "banjian_no": "371502-01-20261206-ABCD-0001", "window": "02", "clerk": "dcf2",
            "level": "dissatisfied", "reasons": ["slow", "bogus"], "comment": None, "rated_at": "2026-12-06T02:00:00Z",
            "followup": {"deadline": "2026-12-26", "closed_at": None, "closed_by": None, "action": None}}
    for _ in range(2):
        with db.sessions.begin() as s:
            assert rating_service.apply_server_ratings(s, [item, "junk", {"id": "x"}]) == 2
    [view] = rating_service.list_ratings(db)
    assert view.origin == "server" and view.reasons == ("slow",) and view.followup_open
    assert str(view.followup_deadline) == "2026-12-26" and view.sync_state == "server"
    closed = {**item, "followup": {**item["followup"], "closed_at": "2026-12-07T02:00:00Z", "closed_by": "boss",
                                   "action": "已回访"}}
    with db.sessions.begin() as s:
        rating_service.apply_server_ratings(s, [closed])
    assert not rating_service.list_ratings(db)[0].followup_open
    assert rating_service.followup_counts(db).open == 0


def test_course_kept_from_the_servers_state(filed):
    db, accepted, _ = filed
    steps = [{"step": "review", "on": "2026-12-01", "at": "2026-12-01T02:00:00Z"},
             {"step": "pay", "on": "2026-12-09", "amount_fen": 600000},
             {"step": "bogus", "on": "2026-12-09"}, {"step": "refuse", "on": "not a date"}]
    with db.sessions.begin() as s:
        assert course.apply_course(s, accepted.application_id, steps)
    with db.sessions.begin() as s:
        assert not course.apply_course(s, accepted.application_id, steps)
    held = course.load_course(db, accepted.application_id)
    assert [c.step for c in held] == ["review", "pay"]
    assert held[-1].text() == "2026-12-09 拨付 6,000.00 元" and course.summary(held) == "拨付 6,000.00 元（2026-12-09）"
    assert [c.step for c in apps.show(db, accepted.application_id).course] == ["review", "pay"]


def test_a_round_report_names_every_pulled_stream():
    from kuaixiang_desktop.services.sync_report import SyncReport

    report = SyncReport()
    report.pulled["ratings"] = 3
    assert "评价 3" in report.summary()


def test_the_evaluator_pad_rates_through_the_same_service(filed):
    import threading

    from kuaixiang_desktop.devices.evaluator import ReceiptQrPad, SimulatedPad

    db, accepted, _ = filed
    assert rating_service.rate_by_pad(db, ReceiptQrPad(), accepted.receipt_no) is None  # rates later by QR
    pad = SimulatedPad()
    pressed = threading.Thread(target=pad.press, args=(2, ("排队等候时间长",), "人太多"))
    pressed.start()
    view = rating_service.rate_by_pad(db, pad, accepted.receipt_no, timeout_s=30)
    pressed.join()
    assert view.level == ratings.DISSATISFIED and view.reasons == ("long_wait",) and view.followup_open
    assert pad.requests == [(accepted.receipt_no, "01")]
    with pytest.raises(rating_service.RatingRefused, match="一件一评"):
        rating_service.rate_by_pad(db, SimulatedPad(), accepted.receipt_no, timeout_s=0)
