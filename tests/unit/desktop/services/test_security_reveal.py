"""Revealing an agent's full ID number and phone (issue 13, item 6; DESIGN §6 "Trust"): only a
logged-in clerk who types the password again and gives a reason, of the application's hall
(an administrator: any hall); the audit names who revealed, with which role, when, which
application, whose filing and why. A reprint and a withdrawal are recorded with the clerk who
did them. ``application show`` without ``--reveal`` stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import auth
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.services.receipts import print_receipt
from kuaixiang_desktop.store import audit
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import AuditLog, Clerk, Hall

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"

CODE = make_uscc("91371581MA3C00001")
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")
FULL_ID, FULL_PHONE = "11010519491231002X", "13812345678"
HALL, OTHER_HALL = "371502-01", "371581-01"
PASSWORDS = {"demo": "演示密码-1", "lisi": "李四的密码-2", "wangwu": "王五的密码-3", "admin": "管理员密码-4",
             "zhao": "赵六的密码-5"}
FAST = auth.AuthPolicy(scrypt_n=2**10)


@pytest.fixture
def world(db, monkeypatch):
    """The mini catalogue, one enterprise, an application filed by ``demo``; clerks ``lisi``
    (this hall), ``wangwu`` (another hall), ``admin`` (administrator, another hall) and
    ``zhao`` (a role this client does not know), each with an offline verifier."""
    monkeypatch.setattr(auth, "DEFAULT_POLICY", FAST)
    import_catalogue(db, MINI)
    with db.engine.begin() as conn:
        write_enterprises(conn, [EnterpriseRecord(credit_code=CODE, name="临清市恒达轴承制造有限公司", region_code="371581",
                                                  industry_code="3451", employees=25, established=dt.date(2020, 3, 1))])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
        if session.get(Hall, OTHER_HALL) is None:
            session.add(Hall(code=OTHER_HALL, name="临清市政务服务中心", region_code="371581"))
        for username, hall, role in (("lisi", HALL, "clerk"), ("wangwu", OTHER_HALL, "clerk"),
                                     ("admin", OTHER_HALL, "admin"), ("zhao", HALL, "auditor")):
            session.add(Clerk(username=username, display_name=username, hall_code=hall, window="02", role=role))
        session.flush()
        for clerk in session.scalars(select(Clerk)):
            clerk.offline_verifier = auth.make_verifier(PASSWORDS[clerk.username], FAST)
    log_in(db, "demo")
    filed = apps.file_application(db, CODE, "lq-zhoucheng", AGENT, [apps.MaterialInput("技术改造项目备案证明")],
                                  device_id=local_device(db).short_id)
    return db, filed.application_id


def log_in(db, username: str) -> auth.SessionInfo:
    return auth.login_offline(db, username, PASSWORDS[username], policy=FAST)


def _cli(capsys, monkeypatch, db, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--db", str(db.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _reveal(capsys, monkeypatch, db, app_id, password, reason="经办人来窗口补交材料，核对身份", *extra):
    argv = ["application", "show", app_id, "--reveal", "--password-stdin", "--json", *extra]
    if reason is not None:
        argv += ["--reason", reason]
    return _cli(capsys, monkeypatch, db, *argv, stdin=password + "\n")


def _audit(db) -> list[AuditLog]:
    with db.sessions() as session:
        return list(session.scalars(select(AuditLog).order_by(AuditLog.id)))


def test_revealing_after_logout_is_refused_and_show_stays_as_it_was(world, capsys, monkeypatch):
    db, app_id = world
    code, plain, _ = _cli(capsys, monkeypatch, db, "application", "show", app_id, "--json")
    assert code == 0
    record = json.loads(plain)
    assert record["agent"] == {"name": "张三", "id_number": "1101**********002X", "phone": "138****5678"}
    assert list(record) == [
        "id", "status", "status_name", "receipt_no", "credit_code", "enterprise_name", "item_id", "item_version",
        "item_title", "department", "doc_no", "hall_code", "hall_name", "window", "clerk", "agent", "benefit",
        "materials", "missing", "deferred_deadline", "eligibility", "history", "receipts", "created_at", "sync_state",
        "course", "rating",
    ]
    rows = len(_audit(db))
    auth.logout(db)
    code, out, err = _reveal(capsys, monkeypatch, db, app_id, PASSWORDS["demo"])
    assert code == 1, err
    assert "登录" in json.loads(err)["error"]
    assert FULL_ID not in out + err and FULL_PHONE not in out + err
    assert [a.action for a in _audit(db)][rows:] == ["clerk.logout"]  # nothing revealed, nothing to record
    # And a plain show is what it always was, after log-out too: masked, no audit row.
    assert _cli(capsys, monkeypatch, db, "application", "show", app_id, "--json")[1] == plain
    assert len(_audit(db)) == rows + 1


def test_the_audit_names_who_revealed_when_and_why_not_the_filer(world, capsys, monkeypatch):
    db, app_id = world
    log_in(db, "lisi")  # another clerk of the same hall sits down at this window
    started = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    code, out, err = _reveal(capsys, monkeypatch, db, app_id, PASSWORDS["lisi"], "部门来电核实经办人联系方式")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["agent"] == {"name": "张三", "id_number": FULL_ID, "phone": FULL_PHONE}
    assert shown["revealed"]["by"] == "lisi" and shown["revealed"]["reason"] == "部门来电核实经办人联系方式"
    last = _audit(db)[-1]
    assert (last.action, last.actor, last.entity, last.entity_id) == ("agent.reveal", "lisi", "application", app_id)
    assert json.loads(last.detail_json) == {"reason": "部门来电核实经办人联系方式", "role": "clerk", "hall_code": HALL,
                                            "fields": ["id_number", "phone"], "filed_by": "demo"}
    assert started <= last.at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert shown["revealed"]["audit_id"] == last.id
    with db.sessions() as session:
        assert audit.verify(session).ok
    # The text form says it was recorded, and shows the numbers.
    code, out, _ = _cli(capsys, monkeypatch, db, "application", "show", app_id, "--reveal", "--password-stdin",
                        "--reason", "再次核对", stdin=PASSWORDS["lisi"] + "\n")
    assert code == 0 and FULL_ID in out and "已记入审计日志：lisi" in out


def test_a_wrong_password_reveals_nothing_and_counts_towards_the_lock(world, capsys, monkeypatch):
    db, app_id = world
    for attempt in range(1, 6):
        code, out, err = _reveal(capsys, monkeypatch, db, app_id, "猜的密码")
        assert code == 1 and FULL_ID not in out + err
    assert "锁定" in json.loads(err)["error"]
    actions = [a for a in _audit(db) if a.action.startswith(("clerk.login_failed", "agent.reveal"))]
    assert [a.action for a in actions] == ["clerk.login_failed"] * 5
    assert {json.loads(a.detail_json)["mode"] for a in actions} == {"reveal"}
    # Locked now: the right password does not reveal either, until the lock runs out.
    code, out, err = _reveal(capsys, monkeypatch, db, app_id, PASSWORDS["demo"])
    assert code == 1 and FULL_ID not in out and "锁定" in json.loads(err)["error"]


def test_a_reason_is_required_before_the_password_is_asked(world, capsys, monkeypatch):
    db, app_id = world
    for reason in (None, "", " 查 "):
        code, out, err = _reveal(capsys, monkeypatch, db, app_id, PASSWORDS["demo"], reason)
        assert code == 2, err
        assert json.loads(err)["field"] == "--reason" and FULL_ID not in out
    assert not [a for a in _audit(db) if a.action.startswith(("agent.", "clerk.login_failed"))]
    code, _, err = _cli(capsys, monkeypatch, db, "application", "show", app_id, "--reason", "x", "--json")
    assert code == 2  # --reason without --reveal is a mistake, not ignored


@pytest.mark.parametrize(("who", "allowed"), [("wangwu", False), ("zhao", False), ("admin", True), ("lisi", True)])
def test_the_hall_and_the_role_decide_and_a_refusal_is_recorded(world, capsys, monkeypatch, who, allowed):
    db, app_id = world
    log_in(db, who)
    code, out, err = _reveal(capsys, monkeypatch, db, app_id, PASSWORDS[who])
    last = _audit(db)[-1]
    if allowed:
        assert code == 0 and json.loads(out)["agent"]["id_number"] == FULL_ID
        assert (last.action, last.actor) == ("agent.reveal", who)
        return
    assert code == 1 and FULL_ID not in out + err
    assert (last.action, last.actor) == ("agent.reveal_refused", who)
    assert json.loads(last.detail_json)["refused"] == ("hall" if who == "wangwu" else "role")


def test_reprints_and_withdrawals_name_the_clerk_who_did_them(world, monkeypatch):
    db, app_id = world
    print_receipt(db, app_id)  # the filer prints the receipt as the filing ends
    log_in(db, "lisi")
    # A variable set in the shell does not speak for the clerk who logged in.
    monkeypatch.setenv("KUAIXIANG_CLERK", "demo")
    print_receipt(db, app_id, reprint=True)
    print_receipt(db, app_id, reprint=True)
    apps.transition(db, app_id, "withdrawn", "企业主动撤回")
    rows = {a.action: a for a in _audit(db)}
    prints = [a for a in _audit(db) if a.action.startswith("receipt.")]
    assert [(a.action, a.actor) for a in prints] == [
        ("receipt.print", "demo"), ("receipt.reprint", "lisi"), ("receipt.reprint", "lisi")]
    assert [json.loads(a.detail_json)["copy"] for a in prints] == [1, 2, 3]
    assert {json.loads(a.detail_json)["filed_by"] for a in prints} == {"demo"}
    withdrawn = rows["application.withdrawn"]
    assert withdrawn.actor == "lisi"
    assert json.loads(withdrawn.detail_json) == {"reason": "企业主动撤回", "filed_by": "demo"}


def test_a_reprint_with_nobody_to_name_is_refused(world, monkeypatch):
    from kuaixiang_desktop.services.receipts import ReceiptRefused

    db, app_id = world
    print_receipt(db, app_id)
    auth.logout(db)  # and more than one local account: nobody can be named
    monkeypatch.delenv("KUAIXIANG_CLERK", raising=False)
    with pytest.raises(ReceiptRefused, match="补打人"):
        print_receipt(db, app_id, reprint=True)
