"""容缺受理 pledges after filing: what is owed by when, receiving a material, the 待补正 list.

An application accepted with materials missing carries a :class:`~..store.models.Pledge`
(written by ``applications.file_application``). Receiving a material records it on the
application, with its attachment if there is one, and the day it came in; the pledge closes on
the day the last owed material arrives (late if after the deadline, which stays on record).
Like every change, one transaction with its outbox row and audit entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import shanghai_date
from kuaixiang_core.domain.pledge import DUE_SOON_WORKING_DAYS, OVERDUE, due_within, urgency, working_days_left

from ..store import audit
from ..store.database import Database
from ..store.models import Application, Attachment, Enterprise, Pledge, utcnow
from .applications import ApplyRefused, _load, _outbox, current_clerk
from .attachments import AttachmentRejected, store_file
from .policies import compiled_catalogue

CLOSED, CLOSED_LATE, VOID = "closed", "closed_late", "void"
STATE_NAMES = {"open": "待补正", "due_soon": "即将到期", OVERDUE: "已逾期", CLOSED: "已补齐",
               CLOSED_LATE: "逾期补齐", VOID: "申请已撤回"}


@dataclass(frozen=True, slots=True)
class OwedMaterial:
    name: str
    received_on: dt.date | None

    def to_json(self) -> dict:
        return {"name": self.name, "received_on": self.received_on.isoformat() if self.received_on else None}


@dataclass(frozen=True, slots=True)
class PledgeView:
    """One application's pledge as it stands ``today``: ``state`` is open / due_soon / overdue
    while materials are owed, closed / closed_late once all came in, void if withdrawn."""

    application_id: str
    receipt_no: str | None
    credit_code: str
    enterprise_name: str
    item_id: str
    item_title: str | None
    status: str
    deadline: dt.date
    working_days: int
    materials: tuple[OwedMaterial, ...]
    closed_on: dt.date | None
    state: str
    days_left: int | None  # working days to the deadline while owed (negative: days overdue)

    @property
    def owed(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.materials if m.received_on is None)

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    def to_json(self) -> dict:
        return {
            "application_id": self.application_id, "receipt_no": self.receipt_no, "credit_code": self.credit_code,
            "enterprise_name": self.enterprise_name, "item_id": self.item_id, "item_title": self.item_title,
            "status": self.status, "deadline": self.deadline.isoformat(), "working_days": self.working_days,
            "state": self.state, "state_name": self.state_name, "days_left": self.days_left,
            "owed": list(self.owed), "materials": [m.to_json() for m in self.materials],
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
        }


def _view(app: Application, ent: Enterprise, title: str | None, today: dt.date) -> PledgeView:
    pledge = app.pledge
    assert pledge is not None
    owed = tuple(
        OwedMaterial(m.name, shanghai_date(m.received_at) if m.received and m.received_at else None)
        for m in app.materials if m.pledged
    )
    if app.status == states.WITHDRAWN:
        state, left = VOID, None
    elif pledge.closed_on is not None:
        state, left = (CLOSED_LATE if pledge.late else CLOSED), None
    else:
        state, left = urgency(pledge.deadline, today), working_days_left(pledge.deadline, today)
    return PledgeView(app.id, app.receipt_no, ent.credit_code, ent.name, app.item_id, title, app.status,
                      pledge.deadline, pledge.working_days, owed, pledge.closed_on, state, left)


def pledge_of(db: Database, application_id: str, today: dt.date | None = None) -> PledgeView | None:
    today = today or clock.today()
    cat = compiled_catalogue(db)
    with db.sessions() as session:
        app = _load(session, application_id)
        if app.pledge is None:
            return None
        ent = session.get(Enterprise, app.enterprise_id)
        item = cat.by_id.get(app.item_id)
        return _view(app, ent, item.title if item else None, today)  # type: ignore[arg-type]


def open_pledges(db: Database, *, today: dt.date | None = None, due_within_days: int | None = None,
                 credit_code: str | None = None) -> tuple[PledgeView, ...]:
    """The 待补正 list: pledges with materials still owed on applications not withdrawn, the
    nearest deadline first. ``due_within_days``: only those overdue or due within that many
    working days; ``credit_code``: one enterprise's."""
    if due_within_days is not None and not 0 <= due_within_days <= 250:
        raise ValueError(f"--due-within 应为 0–250 的工作日数，实际是 {due_within_days}")
    today = today or clock.today()
    cat = compiled_catalogue(db)
    with db.sessions() as session:
        query = (
            select(Application, Enterprise)
            .join(Pledge, Pledge.application_id == Application.id)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(Pledge.closed_on.is_(None), Application.status != states.WITHDRAWN)
            .options(selectinload(Application.materials), selectinload(Application.pledge))
            .order_by(Pledge.deadline, Application.created_at)
        )
        if credit_code:
            query = query.where(Enterprise.credit_code == credit_code)
        out = []
        for app, ent in session.execute(query):
            if due_within_days is not None and not due_within(app.pledge.deadline, today, due_within_days):
                continue
            item = cat.by_id.get(app.item_id)
            out.append(_view(app, ent, item.title if item else None, today))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class DueCounts:
    """What the status bar says: pledges due within three working days, and overdue ones."""

    due_soon: int
    overdue: int


def due_counts(db: Database, today: dt.date | None = None) -> DueCounts:
    rows = open_pledges(db, today=today, due_within_days=DUE_SOON_WORKING_DAYS)
    overdue = sum(r.state == OVERDUE for r in rows)
    return DueCounts(len(rows) - overdue, overdue)


def receive_material(db: Database, application_id: str, name: str, file: Path | None = None, *,
                     today: dt.date | None = None) -> PledgeView | None:
    """The enterprise hands in ``name`` (with its scan, if given) after 受理: it is received on
    the application from now, and the pledge closes when nothing else is owed. Refused for a
    withdrawn or closed application, a material it does not have, or one already received.
    Returns the pledge as it now stands (None if the application has none)."""
    today = today or clock.today()
    stored = None
    if file is not None:
        try:
            stored = store_file(file)
        except AttachmentRejected as exc:
            raise ApplyRefused(f"材料「{name}」：{exc}", field="material") from None
    cat = compiled_catalogue(db)
    with db.sessions.begin() as session:
        app = _load(session, application_id)
        if app.status == states.WITHDRAWN:
            raise ApplyRefused("申请已撤回，不能补交材料", field="application")
        if not states.is_open(app.status):
            raise ApplyRefused(f"申请已{states.STATUS_NAMES[app.status]}，不能补交材料", field="application")
        if app.status == states.DRAFT:
            raise ApplyRefused("申请尚未受理（草稿）：请在代办申请中补齐材料后受理", field="application")
        material = next((m for m in app.materials if m.name == name), None)
        if material is None:
            names = "、".join(m.name for m in app.materials if not m.received) or "无"
            raise ApplyRefused(f"「{name}」不是该申请的材料；尚未收取的：{names}", field="material")
        if material.received:
            raise ApplyRefused(f"材料「{name}」已于 {_received_text(material)} 收取", field="material")
        clerk = current_clerk(session)
        now = utcnow()
        if stored is not None:
            if session.get(Attachment, stored.sha256) is None:
                session.add(Attachment(sha256=stored.sha256, size=stored.size, mime=stored.mime,
                                       original_name=stored.original_name))
                session.flush()  # no ORM relationship orders this insert before the row naming it
            material.attachment_sha256 = stored.sha256
        material.received, material.received_at = True, now
        if not material.originals and not material.copies:
            spec = next((m for m in cat.by_id[app.item_id].materials if m.name == name), None) \
                if app.item_id in cat.by_id else None
            material.originals, material.copies = (spec.originals, spec.copies) if spec else (0, 1)
        pledge = app.pledge
        closed = False
        if pledge is not None and pledge.closed_on is None and all(m.received for m in app.materials if m.pledged):
            pledge.closed_on = today
            pledge.late = today > pledge.deadline
            closed = True
        app.updated_at = now
        session.flush()
        _outbox(session, app, "application.supplemented")
        audit.append(session, "application.supplemented", actor=clerk.username, entity="application",
                     entity_id=app.id, detail={"material": name, "attachment": stored.sha256 if stored else None,
                                               "pledge_closed": closed,
                                               "late": bool(pledge and pledge.late) if closed else None})
    return pledge_of(db, application_id, today)


def _received_text(material) -> str:
    return shanghai_date(material.received_at).isoformat() if material.received_at else "受理时"
