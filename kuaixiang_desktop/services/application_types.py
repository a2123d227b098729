"""What the applications services hand the window and the CLI: an application as filed and as
it stands, a row of the applications list, the check of a receipt's QR.

Frozen, so a result can cross from the worker to the GUI thread and be kept there; collections
are tuples for the same reason. Times are aware Asia/Shanghai datetimes (stored UTC, shown on
the hall's clock), money is Decimal 元. ``to_json`` is the `kuaixiang` command's contract
(DESIGN §7): the same keys, in the same order, as the CLI has always printed; nothing else in
the client turns these into JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kuaixiang_core.domain import application_state as states

# A value as the rules engine recorded it in the trace: a string (money and dates are strings
# there), a number, a boolean, nothing, or a list of those (for "in" conditions).
TraceScalar = str | int | float | bool | None
TraceValue = TraceScalar | tuple[TraceScalar, ...]


def _time_json(at: dt.datetime) -> str:
    return at.isoformat(timespec="seconds")


def _date_json(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _amount_json(amount: Decimal | None) -> str | None:
    return str(amount) if amount is not None else None


def _trace_value(value: object) -> TraceValue:
    if isinstance(value, list):
        return tuple(v if v is None or isinstance(v, (str, int, float, bool)) else json.dumps(v, ensure_ascii=False)
                     for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class AgentView:
    """经办人. ``id_number`` and ``phone`` are the masked forms unless ``revealed``: the
    unmasked ones exist in a result only when the clerk asked for them (and it was audited)."""

    name: str | None
    id_number: str | None
    phone: str | None
    revealed: bool = False

    def to_json(self) -> dict:
        return {"name": self.name, "id_number": self.id_number, "phone": self.phone}


@dataclass(frozen=True, slots=True)
class Benefit:
    """What the enterprise gets: the amount estimated at filing, and the item's words."""

    amount: Decimal | None
    text: str | None
    kind: str = "cash"  # domain.rules.benefit_kinds: only cash is money to be paid

    def to_json(self) -> dict:
        out = {"amount": _amount_json(self.amount), "text": self.text}
        if self.kind != "cash":
            out["kind"] = self.kind
        return out


@dataclass(frozen=True, slots=True)
class FiledMaterial:
    name: str
    required: bool
    received: bool
    originals: int
    copies: int
    attachment_sha256: str | None

    def to_json(self) -> dict:
        return {"name": self.name, "required": self.required, "received": self.received,
                "originals": self.originals, "copies": self.copies, "attachment_sha256": self.attachment_sha256}


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One line of the application's history; ``from_status`` is None for its creation."""

    from_status: str | None
    to_status: str
    at: dt.datetime
    hall_code: str | None
    reason: str | None

    def to_json(self) -> dict:
        return {"from": self.from_status, "to": self.to_status, "at": _time_json(self.at),
                "hall_code": self.hall_code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class PrintRecord:
    """A receipt or 一次性告知单 printed for the application (the PDF is archived by sha256)."""

    kind: str
    layout: str | None
    reprint: bool
    pdf_sha256: str | None
    at: dt.datetime

    def to_json(self) -> dict:
        return {"kind": self.kind, "layout": self.layout, "reprint": self.reprint, "pdf_sha256": self.pdf_sha256,
                "at": _time_json(self.at)}


@dataclass(frozen=True, slots=True)
class TraceLine:
    """One condition of the rule as it was evaluated at filing."""

    text: str | None
    fact: str | None
    label: str | None
    op: str | None
    expected: TraceValue
    clause: str | None
    actual: TraceValue
    actual_text: str | None
    result: str | None  # pass / fail / unknown


@dataclass(frozen=True, slots=True)
class EligibilityAsFiled:
    """The eligibility trace recorded when the application was filed: the verdict, the day it
    was judged on, every condition with the value used, and the benefit estimated.

    ``filed_json`` is the record itself. Traces were written by several versions of the rules
    engine (lines gained keys over time), and the CLI prints each exactly as it was filed; the
    typed fields are what the window reads."""

    verdict: str | None
    as_of: dt.date | None
    conditions: tuple[TraceLine, ...]
    benefit: Benefit | None
    filed_json: str = field(repr=False)

    def to_json(self) -> dict:
        return json.loads(self.filed_json)

    @classmethod
    def parse(cls, filed_json: str) -> EligibilityAsFiled:
        """A line or field this version does not know reads as missing rather than failing the
        whole detail: the clerk still needs to see the application."""
        data = json.loads(filed_json)
        if not isinstance(data, dict):
            data = {}
        lines = tuple(
            TraceLine(
                text=_text(c.get("text")), fact=_text(c.get("fact")), label=_text(c.get("label")),
                op=_text(c.get("op")),
                expected=_trace_value(c.get("expected")), clause=_text(c.get("clause")),
                actual=_trace_value(c.get("actual")), actual_text=_text(c.get("actual_text")),
                result=_text(c.get("result")),
            )
            for c in data.get("conditions") or [] if isinstance(c, dict)
        )
        benefit = data.get("benefit")
        return cls(
            verdict=_text(data.get("verdict")),
            as_of=_day(data.get("as_of")),
            conditions=lines,
            benefit=(Benefit(_decimal(benefit.get("amount")), _text(benefit.get("text")))
                     if isinstance(benefit, dict) else None),
            filed_json=filed_json,
        )


@dataclass(frozen=True, slots=True)
class ApplicationDetail:
    """The application with its history, materials, agent (masked unless revealed), the
    eligibility trace as filed, receipt number and sync state: `kuaixiang application show`."""

    id: str
    status: str
    receipt_no: str | None
    credit_code: str | None
    enterprise_name: str | None
    item_id: str
    item_version: int | None
    item_title: str | None
    department: str | None
    doc_no: str | None
    hall_code: str | None
    hall_name: str | None
    window: str | None
    clerk: str | None
    agent: AgentView
    benefit: Benefit
    materials: tuple[FiledMaterial, ...]
    deferred_deadline: dt.date | None
    eligibility: EligibilityAsFiled
    history: tuple[StatusChange, ...]
    receipts: tuple[PrintRecord, ...]
    created_at: dt.datetime
    sync_state: str
    # The department's steps after 受理 (services/course.CourseStep), as the server last said.
    course: tuple = ()
    rating: str | None = None  # the enterprise's 好差评 level name, once rated

    @property
    def status_name(self) -> str:
        return states.STATUS_NAMES[self.status]

    @property
    def missing(self) -> tuple[str, ...]:
        """The required materials not handed over (owed by the deadline, or why it is a draft)."""
        return tuple(m.name for m in self.materials if m.required and not m.received)

    @property
    def receipt_printed(self) -> bool:
        return any(r.kind == "receipt" for r in self.receipts)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "status": self.status,
            "status_name": self.status_name,
            "receipt_no": self.receipt_no,
            "credit_code": self.credit_code,
            "enterprise_name": self.enterprise_name,
            "item_id": self.item_id,
            "item_version": self.item_version,
            "item_title": self.item_title,
            "department": self.department,
            "doc_no": self.doc_no,
            "hall_code": self.hall_code,
            "hall_name": self.hall_name,
            "window": self.window,
            "clerk": self.clerk,
            "agent": self.agent.to_json(),
            "benefit": self.benefit.to_json(),
            "materials": [m.to_json() for m in self.materials],
            "missing": list(self.missing),
            "deferred_deadline": _date_json(self.deferred_deadline),
            "eligibility": self.eligibility.to_json(),
            "history": [h.to_json() for h in self.history],
            "receipts": [r.to_json() for r in self.receipts],
            "created_at": _time_json(self.created_at),
            "sync_state": self.sync_state,
            "course": [c.to_json() for c in self.course],
            "rating": self.rating,
        }


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    """One application in a list, newest first."""

    id: str
    status: str
    receipt_no: str | None
    credit_code: str
    enterprise_name: str
    item_id: str
    item_title: str | None
    created_at: dt.datetime
    sync_state: str
    # The department's steps after 受理 (services/course.CourseStep), as the server last said.
    course: tuple = ()
    rating: str | None = None  # the enterprise's 好差评 level name, once rated

    @property
    def status_name(self) -> str:
        return states.STATUS_NAMES[self.status]

    def to_json(self) -> dict:
        """A row of `kuaixiang application list` (which has never shown the sync state)."""
        return {
            "id": self.id, "status": self.status, "status_name": self.status_name, "receipt_no": self.receipt_no,
            "credit_code": self.credit_code, "enterprise_name": self.enterprise_name, "item_id": self.item_id,
            "item_title": self.item_title, "created_at": _time_json(self.created_at),
        }
