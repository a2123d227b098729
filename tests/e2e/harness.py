"""What the end-to-end sync tests run against: the real ``kuaixiang_server`` in a subprocess
on 127.0.0.1, a fault-injecting TCP/HTTP proxy, client windows on real databases, and a
read-only view of the server's database to count what it holds.

No test waits by sleeping: readiness is polled with deadlines (the pause between polls is a
wait on the server process itself, which also notices a crash at once).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import io
import json
import os
import shutil
import sqlite3
import sys
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from kuaixiang_core.server_process import ServerProcess as BaseServerProcess
from kuaixiang_core.server_process import server_environment

SERVER_KEY = base64.b64encode(bytes(range(32))).decode()  # the data key of every test server
# The key that certifies devices: one deployment, so every test server has the same.
SIGNING_KEY = base64.b64encode(bytes(range(100, 132))).decode()
DEMO_USER, DEMO_PASSWORD, DEMO_HALL = "demo", "demo1234", "371502-01"
HALL_B_USER, HALL_B_PASSWORD, HALL_B = "chiping", "chiping-2024", "371503-01"

# Figures gathered over the session, printed in the terminal summary (conftest).
FIGURES: dict[str, object] = {"filed": 0, "rounds": 0, "pushed": 0, "duplicates": 0, "conflicts": 0,
                              "rejected": 0, "retries": 0, "verified_exactly_once": 0, "extra_server_copies": 0,
                              "lost_locally": 0}


class ServerProcess(BaseServerProcess):
    """The shared harness over a SQLite file, with the test servers' data key, and the admin
    CLI at hand."""

    def __init__(self, db_path: Path, workdir: Path):
        super().__init__(str(db_path), workdir, env=server_environment(
            workdir / "server-data", key=SERVER_KEY, extra={"KUAIXIANG_SERVER_SIGNING_KEY": SIGNING_KEY}))
        self.db_path = db_path

    def admin(self, *args: str, stdin: str | None = None) -> object:
        """The admin CLI (``kuaixiang-server admin …``) in this process, on this database."""
        return admin(self.db_path, *args, stdin=stdin)


def admin(db_path: Path, *args: str, stdin: str | None = None) -> object:
    from kuaixiang_server import cli

    out = io.StringIO()
    old_stdin, old_env = sys.stdin, os.environ.get("KUAIXIANG_SERVER_KEY")
    sys.stdin = io.StringIO(stdin or "")
    os.environ["KUAIXIANG_SERVER_KEY"] = SERVER_KEY
    try:
        with contextlib.redirect_stdout(out):
            code = cli.main(["admin", "--db", str(db_path), "--json", *args])
    finally:
        sys.stdin = old_stdin
        if old_env is None:
            os.environ.pop("KUAIXIANG_SERVER_KEY", None)
        else:
            os.environ["KUAIXIANG_SERVER_KEY"] = old_env
    assert code == 0, f"admin {args} exited {code}: {out.getvalue()}"
    return json.loads(out.getvalue())


class ServerView:
    """Read-only look into the server's SQLite database (what the platform holds)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        conn = sqlite3.connect(self.db_path, timeout=30)
        try:
            conn.execute("PRAGMA query_only=1")
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def applications(self) -> dict[str, str]:
        return dict(self._query("SELECT id, status FROM application"))

    def id_counts(self, ids) -> Counter:
        wanted = set(ids)
        return Counter(i for (i,) in self._query("SELECT id FROM application") if i in wanted)

    def receipts(self, keys) -> Counter:
        wanted = set(keys)
        return Counter(k for (k,) in self._query("SELECT key FROM outbox_receipt") if k in wanted)

    def attachment(self, sha: str) -> bytes | None:
        rows = self._query("SELECT data FROM attachment WHERE sha256 = ? AND complete", (sha,))
        return bytes(rows[0][0]) if rows else None

    def agent_name(self, app_id: str) -> str | None:
        rows = self._query("SELECT agent_name FROM application WHERE id = ?", (app_id,))
        return rows[0][0] if rows else None


def copy_sqlite(src: Path, dst: Path) -> Path:
    """Copy a closed SQLite database (with its WAL, if one was left)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    for suffix in ("-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copyfile(str(src) + suffix, str(dst) + suffix)
    return dst


def start_server(template: Path, workdir: Path) -> ServerProcess:
    """A server on a copy of ``template`` (a seeded database), in ``workdir``."""
    workdir.mkdir(parents=True, exist_ok=True)
    return ServerProcess(copy_sqlite(template, workdir / "server.sqlite3"), workdir).start()


# ---------------------------------------------------------------------------------------------
# The fault-injecting proxy
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Fault:
    """``kind`` applied to requests whose method and path start match, after ``skip`` of them
    passed untouched, ``times`` times.

    kinds: ``drop_before`` (close without forwarding), ``drop_after`` (forward, the server
    acts, close without answering), ``delay`` (forward, answer after ``delay`` s), ``error500``
    (answer a bare 500 page, not forwarded), ``truncate`` (forward, answer with half the body),
    ``nonjson`` (forward, answer 200 with an HTML body), ``garble`` (forward, answer with the
    body's bytes scrambled), ``cut_upload`` (forward half the request body, then cut both
    connections), ``kill`` (forward, call ``action``, cut)."""

    kind: str
    method: str
    path: str
    times: int = 1
    skip: int = 0
    delay: float = 0.0
    action: Callable[[], None] | None = None
    fired: int = 0


class FaultProxy:
    """An asyncio HTTP/1.1 proxy on 127.0.0.1 in its own thread: one request per connection
    (it answers ``Connection: close``), faults injected per request."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str, str]] = []  # (method, path, what happened)
        self.encodings: Counter = Counter()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)
        self._tasks: set[asyncio.Task] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        self.port = asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(10)
        return self

    async def _serve(self) -> int:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def inject(self, kind: str, method: str, path: str, **kw) -> Fault:
        fault = Fault(kind, method, path, **kw)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.method == method and path.startswith(fault.path) and fault.fired < fault.times:
                    if fault.skip > 0:
                        fault.skip -= 1
                        return None
                    fault.fired += 1
                    return fault
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        kind = "pass"
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = [line for line in lines[1:] if line]
            length = 0
            for line in headers:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length) if length else b""
            fault = self._take(method, target)
            kind = fault.kind if fault else "pass"
            self.log.append((method, target, kind))
            kept = [h for h in headers if h.split(":", 1)[0].strip().lower() not in ("connection", "keep-alive")]
            upstream_head = "\r\n".join([lines[0], *kept, "Connection: close", "", ""]).encode("latin-1")
            if kind == "drop_before":
                return
            if kind == "error500":
                page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
                writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(page), page))
                await writer.drain()
                return
            if kind == "cut_upload":
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
                up_writer.write(upstream_head + body[: max(1, len(body) // 2)])
                await up_writer.drain()
                up_writer.close()  # in order (FIN): the server keeps what arrived
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(up_reader.read(), 10)
                return
            if kind == "kill":
                # The whole request reaches the server; while it works through it, the action
                # kills it; the client's connection is then cut.
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
                up_writer.write(upstream_head + body)
                await up_writer.drain()
                if fault is not None and fault.action is not None:
                    await asyncio.get_running_loop().run_in_executor(None, fault.action)
                up_writer.transport.abort()
                return
            response = await self._forward(upstream_head + body)
            if kind == "drop_after":
                return
            resp_head, _, resp_body = response.partition(b"\r\n\r\n")
            if b"content-encoding: gzip" in resp_head.lower():
                self.encodings["gzip"] += 1
            if kind == "delay":
                await asyncio.sleep(fault.delay if fault else 0)  # a slow link, not a test wait
            elif kind == "truncate":
                response = resp_head + b"\r\n\r\n" + resp_body[: len(resp_body) // 2]
            elif kind == "nonjson":
                page = b"<html>\xe7\xbd\x91\xe5\x85\xb3\xe9\x94\x99\xe8\xaf\xaf</html>"
                response = (b"HTTP/1.1 200 OK\r\nX-Kuaixiang-Protocol: 1\r\nContent-Type: text/html\r\n"
                            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(page), page))
            elif kind == "garble":
                response = resp_head + b"\r\n\r\n" + bytes((b ^ 0x5A) for b in resp_body)
            writer.write(response)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:  # stop() while a delayed answer waits: end quietly
            kind = "drop_before"
        finally:
            self._tasks.discard(task)
            if kind in _CUT:
                writer.transport.abort()  # RST, like a link that went away
            else:
                writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _forward(self, request: bytes) -> bytes:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            up_writer.write(request)
            await up_writer.drain()
            return await up_reader.read()
        finally:
            up_writer.close()
            with contextlib.suppress(Exception):
                await up_writer.wait_closed()


_CUT = ("drop_before", "drop_after", "cut_upload", "kill")
