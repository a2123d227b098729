"""容缺受理 with a pledge: which materials may follow, the deadline, receiving them, the
待补正 list, the printed 承诺书, and what is refused (失信, a material the item does not let
follow, a withdrawn application)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from sqlalchemy import select, text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_core.domain.working_days import is_working_day
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import pledges
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.forms import print_pledge
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import OutboxEntry

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

AGENT = apps.Agent("张三", "11010519491231002X", "13812345678")
CODE = make_uscc("91371581MA3C00001")
LIAR = make_uscc("91371581MA3C00002")  # 失信
ITEM = "lq-zhoucheng"
BANK = "银行基本存款账户信息"
FILING = "技术改造项目备案证明"
MONDAY = dt.date(2026, 6, 1)


def _catalogue(tmp_path):
    """The mini catalogue, with the 轴承 item naming what may follow: only the bank account
    details, within 3 working days; the filing proof must be there at 受理."""
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    item = next(i for d in data["documents"] for i in d["items"] if i["id"] == ITEM)
    item["materials"].append({"name": BANK, "required": True, "copies": 1})
    item["deferred"] = {"working_days": 3, "materials": [BANK]}
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def world(db, tmp_path):
    import_catalogue(db, _catalogue(tmp_path))
    common = dict(region_code="371581", industry_code="3451", employees=25, established=dt.date(2020, 3, 1))
    with db.engine.begin() as conn:
        write_enterprises(conn, [
            EnterpriseRecord(credit_code=CODE, name="临清市恒达轴承制造有限公司", legal_rep="王建国", **common),
            EnterpriseRecord(credit_code=LIAR, name="临清市失信轴承有限公司", dishonest=True, **common),
        ])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    (tmp_path / "bank.pdf").write_bytes(PDF)
    return db, local_device(db), tmp_path


def _file(world, materials, code=CODE, today=MONDAY, **kw):
    db, device, _ = world
    return apps.file_application(db, code, ITEM, AGENT, materials, device_id=device.short_id, today=today, **kw)


def test_named_material_may_follow_with_a_pledge_and_a_deadline_in_working_days(world):
    db, _, _ = world
    result = _file(world, [apps.MaterialInput(FILING)])
    assert result.status == "accepted" and result.missing == [BANK]
    assert result.deferred_deadline == dt.date(2026, 6, 4)  # 3 working days after Monday
    view = pledges.pledge_of(db, result.application_id, today=MONDAY)
    assert view.owed == (BANK,) and view.working_days == 3 and view.state == "due_soon" and view.days_left == 3


def test_a_missing_material_the_item_does_not_let_follow_gives_a_draft(world):
    result = _file(world, [apps.MaterialInput(BANK)])  # the filing proof is missing
    assert result.status == "draft" and result.missing == [FILING]
    db, _, _ = world
    assert pledges.pledge_of(db, result.application_id) is None


def test_a_pledge_for_a_material_the_item_does_not_allow_is_refused(world):
    with pytest.raises(apps.ApplyRefused) as info:
        _file(world, [apps.MaterialInput(BANK)], deferred=[FILING])
    assert info.value.field == "material" and f"「{FILING}」不能容缺补交" in info.value.message
    assert BANK in info.value.message  # says what may follow
    with pytest.raises(apps.ApplyRefused) as info:
        _file(world, [apps.MaterialInput(FILING)], deferred=["不存在的材料"])
    assert info.value.field == "material" and "不是" in info.value.message
    db, _, _ = world
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM application")).scalar() == 0  # nothing written


def test_a_dishonest_enterprise_is_never_accepted_with_materials_missing(world):
    with pytest.raises(apps.ApplyRefused) as info:
        _file(world, [apps.MaterialInput(FILING)], code=LIAR)
    assert info.value.field == "deferred" and "失信" in info.value.message
    with pytest.raises(apps.ApplyRefused):
        _file(world, [apps.MaterialInput(FILING)], code=LIAR, deferred=[BANK])
    # Missing something that may not follow anyway: a draft, as for anyone.
    assert _file(world, [apps.MaterialInput(BANK)], code=LIAR).status == "draft"
    # Without 容缺 it is a draft with a 一次性告知单, and with everything it is accepted.
    assert _file(world, [apps.MaterialInput(FILING)], code=LIAR, accept_deferred=False).status == "draft"
    full = _file(world, [apps.MaterialInput(FILING), apps.MaterialInput(BANK)], code=LIAR)
    assert full.status == "accepted" and full.deferred_deadline is None


def test_the_deadline_never_falls_on_a_holiday(world):
    # Filed the day before 国庆: three working days later is after the holiday week.
    result = _file(world, [apps.MaterialInput(FILING)], today=dt.date(2026, 9, 30))
    deadline = result.deferred_deadline
    assert deadline > dt.date(2026, 10, 7) and is_working_day(deadline)
    assert all(not is_working_day(dt.date(2026, 10, d)) for d in range(1, 8))


def test_receiving_the_material_closes_the_pledge_and_goes_to_the_outbox(world):
    db, _, tmp = world
    filed = _file(world, [apps.MaterialInput(FILING)])
    view = pledges.receive_material(db, filed.application_id, BANK, tmp / "bank.pdf", today=dt.date(2026, 6, 3))
    assert view.state == "closed" and view.owed == () and view.closed_on == dt.date(2026, 6, 3)
    record = apps.show(db, filed.application_id)
    bank = next(m for m in record.materials if m.name == BANK)
    assert bank.received and bank.attachment_sha256
    assert pledges.open_pledges(db, today=dt.date(2026, 6, 3)) == ()
    with db.sessions() as session:
        kinds = session.scalars(select(OutboxEntry.kind).order_by(OutboxEntry.id)).all()
    assert kinds == ["application.accepted", "application.supplemented"]
    with pytest.raises(apps.ApplyRefused) as info:  # twice
        pledges.receive_material(db, filed.application_id, BANK)
    assert f"已于 {apps.clock.today()} 收取" in info.value.message


def test_receiving_after_the_deadline_closes_it_as_late(world):
    db, _, _ = world
    filed = _file(world, [apps.MaterialInput(FILING)])
    overdue = pledges.open_pledges(db, today=dt.date(2026, 6, 10))
    assert [(p.application_id, p.state) for p in overdue] == [(filed.application_id, "overdue")]
    view = pledges.receive_material(db, filed.receipt_no, BANK, today=dt.date(2026, 6, 10))
    assert view.state == "closed_late" and view.state_name == "逾期补齐"


def test_a_withdrawn_application_takes_no_material_and_leaves_the_list(world):
    db, _, _ = world
    filed = _file(world, [apps.MaterialInput(FILING)])
    apps.transition(db, filed.application_id, "withdrawn", "企业放弃申请")
    assert pledges.open_pledges(db, today=MONDAY) == ()
    assert pledges.pledge_of(db, filed.application_id).state == "void"
    with pytest.raises(apps.ApplyRefused) as info:
        pledges.receive_material(db, filed.application_id, BANK)
    assert "撤回" in info.value.message


def test_receiving_a_material_the_application_does_not_have_is_refused(world):
    db, _, _ = world
    filed = _file(world, [apps.MaterialInput(FILING)])
    with pytest.raises(apps.ApplyRefused) as info:
        pledges.receive_material(db, filed.application_id, "营业执照")
    assert info.value.field == "material" and BANK in info.value.message


def test_due_list_is_sorted_by_deadline_and_filters_by_working_days(world, capsys):
    db, _, tmp = world
    late = _file(world, [apps.MaterialInput(FILING)], today=dt.date(2026, 5, 25))  # due 2026-05-28
    soon = _file(world, [apps.MaterialInput(FILING)], code=LIAR, accept_deferred=False)  # a draft: no pledge
    assert soon.status == "draft"
    rows = pledges.open_pledges(db, today=MONDAY)
    assert [r.application_id for r in rows] == [late.application_id] and rows[0].state == "overdue"
    counts = pledges.due_counts(db, today=MONDAY)
    assert (counts.due_soon, counts.overdue) == (0, 1)
    with pytest.raises(ValueError):
        pledges.open_pledges(db, due_within_days=-1)


def test_cli_lists_what_is_due_and_receives_a_material(world, capsys, monkeypatch):
    db, _, tmp = world
    filed = _file(world, [apps.MaterialInput(FILING)], today=apps.clock.today())
    path = str(db.engine.url.database)
    code = main(["application", "list", "--due-within", "3", "--db", path, "--json"])
    out, _ = capsys.readouterr()
    assert code == 0 and [r["application_id"] for r in json.loads(out)] == [filed.application_id]
    assert json.loads(out)[0]["owed"] == [BANK]
    assert main(["application", "list", "--due-within", "-1", "--db", path]) == 2
    assert main(["application", "list", "--due-within", "3", "--status", "accepted", "--db", path]) == 2
    capsys.readouterr()
    assert main(["application", "receive", filed.receipt_no, "营业执照", "--db", path]) == 2
    assert main(["application", "receive", filed.receipt_no, BANK, "--file", str(tmp / "bank.pdf"),
                 "--db", path, "--json"]) == 0
    capsys.readouterr()
    assert main(["application", "list", "--due-within", "3", "--db", path, "--json"]) == 0
    assert json.loads(capsys.readouterr()[0]) == []


def test_printed_pledge_names_the_material_and_the_deadline(world):
    db, _, _ = world
    filed = _file(world, [apps.MaterialInput(FILING)])
    printed = print_pledge(db, filed.application_id)
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.pdf)).pages)
    for needle in ("容缺受理承诺书", BANK, "2026年06月04日", "临清市恒达轴承制造有限公司", "王建国", filed.receipt_no):
        assert needle in words.replace("\n", ""), needle
    full = _file(world, [apps.MaterialInput(FILING), apps.MaterialInput(BANK)], code=LIAR)
    with pytest.raises(apps.ApplyRefused):
        print_pledge(db, full.application_id)  # no pledge, no 承诺书


def test_cli_prints_the_pledge_and_the_authorisation(world, capsys):
    db, _, tmp = world
    filed = _file(world, [apps.MaterialInput(FILING)], today=apps.clock.today())
    path = str(db.engine.url.database)
    out = tmp / "pledge.pdf"
    assert main(["receipt", filed.receipt_no, "--pledge", "--out", str(out), "--db", path]) == 0
    assert "容缺受理承诺书" in capsys.readouterr()[0] and out.read_bytes().startswith(b"%PDF")
    form = tmp / "auth.pdf"
    agent = ["--agent-name", "张三", "--agent-id", AGENT.id_number, "--agent-phone", AGENT.phone]
    assert main(["authorisation", CODE, *agent, "--item", ITEM, "--out", str(form), "--db", path]) == 0
    assert form.read_bytes().startswith(b"%PDF")
    assert main(["authorisation", CODE, *agent, "--until", "2026-02-30", "--out", str(form), "--db", path]) == 2
    assert main(["authorisation", CODE, *agent, "--until", "2000-01-01", "--out", str(form), "--db", path]) == 2
    assert main(["apply", CODE, ITEM, *agent, "--defer", FILING, "--db", path]) == 2
