"""Where the client's shipped migrations and its user data live (shipped resources:
kuaixiang_core.resources)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kuaixiang_core.resources import shipped

_PKG = Path(__file__).resolve().parent


def migrations_dir() -> Path:
    # The wheel carries the top-level db/ under kuaixiang_desktop/_shipped/.
    return shipped("db", _PKG)


def data_dir() -> Path:
    override = os.environ.get("KUAIXIANG_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("kuaixiang", "kuaixiang"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "kuaixiang.sqlite3"
