"""The client's database as the rest of the program sees it: opened ready for work (migrated,
reference data loaded), upgraded when its schema is old.

``Database`` is the handle the window holds and hands to every service; the window never
looks inside it (the store's models and SQLAlchemy stay below services).
"""

from __future__ import annotations

from pathlib import Path

from ..paths import default_db_path
from ..store.database import Database, DatabaseError, SchemaTooNew, open_database, upgrade_pending
from ..store.reference import load_reference

__all__ = ["Database", "DatabaseError", "SchemaTooNew", "open_client_db", "upgrade", "upgrade_pending"]


def open_client_db(path: Path | str | None = None) -> Database:
    db = open_database(path or default_db_path())
    with db.sessions.begin() as session:
        load_reference(session)
    return db


def upgrade(path: Path | str) -> None:
    """Bring the schema at ``path`` to this program's (it may take seconds on a large one)."""
    open_database(path).close()
