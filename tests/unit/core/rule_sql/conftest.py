"""The rule SQL on both databases it runs on: the client's SQLite and the server's PostgreSQL.

``backend`` parametrizes every agreement test. On PostgreSQL each population is written by
the server's own writer (``kuaixiang_server.enterprises.upsert_enterprises``, so the columns
it derives, migration 0005, are under test too) into a schema of its own in one database
migrated by the server (made for the session, dropped after), and the SQL is compiled for
PostgreSQL and the server's ``enterprise_fact.name``. The Python side is the same either way.
Without a PostgreSQL at ``KUAIXIANG_TEST_PG_URL`` (default the local one) the PostgreSQL cases
are skipped with that reason.
"""

from __future__ import annotations

import itertools
import os
import socket
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from kuaixiang_core.rule_sql.dialect import POSTGRESQL, SQLITE

PG_URL = os.environ.get("KUAIXIANG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
_TABLES = ("change_counter", "enterprise", "enterprise_tag", "enterprise_fact", "application")
_schemas = itertools.count(1)


def _pg_answers(url) -> bool:
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2):
            return True
    except OSError:
        return False


class PgBackend:
    """Populations in PostgreSQL schemas; ``query`` runs SQL against one of them."""

    dialect = POSTGRESQL
    fact_column = "name"
    name = "postgresql"

    def __init__(self, engine):
        self.engine = engine

    def load(self, records) -> str:
        from kuaixiang_server.enterprises import upsert_enterprises

        schema = f"pop{next(_schemas)}"
        with self.engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
            for table in _TABLES:
                conn.execute(text(f"CREATE TABLE {schema}.{table} (LIKE public.{table} INCLUDING ALL)"))
            conn.execute(text(f"INSERT INTO {schema}.change_counter SELECT * FROM public.change_counter"))
            conn.execute(text(f"SET LOCAL search_path TO {schema}"))
            with Session(bind=conn) as session:
                upsert_enterprises(session, records, source="test_rule_sql")
                session.flush()
        return schema

    def query(self, schema: str, sql: str, params: dict) -> list:
        with self.engine.connect() as conn:
            conn.execute(text(f"SET search_path TO {schema}"))
            rows = conn.execute(text(sql), params).all()
            conn.rollback()
            return rows


class SqliteBackend:
    dialect = SQLITE
    fact_column = "fact_name"
    name = "sqlite"


@pytest.fixture(scope="session")
def _pg_engine():
    from kuaixiang_server.config import normalize_db_url
    from kuaixiang_server.db import open_database

    url = make_url(normalize_db_url(PG_URL))
    if not _pg_answers(url):
        pytest.skip(f"PostgreSQL does not answer at {url.render_as_string(hide_password=True)} "
                    "(set KUAIXIANG_TEST_PG_URL, or start PostgreSQL on 127.0.0.1:5432)")
    import psycopg

    name = f"kx_rule_sql_{os.getpid()}_{uuid.uuid4().hex[:8]}"

    def admin():
        return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                               dbname=url.database or "postgres", autocommit=True, connect_timeout=5)

    with admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        db = open_database(url.set(database=name).render_as_string(hide_password=False), key=bytes(32))
        try:
            yield db.engine
        finally:
            db.close()
    finally:
        with admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request):
    if request.param == "sqlite":
        return SqliteBackend()
    return PgBackend(request.getfixturevalue("_pg_engine"))
