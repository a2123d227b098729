"""An application's course at the department after 受理 (审核, 补正, 审核通过, 公示, 拨付 with date
and amount, 不予支持 with the reason), as the server last said it (domain/payout_course): it
comes down with the application's server state and is shown on the enterprise card, in the
applications room and on the printed 办理进度告知单."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kuaixiang_core import wire
from kuaixiang_core.domain import payout_course as course
from kuaixiang_core.domain.money import fen_to_yuan, format_yuan

from ..store.database import Database
from ..store.models import ApplicationStep


@dataclass(frozen=True, slots=True)
class CourseStep:
    step: str
    on: dt.date
    until: dt.date | None
    amount_fen: int | None
    reason: str | None

    @property
    def name(self) -> str:
        return course.STEP_NAMES.get(self.step, self.step)

    def text(self) -> str:
        """One line for the card, the room and the print: 「2026-12-20 拨付 6,000.00 元」."""
        line = f"{self.on.isoformat()} {self.name}"
        if self.step == course.PUBLICITY and self.until is not None:
            line += f"（至 {self.until.isoformat()}）"
        if self.amount_fen is not None:
            line += f" {format_yuan(fen_to_yuan(self.amount_fen))} 元"
        if self.reason:
            line += f"：{self.reason}"
        return line

    def to_json(self) -> dict:
        return {"step": self.step, "name": self.name, "on": self.on.isoformat(),
                "until": self.until.isoformat() if self.until else None, "amount_fen": self.amount_fen,
                "reason": self.reason}


def _read(item: object) -> CourseStep | None:
    if not isinstance(item, dict) or item.get("step") not in course.STEPS:
        return None
    try:
        on = dt.date.fromisoformat(item["on"])
        until = dt.date.fromisoformat(item["until"]) if item.get("until") else None
    except (KeyError, TypeError, ValueError):
        return None
    amount = item.get("amount_fen")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount < 2**63):
        return None
    reason = item.get("reason")
    return CourseStep(item["step"], on, until, amount, reason[:2000] if isinstance(reason, str) else None)


def apply_course(session: Session, application_id: str, items: object) -> bool:
    """Take the server's course of the application (the server wins; it only grows). True
    when it changed what is held here."""
    if not isinstance(items, list):
        return False
    steps = [s for s in (_read(i) for i in items) if s is not None]
    held = [CourseStep(r.step, r.on_date, r.until_date, r.amount_fen, r.reason)
            for r in session.scalars(select(ApplicationStep).where(ApplicationStep.application_id == application_id)
                                     .order_by(ApplicationStep.seq))]
    if held == steps:
        return False
    session.execute(delete(ApplicationStep).where(ApplicationStep.application_id == application_id))
    at = {i: item.get("at") for i, item in enumerate(items) if isinstance(item, dict)}
    for seq, step in enumerate(steps, 1):
        when = None
        try:
            when = wire.parse_time(at.get(seq - 1), "at").replace(tzinfo=None) if at.get(seq - 1) else None
        except wire.WireError:
            pass
        session.add(ApplicationStep(application_id=application_id, seq=seq, step=step.step, on_date=step.on,
                                    until_date=step.until, amount_fen=step.amount_fen, reason=step.reason, at=when))
    session.flush()
    return True


def course_of(session: Session, application_id: str) -> tuple[CourseStep, ...]:
    return tuple(CourseStep(r.step, r.on_date, r.until_date, r.amount_fen, r.reason)
                 for r in session.scalars(select(ApplicationStep).where(ApplicationStep.application_id == application_id)
                                          .order_by(ApplicationStep.seq)))


def load_course(db: Database, application_id: str) -> tuple[CourseStep, ...]:
    """(worker)"""
    with db.sessions() as session:
        return course_of(session, application_id)


def summary(steps: tuple[CourseStep, ...]) -> str:
    """The latest step in a few words, for a list's column: 「拨付 6,000.00 元（2026-12-20）」."""
    if not steps:
        return ""
    last = steps[-1]
    text = last.name
    if last.amount_fen is not None:
        text += f" {format_yuan(fen_to_yuan(last.amount_fen))} 元"
    if last.step == course.PUBLICITY and last.until is not None:
        text += f" 至 {last.until.isoformat()}"
    return f"{text}（{last.on.isoformat()}）"
