"""草稿 of the apply wizard, and the in-progress applications the policy panel marks."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import drafts
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.database import head_revision, make_engine, migrate, open_database
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import ApplyDraft, Clerk, OutboxEntry

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
CODE = make_uscc("91371581MA3C00001")
ITEM = "lq-zhoucheng"
AGENT_ID = "11010519491231002X"
PHONE = "13812345678"


@pytest.fixture
def world(db):
    import_catalogue(db, MINI)
    rec = EnterpriseRecord(credit_code=CODE, name="临清市恒达轴承制造有限公司", region_code="371581",
                           industry_code="3451", employees=25, established=dt.date(2020, 3, 1))
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    return db


def _input(**kw) -> drafts.DraftInput:
    values = dict(
        credit_code=CODE, item_id=ITEM, page=1,
        materials=(drafts.DraftMaterial("技术改造项目备案证明", True, 1, 0,
                                        drafts.DraftFile("/scans/a.pdf", "a.pdf", 1200, "application/pdf", "ab" * 32)),
                   drafts.DraftMaterial("设备购置发票", False, 0, 1)),
        agent_name="张三", agent_id=AGENT_ID, agent_phone=PHONE,
    )
    values.update(kw)
    return drafts.DraftInput(**values)


def _outbox_count(db) -> int:
    with db.sessions() as session:
        return len(session.scalars(select(OutboxEntry)).all())


def test_a_saved_draft_comes_back_whole_and_never_enters_the_outbox(world):
    before = _outbox_count(world)
    row = drafts.save_draft(world, _input())
    assert (row.credit_code, row.item_id, row.page, row.received, row.agent_name) == (CODE, ITEM, 1, 1, "张三")
    assert row.created_at.utcoffset() == dt.timedelta(hours=8)  # shown on the hall's clock
    listed = drafts.list_drafts(world, CODE)
    assert [d.id for d in listed] == [row.id]
    assert drafts.list_drafts(world, make_uscc("91371581MA3C00002")) == ()
    draft = drafts.load_draft(world, row.id)
    assert draft.materials == _input().materials
    assert (draft.agent_name, draft.agent_id, draft.agent_phone) == ("张三", AGENT_ID, PHONE)
    assert _outbox_count(world) == before


def test_saving_again_replaces_the_clerks_draft_for_the_same_item(world):
    first = drafts.save_draft(world, _input())
    second = drafts.save_draft(world, _input(page=2, agent_phone=""))
    assert second.id == first.id and second.created_at == first.created_at
    assert len(drafts.list_drafts(world)) == 1
    assert drafts.load_draft(world, first.id).agent_phone == ""


def test_the_agents_id_and_phone_are_not_plain_in_the_database_file(world):
    row = drafts.save_draft(world, _input())
    world.engine.dispose()
    raw = Path(world.path).read_bytes() + (Path(str(world.path) + "-wal").read_bytes()
                                          if Path(str(world.path) + "-wal").exists() else b"")
    for secret in (AGENT_ID, PHONE, AGENT_ID[:14]):
        assert secret.encode() not in raw
    # Bound to the draft: the ciphertext moved onto another draft row does not open.
    other = drafts.save_draft(world, _input(item_id="other-item"))
    with world.sessions.begin() as session:
        blob = session.get(ApplyDraft, row.id).agent_id_enc
        session.get(ApplyDraft, other.id).agent_id_enc = blob
    with pytest.raises(ValueError, match="无法解密"):
        drafts.load_draft(world, other.id)


def test_discarding_removes_it_and_unknown_ids_say_so(world):
    row = drafts.save_draft(world, _input())
    assert drafts.discard_draft(world, row.id) is True
    assert drafts.discard_draft(world, row.id) is False
    with pytest.raises(drafts.DraftNotFound, match="草稿"):
        drafts.load_draft(world, row.id)


def test_another_halls_clerk_does_not_see_the_draft(world, monkeypatch):
    drafts.save_draft(world, _input())
    with world.sessions.begin() as session:
        session.add(Clerk(username="other", display_name="别的大厅", hall_code="371502-01", window="02", role="clerk"))
    with world.sessions.begin() as session:
        session.execute(text("UPDATE apply_draft SET hall_code = '371581-01'"))
    monkeypatch.setenv("KUAIXIANG_CLERK", "other")
    assert drafts.list_drafts(world) == ()


def test_a_draft_for_an_unknown_enterprise_is_refused_by_name(world):
    with pytest.raises(apps.ApplyRefused, match="91371581MA3C0000"):
        drafts.save_draft(world, _input(credit_code=make_uscc("91371581MA3C00009")))
    assert drafts.list_drafts(world) == ()


def test_open_applications_are_the_enterprises_in_progress_ones(world):
    device = local_device(world)
    assert drafts.open_applications(world, CODE) == ()
    filed = apps.file_application(world, CODE, ITEM, apps.Agent("张三", AGENT_ID, PHONE),
                                  [apps.MaterialInput("技术改造项目备案证明"), apps.MaterialInput("设备购置发票")],
                                  device_id=device.short_id, today=dt.date(2026, 6, 1))
    [open_one] = drafts.open_applications(world, CODE)
    assert (open_one.id, open_one.item_id, open_one.status, open_one.status_name, open_one.receipt_no) == (
        filed.application_id, ITEM, "accepted", "已受理", filed.receipt_no)
    apps.transition(world, filed.application_id, "withdrawn", reason="企业撤回")
    assert drafts.open_applications(world, CODE) == ()


def test_migration_0008_upgrades_a_0007_database_with_data(tmp_path):
    path = tmp_path / "schema-0007.sqlite3"
    engine = make_engine(path)
    migrate(engine, "0007")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, level) VALUES ('371581', '临清市', 'county')"))
        conn.execute(text("INSERT INTO enterprise (id, credit_code, name, region_code, is_individual, dishonest, "
                          "source, updated_at, version) VALUES (1, :c, '临清市恒达轴承制造有限公司', '371581', 0, 0, "
                          "'local', '2024-01-01 00:00:00', 1)"), {"c": CODE})
        conn.execute(text("INSERT INTO hall (code, name, region_code) "
                          "VALUES ('371581-01', '临清市政务服务中心', '371581')"))
        conn.execute(text("INSERT INTO clerk (id, username, display_name, hall_code, window, role, failed_attempts) "
                          "VALUES (1, 'wang', '王窗口', '371581-01', '03', 'clerk', 0)"))
    engine.dispose()
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
            assert conn.execute(text("SELECT name FROM enterprise")).scalar_one() == "临清市恒达轴承制造有限公司"
        row = drafts.save_draft(db, _input())
        assert drafts.load_draft(db, row.id).agent_id == AGENT_ID
    finally:
        db.close()
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT count(*) FROM apply_draft").fetchone() == (1,)
    finally:
        raw.close()


def test_a_saved_draft_survives_the_process(world):
    """Saving commits: another process (a fresh handle here, the window restarted after a
    crash) finds it."""
    from kuaixiang_desktop.services.database import open_client_db

    row = drafts.save_draft(world, _input())
    again = open_client_db(world.path)
    try:
        assert [d.id for d in drafts.list_drafts(again, CODE)] == [row.id]
        assert drafts.load_draft(again, row.id).agent_id == AGENT_ID
    finally:
        again.close()


def test_with_nobody_at_the_window_there_are_no_drafts_to_list(db):
    assert drafts.list_drafts(db) == ()
