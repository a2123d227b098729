"""容缺补交 on the server: ``application.supplemented`` takes the window's received marks for an
open application of its hall, and nothing else."""

from __future__ import annotations

import json
import uuid

from kuaixiang_server.models import Application

from .test_server_push import accepted, push

OWED = "社保缴费明细"


def _materials(received: bool) -> list[dict]:
    return [
        {"name": "超比例安排残疾人就业奖励申请表", "required": True, "received": True, "originals": 1, "copies": 0,
         "attachment_sha256": None},
        {"name": OWED, "required": True, "received": received, "originals": 0, "copies": 1 if received else 0,
         "attachment_sha256": "a" * 64 if received else None},
    ]


def _supplemented(entry: dict, materials: list[dict]) -> dict:
    payload = {k: v for k, v in entry["payload"].items() if k not in ("agent", "trace")}
    payload["materials"] = materials
    return {"key": str(uuid.uuid4()), "kind": "application.supplemented", "entity_id": entry["key"],
            "payload": payload}


def test_a_material_received_after_acceptance_is_recorded(server, http, demo_token):
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), materials=_materials(False))
    entry["payload"]["deferred_deadline"] = "2026-12-03"
    assert push(http, demo_token, entry)[0]["status"] == "applied"
    [result] = push(http, demo_token, _supplemented(entry, _materials(True)))
    assert result["status"] == "applied"
    with server.db.read() as s:
        app = s.get(Application, {"id": entry["key"], "hall_code": "371502-01"})
        owed = next(m for m in json.loads(app.materials_json) if m["name"] == OWED)
        assert owed["received"] and owed["attachment_sha256"] == "a" * 64
        assert str(app.deferred_deadline) == "2026-12-03"


def test_changing_the_list_or_unreceiving_is_rejected(server, http, demo_token):
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), materials=_materials(True))
    assert push(http, demo_token, entry)[0]["status"] == "applied"
    [undo] = push(http, demo_token, _supplemented(entry, _materials(False)))
    assert undo["status"] == "rejected" and "不能改回未收取" in undo["message"]
    [more] = push(http, demo_token, _supplemented(entry, [*_materials(True), {"name": "新材料", "received": True}]))
    assert more["status"] == "rejected" and "材料清单不能改变" in more["message"]


def test_unknown_or_withdrawn_application_is_rejected(server, http, demo_token):
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), materials=_materials(False))
    [unknown] = push(http, demo_token, _supplemented(entry, _materials(True)))  # never accepted here
    assert unknown["status"] == "rejected" and "不在中心端" in unknown["message"]
    assert push(http, demo_token, entry)[0]["status"] == "applied"
    withdraw = {"key": str(uuid.uuid4()), "kind": "application.withdrawn", "entity_id": entry["key"],
                "payload": {**_supplemented(entry, _materials(False))["payload"], "status": "withdrawn",
                            "reason": "企业放弃"}}
    assert push(http, demo_token, withdraw)[0]["status"] == "applied"
    [late] = push(http, demo_token, _supplemented(entry, _materials(True)))
    assert late["status"] == "rejected" and "已撤回" in late["message"]
