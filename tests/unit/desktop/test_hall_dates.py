"""One clerk's today (issue 14, point 9): every date the client shows, prints, writes from the
CLI or puts in a file name is the Asia/Shanghai date, whatever the machine's zone.

The clock stands at 23:30 UTC on 5 December: in Liaocheng it is already 07:30 on the 6th. The
process runs as a machine set to UTC would, and as one set to Los Angeles (the 5th, 15:30)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.printing import receipt as receipt_printing
from kuaixiang_desktop.printing.checklist import render_checklist
from kuaixiang_desktop.printing.layout import chinese_datetime
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services.checklist import checklist_data
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.enterprises import write_enterprises

MINI = Path(__file__).resolve().parents[2] / "data" / "catalogue" / "mini.yaml"
CODE = make_uscc("91371581MA3C00001")
HALL_DAY = dt.date(2026, 12, 6)  # EVENING_UTC (tests/conftest.py) in Liaocheng
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(db, tmp_path):
    import_catalogue(db, MINI)
    rec = EnterpriseRecord(credit_code=CODE, name="临清市恒达轴承制造有限公司", region_code="371581",
                           industry_code="3451", employees=25, established=dt.date(2020, 3, 1))
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    (tmp_path / "filing.pdf").write_bytes(PDF)
    return db, tmp_path


def _kx(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_clerks_today_is_shanghais(hall_morning):
    assert clock.today() == HALL_DAY
    assert clock.shanghai_date(clock.utcnow()) == HALL_DAY


def test_kuaixiang_match_is_as_of_the_hall_day(hall_morning, world, capsys):
    db, _ = world
    _code, out, _ = _kx(capsys, "--db", str(db.path), "match", CODE, "--json")
    assert json.loads(out)["as_of"] == HALL_DAY.isoformat()  # --as-of left out: the hall's today
    _code, out, _ = _kx(capsys, "--db", str(db.path), "match", CODE)
    assert f"截至 {HALL_DAY.isoformat()}" in out


def test_kuaixiang_reach_is_as_of_the_hall_day(hall_morning, world, capsys):
    db, _ = world
    _code, out, _ = _kx(capsys, "--db", str(db.path), "reach", "lq-zhoucheng", "--json")
    assert json.loads(out)["as_of"] == HALL_DAY.isoformat()


def test_the_checklist_is_dated_the_hall_day(hall_morning, world):
    db, _ = world
    data = checklist_data(db, CODE)
    assert data.as_of == HALL_DAY
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_checklist(data))).pages)
    assert "2026年12月06日" in text and "2026年12月05日" not in text  # 匹配日期 and the summary


def test_receipt_number_receipt_date_and_already_printed_say_the_hall_day(hall_morning, world, capsys, monkeypatch):
    db, tmp = world
    code, out, _ = _kx(capsys, "--db", str(db.path), "apply", CODE, "lq-zhoucheng", "--agent-name", "李四",
                       "--agent-id", "11010519491231002X", "--agent-phone", "13912345678",
                       "--material", f"技术改造项目备案证明={tmp / 'filing.pdf'}", "--json")
    assert code == 0, out
    record = json.loads(out)
    device = local_device(db).short_id
    assert f"-{HALL_DAY:%Y%m%d}-{device}-" in record["receipt_no"]

    printed = []
    real_render = receipt_printing.render_receipt
    monkeypatch.setattr("kuaixiang_desktop.printing.receipt.render_receipt",
                        lambda data, layout: printed.append(data) or real_render(data, layout))
    receipt = tmp / "r.pdf"
    assert _kx(capsys, "--db", str(db.path), "receipt", record["id"], "--out", str(receipt))[0] == 0
    assert chinese_datetime(printed[0].accepted_at) == "2026年12月06日 07:30:00"

    code, _out, err = _kx(capsys, "--db", str(db.path), "receipt", record["id"], "--out", str(receipt))
    assert code == 2
    assert f"已于 {HALL_DAY.isoformat()} 打印过" in err

    _code, out, _ = _kx(capsys, "--db", str(db.path), "application", "show", record["id"])
    assert "2026-12-06 07:30:00" in out and "2026-12-05" not in out  # its history, on the hall's clock


def test_enterprise_show_gives_its_update_time_on_the_hall_clock(hall_morning, world, capsys):
    db, _ = world  # written at 23:30 UTC
    code, out, _ = _kx(capsys, "--db", str(db.path), "enterprise", "show", CODE)
    assert code == 0
    assert "updated_at: 2026-12-06 07:30:00" in out
