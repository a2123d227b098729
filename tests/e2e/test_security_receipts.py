"""Receipts are unforgeable across halls, end to end (issue 13, items 1 and 2): real windows of
two halls on one real server, the certificates the server signs pulled by a real sync, and
`receipt verify` answering offline from them.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json

import httpx

from kuaixiang_core.domain import clock, receipt_token
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import auth
from kuaixiang_desktop.services.receipts import print_receipt, verify
from kuaixiang_desktop.store.models import DeviceKey

from .harness import DEMO_HALL, HALL_B, HALL_B_PASSWORD, HALL_B_USER


def _filed_receipt(window, pair) -> tuple[str, str]:
    [filed] = window.file([pair])
    return filed.app_id, print_receipt(window.db, filed.app_id).qr_text


def _fields(window, qr: str) -> receipt_token.ReceiptFields:
    result = receipt_token.verify(qr, {window.device.key_id: window.device.public_key})
    assert result.valid and result.fields is not None
    return result.fields


def _cli(window, capsys, qr: str, *extra: str) -> tuple[int, dict]:
    code = main(["--db", str(window.path), "receipt", "verify", qr, "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_a_qr_signed_by_hall_b_carrying_hall_a_receipt_number_fails_at_hall_a(shared_server, make_window, pairs,
                                                                              capsys):
    hall_a = make_window(shared_server.url, "forgery-a")
    hall_b = make_window(shared_server.url, "forgery-b", username=HALL_B_USER, password=HALL_B_PASSWORD)
    _app_id, genuine = _filed_receipt(hall_a, pairs.take(1)[0])
    assert hall_a.sync().complete  # hall B's device and every certificate come down

    fields = _fields(hall_a, genuine)
    forged = receipt_token.sign(dataclasses.replace(fields, key_id="", amount_fen=50_000_000),
                                hall_b.device.private_key())  # hall B's registered key, hall A's number, 500,000 元
    code, out = _cli(hall_a, capsys, forged)
    assert code == 1 and out["valid"] is False and out["verdict"] == "invalid"
    checks = {c["check"]: c for c in out["checks"]}
    assert checks["signature"]["result"] == "passed" and checks["certificate"]["result"] == "failed"
    assert HALL_B in out["error"] and DEMO_HALL in out["error"] and "不属于" in out["error"]
    assert main(["--db", str(hall_a.path), "receipt", "verify", forged]) == 1
    assert capsys.readouterr().out.startswith("核验失败：签名设备")

    code, out = _cli(hall_a, capsys, genuine)  # hall A's own receipt, checked against its certificate
    assert code == 0 and out["verdict"] == "genuine"
    assert {c["check"]: c["result"] for c in out["checks"]}["certificate"] == "passed"


def test_a_made_up_receipt_is_not_genuine_and_says_the_record_could_not_be_checked(shared_server, make_window, capsys):
    import uuid

    here = make_window(shared_server.url, "made-up-here")
    elsewhere = make_window(shared_server.url, "made-up-there")  # the same hall's other window
    assert here.sync().complete
    now = clock.now()
    made_up = receipt_token.sign(receipt_token.ReceiptFields(
        f"{DEMO_HALL}-{clock.shanghai_date(now):%Y%m%d}-{elsewhere.device.short_id}-0001", uuid.uuid4(),
        "91371502MA3C00001X", "lc-canji-chaobili-2024", 50_000_000, now, DEMO_HALL,
    ), elsewhere.device.private_key())
    code, out = _cli(here, capsys, made_up, "--offline")
    assert code == 1 and out["valid"] is False and out["verdict"] == "unconfirmed"
    assert "本机没有该申请的记录" in out["error"]
    checks = {c["check"]: c["result"] for c in out["checks"]}
    assert checks == {"signature": "passed", "receipt_number": "passed", "certificate": "passed",
                      "revocation": "passed", "local_record": "unchecked", "server_record": "unchecked"}
    # Online (the default when logged in), the server has never heard of it.
    code, out = _cli(here, capsys, made_up)
    assert code == 1 and out["verdict"] == "invalid" and "中心端无此回执" in out["error"]
    assert {c["check"]: c["result"] for c in out["checks"]} == {**checks, "server_record": "failed"}


def test_a_takeover_attempt_leaves_the_binding_clients_see(shared_server, make_window):
    victim = make_window(shared_server.url, "takeover-victim")
    key_id, public = victim.device.key_id, base64.b64encode(victim.device.public_key).decode()
    with httpx.Client(base_url=shared_server.url, timeout=30) as http:
        token = http.post("/api/v1/login", json={"username": HALL_B_USER, "password": HALL_B_PASSWORD}).json()["token"]
        listed = {d["key_id"]: d for d in http.get("/api/v1/devices",
                                                   headers={"Authorization": f"Bearer {token}"}).json()["devices"]}
        assert listed[key_id]["public_key"] == public  # readable by any clerk, as before
        attempt = http.post("/api/v1/login", json={"username": HALL_B_USER, "password": HALL_B_PASSWORD,
                                                   "device": {"key_id": key_id, "public_key": public, "label": "茌平"}})
        assert attempt.status_code == 400
    from kuaixiang_desktop.services import device_trust

    onlooker = make_window(shared_server.url, "takeover-onlooker", username=HALL_B_USER, password=HALL_B_PASSWORD)
    for window in (victim, onlooker):
        assert window.sync().complete
        [cert] = device_trust.certificates(window.db, key_id)
        assert cert.hall_code == DEMO_HALL and cert.label != "茌平"
    with onlooker.db.sessions() as session:
        assert session.get(DeviceKey, key_id).hall_code == DEMO_HALL


def test_a_revoked_devices_later_receipts_fail_and_earlier_ones_say_so(shared_server, make_window, pairs,
                                                                       monkeypatch):
    window = make_window(shared_server.url, "revoked")
    checker = make_window(shared_server.url, "revocation-checker")
    earlier_pair, later_pair = pairs.take(2)
    _app, earlier = _filed_receipt(window, earlier_pair)
    shared_server.admin("device", "revoke", window.device.key_id, "--reason", "窗口电脑丢失")
    # The stolen machine goes on filing offline; its clock says a minute later than now.
    later_now = clock.now() + dt.timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later_now)
    _app, later = _filed_receipt(window, later_pair)
    monkeypatch.undo()

    assert checker.sync().complete
    before, after = verify(checker.db, earlier), verify(checker.db, later)
    by_name = {c.name: c for c in before.checks}
    assert by_name["revocation"].result == "passed" and "吊销之前" in by_name["revocation"].message
    assert before.verdict == "unconfirmed"  # the record is the other window's
    assert not after.valid and after.verdict == "invalid" and "吊销之后" in after.error
    # And the device cannot log in again.
    try:
        window.login()
    except auth.LoginError as exc:
        assert "吊销" in exc.message
    else:  # pragma: no cover - the assertion's message
        raise AssertionError("a revoked device logged in")
