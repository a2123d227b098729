"""Push: idempotent outbox intake, re-evaluation at intake, review, the applications stream."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import uuid

from sqlalchemy import select

from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_core.wire import OutboxResponse, content_hash
from kuaixiang_server import claims, cli, crypto
from kuaixiang_server.catalogue import compile_item, declared_facts
from kuaixiang_server.enterprises import enterprise_item, facts_for
from kuaixiang_server.models import Application, Enterprise

from .conftest import (
    HALL_DEVICES,
    PASSWORD,
    TEST_KEY,
    KeyedDevice,
    bearer,
    device_short_id,
    latest_cursor,
    login,
    pull_all,
)

ITEM = "lc-canji-chaobili-2024"  # 超比例安排残疾人就业奖励: disabled_employment_ratio > 1.5, not 失信
AGENT = {"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"}
_receipts = iter(range(1, 10_000))


def accepted(credit_code: str, *, item_id: str = ITEM, hall: str = "371502-01", verdict: str = "eligible",
             app_id: str | None = None, materials: list | None = None) -> dict:
    """An ``application.accepted`` entry as the sync client sends it, numbered by the hall's
    test device (``HALL_DEVICES``: the session tokens' devices)."""
    app_id = app_id or str(uuid.uuid4())
    receipt = f"{hall}-20261126-{device_short_id(hall)}-{next(_receipts):04d}"
    payload = {
        "id": app_id, "enterprise_id": 17, "item_id": item_id, "item_version": 1, "status": "accepted",
        "receipt_no": receipt, "hall_code": hall, "window": "01", "benefit_amount_fen": 500000,
        "deferred_deadline": None,
        "materials": materials if materials is not None else [
            {"name": "超比例安排残疾人就业奖励申请表", "required": True, "received": True, "originals": 1, "copies": 0,
             "attachment_sha256": None}],
        "credit_code": credit_code, "agent": AGENT,
        "trace": {"verdict": verdict, "as_of": "2026-11-26", "benefit": {"amount": "5000.00", "text": None},
                  "conditions": [{"text": "安排残疾人就业比例 > 1.5%", "fact": "disabled_employment_ratio", "op": ">",
                                  "expected": "1.5", "actual": "2.5", "result": "pass", "clause": "第六条"}]},
    }
    return {"key": app_id, "kind": "application.accepted", "entity_id": app_id, "payload": payload,
            "created_at": "2026-11-26T01:02:03Z"}


def push(http, token: str, *entries: dict) -> list[dict]:
    response = http.post("/api/v1/outbox", json={"entries": list(entries)}, headers=bearer(token))
    assert response.status_code == 200, response.text
    assert response.headers["X-Kuaixiang-Protocol"] == "1"
    results = response.json()["results"]
    OutboxResponse.from_json(response.json())  # the shared schema reads it
    assert [r["key"] for r in results] == [e["key"] for e in entries]
    return results


def test_first_delivery_is_applied_and_moves_on_to_submitted(server, http, demo_token):
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    [result] = push(http, demo_token, entry)
    assert result["status"] == "applied"
    state = result["server"]
    assert state["id"] == entry["key"] and state["status"] == "submitted" and state["status_name"] == "已报送"
    assert [h["to"] for h in state["history"]] == ["draft", "accepted", "submitted"]
    assert state["hall_code"] == "371502-01" and state["receipt_no"] == entry["payload"]["receipt_no"]
    assert state["server_verdict"]["verdict"] == "eligible" and state["client_verdict"] == "eligible"


def test_repeat_is_a_duplicate_answered_with_the_first_answer(server, http, demo_token):
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    [first] = push(http, demo_token, entry)
    # The department acts in between: the replay is still the first answer.
    assert cli.main(["admin", "--db", server.db_url, "review", entry["key"], "approve"]) == 0
    [again] = push(http, demo_token, entry)
    assert again["status"] == "duplicate" and again["server"] == first["server"]
    # Key order and white space do not matter: content is compared by canonical JSON.
    shuffled = json.loads(json.dumps(entry, sort_keys=True, indent=3))
    assert push(http, demo_token, shuffled)[0]["status"] == "duplicate"
    assert content_hash("k", "e", {"a": 1, "b": [1, "二"]}) == content_hash("k", "e", {"b": [1, "二"], "a": 1})


def test_same_key_other_content_is_a_conflict(server, http, demo_token):
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    [first] = push(http, demo_token, entry)
    changed = copy.deepcopy(entry)
    changed["payload"]["agent"]["phone"] = "13900001111"
    [result] = push(http, demo_token, changed)
    assert result["status"] == "conflict"
    assert "不同内容" in result["message"] and result["server"] == first["server"]
    with server.db.read() as s:  # the first delivery stands
        app = s.get(Application, {"id": entry["key"], "hall_code": "371502-01"})
        phone = crypto.decrypt(TEST_KEY, app.agent_phone_enc, application_id=app.id, field="agent_phone")
        assert phone == "13812345678"


def test_second_open_application_from_another_hall_is_rejected_naming_hall_and_receipt(server, http, demo_token,
                                                                                          linqing_token):
    code = server.take_enterprise(fact="disabled_employment_ratio", value="2.5")
    first = accepted(code)
    assert push(http, demo_token, first)[0]["status"] == "applied"
    second = accepted(code, hall="371581-01")
    [result] = push(http, linqing_token, second)
    assert result["status"] == "rejected" and result["server"] is None
    assert "东昌府区政务服务中心" in result["message"] and "371502-01" in result["message"]
    assert first["payload"]["receipt_no"] in result["message"]
    # From the same hall, another window: refused too.
    dcf2 = login(http, "dcf2", PASSWORD, HALL_DEVICES["371502-01"])
    assert push(http, dcf2, accepted(code))[0]["status"] == "rejected"
    with server.db.read() as s:
        assert s.scalars(select(Application).where(Application.id == second["key"])).first() is None  # nothing kept
    # Once the first is withdrawn, the other hall may file (the same entry, judged again).
    withdraw = {"key": str(uuid.uuid4()), "kind": "application.withdrawn", "entity_id": first["key"],
                "payload": {**first["payload"], "status": "withdrawn", "reason": "企业改在临清办理"}}
    for noise in ("agent", "trace"):
        withdraw["payload"].pop(noise)
    [w] = push(http, demo_token, withdraw)
    assert w["status"] == "applied" and w["server"]["status"] == "withdrawn"
    assert w["server"]["reason"] == "企业改在临清办理"
    assert push(http, linqing_token, second)[0]["status"] == "applied"


def test_results_come_in_order_one_per_entry(server, http, demo_token):
    good = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    bad = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    del bad["payload"]["agent"]
    unknown = {"key": str(uuid.uuid4()), "kind": "application.approved", "entity_id": good["key"],
               "payload": good["payload"]}
    results = push(http, demo_token, bad, good, unknown)
    assert [r["status"] for r in results] == ["rejected", "applied", "rejected"]
    assert "payload.agent" in results[0]["message"]
    assert "主管部门" in results[2]["message"]


def test_malformed_batches_answer_400(http, demo_token):
    for body in ({"entries": "x"}, {"entries": [{"key": "a"}]}, {"nothing": []},
                 {"entries": [{"key": str(i), "kind": "application.draft", "entity_id": "x", "payload": {}}
                              for i in range(101)]}):
        response = http.post("/api/v1/outbox", json=body, headers=bearer(demo_token))
        assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"
    assert http.post("/api/v1/outbox", json={"entries": []}).status_code == 401


def test_intake_reevaluates_with_the_servers_item_and_record_and_keeps_both_traces(server, http, demo_token):
    # The window believed it eligible; the platform's record says the ratio is 0.
    code = server.take_enterprise(fact="disabled_employment_ratio", value="0")
    entry = accepted(code, verdict="eligible")
    [result] = push(http, demo_token, entry)
    assert result["status"] == "applied" and "不符合" in result["message"]
    verdict = result["server"]["server_verdict"]
    assert verdict["verdict"] == "ineligible" and verdict["agrees"] is False and verdict["client_verdict"] == "eligible"
    ratio = next(c for c in verdict["conditions"] if c["fact"] == "disabled_employment_ratio")
    assert ratio["actual"] == "0" and ratio["result"] == "fail" and ratio["clause"] == "第六条"
    with server.db.read() as s:
        app = s.get(Application, {"id": entry["key"], "hall_code": "371502-01"})
        client_trace, server_trace = json.loads(app.client_trace_json), json.loads(app.server_trace_json)
        # The server's own evaluation, recomputed here with the same engine, same item version.
        item, version = compile_item(s, ITEM)
        facts = facts_for(s, code, dt.date.fromisoformat(server_trace["as_of"]), declared_facts(s))
        assert server_trace["item_version"] == version
        assert server_trace["conditions"] == json.loads(json.dumps(item.rule.trace_json(facts)))
        expected = benefit_amount(item.benefit, facts)
        assert server_trace["benefit"]["amount"] == (str(expected) if expected is not None else None)
        # The client's trace is kept as it came.
        assert client_trace == entry["payload"]["trace"]
        # Agent data at rest: ID and phone encrypted, bound to this application.
        assert b"11010519491231002X" not in app.agent_id_enc and b"13812345678" not in app.agent_phone_enc
        assert crypto.decrypt(TEST_KEY, app.agent_id_enc, application_id=app.id, field="agent_id") == AGENT["id_number"]


def test_unknown_enterprise_or_item_is_kept_but_not_evaluated(server, http, demo_token):
    entry = accepted(_unknown_code())
    [result] = push(http, demo_token, entry)
    assert result["status"] == "applied"
    assert result["server"]["server_verdict"]["verdict"] is None
    assert "没有统一社会信用代码" in result["server"]["server_verdict"]["note"]


def _unknown_code() -> str:
    from kuaixiang_core.domain.codes import make_uscc

    return make_uscc(f"91371502MA{uuid.uuid4().int % 10**7:07d}")


def test_review_moves_the_status_and_reaches_the_hall_through_the_applications_stream(
        server, http, demo_token, linqing_token, capsys):
    cursor = latest_cursor(server, "applications")
    other_cursor = latest_cursor(server, "applications")
    a = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    b = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    push(http, demo_token, a, b)
    items, cursor, _pages = pull_all(http, demo_token, "applications", after=cursor)
    assert [(i["id"], i["status"]) for i in items] == [(a["key"], "submitted"), (b["key"], "submitted")]

    db = ["admin", "--db", server.db_url]
    assert cli.main([*db, "review", a["key"], "approve"]) == 0
    assert cli.main([*db, "review", b["key"], "reject"]) == 2  # a rejection needs a reason
    assert "原因" in capsys.readouterr().err
    assert cli.main([*db, "review", b["key"], "reject", "--reason", "残疾职工社保缴费不足12个月"]) == 0
    assert cli.main([*db, "review", b["key"], "pay"]) == 2  # rejected is final
    capsys.readouterr()
    assert cli.main([*db, "review", a["key"], "pay", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "paid"

    items, cursor, _pages = pull_all(http, demo_token, "applications", after=cursor)
    latest = {i["id"]: i for i in items}  # a row changed twice comes once, in its latest state
    assert len(items) == len(latest) == 2
    assert latest[a["key"]]["status"] == "paid"
    assert [h["to"] for h in latest[a["key"]]["history"]] == ["draft", "accepted", "submitted", "approved", "paid"]
    assert latest[b["key"]]["status"] == "rejected" and latest[b["key"]]["reason"] == "残疾职工社保缴费不足12个月"
    assert [i["id"] for i in items] == [b["key"], a["key"]]  # in the order they last changed
    # Another hall sees none of it.
    assert pull_all(http, linqing_token, "applications", after=other_cursor)[0] == []

    assert cli.main([*db, "applications", "--json"]) == 0
    listed = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed[a["key"]]["status"] == "paid" and listed[a["key"]]["hall_name"] == "东昌府区政务服务中心"
    assert listed[b["key"]]["server_verdict"] == "eligible" and listed[b["key"]]["client_verdict"] == "eligible"
    assert cli.main([*db, "applications"]) == 0
    assert a["key"] in capsys.readouterr().out
    assert cli.main([*db, "show", a["key"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["agent"] == {"name": "张三", "id_number": "1101**********002X", "phone": "138****5678"}
    assert shown["client_trace"]["verdict"] == "eligible" and shown["server_verdict"]["verdict"] == "eligible"


def test_draft_then_accepted_and_a_withdrawal_the_state_machine_refuses(server, http, demo_token):
    code = server.take_enterprise(fact="disabled_employment_ratio", value="2.5")
    entry = accepted(code)
    draft_payload = {k: v for k, v in entry["payload"].items() if k not in ("agent", "trace")}
    draft_payload.update(status="draft", receipt_no=None)
    draft = {"key": str(uuid.uuid4()), "kind": "application.draft", "entity_id": entry["key"], "payload": draft_payload}
    [d] = push(http, demo_token, draft)
    assert d["status"] == "applied" and d["server"]["status"] == "draft"
    [a] = push(http, demo_token, entry)
    assert a["server"]["status"] == "submitted"
    assert [h["to"] for h in a["server"]["history"]] == ["draft", "accepted", "submitted"]
    assert cli.main(["admin", "--db", server.db_url, "review", entry["key"], "approve"]) == 0
    withdraw = {"key": str(uuid.uuid4()), "kind": "application.withdrawn", "entity_id": entry["key"],
                "payload": {**draft_payload, "status": "withdrawn", "reason": "企业要求撤回"}}
    [w] = push(http, demo_token, withdraw)
    assert w["status"] == "rejected" and "已审核通过" in w["message"]
    # Another hall cannot touch this hall's application at all: its entry names an application
    # of its own hall (kept apart), and the answer holds nothing of this hall's.
    other = login(http, "linqing", PASSWORD, HALL_DEVICES["371581-01"])
    [x] = push(http, other, {**withdraw, "key": str(uuid.uuid4())})
    assert x["status"] == "applied" and x["server"]["hall_code"] == "371581-01"
    assert "东昌府" not in json.dumps(x, ensure_ascii=False) and "371502-01" not in json.dumps(x)
    with server.db.read() as s:
        assert s.get(Application, {"id": entry["key"], "hall_code": "371502-01"}).status == "approved"


def test_filing_with_the_real_client_and_pushing_its_outbox_entry(server, http, demo_token, db):
    """The client's own snapshot (services/applications) goes through unchanged, plus what the
    sync client adds: credit_code, agent and trace."""
    from kuaixiang_core.wire import enterprise_from_wire
    from kuaixiang_desktop.demo.loader import load_demo_catalogue
    from kuaixiang_desktop.services import applications as client_apps
    from kuaixiang_desktop.services.device import local_device
    from kuaixiang_desktop.store.enterprises import write_enterprises
    from kuaixiang_desktop.store.models import Application as ClientApplication
    from kuaixiang_desktop.store.models import OutboxEntry as ClientOutbox

    code = server.take_enterprise(fact="disabled_employment_ratio", value="2.5")
    load_demo_catalogue(db)
    with server.db.read() as s:  # the record as the enterprises stream sends it
        record = enterprise_from_wire(enterprise_item(s.scalars(select(Enterprise).where(Enterprise.credit_code == code)).one()))
    with db.engine.begin() as conn:
        write_enterprises(conn, [record])
    with db.sessions.begin() as session:
        client_apps.ensure_demo_clerk(session)
    device = local_device(db)
    # The token of this client's own device: the receipt number names it.
    keyed = KeyedDevice(key_id=device.key_id, public_key=base64.b64encode(device.public_key).decode(), label="测试客户端")
    keyed.private = device.private_key()
    token = login(http, device=keyed)
    filed = client_apps.file_application(
        db, code, ITEM, client_apps.Agent(AGENT["name"], AGENT["id_number"], AGENT["phone"]),
        [client_apps.MaterialInput(m) for m in _required_materials(server)],
        device_id=device.short_id,
    )
    assert filed.status == "accepted"
    with db.sessions() as session:
        row = session.scalars(select(ClientOutbox).where(ClientOutbox.key == filed.application_id)).one()
        local = session.get(ClientApplication, filed.application_id)
        payload = json.loads(row.payload_json)
        payload.update(credit_code=code, agent=AGENT, trace=json.loads(local.trace_json))
        entry = {"key": row.key, "kind": row.kind, "entity_id": row.entity_id, "payload": payload,
                 "created_at": row.created_at.isoformat() + "Z"}
    [result] = push(http, token, entry)
    assert result["status"] == "applied", result
    assert result["server"]["receipt_no"] == filed.receipt_no
    assert result["server"]["server_verdict"]["verdict"] == result["server"]["client_verdict"] == "eligible"
    assert result["server"]["server_verdict"]["agrees"] is True


def _required_materials(server) -> list[str]:
    with server.db.read() as s:
        item, _v = compile_item(s, ITEM)
    return [m.name for m in item.materials if m.required]


def test_review_of_an_unknown_application_is_refused(server, capsys):
    assert cli.main(["admin", "--db", server.db_url, "review", str(uuid.uuid4()), "approve"]) == 2
    assert "没有编号为" in capsys.readouterr().err


def test_paying_without_an_amount_pays_nothing_for_a_benefit_that_is_not_cash(server, http, demo_token, capsys):
    """A deduction base (加计扣除) is an amount but not money paid: 拨付 without --amount must
    not turn it into a payment, while a cash benefit still pays the server's own figure."""
    deduction = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    cash = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
    push(http, demo_token, deduction, cash)
    with server.db.write() as s:
        app = s.get(Application, {"id": deduction["key"], "hall_code": "371502-01"})
        trace = json.loads(app.server_trace_json)
        trace["benefit"] = {"kind": "deduction", "amount": "120000.00"}
        app.server_trace_json, app.benefit_amount_fen = json.dumps(trace), 12_000_000
        # the cash one: the server's own figure, as a formula over the record would give it
        s.get(Application, {"id": cash["key"], "hall_code": "371502-01"}).benefit_amount_fen = 500_000
    db = ["admin", "--db", server.db_url]
    for key in (deduction["key"], cash["key"]):
        assert cli.main([*db, "review", key, "approve"]) == 0
        capsys.readouterr()
        assert cli.main([*db, "review", key, "pay", "--json"]) == 0
        capsys.readouterr()
    with server.db.read() as s:
        paid = {k: s.get(Application, {"id": k, "hall_code": "371502-01"}) for k in (deduction["key"], cash["key"])}
        assert paid[deduction["key"]].course[-1].amount_fen is None
        assert paid[cash["key"]].course[-1].amount_fen == 500_000


def test_the_servers_own_evaluation_names_a_benefit_that_is_not_cash(server):
    """What 拨付 reads (claims.benefit_kind) comes from the server's evaluation at intake, not
    from anything a client sent: the demo's 研发费用加计扣除 is a deduction base."""
    from kuaixiang_server.applications import evaluate

    code = server.take_enterprise()
    with server.db.read() as s:
        deduction = evaluate(s, code, "lc-yanfa-jiakou-2023", dt.date(2026, 11, 26))
        cash = evaluate(s, code, ITEM, dt.date(2026, 11, 26))
    assert deduction["benefit"]["kind"] == "deduction" and claims.benefit_kind(deduction) == "deduction"
    assert "kind" not in cash["benefit"] and claims.benefit_kind(cash) == "cash"


def test_the_kind_of_a_trace_is_cash_unless_it_says_otherwise():
    assert claims.benefit_kind(None) == "cash"
    assert claims.benefit_kind("not json") == "cash"
    assert claims.benefit_kind({"benefit": {"amount": "1"}}) == "cash"
    assert claims.benefit_kind(json.dumps({"benefit": {"kind": "deduction"}})) == "deduction"
    assert claims.benefit_kind({"benefit": "garbage"}) == "cash"
