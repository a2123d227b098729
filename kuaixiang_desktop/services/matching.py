"""智能匹配: every policy item an enterprise qualifies for, why, and how much."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from types import SimpleNamespace

from kuaixiang_core.domain.rules import match as rules_match
from kuaixiang_core.domain.rules.evaluate import Facts, TagValue, column_values
from kuaixiang_core.domain.rules.facts import FactSpec, FactValueError, coerce
from ..store.database import Database
from .collector import collector_paused
from .policies import CompiledCatalogue, compiled_catalogue
from kuaixiang_core.reference import industry_name_map, region_name_map
from kuaixiang_core.domain import clock



class EnterpriseNotFound(LookupError):
    pass


_ENTERPRISE_COLUMNS = (
    "id", "employees", "insured_employees", "revenue_fen", "total_assets_fen", "registered_capital_fen",
    "established", "region_code", "industry_code", "reg_type", "is_individual", "tax_credit_rating", "dishonest",
    "size_class",
)
_ENTERPRISE_SQL = f"SELECT {', '.join(_ENTERPRISE_COLUMNS)} FROM enterprise WHERE credit_code = ?"


def enterprise_facts(conn, credit_code: str, as_of: dt.date, declared: dict[str, FactSpec]) -> Facts:
    """One enterprise's facts as the rules see them (money in 元, declared facts as of the date)."""
    # Straight to SQLite (the client's store): three small indexed reads, where SQLAlchemy's
    # statement and row handling took most of a match's half millisecond of SQL.
    raw = conn.connection.driver_connection
    # One snapshot for the three reads (a sync may commit between them): a read transaction
    # of our own, unless the caller's is already open.
    own = not raw.in_transaction
    if own:
        raw.execute("BEGIN")
    try:
        return _read_facts(raw, credit_code, as_of, declared)
    finally:
        if own:
            raw.execute("ROLLBACK")


def _read_facts(raw, credit_code: str, as_of: dt.date, declared: dict[str, FactSpec]) -> Facts:
    found = raw.execute(_ENTERPRISE_SQL, (credit_code,)).fetchone()
    if found is None:
        raise EnterpriseNotFound(credit_code)
    row = SimpleNamespace(**dict(zip(_ENTERPRISE_COLUMNS, found, strict=True)))
    values = column_values(row)
    tags = [
        TagValue(tag, _date(vf), _date(vt))
        for tag, vf, vt in raw.execute(
            "SELECT tag, valid_from, valid_to FROM enterprise_tag WHERE enterprise_id = ?", (row.id,)
        )
    ]
    # The latest value of each declared fact on or before the as-of date: rows come oldest
    # first per fact, so the last one read wins.
    latest: dict[str, object] = {}
    for name, value in raw.execute(
        "SELECT fact_name, value FROM enterprise_fact WHERE enterprise_id = ? AND valid_on <= ? "
        "ORDER BY fact_name, valid_on",
        (row.id, as_of.isoformat()),
    ):
        latest[name] = value
    for name, value in latest.items():
        spec = declared.get(name)
        if spec is None:
            continue
        try:
            values[name] = coerce(spec.type, value)
        except FactValueError:
            values[name] = None  # a stored value the type cannot read is treated as missing
    return Facts(values, tags, as_of, namer=_name_codes)


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def match_enterprise(
    db: Database, credit_code: str, as_of: dt.date | None = None, *, include_all: bool = False,
    catalogue: CompiledCatalogue | None = None,
) -> dict:
    """The JSON of DESIGN §7 ``kuaixiang match``; items grouped for the clerk."""
    as_of = as_of or clock.today()
    cat = catalogue or compiled_catalogue(db)
    with db.engine.connect() as conn:
        facts = enterprise_facts(conn, credit_code, as_of, cat.declared)
    matcher = cat.matcher(facts.get("region_code"))  # type: ignore[arg-type]
    with _collector_paused():
        return _result(matcher, facts, credit_code, as_of, include_all)


def match_with_details(db: Database, credit_code: str, as_of: dt.date | None = None) -> dict:
    """``match_enterprise`` with what the clerk sees beside each item (runs in a worker):
    promised days, the document's 文号 and title, the application window and where to apply."""
    cat = compiled_catalogue(db)
    result = match_enterprise(db, credit_code, as_of, catalogue=cat)
    for line in result["items"]:
        item = cat.by_id.get(line["item_id"])
        if item is None:
            continue
        doc = cat.documents.get(item.document_id) or {}
        line.setdefault("promised_days", item.promised_days)
        line.setdefault("doc_no", doc.get("doc_no"))
        line.setdefault("document_title", doc.get("title"))
        line.setdefault("apply_from", item.apply_from.isoformat() if item.apply_from else None)
        line.setdefault("apply_to", item.apply_to.isoformat() if item.apply_to else None)
        line.setdefault("where", item.where)
    return result


def _collector_paused():
    """Matching makes thousands of short-lived objects and no reference cycles; the cyclic
    collector running in the middle only adds pauses (a third of the time at p95)."""
    return collector_paused()


def _result(matcher, facts: Facts, credit_code: str, as_of: dt.date, include_all: bool) -> dict:
    in_force = matcher.in_force_count(as_of)
    if include_all:
        every = matcher.match(facts, include_ineligible=True)
        every.sort(key=lambda r: rules_match.clerk_order(r.group, r.amount, r.item.id))
        items = [r.to_json() for r in every]
        by_group = Counter(r.group for r in every if r.group)
    else:
        items, by_group = matcher.clerk_json(facts)
    counts = {g: by_group.get(g, 0) for g in rules_match.GROUPS}
    return {
        "credit_code": credit_code,
        "as_of": as_of.isoformat(),
        "items_in_force": in_force,
        "counts": {**counts, "ineligible": in_force - sum(counts.values())},
        "items": items,
    }


def _name_codes(cond: dict) -> None:
    """Region and industry codes in the 'why' get their names, which a clerk can read out."""
    names = (
        region_name_map() if cond["fact"] == "region_code"
        else industry_name_map() if cond["fact"] in ("industry_division", "industry_code", "industry_section")
        else None
    )
    if not names:
        return
    for code in sorted({*_codes(cond["expected"]), *_codes(cond["actual"])}, key=len, reverse=True):
        if code in names:
            label = f"{code}（{names[code]}）"
            if label not in cond["text"]:
                cond["text"] = cond["text"].replace(code, label, 1)
            if cond["actual"] == code:
                cond["actual_text"] = label


def _codes(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value is not None else []
