"""The receipt check's wire types (kuaixiang_core/wire_receipt.py): what each side accepts."""

from __future__ import annotations

import datetime as dt

import pytest

from kuaixiang_core.wire import WireError
from kuaixiang_core.wire_receipt import MATCH_FIELDS, ReceiptAnswer, ReceiptClaim

CLAIM = ReceiptClaim("371502-01-20261126-ABCD-0001", "0b5e2a36-8f0c-4d1e-9a55-000000000001", "ABCDEFGH",
                     "91371525MAWER6159A", "lc-x", None, dt.datetime(2026, 11, 26, 2, 3, 4, tzinfo=dt.UTC), "371502-01")


def test_a_claim_goes_and_comes_back_as_it_was():
    assert ReceiptClaim.from_json(CLAIM.to_json()) == CLAIM
    assert CLAIM.to_json()["accepted_at"] == "2026-11-26T02:03:04Z" and CLAIM.to_json()["amount_fen"] is None


def test_an_answer_goes_and_comes_back_and_names_what_differs():
    answer = ReceiptAnswer(True, "withdrawn", "已撤回", {**dict.fromkeys(MATCH_FIELDS, True), "amount_fen": False,
                                                         "key_id": None}, True)
    assert ReceiptAnswer.from_json(answer.to_json()) == answer
    assert answer.mismatched == ["amount_fen"]
    unknown = ReceiptAnswer(False)
    assert unknown.to_json() == {"known": False, "status": None, "status_name": None, "matches": {},
                                 "recomputed_amount_differs": None}
    assert ReceiptAnswer.from_json(unknown.to_json()) == unknown


@pytest.mark.parametrize(("body", "field"), [
    ({"known": "yes"}, "known"),
    ({"known": True, "status": "submitted", "matches": {"key_id": True}}, "matches"),  # a field left out
    ({"known": True, "status": "submitted", "matches": {**dict.fromkeys(MATCH_FIELDS, True), "amount_fen": 1}},
     "matches.amount_fen"),
    ({"known": True, "matches": dict.fromkeys(MATCH_FIELDS, True)}, "status"),
    ({"known": True, "status": "s" * 33, "matches": dict.fromkeys(MATCH_FIELDS, True)}, "status"),
    ({"known": False, "recomputed_amount_differs": "no"}, "recomputed_amount_differs"),
])
def test_the_client_refuses_an_answer_that_is_not_the_protocols(body, field):
    with pytest.raises(WireError) as caught:
        ReceiptAnswer.from_json(body)
    assert caught.value.field == field
