"""`receipt verify` online: real windows of two halls on one real server; the window that checks
a receipt asks the server's record (POST /receipts/check) with its logged-in session, and
keeps its offline verdict, saying why, when the server cannot be reached.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from kuaixiang_core.domain import receipt_token
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services.receipts import print_receipt, verify

from .harness import HALL_B_PASSWORD, HALL_B_USER, FaultProxy

CHECK_PATH = "/api/v1/receipts/check"


def _filed_receipt(window, pair) -> tuple[str, str]:
    [filed] = window.file([pair])
    return filed.app_id, print_receipt(window.db, filed.app_id).qr_text


def _cli(window, capsys, qr: str, *extra: str) -> tuple[int, dict, dict]:
    code = main(["--db", str(window.path), "receipt", "verify", qr, "--json", *extra])
    out = json.loads(capsys.readouterr().out)
    return code, out, {c["check"]: c for c in out["checks"]}


@pytest.fixture
def two_halls(shared_server, make_window):
    """Hall A's window, and hall B's, which knows hall A's device from a sync but holds none of
    its applications."""
    hall_a = make_window(shared_server.url, "online-a")
    hall_b = make_window(shared_server.url, "online-b", username=HALL_B_USER, password=HALL_B_PASSWORD)
    return hall_a, hall_b


def test_another_halls_genuine_receipt_is_genuine_online_on_the_servers_record(two_halls, pairs, capsys):
    hall_a, hall_b = two_halls
    _app_id, qr = _filed_receipt(hall_a, pairs.take(1)[0])
    assert hall_a.sync().complete and hall_b.sync().complete

    code, out, checks = _cli(hall_b, capsys, qr)
    assert code == 0 and out["valid"] is True and out["verdict"] == "genuine", out
    assert checks["local_record"]["result"] == "unchecked"  # hall B does not hold it
    assert checks["certificate"]["result"] == "passed"
    server = checks["server_record"]
    assert server["result"] == "passed" and "与中心端记录一致" in server["message"]
    assert "金额" in server["message"] and "已报送" in server["message"]
    assert out["server_status"] == "已报送"

    # --offline: exactly the check without a network, which cannot confirm another hall's receipt.
    code, out, checks = _cli(hall_b, capsys, qr, "--offline")
    assert code == 1 and out["verdict"] == "unconfirmed" and "server_status" not in out
    assert checks["server_record"] == {"check": "server_record", "result": "unchecked",
                                       "message": "未查询中心端记录（离线核验）"}
    assert main(["--db", str(hall_b.path), "receipt", "verify", qr]) == 0
    assert capsys.readouterr().out.startswith("回执真实：")


def test_a_forged_amount_signed_by_a_real_device_fails_on_the_servers_record(two_halls, pairs, capsys):
    hall_a, hall_b = two_halls
    _app_id, genuine = _filed_receipt(hall_a, pairs.take(1)[0])
    assert hall_a.sync().complete and hall_b.sync().complete
    fields = receipt_token.verify(genuine, {hall_a.device.key_id: hall_a.device.public_key}).fields
    assert fields is not None
    # The hall's own (stolen) key signs the real receipt again with ten times the amount.
    forged = receipt_token.sign(dataclasses.replace(fields, key_id="", amount_fen=(fields.amount_fen or 100) * 10),
                                hall_a.device.private_key())

    offline = verify(hall_b.db, forged)
    assert offline.verdict == "unconfirmed"  # offline, hall B could not tell
    code, out, checks = _cli(hall_b, capsys, forged)
    assert code == 1 and out["valid"] is False and out["verdict"] == "invalid"
    assert checks["signature"]["result"] == "passed" and checks["certificate"]["result"] == "passed"
    assert checks["server_record"]["result"] == "failed"
    assert out["error"] == checks["server_record"]["message"]
    assert out["error"].startswith("与中心端记录不符：金额（") and "企业" not in out["error"]
    # At the hall that issued it both records say so; the local one, read first, names the figures.
    checked = verify(hall_a.db, forged, online=True)
    assert not checked.valid and checked.verdict == "invalid" and checked.error.startswith("与本机记录不符：金额")
    assert {c.name: c.result for c in checked.checks}["server_record"] == "failed"


def test_an_own_receipt_not_yet_synced_keeps_the_offline_verdict_and_says_why(shared_server, make_window, pairs):
    window = make_window(shared_server.url, "online-unsynced")
    _app_id, qr = _filed_receipt(window, pairs.take(1)[0])
    checked = verify(window.db, qr, online=True)
    server = {c.name: c for c in checked.checks}["server_record"]
    assert server.result == "unchecked" and "本机还没有把该申请同步到中心端" in server.message
    assert checked.valid and checked.verdict == "genuine"
    assert window.sync().complete
    checked = verify(window.db, qr, online=True)
    assert {c.name: c.result for c in checked.checks}["server_record"] == "passed" and checked.valid


@pytest.fixture
def proxy(shared_server):
    p = FaultProxy(shared_server.port).start()
    yield p
    p.stop()


def test_an_unreachable_server_keeps_the_offline_verdict_and_says_the_server_was_not_reached(
        proxy, make_window, pairs, capsys):
    window = make_window(proxy.url, "online-unreachable")  # logged in through the proxy
    other = make_window(proxy.url, "online-unreachable-other")
    _app_id, own = _filed_receipt(window, pairs.take(1)[0])
    _app_id, foreign = _filed_receipt(other, pairs.take(1)[0])
    assert other.sync(proxy.url).complete and window.sync(proxy.url).complete

    for qr in (own, foreign):
        offline_code, offline, offline_checks = _cli(window, capsys, qr, "--offline")
        proxy.inject("drop_before", "POST", CHECK_PATH, times=2)  # the try and its one retry
        code, out, checks = _cli(window, capsys, qr)
        assert [k for m, p, k in proxy.log if p == CHECK_PATH][-2:] == ["drop_before", "drop_before"]
        # The offline verdict, every offline check as it was; the server's says why it is missing.
        assert (code, out["valid"], out["verdict"]) == (offline_code, offline["valid"], offline["verdict"])
        assert {k: v for k, v in checks.items() if k != "server_record"} == \
            {k: v for k, v in offline_checks.items() if k != "server_record"}
        server = checks["server_record"]
        assert server["result"] == "unchecked"
        assert server["message"].startswith("未能连接中心端：") and server["message"].endswith("（仅离线核验）")
    assert offline["verdict"] == "unconfirmed" and "未能连接中心端" in out["error"]  # the foreign one
    assert offline_code == 1
    code, out, _checks = _cli(window, capsys, own)  # the server is back: asked, and it agrees
    assert code == 0 and out["verdict"] == "genuine" and _checks["server_record"]["result"] == "passed"
