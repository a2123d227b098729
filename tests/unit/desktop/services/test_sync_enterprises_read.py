"""A page of the enterprises stream read on the thread that fetched it (``read_items``) is
written exactly as one read where it is written: the same rows, the same failures, in order."""

from __future__ import annotations

import threading
from dataclasses import replace

from sqlalchemy import text

from kuaixiang_core import wire
from kuaixiang_core.demo.enterprises import generate_chunk
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
