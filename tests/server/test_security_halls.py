"""Halls apart on the server (issue 13, items 3 to 5), attacked as a clerk of another hall would:
a real server process per backend, two halls (demo at 371502-01, linqing at 371581-01).

- an outbox key (an application's UUID, printed on every receipt) is the hall's own: another
  hall's push with it neither reads, claims nor blocks the application;
- an upload session is its clerk's own and expires: a squatted or abandoned partial upload
  never stops someone else's complete upload of the same file;
- the server keeps only what it can check: a receipt number's hall and device, the item's
  mode, the window, the amount (recomputed, both kept, the difference flagged).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import uuid

import pytest
from sqlalchemy import func, select, text

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.money import to_fen
from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_server import cli
from kuaixiang_server.catalogue import compile_item, declared_facts
from kuaixiang_server.config import ConfigError, Settings
from kuaixiang_server.enterprises import facts_for
from kuaixiang_server.models import Application, OutboxReceipt, PolicyItem, PolicyItemVersion

from .conftest import HALL_DEVICES, PASSWORD, bearer, fresh_database, login, pull_all
from .test_server_push import ITEM, accepted, push

HALL_A, HALL_B = "371502-01", "371581-01"
VICTIM_AGENT = "司马光"


def _victim_entry(server) -> dict:
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    entry["payload"]["agent"] = {**entry["payload"]["agent"], "name": VICTIM_AGENT}
    return entry


def _attacker_entry(server, victim: dict) -> dict:
    """Hall B's own filing (its own enterprise, receipt and device) under hall A's UUID."""
    return accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), hall=HALL_B,
                    app_id=victim["key"])


def _raw_push(http, token: str, *entries: dict) -> str:
    response = http.post("/api/v1/outbox", json={"entries": list(entries)}, headers=bearer(token))
    assert response.status_code == 200, response.text
    return response.text


def _assert_none_of(raw: str, victim: dict) -> None:
    """Nothing of the victim's application in an answer to hall B: no receipt number, credit
    code, hall, clerk or agent."""
    p = victim["payload"]
    for secret in (p["receipt_no"], p["credit_code"], HALL_A, "东昌府", '"demo"', VICTIM_AGENT, "演示窗口"):
        assert secret not in raw, (secret, raw)
    decoded = json.dumps(json.loads(raw), ensure_ascii=False)
    for secret in (p["receipt_no"], p["credit_code"], HALL_A, "东昌府", VICTIM_AGENT):
        assert secret not in decoded, (secret, decoded)


def _application(server, entry: dict, hall: str = HALL_A) -> Application:
    with server.db.read() as s:
        return s.get(Application, {"id": entry["key"], "hall_code": hall})


# --- item 3: idempotency keys belong to the hall that first used them ----------------------------------


def test_another_halls_uuid_pushed_after_it_reads_nothing_and_changes_nothing(server, http, demo_token, linqing_token,
                                                                            capsys):
    victim = _victim_entry(server)
    [first] = push(http, demo_token, victim)
    assert first["status"] == "applied"

    # Hall B saw the UUID on the receipt (or in its QR) and pushes entries keyed by it.
    raw = _raw_push(http, linqing_token, _attacker_entry(server, victim))
    _assert_none_of(raw, victim)
    [answer] = json.loads(raw)["results"]
    assert answer["status"] == "applied" and answer["server"]["hall_code"] == HALL_B  # its own, apart
    withdraw = {"key": str(uuid.uuid4()), "kind": "application.withdrawn", "entity_id": victim["key"],
                "payload": {"id": victim["key"], "item_id": ITEM, "status": "withdrawn", "reason": "冒名撤回"}}
    raw = _raw_push(http, linqing_token, withdraw)
    _assert_none_of(raw, victim)
    # Even hall A's exact entry, replayed by hall B, is refused with nothing but a reason.
    raw = _raw_push(http, linqing_token, {**victim, "key": str(uuid.uuid4())})
    [replayed] = json.loads(raw)["results"]
    assert replayed["status"] == "rejected" and replayed["server"] is None
    _assert_none_of(raw, victim)

    # Hall A's application is as it was; its hall still sees only its own state.
    mine = _application(server, victim)
    assert mine.status == "submitted" and mine.receipt_no == victim["payload"]["receipt_no"]
    assert [(h.to_status, h.actor) for h in mine.history] == [("draft", "demo"), ("accepted", "demo"),
                                                              ("submitted", "platform")]
    [again] = push(http, demo_token, victim)
    assert again["status"] == "duplicate" and again["server"] == first["server"]

    # The reviewer sees both, flagged, and must say which hall's to act on.
    db = ["admin", "--db", server.db_url]
    capsys.readouterr()
    assert cli.main([*db, "review", victim["key"], "approve"]) == 2
    assert "--hall" in capsys.readouterr().err
    assert cli.main([*db, "applications", "--json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["id"] == victim["key"]]
    assert sorted(r["hall_code"] for r in rows) == [HALL_A, HALL_B]
    assert all(any(f["field"] == "id" for f in r["flags"]) for r in rows)
    assert cli.main([*db, "review", victim["key"], "approve", "--hall", HALL_A]) == 0
    assert _application(server, victim).status == "approved"


def test_another_halls_uuid_pushed_first_blocks_nothing(server, http, demo_token, linqing_token):
    victim = _victim_entry(server)  # filed offline at hall A, receipt printed, not yet synced
    attack = _attacker_entry(server, victim)
    [squat] = push(http, linqing_token, attack)
    assert squat["status"] == "applied"
    # Hall B's own key with other content: a conflict that shows hall B's own state only.
    changed = copy.deepcopy(attack)
    changed["payload"]["agent"]["phone"] = "13900001111"
    [conflict] = push(http, linqing_token, changed)
    assert conflict["status"] == "conflict" and conflict["server"] == squat["server"]
    assert conflict["server"]["hall_code"] == HALL_B and "13900001111" not in json.dumps(conflict)

    # The rightful hall's push of its own application goes through, and holds nothing of B's.
    [mine] = push(http, demo_token, victim)
    assert mine["status"] == "applied", mine
    state = mine["server"]
    assert state["hall_code"] == HALL_A and state["receipt_no"] == victim["payload"]["receipt_no"]
    assert state["credit_code"] == victim["payload"]["credit_code"] and state["status"] == "submitted"
    text_of_mine = json.dumps(mine, ensure_ascii=False)
    for other in (attack["payload"]["receipt_no"], attack["payload"]["credit_code"], HALL_B, "linqing", "临清"):
        assert other not in text_of_mine
    # Each hall's stream has its own, once.
    items, _cursor, _pages = pull_all(http, demo_token, "applications")
    assert [i["hall_code"] for i in items if i["id"] == victim["key"]] == [HALL_A]
    items, _cursor, _pages = pull_all(http, linqing_token, "applications")
    assert [i["hall_code"] for i in items if i["id"] == victim["key"]] == [HALL_B]


# --- item 4: upload sessions belong to who started them and expire ----------------------------------


def _path(sha: str) -> str:
    return f"/api/v1/attachments/{sha}"


def _head(http, token: str, sha: str) -> tuple[int, int]:
    response = http.head(_path(sha), headers=bearer(token))
    return response.status_code, int(response.headers["Upload-Offset"])


def test_a_squatted_upload_does_not_stop_another_halls_complete_upload(server, http, demo_token, linqing_token):
    data = os.urandom(4000)  # a public form template: anyone may know its SHA-256
    sha = hashlib.sha256(data).hexdigest()
    huge = 20_000_000
    squat = http.put(_path(sha), content=data[:1], headers={**bearer(linqing_token),
                                                            "Content-Range": f"bytes 0-0/{huge}"})
    assert squat.status_code == 200 and squat.json()["complete"] is False
    assert _head(http, linqing_token, sha) == (404, 1)
    assert _head(http, demo_token, sha) == (404, 0)  # hall A sees nothing of B's session

    done = http.put(_path(sha), content=data, headers=bearer(demo_token))
    assert done.status_code == 200, done.text
    assert done.json() == {"sha256": sha, "complete": True, "offset": 4000, "size": 4000}
    # The verified file is everyone's; the squatter's session is gone with it.
    assert _head(http, linqing_token, sha) == (200, 4000)
    more = http.put(_path(sha), content=data[1:2], headers={**bearer(linqing_token),
                                                            "Content-Range": f"bytes 1-1/{huge}"})
    assert more.status_code == 200 and more.json()["complete"] is True
    from kuaixiang_server.models import UploadSession  # the store of per-clerk sessions

    with server.db.read() as s:
        assert s.scalar(select(func.count()).select_from(UploadSession).where(UploadSession.sha256 == sha)) == 0


def test_wrong_bytes_from_another_hall_discard_only_its_own_session(server, http, demo_token, linqing_token):
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    first = http.put(_path(sha), content=data[:1000], headers={**bearer(demo_token),
                                                               "Content-Range": "bytes 0-999/3000"})
    assert first.status_code == 200
    wrong = http.put(_path(sha), content=os.urandom(3000), headers=bearer(linqing_token))
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "hash_mismatch"
    assert _head(http, demo_token, sha) == (404, 1000)  # hall A resumes where it was
    rest = http.put(_path(sha), content=data[1000:], headers={**bearer(demo_token),
                                                              "Content-Range": "bytes 1000-2999/3000"})
    assert rest.status_code == 200 and rest.json()["complete"] is True
    assert _head(http, linqing_token, sha) == (200, 3000)


def _age_uploads(server, sha: str, hours: float) -> None:
    """Move a partial upload's last byte ``hours`` into the past: the server's clock, seen
    from the session, is that much later (no test sleeps)."""
    from kuaixiang_server.models import UploadSession

    with server.db.write() as s:
        for row in s.scalars(select(UploadSession).where(UploadSession.sha256 == sha)):
            row.touched_at = row.touched_at - dt.timedelta(hours=hours)


def test_an_abandoned_partial_upload_expires(server, http, demo_token, linqing_token):
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    http.put(_path(sha), content=data[:1000], headers={**bearer(demo_token), "Content-Range": "bytes 0-999/3000"})
    assert _head(http, demo_token, sha) == (404, 1000)
    _age_uploads(server, sha, 23)  # within the default 24 h: still resumable
    assert _head(http, demo_token, sha) == (404, 1000)
    _age_uploads(server, sha, 2)  # 25 h after its last byte
    assert _head(http, demo_token, sha) == (404, 0)
    late = http.put(_path(sha), content=data[1000:], headers={**bearer(demo_token),
                                                              "Content-Range": "bytes 1000-2999/3000"})
    assert late.status_code == 409 and late.headers["Upload-Offset"] == "0"
    # A new upload (anyone's) sweeps expired sessions away, chunks and all.
    other = os.urandom(10)
    http.put(_path(hashlib.sha256(other).hexdigest()), content=other[:5],
             headers={**bearer(linqing_token), "Content-Range": "bytes 0-4/10"})
    from kuaixiang_server.models import UploadChunk, UploadSession

    with server.db.read() as s:
        assert s.scalar(select(func.count()).select_from(UploadSession).where(UploadSession.sha256 == sha)) == 0
        assert s.scalar(select(func.count()).select_from(UploadChunk)
                        .join(UploadSession, UploadSession.id == UploadChunk.session_id)
                        .where(UploadSession.sha256 == sha)) == 0
    whole = http.put(_path(sha), content=data, headers=bearer(demo_token))
    assert whole.status_code == 200 and whole.json()["complete"] is True


def test_a_clerks_open_uploads_are_bounded_until_they_expire(server):
    """The store with its clock in the test's hand: a clerk's live sessions are bounded, the
    bound frees up as they expire, and another clerk is not counted against it."""
    from kuaixiang_server.attachments import TooManyUploads, Uploads
    from kuaixiang_server.auth import AuthContext
    from kuaixiang_server.models import Clerk

    with server.db.read() as s:
        clerks = {c.username: c for c in s.scalars(select(Clerk).where(Clerk.username.in_(["dcf2", "linqing"])))}
        ctx = {name: AuthContext(c.id, c.username, c.display_name, c.hall_code, "", c.window, c.role, "")
               for name, c in clerks.items()}
    now = [clock.utcnow()]
    store = Uploads(server.db, dt.timedelta(hours=24), clock=lambda: now[0], max_open=2)
    files = [os.urandom(20) for _ in range(4)]
    shas = [hashlib.sha256(f).hexdigest() for f in files]
    for sha, data in zip(shas[:2], files, strict=False):
        assert store.append(ctx["dcf2"], sha, 0, 20, data[:5]).offset == 5
    with pytest.raises(TooManyUploads) as refused:
        store.append(ctx["dcf2"], shas[2], 0, 20, files[2][:5])
    assert 0 < refused.value.retry_after <= 24 * 3600
    assert store.append(ctx["linqing"], shas[2], 0, 20, files[2][:5]).offset == 5  # its own count
    now[0] += dt.timedelta(hours=25)  # the two lie abandoned past their lifetime
    assert store.state(ctx["dcf2"], shas[0]).offset == 0
    assert store.append(ctx["dcf2"], shas[3], 0, 20, files[3]).complete is True
    assert store.append(ctx["dcf2"], shas[2], 0, 20, files[2][:5]).offset == 5


def test_the_upload_lifetime_is_a_bounded_setting(monkeypatch, tmp_path):
    monkeypatch.delenv("KUAIXIANG_SERVER_UPLOAD_HOURS", raising=False)
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert Settings.from_env(url).upload_ttl == dt.timedelta(hours=24)
    monkeypatch.setenv("KUAIXIANG_SERVER_UPLOAD_HOURS", "0.5")
    assert Settings.from_env(url).upload_ttl == dt.timedelta(minutes=30)
    for bad in ("abc", "0", "-1", "nan", "721"):
        monkeypatch.setenv("KUAIXIANG_SERVER_UPLOAD_HOURS", bad)
        with pytest.raises(ConfigError, match="KUAIXIANG_SERVER_UPLOAD_HOURS"):
            Settings.from_env(url)


# --- item 5: the server keeps only what it can check -----------------------------------------------------


def _nothing_kept(server, entry: dict, hall: str) -> None:
    with server.db.read() as s:
        assert s.scalars(select(Application).where(Application.id == entry["key"])).first() is None
        assert s.get(OutboxReceipt, {"hall_code": hall, "key": entry["key"]}) is None


def test_a_receipt_number_must_name_the_tokens_hall_and_device(server, http, demo_token, linqing_token):
    # Hall A's receipt number (hall and device) on hall B's filing.
    forged = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), hall=HALL_A)
    raw = _raw_push(http, linqing_token, forged)
    [result] = json.loads(raw)["results"]
    assert result["status"] == "rejected" and result["server"] is None
    assert "回执编号" in result["message"] and "payload.receipt_no" in result["message"] and HALL_B in result["message"]
    assert forged["payload"]["receipt_no"] not in raw
    _nothing_kept(server, forged, HALL_B)

    # Hall B's prefix, but hall A's device.
    other_device = copy.deepcopy(forged)
    other_device["payload"]["receipt_no"] = HALL_B + forged["payload"]["receipt_no"][len(HALL_A):]
    [result] = push(http, linqing_token, other_device)
    assert result["status"] == "rejected" and "设备号" in result["message"]
    _nothing_kept(server, other_device, HALL_B)

    # Not a receipt number at all; a date that does not exist.
    for bad, words in ((f"{HALL_B}-X", "格式不对"), (f"{HALL_B}-20261340-ABCD-0001", "日期")):
        entry = copy.deepcopy(forged)
        entry["payload"]["receipt_no"] = bad
        [result] = push(http, linqing_token, entry)
        assert result["status"] == "rejected" and words in result["message"]
    missing = copy.deepcopy(forged)
    missing["payload"]["receipt_no"] = None
    [result] = push(http, linqing_token, missing)
    assert result["status"] == "rejected" and "回执编号" in result["message"]

    # A token without a registered device cannot vouch for any receipt number.
    bare = login(http, "linqing", PASSWORD)
    right = copy.deepcopy(forged)
    right["payload"]["receipt_no"] = HALL_B + forged["payload"]["receipt_no"][len(HALL_A):].replace(
        HALL_DEVICES[HALL_A]["key_id"][:4].upper(), HALL_DEVICES[HALL_B]["key_id"][:4].upper())
    [result] = push(http, bare, right)
    assert result["status"] == "rejected" and "设备" in result["message"]
    _nothing_kept(server, right, HALL_B)

    # Nothing was recorded: the corrected entry is judged afresh and goes through.
    [result] = push(http, linqing_token, right)
    assert result["status"] == "applied" and result["server"]["receipt_no"] == right["payload"]["receipt_no"]


def _auto_item(server) -> str:
    current = (PolicyItem.id == PolicyItemVersion.item_id) & (PolicyItem.current_version == PolicyItemVersion.version)
    with server.db.read() as s:
        for version in s.scalars(select(PolicyItemVersion).join(PolicyItem, current).order_by(PolicyItemVersion.item_id)):
            if json.loads(version.content_json).get("mode") == "auto":
                return version.item_id
    raise LookupError("no 免申即享 item in the demo catalogue")


def test_an_accepted_application_for_a_mianshen_jixiang_item_is_refused(server, http, demo_token):
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), item_id=_auto_item(server))
    [result] = push(http, demo_token, entry)
    assert result["status"] == "rejected" and result["server"] is None
    assert "免申即享" in result["message"] and "payload.item_id" in result["message"]
    _nothing_kept(server, entry, HALL_A)


FIXED_ITEM = "lc-gaoqi-shouci-2024"  # 高新技术企业首次认定奖励: 100,000 元 whatever the record says


def _as_the_server_sees_it(server, entry: dict) -> dict:
    """The entry with the verdict and amount the server's own evaluation gives (worked out
    here independently), so that only what a test changes afterwards differs."""
    p = entry["payload"]
    with server.db.read() as s:
        item, _version = compile_item(s, p["item_id"])
        facts = facts_for(s, p["credit_code"], clock.today(), declared_facts(s))
        p["trace"]["verdict"] = item.rule.verdict(facts)[0]
        p["benefit_amount_fen"] = to_fen(benefit_amount(item.benefit, facts))
    return entry


def test_a_forged_amount_is_recomputed_both_kept_and_flagged(server, http, demo_token, capsys):
    forged = _as_the_server_sees_it(server, accepted(server.take_enterprise(), item_id=FIXED_ITEM))
    expected = forged["payload"]["benefit_amount_fen"]
    assert expected == 10_000_000
    forged["payload"]["benefit_amount_fen"] = 50_000_000  # 500,000 元
    [result] = push(http, demo_token, forged)
    assert result["status"] == "applied"
    assert "500,000.00 元" in result["message"] and "以中心复核为准" in result["message"]
    honest = _as_the_server_sees_it(server, accepted(server.take_enterprise(), item_id=FIXED_ITEM))
    [plain] = push(http, demo_token, honest)
    assert plain["status"] == "applied" and plain["message"] is None

    app = _application(server, forged)
    assert app.benefit_amount_fen == expected and app.claimed_amount_fen == 50_000_000
    [flag] = json.loads(app.review_flags_json)
    assert flag == {"field": "benefit_amount_fen", "claimed": 50_000_000, "server": expected, "note": flag["note"]}

    db = ["admin", "--db", server.db_url]
    capsys.readouterr()
    assert cli.main([*db, "applications", "--json"]) == 0
    listed = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed[forged["key"]]["benefit_amount_fen"] == expected
    assert listed[forged["key"]]["claimed_amount_fen"] == 50_000_000
    assert [f["field"] for f in listed[forged["key"]]["flags"]] == ["benefit_amount_fen"]
    assert listed[honest["key"]]["flags"] == []
    assert cli.main([*db, "applications"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "⚠ 待核对：金额" in lines[forged["key"]] and "待核对" not in lines[honest["key"]]
    assert cli.main([*db, "show", forged["key"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["benefit_amount_fen"] == expected and shown["claimed_amount_fen"] == 50_000_000
    assert shown["flags"][0]["field"] == "benefit_amount_fen"


def test_the_window_is_the_clerks_own_whatever_the_entry_says(server, http, demo_token, capsys):
    entry = _as_the_server_sees_it(server, accepted(server.take_enterprise(), item_id=FIXED_ITEM))
    entry["payload"]["window"] = "07"  # demo's window on the server is 01
    [result] = push(http, demo_token, entry)
    assert result["status"] == "applied" and "窗口号" in result["message"]
    app = _application(server, entry)
    assert app.window == "01"
    assert json.loads(app.review_flags_json) == [
        {"field": "window", "claimed": "07", "server": "01", "note": json.loads(app.review_flags_json)[0]["note"]}]
    capsys.readouterr()
    assert cli.main(["admin", "--db", server.db_url, "show", entry["key"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["window"] == "01" and [f["field"] for f in shown["flags"]] == ["window"]


# --- the migration keeps what was there -----------------------------------------------------------------


_T0 = dt.datetime(2026, 11, 20, 8, 0, 0)


def _seed_0001(conn) -> None:
    rows = {
        "hall": [{"code": HALL_A, "name": "东昌府区政务服务中心", "region_code": "371502", "created_at": _T0}],
        "clerk": [{"id": 1, "username": "demo", "display_name": "演示", "hall_code": HALL_A, "window": "01",
                   "role": "clerk", "password_hash": "x", "disabled": False, "created_at": _T0}],
        "application": [{"id": "0b5e2a36-8f0c-4d1e-9a55-000000000001", "credit_code": "91371502MA3C000001",
                         "item_id": ITEM, "item_version": 1, "status": "submitted", "blocking": True,
                         "hall_code": HALL_A, "window": "01", "clerk_id": 1, "receipt_no": f"{HALL_A}-20261120-ABCD-0001",
                         "benefit_amount_fen": 500000, "materials_json": "[]", "created_at": _T0,
                         "server_trace_json": json.dumps({"verdict": "eligible", "benefit": {"amount": "3000.00"}}),
                         "updated_at": _T0, "change_seq": 1}],
        "application_event": [
            {"id": 1, "application_id": "0b5e2a36-8f0c-4d1e-9a55-000000000001", "from_status": None,
             "to_status": "accepted", "at": _T0, "actor": "demo", "hall_code": HALL_A},
            {"id": 2, "application_id": "0b5e2a36-8f0c-4d1e-9a55-000000000001", "from_status": "accepted",
             "to_status": "submitted", "at": _T0, "actor": "platform", "hall_code": None}],
        "outbox_receipt": [{"key": "0b5e2a36-8f0c-4d1e-9a55-000000000001", "content_hash": "h" * 64,
                            "kind": "application.accepted", "entity_id": "0b5e2a36-8f0c-4d1e-9a55-000000000001",
                            "clerk_id": 1, "hall_code": HALL_A, "result_json": "{}", "created_at": _T0}],
        "attachment": [
            {"sha256": "a" * 64, "total_size": 3000, "received": 1000, "complete": False, "data": None,
             "uploaded_by": 1, "created_at": _T0},
            {"sha256": "b" * 64, "total_size": 3, "received": 3, "complete": True, "data": b"abc",
             "uploaded_by": 1, "created_at": _T0}],
        "attachment_chunk": [{"sha256": "a" * 64, "start": 0, "data": b"x" * 1000}],
    }
    for table, values in rows.items():
        for row in values:
            cols = ", ".join(f'"{c}"' for c in row)
            conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(':' + c for c in row)})"), row)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_migration_keeps_applications_receipts_and_partial_uploads(kind, tmp_path):
    from alembic import command

    from kuaixiang_server.db import alembic_config, make_engine, migrate

    app_id = "0b5e2a36-8f0c-4d1e-9a55-000000000001"
    with fresh_database(kind, tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), "0001")
                _seed_0001(conn)
            for first in (True, False):  # up, down, and up again
                migrate(engine)
                with engine.connect() as conn:
                    app = conn.execute(text("SELECT hall_code, benefit_amount_fen, claimed_amount_fen FROM application")).one()
                    assert tuple(app) == (HALL_A, 300000, 500000)
                    assert conn.execute(text("SELECT application_id, application_hall FROM application_event "
                                             "ORDER BY id")).all() == [(app_id, HALL_A), (app_id, HALL_A)]
                    assert conn.execute(text("SELECT hall_code, key FROM outbox_receipt")).all() == [(HALL_A, app_id)]
                    assert conn.execute(text("SELECT sha256 FROM attachment")).all() == [("b" * 64,)]
                    sessions = conn.execute(text("SELECT id, sha256, clerk_id, hall_code, total_size, received "
                                                 "FROM upload_session")).all()
                    if first:  # a downgrade drops partial uploads: a client sends them again
                        [(session_id, *rest)] = sessions
                        assert rest == ["a" * 64, 1, HALL_A, 3000, 1000]
                        assert conn.execute(text("SELECT session_id, start, length(data) FROM upload_chunk")).all() == [
                            (session_id, 0, 1000)]
                    else:
                        assert sessions == []
                with engine.begin() as conn:
                    command.downgrade(alembic_config(conn), "0001")
                with engine.connect() as conn:
                    assert conn.execute(text("SELECT id, hall_code, benefit_amount_fen FROM application")).all() == [
                        (app_id, HALL_A, 500000)]
                    assert conn.execute(text("SELECT count(*) FROM application_event")).scalar() == 2
                    assert conn.execute(text("SELECT key FROM outbox_receipt")).all() == [(app_id,)]
        finally:
            engine.dispose()
