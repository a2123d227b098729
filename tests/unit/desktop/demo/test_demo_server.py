"""``kuaixiang-desktop --demo``'s central server: real HTTP on 127.0.0.1, the demo account,
the same enterprises as the client, and a demo that keeps working when the server cannot start."""

from __future__ import annotations

import httpx
import pytest

from kuaixiang_desktop.app import prepare_demo_with_server
from kuaixiang_desktop.demo.server import DemoServer, DemoServerError
from kuaixiang_desktop.services import auth, sync_service
from kuaixiang_desktop.services.lookup import enterprise_count


@pytest.fixture
def server(tmp_path):
    instance = DemoServer(tmp_path / "server", enterprises=120, seed=1)
    yield instance
    instance.stop()


def test_the_demo_logs_in_and_syncs_end_to_end(db, server):
    url, problem = prepare_demo_with_server(db, server, enterprises=120, seed=1)
    assert problem is None
    assert url.startswith("http://127.0.0.1:")
    assert httpx.get(f"{url}/api/v1/health").json()["status"] == "ok"
    session = auth.current_session(db)
    assert session is not None and session.username == "demo" and session.mode == "online"
    assert session.hall_code == "371502-01" and session.window == "01"
    assert enterprise_count(db) == 120
    report = sync_service.sync(db)
    assert report.stopped is None, report.summary()


def test_a_second_start_reuses_the_seeded_server(tmp_path):
    first = DemoServer(tmp_path / "server", enterprises=50, seed=1)
    first.start()
    first.stop()
    second = DemoServer(tmp_path / "server", enterprises=50, seed=1)
    assert second._seeded is not None
    url = second.start()
    try:
        assert httpx.get(f"{url}/api/v1/health").status_code == 200
    finally:
        second.stop()
    second.stop()  # twice is harmless


def test_a_second_start_pulls_nothing_it_already_has(tmp_path):
    """Two starts of the demo against the same data dir: the first sync takes the server's
    enterprises, the second finds its cursors still good (same server address) and pulls none."""
    from kuaixiang_desktop.services.database import open_client_db

    urls, pulled = [], []
    for _ in range(2):
        db = open_client_db(tmp_path / "demo.sqlite3")
        server = DemoServer(tmp_path / "server", enterprises=80, seed=1)
        try:
            url, problem = prepare_demo_with_server(db, server, enterprises=80, seed=1)
            assert problem is None
            report = sync_service.sync(db)
            assert report.complete and not report.failures, report.summary()
            urls.append(url)
            pulled.append(dict(report.pulled))
            assert enterprise_count(db) == 80
        finally:
            server.stop()
            db.close()
    assert urls[0] == urls[1]
    assert pulled[0]["enterprises"] == 80
    assert pulled[1]["enterprises"] == 0 and pulled[1]["policies"] == 0 and pulled[1]["facts"] == 0


def test_a_taken_port_is_not_fatal(tmp_path):
    import socket

    first = DemoServer(tmp_path / "server", enterprises=20, seed=1)
    url = first.start()
    first.stop()
    port = int(url.rsplit(":", 1)[1])
    assert (tmp_path / "server" / "port").read_text() == str(port)
    squatter = socket.socket()
    try:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        second = DemoServer(tmp_path / "server", enterprises=20, seed=1)
        try:
            other = second.start()
            assert other != url
            assert httpx.get(f"{other}/api/v1/health").status_code == 200
        finally:
            second.stop()
    finally:
        squatter.close()


@pytest.mark.allow_log_warnings
def test_the_demo_goes_on_offline_when_the_server_cannot_start(db, server, monkeypatch):
    def broken(cancel=None) -> str:
        raise DemoServerError("演示服务器的数据库无法使用：磁盘已满")

    monkeypatch.setattr(server, "start", broken)
    url, problem = prepare_demo_with_server(db, server, enterprises=60, seed=1)
    assert url is None
    assert "磁盘已满" in problem
    assert enterprise_count(db) == 60  # the counter still has its data
    assert auth.current_session(db) is None


@pytest.mark.allow_log_warnings
def test_a_corrupt_server_database_is_a_clear_error(tmp_path):
    folder = tmp_path / "server"
    folder.mkdir()
    (folder / "demo-server.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(DemoServerError, match="演示服务器的数据库无法使用"):
        DemoServer(folder, enterprises=10, seed=1).start()


def test_a_cancelled_demo_preparation_stops_both_seedings(db, tmp_path, monkeypatch):
    """Closing the window while ``--demo`` prepares: the client's and the server's seeding
    both stop (the server's runs on a thread of its own), nothing half-made stays, and the
    next start prepares both in full."""
    import threading

    import kuaixiang_desktop.app as app_module
    from kuaixiang_core.cancellation import Cancelled, cancellable

    event = threading.Event()
    real_prepare = app_module.prepare_demo

    def prepare_then_close(database, enterprises, seed):
        event.set()  # the clerk closes the window as the client starts seeding
        return real_prepare(database, enterprises, seed)

    monkeypatch.setattr(app_module, "prepare_demo", prepare_then_close)
    server = DemoServer(tmp_path / "server", enterprises=3000, seed=1)
    try:
        with cancellable(event), pytest.raises(Cancelled):
            prepare_demo_with_server(db, server, enterprises=3000, seed=1)
        assert enterprise_count(db) == 0
        assert server.url is None  # the server stopped seeding too: it never began serving
    finally:
        server.stop()
    monkeypatch.setattr(app_module, "prepare_demo", real_prepare)
    again = DemoServer(tmp_path / "server", enterprises=3000, seed=1)
    try:
        url, problem = prepare_demo_with_server(db, again, enterprises=3000, seed=1)
        assert problem is None and url
        assert enterprise_count(db) == 3000
    finally:
        again.stop()
