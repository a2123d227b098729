"""What waits to go up to the platform: the outbox entries still pending or in trouble, for
the sync room (the sync itself is ``sync_service``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from ..store.database import Database
from ..store.models import Application, OutboxEntry, SyncCursor

# States that need a person: the platform refused the entry, or it could not be sent.
TROUBLE = frozenset({"failed", "conflict", "rejected"})
_LISTED = ("pending", *sorted(TROUBLE))
OUTBOX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    key: str
    kind: str
    entity_id: str
    state: str
    attempts: int
    last_error: str | None
    created_at: dt.datetime  # naive UTC, as stored
    receipt_no: str | None


@dataclass(frozen=True, slots=True)
class OutboxView:
    pending: int
    trouble: int
    rows: tuple[OutboxRow, ...]  # at most the limit asked for: trouble first, then in sending order
    last_pull: dt.datetime | None  # naive UTC: when a pull last wrote a cursor

    @property
    def total(self) -> int:
        return self.pending + self.trouble


def load_outbox(db: Database, limit: int = OUTBOX_LIMIT) -> OutboxView:
    """(worker) The outbox entries waiting or in trouble (trouble first, then in the order
    they are sent), the counts per state, and when a pull last wrote a cursor."""
    with db.sessions() as session:
        counts = dict(session.execute(select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)).all())
        rows = session.execute(
            select(OutboxEntry.id, OutboxEntry.key, OutboxEntry.kind, OutboxEntry.entity_id, OutboxEntry.state,
                   OutboxEntry.attempts, OutboxEntry.last_error, OutboxEntry.created_at, Application.receipt_no)
            .outerjoin(Application, Application.id == OutboxEntry.entity_id)
            .where(OutboxEntry.state.in_(_LISTED))
            .order_by(case((OutboxEntry.state == "pending", 1), else_=0), OutboxEntry.id)
            .limit(limit)
        ).all()
        last_pull = session.scalar(select(func.max(SyncCursor.updated_at)))
    return OutboxView(
        pending=counts.get("pending", 0),
        trouble=sum(counts.get(s, 0) for s in TROUBLE),
        rows=tuple(OutboxRow(r.id, r.key, r.kind, r.entity_id, r.state, r.attempts or 0, r.last_error, r.created_at,
                             r.receipt_no) for r in rows),
        last_pull=last_pull,
    )
