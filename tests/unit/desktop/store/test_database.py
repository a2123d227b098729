"""The client database: pragmas, migrations from empty and from an old schema, refusal of a newer one."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.store import enterprise_search
from kuaixiang_desktop.store.database import (
    BUSY_TIMEOUT,
    SchemaTooNew,
    current_revision,
    head_revision,
    make_engine,
    migrate,
    open_database,
)
from kuaixiang_desktop.store.models import Base


def test_pragmas_are_set_on_every_connection(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # A writer waits for another process's write transaction (a large import) this long.
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT * 1000 == 30_000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_a_transaction_that_need_not_be_durable_leaves_the_connection_durable(db):
    """A pulled page commits without waiting for the disk; the connection is FULL again
    before the pool hands it to anyone else (an application filing must be durable)."""
    with db.sessions.begin(durable=False) as session:
        conn = session.connection()
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 8000
        conn.exec_driver_sql("CREATE TABLE t (x)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        raw = conn.connection.dbapi_connection
    assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # back in the pool: FULL
    assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    with db.engine.connect() as other:
        assert other.exec_driver_sql("SELECT x FROM t").scalar() == 1
        assert other.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    with pytest.raises(RuntimeError), db.sessions.begin(durable=False) as session:  # rolled back: FULL again too
        session.connection()
        raise RuntimeError
    with db.engine.connect() as other:
        assert other.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_empty_database_ends_at_head_and_matches_the_models(tmp_path):
    db = open_database(tmp_path / "new.sqlite3")
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # The FTS5 table and its shadow tables are made by raw SQL, outside the ORM metadata.
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("enterprise_search"))]
    assert diff == []
    db.close()


def test_old_database_is_upgraded_and_its_enterprises_become_searchable(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrate(engine, "0001")
    code = make_uscc("91371502MA3C12345")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, level) VALUES ('371502', '东昌府区', 'county')"))
        conn.execute(
            text(
                "INSERT INTO enterprise (credit_code, name, legal_rep, region_code, is_individual, dishonest, "
                "source, updated_at, version) VALUES (:c, '聊城市恒达机械制造有限公司', '王建国', '371502', 0, 0, "
                "'local', '2024-01-01 00:00:00', 1)"
            ),
            {"c": code},
        )
    engine.dispose()

    db = open_client_db(path)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        for query in ("恒", "恒达", "恒达机械", "lchd", "王建国", code[-6:], code):
            hits = enterprise_search.search(conn, query)
            assert [h.credit_code for h in hits] == [code], query
    db.close()


def test_newer_schema_is_refused_and_left_untouched(future_schema_db_path):
    path = future_schema_db_path
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew) as info:
        open_client_db(path)
    assert "9999_from_the_future" in str(info.value)
    assert "升级" in str(info.value)
    assert path.read_bytes() == before


def test_foreign_keys_are_enforced(db):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO enterprise (credit_code, name, region_code, is_individual, dishonest, source, "
                    "updated_at, version, name_norm, core_norm, initials, core_initials) "
                    "VALUES ('X', 'n', '999999', 0, 0, 'l', '2024-01-01', 1, 'n', 'n', 'n', 'n')"
                )
            )


def test_reference_data_is_loaded(db):
    with db.engine.connect() as conn:
        regions = dict(conn.execute(text("SELECT code, name FROM region")).all())
        assert regions["371502"] == "东昌府区"
        assert regions["371581"] == "临清市"
        assert conn.execute(text("SELECT count(*) FROM industry WHERE level = 'division'")).scalar() == 97
        assert conn.execute(text("SELECT name FROM hall WHERE code = '371502-01'")).scalar() == "东昌府区政务服务中心"
