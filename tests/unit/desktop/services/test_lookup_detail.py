"""services.lookup.enterprise_detail: the card's record, with its newest applications (办理记录)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.lookup import CARD_APPLICATIONS, enterprise_detail
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import Application, Enterprise

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")
CODE = make_uscc("91371581MA3C00001")
OTHER = make_uscc("91371581MA3C00002")

# The keys `enterprise show` printed before applications were added.
KEYS = {
    "credit_code", "name", "legal_rep", "region_code", "region_name", "industry_code", "industry_name",
    "industry_group", "reg_type", "is_individual", "established", "registered_capital", "employees",
    "insured_employees", "revenue", "total_assets", "tax_credit_rating", "dishonest", "contact_phone",
    "size_class", "tags", "facts", "updated_at", "version",
}


@pytest.fixture
def world(db):
    import_catalogue(db, MINI)
    records = [
        EnterpriseRecord(credit_code=code, name=name, region_code="371581", industry_code="3451", employees=25,
                         established=dt.date(2020, 3, 1))
        for code, name in ((CODE, "临清市恒达轴承制造有限公司"), (OTHER, "临清市另一家轴承有限公司"))
    ]
    with db.engine.begin() as conn:
        write_enterprises(conn, records)
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    return db


def test_an_enterprise_without_applications_has_an_empty_list(world):
    detail = enterprise_detail(world, CODE)
    assert KEYS <= set(detail.to_json())
    assert detail.applications == () and detail.applications_total == 0


def test_a_filed_application_is_listed_with_title_status_and_local_time(world):
    device = local_device(world)
    filed = apps.file_application(world, CODE, "lq-zhoucheng", AGENT, [], device_id=device.short_id,
                                  today=dt.date(2026, 6, 1), accept_deferred=False)
    assert filed.status == "draft"  # no materials yet: a draft, no receipt
    detail = enterprise_detail(world, CODE)
    assert KEYS <= set(detail.to_json())
    [line] = detail.applications
    assert line.id == filed.application_id
    assert line.item_id == "lq-zhoucheng" and line.item_title == "轴承企业技术改造补助"
    assert line.status == "draft" and line.status_name == "草稿" and line.receipt_no is None
    assert line.created_at.utcoffset() == dt.timedelta(hours=8)  # the hall's clock, not UTC
    assert detail.applications_total == 1
    assert enterprise_detail(world, OTHER).applications == ()  # only this enterprise's


def test_the_newest_ten_come_first_and_the_total_counts_all(world):
    base = dt.datetime(2026, 3, 1, 1, 30)  # UTC: 09:30 in Shanghai
    with world.sessions.begin() as session:
        ent = session.query(Enterprise).filter_by(credit_code=CODE).one()
        for n in range(13):
            session.add(Application(
                id=f"00000000-0000-4000-8000-{n:012d}", enterprise_id=ent.id, item_id="lq-zhoucheng", item_version=1,
                status="accepted" if n % 2 else "paid", receipt_no=f"371502-01-20260301-TEST-{n:04d}",
                created_at=base + dt.timedelta(days=n),
            ))
    detail = enterprise_detail(world, CODE)
    lines = detail.applications
    assert len(lines) == CARD_APPLICATIONS == 10
    assert detail.applications_total == 13
    assert [line.receipt_no[-4:] for line in lines] == [f"{n:04d}" for n in range(12, 2, -1)]
    assert lines[0].created_at.isoformat() == "2026-03-13T09:30:00+08:00"
    assert {line.status_name for line in lines} == {"已受理", "已兑现"}
