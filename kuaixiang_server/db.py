"""Opening the server database: engine, SQLite pragmas, migrations at start-up.

SQLite: WAL, foreign keys, ``synchronous=FULL``; write transactions start with
``BEGIN IMMEDIATE`` so that two writers queue instead of failing half way, reads with a plain
``BEGIN``. PostgreSQL: psycopg 3, READ COMMITTED; migrations run under an advisory lock so
that instances starting together do not race.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from .models import ServerSetting

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "kuaixiang_server_version"
_MIGRATION_LOCK = 0x6B78_7365  # "kxse": pg_advisory_xact_lock key
_KEY_CHECK = "data_key_check"
_SIGNER_CHECK = "signing_key_id"


class DatabaseError(Exception):
    """The database cannot be used; the message says why."""


class SchemaTooNew(DatabaseError):
    pass


class KeyMismatch(DatabaseError):
    pass


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # pragma: no branch
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (SQLAlchemy's pysqlite recipe)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            readonly = conn.get_execution_options().get("kx_readonly")
            conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    raise DatabaseError(f"不支持的数据库 {parsed.get_backend_name()}：请用 sqlite:/// 或 postgresql://")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("version_table", VERSION_TABLE)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to head; refuse a database written by a newer server."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        heads = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_heads()
        for rev in heads:
            try:
                known = script.get_revision(rev)
            except Exception:  # alembic raises several kinds for an unknown revision
                known = None
            if known is None:
                raise SchemaTooNew(
                    f"数据库的结构版本「{rev}」比本程序新（本程序最高为「{script.get_current_head()}」）："
                    "它由更新版本的 kuaixiang-server 写入。请升级本程序后再启动；数据未被改动。"
                )
        command.upgrade(alembic_config(conn), "head")


@dataclass
class Database:
    url: str
    engine: Engine
    _writes: sessionmaker[Session]
    _reads: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A read-write transaction, committed at the end (rolled back on an exception)."""
        with self._writes.begin() as session:
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._reads.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, key: bytes | None = None, migrate_schema: bool = True) -> Database:
    """The database at ``url``, migrated to head; with ``key``, checked against the key the
    data was encrypted with (two instances with different keys would make unreadable rows)."""
    engine = make_engine(url)
    try:
        if migrate_schema:
            migrate(engine)
        if key is not None:
            _check_key(engine, key)
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"无法连接数据库 {make_url(url).render_as_string(hide_password=True)}：{exc.orig}") from exc
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(f"无法打开数据库 {make_url(url).render_as_string(hide_password=True)}：{exc}") from exc
    reads = engine.execution_options(kx_readonly=True)
    if engine.dialect.name == "postgresql":
        # One snapshot for a whole read (a page and the rows loaded with it agree).
        reads = engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return Database(
        url=url,
        engine=engine,
        _writes=sessionmaker(engine, expire_on_commit=False),
        _reads=sessionmaker(reads, expire_on_commit=False),
    )


def key_fingerprint(key: bytes) -> str:
    return hmac.new(key, b"kuaixiang-server data key check v1", hashlib.sha256).hexdigest()[:32]


_DATA_KEY_MISMATCH = ("本实例的数据密钥与数据库中已加密数据所用的密钥不同：请为所有实例设置同一个 "
                      "KUAIXIANG_SERVER_KEY（或使用同一个 server.key 文件）。")


def _check_key(engine: Engine, key: bytes) -> None:
    _record_or_compare(engine, _KEY_CHECK, key_fingerprint(key), _DATA_KEY_MISMATCH)


def check_signing_key(db: Database, signer_id: str) -> None:
    """Refuse to serve with a certifying key other than the one this database's devices were
    certified with: clients pinned it, and would reject every certificate of another."""
    _record_or_compare(db.engine, _SIGNER_CHECK, signer_id, (
        f"本实例的设备认证密钥（{signer_id}）与数据库登记的不同：请为所有实例设置同一个 "
        "KUAIXIANG_SERVER_SIGNING_KEY（或使用同一个 signing.key 文件）；各窗口已信任原来的密钥。"))


def _record_or_compare(engine: Engine, name: str, expected: str, mismatch: str) -> None:
    try:
        _record_or_compare_once(engine, name, expected, mismatch)
    except IntegrityError:  # another instance recorded it at the same moment
        _record_or_compare_once(engine, name, expected, mismatch)


def _record_or_compare_once(engine: Engine, name: str, expected: str, mismatch: str) -> None:
    with Session(engine) as session, session.begin():
        row = session.scalars(select(ServerSetting).where(ServerSetting.name == name)).one_or_none()
        if row is None:
            session.add(ServerSetting(name=name, value=expected))
        elif not hmac.compare_digest(row.value, expected):
            raise KeyMismatch(mismatch)
