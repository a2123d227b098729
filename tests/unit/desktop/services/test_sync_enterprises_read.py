"""A page of the enterprises stream read on the thread that fetched it (``read_items``) is
written exactly as one read where it is written: the same rows, the same failures, in order."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import text

from kuaixiang_core import wire, wire_parts
from kuaixiang_core.demo.enterprises import generate_chunk
from kuaixiang_core.domain.enterprise import RECORD_COLUMNS, ChangedParts
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.sync_enterprises import apply_enterprise_page, read_items
from kuaixiang_desktop.services.sync_report import SyncReport

_TABLES = ("SELECT credit_code, name, employees, size_class FROM enterprise ORDER BY credit_code",
           "SELECT e.credit_code, f.fact_name, f.valid_on, f.value FROM enterprise_fact f "
           "JOIN enterprise e ON e.id = f.enterprise_id ORDER BY 1, 2, 3")


def _page() -> list[dict]:
    records = [d.record for d in generate_chunk(21, 0, 30)]
    items = [wire.enterprise_to_wire(r, version=1, updated_at=None) for r in records]
    bad_code = dict(items[3], credit_code=items[3]["credit_code"][:-1] + ("0" if items[3]["credit_code"][-1] != "0" else "1"))
    bad_type = dict(items[7], employees="many")
    unknown_region = wire.enterprise_to_wire(replace(records[9], region_code="110101"), version=1, updated_at=None)
    return [*items[:3], bad_code, *items[4:7], bad_type, *items[8:9], unknown_region, *items[10:]]


def _applied(path, page: list[dict], ahead) -> tuple[list, list]:
    db = open_client_db(path)
    try:
        report = SyncReport(started_at="2026-12-06T00:00:00Z")
        with db.sessions.begin() as session:
            apply_enterprise_page(session, page, report, ahead)
        with db.engine.connect() as conn:
            rows = [[tuple(r) for r in conn.execute(text(sql))] for sql in _TABLES]
        return rows, [(f.scope, f.ref, f.reason) for f in report.failures]
    finally:
        db.close()


def test_a_page_read_on_the_fetching_thread_is_written_as_one_read_here(tmp_path):
    page = _page()
    done: list = []
    fetcher = threading.Thread(target=lambda: done.append(read_items(page)))
    fetcher.start()
    fetcher.join()
    here = _applied(tmp_path / "here.sqlite3", page, None)
    there = _applied(tmp_path / "there.sqlite3", page, done[0])
    assert here == there
    rows, failures = there
    assert len(rows[0]) == 27  # 30 items, a bad check digit, a bad type and a region not known
    assert [f[1] for f in failures] == [page[3]["credit_code"], page[7]["credit_code"], page[9]["credit_code"]]
    assert "格式不对" in failures[0][2] and "employees" in failures[1][2] and "110101" in failures[2][2]


def _parts(item: dict, version: int, *columns: str, **changed) -> dict:
    """``item`` as changed parts of ``version`` holding ``columns`` (and ``changed`` values)."""
    return {"credit_code": item["credit_code"], **{c: item[c] for c in columns}, **changed, "facts": [],
            wire_parts.FIELD: version, "version": 2, "updated_at": None}


def test_changed_parts_are_read_with_the_columns_they_hold_and_checked_as_whole_records_are():
    item = wire.enterprise_to_wire(next(d.record for d in generate_chunk(22, 0, 1)), version=1, updated_at=None)
    read = wire.enterprise_from_wire(_parts(item, 2, employees=12))
    assert read == ChangedParts(item["credit_code"], {"employees": 12}, [], None)
    assert wire.enterprise_from_wire(dict(_parts(item, 2), tags=[])).tags == []  # tags sent: none left
    every = wire.enterprise_from_wire(_parts(item, 1, *RECORD_COLUMNS))
    assert set(every.columns) == set(RECORD_COLUMNS) and every.columns["name"] == item["name"]
    # A column sent is checked as a whole record's is, and named in the message.
    for bad, where in (({"employees": -1}, "enterprise.employees"), ({"name": ""}, "enterprise.name"),
                       ({"established": "2026-02-30"}, "enterprise.established"),
                       ({"dishonest": "yes"}, "enterprise.dishonest")):
        with pytest.raises(wire.WireError) as caught:
            wire.enterprise_from_wire(_parts(item, 2, **bad))
        assert caught.value.field == where, bad
    for version in (0, 3, "2", True):  # a format this client does not know: it cannot tell what was left out
        with pytest.raises(wire.WireError) as caught:
            wire.enterprise_from_wire(_parts(item, version))
        assert caught.value.field == "enterprise.parts", version


def test_changed_parts_that_leave_the_region_out_are_written_and_a_region_not_known_is_not(tmp_path):
    records = [d.record for d in generate_chunk(23, 0, 3)]
    db = open_client_db(tmp_path / "parts.sqlite3")
    try:
        with db.sessions.begin() as session:
            apply_enterprise_page(session, [wire.enterprise_to_wire(r, version=1, updated_at=None) for r in records],
                                  SyncReport(started_at="2026-12-06T00:00:00Z"))
        items = [wire.enterprise_to_wire(r, version=1, updated_at=None) for r in records]
        page = [_parts(items[0], 2, employees=4321), _parts(items[1], 2, region_code="110101", employees=1),
                _parts(items[2], 2, contact_phone="13800001111")]
        report = SyncReport(started_at="2026-12-06T00:00:00Z")
        with db.sessions.begin() as session:
            apply_enterprise_page(session, page, report)
        with db.engine.connect() as conn:
            got = dict(conn.execute(text("SELECT credit_code, employees FROM enterprise")).all())
            phone = conn.execute(text("SELECT contact_phone FROM enterprise WHERE credit_code = :c"),
                                 {"c": records[2].credit_code}).scalar_one()
    finally:
        db.close()
    assert got[records[0].credit_code] == 4321 and got[records[1].credit_code] == records[1].employees
    assert phone == "13800001111"
    assert [(f.ref, "110101" in f.reason) for f in report.failures] == [(records[1].credit_code, True)]
