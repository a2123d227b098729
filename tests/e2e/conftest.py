"""Fixtures of the end-to-end sync tests: a seeded server database (built once), a shared
server process, a client database that has pulled the server's catalogue and enterprises
(built once, copied per test), a pool of (enterprise, item) pairs a window can file, and
client windows.

Keyring: these tests use one file keyring for the whole session (services/secrets'
InsecureFileKeyring in a temp dir) instead of the in-memory one, because a client killed in
a subprocess must find the same device key, agent-data key and token after its restart.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_desktop.services import auth, sync_service
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import enterprise_facts
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.secrets import file_keyring

from .clients import Window
from .harness import (
    DEMO_PASSWORD,
    DEMO_USER,
    FIGURES,
    HALL_B,
    HALL_B_PASSWORD,
    HALL_B_USER,
    SERVER_KEY,
    ServerProcess,
    ServerView,
    admin,
    copy_sqlite,
    start_server,
)

# ---------------------------------------------------------------------------------------------
# Session-wide: keyring, server template, shared server, client template, pairs
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def keyring_file(e2e_dir) -> Path:
    return e2e_dir / "keyring.json"


@pytest.fixture(autouse=True)
def _e2e_keyring(memory_keyring, keyring_file):
    with file_keyring(keyring_file):
        yield


@pytest.fixture(scope="session")
def server_template(e2e_dir) -> Path:
    """The server database as ``kuaixiang-server --demo`` seeds it, plus a second hall's clerk."""
    from kuaixiang_server.db import open_database
    from kuaixiang_server.demo import seed_demo

    path = e2e_dir / "server-template.sqlite3"
    os.environ["KUAIXIANG_SERVER_KEY"] = SERVER_KEY
    try:
        from kuaixiang_server.config import load_key

        db = open_database(f"sqlite:///{path}", key=load_key(e2e_dir))
        try:
            seed_demo(db)
        finally:
            db.close()
    finally:
        os.environ.pop("KUAIXIANG_SERVER_KEY", None)
    admin(path, "add-clerk", HALL_B_USER, "--hall", HALL_B, "--display-name", "茌平窗口", "--window", "02", "--password-stdin",
          stdin=HALL_B_PASSWORD + "\n")
    return path


@pytest.fixture(scope="session")
def shared_server(server_template, e2e_dir) -> Iterator[ServerProcess]:
    server = start_server(server_template, e2e_dir / "shared-server")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def client_template(shared_server, e2e_dir, keyring_file) -> Path:
    """A client database that logged in once and pulled everything (catalogue, facts, 2,000
    enterprises): copied by every test so that each starts where a working window is."""
    path = e2e_dir / "client-template.sqlite3"
    old = os.environ.get("KUAIXIANG_DATA_DIR")
    os.environ["KUAIXIANG_DATA_DIR"] = str(e2e_dir / "template-data")
    try:
        with file_keyring(keyring_file):
            db = open_client_db(path)
            try:
                auth.login_online(db, shared_server.url, DEMO_USER, DEMO_PASSWORD)
                report = sync_service.sync(db)
                assert report.complete, report.to_json()
                assert report.pulled["enterprises"] == 2000 and report.pulled["policies"] > 0
                auth.logout(db)
            finally:
                db.close()
    finally:
        if old is None:
            os.environ.pop("KUAIXIANG_DATA_DIR", None)
        else:
            os.environ["KUAIXIANG_DATA_DIR"] = old
    return path


class PairPool:
    """(credit code, item id) pairs a window may file today (not 免申即享, in force, open for
    applications, in the item's region, not ineligible), handed out without repeats so tests
    sharing one server never collide on "one open application per enterprise and item"."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self._pairs = pairs
        self._next = 0
        self._lock = threading.Lock()

    def take(self, n: int) -> list[tuple[str, str]]:
        with self._lock:
            got = self._pairs[self._next : self._next + n]
            self._next += n
        assert len(got) == n, "pair pool exhausted"
        return got


@pytest.fixture(scope="session")
def pairs(client_template, e2e_dir) -> PairPool:
    db = open_client_db(copy_sqlite(client_template, e2e_dir / "pairs.sqlite3"))
    try:
        cat = compiled_catalogue(db)
        today = clock.today()
        items = [
            i for i in cat.items
            if i.mode != "auto" and i.in_force(today)
            and not ((i.apply_from and today < i.apply_from) or (i.apply_to and today > i.apply_to))
        ]
        found: list[tuple[str, str]] = []
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT credit_code, region_code FROM enterprise ORDER BY id")).all()
            for code, region in rows:
                facts = enterprise_facts(conn, code, today, cat.declared)
                for item in items:
                    if cat.documents[item.document_id]["region"] not in ("371500", region):
                        continue
                    if item.rule.verdict(facts)[0] != "ineligible":
                        found.append((code, item.id))
                        break  # spread pairs over many enterprises
                if len(found) >= 600:
                    break
        assert len(found) >= 400, len(found)
        return PairPool(found)
    finally:
        db.close()


# ---------------------------------------------------------------------------------------------
# Windows
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def make_window(client_template, tmp_path):
    made: list[Window] = []

    def make(server_url: str, name: str = "window", *, username: str = DEMO_USER, password: str = DEMO_PASSWORD,
             login: bool = True, now=utcnow) -> Window:
        path = copy_sqlite(client_template, tmp_path / f"{name}.sqlite3")
        with sqlite3.connect(path) as conn:
            # Each window is a machine of its own: its own device key, registered for the hall
            # of whoever logs in on it first (the template's belongs to the template's hall).
            conn.execute("DELETE FROM device_key WHERE is_local")
        window = Window(path, server_url, username, password, tmp_path)
        made.append(window)
        if login:
            window.login(now=now)
        return window

    yield make
    for window in made:
        window.close()


@pytest.fixture
def view(shared_server) -> ServerView:
    return ServerView(shared_server.db_path)


def pytest_terminal_summary(terminalreporter):
    if FIGURES.get("rounds"):
        terminalreporter.write_sep("-", "e2e sync figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")
