"""Closing the window while the demo is prepared: the client's and the demo server's seeding
stop promptly when the task's cancel event is set, write nothing (one transaction, rolled
back), and the next preparation writes the full demo.  Outside a task nothing changes."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import text

from kuaixiang_core import cancellation
from kuaixiang_core.cancellation import Cancelled, cancellable
from kuaixiang_core.demo import enterprises as demo_data
from kuaixiang_desktop.app import prepare_demo
from kuaixiang_desktop.demo import loader as demo
from kuaixiang_desktop.demo.loader import load_demo
from kuaixiang_desktop.demo.server import DemoServer
from kuaixiang_desktop.services.database import open_client_db

TABLES = ("enterprise", "enterprise_search", "enterprise_tag", "enterprise_fact")


def _counts(db) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def _content(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT credit_code, name, region_code, employees, revenue_fen, "
            "(SELECT count(*) FROM enterprise_tag t WHERE t.enterprise_id = e.id), "
            "(SELECT count(*) FROM enterprise_fact f WHERE f.enterprise_id = e.id) "
            "FROM enterprise e ORDER BY credit_code"))]


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 200 records and write batches of 150, so a load of 1,000 has several of each."""
    monkeypatch.setattr(demo_data, "CHUNK", 200)
    real_write = demo.write_enterprises
    seen: dict = {}

    def write(conn, items, **kw):
        seen["conn"] = conn
        return real_write(conn, items, **{**kw, "batch_size": 150})

    monkeypatch.setattr(demo, "write_enterprises", write)
    return seen


@pytest.fixture
def reference(tmp_path, small_chunks):
    """The same demo, loaded without interruption (with the same chunking)."""
    db = open_client_db(tmp_path / "reference.sqlite3")
    try:
        assert load_demo(db, enterprises=1000, seed=3).enterprises == 1000
        return _content(db)
    finally:
        db.close()


def test_a_cancel_between_chunks_writes_nothing_and_the_next_start_prepares_it_all(db, small_chunks, reference,
                                                                                      monkeypatch):
    event = threading.Event()
    real_chunk = demo_data.generate_chunk
    written_before: list[int] = []

    def chunk(seed, start, count, today=None):
        if start == 600:  # three chunks made, four batches of 150 written in the transaction
            written_before.append(small_chunks["conn"].exec_driver_sql("SELECT count(*) FROM enterprise").scalar())
            event.set()
        return real_chunk(seed, start, count, today)

    monkeypatch.setattr(demo_data, "generate_chunk", chunk)
    with cancellable(event), pytest.raises(Cancelled):
        load_demo(db, enterprises=1000, seed=3)
    assert written_before == [600]  # there was something to roll back
    assert _counts(db) == dict.fromkeys(TABLES, 0)

    monkeypatch.setattr(demo_data, "generate_chunk", real_chunk)
    assert prepare_demo(db, enterprises=1000, seed=3) == 1000  # the next start, outside a task
    assert _content(db) == reference


def test_a_cancel_in_the_middle_of_a_batch_interrupts_sqlite_and_keeps_no_half_batch(db, small_chunks, reference,
                                                                                       monkeypatch):
    event = threading.Event()
    real_write = demo.write_enterprises
    calls: list[int] = []

    def write(conn, items, **kw):
        # The event is set by SQLite itself while it inserts enterprise 520 (the fourth batch):
        # the Python loop between batches cannot see it before that executemany returns.
        raw = conn.connection.driver_connection
        raw.create_function("cancel_now", 0, lambda: calls.append(1) or event.set())
        conn.exec_driver_sql(
            "CREATE TEMP TRIGGER cancel_mid_batch AFTER INSERT ON enterprise WHEN new.id = 520 "
            "BEGIN SELECT cancel_now(); END")
        return real_write(conn, items, **kw)

    real_chunk = demo_data.generate_chunk
    made: list[int] = []

    def chunk(seed, start, count, today=None):
        made.append(start)
        return real_chunk(seed, start, count, today)

    monkeypatch.setattr(demo, "write_enterprises", write)
    monkeypatch.setattr(demo_data, "generate_chunk", chunk)
    with cancellable(event), pytest.raises(Cancelled, match="已取消"):
        load_demo(db, enterprises=1000, seed=3)
    assert calls == [1]
    assert made == [0, 200, 400]  # stopped inside the fourth batch's write, not at the next chunk
    assert _counts(db) == dict.fromkeys(TABLES, 0)
    with db.engine.connect() as conn:  # the temporary trigger went with the transaction
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger'").scalar() == 0

    monkeypatch.setattr(demo, "write_enterprises", real_write)
    monkeypatch.setattr(demo_data, "generate_chunk", real_chunk)
    assert prepare_demo(db, enterprises=1000, seed=3) == 1000
    assert _content(db) == reference


def test_making_a_full_chunk_stops_within_a_few_hundred_records(monkeypatch):
    event = threading.Event()
    made = 0
    real_size = demo_data._size

    def size(rng, individual, industry):
        nonlocal made
        made += 1
        if made == 1000:
            event.set()
        return real_size(rng, individual, industry)

    monkeypatch.setattr(demo_data, "_size", size)
    with cancellable(event), pytest.raises(Cancelled):
        demo_data.generate_chunk(1, 0, demo_data.CHUNK)
    assert 1000 <= made <= 1000 + 256  # not the whole chunk of 10,000


def test_outside_a_task_or_with_the_event_unset_the_load_runs_and_leaves_no_handler(db):
    idle = threading.Event()
    with cancellable(idle):
        assert load_demo(db, enterprises=120, seed=2).enterprises == 120
        idle.set()  # after the load: its progress handler must be gone from the connection
        with db.engine.connect() as conn:
            n = conn.exec_driver_sql(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
                "SELECT count(*) FROM n").scalar()
        assert n == 200000
    assert not cancellation.cancel_requested()  # no current event outside the block
    assert _counts(db)["enterprise"] == 120


def test_interrupting_leaves_other_errors_alone():
    event = threading.Event()
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="no such table"), cancellation.interrupting(conn, event):
        event.set()
        conn.execute("SELECT * FROM missing")
    conn.close()


# -- the demo server -------------------------------------------------------------------------


def _server_counts(folder) -> tuple[int, int]:
    conn = sqlite3.connect(folder / "demo-server.sqlite3")
    try:
        enterprises = conn.execute("SELECT count(*) FROM enterprise").fetchone()[0]
        clerks = conn.execute("SELECT count(*) FROM clerk WHERE username = 'demo'").fetchone()[0]
        return enterprises, clerks
    finally:
        conn.close()


def test_a_cancelled_server_seeding_leaves_its_database_unseeded_and_the_next_start_seeds_it(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_data, "CHUNK", 200)
    event = threading.Event()
    real_chunk = demo_data.generate_chunk

    def chunk(seed, start, count, today=None):
        if start == 400:
            event.set()
        return real_chunk(seed, start, count, today)

    monkeypatch.setattr(demo_data, "generate_chunk", chunk)
    folder = tmp_path / "server"
    server = DemoServer(folder, enterprises=600, seed=1)
    with pytest.raises(Cancelled):
        server.start(event)  # the event handed down, as from another thread
    assert server.url is None
    assert _server_counts(folder) == (0, 0)
    server.stop()

    monkeypatch.setattr(demo_data, "generate_chunk", real_chunk)
    again = DemoServer(folder, enterprises=600, seed=1)
    try:
        assert again.start().startswith("http://127.0.0.1:")
    finally:
        again.stop()
    assert _server_counts(folder) == (600, 1)


def test_a_cancel_inside_the_servers_write_interrupts_it(tmp_path, monkeypatch):
    import kuaixiang_server.demo as server_demo

    event = threading.Event()
    real_upsert = server_demo.upsert_enterprises

    def upsert(session, records, **kw):
        raw = session.connection().connection.driver_connection
        raw.create_function("cancel_now", 0, event.set)
        session.connection().exec_driver_sql(
            "CREATE TEMP TRIGGER cancel_mid_flush AFTER INSERT ON enterprise WHEN new.id = 150 "
            "BEGIN SELECT cancel_now(); END")
        return real_upsert(session, records, **kw)

    monkeypatch.setattr(server_demo, "upsert_enterprises", upsert)
    folder = tmp_path / "server"
    server = DemoServer(folder, enterprises=300, seed=1)
    with cancellable(event), pytest.raises(Cancelled):
        server.start()  # the current task's event
    assert event.is_set()
    assert _server_counts(folder) == (0, 0)

    monkeypatch.setattr(server_demo, "upsert_enterprises", real_upsert)
    try:
        server.start()  # the same instance can start again
    finally:
        server.stop()
    assert _server_counts(folder) == (300, 1)
