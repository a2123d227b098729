"""The shared wire schemas and the server's settings: no server needed."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid

import pytest

from kuaixiang_core import wire, wire_session
from kuaixiang_core.domain.enterprise import EnterpriseRecord, FactValue, Tag
from kuaixiang_server.config import ConfigError, load_key, normalize_db_url

APP = str(uuid.uuid4())
CODE = "91371525MAWER6159A"


def _payload(**changes) -> dict:
    payload = {
        "id": APP, "enterprise_id": 3, "item_id": "lc-x", "item_version": 2, "status": "accepted",
        "receipt_no": "371502-01-20261126-ABCD-0001", "hall_code": "371502-01", "window": "01",
        "benefit_amount_fen": 100, "deferred_deadline": "2026-12-03",
        "materials": [{"name": "申请表", "required": True, "received": True, "originals": 1, "copies": 0,
                       "attachment_sha256": hashlib.sha256(b"x").hexdigest()}],
        "credit_code": CODE,
        "agent": {"name": "张三", "id_number": "11010519491231002x", "phone": "138 1234 5678"},
        "trace": {"verdict": "eligible", "as_of": "2026-11-26", "conditions": [], "benefit": {"amount": "1.00", "text": None}},
    }
    payload.update(changes)
    return payload


def test_content_hash_is_canonical():
    a = wire.content_hash("application.accepted", APP, {"b": 1, "a": ["二", {"y": 1, "x": 2}]})
    b = wire.content_hash("application.accepted", APP, {"a": ["二", {"x": 2, "y": 1}], "b": 1})
    assert a == b and len(a) == 64
    assert a != wire.content_hash("application.draft", APP, {"b": 1, "a": ["二", {"y": 1, "x": 2}]})
    assert wire.canonical_json({"b": "二", "a": 1}) == '{"a":1,"b":"二"}'.encode()
    with pytest.raises(ValueError):
        wire.canonical_json({"a": float("nan")})
    entry = wire.OutboxEntry("k", "application.accepted", APP, {"b": 1}, "2026-11-26T00:00:00Z")
    assert entry.content_hash() == wire.content_hash("application.accepted", APP, {"b": 1})


def test_accepted_payload_is_read_and_normalised():
    p = wire.ApplicationPayload.from_json(wire.KIND_ACCEPTED, APP.upper(), _payload())
    assert p.id == APP and p.credit_code == CODE and p.deferred_deadline == dt.date(2026, 12, 3)
    assert p.agent == wire.AgentData("张三", "11010519491231002X", "13812345678")
    assert p.trace.verdict == "eligible" and p.materials[0].received


@pytest.mark.parametrize(("change", "field"), [
    ({"id": "not-a-uuid"}, "payload.id"),
    ({"agent": None}, "payload.agent"),
    ({"trace": {"verdict": "maybe"}}, "payload.trace.verdict"),
    ({"credit_code": "91371525MAWER6159B"}, "payload.credit_code"),
    ({"agent": {"name": "张三", "id_number": "110105194912310021", "phone": "13812345678"}}, "payload.agent.id_number"),
    ({"agent": {"name": "张三", "id_number": "11010519491231002X", "phone": "12345"}}, "payload.agent.phone"),
    ({"materials": [{"name": "x", "attachment_sha256": "abc"}]}, "payload.materials[0].attachment_sha256"),
    ({"item_version": "2"}, "payload.item_version"),
])
def test_bad_payloads_name_the_field(change, field):
    with pytest.raises(wire.WireError) as err:
        wire.ApplicationPayload.from_json(wire.KIND_ACCEPTED, APP, _payload(**change))
    assert err.value.field == field


def test_draft_needs_no_agent_and_entity_id_must_match():
    draft = _payload(status="draft")
    del draft["agent"], draft["trace"], draft["credit_code"]
    assert wire.ApplicationPayload.from_json(wire.KIND_DRAFT, APP, draft).agent is None
    with pytest.raises(wire.WireError, match="entity_id"):
        wire.ApplicationPayload.from_json(wire.KIND_DRAFT, str(uuid.uuid4()), draft)


def test_outbox_request_limits():
    entry = {"key": "a", "kind": "application.draft", "entity_id": APP, "payload": {}}
    assert len(wire.OutboxRequest.from_json({"entries": [entry]}).entries) == 1
    with pytest.raises(wire.WireError, match="最多 100"):
        wire.OutboxRequest.from_json({"entries": [{**entry, "key": str(i)} for i in range(101)]})
    with pytest.raises(wire.WireError, match="重复"):
        wire.OutboxRequest.from_json({"entries": [entry, entry]})
    with pytest.raises(wire.WireError, match="created_at"):
        wire.OutboxRequest.from_json({"entries": [{**entry, "created_at": "yesterday"}]})


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_a_time_an_offset_moves_past_the_calendar_is_a_wire_error(text):
    # Found by tests/server/test_fuzz_routes.py: an outbox entry's created_at was a 500.
    with pytest.raises(wire.WireError) as caught:
        wire.parse_time(text, "entries[0].created_at")
    assert caught.value.field == "entries[0].created_at"
    entry = {"key": "k", "kind": "application.draft", "entity_id": APP, "payload": {}, "created_at": text}
    with pytest.raises(wire.WireError, match=r"entries\[0\]\.created_at"):
        wire.OutboxRequest.from_json({"entries": [entry]})
    assert wire.parse_time("9999-12-31T23:59:59+01:00") == dt.datetime(9999, 12, 31, 22, 59, 59, tzinfo=dt.UTC)


def test_enterprise_round_trip():
    record = EnterpriseRecord(
        credit_code=CODE, name="冠县测试有限公司", region_code="371525", industry_code="7320",
        established=dt.date(2011, 9, 19), registered_capital_fen=100, employees=13, revenue_fen=None,
        tags=[Tag("高新技术企业", dt.date(2024, 1, 1), None)],
        facts=[FactValue("insured_months", "35", dt.date(2025, 12, 31))],
    )
    data = wire.enterprise_to_wire(record, version=3, updated_at=dt.datetime(2026, 11, 26, 3, 0))
    assert data["updated_at"] == "2026-11-26T03:00:00Z" and data["version"] == 3
    assert wire.enterprise_from_wire(data) == record
    with pytest.raises(wire.WireError, match="credit_code"):
        wire.enterprise_from_wire({**data, "credit_code": "123"})


def test_login_and_state_schemas_round_trip():
    req = wire_session.LoginRequest("demo", "pw", wire_session.DeviceInfo("ABCDEFGH", "AAAA", "窗口"))
    assert wire_session.LoginRequest.from_json(req.to_json()) == req
    resp = wire_session.LoginResponse("t", dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                              wire_session.ClerkInfo("demo", "演示", "371502-01", "东昌府区", "01", "clerk"))
    assert wire_session.LoginResponse.from_json(resp.to_json()) == resp
    state = wire.ApplicationState(APP, "submitted", None, [{"from": None, "to": "draft"}], {"verdict": "eligible"},
                                  extra={"status_name": "已报送"})
    assert wire.ApplicationState.from_json(state.to_json()) == state
    assert wire.ErrorBody.from_json({"error": {"code": "x", "message": "y"}}) == wire.ErrorBody("x", "y")
    assert wire.parse_time("2026-11-26T03:00:00Z") == dt.datetime(2026, 11, 26, 3, tzinfo=dt.UTC)


def test_content_range():
    r = wire.parse_content_range("bytes 100-199/1000")
    assert (r.start, r.end, r.total, r.length) == (100, 199, 1000, 100) and r.header() == "bytes 100-199/1000"
    for bad in ("bytes=0-1/2", "bytes 5-4/10", "bytes 0-10/10", "items 0-1/2"):
        with pytest.raises(wire.WireError):
            wire.parse_content_range(bad)


def test_database_urls_and_keys(tmp_path, monkeypatch):
    assert normalize_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_db_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalize_db_url(str(tmp_path / "s.sqlite3")) == f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert normalize_db_url(None, tmp_path) == f"sqlite:///{tmp_path / 'server.sqlite3'}"
    monkeypatch.delenv("KUAIXIANG_SERVER_KEY")
    key = load_key(tmp_path)  # made once, 0600, then the same
    assert len(key) == 32 and load_key(tmp_path) == key
    assert (tmp_path / "server.key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("KUAIXIANG_SERVER_KEY", (b"\x07" * 32).hex())
    assert load_key(tmp_path) == b"\x07" * 32
    monkeypatch.setenv("KUAIXIANG_SERVER_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(ConfigError, match="32 字节"):
        load_key(tmp_path)
