"""Filing applications (代办): materials, agent data at rest, states, receipts, crash safety."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text

from kuaixiang_core.domain.application_state import TransitionError
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import auth, crash_points
from kuaixiang_desktop.services.application_types import AgentView, EligibilityAsFiled, FiledMaterial
from kuaixiang_desktop.services.attachments import clean_name, sniff
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.services.receipts import ReceiptRefused, print_notice, print_receipt, verify
from kuaixiang_desktop.services.reveal import reveal_agent
from kuaixiang_desktop.store import audit
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import Clerk

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")
CODE = make_uscc("91371581MA3C00001")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PASSWORD = "窗口密码-2026"
FAST = auth.AuthPolicy(scrypt_n=2**10)


@pytest.fixture
def world(db, tmp_path):
    import_catalogue(db, MINI)
    rec = EnterpriseRecord(
        credit_code=CODE, name="临清市恒达轴承制造有限公司", region_code="371581", industry_code="3451",
        employees=25, established=dt.date(2020, 3, 1),
    )
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    device = local_device(db)
    (tmp_path / "filing.pdf").write_bytes(PDF)
    return db, device, tmp_path


def _log_in(db, username: str = "demo") -> None:
    """The clerk logs in (offline, against a verifier set here: no server in these tests)."""
    with db.sessions.begin() as session:
        session.scalars(select(Clerk).where(Clerk.username == username)).one().offline_verifier = \
            auth.make_verifier(PASSWORD, FAST)
    auth.login_offline(db, username, PASSWORD, policy=FAST)


def _file(world, materials, **kw):
    db, device, _ = world
    return apps.file_application(db, CODE, "lq-zhoucheng", AGENT, materials, device_id=device.short_id,
                                 today=dt.date(2026, 6, 1), **kw)


def test_filing_with_all_materials_accepts_and_writes_outbox_and_audit(world):
    db, _, tmp = world
    result = _file(world, [apps.MaterialInput("技术改造项目备案证明", tmp / "filing.pdf"),
                           apps.MaterialInput("设备购置发票")])
    assert result.status == "accepted" and result.receipt_no.startswith("371502-01-")
    record = apps.show(db, result.application_id)
    assert record.agent == AgentView("张三", "1101**********002X", "138****5678")
    assert record.benefit.amount == Decimal("50000.00")
    assert record.eligibility.verdict == "eligible" and record.item_version == 1
    assert [h.to_status for h in record.history] == ["draft", "accepted"]
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT agent_id_enc, agent_phone_enc FROM application")).one()
        assert b"110105" not in row[0] and b"13812345678" not in row[1]  # encrypted at rest
        outbox = conn.execute(text("SELECT key, kind, payload_json FROM outbox")).all()
        assert [(k, kind) for k, kind, _ in outbox] == [(result.application_id, "application.accepted")]
        assert "110105" not in outbox[0][2] and "13812345678" not in outbox[0][2]
    _log_in(db)
    revealed = reveal_agent(db, result.application_id, PASSWORD, "经办人来窗口补交材料，核对身份", policy=FAST).detail.agent
    assert revealed.id_number == "11010519491231002X" and revealed.phone == "13812345678"
    with db.sessions() as session:
        check = audit.verify(session)
        assert check.ok and check.rows == 3  # accepted, the log-in, the deliberate reveal


def test_missing_materials_give_a_draft_and_a_notice_listing_all(world):
    db, _, _ = world
    result = _file(world, [], accept_deferred=False)
    assert result.status == "draft" and result.receipt_no is None
    assert result.missing == ["技术改造项目备案证明"]
    notice = print_notice(db, result.application_id)
    text_ = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(notice.pdf)).pages)
    assert "技术改造项目备案证明" in text_ and "一次性告知" in text_
    with pytest.raises(ReceiptRefused):
        print_receipt(db, result.application_id)  # nothing was accepted
    # The enterprise comes back with the material: the same draft is accepted.
    again = _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    assert again.application_id == result.application_id and again.status == "accepted"


def test_deferred_acceptance_sets_a_deadline_in_working_days(world):
    result = _file(world, [])  # lq-zhoucheng allows 容缺受理
    assert result.status == "accepted" and result.missing == ["技术改造项目备案证明"]
    assert result.deferred_deadline == dt.date(2026, 6, 8)  # 5 working days after Mon 2026-06-01


def test_second_open_application_is_refused_pointing_at_the_first(world):
    first = _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    with pytest.raises(apps.ApplyRefused) as info:
        _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    assert info.value.existing == first.application_id and first.receipt_no in info.value.message


@pytest.mark.parametrize(
    "agent, field",
    [
        (apps.Agent("张", "11010519491231002X", "13812345678"), "agent_name"),
        (apps.Agent("张三", "110105194912310021", "13812345678"), "agent_id"),
        (apps.Agent("张三", "11010519491231002X", "1381234567"), "agent_phone"),
        (apps.Agent("张三", "11010519491231002X", "23812345678"), "agent_phone"),
    ],
)
def test_bad_agent_details_are_refused_and_change_nothing(world, agent, field):
    db, device, _ = world
    with pytest.raises(apps.ApplyRefused) as info:
        apps.file_application(db, CODE, "lq-zhoucheng", agent, [], device_id=device.short_id, today=dt.date(2026, 6, 1))
    assert info.value.field == field
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM application")).scalar() == 0


def test_auto_items_unknown_materials_and_bad_files_are_refused(world):
    _db, _, tmp = world
    with pytest.raises(apps.ApplyRefused, match="免申即享"):
        apps.file_application(world[0], CODE, "lc-wengang", AGENT, [], device_id="X", today=dt.date(2026, 6, 1))
    with pytest.raises(apps.ApplyRefused, match="不是该事项的申请材料"):
        _file(world, [apps.MaterialInput("身份证")])
    fake = tmp / "looks-like.pdf"
    fake.write_bytes(b"MZ\x90\x00 this is an exe")
    with pytest.raises(apps.ApplyRefused, match="按内容判断"):
        _file(world, [apps.MaterialInput("技术改造项目备案证明", fake)])


def test_attachments_are_checked_by_content_and_odd_names_are_harmless():
    assert sniff(PDF[:16]) == "application/pdf"
    assert sniff(PNG[:16]) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff(b"GIF89a") is None
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("C:\\Users\\x\\..\\营业执照.pdf") == "营业执照.pdf"
    assert len(clean_name("很长" * 300 + ".pdf")) <= 121
    assert clean_name(b"\xff\xfe\xfa.pdf")  # not UTF-8: still a harmless label
    assert clean_name("...") == "附件"


def test_transitions_are_checked_and_recorded(world):
    db, _, _ = world
    result = _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    with pytest.raises(TransitionError, match="不能变为"):
        apps.transition(db, result.application_id, "paid")
    with pytest.raises(TransitionError, match="原因"):
        apps.transition(db, result.application_id, "withdrawn")
    record = apps.transition(db, result.application_id, "withdrawn", "企业撤回")
    assert record.status == "withdrawn" and record.history[-1].reason == "企业撤回"
    # Withdrawn is closed: a new application for the same item may now be filed.
    assert _file(world, [apps.MaterialInput("技术改造项目备案证明")]).status == "accepted"


def test_receipt_reprint_is_marked_and_qr_verifies(world):
    db, _, _ = world
    result = _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    first = print_receipt(db, result.application_id, "a4")
    with pytest.raises(ReceiptRefused, match="补打"):
        print_receipt(db, result.application_id, "a4")
    second = print_receipt(db, result.application_id, "80mm", reprint=True)
    assert second.reprint and second.qr_text == first.qr_text
    text_ = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(second.pdf)).pages)
    assert "补打" in text_ and result.receipt_no in text_
    checked = verify(db, first.qr_text)
    assert checked.valid and checked.receipt.receipt_no == result.receipt_no
    assert checked.receipt.amount == Decimal("50000.00") and checked.local_status == "accepted"
    tampered = first.qr_text[:-3] + ("AAA" if not first.qr_text.endswith("AAA") else "BBB")
    assert not verify(db, tampered).valid


def test_audit_log_detects_an_edited_row(world):
    db, _, _ = world
    _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'someone-else' WHERE id = 1"))
    with db.sessions() as session:
        check = audit.verify(session)
    assert not check.ok and check.broken_at == 1


def _cli_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUAIXIANG")}
    env.update(KUAIXIANG_DATA_DIR=str(tmp_path / "data"), KUAIXIANG_INSECURE_KEYRING="1", QT_QPA_PLATFORM="offscreen")
    return env


def _kx(env, *argv):
    exe = Path(sys.executable).parent / "kuaixiang"
    return subprocess.run([str(exe), *argv], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("crash_at", ["before_commit"])
def test_killed_process_during_filing_leaves_all_or_nothing(tmp_path, crash_at):
    env = _cli_env(tmp_path)
    db = str(tmp_path / "c.sqlite3")
    assert _kx(env, "--db", db, "demo", "--enterprises", "0").returncode == 0
    assert _kx(env, "--db", db, "policy", "import", str(MINI)).returncode == 0
    assert _kx(env, "--db", db, "enterprise", "import", str(_enterprise_file(tmp_path))).returncode == 0
    argv = ["--db", db, "apply", CODE, "lq-zhoucheng", "--agent-name", "张三", "--agent-id", "11010519491231002X",
            "--agent-phone", "13812345678", "--material", "技术改造项目备案证明", "--json"]
    killed = crash_points.run_killed_at(crash_at, [str(Path(sys.executable).parent / "kuaixiang"), *argv], env=env)
    assert killed.returncode == crash_points.KILLED
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM application").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    done = _kx(env, *argv)
    assert done.returncode == 0, done.stderr
    app_id = json.loads(done.stdout)["id"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM application").fetchone()[0] == 1
        assert conn.execute("SELECT key FROM outbox").fetchall() == [(app_id,)]


def _enterprise_file(tmp_path) -> Path:
    path = tmp_path / "e.json"
    path.write_text(json.dumps([{"credit_code": CODE, "name": "临清市恒达轴承制造有限公司", "region_code": "371581",
                                 "industry_code": "3451", "employees": 25, "established": "2020-03-01"}],
                               ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_apply_show_receipt_verify(capsys, world):
    db, _, tmp = world
    argv = ["--db", str(db.path), "apply", CODE, "lq-zhoucheng", "--agent-name", "李四", "--agent-id",
            "11010519491231002X", "--agent-phone", "13912345678", "--material", f"技术改造项目备案证明={tmp / 'filing.pdf'}", "--json"]
    assert main(argv) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["status"] == "accepted" and record["receipt_no"]
    assert main(["--db", str(db.path), "application", "show", record["id"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["receipt_no"] == record["receipt_no"]
    out = tmp / "r.pdf"
    assert main(["--db", str(db.path), "receipt", record["id"], "--format", "80mm", "--out", str(out), "--json"]) == 0
    qr = json.loads(capsys.readouterr().out)["qr_text"]
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", str(db.path), "receipt", "verify", qr, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True
    assert main(["--db", str(db.path), "receipt", "verify", qr.replace("KX1.", "KX1.A", 1), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]
    assert main(["--db", str(db.path), "application", "list", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [record["id"]]


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_printed_receipt_shows_chinese_and_its_qr_verifies_from_the_picture(world, layout):
    import pypdfium2
    import zxingcpp

    db, _, _ = world
    result = _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    printed = print_receipt(db, result.application_id, layout)
    text_ = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(printed.pdf)).pages)
    for expected in ("临清市恒达轴承制造有限公司", CODE, "轴承企业技术改造补助", "50,000.00", "人民币伍万元整", result.receipt_no):
        assert expected in text_, expected
    page = pypdfium2.PdfDocument(printed.pdf)[0]
    image = page.render(scale=3).to_pil()
    (decoded,) = zxingcpp.read_barcodes(image)
    checked = verify(db, decoded.text)
    assert checked.valid, checked.error
    assert checked.receipt.application_id == result.application_id


# -- the typed results ---------------------------------------------------------------------------


def test_show_is_typed_and_its_json_keeps_the_cli_contract(world):
    db, _, _ = world
    result = _file(world, [])  # 容缺: one material owed
    record = apps.show(db, result.application_id)
    assert record.missing == ("技术改造项目备案证明",) and record.deferred_deadline == dt.date(2026, 6, 8)
    assert record.created_at.utcoffset() == dt.timedelta(hours=8)  # on the hall's clock
    assert all(isinstance(m, FiledMaterial) for m in record.materials)
    assert list(record.to_json()) == [
        "id", "status", "status_name", "receipt_no", "credit_code", "enterprise_name", "item_id", "item_version",
        "item_title", "department", "doc_no", "hall_code", "hall_name", "window", "clerk", "agent", "benefit",
        "materials", "missing", "deferred_deadline", "eligibility", "history", "receipts", "created_at", "sync_state",
        "course", "rating",
    ]
    assert list(record.to_json()["history"][0]) == ["from", "to", "at", "hall_code", "reason"]
    [row] = apps.list_applications(db)
    assert list(row.to_json()) == ["id", "status", "status_name", "receipt_no", "credit_code", "enterprise_name",
                                   "item_id", "item_title", "created_at"]
    assert apps.search_applications(db) == (row,)


def test_the_agent_stays_masked_unless_revealed(world):
    db, _, _ = world
    result = _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    record = apps.show(db, result.application_id)
    assert not record.agent.revealed
    for shown in (repr(record), json.dumps(record.to_json(), ensure_ascii=False)):
        assert "11010519491231002X" not in shown and "13812345678" not in shown
    _log_in(db)
    assert reveal_agent(db, result.application_id, PASSWORD, "核对经办人", policy=FAST).detail.agent.revealed


def test_a_receipt_for_an_item_filed_as_to_be_verified_says_the_amount_is_an_estimate(world):
    db, _, _ = world
    result = _file(world, [apps.MaterialInput("技术改造项目备案证明")])
    settled = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(
        print_receipt(db, result.application_id, "a4").pdf)).pages)
    assert "核实为准" not in settled
    # As filed for an enterprise whose data left one condition open (需核实 on the review page).
    filed = {"verdict": "unknown", "as_of": "2026-06-01", "benefit": {"amount": "50000.00", "text": None},
             "conditions": [{"text": "研发费用占比不低于 3%", "fact": "rd_ratio", "result": "unknown"},
                            {"text": "企业规模为小型或微型", "fact": "size_class", "result": "pass"}]}
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE application SET trace_json = :t WHERE id = :i"),
                     {"t": json.dumps(filed, ensure_ascii=False), "i": result.application_id})
    printed = print_receipt(db, result.application_id, "80mm", reprint=True)
    words = "".join("".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(printed.pdf)).pages).split())
    assert "伍万元整" in words and "核实为准" in words
    assert "需核实的条件：研发费用占比不低于3%" in words and "企业规模为小型或微型" not in words


def test_an_older_trace_reads_typed_and_prints_as_filed():
    filed = json.dumps({"verdict": "unknown", "as_of": "2025-01-02", "benefit": {"amount": "12.50", "text": None},
                        "conditions": [{"text": "行业", "fact": "industry_code", "op": "in", "expected": ["C34", "C35"],
                                        "actual": None, "result": "unknown"}]}, ensure_ascii=False)
    trace = EligibilityAsFiled.parse(filed)
    assert trace.as_of == dt.date(2025, 1, 2) and trace.benefit.amount == Decimal("12.50")
    [line] = trace.conditions
    assert line.expected == ("C34", "C35") and line.label is None and line.actual_text is None
    assert json.dumps(trace.to_json(), ensure_ascii=False) == filed  # no key invented, none reordered
    assert EligibilityAsFiled.parse("{}").verdict is None


def test_a_receipt_check_that_fails_says_only_why(world):
    db, _, _ = world
    check = verify(db, "KX1.AAAA")
    assert not check.valid and check.receipt is None and check.error
    # Nothing of the QR is shown; the JSON grew the verdict and the checks that were made.
    assert list(check.to_json()) == ["valid", "error", "verdict", "checks"]
    assert check.to_json()["checks"] == [{"check": "signature", "result": "failed", "message": check.error}]
