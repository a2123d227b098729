"""授权委托书: is the agent the legal representative, is an authorisation on file, keep one.

The registry holds the legal representative's name, not always the ID number, so the agent
is compared by name: ``same``, ``different``, or ``unsure`` (no name on record, or names
that differ only in a way a typo or a variant character would: the clerk must confirm). An
authorisation the enterprise signed is kept for the next visit within its period; the
agent's ID number is AES-GCM bound to the row, like an application's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.codes import check_resident_id, mask_resident_id

from ..store import audit
from ..store.database import Database
from ..store.models import Attachment, Authorisation, Enterprise
from . import agent_crypto
from .applications import Agent, ApplyRefused, current_clerk
from .attachments import AttachmentRejected, store_file

MATERIAL = "授权委托书"
SAME, DIFFERENT, UNSURE = "same", "different", "unsure"
MAX_PERIOD_DAYS = 3 * 366
_NOISE = re.compile(r"[\s·•・．.\-]")


def _norm(name: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def name_match(agent_name: str, legal_rep: str | None) -> str:
    """``same`` when the names agree, ``different`` when they plainly do not, ``unsure`` when
    the registry has no name or they differ by one character (a typo, a variant character)."""
    a, b = _norm(agent_name), _norm(legal_rep or "")
    if not b or not a:
        return UNSURE
    if a == b:
        return SAME
    if len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1 and len(a) >= 3:
        return UNSURE
    if a in b or b in a:  # a foreign name written in part, 复姓 dropped
        return UNSURE
    return DIFFERENT


@dataclass(frozen=True, slots=True)
class OnFile:
    id: str
    agent_name: str
    agent_id_masked: str
    item_id: str | None
    valid_from: dt.date
    valid_to: dt.date
    attachment_sha256: str | None


@dataclass(frozen=True, slots=True)
class Need:
    """What the window must ask for: ``match`` of the agent and the legal representative, and
    an authorisation on file that covers this agent, item and day (None if there is none)."""

    match: str
    legal_rep: str | None
    on_file: OnFile | None

    @property
    def required(self) -> bool:
        return self.match != SAME


def find_on_file(db: Database, credit_code: str, agent: Agent, item_id: str, today: dt.date | None = None) -> OnFile | None:
    """The latest-ending authorisation for this enterprise and agent (name and ID number),
    covering ``item_id`` (or every item) and valid ``today``."""
    today = today or clock.today()
    wanted = check_resident_id(agent.id_number).normalized or agent.id_number
    with db.sessions() as session:
        rows = session.scalars(
            select(Authorisation).join(Enterprise, Enterprise.id == Authorisation.enterprise_id)
            .where(Enterprise.credit_code == credit_code, Authorisation.valid_from <= today,
                   Authorisation.valid_to >= today)
            .order_by(Authorisation.valid_to.desc())
        ).all()
        for row in rows:
            if _norm(row.agent_name) != _norm(agent.name) or row.item_id not in (None, item_id):
                continue
            try:
                if agent_crypto.decrypt(row.agent_id_enc, row.id) != wanted:
                    continue
            except agent_crypto.DecryptError:
                continue  # another key or a changed row: not offered, never trusted
            return _on_file(row)
    return None


def need(db: Database, credit_code: str, agent: Agent, item_id: str, today: dt.date | None = None) -> Need:
    with db.sessions() as session:
        ent = session.scalars(select(Enterprise).where(Enterprise.credit_code == credit_code)).one_or_none()
        if ent is None:
            raise ApplyRefused(f"本地库中没有统一社会信用代码为 {credit_code} 的企业", field="credit_code")
        legal_rep = ent.legal_rep
    match = name_match(agent.name, legal_rep)
    return Need(match, legal_rep, None if match == SAME else find_on_file(db, credit_code, agent, item_id, today))


def material_name(item) -> str:
    """The item's own material for the authorisation if it lists one, else 授权委托书."""
    return next((m.name for m in item.materials if m.name.startswith(MATERIAL)), MATERIAL)


def keep(session, enterprise: Enterprise, agent: Agent, valid_from: dt.date, valid_to: dt.date, *,
         item_id: str | None, attachment_sha256: str | None, application_id: str | None) -> Authorisation:
    """Store a signed authorisation in ``session`` (the caller's transaction)."""
    if valid_to < valid_from:
        raise ApplyRefused(f"委托期限的结束日期 {valid_to} 早于开始日期 {valid_from}", field="authorisation")
    if (valid_to - valid_from).days > MAX_PERIOD_DAYS:
        raise ApplyRefused("委托期限不能超过三年", field="authorisation")
    check = check_resident_id(agent.id_number)
    if not check.valid:
        raise ApplyRefused(f"受托人身份证号码无效：{check.error}", field="agent_id")
    number = check.normalized or agent.id_number
    row_id = str(uuid.uuid4())
    row = Authorisation(
        id=row_id, enterprise_id=enterprise.id, agent_name=agent.name.strip(),
        agent_id_enc=agent_crypto.encrypt(number, row_id), agent_id_masked=mask_resident_id(number),
        item_id=item_id, valid_from=valid_from, valid_to=valid_to, attachment_sha256=attachment_sha256,
        application_id=application_id,
    )
    session.add(row)
    audit.append(session, "authorisation.record", actor=current_clerk(session).username, entity="enterprise",
                 entity_id=enterprise.credit_code,
                 detail={"authorisation": row_id, "valid_to": valid_to.isoformat(), "item_id": item_id})
    return row


def _on_file(row: Authorisation) -> OnFile:
    return OnFile(row.id, row.agent_name, row.agent_id_masked, row.item_id, row.valid_from, row.valid_to,
                  row.attachment_sha256)


def record(db: Database, credit_code: str, agent: Agent, valid_from: dt.date, valid_to: dt.date, *,
           item_id: str | None = None, file: Path | None = None, application_id: str | None = None) -> OnFile:
    """Keep a signed 授权委托书 (its scan, if given) so that later visits within the period
    offer it again."""
    stored = None
    if file is not None:
        try:
            stored = store_file(file)
        except AttachmentRejected as exc:
            raise ApplyRefused(f"授权委托书：{exc}", field="material") from None
    with db.sessions.begin() as session:
        ent = session.scalars(select(Enterprise).where(Enterprise.credit_code == credit_code)).one_or_none()
        if ent is None:
            raise ApplyRefused(f"本地库中没有统一社会信用代码为 {credit_code} 的企业", field="credit_code")
        if stored is not None and session.get(Attachment, stored.sha256) is None:
            session.add(Attachment(sha256=stored.sha256, size=stored.size, mime=stored.mime,
                                   original_name=stored.original_name))
            session.flush()
        row = keep(session, ent, agent, valid_from, valid_to, item_id=item_id,
                   attachment_sha256=stored.sha256 if stored else None, application_id=application_id)
        return _on_file(row)
