"""The wire schemas' ``from_json`` on wrong types anywhere (issue 13, item 10): every field of
every message, replaced by a value of every JSON kind, reads or raises ``WireError`` naming
the field; nothing else escapes (the server would answer it with a 500, which clients retry
for ever)."""

from __future__ import annotations

import copy
import uuid

import pytest

from kuaixiang_core import wire, wire_session
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.wire import WireError

APP_ID = str(uuid.uuid4())
CODE = make_uscc("91371502000000001")
AGENT = {"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"}
TRACE = {"verdict": "eligible", "as_of": "2026-11-26", "benefit": {"amount": "5000.00", "text": None},
         "conditions": [{"text": "t", "fact": "f", "op": ">", "expected": "1", "actual": "2", "result": "pass"}]}
PAYLOAD = {"id": APP_ID, "item_id": "lc-x", "item_version": 1, "status": "accepted", "receipt_no": "R-1",
           "hall_code": "371502-01", "window": "01", "benefit_amount_fen": 500000, "deferred_deadline": "2026-12-01",
           "materials": [{"name": "申请表", "required": True, "received": True, "originals": 1, "copies": 0,
                          "attachment_sha256": "a" * 64}],
           "credit_code": CODE, "agent": AGENT, "trace": TRACE, "reason": "r"}
STATE = {"id": APP_ID, "status": "submitted", "reason": None, "receipt_no": "R-1", "hall_code": "371502-01",
         "credit_code": CODE, "item_id": "lc-x", "item_version": 1, "updated_at": "2026-11-26T01:02:03Z",
         "history": [{"from": "draft", "to": "accepted", "at": "2026-11-26T01:02:03Z", "by": "demo"}],
         "server_verdict": {"verdict": "eligible"}}
ENTERPRISE = {"credit_code": CODE, "name": "聊城市恒达机械有限公司", "region_code": "371502", "legal_rep": "李四",
              "industry_code": "3411", "reg_type": "有限责任公司", "established": "2015-03-20",
              "registered_capital_fen": 100, "employees": 5, "insured_employees": 4, "revenue_fen": 1,
              "total_assets_fen": 2, "tax_credit_rating": "A", "dishonest": False, "contact_phone": "13812345678",
              "tags": [{"tag": "高新技术企业", "valid_from": "2024-01-01", "valid_to": None}],
              "facts": [{"name": "insured_months", "value": "12", "valid_on": "2026-01-01"}]}
CLERK = {"username": "demo", "display_name": "演示", "hall_code": "371502-01", "hall_name": "东昌府区", "window": "01",
         "role": "clerk"}

MESSAGES = {
    "ErrorBody": (wire.ErrorBody.from_json, {"error": {"code": "bad_request", "message": "x"}}),
    "DeviceInfo": (wire_session.DeviceInfo.from_json, {"key_id": "K", "public_key": "P", "label": "L"}),
    "LoginRequest": (wire_session.LoginRequest.from_json,
                     {"username": "demo", "password": "pw", "device": {"key_id": "K", "public_key": "P"}}),
    "ClerkInfo": (wire_session.ClerkInfo.from_json, CLERK),
    "LoginResponse": (wire_session.LoginResponse.from_json, {"token": "t", "expires_at": "2026-11-26T01:02:03Z", "clerk": CLERK}),
    "DeviceEntry": (wire_session.DeviceEntry.from_json, {"key_id": "K", "public_key": "P", "hall_code": "h", "label": "l"}),
    "ChangePage": (wire.ChangePage.from_json, {"items": [{"a": 1}], "next_cursor": "c", "has_more": False}),
    "enterprise": (wire.enterprise_from_wire, ENTERPRISE),
    "OutboxRequest": (wire.OutboxRequest.from_json, {"entries": [
        {"key": APP_ID, "kind": "application.accepted", "entity_id": APP_ID, "payload": PAYLOAD,
         "created_at": "2026-11-26T01:02:03Z"}]}),
    "OutboxResponse": (wire.OutboxResponse.from_json,
                       {"results": [{"key": "k", "status": "applied", "message": None, "server": STATE}]}),
    "ApplicationPayload": (lambda data: wire.ApplicationPayload.from_json("application.accepted", APP_ID, data), PAYLOAD),
    "ApplicationState": (wire.ApplicationState.from_json, STATE),
    "AgentData": (wire.AgentData.from_json, AGENT),
    "EligibilityTrace": (wire.EligibilityTrace.from_json, TRACE),
    "MaterialData": (lambda data: wire.MaterialData.from_json(data, "m"), PAYLOAD["materials"][0]),
}

REPLACEMENTS = [None, True, 0, -1, 2**40, 2**70, 1.5, "", "x", "2026-13-45", [], [1], ["x"], {}, {"a": 1}]


def _paths(value, trail=()):
    """Every place in a JSON value: the keys and indexes that lead to it."""
    yield trail
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*trail, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*trail, i))


def _replaced(value, trail, new):
    if not trail:
        return copy.deepcopy(new)
    out = copy.deepcopy(value)
    node = out
    for part in trail[:-1]:
        node = node[part]
    node[trail[-1]] = copy.deepcopy(new)
    return out


@pytest.mark.parametrize("name", MESSAGES)
def test_every_field_of_every_message_read_with_every_kind_of_value(name):
    parse, sample = MESSAGES[name]
    parse(copy.deepcopy(sample))  # the sample itself reads
    escaped = []
    for trail in _paths(sample):
        for new in REPLACEMENTS:
            try:
                parse(_replaced(sample, trail, new))
            except WireError:
                pass
            except Exception as exc:  # noqa: BLE001 - what this test looks for
                escaped.append(f"{'.'.join(map(str, trail)) or '(whole)'} = {new!r}: {type(exc).__name__}: {exc}")
    assert not escaped, "\n".join(escaped[:20])


@pytest.mark.parametrize(("field", "value"), [
    ("item_version", 2**31), ("item_version", 0), ("benefit_amount_fen", 2**63), ("benefit_amount_fen", -1),
])
def test_numbers_beyond_what_the_database_holds_name_the_field(field, value):
    with pytest.raises(WireError) as info:
        wire.ApplicationPayload.from_json("application.accepted", APP_ID, {**PAYLOAD, field: value})
    assert info.value.field == f"payload.{field}" and "超出范围" in info.value.message


@pytest.mark.parametrize("field", ["employees", "insured_employees"])
def test_enterprise_counts_must_fit_an_integer_column(field):
    with pytest.raises(WireError) as info:
        wire.enterprise_from_wire({**ENTERPRISE, field: 2**31})
    assert info.value.field == f"enterprise.{field}"


def test_dishonest_must_be_a_boolean():
    with pytest.raises(WireError) as info:
        wire.enterprise_from_wire({**ENTERPRISE, "dishonest": "否"})
    assert info.value.field == "enterprise.dishonest"


@pytest.mark.parametrize("text", ["bytes 0-0/" + "9" * 5000, "bytes ٠-٠/١", "bytes 0-0/99999999999999999999"])
def test_a_content_range_with_numbers_no_file_has_is_a_wire_error(text):
    with pytest.raises(WireError):
        wire.parse_content_range(text)


def test_tags_read_the_quick_way_are_the_tags_the_checking_way_makes():
    """Well-formed tags skip building their error paths: the records are equal, the tags
    frozen and hashable as ever; a bad date still names its tag and field."""
    import dataclasses
    import datetime as dt

    from kuaixiang_core.domain.enterprise import Tag

    item = copy.deepcopy(ENTERPRISE)
    item["tags"] = [{"tag": "高新技术企业", "valid_from": "2024-01-01", "valid_to": None},
                    {"tag": "瞪羚企业", "valid_from": None, "valid_to": "2026-12-31"}]
    tags = wire.enterprise_from_wire(item).tags
    assert tags == [Tag("高新技术企业", dt.date(2024, 1, 1), None), Tag("瞪羚企业", None, dt.date(2026, 12, 31))]
    assert len({*tags, Tag("瞪羚企业", None, dt.date(2026, 12, 31))}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        tags[0].tag = "x"
    for bad, field in (({"tag": "x", "valid_from": "2024-13-01"}, "valid_from"), ({"tag": " "}, "tag"),
                       ({"tag": "x", "valid_to": 20241231}, "valid_to")):
        item["tags"] = [{"tag": "ok"}, bad]
        with pytest.raises(WireError) as err:
            wire.enterprise_from_wire(item)
        assert err.value.field == f"enterprise.tags[1].{field}", (bad, err.value.field)
