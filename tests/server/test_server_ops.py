"""Running the server: several instances on one database, schema versions, the data key,
the admin command, demo seeding, errors as JSON."""

from __future__ import annotations

import io
import json
import threading
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text

from kuaixiang_core.server_process import free_port
from kuaixiang_server import cli
from kuaixiang_server.db import VERSION_TABLE, KeyMismatch, SchemaTooNew, head_revision, open_database
from kuaixiang_server.demo import seed_demo
from kuaixiang_server.models import Base, Enterprise

from .conftest import (
    HALL_DEVICES,
    TEST_KEY,
    bearer,
    fresh_database,
    latest_cursor,
    login,
    pull_all,
    run_cli,
    start_server,
)
from .test_server_push import accepted, push

BACKENDS = ["sqlite", "postgresql"]


@pytest.mark.parametrize("server", ["postgresql"], indirect=True)  # SQLite serves one hall
def test_two_instances_on_one_postgresql_serve_the_same_data(server, http, tmp_path):
    other = start_server(server.db_url, tmp_path / "second")
    try:
        import httpx

        with httpx.Client(base_url=other.url, timeout=30) as b:
            token = login(http, device=HALL_DEVICES["371502-01"])  # logged in at A, used at B: tokens live in the database
            assert b.get("/api/v1/devices", headers=bearer(token)).status_code == 200
            _items, cursor, _pages = pull_all(b, token, "applications")

            entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"))
            [first] = push(http, token, entry)
            [again] = push(b, token, entry)
            assert first["status"] == "applied" and again["status"] == "duplicate"
            assert again["server"] == first["server"]

            # Many windows push at once, half to each instance: nothing lost, nothing twice.
            codes = [server.take_enterprise(fact="disabled_employment_ratio", value="2.5") for _ in range(12)]
            entries = [accepted(code) for code in codes]
            # Two halls race for the same enterprise and item, one at each instance.
            race_code = server.take_enterprise(fact="disabled_employment_ratio", value="2.5")
            mine, theirs = accepted(race_code), accepted(race_code, hall="371581-01")
            linqing = login(b, "linqing", "secret-pass-1", HALL_DEVICES["371581-01"])
            results: dict[str, str] = {}
            barrier = threading.Barrier(4)

            def worker(client, tok, batch):
                barrier.wait(timeout=30)
                for e in batch:
                    results[e["key"]] = push(client, tok, e)[0]["status"]

            with httpx.Client(base_url=server.url, timeout=30) as a2, httpx.Client(base_url=other.url, timeout=30) as b2:
                threads = [
                    threading.Thread(target=worker, args=(http, token, [mine, *entries[0::2]])),
                    threading.Thread(target=worker, args=(b, linqing, [theirs])),
                    threading.Thread(target=worker, args=(a2, token, entries[1::2][:3])),
                    threading.Thread(target=worker, args=(b2, token, entries[1::2][3:])),
                ]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(timeout=60)
            assert all(results[e["key"]] == "applied" for e in entries)
            assert sorted([results[mine["key"]], results[theirs["key"]]]) == ["applied", "rejected"]

            items, _cursor, _pages = pull_all(b, token, "applications", after=cursor, limit=3)
            ids = [i["id"] for i in items]
            expected = {entry["key"], *(e["key"] for e in entries)}
            if results[mine["key"]] == "applied":
                expected.add(mine["key"])
            assert len(ids) == len(set(ids)) and set(ids) == expected

            assert http.post("/api/v1/logout", headers=bearer(token)).status_code == 200
            assert b.get("/api/v1/devices", headers=bearer(token)).json()["error"]["code"] == "token_revoked"
    finally:
        other.stop()


@pytest.mark.parametrize("kind", BACKENDS)
def test_the_server_refuses_a_newer_schema(kind, tmp_path):
    with fresh_database(kind, tmp_path) as url:
        db = open_database(url, key=TEST_KEY)
        with db.engine.begin() as conn:
            conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '0999_future'"))
        db.close()
        with pytest.raises(SchemaTooNew, match="0999_future"):
            open_database(url, key=TEST_KEY)
        if kind == "sqlite":  # the command says so and exits with 3 (environment); once is enough
            done = run_cli(["--db", url, "--port", str(free_port())], tmp_path)
            assert done.returncode == 3
            assert "0999_future" in done.stderr and "升级" in done.stderr and f"「{head_revision()}」" in done.stderr
        db = open_database(url, migrate_schema=False)
        with db.engine.connect() as conn:  # untouched
            assert conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar() == "0999_future"
        db.close()


@pytest.mark.parametrize("kind", BACKENDS)
def test_migrations_make_exactly_the_models_schema(kind, tmp_path):
    with fresh_database(kind, tmp_path) as url:
        db = open_database(url, key=TEST_KEY)
        try:
            with db.engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
                assert [d for d in diff if not (d[0] == "remove_table" and d[1].name == VERSION_TABLE)] == []
                counters = dict(conn.execute(text("SELECT stream, value FROM change_counter")).all())
                assert counters == {"policies": 0, "facts": 0, "enterprises": 0, "applications": 0, "ratings": 0}
            open_database(url, key=TEST_KEY).close()  # opening again is a no-op
        finally:
            db.close()


def test_an_instance_with_another_data_key_is_refused(server):
    with pytest.raises(KeyMismatch, match="KUAIXIANG_SERVER_KEY"):
        open_database(server.db_url, key=b"\x01" * 32)


def test_admin_adds_a_hall_and_a_clerk_who_can_then_log_in(server, http, tmp_path, monkeypatch, capsys):
    hall = f"371526-{uuid.uuid4().hex[:4]}"
    user = f"gt-{uuid.uuid4().hex[:6]}"
    assert cli.main(["admin", "add-hall", hall, "高唐县测试大厅", "--db", server.db_url]) == 0
    args = ["admin", "--db", server.db_url, "add-clerk", user, "--hall", hall, "--password-stdin",
            "--display-name", "高唐测试", "--window", "09"]
    if server.kind == "sqlite":  # the real entry point once, in a child process, the password on stdin
        done = run_cli(args, tmp_path, stdin="gaotang-pass\n")
        assert done.returncode == 0, done.stderr
    else:
        monkeypatch.setattr("sys.stdin", io.StringIO("gaotang-pass\n"))
        assert cli.main(args) == 0
    response = http.post("/api/v1/login", json={"username": user, "password": "gaotang-pass"})
    assert response.status_code == 200
    assert response.json()["clerk"] == {"username": user, "display_name": "高唐测试", "hall_code": hall,
                                        "hall_name": "高唐县测试大厅", "window": "09", "role": "clerk"}
    db = ["admin", "--db", server.db_url]
    for args, stdin, message in (
        ([*db, "add-clerk", user, "--hall", hall, "--password-stdin"], "another-pass\n", "已存在"),
        ([*db, "add-clerk", "x" + user, "--hall", "nowhere", "--password-stdin"], "another-pass\n", "nowhere"),
        ([*db, "add-clerk", "y" + user, "--hall", hall, "--password-stdin"], "short\n", "至少"),
    ):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        assert cli.main(args) == 2
        assert message in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("brand-new-pass\n"))
    assert cli.main([*db, "set-password", user, "--password-stdin"]) == 0
    assert http.post("/api/v1/login", json={"username": user, "password": "brand-new-pass"}).status_code == 200


def test_import_enterprises_is_all_or_nothing(server, http, demo_token, tmp_path, capsys):
    from kuaixiang_core.domain.codes import make_uscc

    cursor = latest_cursor(server, "enterprises")
    good = make_uscc(f"91371502MA{uuid.uuid4().int % 10**7:07d}")
    path = tmp_path / "registry.csv"
    path.write_text("统一社会信用代码,企业名称,行政区划代码,行业代码,从业人员\n"
                    f"{good},聊城市测试导入有限公司,371502,3451,12\n"
                    "91371502MA3C0000XX,坏代码有限公司,371502,3451,abc\n", encoding="utf-8")
    db = ["admin", "--db", server.db_url]
    assert cli.main([*db, "import-enterprises", str(path)]) == 2
    err = capsys.readouterr().err
    assert "registry.csv 第3行" in err and "未导入任何数据" in err
    with server.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Enterprise).where(Enterprise.credit_code == good)) == 0
    path.write_text("统一社会信用代码,企业名称,行政区划代码,行业代码,从业人员\n"
                    f"{good},聊城市测试导入有限公司,371502,3451,12\n", encoding="utf-8")
    assert cli.main([*db, "import-enterprises", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["inserted"] == 1
    items, _cursor, _pages = pull_all(http, demo_token, "enterprises", after=cursor)
    assert [(i["credit_code"], i["name"], i["employees"]) for i in items] == [(good, "聊城市测试导入有限公司", 12)]


def test_seeding_the_demo_again_changes_nothing(server, http, demo_token):
    # Other tests change the enterprises they take (in any order): a first seed puts those
    # back; the second is the one that must change nothing.
    seed_demo(server.db)
    cursors = {s: latest_cursor(server, s) for s in ("policies", "facts", "enterprises")}
    result = seed_demo(server.db)
    assert result["enterprises"] == {"inserted": 0, "updated": 0, "unchanged": 2000}
    assert result["catalogue"]["items_new"] == result["catalogue"]["items_changed"] == 0
    for stream, cursor in cursors.items():
        assert pull_all(http, demo_token, stream, after=cursor)[0] == [], stream


@pytest.mark.allow_log_warnings
def test_an_unexpected_error_is_a_json_500_with_the_protocol_header(server, monkeypatch):
    """The app in an in-process uvicorn (a thread), with one function broken."""
    import httpx
    import uvicorn

    from kuaixiang_server.app import create_app
    from kuaixiang_server.config import Settings

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("kuaixiang_server.routes.changes.pull", broken)
    app = create_app(Settings(db_url=server.db_url, data_dir=server.folder, _key=TEST_KEY), server.db)
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            started = threading.Event()
            for _ in range(400):  # bounded: the server thread sets .started when it listens
                if instance.started:
                    started.set()
                    break
                thread.join(timeout=0.025)
            assert started.is_set(), "in-process server did not start"
            token = login(client)
            response = client.get("/api/v1/changes/facts", headers=bearer(token))
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
    assert response.status_code == 500
    assert response.headers["X-Kuaixiang-Protocol"] == "1"
    assert response.json() == {"error": {"code": "internal", "message": "服务器内部错误，请稍后重试"}}
