"""Applications on the platform: outbox intake (idempotent), re-evaluation, review.

Each outbox entry is one transaction. It first takes the ``applications`` stream's counter
lock (changes.allocate), which serialises intake between instances, then looks the key up
among the calling hall's own keys: a known key with the same content hash is a duplicate
(the first answer is replayed), with another hash a conflict. A rejected entry changes
nothing and is not recorded, so the same entry sent again is judged again.

Halls are apart: an application is known by its hall and its UUID, and an outbox key by its
hall and the key. The UUID is printed on every receipt, so a clerk of another hall can push
it; that push addresses an application of their own hall (or is refused by the checks of
``claims``) and never reads, claims or blocks the hall whose receipt it is.

At intake of ``application.accepted`` the server checks what it can (``claims``: the receipt
number's hall and device, the item's mode), evaluates eligibility again with its own current
version of the item over its own enterprise record, keeps the client's trace, amount and
window beside its own with a flag for each difference, and moves the application on to
``submitted`` (it reached the platform).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, func, not_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kuaixiang_core import wire
from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock
from kuaixiang_core.domain import payout_course as course
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.rules.benefit_kinds import CASH
from kuaixiang_core.domain.rules.caps import apply_caps
from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_core.wire import ApplicationPayload, OutboxEntry, OutboxResult, WireError
from kuaixiang_core.wire_rating import RATING_KINDS

from . import claims, crypto, ratings
from .auth import AuthContext
from .catalogue import compile_item, declared_facts
from .changes import allocate
from .claims import Rejected
from .db import Database
from .enterprises import facts_for
from .models import Application, ApplicationEvent, ApplicationStep, Attachment, Enterprise, Hall, OutboxReceipt

PLATFORM = "platform"
BLOCKING = frozenset({states.ACCEPTED, states.SUBMITTED, states.APPROVED})
DEFAULT_WITHDRAW_REASON = "窗口撤回"

__all__ = ["Ambiguous", "Intake", "Rejected", "ReviewError", "evaluate", "list_applications", "review", "show"]


# --- the application's server state ----------------------------------------------------------


def state_json(app: Application, missing_attachments: list[str] | None = None) -> dict:
    """An item of the ``applications`` stream; the ``server`` of an outbox result."""
    server_trace = json.loads(app.server_trace_json) if app.server_trace_json else None
    client_trace = json.loads(app.client_trace_json) if app.client_trace_json else None
    return wire.ApplicationState(
        id=app.id,
        status=app.status,
        reason=app.reason,
        history=[
            {"from": h.from_status, "to": h.to_status, "at": wire.format_time(h.at), "by": h.actor,
             "hall_code": h.hall_code, "reason": h.reason}
            for h in app.history
        ],
        server_verdict=server_trace,
        receipt_no=app.receipt_no,
        hall_code=app.hall_code,
        credit_code=app.credit_code,
        item_id=app.item_id,
        item_version=app.item_version,
        updated_at=wire.format_time(app.updated_at),
        extra={
            "status_name": states.STATUS_NAMES.get(app.status, app.status),
            "client_verdict": client_trace.get("verdict") if client_trace else None,
            "missing_attachments": missing_attachments or [],
            "course": [course.step_to_json(course.Step(s.step, s.on_date, s.until_date, s.amount_fen, s.reason),
                                           at=wire.format_time(s.at), by=s.actor) for s in app.course],
        },
    ).to_json()


def _attachment_shas(app: Application) -> list[str]:
    return [m["attachment_sha256"] for m in json.loads(app.materials_json or "[]") if m.get("attachment_sha256")]


def states_json(session: Session, apps: list[Application]) -> list[dict]:
    """``state_json`` of each, with the attachments the server does not have yet."""
    wanted = {sha for app in apps for sha in _attachment_shas(app)}
    complete: set[str] = set()
    if wanted:
        complete = set(session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(wanted), Attachment.complete)))
    return [state_json(app, sorted({s for s in _attachment_shas(app) if s not in complete})) for app in apps]


def load_state(session: Session, app: Application) -> dict:
    return states_json(session, [app])[0]


# --- evaluation -------------------------------------------------------------------------------


def evaluate(session: Session, credit_code: str | None, item_id: str, as_of: dt.date) -> dict:
    """The server's own verdict: its current item version over its own enterprise record."""
    base = {"as_of": as_of.isoformat(), "evaluated_at": wire.format_time(utcnow()), "item_id": item_id}
    compiled = compile_item(session, item_id)
    if compiled is None:
        return {**base, "verdict": None, "item_version": None, "conditions": [], "benefit": None,
                "note": f"中心目录中没有政策事项 {item_id}，未能复核"}
    item, version = compiled
    base["item_version"] = version
    facts = facts_for(session, credit_code, as_of, declared_facts(session)) if credit_code else None
    if facts is None:
        return {**base, "verdict": None, "conditions": [], "benefit": None,
                "note": f"中心库中没有统一社会信用代码为 {credit_code} 的企业档案，未能复核"}
    verdict, _ = item.rule.verdict(facts)
    amount = benefit_amount(item.benefit, facts)
    capped = apply_caps(item.caps, verdict, amount, facts) if item.caps else None
    if capped is not None:  # counted over every hall's applications: the platform's own check
        verdict, amount = capped.verdict, capped.amount
    out = {**base, "verdict": verdict, "conditions": item.rule.trace_json(facts),
           "benefit": {"amount": str(amount) if amount is not None else None, "text": item.benefit.text}}
    if item.benefit.kind != CASH:  # a deduction base or a value in kind is not money to pay (claims.benefit_kind)
        out["benefit"]["kind"] = item.benefit.kind
    if capped is not None:
        out["caps"] = [line.to_json() for line in capped.lines]
    if not item.in_force(as_of):
        out["note"] = f"该事项在 {as_of.isoformat()} 不在有效期内"
    return out


# --- intake -------------------------------------------------------------------------------------


@dataclass
class Intake:
    db: Database
    key: bytes

    def process(self, ctx: AuthContext, entries: list[OutboxEntry]) -> list[OutboxResult]:
        return [self._one(ctx, e) for e in entries]

    def _one(self, ctx: AuthContext, entry: OutboxEntry) -> OutboxResult:
        digest = entry.content_hash()
        for attempt in range(3):
            try:
                return self._attempt(ctx, entry, digest)
            except Rejected as r:
                return OutboxResult(entry.key, wire.REJECTED, r.message, None)
            except IntegrityError:
                # Another instance took the key, or the enterprise and item, at the same
                # moment: look again, now that its transaction is visible.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _attempt(self, ctx: AuthContext, entry: OutboxEntry, digest: str) -> OutboxResult:
        rating = entry.kind in RATING_KINDS
        with self.db.write() as session:
            # the intake lock, and this change's number
            seq = allocate(session, "ratings" if rating else "applications")
            seen = session.get(OutboxReceipt, {"hall_code": ctx.hall_code, "key": entry.key})
            if seen is not None:  # this hall's own key: its first answer is this hall's to see
                first = json.loads(seen.result_json)
                if seen.content_hash == digest:
                    return OutboxResult(entry.key, wire.DUPLICATE, first.get("message"), first.get("server"))
                return OutboxResult(
                    entry.key, wire.CONFLICT,
                    f"该记录（{seen.kind}）已于 {wire.format_time(seen.created_at)} 以不同内容提交过；"
                    "两份都保留，请核对后重新办理",
                    first.get("server"),
                )
            if rating:
                server, message = ratings.intake(session, ctx, entry, seq)
            else:
                app, message = self._apply(session, ctx, entry, seq)
                session.flush()
                server = load_state(session, app)
            result = OutboxResult(entry.key, wire.APPLIED, message, server)
            session.add(OutboxReceipt(key=entry.key, content_hash=digest, kind=entry.kind, entity_id=entry.entity_id,
                                      clerk_id=ctx.clerk_id, hall_code=ctx.hall_code,
                                      result_json=json.dumps(result.to_json(), ensure_ascii=False)))
            session.flush()
            return result

    def _apply(self, session: Session, ctx: AuthContext, entry: OutboxEntry, seq: int) -> tuple[Application, str | None]:
        handler: Callable | None = {
            wire.KIND_DRAFT: self._draft,
            wire.KIND_ACCEPTED: self._accepted,
            wire.KIND_WITHDRAWN: self._withdrawn,
            wire.KIND_SUBMITTED: self._submitted,
            wire.KIND_SUPPLEMENTED: self._supplemented,
        }.get(entry.kind)
        if handler is None:
            if entry.kind in (f"application.{s}" for s in (states.APPROVED, states.REJECTED, states.PAID)):
                raise Rejected(f"「{entry.kind}」由主管部门在中心端审核决定，窗口不能提交")
            kinds = "、".join((*wire.APPLICATION_KINDS, *RATING_KINDS))
            raise Rejected(f"不支持的记录类型「{entry.kind}」；可用：{kinds}")
        try:
            payload = ApplicationPayload.from_json(entry.kind, entry.entity_id, entry.payload)
        except WireError as exc:
            raise Rejected(f"内容不符合协议：{exc}") from None
        # Only this hall's application of that UUID: another hall's is not looked at, so the
        # answer is the same whether or not one exists.
        app = session.get(Application, {"id": payload.id, "hall_code": ctx.hall_code})
        app, message = handler(session, ctx, payload, app)
        app.change_seq = seq
        app.updated_at = utcnow()
        app.blocking = app.status in BLOCKING
        return app, message

    # -- kinds ------------------------------------------------------------------------------------

    def _fill(self, session: Session, app: Application, ctx: AuthContext, p: ApplicationPayload) -> None:
        if p.receipt_no and p.receipt_no != app.receipt_no:
            app.device_key_id = claims.check_receipt(session, ctx, p.receipt_no)
        app.item_id = p.item_id
        app.item_version = p.item_version
        app.credit_code = p.credit_code or app.credit_code
        app.window = ctx.window  # the clerk's window as the server has it (claims)
        app.clerk_id = ctx.clerk_id
        app.receipt_no = p.receipt_no or app.receipt_no
        app.claimed_amount_fen = p.benefit_amount_fen
        app.deferred_deadline = p.deferred_deadline
        app.materials_json = json.dumps([m.to_json() for m in p.materials], ensure_ascii=False)

    def _new(self, session: Session, ctx: AuthContext, p: ApplicationPayload) -> Application:
        app = Application(id=p.id, item_id=p.item_id, status=states.DRAFT, hall_code=ctx.hall_code, blocking=False,
                          change_seq=0, materials_json="[]")
        session.add(app)
        return app

    def _event(self, app: Application, to: str, *, actor: str | None, hall_code: str | None,
               reason: str | None = None, initial: bool = False) -> None:
        app.history.append(ApplicationEvent(from_status=None if initial else app.status, to_status=to, at=utcnow(),
                                            actor=actor, hall_code=hall_code, reason=reason))
        app.status = to
        if to in states.NEEDS_REASON:
            app.reason = reason

    def _draft(self, session, ctx, p: ApplicationPayload, app: Application | None):
        if p.status != states.DRAFT:
            raise Rejected(f"application.draft 的状态应为 draft，实际是 {p.status!r}")
        if app is None:
            app = self._new(session, ctx, p)
            self._fill(session, app, ctx, p)
            self._event(app, states.DRAFT, actor=ctx.username, hall_code=ctx.hall_code, initial=True)
            return app, None
        if app.status != states.DRAFT:
            return app, f"申请已是「{states.STATUS_NAMES[app.status]}」，草稿未覆盖"
        self._fill(session, app, ctx, p)
        return app, None

    def _accepted(self, session, ctx, p: ApplicationPayload, app: Application | None):
        if p.status != states.ACCEPTED:
            raise Rejected(f"application.accepted 的状态应为 accepted，实际是 {p.status!r}")
        if app is not None and app.status != states.DRAFT:
            raise Rejected(f"申请 {app.id} 在中心端已是「{states.STATUS_NAMES[app.status]}」，不能再次受理")
        # The entry's own claims first: one that fails them learns nothing of other halls.
        if not p.receipt_no:
            raise Rejected(f"受理的申请须带{claims.RECEIPT_FIELD}")
        signer = claims.check_receipt(session, ctx, p.receipt_no)
        claims.check_mode(session, p.item_id)
        this = and_(Application.id == p.id, Application.hall_code == ctx.hall_code)
        other = session.scalars(
            select(Application).where(Application.credit_code == p.credit_code, Application.item_id == p.item_id,
                                      Application.blocking, not_(this))
        ).first()
        if other is not None:
            raise Rejected(
                f"该企业已在{_hall_name(session, other.hall_code)}（{other.hall_code}）办理同一事项的申请，"
                f"回执编号 {other.receipt_no or '无'}（{states.STATUS_NAMES[other.status]}），不能重复受理"
            )
        if app is None:
            app = self._new(session, ctx, p)
            self._event(app, states.DRAFT, actor=ctx.username, hall_code=ctx.hall_code, initial=True)
        self._fill(session, app, ctx, p)
        app.device_key_id = signer  # also when a draft brought the same number from another device
        assert p.agent is not None and p.trace is not None
        app.agent_name = p.agent.name
        app.agent_id_enc = crypto.encrypt(self.key, p.agent.id_number, application_id=app.id, field="agent_id")
        app.agent_phone_enc = crypto.encrypt(self.key, p.agent.phone, application_id=app.id, field="agent_phone")
        app.client_trace_json = json.dumps(p.trace.to_json(), ensure_ascii=False)
        server = evaluate(session, p.credit_code, p.item_id, clock.today())
        server["client_verdict"] = p.trace.verdict
        server["agrees"] = server["verdict"] == p.trace.verdict if server["verdict"] else None
        app.server_trace_json = json.dumps(server, ensure_ascii=False)
        app.benefit_amount_fen = claims.server_amount_fen(server)
        flags = claims.flags_for(ctx, claimed_window=p.window, claimed_fen=p.benefit_amount_fen, server_trace=server,
                                 client_verdict=p.trace.verdict)
        app.review_flags_json = json.dumps(flags, ensure_ascii=False) if flags else None
        self._event(app, states.ACCEPTED, actor=ctx.username, hall_code=ctx.hall_code)
        self._event(app, states.SUBMITTED, actor=PLATFORM, hall_code=None)
        notes = []
        if server["verdict"] and server["verdict"] != p.trace.verdict:
            notes.append(f"中心复核结论为「{_VERDICT_NAMES[server['verdict']]}」，与窗口的"
                         f"「{_VERDICT_NAMES[p.trace.verdict]}」不同：请留意审核结果")
        notes += [f["note"] for f in flags if f["field"] != "verdict"]
        return app, "；".join(notes) or None

    def _supplemented(self, session, ctx, p: ApplicationPayload, app: Application | None):
        """容缺补交: the materials as the window now holds them. Only the received marks and
        attachments may change, and only on an accepted application still open here."""
        if app is None or app.status not in (states.ACCEPTED, states.SUBMITTED, states.APPROVED):
            where = "不在中心端" if app is None else f"在中心端是「{states.STATUS_NAMES[app.status]}」"
            raise Rejected(f"申请 {p.id} {where}，不能补交材料")
        before = {m["name"]: m for m in json.loads(app.materials_json or "[]")}
        if set(before) != {m.name for m in p.materials}:
            raise Rejected("补交材料时材料清单不能改变")
        for m in p.materials:
            if before[m.name].get("received") and not m.received:
                raise Rejected(f"材料「{m.name}」已收取，不能改回未收取")
        app.materials_json = json.dumps([m.to_json() for m in p.materials], ensure_ascii=False)
        return app, None

    def _withdrawn(self, session, ctx, p: ApplicationPayload, app: Application | None):
        reason = (p.reason or "").strip() or DEFAULT_WITHDRAW_REASON
        if app is None:
            app = self._new(session, ctx, p)
            self._fill(session, app, ctx, p)
            self._event(app, states.DRAFT, actor=ctx.username, hall_code=ctx.hall_code, initial=True)
        if app.status == states.WITHDRAWN:
            return app, None
        try:
            states.check_transition(app.status, states.WITHDRAWN, reason)
        except states.TransitionError as exc:
            raise Rejected(f"中心端不能撤回：{exc}") from None
        self._event(app, states.WITHDRAWN, actor=ctx.username, hall_code=ctx.hall_code, reason=reason)
        return app, None

    def _submitted(self, session, ctx, p: ApplicationPayload, app: Application | None):
        if app is None or app.status in (states.DRAFT, states.ACCEPTED):
            raise Rejected("申请须先以 application.accepted 报送，中心端才会将其置为「已报送」")
        return app, None


_VERDICT_NAMES = claims.VERDICT_NAMES


def _hall_name(session: Session, code: str) -> str:
    hall = session.get(Hall, code)
    return hall.name if hall else code


# --- admin: review and listing ------------------------------------------------------------------------


class ReviewError(ValueError):
    pass


class Ambiguous(LookupError):
    """One UUID names applications of several halls: the administrator says which."""


def _find(session: Session, app_id: str, hall: str | None) -> Application:
    wanted = app_id.strip().lower()
    query = select(Application).where(Application.id == wanted)
    if hall:
        query = query.where(Application.hall_code == hall.strip())
    found = list(session.scalars(query.order_by(Application.hall_code)))
    if not found:
        where = f"（大厅 {hall}）" if hall else ""
        raise LookupError(f"没有编号为 {app_id} 的申请{where}")
    if len(found) > 1:
        halls = "、".join(a.hall_code for a in found)
        raise Ambiguous(f"编号 {app_id} 在 {len(found)} 个大厅都有申请（{halls}）：请用 --hall 指定大厅")
    return found[0]


def _shared_ids(session: Session, ids: set[str]) -> set[str]:
    """Which of ``ids`` more than one hall uses: a UUID is printed on receipts, so a second
    hall's use of it may be a copied receipt, which the reviewer should look at."""
    if not ids:
        return set()
    return set(session.scalars(select(Application.id).where(Application.id.in_(ids)).group_by(Application.id)
                               .having(func.count() > 1)))


def _flags(session: Session, app: Application, shared: set[str]) -> list[dict]:
    flags = json.loads(app.review_flags_json) if app.review_flags_json else []
    if app.id in shared:
        flags.append({"field": "id", "claimed": app.id, "server": None,
                      "note": "同一申请编号另有大厅使用：可能抄用了他厅回执上的编号，请核对"})
    return flags


# The department's steps (domain/payout_course); "reject" is the older name of 不予支持.
REVIEW_ACTIONS = (*course.STEPS, "reject")


def review(db: Database, app_id: str, action: str, reason: str | None = None, *, actor: str = "admin",
           hall: str | None = None, on: dt.date | None = None, until: dt.date | None = None,
           amount_fen: int | None = None, today: dt.date | None = None) -> dict:
    """Record a step of the application's course (审核, 补正, 审核通过, 公示, 拨付, 不予支持) with its
    date and what it carries, refusing a step the course or the state machine does not allow
    now (domain/payout_course, domain/application_state). 拨付 without an amount pays the
    server's own figure (else the window's claim). The change reaches the hall through the ``applications`` stream.
    ``hall`` picks the application when its UUID is used by more than one hall."""
    step_name = course.REFUSE if action == "reject" else action
    if step_name not in course.STEPS:
        raise ReviewError(f"未知的审核动作「{action}」：应为 {'、'.join(course.STEPS)} 之一")
    today = today or clock.today()
    with db.write() as session:
        seq = allocate(session, "applications")
        app = _find(session, app_id, hall)
        done = [course.Step(s.step, s.on_date, s.until_date, s.amount_fen, s.reason) for s in app.course]
        if step_name == course.PAY and amount_fen is None:
            # the server's own figure; where it could not compute one, what the window filed;
            # neither: a benefit that is not money (a reduction), 兑现 without an amount
            # — and never for a benefit that is not cash (a deduction base is not money paid)
            if claims.benefit_kind(app.server_trace_json) == CASH:
                amount_fen = app.benefit_amount_fen if app.benefit_amount_fen is not None else app.claimed_amount_fen
        text = (reason or "").strip() or None
        step = course.Step(step_name, on or today, until, amount_fen, text)
        accepted_on = clock.shanghai_date(app.created_at)
        if step.on < accepted_on:
            raise ReviewError(f"「{course.STEP_NAMES[step_name]}」的日期 {step.on} 早于受理日 {accepted_on}")
        try:
            target = course.check_step(app.status, done, step, today)
            if target != app.status:
                states.check_transition(app.status, target, text)
        except (course.CourseError, states.TransitionError) as exc:
            raise ReviewError(str(exc)) from None
        app.course.append(ApplicationStep(step=step.step, on_date=step.on, until_date=step.until,
                                          amount_fen=step.amount_fen, reason=text, at=utcnow(), actor=actor))
        if target != app.status:
            app.history.append(ApplicationEvent(from_status=app.status, to_status=target, at=utcnow(), actor=actor,
                                                hall_code=None, reason=text))
            app.status = target
            if target in states.NEEDS_REASON:
                app.reason = text
        app.blocking = app.status in BLOCKING
        app.change_seq, app.updated_at = seq, utcnow()
        session.flush()
        return load_state(session, app)


def list_applications(db: Database) -> list[dict]:
    with db.read() as session:
        rows = session.execute(
            select(Application, Enterprise.name, Hall.name)
            .outerjoin(Enterprise, Enterprise.credit_code == Application.credit_code)
            .outerjoin(Hall, Hall.code == Application.hall_code)
            .order_by(Application.created_at, Application.id, Application.hall_code)
        ).all()
        shared = _shared_ids(session, {app.id for app, _e, _h in rows})
        out = []
        for app, ent_name, hall_name in rows:
            server = json.loads(app.server_trace_json) if app.server_trace_json else {}
            client = json.loads(app.client_trace_json) if app.client_trace_json else {}
            out.append({
                "id": app.id, "status": app.status, "status_name": states.STATUS_NAMES.get(app.status, app.status),
                "reason": app.reason, "receipt_no": app.receipt_no, "credit_code": app.credit_code,
                "enterprise_name": ent_name, "item_id": app.item_id, "item_version": app.item_version,
                "hall_code": app.hall_code, "hall_name": hall_name, "window": app.window,
                "agent_name": app.agent_name,
                "client_verdict": client.get("verdict"), "server_verdict": server.get("verdict"),
                "server_item_version": server.get("item_version"),
                "benefit_amount_fen": app.benefit_amount_fen, "claimed_amount_fen": app.claimed_amount_fen,
                "flags": _flags(session, app, shared),
                "created_at": wire.format_time(app.created_at), "updated_at": wire.format_time(app.updated_at),
            })
        return out


def show(db: Database, key: bytes, app_id: str, hall: str | None = None) -> dict:
    """Everything the server holds on one application, the agent masked, both traces, the
    client's claims beside the server's figures and the flags for the reviewer."""
    from kuaixiang_core.domain.codes import mask_resident_id
    from kuaixiang_core.domain.enterprise import mask_phone

    with db.read() as session:
        app = _find(session, app_id, hall)
        out = load_state(session, app)
        agent = None
        if app.agent_name:
            agent = {"name": app.agent_name, "id_number": None, "phone": None}
            try:
                if app.agent_id_enc:
                    agent["id_number"] = mask_resident_id(
                        crypto.decrypt(key, app.agent_id_enc, application_id=app.id, field="agent_id"))
                if app.agent_phone_enc:
                    agent["phone"] = mask_phone(
                        crypto.decrypt(key, app.agent_phone_enc, application_id=app.id, field="agent_phone"))
            except crypto.DecryptError as exc:
                agent["error"] = str(exc)
        out.update({
            "window": app.window,
            "agent": agent,
            "materials": json.loads(app.materials_json or "[]"),
            "benefit_amount_fen": app.benefit_amount_fen,
            "claimed_amount_fen": app.claimed_amount_fen,
            "flags": _flags(session, app, _shared_ids(session, {app.id})),
            "deferred_deadline": app.deferred_deadline.isoformat() if app.deferred_deadline else None,
            "client_trace": json.loads(app.client_trace_json) if app.client_trace_json else None,
            "created_at": wire.format_time(app.created_at),
        })
        return out
