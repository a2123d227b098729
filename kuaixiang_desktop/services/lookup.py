"""Finding an enterprise at the window: whatever the clerk types or the scanner sends."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from kuaixiang_core.domain import codes
from kuaixiang_core.domain.application_state import STATUS_NAMES
from kuaixiang_core.domain.enterprise import mask_phone
from kuaixiang_core.domain.money import fen_to_yuan
from kuaixiang_core.domain.size_class import industry_group
from ..store import enterprise_search, enterprises
from ..store.database import Database
from ..store.models import Application, Enterprise, FactDefinition, PolicyItemVersion
from kuaixiang_core.reference import industry_name, region_name_map
from kuaixiang_core.domain.clock import shanghai_time
from kuaixiang_core.domain import clock


@dataclass(frozen=True)
class Lookup:
    """What the search box should show for one input.

    ``kind`` is ``results`` (hits, possibly none), ``licence_link`` (an opaque business-licence
    QR link: no code in it, so nothing was searched) or ``invalid_code`` (the input is clearly
    meant as a credit code but fails its checks; ``message`` says why).
    """

    kind: str
    query: str
    hits: list[dict] = field(default_factory=list)
    message: str | None = None


def _hit_json(hit: enterprise_search.SearchHit, region_names: dict[str, str]) -> dict:
    return {
        "credit_code": hit.credit_code,
        "name": hit.name,
        "region_code": hit.region_code,
        "region_name": region_names.get(hit.region_code),
        "size_class": hit.size_class,
        "legal_rep": hit.legal_rep,
        "match": hit.match,
    }


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
                "invalid_code", text, [_hit_json(h, region_name_map()) for h in hits], message=check.error
            )
    with db.engine.connect() as conn:
        hits = enterprise_search.search(conn, query, limit)
    return Lookup("results", text, [_hit_json(h, region_name_map()) for h in hits])


def sample_codes(db: Database, limit: int) -> list[str]:
    """The credit codes of the first ``limit`` enterprises in the order they were written (for
    demos and screenshots)."""
    with db.engine.connect() as conn:
        return list(conn.execute(select(Enterprise.credit_code).order_by(Enterprise.id).limit(limit)).scalars())


def enterprise_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return enterprises.count(conn)


def _money(fen: int | None) -> str | None:
    return None if fen is None else str(fen_to_yuan(fen))


def enterprise_detail(db: Database, credit_code: str, today: dt.date | None = None) -> dict | None:
    """The record as the card and ``enterprise show`` present it; contacts masked."""
    today = today or clock.today()
    with db.sessions() as session:
        ent = enterprises.get_by_code(session, credit_code)
        if ent is None:
            return None
        detail = _detail_json(ent, enterprises.fact_definitions(session), today)
        detail["applications"], detail["applications_total"] = _applications(session, ent.id)
        return detail


# How many of an enterprise's applications the card lists (newest first); the applications
# room has them all.
CARD_APPLICATIONS = 10


def _applications(session, enterprise_id: int) -> tuple[list[dict], int]:
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
    return [
        {
            "id": app.id,
            "receipt_no": app.receipt_no,
            "item_id": app.item_id,
            "item_title": title,
            "status": app.status,
            "status_name": STATUS_NAMES.get(app.status, app.status),
            # Stored UTC (naive); shown as the hall's clock reads.
            "created_at": shanghai_time(app.created_at).isoformat(timespec="seconds"),
        }
        for app, title in rows
    ], total or 0


def _detail_json(ent: Enterprise, definitions: dict[str, FactDefinition], today: dt.date) -> dict:
    latest: dict[str, object] = {}
    for fact in sorted(ent.facts, key=lambda f: f.valid_on):
        latest[fact.fact_name] = fact
    return {
        "credit_code": ent.credit_code,
        "name": ent.name,
        "legal_rep": ent.legal_rep,
        "region_code": ent.region_code,
        "region_name": region_name_map().get(ent.region_code),
        "industry_code": ent.industry_code,
        "industry_name": industry_name(ent.industry_code),
        "industry_group": industry_group(ent.industry_code) if ent.industry_code else None,
        "reg_type": ent.reg_type,
        "is_individual": ent.is_individual,
        "established": ent.established.isoformat() if ent.established else None,
        "registered_capital": _money(ent.registered_capital_fen),
        "employees": ent.employees,
        "insured_employees": ent.insured_employees,
        "revenue": _money(ent.revenue_fen),
        "total_assets": _money(ent.total_assets_fen),
        "tax_credit_rating": ent.tax_credit_rating,
        "dishonest": ent.dishonest,
        "contact_phone": mask_phone(ent.contact_phone),
        # Cached at write time (store.enterprises) by the same rule; what matching uses too.
        "size_class": ent.size_class,
        "tags": [
            {
                "tag": t.tag,
                "valid_from": t.valid_from.isoformat() if t.valid_from else None,
                "valid_to": t.valid_to.isoformat() if t.valid_to else None,
                "valid_today": (t.valid_from is None or t.valid_from <= today)
                and (t.valid_to is None or today <= t.valid_to),
            }
            for t in ent.tags
        ],
        "facts": [
            {
                "name": f.fact_name,
                "label": definitions[f.fact_name].label if f.fact_name in definitions else f.fact_name,
                "value": f.value,
                "unit": definitions[f.fact_name].unit if f.fact_name in definitions else None,
                "valid_on": f.valid_on.isoformat(),
                "source": definitions[f.fact_name].source_department if f.fact_name in definitions else f.source,
            }
            for f in latest.values()
        ],
        "updated_at": ent.updated_at.isoformat() + "Z",
        "version": ent.version,
    }
