"""The search keys a server computed, checked by the client before it uses them: a snapshot's
random sample (services/snapshot_provision) and a pulled page's (services/sync_enterprises)."""

from __future__ import annotations

import datetime as dt
import gzip
import sqlite3

import pytest
from sqlalchemy import text

from kuaixiang_core import snapshot as fmt
from kuaixiang_core.demo.enterprises import generate_chunk
from kuaixiang_core.domain.search_keys import keys_for
from kuaixiang_desktop.services import sync_enterprises
from kuaixiang_desktop.services.snapshot_provision import Provisioner, SnapshotRefused, folder_of

RECORDS = [d.record for d in generate_chunk(1, 0, 60)]
CURSORS = {"facts": "a", "policies": "b", "enterprises": "c"}


def _manifest(count: int) -> fmt.Manifest:
    return fmt.Manifest(id="0" * 64, size=1, chunk_size=1 << 16, chunks=("0" * 64,), cursors=CURSORS,
                        enterprises=count, keys_version=fmt.KEYS_VERSION, created_at=dt.datetime(2026, 12, 6),
                        signer="x", signature="")


def _packed(folder, rows) -> object:
    folder.mkdir(exist_ok=True)
    raw = folder / "raw.sqlite3"
    conn = sqlite3.connect(raw)
    for ddl in fmt.DDL:
        conn.execute(ddl)
    conn.executemany(f"INSERT INTO s_enterprise VALUES ({', '.join('?' * len(fmt.ENTERPRISE_COLUMNS))})", rows)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("format", str(fmt.FORMAT)), ("keys_version", str(fmt.KEYS_VERSION)), ("enterprises", str(len(rows))),
        *((f"cursor.{s}", c) for s, c in CURSORS.items())])
    conn.commit()
    conn.close()
    packed = folder / f"{'0' * 64}.kxsnap"
    packed.write_bytes(gzip.compress(raw.read_bytes()))
    raw.unlink()
    return packed


def _rows(wrong=()):
    rows = []
    for n, record in enumerate(RECORDS, start=1):
        row = list(fmt.enterprise_row(n, record))
        if n in wrong:
            row[fmt.ENTERPRISE_COLUMNS.index("initials")] = "zzzz"
        rows.append(tuple(row))
    return rows


def _provisioner(db) -> Provisioner:
    return Provisioner(db, client=None, cursor_key=lambda s: s, apply_items=lambda *a: None)  # type: ignore[arg-type]


def test_a_snapshot_whose_keys_the_client_would_make_is_built(db):
    work = _provisioner(db)
    folder = folder_of(db)
    built = work._stage(_manifest(len(RECORDS)), _packed(folder, _rows()))
    conn = sqlite3.connect(built)
    try:
        assert conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == len(RECORDS)
        assert conn.execute("SELECT count(*) FROM enterprise_search").fetchone()[0] == len(RECORDS)
        name, initials = conn.execute("SELECT name, initials FROM enterprise WHERE id = 7").fetchone()
        assert initials == keys_for(name, None).initials
    finally:
        conn.close()


def test_a_snapshot_with_keys_the_client_would_not_make_is_refused_and_not_taken_again(db):
    work = _provisioner(db)
    folder = folder_of(db)
    packed = _packed(folder, _rows(wrong=range(1, len(RECORDS) + 1)))  # every row: any sample finds one
    with pytest.raises(SnapshotRefused, match="检索键 initials"):
        work._stage(_manifest(len(RECORDS)), packed)
    assert not packed.exists() and not list(folder.glob("*.sqlite3"))
    assert (folder / "refused").read_text("utf-8") == "0" * 64  # offered() takes it no more
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM enterprise").scalar_one() == 0


@pytest.mark.allow_log_warnings
def test_a_page_whose_sampled_keys_agree_keeps_them_and_one_that_disagrees_gets_none(caplog):
    records = RECORDS[:40]
    right = [keys_for(r.name, r.legal_rep) for r in records]
    assert sync_enterprises.checked_keys(records, right) == right
    wrong = [k if n != 5 else keys_for("聊城市别的名字有限公司", None) for n, k in enumerate(right)]
    # 32 of the 40 are drawn: the wrong one is found in most draws; when it is, no key of the page is used.
    outcomes = {tuple(sync_enterprises.checked_keys(records, wrong)) for _ in range(40)}
    assert (None,) * 40 in outcomes and outcomes <= {(None,) * 40, tuple(wrong)}
    everywhere = [keys_for("聊城市别的名字有限公司", None)] * 40
    assert sync_enterprises.checked_keys(records, everywhere) == [None] * 40
    assert sync_enterprises.checked_keys(records, [None] * 40) == [None] * 40  # a server without keys
    assert "检索键与本机计算的不同" in caplog.text


def test_a_build_made_before_the_program_changed_the_schema_is_built_again(db):
    work = _provisioner(db)
    packed = _packed(folder_of(db), _rows())
    built = work._stage(_manifest(len(RECORDS)), packed)
    assert work._stage(_manifest(len(RECORDS)), packed) == built  # resumed: taken as it is
    with db.engine.begin() as conn:  # as a migration between the build and the swap would
        conn.exec_driver_sql("CREATE INDEX ix_enterprise_test ON enterprise (name)")
    built = work._stage(_manifest(len(RECORDS)), packed)
    conn = sqlite3.connect(built)
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ix_enterprise_test'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM enterprise").fetchone()[0] == len(RECORDS)
    finally:
        conn.close()


def test_an_enterprise_at_a_provinces_or_the_nations_code_is_refused_by_a_pull(db):
    """370000 and 100000 are in the region table for 省级/国家级 documents only: a record that
    names one is refused (as any unknown region is), the others of the page are written."""
    import dataclasses

    from kuaixiang_core import wire
    from kuaixiang_desktop.services.sync_report import SyncReport

    good, province, nation = RECORDS[:3]
    items = [wire.enterprise_to_wire(good),
             wire.enterprise_to_wire(dataclasses.replace(province, region_code="370000")),
             wire.enterprise_to_wire(dataclasses.replace(nation, region_code="100000"))]
    report = SyncReport()
    with db.sessions.begin() as s:
        sync_enterprises.apply_enterprise_page(s, items, report)
    assert sorted(f.ref for f in report.failures) == sorted([province.credit_code, nation.credit_code])
    assert all("本机不认识" in f.reason for f in report.failures)
    with db.sessions() as s:
        codes = set(s.execute(text("SELECT credit_code FROM enterprise")).scalars())
    assert codes == {good.credit_code}
