"""Revealing an agent's full ID number and phone (DESIGN §6, "Trust"): a deliberate act of a
logged-in clerk, who types the password again and says why, recorded in the audit log.

Who may: any account logged in on this database, clerk, hall supervisor or administrator,
for an application of their own hall; an administrator for any hall. Not the supervisor
alone: the window clerk is the one who needs the number (the agent comes back and must be
recognised, a 容缺 material is due and the agent must be called) and a township hall often
has no supervisor on duty; asking for one would stop that work or teach clerks to share the
supervisor's password, which would make the audit's "who" worthless. What protects the data
instead: the password again now (wrong ones count towards the lock-out, as at log-in), a
reason in words, the hall boundary, and the audit row naming who, with which role, when,
which application, whose filing and why. A role this client does not know is refused.

The audit row is committed before the numbers leave this module: no reveal without its record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from kuaixiang_core.domain.clock import shanghai_time

from ..store import audit
from ..store.database import Database
from ..store.models import Application, Clerk
from . import agent_crypto, auth
from .application_types import AgentView, ApplicationDetail
from .applications import ApplicationNotFound, show

ROLES = ("clerk", "supervisor", "admin")
ALL_HALLS = ("admin",)
MIN_REASON, MAX_REASON = 2, 200


class RevealRefused(Exception):
    """Not revealed; ``field`` is ``reason``, ``role``, ``hall`` or ``agent``."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Revealed:
    """The application with its agent unmasked, and the audit's record of the act."""

    detail: ApplicationDetail
    by: str
    role: str
    at: dt.datetime  # on the hall's clock
    reason: str
    audit_id: int

    def record_json(self) -> dict:
        return {"by": self.by, "role": self.role, "at": self.at.isoformat(timespec="seconds"),
                "reason": self.reason, "audit_id": self.audit_id}


def clean_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if len(text) < MIN_REASON:
        raise RevealRefused("请写明查看经办人完整信息的原因（至少 2 个字），它会记入审计日志", "reason")
    if len(text) > MAX_REASON:
        raise RevealRefused(f"查看原因不能超过 {MAX_REASON} 个字", "reason")
    return text


def reveal_agent(db: Database, application_id: str, password: str, reason: str | None, *,
                 policy: auth.AuthPolicy = auth.DEFAULT_POLICY) -> Revealed:
    """The application with the agent's full ID number and phone, for the logged-in clerk
    who has just typed ``password`` and gives ``reason``.

    Raises RevealRefused (no reason, a role or hall that may not), ApplicationNotFound, and
    what ``auth.verify_current`` raises: NotLoggedIn, WrongPassword, AccountLocked,
    OfflineUnavailable."""
    reason = clean_reason(reason)
    detail = show(db, application_id)  # ApplicationNotFound before a password is spent on it
    who = auth.verify_current(db, password, policy=policy, purpose="reveal")
    with db.sessions.begin() as session:
        app = session.get(Application, detail.id)
        if app is None:
            raise ApplicationNotFound(application_id)
        refusal = _refusal(who, app.hall_code)
        if refusal is not None:
            # Recorded, and raised only after the commit: a refused attempt stays on record.
            audit.append(session, "agent.reveal_refused", actor=who.username, entity="application", entity_id=app.id,
                         detail={"reason": reason, "role": who.role, "hall_code": who.hall_code,
                                 "refused": refusal.field})
        else:
            if not (app.agent_id_enc and app.agent_phone_enc):
                raise RevealRefused("该申请没有保存经办人的证件号与手机号", "agent")
            agent = AgentView(app.agent_name, agent_crypto.decrypt(app.agent_id_enc, app.id),
                              agent_crypto.decrypt(app.agent_phone_enc, app.id), revealed=True)
            filer = session.scalars(select(Clerk.username).where(Clerk.id == app.clerk_id)).first()
            row = audit.append(session, "agent.reveal", actor=who.username, entity="application", entity_id=app.id,
                               detail={"reason": reason, "role": who.role, "hall_code": who.hall_code,
                                       "fields": ["id_number", "phone"], "filed_by": filer})
            at, audit_id = row.at, row.id
    if refusal is not None:
        raise refusal
    return Revealed(dataclasses.replace(detail, agent=agent), who.username, who.role, shanghai_time(at), reason,
                    audit_id)


def _refusal(who: auth.SessionInfo, hall_code: str | None) -> RevealRefused | None:
    if who.role not in ROLES:
        return RevealRefused(f"账号「{who.username}」的角色「{who.role}」不能查看经办人的完整信息", "role")
    if who.role not in ALL_HALLS and hall_code and who.hall_code != hall_code:
        return RevealRefused(f"该申请由 {hall_code} 受理，账号「{who.username}」属于 {who.hall_code}："
                             "只能查看本大厅申请的经办人信息", "hall")
    return None


__all__ = ["ROLES", "RevealRefused", "Revealed", "clean_reason", "reveal_agent"]
