"""Receipts cannot be forged across halls (issue 13, item 1), checked offline on the client:
a receipt is 「回执真实」 only when the device that signed it was certified by the server for
the hall and day its number names, was not revoked before it, and the local record agrees;
and the client takes in only certificates the pinned server key signed.

The server's side (challenges, binding, admin re-binding) is in tests/server/
test_security_devices.py; this file plays the server's key itself, so every case runs
without a network, as `receipt verify --offline` does; at the end, the server's record is
asked of a server played by httpx.MockTransport.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from kuaixiang_core import wire_session
from kuaixiang_core.domain import clock, device_trust, receipt_token
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_core.wire_receipt import MATCH_FIELDS
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import device_trust as trust
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.services.receipts import print_receipt, verify
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import Application, DeviceCertificate
from kuaixiang_desktop.sync.client import NO_RETRY, SyncClient

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")
CODE = make_uscc("91371581MA3C00001")
HALL_A, HALL_B = "371502-01", "371581-01"  # 东昌府区, 临清市
SIGNER = bytes(range(200, 232))  # the server's certifying key, played by the test
SIGNER_PUBLIC = device_trust.public_key_of(SIGNER)
SIGNER_INFO = wire_session.SignerInfo(device_trust.signer_id(SIGNER_PUBLIC), base64.b64encode(SIGNER_PUBLIC).decode())
NOW = clock.now().replace(microsecond=0)
DAY = dt.timedelta(days=1)


class Key:
    """A device key of some window: private half, public half, key id."""

    def __init__(self, private: bytes | None = None, public: bytes | None = None):
        if private is None:
            private, public = receipt_token.generate_key()
        self.private, self.public = private, public or device_trust.public_key_of(private)
        self.key_id = receipt_token.key_id(self.public)


def certificate(serial: int, key: Key, hall: str, *, valid_from: dt.datetime, valid_to: dt.datetime | None = None,
                revoked_at: dt.datetime | None = None, issued_at: dt.datetime | None = None,
                signer: bytes = SIGNER) -> device_trust.DeviceCertificate:
    cert = device_trust.DeviceCertificate(serial, key.key_id, key.public, hall, "01", "窗口", valid_from, valid_to,
                                          revoked_at, issued_at or valid_from)
    return device_trust.sign_certificate(cert, signer)


def device_list(*entries: tuple[Key, list[device_trust.DeviceCertificate]],
                signer: wire_session.SignerInfo = SIGNER_INFO) -> wire_session.DeviceList:
    devices = [wire_session.DeviceEntry(k.key_id, base64.b64encode(k.public).decode(), certs[-1].hall_code if certs else None,
                                "窗口", "01", None, tuple(certs)) for k, certs in entries]
    # Through the wire, as sync gets it: strict parsing of every certificate included.
    return wire_session.DeviceList.from_json(json.loads(json.dumps(wire_session.DeviceList(devices, signer).to_json())))


def pull(db, listed: wire_session.DeviceList) -> tuple[int, list]:
    with db.sessions.begin() as session:
        return trust.apply_device_list(session, listed, clock.utcnow())


def pin(db, info: wire_session.SignerInfo = SIGNER_INFO) -> str:
    with db.sessions.begin() as session:
        return trust.pin_signer(session, info, "http://kuaixiang.test", "demo")


@pytest.fixture
def world(db, tmp_path):
    import_catalogue(db, MINI)
    rec = EnterpriseRecord(credit_code=CODE, name="临清市恒达轴承制造有限公司", region_code="371581", industry_code="3451",
                           employees=25, established=dt.date(2020, 3, 1))
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)  # hall 371502-01, window 01
    device = local_device(db)
    own = Key(device.private_key(), device.public_key)
    assert pin(db) == trust.PINNED
    return db, own


def _genuine_receipt(db) -> tuple[str, receipt_token.ReceiptFields]:
    filed = apps.file_application(db, CODE, "lq-zhoucheng", AGENT, [apps.MaterialInput("技术改造项目备案证明")],
                                  device_id=local_device(db).short_id)
    qr = print_receipt(db, filed.application_id).qr_text
    result = receipt_token.verify(qr, {local_device(db).key_id: local_device(db).public_key})
    assert result.valid and result.fields is not None
    return qr, result.fields


def _forge(key: Key, fields: receipt_token.ReceiptFields, **changes) -> str:
    return receipt_token.sign(replace(fields, key_id="", **changes), key.private)


def _number(hall: str, when: dt.datetime, key: Key, seq: int = 1) -> str:
    return f"{hall}-{clock.shanghai_date(when):%Y%m%d}-{key.key_id[:4]}-{seq:04d}"


def _cli(db, capsys, text: str) -> tuple[int, dict]:
    code = main(["--db", str(db.path), "receipt", "verify", text, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _results(check) -> dict[str, str]:
    return {c.name: c.result for c in check.checks}


def test_a_receipt_is_genuine_with_its_record_and_a_certificate_for_its_hall_and_day(world, capsys):
    db, own = world
    assert pull(db, device_list((own, [certificate(1, own, HALL_A, valid_from=NOW - DAY)])))[1] == []
    qr, _fields = _genuine_receipt(db)
    check = verify(db, qr)
    assert check.valid and check.verdict == "genuine", check.error
    assert _results(check) == {"signature": "passed", "receipt_number": "passed", "certificate": "passed",
                               "revocation": "passed", "local_record": "passed", "server_record": "unchecked"}
    code, out = _cli(db, capsys, qr)
    assert code == 0 and out["valid"] is True and out["fields"]["hall_code"] == HALL_A
    assert [c["check"] for c in out["checks"]] == ["signature", "receipt_number", "certificate", "revocation",
                                                   "local_record", "server_record"]
    assert "截至上次同步" in out["checks"][3]["message"]  # revocation: as of the last sync


def test_hall_b_device_signing_hall_a_receipt_number_fails_with_a_clear_reason(world, capsys):
    """The issue's attack: a QR signed with hall B's registered device key, carrying hall A's
    receipt number and 500,000 元, scanned at hall A with no network."""
    db, own = world
    hall_b = Key()
    pull(db, device_list((own, [certificate(1, own, HALL_A, valid_from=NOW - DAY)]),
                         (hall_b, [certificate(2, hall_b, HALL_B, valid_from=NOW - DAY)])))
    _qr, fields = _genuine_receipt(db)
    # (a) hall A's own receipt, re-signed by hall B's device with the amount raised;
    # (b) a well-formed hall-A number with hall B's device in it (so the number itself agrees).
    copied = _forge(hall_b, fields, amount_fen=50_000_000)
    tidy = _forge(hall_b, fields, amount_fen=50_000_000, receipt_no=_number(HALL_A, fields.accepted_at, hall_b, 9))
    for forged in (copied, tidy):
        check = verify(db, forged)
        assert not check.valid and check.verdict == "invalid"
        assert _results(check)["signature"] == "passed" and _results(check)["certificate"] == "failed"
        assert HALL_B in check.error and HALL_A in check.error and "不属于" in check.error, check.error
        code, out = _cli(db, capsys, forged)
        assert code == 1 and out["valid"] is False and "fields" not in out
        assert out["claimed"]["amount"] == "500000.00"  # shown as what it claims, never as fact
        assert {c["check"]: c["result"] for c in out["checks"]}["certificate"] == "failed"
    assert _results(verify(db, copied))["receipt_number"] == "failed"  # the number names our device
    assert _results(verify(db, tidy))["local_record"] == "failed"  # and its number is not ours either


def test_a_made_up_receipt_for_an_application_not_held_here_is_not_genuine(world, capsys):
    db, own = world
    other_window = Key()  # hall A's window 02: properly certified
    pull(db, device_list((own, [certificate(1, own, HALL_A, valid_from=NOW - DAY)]),
                         (other_window, [certificate(2, other_window, HALL_A, valid_from=NOW - DAY)])))
    made_up = receipt_token.sign(receipt_token.ReceiptFields(
        _number(HALL_A, NOW, other_window), uuid.uuid4(), CODE, "lq-zhoucheng", 50_000_000, NOW, HALL_A,
    ), other_window.private)
    check = verify(db, made_up)
    assert not check.valid and check.verdict == "unconfirmed"
    assert _results(check) == {"signature": "passed", "receipt_number": "passed", "certificate": "passed",
                               "revocation": "passed", "local_record": "unchecked", "server_record": "unchecked"}
    assert "本机没有该申请的记录" in check.error
    assert main(["--db", str(db.path), "receipt", "verify", made_up]) == 1
    text = capsys.readouterr().out
    assert text.startswith("无法确认回执真实：") and "本机记录：未核对" in text  # never 「回执真实：…」


def test_a_revoked_devices_later_receipts_fail_and_earlier_ones_say_so(world):
    db, own = world
    window = Key()
    issued = certificate(2, window, HALL_A, valid_from=NOW - 3 * DAY)
    pull(db, device_list((window, [issued])))
    revoked_at = NOW - DAY
    pull(db, device_list((window, [certificate(2, window, HALL_A, valid_from=NOW - 3 * DAY, revoked_at=revoked_at,
                                               issued_at=revoked_at)])))
    pull(db, device_list((window, [issued])))  # an old list replayed: the revocation stays

    def receipt(when: dt.datetime) -> str:
        return receipt_token.sign(receipt_token.ReceiptFields(
            _number(HALL_A, when, window), uuid.uuid4(), CODE, "lq-zhoucheng", 100, when, HALL_A), window.private)

    before, after = verify(db, receipt(NOW - 2 * DAY)), verify(db, receipt(NOW))
    assert _results(before)["revocation"] == "passed" and "吊销之前" in before.checks[3].message
    assert before.verdict == "unconfirmed"  # and genuine only with the record (not held here)
    assert not after.valid and after.verdict == "invalid" and "吊销之后" in after.error


def test_a_rebound_device_is_certified_for_each_hall_only_in_its_days(world):
    db, _own = world
    moved = Key()
    rebound = NOW - 10 * DAY
    pull(db, device_list((moved, [certificate(3, moved, HALL_A, valid_from=NOW - 30 * DAY, valid_to=rebound),
                                  certificate(4, moved, HALL_B, valid_from=rebound)])))

    def at(hall: str, when: dt.datetime):
        return verify(db, receipt_token.sign(receipt_token.ReceiptFields(
            _number(hall, when, moved), uuid.uuid4(), CODE, "lq-zhoucheng", None, when, hall), moved.private))

    assert _results(at(HALL_A, NOW - 20 * DAY))["certificate"] == "passed"
    assert _results(at(HALL_B, NOW - DAY))["certificate"] == "passed"
    late = at(HALL_A, NOW - DAY)
    assert _results(late)["certificate"] == "failed" and "未获认证" in late.error
    assert _results(at(HALL_B, NOW - 20 * DAY))["certificate"] == "failed"


def test_only_certificates_signed_by_the_pinned_key_are_taken(world):
    db, own = world
    stranger = bytes(range(1, 33))
    good = certificate(1, own, HALL_A, valid_from=NOW - DAY)
    stray = Key()
    forged = certificate(2, stray, HALL_A, valid_from=NOW - DAY, signer=stranger)
    moved = Key()
    altered = replace(certificate(3, moved, HALL_B, valid_from=NOW - DAY), hall_code=HALL_A)  # signed for B
    _learnt, failures = pull(db, device_list((own, [good]), (stray, [forged]), (moved, [altered])))
    assert sorted(f.ref for f in failures if "签名无效" in f.reason) == sorted([stray.key_id, moved.key_id])
    with db.sessions() as session:
        assert [c.serial for c in session.scalars(select(DeviceCertificate))] == [1]
    # A list signed by another server key changes nothing here; no certificate is taken from it.
    other = wire_session.SignerInfo(device_trust.signer_id(device_trust.public_key_of(stranger)),
                            base64.b64encode(device_trust.public_key_of(stranger)).decode())
    _learnt, failures = pull(db, device_list((moved, [certificate(5, moved, HALL_A, valid_from=NOW - DAY,
                                                                  signer=stranger)]), signer=other))
    assert any("与本机信任的" in f.reason for f in failures)
    assert pin(db, other) == trust.MISMATCH  # nor does a log-in that presents it move the pin
    assert trust.trusted_signer(db).key_id == SIGNER_INFO.key_id
    with db.sessions() as session:
        assert [c.serial for c in session.scalars(select(DeviceCertificate))] == [1]


# --- online: the server's record, the server played by httpx.MockTransport -----------------------
# What the client sends and how each answer (or failure) of POST /receipts/check becomes the
# ``server_record`` check and the verdict; the real server: tests/e2e/test_receipt_online.py.

H = {"X-Kuaixiang-Protocol": "1"}
ALL_MATCH = dict.fromkeys(MATCH_FIELDS, True)
SUBMITTED = {"known": True, "status": "submitted", "status_name": "已报送", "matches": ALL_MATCH,
             "recomputed_amount_differs": False}
UNKNOWN = {"known": False, "status": None, "status_name": None, "matches": {}, "recomputed_amount_differs": None}


class Server:
    """Answers every request with ``response`` and keeps what was sent."""

    def __init__(self, response: httpx.Response):
        self.response = response
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.response

    def client(self) -> SyncClient:
        return SyncClient("https://server.test", "tok", transport=httpx.MockTransport(self), retry=NO_RETRY)


def _answer(body: dict) -> httpx.Response:
    return httpx.Response(200, headers=H, json=body)


@pytest.fixture
def receipt(world):
    db, own = world
    assert pull(db, device_list((own, [certificate(1, own, HALL_A, valid_from=NOW - DAY)])))[1] == []
    qr, fields = _genuine_receipt(db)
    return db, qr, fields


def _server_check(check):
    return {c.name: c for c in check.checks}["server_record"]


def test_the_claim_sent_is_the_qrs_and_a_matching_record_passes(receipt):
    db, qr, fields = receipt
    server = Server(_answer({**SUBMITTED, "recomputed_amount_differs": True}))
    check = verify(db, qr, client=server.client())
    [request] = server.sent
    assert (request.method, request.url.path) == ("POST", "/api/v1/receipts/check")
    assert request.headers["Authorization"] == "Bearer tok"
    assert json.loads(request.content) == {
        "receipt_no": fields.receipt_no, "application_id": str(fields.application_id), "key_id": fields.key_id,
        "credit_code": fields.credit_code, "item_id": fields.item_id, "amount_fen": fields.amount_fen,
        "accepted_at": fields.accepted_at.strftime("%Y-%m-%dT%H:%M:%SZ"), "hall_code": fields.hall_code}
    assert check.valid and check.verdict == "genuine" and check.server_status == "已报送"
    passed = _server_check(check)
    assert passed.result == "passed" and "中心端状态「已报送」" in passed.message
    assert "兑现以中心复核为准" in passed.message  # the platform's own figure differs
    assert check.to_json()["server_status"] == "已报送"


@pytest.mark.parametrize(("wrong", "named"), [(["amount_fen"], "金额"), (["credit_code", "item_id"], "企业、事项"),
                                              (["key_id"], "签名设备"), (["accepted_on", "hall_code"], "受理日期、大厅")])
def test_a_mismatch_with_the_servers_record_is_not_genuine_whatever_the_local_record_says(receipt, wrong, named):
    db, qr, _fields = receipt
    answer = {**SUBMITTED, "status": "withdrawn", "status_name": "已撤回",
              "matches": {**ALL_MATCH, **dict.fromkeys(wrong, False)}}
    check = verify(db, qr, client=Server(_answer(answer)).client())
    assert {c.name: c.result for c in check.checks}["local_record"] == "passed"
    assert not check.valid and check.verdict == "invalid"
    assert check.error == f"与中心端记录不符：{named}（中心端状态「已撤回」）"


def test_an_unknown_receipt_fails_unless_this_window_has_not_delivered_it_yet(receipt):
    db, qr, fields = receipt
    with db.sessions() as session:
        assert session.get(Application, str(fields.application_id)).sync_state == "local"  # filed, never synced
    check = verify(db, qr, client=Server(_answer(UNKNOWN)).client())
    assert _server_check(check).result == "unchecked" and "还没有把该申请同步" in _server_check(check).message
    assert check.valid and check.verdict == "genuine"  # the offline verdict: the record is here
    with db.sessions.begin() as session:
        session.execute(update(Application).values(sync_state="synced"))
    check = verify(db, qr, client=Server(_answer(UNKNOWN)).client())
    assert not check.valid and check.verdict == "invalid" and check.error.startswith("中心端无此回执")


@pytest.mark.parametrize(("response", "says"), [
    (httpx.Response(401, headers=H, json={"error": {"code": "token_expired", "message": "登录已过期"}}),
     "中心端不接受本机的登录（登录已过期）"),
    (httpx.Response(400, headers=H, json={"error": {"code": "bad_request", "message": "请求内容有误：key_id"}}),
     "中心端未受理核对请求：请求内容有误：key_id（仅离线核验）"),
    (httpx.Response(503, headers=H, json={"error": {"code": "internal", "message": "维护中"}}), "未能连接中心端："),
    (httpx.Response(200, text="<html>captive portal</html>"), "未能连接中心端："),
    (_answer({"known": True}), "未能连接中心端：回执核对应答格式不对"),  # not the protocol's answer: not believed
])
def test_a_failed_question_keeps_the_offline_verdict_and_says_why(receipt, response, says):
    db, qr, _fields = receipt
    offline = verify(db, qr)
    check = verify(db, qr, client=Server(response).client())
    assert (check.valid, check.verdict, check.error) == (offline.valid, offline.verdict, offline.error)
    assert check.checks[:-1] == offline.checks[:-1]
    assert _server_check(check).result == "unchecked" and says in _server_check(check).message


def test_online_without_an_online_log_in_says_it_could_not_ask(receipt):
    db, qr, _fields = receipt
    check = verify(db, qr, online=True)
    assert _server_check(check).message == "尚未联网登录：未查询中心端记录（仅离线核验）"
    assert check.verdict == verify(db, qr).verdict == "genuine"
    assert _server_check(verify(db, qr)).message == "未查询中心端记录（离线核验）"


def test_an_unchanged_device_list_counts_only_for_the_key_it_was_checked_against(db):
    """A 304 answers the tag of a list checked against one key: when another is trusted by
    then, revocations are not taken as known as of that round."""
    pin(db)
    with db.sessions.begin() as session:
        trust.list_unchanged(session, "ANOTHER-KEY", NOW)
    assert trust.trusted_signer(db).devices_synced_at is None
    with db.sessions.begin() as session:
        trust.list_unchanged(session, SIGNER_INFO.key_id, NOW)
    assert trust.trusted_signer(db).devices_synced_at == NOW.replace(tzinfo=None)
