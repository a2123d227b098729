"""The central server under test: real uvicorn processes over real HTTP, on SQLite and on
PostgreSQL (a fresh database per test session on 127.0.0.1:5432, dropped afterwards).

Every session-scoped server is started with ``--demo`` (the demo catalogue, 2,000 demo
enterprises, the Liaocheng halls and demo/demo1234) plus a few more clerks written directly
into its database. Tests that change shared data use enterprises and users of their own.
"""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kuaixiang_core.domain import receipt_token
from kuaixiang_core.server_process import ServerProcess, run_server_cli, server_environment
from kuaixiang_server import auth
from kuaixiang_server.db import Database, open_database
from kuaixiang_server.models import Clerk, Enterprise, EnterpriseFact

TEST_KEY = bytes(range(32))
TEST_KEY_B64 = base64.b64encode(TEST_KEY).decode()
# The key that certifies devices: one for every instance, as the data key.
TEST_SIGNING_KEY_B64 = base64.b64encode(bytes(range(100, 132))).decode()
PG_URL = os.environ.get("KUAIXIANG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "secret-pass-1"

# Extra clerks: (username, hall, window)
CLERKS = (
    ("dcf2", "371502-01", "02"),
    ("linqing", "371581-01", "01"),
    ("locked", "371502-01", "03"),
    ("revokee", "371502-01", "04"),
    ("expiree", "371502-01", "05"),
)


def server_env(folder: Path) -> dict[str, str]:
    """The environment of a server process: every user dir points into ``folder``."""
    return server_environment(folder / "server-data", key=TEST_KEY_B64, extra={
        "KUAIXIANG_SERVER_SIGNING_KEY": TEST_SIGNING_KEY_B64, "HOME": str(folder / "home"), "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "xdg-data"), "KUAIXIANG_DATA_DIR": str(folder / "client-data"),
    })


def run_cli(args: list[str], folder: Path, *, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """``kuaixiang-server …`` in a child process."""
    return run_server_cli(args, env=server_env(folder), stdin=stdin, timeout=timeout)


def start_server(db_url: str, folder: Path, *args: str, wait: bool = True) -> ServerProcess:
    """``kuaixiang-server`` on a free port, over ``db_url``; ready on return when ``wait``."""
    return ServerProcess(db_url, folder, *args, env=server_env(folder)).start(wait=wait)


# --- databases --------------------------------------------------------------------------------------


def _pg_answers() -> bool:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    try:
        with socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2):
            return True
    except OSError:
        return False


def _pg_admin():
    import psycopg
    from sqlalchemy.engine import make_url

    from kuaixiang_server.config import normalize_db_url

    url = make_url(normalize_db_url(PG_URL))
    return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                           dbname=url.database or "postgres", autocommit=True, connect_timeout=5)


@contextlib.contextmanager
def fresh_pg_database():
    """A new, empty PostgreSQL database; dropped afterwards."""
    from sqlalchemy.engine import make_url

    from kuaixiang_server.config import normalize_db_url

    if not _pg_answers():
        pytest.skip(f"PostgreSQL does not answer at {make_url(PG_URL).render_as_string(hide_password=True)} "
                    "(set KUAIXIANG_TEST_PG_URL, or start PostgreSQL on 127.0.0.1:5432)")
    name = f"kx_server_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(normalize_db_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(kind: str, folder: Path):
    if kind == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{folder / f'server-{uuid.uuid4().hex[:8]}.sqlite3'}"
    else:
        with fresh_pg_database() as url:
            yield url


@dataclass
class Server:
    kind: str
    process: ServerProcess
    db: Database
    folder: Path
    _pool: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def db_url(self) -> str:
        return self.process.db_url

    def take_enterprise(self, *, fact: str | None = None, value: str | None = None) -> str:
        """A demo enterprise no other test has taken (optionally with fact == value). Only
        the demo's own (source 'demo', every one with facts): enterprises other tests made
        (imports without facts, say) have codes that sort among the demo's, so which one came
        next depended on what had run before."""
        with self.db.read() as s:
            query = select(Enterprise.credit_code).where(Enterprise.source == "demo").order_by(Enterprise.credit_code)
            if fact is not None:
                query = query.join(EnterpriseFact).where(EnterpriseFact.name == fact, EnterpriseFact.value == value,
                                                         Enterprise.dishonest.is_(False))
            else:  # with facts of some kind
                query = query.where(select(EnterpriseFact.enterprise_id)
                                    .where(EnterpriseFact.enterprise_id == Enterprise.id).exists())
            for code in s.scalars(query):
                if code not in self._pool:
                    self._pool.append(code)
                    return code
        raise LookupError(f"no free demo enterprise with {fact} == {value}")


@pytest.fixture(scope="session")
def _servers(tmp_path_factory):
    """Both session servers, started at once (seeding the demo takes a few seconds each);
    ``server`` waits for the one a test asks for."""
    started: dict[str, ServerProcess | pytest.skip.Exception] = {}
    with contextlib.ExitStack() as stack:
        for kind in ("sqlite", "postgresql"):
            folder = tmp_path_factory.mktemp(f"server-{kind}")
            try:
                url = stack.enter_context(fresh_database(kind, folder))
            except pytest.skip.Exception as skipped:
                started[kind] = skipped
                continue
            proc = start_server(url, folder, "--demo", wait=False)
            stack.callback(proc.stop)
            started[kind] = proc
        yield started


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def server(request, _servers) -> Server:
    proc = _servers[request.param]
    if isinstance(proc, BaseException):
        pytest.skip(str(proc))
    proc.wait_ready()
    db = open_database(proc.db_url, key=TEST_KEY)
    try:
        with db.write() as s:
            present = set(s.scalars(select(Clerk.username)))
            for username, hall, window in CLERKS:
                if username not in present:  # the fixture may be set up again after another backend's
                    auth.add_clerk(s, username, PASSWORD, hall, display_name=f"{username} 窗口", window=window)
        yield Server(request.param, proc, db, proc.folder)
    finally:
        db.close()


@pytest.fixture(autouse=True)
def _server_env(monkeypatch, tmp_path):
    # The admin CLI run in-process must open the servers' databases with their keys.
    monkeypatch.setenv("KUAIXIANG_SERVER_KEY", TEST_KEY_B64)
    monkeypatch.setenv("KUAIXIANG_SERVER_SIGNING_KEY", TEST_SIGNING_KEY_B64)
    monkeypatch.setenv("KUAIXIANG_SERVER_DATA_DIR", str(tmp_path / "server-data"))


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


class KeyedDevice(dict):
    """A device as a log-in body names it (key id, public key, label), holding its private
    key beside (not in) the JSON."""

    private: bytes = b""


def new_device(label: str = "测试窗口") -> KeyedDevice:
    private, public = receipt_token.generate_key()
    device = KeyedDevice(key_id=receipt_token.key_id(public), public_key=base64.b64encode(public).decode(), label=label)
    device.private = private
    return device


def proven(client: httpx.Client, device: KeyedDevice) -> dict:
    """``device`` with a fresh server challenge and its signature: what a real client sends."""
    from kuaixiang_core.domain.device_trust import sign_proof

    response = client.post("/api/v1/devices/challenge")
    assert response.status_code == 200, response.text
    challenge = response.json()["challenge"]
    return {**device, "challenge": challenge, "signature": sign_proof(challenge, device.private)}


# The receipt-signing device of each hall's session log-ins: the server checks that a receipt
# number names the device of the token that pushes it (entries made by ``accepted`` do).
HALL_DEVICES = {"371502-01": new_device("东昌府区测试窗口"), "371581-01": new_device("临清市测试窗口")}


def device_short_id(hall: str) -> str:
    return HALL_DEVICES[hall]["key_id"][:4].upper()


def login(client: httpx.Client, username: str = "demo", password: str = "demo1234", device: dict | None = None) -> str:
    body: dict = {"username": username, "password": password}
    if device is not None:
        body["device"] = proven(client, device) if isinstance(device, KeyedDevice) else device
    response = client.post("/api/v1/login", json=body)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def _tokens(server) -> dict[str, str]:
    """One log-in per user per server (each costs a scrypt): tests that revoke use their own users."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        return {"demo": login(client, device=HALL_DEVICES["371502-01"]),
                "linqing": login(client, "linqing", PASSWORD, HALL_DEVICES["371581-01"])}


@pytest.fixture
def demo_token(_tokens) -> str:
    return _tokens["demo"]


@pytest.fixture
def linqing_token(_tokens) -> str:
    return _tokens["linqing"]


def latest_cursor(server: Server, stream: str) -> str:
    """The cursor a client has once it pulled everything of ``stream`` so far."""
    from kuaixiang_server.changes import encode_cursor
    from kuaixiang_server.models import ChangeCounter

    with server.db.read() as s:
        return encode_cursor(stream, s.get(ChangeCounter, stream).value)


def pull_all(client: httpx.Client, token: str, stream: str, *, limit: int = 500, after: str | None = None,
             max_pages: int = 1000) -> tuple[list[dict], str, int]:
    """Every item of a stream after ``after``: (items, last cursor, pages)."""
    items: list[dict] = []
    cursor = after
    for pages in range(1, max_pages + 1):
        params: dict = {"limit": limit}
        if cursor is not None:
            params["after"] = cursor
        response = client.get(f"/api/v1/changes/{stream}", params=params, headers=bearer(token))
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return items, cursor, pages
    raise AssertionError("too many pages")
