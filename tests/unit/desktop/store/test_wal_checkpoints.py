"""store.wal_checkpoints: while a pull writes, what it commits is copied back into the
database file by a thread of its own; the writer's own checkpoints are only a backstop."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from kuaixiang_core.demo.enterprises import generate_chunk
from kuaixiang_desktop.store.database import RELAXED_WAL_PAGES
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.wal_checkpoints import BACKSTOP_PAGES, WalCheckpoints


def _count_in_file_alone(db, tmp_path) -> int:
    """Enterprises in the database file without its WAL: what has been copied back."""
    alone = tmp_path / "alone.sqlite3"
    shutil.copyfile(db.path, alone)
    conn = sqlite3.connect(alone)
    try:
        return conn.execute("SELECT count(*) FROM enterprise").fetchone()[0]
    finally:
        conn.close()


def test_what_a_pull_commits_is_copied_back_by_the_thread_not_the_writer(db, tmp_path):
    records = [d.record for d in generate_chunk(31, 0, 40)]
    with db.engine.connect() as conn:  # the new schema into the file itself
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with WalCheckpoints(db.path) as checkpoints:
        assert checkpoints.running
        for at in range(0, 40, 10):
            with db.sessions.begin(durable=False, wal_pages=BACKSTOP_PAGES) as session:
                conn = session.connection()
                # the writer copies back only past the backstop while the thread runs
                assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == BACKSTOP_PAGES
                write_enterprises(conn, records[at:at + 10], source="sync")
            assert _count_in_file_alone(db, tmp_path) == at  # committed, in the WAL only
            checkpoints.copied.clear()
            checkpoints.committed()
            assert checkpoints.copied.wait(timeout=60)
            assert _count_in_file_alone(db, tmp_path) == at + 10  # copied back by the thread
    assert not checkpoints.running and checkpoints.failed is None and checkpoints.done >= 4
    with db.sessions.begin(durable=False) as session:  # without the thread: the usual bound
        assert session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == RELAXED_WAL_PAGES


@pytest.mark.allow_log_warnings
def test_a_checkpoint_that_cannot_run_is_logged_and_leaves_the_writer_its_own(db, tmp_path, caplog):
    folder = tmp_path / "not-a-database"
    folder.mkdir()
    with WalCheckpoints(folder) as checkpoints:
        checkpoints.committed()
    assert isinstance(checkpoints.failed, sqlite3.Error) and checkpoints.done == 0 and not checkpoints.running
    assert [r.getMessage() for r in caplog.records if "后台写回数据库" in r.getMessage()], caplog.text
    # The pull goes on without it (sync_service asks for the usual bound when it is not running).
    with db.sessions.begin(durable=False) as session:
        write_enterprises(session.connection(), [d.record for d in generate_chunk(32, 0, 3)], source="sync")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM enterprise").scalar() == 3
