"""The central server, in this process, for ``kuaixiang-desktop --demo``.

A newcomer should see sync work end to end without setting up a server: the demo starts the
real FastAPI app (kuaixiang_server) on uvicorn in a thread, on 127.0.0.1 and a port the OS
picks, over a SQLite file in the client's data dir, seeded with the same deterministic demo
enterprises and catalogue as the client's demo database and the demo account (demo /
demo1234, hall 371502-01, window 01).  The server re-evaluates every application against its
own copy of the enterprise, which is why both sides must hold the same enterprises.

Nothing here touches Qt; ``start()`` blocks until the server listens (run it in a worker).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

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
    from kuaixiang_server.demo import DEMO_HALL, DEMO_PASSWORD, DEMO_USER, DEMO_WINDOW

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

        from kuaixiang_server.demo import DEMO_USER
        from kuaixiang_server.models import Clerk, Enterprise

        with db.read() as session:
            has_clerk = session.scalars(select(Clerk.id).where(Clerk.username == DEMO_USER)).first() is not None
            count = session.scalar(select(func.count()).select_from(Enterprise)) or 0
        return has_clerk and count >= self.enterprises

    def start(self) -> str:
        import uvicorn

        from kuaixiang_server.app import create_app
        from kuaixiang_server.config import Settings
        from kuaixiang_server.db import DatabaseError, open_database
        from kuaixiang_server.demo import seed_demo

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
            if not self._seeded(self._db):
                seed_demo(self._db, enterprises=self.enterprises, seed=self.seed)
                log.info("demo server seeded in %.1f s", time.monotonic() - started)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
                config = uvicorn.Config(create_app(settings, self._db), log_config=None, log_level="warning",
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
