"""The wheel carries the Alembic scripts and reference data, and an installed copy migrates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from kuaixiang_desktop.store.database import head_revision

ROOT = Path(__file__).resolve().parents[2]


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
