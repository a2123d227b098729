"""What the 关于 box and a support call ask about: the database (file, size, schema
revision), what it holds (catalogue, enterprises, the last pull), the server of the session,
and the versions of the libraries below the window."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_, select

from kuaixiang_core.domain import clock

from ..store.database import Database, current_revision, head_revision
from ..store.models import Enterprise, PolicyDocument, PolicyItem, PolicyItemVersion, SyncCursor

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AboutInfo:
    db_path: str
    db_size: int | None  # bytes; None when the file cannot be read
    schema: str | None
    schema_head: str
    documents: int
    items: int
    items_in_force: int
    enterprises: int
    last_pull: dt.datetime | None  # naive UTC, as stored
    server: str | None  # the session's server, when logged in

    @property
    def schema_is_current(self) -> bool:
        return self.schema == self.schema_head


def library_versions() -> list[tuple[str, str]]:
    """The libraries below the window (the window adds Qt's own)."""
    import reportlab
    import sqlalchemy

    return [("SQLAlchemy", sqlalchemy.__version__), ("reportlab", reportlab.Version)]


def about_info(db: Database, today: dt.date | None = None) -> AboutInfo:
    """(worker) A few COUNT queries."""
    today = today or clock.today()
    try:
        size: int | None = Path(db.path).stat().st_size
    except OSError:
        size = None
    revision = current_revision(db.engine)
    with db.sessions() as session:
        documents = session.scalar(select(func.count()).select_from(PolicyDocument)) or 0
        current = (
            select(func.count()).select_from(PolicyItem)
            .join(PolicyItemVersion, (PolicyItemVersion.item_id == PolicyItem.id)
                  & (PolicyItemVersion.version == PolicyItem.current_version))
        )
        items = session.scalar(current) or 0
        in_force = session.scalar(current.where(
            or_(PolicyItemVersion.effective_from.is_(None), PolicyItemVersion.effective_from <= today),
            or_(PolicyItemVersion.effective_to.is_(None), PolicyItemVersion.effective_to >= today),
        )) or 0
        enterprises = session.scalar(select(func.count()).select_from(Enterprise)) or 0
        last_pull = session.scalar(select(func.max(SyncCursor.updated_at)))
    server = None
    try:
        from . import auth

        server = auth.session_server(db)
    except Exception as exc:  # noqa: BLE001 - no keyring must not break the about box
        log.info("no session server for the about box: %s", exc)
    return AboutInfo(str(db.path), size, revision, head_revision(), documents, items, in_force, enterprises,
                     last_pull, server)
