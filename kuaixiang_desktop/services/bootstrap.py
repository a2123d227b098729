"""Opening the client's database ready for work: migrated, reference data loaded."""

from __future__ import annotations

from pathlib import Path

from ..paths import default_db_path
from ..store.database import Database, open_database
from ..store.reference import load_reference


def open_client_db(path: Path | str | None = None) -> Database:
    db = open_database(path or default_db_path())
    with db.sessions.begin() as session:
        load_reference(session)
    return db
