"""Opening the client database: engine, SQLite pragmas, migration to head at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ..paths import migrations_dir


class DatabaseError(Exception):
    """The database cannot be used; the message says why in words a clerk can pass on."""


class SchemaTooNew(DatabaseError):
    pass


def make_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no branch
        # Take transaction control away from the sqlite3 module so that BEGIN covers DDL
        # too and SAVEPOINTs work (SQLAlchemy's documented pysqlite recipe).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        # Applications and the outbox live here: a committed filing must survive power loss.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN")

    return engine


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade_pending(path: Path | str) -> bool:
    """A database file is there whose schema this program knows and would upgrade (not one
    from a newer program, which ``open_database`` refuses, nor a missing file)."""
    path = Path(path)
    if not path.is_file():
        return False
    engine = make_engine(path)
    try:
        current = current_revision(engine)
        script = ScriptDirectory.from_config(alembic_config())
        return current is not None and current != script.get_current_head() and script.get_revision(current) is not None
    except Exception:  # unreadable, or a revision we do not know: open_database says what is wrong
        return False
    finally:
        engine.dispose()


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target``; refuse a database written by a newer program."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises several kinds for an unknown revision
            raise SchemaTooNew(
                f"数据库的结构版本「{current}」比本程序新（本程序最高为「{script.get_current_head()}」）："
                "它由更新版本的政策快享创建。请升级本程序后再打开，数据未被改动。"
            ) from exc
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), target)


@dataclass
class Database:
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str, *, migrate_to: str | None = "head") -> Database:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"无法创建数据库目录 {path.parent}：{exc.strerror}") from exc
    engine = make_engine(path)
    try:
        if migrate_to is not None:
            migrate(engine, migrate_to)
    except SchemaTooNew:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(f"无法打开数据库 {path}：{exc}") from exc
    return Database(path=path, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
