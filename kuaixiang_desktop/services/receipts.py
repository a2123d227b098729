"""受理回执 and 一次性告知单: filled from the application, signed, rendered, archived."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock, receipt_token
from kuaixiang_core.domain.clock import shanghai_date, shanghai_time, utcnow
from kuaixiang_core.domain.money import fen_to_yuan
from kuaixiang_core.domain.rules.evidence import bring_list
from kuaixiang_core.domain.working_days import CalendarUnknownYear, add_working_days

from ..store import audit
from ..store.database import Database
from ..store.models import Application, Clerk, Enterprise, Hall, Receipt
from .application_types import EligibilityAsFiled
from .applications import current_clerk, named
from .attachments import store_bytes
from .device import Device, local_device
from .policies import compiled_catalogue
from .receipt_verify import ReceiptCheck, VerifiedReceipt, verify

__all__ = ["LAYOUTS", "Printed", "ReceiptCheck", "ReceiptRefused", "VerifiedReceipt", "print_notice", "print_progress", "print_receipt",
           "verify"]

LAYOUTS = ("a4", "80mm")


class ReceiptRefused(ValueError):
    pass


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    sha256: str
    receipt_no: str | None
    reprint: bool
    qr_text: str | None


def _accepted_at(app: Application) -> dt.datetime:
    for h in app.history:
        if h.to_status == "accepted":
            return h.at.replace(tzinfo=dt.UTC)
    raise ReceiptRefused("申请尚未受理，没有受理回执；材料不全时请打印一次性告知单")


def print_receipt(db: Database, application_id: str, layout: str = "a4", *, reprint: bool = False) -> Printed:
    if layout not in LAYOUTS:
        raise ReceiptRefused(f"版式应为 {' 或 '.join(LAYOUTS)}")
    device = local_device(db)
    cat = compiled_catalogue(db)
    with db.sessions.begin() as session:
        app = session.scalars(
            select(Application).where(named(application_id)).options(
                selectinload(Application.materials), selectinload(Application.history), selectinload(Application.receipts)
            )
        ).one_or_none()
        if app is None:
            raise LookupError(application_id)
        accepted_at = _accepted_at(app)
        earlier = [r for r in app.receipts if r.kind == "receipt"]
        if earlier and not reprint:
            raise ReceiptRefused(f"该申请的受理回执已于 {shanghai_date(earlier[0].created_at):%Y-%m-%d} 打印过；补打请选择「补打」（--reprint）")
        if reprint and not earlier:
            raise ReceiptRefused("该申请还没有打印过受理回执，无需补打")
        ent = session.get(Enterprise, app.enterprise_id)
        hall = session.get(Hall, app.hall_code)
        clerk = session.get(Clerk, app.clerk_id) if app.clerk_id else None
        actor = _printed_by(session, clerk, reprint=bool(earlier))
        item = cat.by_id[app.item_id]
        amount = fen_to_yuan(app.benefit_amount_fen) if app.benefit_amount_fen is not None else None
        # A reprint carries the original's signed QR: the receipt it vouches for is the same.
        qr_text = earlier[0].payload if earlier else _sign(device, app, ent.credit_code, accepted_at)
        try:
            promised = add_working_days(shanghai_time(accepted_at).date(), item.promised_days) if item.promised_days else None
        except CalendarUnknownYear:
            promised = None  # printed as "—": a date we cannot count is not promised
        # reportlab is loaded with the first print, not with the window (its start-up cost).
        from ..printing.receipt import ReceiptData, render_receipt

        data = ReceiptData(
            hall_name=hall.name if hall else app.hall_code or "",
            hall_code=app.hall_code or "",
            window=app.window or "",
            receipt_no=app.receipt_no or "",
            application_id=app.id,
            enterprise_name=ent.name,
            credit_code=ent.credit_code,
            item_title=item.title,
            doc_no=cat.documents[item.document_id]["doc_no"] or "",
            department=item.department,
            materials_received=[(m.name, m.originals, m.copies) for m in app.materials if m.received],
            materials_owed=[(m.name, app.deferred_deadline) for m in app.materials if m.required and not m.received],
            amount=amount,
            benefit_text=app.benefit_text,
            benefit_kind=item.benefit.kind,
            promised_days=item.promised_days,
            promised_date=promised,
            clerk_name=clerk.display_name if clerk else "",
            agent_name=app.agent_name or "",
            agent_id_masked=app.agent_id_masked or "",
            agent_phone_masked=app.agent_phone_masked or "",
            accepted_at=accepted_at,
            qr_text=qr_text,
            reprint=bool(earlier),
            **_still_to_verify(app.trace_json),
        )
        pdf = render_receipt(data, layout)  # type: ignore[arg-type]
        stored = store_bytes(pdf, f"{app.receipt_no}.pdf")
        session.add(Receipt(application_id=app.id, kind="receipt", receipt_no=app.receipt_no, layout=layout,
                            reprint=bool(earlier), payload=qr_text, pdf_sha256=stored.sha256, created_at=utcnow()))
        audit.append(session, "receipt.reprint" if earlier else "receipt.print", actor=actor,
                     entity="application", entity_id=app.id,
                     detail={"layout": layout, "pdf_sha256": stored.sha256, "copy": len(earlier) + 1,
                             "filed_by": clerk.username if clerk else None})
        return Printed(pdf, stored.sha256, app.receipt_no, bool(earlier), qr_text)


def _printed_by(session, filer: Clerk | None, *, reprint: bool) -> str | None:
    """Who prints: the clerk at the window now (``applications.current_clerk``), who for a
    reprint may well not be the one who filed. A first print with nobody to name is the
    filer's own (printed as the filing ends); a reprint is refused: a second copy of a
    receipt goes on record with the name of whoever made it."""
    from .applications import ApplyRefused, current_clerk

    try:
        return current_clerk(session).username
    except ApplyRefused as exc:
        if reprint:
            raise ReceiptRefused(f"补打回执须记下补打人：{exc.message}") from None
        return filer.username if filer else None


def _sign(device: Device, app: Application, credit_code: str, accepted_at: dt.datetime) -> str:
    fields = receipt_token.ReceiptFields(
        receipt_no=app.receipt_no or "",
        application_id=uuid.UUID(app.id),
        credit_code=credit_code,
        item_id=app.item_id,
        amount_fen=app.benefit_amount_fen,
        accepted_at=accepted_at,
        hall_code=app.hall_code or "",
    )
    return receipt_token.sign(fields, device.private_key())


def _bring_as_filed(trace_json: str | None, item) -> list[str]:
    """The documents proving the facts the application's trace (as filed) had no data on."""
    try:
        conditions = json.loads(trace_json or "{}").get("conditions") or []
    except (ValueError, AttributeError):
        return []
    missing = [fact for c in conditions if isinstance(c, dict) and c.get("result") == "unknown"
               for fact in (c.get("absent") or [c.get("fact")]) if isinstance(fact, str)]
    return bring_list((fact, item.evidence) for fact in missing)


def print_notice(db: Database, application_id: str, layout: str = "a4") -> Printed:
    """The 一次性告知单: every required material still missing, listed at once."""
    if layout not in LAYOUTS:
        raise ReceiptRefused(f"版式应为 {' 或 '.join(LAYOUTS)}")
    cat = compiled_catalogue(db)
    with db.sessions.begin() as session:
        app = session.scalars(
            select(Application).where(named(application_id)).options(selectinload(Application.materials))
        ).one_or_none()
        if app is None:
            raise LookupError(application_id)
        item = cat.by_id[app.item_id]
        specs = {m.name: m for m in item.materials}
        missing = [m for m in app.materials if m.required and not m.received]
        if not missing:
            raise ReceiptRefused("该申请没有缺少的必需材料，不需要一次性告知单")
        ent = session.get(Enterprise, app.enterprise_id)
        hall = session.get(Hall, app.hall_code)
        clerk = session.get(Clerk, app.clerk_id) if app.clerk_id else None
        from ..printing.notice import NoticeData, render_notice

        data = NoticeData(
            hall_name=hall.name if hall else app.hall_code or "",
            hall_code=app.hall_code or "",
            window=app.window or "",
            enterprise_name=ent.name,
            credit_code=ent.credit_code,
            item_title=item.title,
            doc_no=cat.documents[item.document_id]["doc_no"] or "",
            department=item.department,
            missing=[
                (m.name, (specs[m.name].note if m.name in specs and specs[m.name].note else "申请必需材料"),
                 specs[m.name].originals if m.name in specs else 0, specs[m.name].copies if m.name in specs else 1)
                for m in missing
            ],
            clerk_name=clerk.display_name if clerk else "",
            issued_at=clock.now(),
            agent_name=app.agent_name,
            bring=_bring_as_filed(app.trace_json, item),
        )
        pdf = render_notice(data, layout)  # type: ignore[arg-type]
        stored = store_bytes(pdf, f"notice-{app.id}.pdf")
        session.add(Receipt(application_id=app.id, kind="notice", layout=layout, reprint=False,
                            pdf_sha256=stored.sha256, created_at=utcnow()))
        audit.append(session, "notice.print", actor=clerk.username if clerk else None, entity="application",
                     entity_id=app.id, detail={"missing": [m.name for m in missing]})
        return Printed(pdf, stored.sha256, None, False, None)


def print_progress(db: Database, application_id: str, layout: str = "a4") -> Printed:
    """The 办理进度告知单: the application's course after 受理 as the window last heard it."""
    from ..printing.progress import ProgressData, render_progress
    from ..store.models import SyncCursor
    from .course import course_of

    if layout not in LAYOUTS:
        raise ReceiptRefused(f"版式应为 {' 或 '.join(LAYOUTS)}")
    cat = compiled_catalogue(db)
    with db.sessions.begin() as session:
        app = session.scalars(select(Application).where(named(application_id))).one_or_none()
        if app is None:
            raise LookupError(application_id)
        accepted_at = _accepted_at(app)
        item = cat.by_id.get(app.item_id)
        ent = session.get(Enterprise, app.enterprise_id)
        hall = session.get(Hall, app.hall_code)
        clerk = current_clerk(session)
        last_sync = session.scalar(select(func.max(SyncCursor.updated_at)))
        data = ProgressData(
            hall_name=hall.name if hall else app.hall_code or "", window=clerk.window or app.window or "",
            enterprise_name=ent.name, credit_code=ent.credit_code,
            item_title=item.title if item else app.item_id, receipt_no=app.receipt_no or "",
            accepted_on=clock.shanghai_date(accepted_at.replace(tzinfo=None)),
            status_name=states.STATUS_NAMES.get(app.status, app.status),
            steps=[(c.name, c.on, c.until, c.amount_fen, c.reason) for c in course_of(session, app.id)],
            clerk_name=clerk.display_name, issued_at=clock.now(),
            last_sync=last_sync.replace(tzinfo=dt.UTC) if last_sync else None,
        )
        pdf = render_progress(data, layout)  # type: ignore[arg-type]
        stored = store_bytes(pdf, f"progress-{app.id}.pdf")
        session.add(Receipt(application_id=app.id, kind="progress", layout=layout, reprint=False,
                            pdf_sha256=stored.sha256, created_at=utcnow()))
        audit.append(session, "progress.print", actor=clerk.username, entity="application", entity_id=app.id)
        return Printed(pdf, stored.sha256, app.receipt_no, False, None)


def _still_to_verify(trace_json: str | None) -> dict:
    """What the receipt says about an application filed as 需核实 (verdict "unknown"): the
    conditions the data could not settle, in the words the rule gave them when it was filed."""
    trace = EligibilityAsFiled.parse(trace_json or "{}")
    if trace.verdict != "unknown":
        return {}
    conditions = [line.text or line.label or line.fact or "" for line in trace.conditions if line.result == "unknown"]
    return {"to_verify": True, "conditions_to_verify": [c for c in conditions if c]}
