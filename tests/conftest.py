"""Shared fixtures: every test gets its own data dir and database; Qt runs offscreen."""

from __future__ import annotations

import logging
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from kuaixiang_desktop.services.bootstrap import open_client_db
from kuaixiang_desktop.services.demo import load_demo


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    # Nothing a test does may touch the real user's data dir or settings.
    monkeypatch.setenv("KUAIXIANG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


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


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory):
    """A database with 3,000 demo enterprises (seed 7), built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_client_db(path)
    load_demo(database, enterprises=3000, seed=7)
    database.close()
    return path


@pytest.fixture
def demo_db(demo_db_path):
    database = open_client_db(demo_db_path)
    yield database
    database.close()
