"""Where shipped files (Alembic scripts, reference data) and user data live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PKG = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    # A wheel carries db/ and resources/ under _shipped/; a source checkout (editable
    # install, tests) has them at the top of the repository.
    for candidate in (_PKG / "_shipped" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped folder {name!r} is missing from the installation")


def migrations_dir() -> Path:
    return _shipped("db")


def resources_dir() -> Path:
    return _shipped("resources")


def reference_file(name: str) -> Path:
    return resources_dir() / "reference" / name


def data_dir() -> Path:
    override = os.environ.get("KUAIXIANG_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("kuaixiang", "kuaixiang"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "kuaixiang.sqlite3"
