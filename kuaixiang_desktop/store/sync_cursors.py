"""Where each pulled stream stands (``sync_cursor``), under keys the caller makes (a stream and
its server: services/sync_service._cursor_key). The sync round and snapshot provisioning both
read and write them here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from .models import SyncCursor


def read_cursor(session: Session, key: str) -> str | None:
    row = session.get(SyncCursor, key)
    return row.cursor if row else None


def write_cursor(session: Session, key: str, cursor: str, at: dt.datetime) -> None:
    """Inside the caller's transaction: with what it wrote, so a page is never skipped."""
    row = session.get(SyncCursor, key)
    if row is None:
        session.add(SyncCursor(stream=key, cursor=cursor, updated_at=at))
    else:
        row.cursor, row.updated_at = cursor, at


def delete_cursor(session: Session, key: str) -> None:
    row = session.get(SyncCursor, key)
    if row is not None:
        session.delete(row)


__all__ = ["delete_cursor", "read_cursor", "write_cursor"]
