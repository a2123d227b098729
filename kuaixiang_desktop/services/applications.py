"""代办: filing an application at the window, moving it through its states, showing it.

Every change is one local transaction that also writes its outbox row (DESIGN §6) and an
audit entry, so a killed process leaves the whole change or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.clock import shanghai_time
from kuaixiang_core.domain.codes import check_resident_id, mask_resident_id
from kuaixiang_core.domain.enterprise import mask_phone
from kuaixiang_core.domain.money import fen_to_yuan, to_fen
from kuaixiang_core.domain.pledge import Deferral, DeferralRefused, plan_deferral
from kuaixiang_core.domain.rules.caps import apply_caps, reached_refusal
from kuaixiang_core.domain.rules.catalogue import DEFAULT_DEFERRED_WORKING_DAYS
from kuaixiang_core.domain.rules.match import benefit_amount

from ..store import audit
from ..store.database import Database
from ..store.models import (
    Application,
    ApplicationMaterial,
    ApplicationStatus,
    Attachment,
    Clerk,
    Enterprise,
    Hall,
    OutboxEntry,
    Pledge,
    PolicyItem,
    Rating,
    utcnow,
)
from . import agent_crypto, crash_points
from .application_types import (
    AgentView,
    ApplicationDetail,
    ApplicationRow,
    Benefit,
    EligibilityAsFiled,
    FiledMaterial,
    PrintRecord,
    StatusChange,
)
from .attachments import AttachmentRejected, StoredFile, store_file
from .course import course_of
from .matching import enterprise_facts
from .policies import CompiledCatalogue, compiled_catalogue

# What an item that allows 容缺受理 without naming a time limit gives (docs/rules.md).
DEFERRED_WORKING_DAYS = DEFAULT_DEFERRED_WORKING_DAYS
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class AuthorisationInput:
    """The 授权委托书 under which the agent acts: handed over now (``received``, its scan in
    ``file``; with ``valid_from``/``valid_to`` it is kept on file for later visits), or one on
    file (``on_file_id``)."""

    received: bool = False
    file: Path | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    for_all_items: bool = False
    on_file_id: str | None = None


class ApplyRefused(ValueError):
    """Filing is not possible; ``field`` names what is wrong where that helps the clerk."""

    def __init__(self, message: str, field: str | None = None, existing: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.existing = existing


@dataclass(frozen=True)
class Agent:
    name: str
    id_number: str
    phone: str


@dataclass(frozen=True)
class MaterialInput:
    name: str
    file: Path | None = None
    originals: int | None = None
    copies: int | None = None
    received: bool = True


@dataclass
class FilingResult:
    application_id: str
    status: str
    receipt_no: str | None
    missing: list[str] = field(default_factory=list)
    deferred_deadline: dt.date | None = None


def item_refusal(item, today: dt.date) -> str | None:
    """Why no application for ``item`` can be filed on ``today``, whoever applies; None if
    one can. The apply wizard shows the same words before anything is filed."""
    if item.mode == "auto":
        return f"「{item.title}」是免申即享事项：符合条件的企业无需申请，由部门直接兑现"
    if not item.in_force(today):
        return f"「{item.title}」在 {today} 不在有效期内"
    if (item.apply_from and today < item.apply_from) or (item.apply_to and today > item.apply_to):
        return f"「{item.title}」的申报时间为 {item.apply_from or '…'} 至 {item.apply_to or '…'}"
    return None


def ineligible_refusal(item) -> str:
    return f"该企业不符合「{item.title}」的申请条件，不能受理（见匹配结果中的条件）"


def check_agent(agent: Agent) -> Agent:
    name = agent.name.strip()
    if not 2 <= len(name) <= 30:
        raise ApplyRefused("经办人姓名应为 2–30 个字", field="agent_name")
    check = check_resident_id(agent.id_number)
    if not check.valid:
        raise ApplyRefused(f"经办人身份证号码无效：{check.error}", field="agent_id")
    phone = re.sub(r"[\s\-]", "", agent.phone).removeprefix("+86")
    if not _MOBILE.match(phone):
        raise ApplyRefused(f"经办人手机号码无效：应为 11 位、以 1 开头的手机号，实际是 {agent.phone!r}", field="agent_phone")
    return Agent(name, check.normalized or agent.id_number, phone)


def current_clerk(session: Session) -> Clerk:
    """The clerk at this window: whoever is logged in on this database (services.auth), else
    ``KUAIXIANG_CLERK`` (headless use, where nobody logs in), else the only local account.
    The log-in comes first: what the audit names as the actor must not be a variable that
    anyone can set over the clerk who proved who they are."""
    from .auth import logged_in_username  # lazy: auth imports the sync client

    wanted = logged_in_username(session) or os.environ.get("KUAIXIANG_CLERK")
    if wanted:
        clerk = session.scalars(select(Clerk).where(Clerk.username == wanted)).one_or_none()
        if clerk is None:
            raise ApplyRefused(f"本机没有窗口人员账号「{wanted}」", field="clerk")
        return clerk
    clerks = list(session.scalars(select(Clerk).limit(2)))
    if len(clerks) != 1:
        raise ApplyRefused("未登录：请设置 KUAIXIANG_CLERK 或先运行 kuaixiang demo 创建演示账号", field="clerk")
    return clerks[0]


def ensure_demo_clerk(session: Session) -> Clerk:
    clerk = session.scalars(select(Clerk).where(Clerk.username == "demo")).one_or_none()
    if clerk is None:
        clerk = Clerk(username="demo", display_name="演示窗口", hall_code="371502-01", window="01", role="clerk")
        session.add(clerk)
        session.flush()
    return clerk


def _receipt_no(session: Session, hall: str, device: str, now: dt.datetime) -> str:
    day = shanghai_time(now).strftime("%Y%m%d")
    prefix = f"{hall}-{day}-{device}-"
    count = session.scalar(select(func.count()).where(Application.receipt_no.like(prefix + "%")))
    return f"{prefix}{(count or 0) + 1:04d}"


def _snapshot(app: Application) -> dict:
    """What goes up to the platform: no agent PII here (the sync client adds it on push)."""
    return {
        "id": app.id,
        "enterprise_id": app.enterprise_id,
        "item_id": app.item_id,
        "item_version": app.item_version,
        "status": app.status,
        "receipt_no": app.receipt_no,
        "hall_code": app.hall_code,
        "window": app.window,
        "benefit_amount_fen": app.benefit_amount_fen,
        "deferred_deadline": app.deferred_deadline.isoformat() if app.deferred_deadline else None,
        "materials": [
            {"name": m.name, "required": m.required, "received": m.received, "originals": m.originals,
             "copies": m.copies, "attachment_sha256": m.attachment_sha256}
            for m in app.materials
        ],
    }


def _outbox(session: Session, app: Application, kind: str, key: str | None = None) -> None:
    session.add(
        OutboxEntry(
            key=key or str(uuid.uuid4()), kind=kind, entity_id=app.id,
            payload_json=json.dumps(_snapshot(app), ensure_ascii=False, sort_keys=True),
        )
    )


def _transition(session: Session, app: Application, target: str, clerk: Clerk | None, reason: str | None = None) -> None:
    states.check_transition(app.status, target, reason)
    session.add(
        ApplicationStatus(
            application=app, from_status=app.status if app.status != target else None, to_status=target,
            at=utcnow(), clerk_id=clerk.id if clerk else None, hall_code=clerk.hall_code if clerk else None,
            reason=reason,
        )
    )
    app.status = target
    app.updated_at = utcnow()


def file_application(
    db: Database,
    credit_code: str,
    item_id: str,
    agent: Agent,
    materials: list[MaterialInput],
    *,
    device_id: str,
    today: dt.date | None = None,
    accept_deferred: bool = True,
    deferred: list[str] | None = None,
    authorisation: AuthorisationInput | None = None,
) -> FilingResult:
    """File (代办) an application. Missing required materials give a draft and the list of
    what is missing (for the 一次性告知单), unless the item lets them follow (容缺受理), in
    which case it is accepted with the enterprise's pledge to hand them in by a deadline.

    ``deferred`` names the materials the clerk lets follow; a name the item does not allow, or
    any 容缺 for a 失信 enterprise, is refused. Without it every missing material is tried,
    and a missing one that may not follow gives a draft.

    ``authorisation``: the agent acts for the enterprise under a 授权委托书 (the window decided
    it is needed: services.authorisations). It becomes a required material of the application,
    received when handed over now (``received``, with its scan) or when one on file is used
    (``on_file_id``, checked here); a newly signed one with its period is kept on file."""
    today = today or clock.today()
    agent = check_agent(agent)
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise ApplyRefused(f"没有编号为 {item_id} 的政策事项", field="item_id")
    problem = item_refusal(item, today)
    if problem is not None:
        raise ApplyRefused(problem, field="item_id")
    known = {m.name: m for m in item.materials}
    extra = _authorisation_row(db, credit_code, agent, item, authorisation, today, materials)
    for m in materials:
        if m.name not in known:
            raise ApplyRefused(f"「{m.name}」不是该事项的申请材料；应为：{'、'.join(known)}", field="material")
    stored: dict[str, StoredFile] = {}
    for m in materials:
        if m.file is not None:
            try:
                stored[m.name] = store_file(m.file)
            except AttachmentRejected as exc:
                raise ApplyRefused(f"材料「{m.name}」：{exc}", field="material") from None
    given = {m.name: m for m in materials if m.received}
    missing = [m.name for m in item.materials if m.required and m.name not in given]
    if extra is not None and not extra.received and extra.name not in missing:
        missing.append(extra.name)

    with db.engine.connect() as conn:
        try:
            facts = enterprise_facts(conn, credit_code, today, cat.declared)
        except LookupError:
            raise ApplyRefused(f"本地库中没有统一社会信用代码为 {credit_code} 的企业", field="credit_code") from None
    verdict, _ = item.rule.verdict(facts)
    if verdict == "ineligible":
        raise ApplyRefused(ineligible_refusal(item), field="item_id")
    deferral = _deferral(item, [n for n in missing if extra is None or n != extra.name], facts, today,
                         accept_deferred, deferred)
    if deferral is not None and extra is not None and not extra.received:
        deferral = None  # who may act for the enterprise is settled before 受理, never pledged
    amount = benefit_amount(item.benefit, facts)
    capped = apply_caps(item.caps, verdict, amount, facts) if item.caps else None
    if capped is not None and capped.reached:
        raise ApplyRefused(reached_refusal(capped), field="item_id")
    if capped is not None:
        amount = capped.amount  # what is left under the cap is what the window promises
    trace = {"verdict": verdict, "as_of": today.isoformat(), "conditions": item.rule.trace_json(facts),
             "benefit": {"amount": str(amount) if amount is not None else None, "text": item.benefit.text}}
    if capped is not None:
        trace["caps"] = [line.to_json() for line in capped.lines]

    with db.sessions.begin() as session:
        clerk = current_clerk(session)
        enterprise = session.scalars(select(Enterprise).where(Enterprise.credit_code == credit_code)).one()
        version = session.get(PolicyItem, item.id).current_version  # type: ignore[union-attr]
        existing = session.scalars(
            select(Application)
            .where(Application.enterprise_id == enterprise.id, Application.item_id == item.id)
            .options(selectinload(Application.materials))
            .order_by(Application.created_at.desc())
        ).all()
        open_ones = [a for a in existing if states.is_open(a.status)]
        if open_ones and open_ones[0].status != states.DRAFT:
            first = open_ones[0]
            raise ApplyRefused(
                f"该企业已有同一事项的在办申请 {first.id}（{states.STATUS_NAMES[first.status]}，回执 {first.receipt_no or '无'}），"
                "不能重复申请",
                field="item_id", existing=first.id,
            )
        app = open_ones[0] if open_ones else None
        if app is None:
            app = Application(id=str(uuid.uuid4()), enterprise_id=enterprise.id, item_id=item.id, status=states.DRAFT)
            session.add(app)
            session.add(ApplicationStatus(application=app, from_status=None, to_status=states.DRAFT, at=utcnow(),
                                          clerk_id=clerk.id, hall_code=clerk.hall_code))
        app.item_version = version
        app.clerk_id, app.hall_code, app.window = clerk.id, clerk.hall_code, clerk.window
        app.agent_name = agent.name
        app.agent_id_enc = agent_crypto.encrypt(agent.id_number, app.id)
        app.agent_phone_enc = agent_crypto.encrypt(agent.phone, app.id)
        app.agent_id_masked = mask_resident_id(agent.id_number)
        app.agent_phone_masked = mask_phone(agent.phone)
        app.trace_json = json.dumps(trace, ensure_ascii=False)
        app.benefit_amount_fen = to_fen(amount) if amount is not None else None
        app.benefit_text = item.benefit.text
        app.materials.clear()
        session.flush()
        for seq, spec in enumerate(item.materials, 1):
            got = given.get(spec.name)
            file = stored.get(spec.name)
            if file is not None and session.get(Attachment, file.sha256) is None:
                session.add(Attachment(sha256=file.sha256, size=file.size, mime=file.mime, original_name=file.original_name))
            app.materials.append(
                ApplicationMaterial(
                    seq=seq, name=spec.name, required=spec.required, received=got is not None,
                    originals=(got.originals if got and got.originals is not None else spec.originals) if got else 0,
                    copies=(got.copies if got and got.copies is not None else spec.copies) if got else 0,
                    attachment_sha256=file.sha256 if file else None,
                )
            )
        if extra is not None:
            _add_authorisation(session, app, enterprise, agent, extra, len(item.materials) + 1)
        if missing and deferral is None:
            app.updated_at = utcnow()
            _outbox(session, app, "application.draft")
            audit.append(session, "application.draft", actor=clerk.username, entity="application", entity_id=app.id,
                         detail={"missing": missing})
            crash_points.reached("before_commit")
            return FilingResult(app.id, app.status, None, missing)
        if deferral is not None:
            app.deferred_deadline = deferral.deadline
            for m in app.materials:
                m.pledged = m.name in deferral.materials
            app.pledge = Pledge(deadline=deferral.deadline, working_days=deferral.working_days)
        for m in app.materials:
            if m.received:
                m.received_at = utcnow()
        now = clock.now()
        app.receipt_no = _receipt_no(session, clerk.hall_code, device_id, now)
        _transition(session, app, states.ACCEPTED, clerk)
        session.flush()
        _outbox(session, app, "application.accepted", key=app.id)
        audit.append(session, "application.accepted", actor=clerk.username, entity="application", entity_id=app.id,
                     detail={"receipt_no": app.receipt_no, "missing": missing})
        crash_points.reached("before_commit")
        return FilingResult(app.id, app.status, app.receipt_no, missing, deferral.deadline if deferral else None)


@dataclass(frozen=True)
class _AuthorisationRow:
    name: str
    received: bool
    file: StoredFile | None
    on_file_sha256: str | None
    spec: AuthorisationInput


def _authorisation_row(db: Database, credit_code: str, agent: Agent, item, given: AuthorisationInput | None,
                       today: dt.date, materials: list[MaterialInput]) -> _AuthorisationRow | None:
    if given is None:
        return None
    from . import authorisations  # it files nothing itself, but reads what filing keeps

    name = authorisations.material_name(item)
    if given.on_file_id:
        on_file = authorisations.find_on_file(db, credit_code, agent, item.id, today)
        if on_file is None or on_file.id != given.on_file_id:
            raise ApplyRefused("备案的授权委托书不适用：已过期、不是该经办人的或不含该事项，请收取新的授权委托书",
                               field="authorisation")
        return _AuthorisationRow(name, True, None, on_file.attachment_sha256, given)
    if (given.valid_from is None) != (given.valid_to is None):
        raise ApplyRefused("委托期限须同时写明开始和结束日期", field="authorisation")
    if given.valid_from and given.valid_to and not given.valid_from <= today <= given.valid_to:
        raise ApplyRefused(f"授权委托书的委托期限 {given.valid_from} 至 {given.valid_to} 不含今天（{today}）",
                           field="authorisation")
    file = None
    if given.file is not None:
        try:
            file = store_file(given.file)
        except AttachmentRejected as exc:
            raise ApplyRefused(f"材料「{name}」：{exc}", field="material") from None
    # The item may list it itself (「授权委托书及经办人身份证复印件」): handed over in that row counts.
    own = any(m.name == name and m.received for m in materials)
    return _AuthorisationRow(name, given.received or own or file is not None, file, None, given)


def _add_authorisation(session: Session, app: Application, enterprise: Enterprise, agent: Agent,
                       row: _AuthorisationRow, seq: int) -> None:
    """The 授权委托书 as the application's material (replacing the item's own row of that name,
    if it has one), and a newly signed one kept on file for its period."""
    from . import authorisations

    sha = row.file.sha256 if row.file else row.on_file_sha256
    if row.file is not None and session.get(Attachment, row.file.sha256) is None:
        session.add(Attachment(sha256=row.file.sha256, size=row.file.size, mime=row.file.mime,
                               original_name=row.file.original_name))
        session.flush()
    own = next((m for m in app.materials if m.name == row.name), None)
    if own is None:
        own = ApplicationMaterial(seq=seq, name=row.name)
        app.materials.append(own)
    own.required, own.received = True, row.received
    own.originals, own.copies = (1, 0) if row.received else (0, 0)
    own.attachment_sha256 = sha or own.attachment_sha256
    spec = row.spec
    if row.received and not spec.on_file_id and spec.valid_from and spec.valid_to:
        authorisations.keep(session, enterprise, agent, spec.valid_from, spec.valid_to,
                            item_id=None if spec.for_all_items else app.item_id, attachment_sha256=sha,
                            application_id=app.id)


def _deferral(item, missing: list[str], facts, today: dt.date, accept: bool,
              requested: list[str] | None) -> Deferral | None:
    """The pledge filing will take, or None for a draft (or nothing missing)."""
    if requested is not None:
        if not accept:
            raise ApplyRefused("既要求不容缺，又列出了容缺补交的材料", field="deferred")
        unknown_given = [n for n in requested if n not in missing and n in {m.name for m in item.materials}]
        if unknown_given:
            raise ApplyRefused(f"「{'、'.join(unknown_given)}」已收取或不是必需材料，不需要容缺承诺", field="material")
    elif not (missing and accept and item.allows_deferred):
        return None
    elif any(not item.may_follow(n) for n in missing):
        return None  # something that may not follow is missing: a draft and a 一次性告知单
    try:
        return plan_deferral(item, missing, dishonest=bool(facts.get("dishonest")), today=today, requested=requested)
    except DeferralRefused as exc:
        raise ApplyRefused(exc.message, field=exc.field) from None


def transition(db: Database, application_id: str, target: str, reason: str | None = None) -> ApplicationDetail:
    """Move the application to ``target``; the result is the application as it now stands."""
    with db.sessions.begin() as session:
        app = _load(session, application_id)
        clerk = current_clerk(session)
        filer = session.get(Clerk, app.clerk_id) if app.clerk_id else None
        _transition(session, app, target, clerk, reason)
        session.flush()
        _outbox(session, app, f"application.{target}")
        audit.append(session, f"application.{target}", actor=clerk.username, entity="application",
                     entity_id=app.id, detail={"reason": reason, "filed_by": filer.username if filer else None})
    return show(db, application_id)


class ApplicationNotFound(LookupError):
    pass


def named(key: str):
    """The application that ``key`` names: its id, or the 回执编号 printed on its receipt (what
    a clerk has in hand when an enterprise comes back with the paper)."""
    key = key.strip()
    return or_(Application.id == key.lower(), Application.receipt_no.in_({key, key.upper()}))


def _load(session: Session, application_id: str) -> Application:
    app = session.scalars(
        select(Application).where(named(application_id))
        .options(selectinload(Application.materials), selectinload(Application.history), selectinload(Application.receipts))
    ).one_or_none()
    if app is None:
        raise ApplicationNotFound(application_id)
    return app


def show(db: Database, application_id: str) -> ApplicationDetail:
    """The application as `kuaixiang application show` gives it, the agent's ID and phone
    masked: unmasked only through ``services.reveal`` (password, reason, audit)."""
    with db.sessions() as session:
        app = _load(session, application_id)
        ent = session.get(Enterprise, app.enterprise_id)
        clerk = session.get(Clerk, app.clerk_id) if app.clerk_id else None
        hall = session.get(Hall, app.hall_code) if app.hall_code else None
        cat = compiled_catalogue(db)
        item = cat.by_id.get(app.item_id)
        agent = AgentView(app.agent_name, app.agent_id_masked, app.agent_phone_masked)
        return ApplicationDetail(
            id=app.id,
            status=app.status,
            receipt_no=app.receipt_no,
            credit_code=ent.credit_code if ent else None,
            enterprise_name=ent.name if ent else None,
            item_id=app.item_id,
            item_version=app.item_version,
            item_title=item.title if item else None,
            department=item.department if item else None,
            doc_no=cat.documents[item.document_id]["doc_no"] if item else None,
            hall_code=app.hall_code,
            hall_name=hall.name if hall else None,
            window=app.window,
            clerk=clerk.display_name if clerk else None,
            agent=agent,
            benefit=Benefit(fen_to_yuan(app.benefit_amount_fen) if app.benefit_amount_fen is not None else None,
                            app.benefit_text, item.benefit.kind if item else "cash"),
            materials=tuple(
                FiledMaterial(m.name, m.required, m.received, m.originals, m.copies, m.attachment_sha256)
                for m in app.materials
            ),
            deferred_deadline=app.deferred_deadline,
            eligibility=EligibilityAsFiled.parse(app.trace_json or "{}"),
            history=tuple(
                StatusChange(h.from_status, h.to_status, shanghai_time(h.at), h.hall_code, h.reason)
                for h in app.history
            ),
            receipts=tuple(
                PrintRecord(r.kind, r.layout, r.reprint, r.pdf_sha256, shanghai_time(r.created_at))
                for r in app.receipts
            ),
            created_at=shanghai_time(app.created_at),
            sync_state=app.sync_state,
            course=course_of(session, app.id),
            rating=_rating_name(session, app.receipt_no),
        )


def _rating_name(session: Session, receipt_no: str | None) -> str | None:
    from kuaixiang_core.domain.ratings import LEVEL_NAMES

    if not receipt_no:
        return None
    level = session.scalars(select(Rating.level).where(Rating.banjian_no == receipt_no)).first()
    return LEVEL_NAMES.get(level) if level else None


def _row(app: Application, name: str, code: str, cat: CompiledCatalogue) -> ApplicationRow:
    item = cat.by_id.get(app.item_id)
    return ApplicationRow(
        id=app.id, status=app.status, receipt_no=app.receipt_no, credit_code=code, enterprise_name=name,
        item_id=app.item_id, item_title=item.title if item else None, created_at=shanghai_time(app.created_at),
        sync_state=app.sync_state,
    )


def list_applications(db: Database, status: str | None = None, limit: int = 200) -> tuple[ApplicationRow, ...]:
    with db.sessions() as session:
        query = (
            select(Application, Enterprise.name, Enterprise.credit_code)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .order_by(Application.created_at.desc())
            .limit(limit)
        )
        if status:
            query = query.where(Application.status == status)
        cat = compiled_catalogue(db)
        return tuple(_row(app, name, code, cat) for app, name, code in session.execute(query))


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_applications(
    db: Database,
    status: str | None = None,
    text: str | None = None,
    since: dt.datetime | None = None,
    limit: int = 500,
) -> tuple[ApplicationRow, ...]:
    """The applications room's list, newest first: ``status`` one of the state machine's,
    ``text`` a part of the enterprise's name or credit code, the receipt number, the
    application id or the item's title or id, ``since`` the earliest filing time (aware,
    or naive UTC)."""
    if status is not None and status not in states.STATUSES:
        raise ValueError(f"未知的申请状态「{status}」")
    cat = compiled_catalogue(db)
    with db.sessions() as session:
        query = (
            select(Application, Enterprise.name, Enterprise.credit_code)
            .join(Enterprise, Enterprise.id == Application.enterprise_id)
            .order_by(Application.created_at.desc(), Application.id)
            .limit(limit)
        )
        if status:
            query = query.where(Application.status == status)
        if since is not None:
            if since.tzinfo is not None:
                since = since.astimezone(dt.UTC).replace(tzinfo=None)
            query = query.where(Application.created_at >= since)
        for word in (text or "").split():
            pattern = _like(word)
            # Item titles live in the catalogue, not in the application table.
            lowered = word.casefold()
            items = [i.id for i in cat.items if lowered in i.title.casefold() or lowered in i.id.casefold()]
            query = query.where(
                Enterprise.name.like(pattern, escape="\\")
                | Enterprise.credit_code.like(pattern.upper(), escape="\\")
                | Application.receipt_no.like(pattern, escape="\\")
                | Application.id.like(pattern.lower(), escape="\\")
                | Application.item_id.in_(items)
            )
        return tuple(_row(app, name, code, cat) for app, name, code in session.execute(query))
