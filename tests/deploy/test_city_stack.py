"""deploy/city: the stack script (nginx config, keys, start and stop), a tiny Locust run end to
end through it, and the check of the database afterwards (deploy/city/verify.py).

The load test itself (deploy/city/load_test.py, minutes per size) is not part of the suite:
docs/load-test.md has its figures and the command that produced them. This runs the same
pieces small: two instances behind nginx, three simulated windows for a few seconds.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CITY = ROOT / "deploy" / "city"
sys.path.insert(0, str(CITY))

import city_stack  # noqa: E402
from verify import verify  # noqa: E402

PG_URL = os.environ.get("KUAIXIANG_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def test_the_nginx_config_balances_every_instance_and_passes_the_clients_address(tmp_path):
    conf = city_stack.nginx_config(tmp_path, "127.0.0.1", 8780, [41001, 41002, 41003])
    for port in (41001, 41002, 41003):
        assert f"server 127.0.0.1:{port} " in conf
    assert "listen 127.0.0.1:8780" in conf and "least_conn;" in conf
    # The edge sets the address (a client cannot claim one), and uvicorn trusts it from loopback.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "keepalive_timeout 4s;" in conf  # below uvicorn's 5 s: no reuse of a closing connection
    assert "client_max_body_size 21m;" in conf  # a 20 MB attachment passes, the server bounds it exactly
    assert str(tmp_path) in conf and "/var/" not in conf and "/etc/" not in conf  # nothing outside its prefix
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (Debian: apt-get install -y nginx)")
    for sub in ("logs", "tmp"):
        (tmp_path / sub).mkdir()
    (tmp_path / "nginx.conf").write_text(conf)
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                              "-e", str(tmp_path / "logs/error.log")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_keys_are_made_once_owner_only_and_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.delenv("KUAIXIANG_SERVER_KEY", raising=False)
    monkeypatch.delenv("KUAIXIANG_SERVER_SIGNING_KEY", raising=False)
    first = city_stack.stack_keys(tmp_path)
    assert first == city_stack.stack_keys(tmp_path)  # every instance, every start: the same keys
    assert first["KUAIXIANG_SERVER_KEY"] != first["KUAIXIANG_SERVER_SIGNING_KEY"]
    for path in (tmp_path / "keys").iterdir():
        assert path.stat().st_mode & 0o077 == 0
    monkeypatch.setenv("KUAIXIANG_SERVER_KEY", "ab" * 32)
    assert city_stack.stack_keys(tmp_path)["KUAIXIANG_SERVER_KEY"] == "ab" * 32


def test_the_script_refuses_a_bad_instance_count(tmp_path, capsys):
    assert city_stack.main(["up", "--workdir", str(tmp_path), "--instances", "0"]) == 2
    assert "--instances" in capsys.readouterr().err


def _missing_tools() -> str | None:
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        return "nginx is not installed (Debian: apt-get install -y nginx)"
    # Looked up, not imported: importing Locust monkey-patches the whole process (gevent).
    if importlib.util.find_spec("locust") is None:
        return "Locust is not installed (pip install '.[load]')"
    return None


@pytest.mark.slow
def test_a_tiny_load_run_through_the_stack_loses_and_doubles_nothing(tmp_path):
    missing = _missing_tools()
    if missing:
        pytest.skip(missing)
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from kuaixiang_server.config import normalize_db_url

    base = make_url(normalize_db_url(PG_URL))
    db_url = base.set(database=f"kx_city_test_{os.getpid()}_{uuid.uuid4().hex[:8]}").render_as_string(hide_password=False)
    try:
        created = city_stack.ensure_database(db_url, create=True)
    except Exception as exc:  # noqa: BLE001 - any failure to reach it: no PostgreSQL here
        pytest.skip(f"PostgreSQL does not answer at {base.render_as_string(hide_password=True)}: {exc}")
    assert created
    # nginx runs as nobody when the suite runs as root: its prefix must be reachable by others
    # (pytest's own temporary folders are owner-only).
    workdir = Path(tempfile.mkdtemp(prefix="kx-city-test-"))
    workdir.chmod(0o755)
    stack = city_stack.Stack(workdir / "stack", db_url, instances=2)
    try:
        with stack:
            city_stack.seed(db_url, stack.data_key(), demo_enterprises=200, clerks=4, password=city_stack.CLERK_PASSWORD)
            since = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            ledger = tmp_path / "ledger.json"
            env = {**os.environ, "PYTHONPATH": str(ROOT), "KX_TIME_SCALE": "60", "KX_FILE_AT_START": "1",
                   "KX_LEDGER": str(ledger), "KX_CLERKS": "4"}
            run = subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(CITY / "locustfile.py"), "--headless", "-u", "3", "-r", "3",
                 "-t", "8s", "--stop-timeout", "60", "-H", stack.url, "--only-summary", "--json"],
                env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
            assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
            stats = {s["name"]: s for s in json.loads(run.stdout)}
            for route in ("POST /login", "GET /changes/applications", "GET /devices", "POST /outbox"):
                assert stats[route]["num_requests"] > 0 and stats[route]["num_failures"] == 0, (route, stats.get(route))
            entries = json.loads(ledger.read_text())
            assert entries and all(e["outcome"] == "applied" for e in entries), entries
            engine = create_engine(normalize_db_url(db_url))
            try:
                with engine.connect() as conn:
                    verdict = verify(conn, entries, since)
                    assert verdict.ok and verdict.rows == len(entries) and verdict.unacknowledged == 0, verdict
                    # What it is for: an application a window was told was kept, but is not, is lost.
                    ghost = {**entries[0], "id": str(uuid.uuid4())}
                    assert len(verify(conn, [*entries, ghost], since).lost) == 1
            finally:
                engine.dispose()
    finally:
        city_stack.drop_database(db_url)
        shutil.rmtree(workdir, ignore_errors=True)
