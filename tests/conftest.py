"""Shared fixtures: every test gets its own data dir and database; Qt runs offscreen."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from keyring.backend import KeyringBackend

from kuaixiang_desktop.demo.loader import load_demo
from kuaixiang_desktop.services.database import open_client_db


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    # Nothing a test does may touch the real user's data dir or settings.
    monkeypatch.setenv("KUAIXIANG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


class MemoryKeyring(KeyringBackend):
    """Secrets for one test, in memory: tests never touch the user's real keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _no_unexpected_log_warnings(request, caplog):
    """A warning or error in the log is a failure unless the test says it expects one."""
    yield
    if request.node.get_closest_marker("allow_log_warnings"):
        return
    unexpected = [
        f"{r.name}: {r.getMessage()}" for r in caplog.get_records("call") if r.levelno >= logging.WARNING
    ]
    assert not unexpected, f"unexpected log warnings: {unexpected}"


@pytest.fixture
def db(tmp_path):
    database = open_client_db(tmp_path / "client.sqlite3")
    yield database
    database.close()


@pytest.fixture
def schema_0005_db_path(tmp_path):
    """A client database left at revision 0005 (before enterprise_fact.valid_until): one
    enterprise with two values of layoff_rate, written newest first (2025-07-01 "3",
    2024-01-01 "5")."""
    from sqlalchemy import text

    from kuaixiang_core.domain.codes import make_uscc
    from kuaixiang_desktop.store.database import make_engine, migrate

    path = tmp_path / "schema-0005.sqlite3"
    engine = make_engine(path)
    migrate(engine, "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, level) VALUES ('371502', '东昌府区', 'county')"))
        conn.execute(
            text("INSERT INTO enterprise (id, credit_code, name, region_code, is_individual, dishonest, source, "
                 "updated_at, version) VALUES (1, :c, '聊城市恒达机械制造有限公司', '371502', 0, 0, 'local', "
                 "'2024-01-01 00:00:00', 1)"),
            {"c": make_uscc("91371502MA3C12345")},
        )
        conn.execute(text("INSERT INTO fact_definition (name, type, label) VALUES ('layoff_rate', 'percent', '裁员率') "
                          "ON CONFLICT DO NOTHING"))
        conn.execute(text("INSERT INTO enterprise_fact (enterprise_id, fact_name, valid_on, value) VALUES "
                          "(1, 'layoff_rate', '2025-07-01', '3'), (1, 'layoff_rate', '2024-01-01', '5')"))
    engine.dispose()
    return path


@pytest.fixture
def future_schema_db_path(tmp_path):
    """A client database that says a newer program wrote it (revision 9999_from_the_future)."""
    import sqlite3

    path = tmp_path / "future.sqlite3"
    open_client_db(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.commit()
    raw.close()
    return path


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory):
    """A database with 3,000 demo enterprises (seed 7), built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_client_db(path)
    load_demo(database, enterprises=3000, seed=7)
    database.close()
    return path


def _shape(database) -> tuple:
    from sqlalchemy import text

    with database.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                     for table in ("enterprise", "policy_item", "application", "outbox"))


@pytest.fixture
def demo_db(demo_db_path):
    """The shared demo database: read-only (a test that writes gets writable_demo_db)."""
    database = open_client_db(demo_db_path)
    before = _shape(database)
    yield database
    after = _shape(database)
    database.close()
    assert after == before, "this test wrote to the shared demo database: use writable_demo_db"


@pytest.fixture(scope="session")
def counter_db_path(tmp_path_factory, demo_db_path):
    """The demo enterprises and the demo catalogue, as a counter has them: built once."""
    import shutil

    from kuaixiang_desktop.demo.loader import load_demo_catalogue

    path = tmp_path_factory.mktemp("counter") / "counter.sqlite3"
    shutil.copyfile(demo_db_path, path)
    database = open_client_db(path)
    load_demo_catalogue(database)
    database.close()
    return path


@pytest.fixture
def counter_db(counter_db_path, tmp_path):
    """A private copy of the counter database: tests file applications in it."""
    import shutil

    copy = tmp_path / "counter-copy.sqlite3"
    shutil.copyfile(counter_db_path, copy)
    database = open_client_db(copy)
    yield database
    database.close()


@pytest.fixture
def writable_demo_db(demo_db_path, tmp_path):
    """A private copy of the demo database, for tests that file applications or change data."""
    import shutil

    copy = tmp_path / "demo-copy.sqlite3"
    shutil.copyfile(demo_db_path, copy)
    database = open_client_db(copy)
    yield database
    database.close()


# --- the machine's time zone (issue 14: one clerk's today whatever the machine says) -----------

EVENING_UTC = dt.datetime(2026, 12, 5, 23, 30, tzinfo=dt.UTC)  # already 07:30 on the 6th in Liaocheng


@pytest.fixture
def zone_of_the_machine():
    """``machine_zone`` for a test module below tests/ (``from conftest import`` there finds
    the nearest conftest.py on the path, not this one)."""
    return machine_zone


@contextlib.contextmanager
def machine_zone(name: str):
    """The process's local zone is ``name`` (TZ + tzset) until the block ends."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield name
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(params=["UTC", "America/Los_Angeles"])
def hall_morning(request, monkeypatch):
    """The machine's zone is ``request.param`` and the clock reads 2026-12-05 23:30 UTC."""
    from kuaixiang_core.domain import clock

    with machine_zone(request.param):
        monkeypatch.setattr(clock, "now", lambda: EVENING_UTC)
        # The premise: the machine's own calendar is still on the 5th.
        assert time.strftime("%d", time.localtime(EVENING_UTC.timestamp())) == "05"
        yield request.param
