"""草稿: an application the clerk started in the apply wizard and closed before filing, and the
applications already in progress that make a second one pointless.

Drafts are local to this machine and hall: they never enter the outbox (DESIGN §6) and so
never reach the platform. The agent's ID number and phone, as typed (valid or not yet), are
sealed with the agent key (``agent_crypto``) bound to the draft's id, as an application's are.
A clerk sees the drafts of their hall; saving again for the same enterprise and item replaces
their own draft rather than adding a second one.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain.clock import shanghai_time

from ..store.database import Database
from ..store.models import Application, ApplyDraft, Enterprise, utcnow
from . import agent_crypto
from .applications import ApplyRefused, current_clerk
from .policies import compiled_catalogue


def _context(draft_id: str, what: str) -> str:
    # Not the bare id: an application's ciphertext bound to its id must not open as a draft's.
    return f"draft:{draft_id}:{what}"


@dataclass(frozen=True, slots=True)
class DraftFile:
    """An attachment already checked and stored (services.attachments); filing reads ``source`` again."""

    source: str
    label: str
    size: int
    mime: str
    sha256: str


@dataclass(frozen=True, slots=True)
class DraftMaterial:
    name: str
    received: bool
    originals: int
    copies: int
    file: DraftFile | None = None


@dataclass(frozen=True, slots=True)
class DraftInput:
    """What the wizard holds when it is closed: the agent's fields as typed, checked or not."""

    credit_code: str
    item_id: str
    page: int
    materials: tuple[DraftMaterial, ...]
    agent_name: str = ""
    agent_id: str = ""
    agent_phone: str = ""


@dataclass(frozen=True, slots=True)
class DraftRow:
    """A draft as the card and the applications room list it; times on the hall's clock."""

    id: str
    credit_code: str
    enterprise_name: str
    item_id: str
    item_title: str | None
    page: int
    received: int  # materials ticked
    agent_name: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft to reopen the wizard with: the agent's values decrypted for this clerk's form."""

    row: DraftRow
    materials: tuple[DraftMaterial, ...]
    agent_name: str
    agent_id: str
    agent_phone: str

    @property
    def id(self) -> str:
        return self.row.id


@dataclass(frozen=True, slots=True)
class OpenApplication:
    """An application of the enterprise that is still in progress (not 未通过/已兑现/已撤回):
    applying again for its item would be refused at the last step."""

    id: str
    item_id: str
    status: str
    status_name: str
    receipt_no: str | None
    sync_state: str


def _materials_json(materials: tuple[DraftMaterial, ...]) -> str:
    return json.dumps([
        {"name": m.name, "received": m.received, "originals": m.originals, "copies": m.copies,
         "file": None if m.file is None else {"source": m.file.source, "label": m.file.label, "size": m.file.size,
                                              "mime": m.file.mime, "sha256": m.file.sha256}}
        for m in materials
    ], ensure_ascii=False)


def _materials(text: str) -> tuple[DraftMaterial, ...]:
    out = []
    for m in json.loads(text or "[]"):
        file = m.get("file")
        out.append(DraftMaterial(
            name=str(m["name"]), received=bool(m.get("received")), originals=int(m.get("originals") or 0),
            copies=int(m.get("copies") or 0),
            file=DraftFile(str(file["source"]), str(file["label"]), int(file["size"]), str(file["mime"]),
                           str(file["sha256"])) if file else None,
        ))
    return tuple(out)


def _row(draft: ApplyDraft, code: str, name: str, titles: dict[str, str]) -> DraftRow:
    return DraftRow(
        id=draft.id, credit_code=code, enterprise_name=name, item_id=draft.item_id,
        item_title=titles.get(draft.item_id), page=draft.page,
        received=sum(1 for m in _materials(draft.materials_json) if m.received),
        agent_name=draft.agent_name or None,
        created_at=shanghai_time(draft.created_at), updated_at=shanghai_time(draft.updated_at),
    )


def _titles(db: Database) -> dict[str, str]:
    return {item.id: item.title for item in compiled_catalogue(db).items}


def save_draft(db: Database, data: DraftInput) -> DraftRow:
    """Keep what the wizard holds; the clerk's earlier draft for the same enterprise and item
    is replaced (its id and creation time stay)."""
    with db.sessions.begin() as session:
        clerk = current_clerk(session)
        enterprise = session.scalars(select(Enterprise).where(Enterprise.credit_code == data.credit_code)).one_or_none()
        if enterprise is None:
            raise ApplyRefused(f"本地库中没有统一社会信用代码为 {data.credit_code} 的企业，草稿没有保存",
                               field="credit_code")
        draft = session.scalars(select(ApplyDraft).where(
            ApplyDraft.enterprise_id == enterprise.id, ApplyDraft.item_id == data.item_id,
            ApplyDraft.clerk_id == clerk.id)).one_or_none()
        now = utcnow()
        if draft is None:
            draft = ApplyDraft(id=str(uuid.uuid4()), enterprise_id=enterprise.id, item_id=data.item_id,
                               clerk_id=clerk.id, created_at=now)
            session.add(draft)
        draft.hall_code = clerk.hall_code
        draft.page = max(0, int(data.page))
        draft.materials_json = _materials_json(data.materials)
        draft.agent_name = data.agent_name.strip() or None
        draft.agent_id_enc = (agent_crypto.encrypt(data.agent_id.strip(), _context(draft.id, "id"))
                              if data.agent_id.strip() else None)
        draft.agent_phone_enc = (agent_crypto.encrypt(data.agent_phone.strip(), _context(draft.id, "phone"))
                                 if data.agent_phone.strip() else None)
        draft.updated_at = now
        session.flush()
        return _row(draft, enterprise.credit_code, enterprise.name, _titles(db))


def list_drafts(db: Database, credit_code: str | None = None) -> tuple[DraftRow, ...]:
    """This hall's drafts, newest change first; ``credit_code``: one enterprise's."""
    titles = _titles(db)
    with db.sessions() as session:
        try:
            hall = current_clerk(session).hall_code
        except ApplyRefused:
            return ()  # nobody at the window yet: no hall, so no drafts to show
        query = (
            select(ApplyDraft, Enterprise.credit_code, Enterprise.name)
            .join(Enterprise, Enterprise.id == ApplyDraft.enterprise_id)
            .where(ApplyDraft.hall_code == hall)
            .order_by(ApplyDraft.updated_at.desc(), ApplyDraft.id)
        )
        if credit_code:
            query = query.where(Enterprise.credit_code == credit_code)
        return tuple(_row(d, code, name, titles) for d, code, name in session.execute(query))


class DraftNotFound(LookupError):
    pass


def load_draft(db: Database, draft_id: str) -> Draft:
    titles = _titles(db)
    with db.sessions() as session:
        hall = current_clerk(session).hall_code
        found = session.execute(
            select(ApplyDraft, Enterprise.credit_code, Enterprise.name)
            .join(Enterprise, Enterprise.id == ApplyDraft.enterprise_id)
            .where(ApplyDraft.id == draft_id, ApplyDraft.hall_code == hall)
        ).one_or_none()
        if found is None:
            raise DraftNotFound(f"草稿 {draft_id} 不存在（可能已受理或已放弃）")
        draft, code, name = found
        return Draft(
            row=_row(draft, code, name, titles),
            materials=_materials(draft.materials_json),
            agent_name=draft.agent_name or "",
            agent_id=agent_crypto.decrypt(draft.agent_id_enc, _context(draft.id, "id")) if draft.agent_id_enc else "",
            agent_phone=(agent_crypto.decrypt(draft.agent_phone_enc, _context(draft.id, "phone"))
                         if draft.agent_phone_enc else ""),
        )


def discard_draft(db: Database, draft_id: str) -> bool:
    """Remove the draft (filed from it, or given up); False if it was already gone."""
    with db.sessions.begin() as session:
        hall = current_clerk(session).hall_code
        result = session.execute(delete(ApplyDraft).where(ApplyDraft.id == draft_id, ApplyDraft.hall_code == hall))
        return bool(result.rowcount)


def open_applications(db: Database, credit_code: str) -> tuple[OpenApplication, ...]:
    """The enterprise's applications still in progress, newest first: one query for the whole
    policy panel, however many items it lists."""
    closed = [s for s in states.STATUSES if not states.is_open(s)]
    with db.sessions() as session:
        rows = session.execute(
            select(Application.id, Application.item_id, Application.status, Application.receipt_no,
                   Application.sync_state)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .where(Enterprise.credit_code == credit_code, Application.status.not_in(closed))
            .order_by(Application.created_at.desc(), Application.id)
        ).all()
    return tuple(
        OpenApplication(id=r.id, item_id=r.item_id, status=r.status,
                        status_name=states.STATUS_NAMES.get(r.status, r.status), receipt_no=r.receipt_no,
                        sync_state=r.sync_state)
        for r in rows
    )
