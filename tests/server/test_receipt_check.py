"""``POST /receipts/check``: a receipt's QR claims against the server's record, over real HTTP
on both backends, asked by a clerk of the receipt's own hall (demo, 371502-01) and of another
(linqing, 371581-01).

The server says whether it holds the receipt (by number *and* UUID), its status, and per
claimed field only match or mismatch; nothing else of the hall that issued it.
"""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import update

from kuaixiang_core.wire_receipt import MATCH_FIELDS, ReceiptAnswer
from kuaixiang_server.models import Application

from .conftest import HALL_DEVICES, bearer
from .test_server_push import AGENT, ITEM, accepted, push

HALL_A, HALL_B = "371502-01", "371581-01"
CHECK = "/api/v1/receipts/check"
ACCEPTED_AT = "2026-11-26T02:03:04Z"  # 10:03 in Liaocheng, the day the numbers of `accepted` name
ALL_MATCH = dict.fromkeys(MATCH_FIELDS, True)


FIXED_ITEM = "lc-gaoqi-shouci-2024"  # 高新技术企业首次认定奖励: 100,000 元 whatever the record says
FIXED_FEN = 10_000_000


def _filed(server, http, token: str, *, amount_fen: int = FIXED_FEN, item_id: str = FIXED_ITEM) -> dict:
    entry = accepted(server.take_enterprise(), item_id=item_id)
    entry["payload"]["benefit_amount_fen"] = amount_fen
    [result] = push(http, token, entry)
    assert result["status"] == "applied", result
    return entry


def _claim(entry: dict) -> dict:
    """What the receipt's QR says, as the client sends it."""
    p = entry["payload"]
    return {"receipt_no": p["receipt_no"], "application_id": p["id"], "key_id": HALL_DEVICES[p["hall_code"]]["key_id"],
            "credit_code": p["credit_code"], "item_id": p["item_id"], "amount_fen": p["benefit_amount_fen"],
            "accepted_at": ACCEPTED_AT, "hall_code": p["hall_code"]}


def _ask(http, token: str, claim: dict) -> tuple[dict, str]:
    response = http.post(CHECK, json=claim, headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.headers["X-Kuaixiang-Protocol"] == "1"
    ReceiptAnswer.from_json(response.json())  # the client's strict reader takes it
    return response.json(), response.text


def _server_figures(server, entry: dict) -> tuple[int | None, int | None]:
    with server.db.read() as s:
        app = s.get(Application, {"id": entry["key"], "hall_code": HALL_A})
        return app.benefit_amount_fen, app.claimed_amount_fen


def test_a_known_receipt_matches_every_field_and_says_its_status_to_any_hall(server, http, demo_token, linqing_token):
    entry = _filed(server, http, demo_token)
    assert _server_figures(server, entry) == (FIXED_FEN, FIXED_FEN)
    for token in (demo_token, linqing_token):
        answer, _raw = _ask(http, token, _claim(entry))
        assert answer == {"known": True, "status": "submitted", "status_name": "已报送", "matches": ALL_MATCH,
                          "recomputed_amount_differs": False}


def test_the_recomputed_amount_is_said_to_differ_when_it_does_and_unknown_when_there_is_none(server, http,
                                                                                          demo_token):
    inflated = _filed(server, http, demo_token, amount_fen=50_000_000)  # 500,000 元 claimed, 100,000 recomputed
    assert _server_figures(server, inflated) == (FIXED_FEN, 50_000_000)
    answer, _raw = _ask(http, demo_token, _claim(inflated))
    # The receipt says what the window signed: it matches; the platform's figure differs.
    assert answer["matches"] == ALL_MATCH and answer["recomputed_amount_differs"] is True
    # An item whose amount depends on a fact the server's record lacks: it cannot say.
    uncomputed = _filed(server, http, demo_token, amount_fen=500000, item_id=ITEM)
    assert _server_figures(server, uncomputed) == (None, 500000)
    answer, _raw = _ask(http, demo_token, _claim(uncomputed))
    assert answer["matches"] == ALL_MATCH and answer["recomputed_amount_differs"] is None


TAMPERED = {
    "key_id": lambda c: HALL_DEVICES[HALL_B]["key_id"],  # a real, registered device of another hall
    "credit_code": lambda c: "91371502MA3C00001X",
    "item_id": lambda c: "lc-another-item",
    "amount_fen": lambda c: c["amount_fen"] + 1,  # one 分
    "accepted_on": lambda c: "2026-11-26T16:03:04Z",  # the next day in Liaocheng (00:03 on the 27th)
    "hall_code": lambda c: HALL_B,
}


@pytest.mark.parametrize("field", MATCH_FIELDS)
def test_each_tampered_field_is_a_mismatch_of_that_field_alone(server, http, demo_token, linqing_token, field):
    entry = _filed(server, http, demo_token)
    claim = _claim(entry)
    wire_name = "accepted_at" if field == "accepted_on" else field
    claim[wire_name] = TAMPERED[field](claim)
    for token in (demo_token, linqing_token):
        answer, _raw = _ask(http, token, claim)
        assert answer["known"] is True and answer["status"] == "submitted"
        assert answer["matches"] == {**ALL_MATCH, field: False}


def test_a_missing_amount_on_the_receipt_does_not_match_the_records(server, http, demo_token):
    entry = _filed(server, http, demo_token)
    answer, _raw = _ask(http, demo_token, {**_claim(entry), "amount_fen": None})
    assert answer["matches"] == {**ALL_MATCH, "amount_fen": False}


def test_an_unknown_receipt_and_a_half_right_one_get_one_and_the_same_bare_answer(server, http, demo_token,
                                                                                 linqing_token):
    entry = _filed(server, http, demo_token)
    claim = _claim(entry)
    number = claim["receipt_no"]
    never_issued = {**claim, "receipt_no": number[:-4] + "9999", "application_id": str(uuid.uuid4())}
    half_right = [
        {**claim, "application_id": str(uuid.uuid4())},  # the real number, a made-up UUID
        {**claim, "receipt_no": number[:-4] + "9998"},  # the real UUID, a guessed number
        {**claim, "receipt_no": HALL_B + number[len(HALL_A):]},  # the number moved to another hall
        {**claim, "receipt_no": "not-a-receipt-number"},
    ]
    _unknown, expected = _ask(http, linqing_token, never_issued)
    assert json.loads(expected) == {"known": False, "status": None, "status_name": None, "matches": {},
                                    "recomputed_amount_differs": None}
    for token in (demo_token, linqing_token):
        for attempt in half_right:
            assert _ask(http, token, attempt)[1] == expected


def test_another_halls_clerk_learns_nothing_but_the_status_and_the_flags(server, http, demo_token, linqing_token):
    entry = _filed(server, http, demo_token)
    claim = {**_claim(entry), "credit_code": "91371502MA3C00001X", "amount_fen": 1, "item_id": "lc-x"}
    answer, raw = _ask(http, linqing_token, claim)
    assert set(answer) == {"known", "status", "status_name", "matches", "recomputed_amount_differs"}
    assert set(answer["matches"]) == set(MATCH_FIELDS)
    assert all(v in (True, False, None) for v in answer["matches"].values())
    p = entry["payload"]
    secrets = (p["credit_code"], p["item_id"], HALL_A, "500000", "5000", "东昌府", '"demo"', AGENT["name"], AGENT["phone"],
               AGENT["id_number"], "演示窗口", HALL_DEVICES[HALL_A]["key_id"])
    for secret in secrets:
        assert secret not in raw, secret
        assert secret not in json.dumps(answer, ensure_ascii=False), secret


def test_a_withdrawn_receipt_is_known_with_its_status(server, http, demo_token):
    entry = _filed(server, http, demo_token)
    p = entry["payload"]
    withdraw = {"key": str(uuid.uuid4()), "kind": "application.withdrawn", "entity_id": p["id"],
                "payload": {"id": p["id"], "item_id": p["item_id"], "status": "withdrawn", "reason": "企业撤回"}}
    assert push(http, demo_token, withdraw)[0]["status"] == "applied"
    answer, _raw = _ask(http, demo_token, _claim(entry))
    assert (answer["known"], answer["status"], answer["status_name"]) == (True, "withdrawn", "已撤回")
    assert answer["matches"] == ALL_MATCH


def test_a_record_kept_before_the_server_noted_devices_cannot_say_whose_key(server, http, demo_token):
    entry = _filed(server, http, demo_token)
    with server.db.write() as s:  # as migration 0004 leaves an application kept before it
        s.execute(update(Application).where(Application.id == entry["key"]).values(device_key_id=None))
    answer, _raw = _ask(http, demo_token, _claim(entry))
    assert answer["matches"] == {**ALL_MATCH, "key_id": None}
    assert ReceiptAnswer.from_json(answer).mismatched == []


GOOD = {"receipt_no": f"{HALL_A}-20261126-ABCD-0001", "application_id": "0b5e2a36-8f0c-4d1e-9a55-000000000001",
        "key_id": "ABCDEFGH", "credit_code": "91371502MA3C00001X", "item_id": "lc-canji-chaobili-2024",
        "amount_fen": 500000, "accepted_at": ACCEPTED_AT, "hall_code": HALL_A}

MALFORMED = [
    ("not json", b"{receipt_no:", ""),
    ("an array", b"[]", ""),
    ("a missing field", {k: v for k, v in GOOD.items() if k != "item_id"}, "item_id"),
    ("an empty number", {**GOOD, "receipt_no": ""}, "receipt_no"),
    ("a number too long", {**GOOD, "receipt_no": "3" * 65}, "receipt_no"),
    ("a credit code too long", {**GOOD, "credit_code": "9" * 65}, "credit_code"),
    ("a hall too long", {**GOOD, "hall_code": "3" * 33}, "hall_code"),
    ("a number as a number", {**GOOD, "receipt_no": 371502}, "receipt_no"),
    ("a UUID in upper case", {**GOOD, "application_id": GOOD["application_id"].upper()}, "application_id"),
    ("not a UUID", {**GOOD, "application_id": "../../etc/passwd"}, "application_id"),
    ("a key id of another alphabet", {**GOOD, "key_id": "abcdefgh"}, "key_id"),
    ("a key id too long", {**GOOD, "key_id": "ABCDEFGHA"}, "key_id"),
    ("a negative amount", {**GOOD, "amount_fen": -1}, "amount_fen"),
    ("an amount as a boolean", {**GOOD, "amount_fen": True}, "amount_fen"),
    ("an amount as 元 text", {**GOOD, "amount_fen": "5000.00"}, "amount_fen"),
    ("an amount beyond 2^63", b'{"amount_fen": 99999999999999999999999}', "amount_fen"),
    ("a time that is not one", {**GOOD, "accepted_at": "昨天"}, "accepted_at"),
    ("a time past year 9999 in Liaocheng", {**GOOD, "accepted_at": "9999-12-31T23:00:00Z"}, "accepted_at"),
    ("a time before year 1 in UTC", {**GOOD, "accepted_at": "0001-01-01T00:00:00+08:00"}, "accepted_at"),
    ("a time before 1970", {**GOOD, "accepted_at": "1969-12-31T23:59:59Z"}, "accepted_at"),
    ("a lone surrogate", b'{"receipt_no": "\\ud800"}', "receipt_no"),
]


@pytest.mark.parametrize(("what", "body", "field"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_claims_are_400_naming_the_field(http, demo_token, what, body, field):
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    response = http.post(CHECK, content=content, headers={**bearer(demo_token), "Content-Type": "application/json"})
    assert response.status_code == 400, (what, response.text)
    error = response.json()["error"]
    assert error["code"] == "bad_request" and error["message"].startswith("请求")
    assert field in error["message"], (what, error)


def test_a_body_past_its_bound_is_413_unread(http, demo_token):
    response = http.post(CHECK, json={**GOOD, "credit_code": "9" * 9000}, headers=bearer(demo_token))
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic ZGVtbzpkZW1vMTIzNA=="])
def test_without_a_valid_token_it_is_401_before_the_body_is_judged(http, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    for body in (GOOD, {"receipt_no": 1}):
        response = http.post(CHECK, json=body, headers=headers)
        assert response.status_code == 401, response.text
        assert response.json()["error"]["code"] == "unauthorized"
