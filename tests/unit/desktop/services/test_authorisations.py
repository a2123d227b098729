"""授权委托书: is the agent the legal representative (by name), filing under an authorisation
handed over now or on file, keeping it encrypted, and the pre-filled form."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import authorisations as auth
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.forms import print_authorisation
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.enterprises import write_enterprises

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CODE = make_uscc("91371581MA3C00001")
AGENT = apps.Agent("张三", "11010519491231002X", "13812345678")
OTHER = apps.Agent("李四", "11010519491231002X", "13812345678")
ITEM = "lq-zhoucheng"
FILING = "技术改造项目备案证明"
DAY = dt.date(2026, 6, 1)


@pytest.fixture
def world(db, tmp_path):
    import_catalogue(db, MINI)
    with db.engine.begin() as conn:
        write_enterprises(conn, [EnterpriseRecord(
            credit_code=CODE, name="临清市恒达轴承制造有限公司", legal_rep="王建国", region_code="371581",
            industry_code="3451", employees=25, established=dt.date(2020, 3, 1))])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    (tmp_path / "signed.pdf").write_bytes(PDF)
    return db, local_device(db), tmp_path


def _file(world, authorisation, agent=AGENT, today=DAY, materials=None):
    db, device, _ = world
    return apps.file_application(db, CODE, ITEM, agent, materials or [apps.MaterialInput(FILING)],
                                 device_id=device.short_id, today=today, authorisation=authorisation)


@pytest.mark.parametrize("agent, legal_rep, expected", [
    ("王建国", "王建国", auth.SAME),
    (" 王 建国", "王建国", auth.SAME),
    ("买买提·艾力", "买买提艾力", auth.SAME),
    ("张三", "王建国", auth.DIFFERENT),
    ("王建国", None, auth.UNSURE),  # the registry has no name
    ("王建围", "王建国", auth.UNSURE),  # one character: a typo or a variant
    ("欧阳明", "明", auth.UNSURE),
])
def test_agent_is_compared_with_the_legal_representative_by_name(agent, legal_rep, expected):
    assert auth.name_match(agent, legal_rep) == expected


def test_need_says_whether_an_authorisation_is_required(world):
    db, _, _ = world
    assert not auth.need(db, CODE, apps.Agent("王建国", AGENT.id_number, AGENT.phone), ITEM).required
    need = auth.need(db, CODE, AGENT, ITEM)
    assert need.required and need.legal_rep == "王建国" and need.on_file is None


def test_without_the_authorisation_the_application_is_a_draft_listing_it(world):
    result = _file(world, apps.AuthorisationInput())
    assert result.status == "draft" and result.missing == [auth.MATERIAL]


def test_a_signed_authorisation_is_filed_kept_encrypted_and_offered_again(world):
    db, _, tmp = world
    given = apps.AuthorisationInput(received=True, file=tmp / "signed.pdf", valid_from=DAY,
                                    valid_to=dt.date(2026, 12, 31), for_all_items=True)
    first = _file(world, given)
    assert first.status == "accepted"
    record = apps.show(db, first.application_id)
    row = next(m for m in record.materials if m.name == auth.MATERIAL)
    assert row.required and row.received and row.attachment_sha256
    with db.engine.connect() as conn:
        blob, masked = conn.execute(text("SELECT agent_id_enc, agent_id_masked FROM authorisation")).one()
    assert b"110105" not in blob and masked == "1101**********002X"
    on_file = auth.find_on_file(db, CODE, AGENT, ITEM, dt.date(2026, 7, 1))
    assert on_file is not None and on_file.valid_to == dt.date(2026, 12, 31)
    assert auth.need(db, CODE, AGENT, ITEM, dt.date(2026, 7, 1)).on_file == on_file
    # Not for another agent, nor after its period.
    assert auth.find_on_file(db, CODE, OTHER, ITEM, dt.date(2026, 7, 1)) is None
    assert auth.find_on_file(db, CODE, apps.Agent("张三", "110105194912310048", AGENT.phone), ITEM,
                             dt.date(2026, 7, 1)) is None
    assert auth.find_on_file(db, CODE, AGENT, ITEM, dt.date(2027, 1, 1)) is None
    # The next visit uses it: accepted with the same scan.
    apps.transition(db, first.application_id, "withdrawn", "重新申请")
    again = _file(world, apps.AuthorisationInput(on_file_id=on_file.id), today=dt.date(2026, 7, 1))
    assert again.status == "accepted"
    used = next(m for m in apps.show(db, again.application_id).materials if m.name == auth.MATERIAL)
    assert used.received and used.attachment_sha256 == row.attachment_sha256


def test_an_authorisation_on_file_that_does_not_apply_is_refused(world):
    db, _, tmp = world
    kept = auth.record(db, CODE, AGENT, DAY, dt.date(2026, 6, 30), item_id="lc-export", file=tmp / "signed.pdf")
    with pytest.raises(apps.ApplyRefused) as info:  # for another item only
        _file(world, apps.AuthorisationInput(on_file_id=kept.id))
    assert info.value.field == "authorisation"
    with pytest.raises(apps.ApplyRefused):
        _file(world, apps.AuthorisationInput(on_file_id="no-such-id"))


@pytest.mark.parametrize("valid_from, valid_to, words", [
    (dt.date(2026, 6, 2), dt.date(2026, 12, 31), "不含今天"),
    (DAY, None, "同时写明"),
])
def test_a_period_that_does_not_cover_today_is_refused(world, valid_from, valid_to, words):
    with pytest.raises(apps.ApplyRefused) as info:
        _file(world, apps.AuthorisationInput(received=True, valid_from=valid_from, valid_to=valid_to))
    assert words in info.value.message


def test_record_refuses_a_backwards_or_too_long_period(world):
    db, _, _ = world
    with pytest.raises(apps.ApplyRefused):
        auth.record(db, CODE, AGENT, DAY, DAY - dt.timedelta(days=1))
    with pytest.raises(apps.ApplyRefused):
        auth.record(db, CODE, AGENT, DAY, DAY + dt.timedelta(days=4 * 365))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM authorisation")).scalar() == 0


def test_printed_authorisation_carries_the_full_id_and_the_period(world):
    db, _, _ = world
    pdf = print_authorisation(db, CODE, AGENT, clock.today(), clock.today() + dt.timedelta(days=90), ITEM)
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    for needle in ("授权委托书", "临清市恒达轴承制造有限公司", CODE, "王建国", "张三", "11010519491231002X",
                   "轴承企业技术改造补助"):
        assert needle in words, needle
    with pytest.raises(apps.ApplyRefused):
        print_authorisation(db, CODE, AGENT, DAY, DAY - dt.timedelta(days=1), ITEM)
    with pytest.raises(apps.ApplyRefused):
        print_authorisation(db, CODE, apps.Agent("张三", "110105194912310021", "13812345678"), DAY, DAY, ITEM)
