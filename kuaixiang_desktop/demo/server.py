"""The central server, in this process, for ``kuaixiang-desktop --demo``.

A newcomer should see sync work end to end without setting up a server: the demo starts the
real FastAPI app (kuaixiang_server) on uvicorn in a thread, on 127.0.0.1 and the same port
every start (the client keeps its pull cursors per server address), over a SQLite file in
the client's data dir, seeded with the same deterministic demo enterprises and catalogue as the client's demo database and the demo account (demo /
demo1234, hall 371502-01, window 01).  The server re-evaluates every application against its
own copy of the enterprise, which is why both sides must hold the same enterprises.

Nothing here touches Qt; ``start()`` blocks until the server listens (run it in a worker).
Seeding 20,000 enterprises takes several seconds; a cancel request (``start(cancel)``, or
the current task's event) stops it within milliseconds and leaves the server's database as
it was, so the next start seeds it in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kuaixiang_core.cancellation import Cancelled, cancellable, current_cancel_event, interrupted
from kuaixiang_core.demo import DEMO_HALL, DEMO_PASSWORD, DEMO_USER, DEMO_WINDOW

_CANCELLED = "演示服务器的准备已取消"

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0


class DemoServerError(RuntimeError):
    pass


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    hall: str
    window: str


def demo_account() -> DemoAccount:
    return DemoAccount(DEMO_USER, DEMO_PASSWORD, DEMO_HALL, DEMO_WINDOW)


class DemoServer:
    """``start()`` → URL; ``stop()`` ends it (idempotent).  One per demo window."""

    def __init__(self, folder: Path, *, enterprises: int, seed: int):
        self.folder = Path(folder)
        self.enterprises = enterprises
        self.seed = seed
        self.url: str | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self._db = None
        self._lock = threading.Lock()

    def _seeded(self, db) -> bool:
        from sqlalchemy import func, select

        from kuaixiang_server.models import Clerk, Enterprise

        with db.read() as session:
            has_clerk = session.scalars(select(Clerk.id).where(Clerk.username == DEMO_USER)).first() is not None
            count = session.scalar(select(func.count()).select_from(Enterprise)) or 0
        return has_clerk and count >= self.enterprises

    def start(self, cancel: threading.Event | None = None) -> str:
        """Seed the database when it needs it, then serve; returns the URL.

        ``cancel`` (default: the current task's event) stops the seeding with
        :class:`~.cancellation.Cancelled`; the seeding is one transaction, rolled back."""
        import uvicorn

        from kuaixiang_server.app import create_app
        from kuaixiang_server.config import Settings
        from kuaixiang_server.db import DatabaseError, open_database
        from kuaixiang_server.demo import seed_demo
        from kuaixiang_server.licences import DemoResolver

        with self._lock:
            if self.url is not None:
                return self.url
            self.folder.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{self.folder / 'demo-server.sqlite3'}"
            settings = Settings(db_url=url, data_dir=self.folder)
            try:
                self._db = open_database(url, key=settings.key)
            except DatabaseError as exc:
                raise DemoServerError(f"演示服务器的数据库无法使用：{exc}") from exc
            started = time.monotonic()
            if cancel is None:
                cancel = current_cancel_event()
            try:
                if not self._seeded(self._db):
                    with _stopped_by(self._db.engine, cancel):
                        seed_demo(self._db, enterprises=self.enterprises, seed=self.seed)
                    log.info("demo server seeded in %.1f s", time.monotonic() - started)
                elif cancel is not None and cancel.is_set():
                    raise Cancelled(_CANCELLED)
            except Cancelled:
                log.info("demo server seeding cancelled after %.1f s", time.monotonic() - started)
                self._db.close()
                self._db = None
                raise
            sock = _listening_socket(self.folder)
            try:
                port = sock.getsockname()[1]
                # The demo's 电子营业执照 codes come from this server (kuaixiang_server/licences.py).
                app = create_app(settings, self._db, licence_resolver=DemoResolver(settings.key))
                config = uvicorn.Config(app, log_config=None, log_level="warning",
                                        server_header=False)
                self._server = uvicorn.Server(config)
            except BaseException:
                sock.close()
                raise
            self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                            name="demo-server", daemon=True)
            self._thread.start()
            deadline = time.monotonic() + START_TIMEOUT_S
            while not self._server.started:
                if not self._thread.is_alive():
                    raise DemoServerError("演示服务器启动失败，详见日志")
                if time.monotonic() > deadline:
                    raise DemoServerError(f"演示服务器在 {START_TIMEOUT_S:.0f} 秒内没有启动")
                self._thread.join(timeout=0.02)
            self.url = f"http://127.0.0.1:{port}"
            log.info("demo server listening on %s", self.url)
            return self.url

    def stop(self) -> None:
        with self._lock:
            if self._server is not None:
                self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(timeout=10)
                if self._thread.is_alive():
                    log.warning("demo server did not stop within 10 s")
            if self._db is not None:
                self._db.close()
            self._server = self._thread = self._db = None
            self.url = None


PORT_FILE = "port"
# Below Linux's ephemeral range (32768–60999) and Windows' (49152–65535), so that no outgoing
# connection takes the demo's port between two starts.
_PORT_LO, _PORT_HI = 20000, 32000


def _candidate_ports(folder: Path) -> list[int]:
    """The port this folder's server used last (its cursors are kept per server address),
    then a few fixed ones derived from the folder, so that a new folder gets a stable one."""
    out: list[int] = []
    with contextlib.suppress(OSError, ValueError):
        saved = int((folder / PORT_FILE).read_text(encoding="ascii").strip())
        if 1024 <= saved <= 65535:
            out.append(saved)
    digest = hashlib.sha256(str(folder.resolve()).encode()).digest()
    for n in range(8):
        port = _PORT_LO + int.from_bytes(digest[2 * n:2 * n + 2], "big") % (_PORT_HI - _PORT_LO)
        if port not in out:
            out.append(port)
    return out


def _listening_socket(folder: Path) -> socket.socket:
    """A socket bound on 127.0.0.1 at the same port as the last start when it is free.

    The client keys its pull cursors by the server's address (services/sync_service), so a
    new port every start made the demo pull all of its enterprises again on every start.
    Only when every stable port is taken does the OS pick one (and that one is kept)."""
    for port in [*_candidate_ports(folder), 0]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        if port == 0:
            log.warning("demo server: every stable port is taken; the client pulls everything again")
        bound = sock.getsockname()[1]
        with contextlib.suppress(OSError):
            (folder / PORT_FILE).write_text(str(bound), encoding="ascii")
        return sock
    raise DemoServerError("演示服务器找不到可用端口")


@contextlib.contextmanager
def _stopped_by(engine, cancel: threading.Event | None) -> Iterator[None]:
    """While seeding: the records are made with ``cancel`` as the current event (the maker
    looks at it every few hundred records), and every SQLite connection that begins a
    transaction on ``engine`` is interrupted when it is set.  Either way the seeding leaves
    as :class:`Cancelled`, its transaction rolled back."""
    if cancel is None:
        yield
        return
    from sqlalchemy import event

    watched: list = []

    def on_begin(conn) -> None:
        raw = conn.connection.driver_connection
        raw.set_progress_handler(lambda: 1 if cancel.is_set() else 0, 20_000)
        watched.append(raw)

    event.listen(engine, "begin", on_begin)
    try:
        with cancellable(cancel):
            if cancel.is_set():
                raise Cancelled(_CANCELLED)
            yield
    except Exception as exc:
        if cancel.is_set() and interrupted(exc):
            raise Cancelled(_CANCELLED) from None
        raise
    finally:
        event.remove(engine, "begin", on_begin)
        for raw in watched:  # pooled connections go on to serve requests: unwatched
            raw.set_progress_handler(None, 20_000)
