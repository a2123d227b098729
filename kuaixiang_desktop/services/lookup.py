"""Finding an enterprise at the window: whatever the clerk types or the scanner sends.

Results are frozen dataclasses holding real values (dates, aware datetimes, ``Decimal`` 元);
``to_json`` gives the exact objects ``kuaixiang enterprise search|show --json`` has always
printed (DESIGN §7), so the command's output does not depend on how the window reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from kuaixiang_core.domain import clock, codes
from kuaixiang_core.domain.application_state import STATUS_NAMES
from kuaixiang_core.domain.clock import shanghai_time
from kuaixiang_core.domain.enterprise import mask_phone
from kuaixiang_core.domain.money import fen_to_yuan
from kuaixiang_core.domain.size_class import industry_group
from kuaixiang_core.reference import industry_name, region_name_map

from ..store import enterprise_search, enterprises
from ..store.database import Database
from ..store.models import Application, Enterprise, FactDefinition, PolicyItemVersion
from .course import CourseStep, course_of, summary


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _yuan(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


@dataclass(frozen=True, slots=True)
class EnterpriseHit:
    """One row of the search results."""

    credit_code: str
    name: str
    region_code: str
    region_name: str | None
    size_class: str | None
    legal_rep: str | None
    match: str  # which search tier found it (store.enterprise_search): code, name, legal_rep, …

    def to_json(self) -> dict:
        # The legal rep and the tier are the window's business; the command never printed them.
        return {
            "credit_code": self.credit_code,
            "name": self.name,
            "region_code": self.region_code,
            "region_name": self.region_name,
            "size_class": self.size_class,
        }


@dataclass(frozen=True, slots=True)
class Lookup:
    """What the search box should show for one input.

    ``kind`` is ``results`` (hits, possibly none), ``licence_link`` (an opaque business-licence
    QR link: no code in it, so nothing was searched) or ``invalid_code`` (the input is clearly
    meant as a credit code but fails its checks; ``message`` says why).
    """

    kind: str
    query: str
    hits: tuple[EnterpriseHit, ...] = ()
    message: str | None = None


@dataclass(frozen=True, slots=True)
class Qualification:
    """A tag (资质) such as 高新技术企业 and whether it holds on the day the detail was read."""

    tag: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    valid_today: bool

    def to_json(self) -> dict:
        return {
            "tag": self.tag,
            "valid_from": _iso(self.valid_from),
            "valid_to": _iso(self.valid_to),
            "valid_today": self.valid_today,
        }


@dataclass(frozen=True, slots=True)
class DeclaredFact:
    """The latest value of a declared fact (一企一档), labelled as its definition says."""

    name: str
    label: str
    # The stored canonical text (a Decimal, an ISO date, a JSON list…): its type is the
    # definition's, and the text is what round-trips exactly, so it is kept as text.
    value: str
    unit: str | None
    valid_on: dt.date
    source: str | None  # the defining department, else where the value came from

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "valid_on": self.valid_on.isoformat(),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class CardApplication:
    """One line of the card's 办理记录: an application, with the item's title as filed."""

    id: str
    receipt_no: str | None
    item_id: str
    item_title: str | None  # None when the item version it was filed under is not held here
    status: str
    status_name: str
    created_at: dt.datetime  # aware, on the hall's clock (Asia/Shanghai)
    progress: str = ""  # the department's latest step after 受理 (services/course.summary)
    progress_step: CourseStep | None = None  # the same step, for a screen that words it itself

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "progress": self.progress,
            "receipt_no": self.receipt_no,
            "item_id": self.item_id,
            "item_title": self.item_title,
            "status": self.status,
            "status_name": self.status_name,
            "created_at": self.created_at.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True, slots=True)
class EnterpriseDetail:
    """The record as the card and ``enterprise show`` present it; the contact phone is masked."""

    credit_code: str
    name: str
    legal_rep: str | None
    region_code: str
    region_name: str | None
    industry_code: str | None
    industry_name: str | None
    industry_group: str | None
    reg_type: str | None
    is_individual: bool
    established: dt.date | None
    registered_capital: Decimal | None  # 元, two places
    employees: int | None
    insured_employees: int | None
    revenue: Decimal | None  # 元
    total_assets: Decimal | None  # 元
    tax_credit_rating: str | None
    dishonest: bool
    contact_phone: str | None  # masked: 138****5678
    size_class: str | None
    tags: tuple[Qualification, ...]
    facts: tuple[DeclaredFact, ...]
    updated_at: dt.datetime  # aware, UTC
    version: int
    applications: tuple[CardApplication, ...]  # the newest CARD_APPLICATIONS
    applications_total: int  # all of this enterprise's applications

    def to_json(self) -> dict:
        return {
            "credit_code": self.credit_code,
            "name": self.name,
            "legal_rep": self.legal_rep,
            "region_code": self.region_code,
            "region_name": self.region_name,
            "industry_code": self.industry_code,
            "industry_name": self.industry_name,
            "industry_group": self.industry_group,
            "reg_type": self.reg_type,
            "is_individual": self.is_individual,
            "established": _iso(self.established),
            "registered_capital": _yuan(self.registered_capital),
            "employees": self.employees,
            "insured_employees": self.insured_employees,
            "revenue": _yuan(self.revenue),
            "total_assets": _yuan(self.total_assets),
            "tax_credit_rating": self.tax_credit_rating,
            "dishonest": self.dishonest,
            "contact_phone": self.contact_phone,
            "size_class": self.size_class,
            "tags": [t.to_json() for t in self.tags],
            "facts": [f.to_json() for f in self.facts],
            # Naive UTC with a Z, as the command has always written it.
            "updated_at": self.updated_at.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z",
            "version": self.version,
            "applications": [a.to_json() for a in self.applications],
            "applications_total": self.applications_total,
        }


def _hit(hit: enterprise_search.SearchHit, region_names: dict[str, str]) -> EnterpriseHit:
    return EnterpriseHit(
        credit_code=hit.credit_code,
        name=hit.name,
        region_code=hit.region_code,
        region_name=region_names.get(hit.region_code),
        size_class=hit.size_class,
        legal_rep=hit.legal_rep,
        match=hit.match,
    )


def _looks_like_code(text: str) -> bool:
    norm = codes.normalize_text(text)
    return len(norm) >= 15 and norm.isascii() and norm.isalnum() and sum(c.isdigit() for c in norm) >= 10


def lookup(db: Database, text: str, limit: int = 20) -> Lookup:
    text = text.strip()
    if not text:
        return Lookup("results", text)
    if codes.is_licence_link(text):
        return Lookup("licence_link", text, message=codes.check_code(text).error)
    query = text
    candidate = codes.extract_code(text)
    if candidate is None and _looks_like_code(text):
        candidate = codes.normalize_text(text)
    if candidate:
        check = codes.check_code(candidate)
        if check.valid:
            query = check.normalized or candidate
        elif check.error_code in ("check_character", "character"):
            # A whole code with one character wrong: say which, and let the 17 characters
            # before the check character find the enterprise the clerk meant.
            with db.engine.connect() as conn:
                hits = enterprise_search.search(conn, codes.normalize_text(candidate)[:17], limit)
            return Lookup(
                "invalid_code", text, tuple(_hit(h, region_name_map()) for h in hits), message=check.error
            )
    with db.engine.connect() as conn:
        hits = enterprise_search.search(conn, query, limit)
    return Lookup("results", text, tuple(_hit(h, region_name_map()) for h in hits))


def sample_codes(db: Database, limit: int) -> list[str]:
    """The credit codes of the first ``limit`` enterprises in the order they were written (for
    demos and screenshots)."""
    with db.engine.connect() as conn:
        return list(conn.execute(select(Enterprise.credit_code).order_by(Enterprise.id).limit(limit)).scalars())


def enterprise_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return enterprises.count(conn)


def _money(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_yuan(fen)


def _utc(stored: dt.datetime) -> dt.datetime:
    """A stored time (naive means UTC) made aware."""
    return stored.replace(tzinfo=dt.UTC) if stored.tzinfo is None else stored.astimezone(dt.UTC)


def enterprise_detail(db: Database, credit_code: str, today: dt.date | None = None) -> EnterpriseDetail | None:
    """The record as the card and ``enterprise show`` present it; contacts masked."""
    today = today or clock.today()
    with db.sessions() as session:
        ent = enterprises.get_by_code(session, credit_code)
        if ent is None:
            return None
        applications, total = _applications(session, ent.id)
        return _detail(ent, enterprises.fact_definitions(session), today, applications, total)


# How many of an enterprise's applications the card lists (newest first); the applications
# room has them all.
CARD_APPLICATIONS = 10


def _applications(session, enterprise_id: int) -> tuple[tuple[CardApplication, ...], int]:
    """The enterprise's newest applications, with the item's title as filed (its version)."""
    rows = session.execute(
        select(Application, PolicyItemVersion.title)
        .outerjoin(
            PolicyItemVersion,
            (PolicyItemVersion.item_id == Application.item_id) & (PolicyItemVersion.version == Application.item_version),
        )
        .where(Application.enterprise_id == enterprise_id)
        .order_by(Application.created_at.desc(), Application.id)
        .limit(CARD_APPLICATIONS)
    ).all()
    total = len(rows)
    if total == CARD_APPLICATIONS:
        total = session.scalar(select(func.count()).select_from(Application).where(Application.enterprise_id == enterprise_id))
    return tuple(
        CardApplication(
            id=app.id,
            receipt_no=app.receipt_no,
            item_id=app.item_id,
            item_title=title,
            status=app.status,
            status_name=STATUS_NAMES.get(app.status, app.status),
            # Stored UTC (naive); shown as the hall's clock reads.
            created_at=shanghai_time(app.created_at),
            progress=summary(steps := course_of(session, app.id)),
            progress_step=steps[-1] if steps else None,
        )
        for app, title in rows
    ), total or 0


def _detail(ent: Enterprise, definitions: dict[str, FactDefinition], today: dt.date,
            applications: tuple[CardApplication, ...], applications_total: int) -> EnterpriseDetail:
    latest: dict[str, object] = {}
    for fact in sorted(ent.facts, key=lambda f: f.valid_on):
        latest[fact.fact_name] = fact
    return EnterpriseDetail(
        credit_code=ent.credit_code,
        name=ent.name,
        legal_rep=ent.legal_rep,
        region_code=ent.region_code,
        region_name=region_name_map().get(ent.region_code),
        industry_code=ent.industry_code,
        industry_name=industry_name(ent.industry_code),
        industry_group=industry_group(ent.industry_code) if ent.industry_code else None,
        reg_type=ent.reg_type,
        is_individual=ent.is_individual,
        established=ent.established,
        registered_capital=_money(ent.registered_capital_fen),
        employees=ent.employees,
        insured_employees=ent.insured_employees,
        revenue=_money(ent.revenue_fen),
        total_assets=_money(ent.total_assets_fen),
        tax_credit_rating=ent.tax_credit_rating,
        dishonest=ent.dishonest,
        contact_phone=mask_phone(ent.contact_phone),
        # Cached at write time (store.enterprises) by the same rule; what matching uses too.
        size_class=ent.size_class,
        tags=tuple(
            Qualification(
                tag=t.tag,
                valid_from=t.valid_from,
                valid_to=t.valid_to,
                valid_today=(t.valid_from is None or t.valid_from <= today) and (t.valid_to is None or today <= t.valid_to),
            )
            for t in ent.tags
        ),
        facts=tuple(
            DeclaredFact(
                name=f.fact_name,
                label=definitions[f.fact_name].label if f.fact_name in definitions else f.fact_name,
                value=f.value,
                unit=definitions[f.fact_name].unit if f.fact_name in definitions else None,
                valid_on=f.valid_on,
                source=definitions[f.fact_name].source_department if f.fact_name in definitions else f.source,
            )
            for f in latest.values()
        ),
        updated_at=_utc(ent.updated_at),
        version=ent.version,
        applications=applications,
        applications_total=applications_total,
    )
