"""The wheel carries the Alembic scripts and reference data, and an installed copy migrates."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from kuaixiang_desktop.store.database import head_revision

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_migrations_and_reference_data_and_works_installed(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kuaixiang_desktop/_shipped/db/env.py" in names
    assert any(n.startswith("kuaixiang_desktop/_shipped/db/versions/0002") for n in names)
    assert "kuaixiang_core/_shipped/resources/reference/regions.json" in names
    assert "kuaixiang_core/_shipped/resources/reference/industries.json" in names

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Run from outside the checkout so only the installed copy can be imported.
    env = {**os.environ, "PYTHONPATH": str(target)}
    script = (
        "import kuaixiang_desktop, sys; "
        "assert kuaixiang_desktop.__file__.startswith(sys.argv[1]), kuaixiang_desktop.__file__; "
        "from kuaixiang_desktop.cli import main; sys.exit(main(['--db', sys.argv[2], 'init', '--json']))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(target), str(tmp_path / "x.sqlite3")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["schema"] == head_revision()


# --- the server on its own ---------------------------------------------------------------------

# What a server install must not carry or need: the desktop client and its libraries.
DESKTOP_ONLY = ("kuaixiang_desktop", "PySide6", "shiboken6", "reportlab", "keyring", "pypdfium2")

# A child process in which importing any of DESKTOP_ONLY fails, as in a server-only install.
_BLOCKER = """
import importlib.abc, sys
BLOCKED = {blocked!r}
class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{{name}} is not installed on a server")
        return None
sys.meta_path.insert(0, _Blocker())
"""


def _server_wheel(tmp_path: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
         str(ROOT / "deploy" / "server")],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("kuaixiang_server-*.whl")
    return wheel


def test_server_distribution_carries_no_desktop_and_depends_on_no_qt(tmp_path):
    wheel = _server_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"kuaixiang_core", "kuaixiang_server", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}
    assert "kuaixiang_server/migrations/versions/0001_initial_schema.py" in names
    assert "kuaixiang_core/_shipped/resources/reference/regions.json" in names
    assert "kuaixiang_core/_shipped/resources/catalogue/demo.yaml" in names
    assert not [n for n in names if "__pycache__" in n]
    requires = [line.split(":", 1)[1].strip().lower() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert requires and not [r for r in requires for lib in DESKTOP_ONLY if r.startswith(lib.lower())], requires


def test_installed_server_starts_where_no_desktop_library_can_be_imported(tmp_path):
    """The server wheel installed on its own: it migrates a database, seeds the demo and
    answers /health and a log-in, while PySide6, reportlab, keyring and the desktop package
    cannot be imported."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(_server_wheel(tmp_path))],
        check=True, capture_output=True, timeout=300,
    )
    script = _BLOCKER.format(blocked=set(DESKTOP_ONLY)) + """
import kuaixiang_server, sys
assert kuaixiang_server.__file__.startswith(sys.argv[1]), kuaixiang_server.__file__
from fastapi.testclient import TestClient
from kuaixiang_server.app import create_app
from kuaixiang_server.config import Settings
from kuaixiang_server.db import open_database
from kuaixiang_server.demo import seed_demo
import kuaixiang_server.cli
settings = Settings.from_env("sqlite:///" + sys.argv[2])
db = open_database(settings.db_url)
seed_demo(db, enterprises=20)
client = TestClient(create_app(settings, db))
assert client.get("/api/v1/health").json()["status"] == "ok"
login = client.post("/api/v1/login", json={"username": "demo", "password": "demo1234"})
assert login.status_code == 200, login.text
print("ok", sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "reportlab", "keyring", "kuaixiang_desktop"}))
"""
    env = {**os.environ, "PYTHONPATH": str(target), "KUAIXIANG_SERVER_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", script, str(target), str(tmp_path / "server.sqlite3")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "ok []"


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_every_library_the_server_imports_is_a_dependency_of_its_distribution():
    """A server-only install gets only what deploy/server/pyproject.toml lists (and what those
    bring): a library the core or the server imports that is not there fails the deployed
    server at its first import (orjson did, once). Modules are read from the source."""
    import ast
    import importlib.metadata as md
    import tomllib

    project = tomllib.loads((ROOT / "deploy" / "server" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_requirement_name(r) for r in project["dependencies"]}
    declared |= {_requirement_name(r) for extra in project.get("optional-dependencies", {}).values() for r in extra}
    brought = set(declared)
    for name in declared:
        with contextlib.suppress(md.PackageNotFoundError):
            brought |= {_requirement_name(r) for r in md.requires(name) or [] if "extra ==" not in r}
    modules: set[str] = set()
    for package in ("kuaixiang_core", "kuaixiang_server"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    ours = {"kuaixiang_core", "kuaixiang_server", "kuaixiang_desktop"}
    distributions = md.packages_distributions()
    missing = {}
    for module in sorted(modules - ours - set(sys.stdlib_module_names)):
        names = {_requirement_name(d) for d in distributions.get(module, [module])}
        if not names & brought:
            missing[module] = sorted(names)
    assert not missing, f"deploy/server/pyproject.toml lacks: {missing}"
