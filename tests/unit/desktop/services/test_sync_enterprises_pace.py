"""What sync_enterprises sets around a pull of enterprises: the collector's pace (raised and
always put back, also when two pulls overlap or one fails) and the writing connection's
page cache."""

from __future__ import annotations

import gc

import pytest

from kuaixiang_desktop.services.sync_enterprises import PULL_GC_THRESHOLD, fewer_collections


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_raised_while_pulling_and_put_back_after_overlapping_pulls(thresholds):
    with fewer_collections():
        assert gc.get_threshold() == PULL_GC_THRESHOLD
        with fewer_collections():  # a second round on another library
            assert gc.get_threshold() == PULL_GC_THRESHOLD
        assert gc.get_threshold() == PULL_GC_THRESHOLD  # the first is still pulling
    assert gc.get_threshold() == (700, 10, 10)


def test_put_back_when_the_pull_fails(thresholds):
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("network")
    assert gc.get_threshold() == (700, 10, 10)


def test_never_lowered_nor_switched_on(thresholds):
    gc.set_threshold(500_000, 100, 200)  # someone's higher thresholds stay
    with fewer_collections():
        assert gc.get_threshold() == (500_000, 100, 200)
    gc.set_threshold(0)  # automatic collection off: it stays off
    with fewer_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold()[0] == 0


def test_the_connection_writes_a_page_with_the_larger_page_cache_and_gives_it_back(tmp_path, monkeypatch):
    from sqlalchemy import text

    from kuaixiang_core import wire
    from kuaixiang_core.demo.enterprises import generate_chunk
    from kuaixiang_desktop.services import sync_enterprises
    from kuaixiang_desktop.services.database import open_client_db
    from kuaixiang_desktop.services.sync_report import SyncReport

    db = open_client_db(tmp_path / "c.sqlite3")
    try:
        items = [wire.enterprise_to_wire(d.record) for d in generate_chunk(3, 0, 5)]
        report = SyncReport()
        seen: list[int] = []
        real = sync_enterprises.write_changes

        def spying(conn, *args, **kwargs):
            seen.append(conn.exec_driver_sql("PRAGMA cache_size").scalar())
            return real(conn, *args, **kwargs)

        monkeypatch.setattr(sync_enterprises, "write_changes", spying)
        with db.sessions.begin() as s:
            usual = s.execute(text("PRAGMA cache_size")).scalar_one()
            sync_enterprises.apply_enterprise_page(s, items, report)
            # The pooled connection goes on to serve the window's reads with its usual cache.
            assert s.execute(text("PRAGMA cache_size")).scalar_one() == usual != -sync_enterprises.PAGE_CACHE_KIB
        assert seen == [-sync_enterprises.PAGE_CACHE_KIB]
        assert not report.failures
        with db.sessions() as s:
            assert s.execute(text("SELECT count(*) FROM enterprise")).scalar_one() == 5
    finally:
        db.close()
