"""Opening the client database: engine, SQLite pragmas, migration to head at start-up.

Two processes (the window and a ``kuaixiang`` command, two commands) may write at once.
SQLite lets one writer in at a time; the others wait up to :data:`BUSY_TIMEOUT` seconds.
A transaction that reads and then writes must take the write lock when it begins (``BEGIN
IMMEDIATE``): begun as a reader, it finds on its first write that another process committed
since its snapshot, and SQLite answers "database is locked" at once, without waiting. So
``Database.sessions.begin()`` and ``Database.write()`` (what every write of the client goes
through) begin IMMEDIATE; plain sessions and connections, which only read, begin DEFERRED and
never wait for a writer (WAL).

A full disk, a read-only file or folder, a disk error or a writer that never lets go is
raised as :class:`StorageFault`, whose message names the database file; the transaction has
rolled back, so nothing of it is left.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ..paths import FILE_MODE, POSIX, create_private, migrations_dir, private_dir, tighten_mode

BUSY_TIMEOUT = 30  # seconds a writer waits for another process's write transaction
_IMMEDIATE = "kuaixiang_immediate"


class DatabaseError(Exception):
    """The database cannot be used; the message says why in words a clerk can pass on."""


class SchemaTooNew(DatabaseError):
    pass


class StorageFault(DatabaseError):
    """Writing the database failed for a reason of the machine, not of the data: ``kind`` is
    ``full``, ``readonly``, ``cantopen``, ``io`` or ``busy``; ``path`` the database file."""

    def __init__(self, message: str, kind: str, path: Path):
        super().__init__(message)
        self.kind = kind
        self.path = path


def storage_fault(exc: BaseException, path: Path | str) -> StorageFault | None:
    """The :class:`StorageFault` that a sqlite3 error stands for, or None when the error is
    about the data or the statement (those keep their own exception)."""
    if not isinstance(exc, sqlite3.Error):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    path = Path(path)
    # SHMSIZE: the shared-memory file could not grow, which on a full disk is the first
    # thing a process that opens the database meets.
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE")) or "disk is full" in text:
        return StorageFault(f"磁盘空间不足，无法写入数据库 {path}：本次操作已撤销，数据库未做任何改动。"
                            "请清理磁盘后重试。", "full", path)
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return StorageFault(f"数据库文件 {path} 是只读的（或它所在的磁盘、文件夹只读）：无法写入，本次操作已撤销。"
                            "请检查文件权限后重试。", "readonly", path)
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database" in text:
        return StorageFault(f"无法打开数据库文件 {path}：文件或它所在的文件夹不存在或不可访问。", "cantopen", path)
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return StorageFault(f"读写数据库 {path} 时发生磁盘错误（{name or exc}）：本次操作已撤销。"
                            "请检查磁盘空间与磁盘状态后重试。", "io", path)
    if name.startswith("SQLITE_BUSY") or "database is locked" in text:
        return StorageFault(f"数据库 {path} 正被另一个程序写入，等待 {BUSY_TIMEOUT} 秒后仍未轮到：本次操作已撤销，"
                            "请稍后重试。", "busy", path)
    return None


_RELAXED = "kuaixiang_synchronous_normal"


def make_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no branch
        # Take transaction control away from the sqlite3 module so that BEGIN covers DDL
        # too and SAVEPOINTs work (SQLAlchemy's documented pysqlite recipe).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000}")
        # Applications and the outbox live here: a committed filing must survive power loss.
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn, record):
        if record.info.pop(_RELAXED, False):  # WriteSessions.begin(durable=False) is over
            dbapi_conn.execute("PRAGMA synchronous=FULL")
            dbapi_conn.execute("PRAGMA wal_autocheckpoint=1000")

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(_RELAXED):  # SQLite refuses it inside a transaction
            conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint=8000")
            conn.info[_RELAXED] = True
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_IMMEDIATE) else "BEGIN")

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        return storage_fault(context.original_exception, path)

    return engine


@contextlib.contextmanager
def _faults_named(path: Path | str | None) -> Iterator[None]:
    """sqlite3 errors raised past SQLAlchemy (the bulk writers use the driver's cursor) as
    the :class:`StorageFault` they stand for, once the transaction has rolled back."""
    try:
        yield
    except sqlite3.Error as exc:
        fault = storage_fault(exc, path or "")
        if fault is None:
            raise
        raise fault from exc


class WriteSessions(sessionmaker):
    """Sessions whose ``begin()`` takes the write lock at once (``BEGIN IMMEDIATE``); a
    plain session (``sessions()``) is a reader."""

    @contextlib.contextmanager
    def begin(self, *, durable: bool = True) -> Iterator[Session]:  # type: ignore[override]
        """``durable=False``: the commit does not wait for the disk (SQLite's
        ``synchronous=NORMAL`` in WAL mode: a power cut may lose the transaction, never
        corrupt the file; the next FULL commit makes it durable too), and the WAL may grow
        to 32 MB before it is copied back (pages written by one such transaction after
        another are copied once, not at every commit; the caller checkpoints when its run
        of them ends). Only for work fetched again when lost: a pulled page commits with its
        cursor, so a lost page is pulled again. The connection is FULL again, with SQLite's
        default checkpoints, when it goes back to the pool, before anyone else (an
        application filing) uses it."""
        bind = self.kw.get("bind")
        options = {_IMMEDIATE: True} if durable else {_IMMEDIATE: True, _RELAXED: True}
        with _faults_named(bind.url.database if bind is not None else None), self() as session, session.begin():
            session.connection(execution_options=options)
            yield session


@contextlib.contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """``engine.begin()`` for a transaction that writes: BEGIN IMMEDIATE."""
    with _faults_named(engine.url.database), engine.connect() as conn:
        conn.execution_options(**{_IMMEDIATE: True})
        with conn.begin():
            yield conn


# Alembic is imported where a schema is read or changed, not at import: it costs the window
# 17 MB and a third of a second at start, and an up-to-date database needs only its version
# row and the scripts' head.
def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

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
        if (stored := _stored_revision(engine)) is not None and stored == scripts_head():
            return False
        from alembic.script import ScriptDirectory

        current = current_revision(engine)
        script = ScriptDirectory.from_config(alembic_config())
        return current is not None and current != script.get_current_head() and script.get_revision(current) is not None
    except Exception:  # unreadable, or a revision we do not know: open_database says what is wrong
        return False
    finally:
        engine.dispose()


_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*=\s*['\"]?([\w.-]+|None)['\"]?\s*$", re.MULTILINE)


def scripts_head() -> str | None:
    """The newest migration's revision read straight from the scripts' ``revision`` and
    ``down_revision`` lines; None when they do not name exactly one head (then Alembic,
    which reads them properly, decides)."""
    revisions, parents = set(), set()
    for script in Path(migrations_dir(), "versions").glob("*.py"):
        fields = dict((key, value) for key, value in _REVISION_LINE.findall(script.read_text("utf-8")))
        if "revision" not in fields or "down_revision" not in fields:
            return None
        revisions.add(fields["revision"])
        parents.add(fields["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one_or_none()
        except Exception:  # no such table yet, or more than one row: Alembic decides
            return None


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target``; refuse a database written by a newer program."""
    if target == "head" and (stored := _stored_revision(engine)) is not None and stored == scripts_head():
        return  # up to date: the common start, without importing Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

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
    if current is not None and target == "head" and current == script.get_current_head():
        return  # nothing to do: no need to wait for another process's writes
    with write_connection(engine) as conn:
        command.upgrade(alembic_config(conn), target)


@dataclass
class Database:
    path: Path
    engine: Engine
    sessions: WriteSessions

    def write(self) -> contextlib.AbstractContextManager[Connection]:
        """A connection in a write transaction (BEGIN IMMEDIATE), committed on leaving."""
        return write_connection(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def _private_files(path: Path) -> None:
    """The database and its WAL and shared-memory files are the owner's alone (SQLite makes
    the -wal and -shm files with the database file's mode): a new database file is created
    0600 before SQLite opens it; one left readable by an older version is tightened."""
    try:
        fd = create_private(path)
    except FileExistsError:
        if POSIX:
            for suffix in ("", "-wal", "-shm", "-journal"):
                tighten_mode(Path(f"{path}{suffix}"), FILE_MODE)
        return
    except OSError:
        return  # SQLite says what is wrong when it opens it
    os.close(fd)


def open_database(path: Path | str, *, migrate_to: str | None = "head") -> Database:
    path = Path(path)
    try:
        private_dir(path.parent, tighten=False)
    except OSError as exc:
        raise DatabaseError(f"无法创建数据库目录 {path.parent}：{exc.strerror}") from exc
    _private_files(path)
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
    return Database(path=path, engine=engine, sessions=WriteSessions(engine, expire_on_commit=False))
