"""Outreach on the platform: the enterprises an item reaches city-wide, and the 免申即享 sweep.

The condition is the client's (kuaixiang_core.rule_sql, which the property tests hold to the
Python evaluator on SQLite and PostgreSQL), compiled for this database's dialect and the
server's ``enterprise_fact.name`` column, with the same scope rule as the client's reach: a
county's document reaches that county's enterprises only, a city-level one every county.
The 免申即享 sweep (``mode: auto``) is what the platform pays without an application: every
such item in force on the day, with the enterprises it reaches.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import and_, select, text
from sqlalchemy.orm import Session

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.catalogue import Item, check_catalogue
from kuaixiang_core.domain.rules.levels import region_scope
from kuaixiang_core.reference import zone_parents
from kuaixiang_core.rule_sql.caps import caps_sql
from kuaixiang_core.rule_sql.compiler import compile_rule
from kuaixiang_core.rule_sql.dialect import dialect_named
from kuaixiang_core.rule_sql.scope import narrows, scoped

from .catalogue import declared_facts
from .db import Database
from .models import PolicyDocument, PolicyItem, PolicyItemVersion

MAX_PAGE = 5000


class ItemNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Reach:
    item: Item
    scope: str | None
    condition: str
    params: dict


def current_items(session: Session, *, item_id: str | None = None,
                  auto_only: bool = False) -> list[tuple[Item, str | None, str | None]]:
    """The current version of each item (or of ``item_id``; or of the 免申即享 ones), compiled
    in one pass, with its document's region and level."""
    query = (select(PolicyItem.id, PolicyItem.document_id, PolicyItemVersion.content_json)
             .join(PolicyItemVersion, and_(PolicyItemVersion.item_id == PolicyItem.id,
                                           PolicyItemVersion.version == PolicyItem.current_version))
             .order_by(PolicyItem.id))
    if item_id is not None:
        query = query.where(PolicyItem.id == item_id)
    by_doc: dict[str, list[dict]] = {}
    for _id, doc_id, content_json in session.execute(query):
        content = json.loads(content_json)
        if not auto_only or content.get("mode") == "auto":  # read before compiling: a sixth are auto
            by_doc.setdefault(doc_id, []).append(content)
    if not by_doc:
        return []
    docs = {d.id: json.loads(d.content_json)
            for d in session.scalars(select(PolicyDocument).where(PolicyDocument.id.in_(list(by_doc))))}
    data = {"format": 1, "documents": [{**docs[d], "items": items} for d, items in by_doc.items() if d in docs]}
    catalogue = check_catalogue(data, declared_facts(session), stored=True)
    return [(item, docs[item.document_id].get("region"), docs[item.document_id].get("level"))
            for item in catalogue.items]


def _tune(session: Session) -> None:
    for statement in dialect_named(session.get_bind().dialect.name).session_settings():
        session.execute(text(statement))


def item_reach(session: Session, item_id: str, as_of: dt.date,
               compiled: tuple[Item, str | None, str | None] | None = None) -> Reach:
    """The item's current version and the WHERE condition (over ``enterprise e``) of the
    enterprises it reaches on ``as_of``."""
    if compiled is None:
        found = current_items(session, item_id=item_id)
        if not found:
            raise ItemNotFound(f"没有事项「{item_id}」")
        compiled = found[0]
    item, scope, level = compiled
    dialect = dialect_named(session.get_bind().dialect.name)
    # The document's level decides whom it reaches (domain.rules.levels), as on the client.
    region = region_scope(level or "", scope) if scope else None
    condition, params = compile_rule(item.rule.root, as_of, dialect=dialect, fact_column="name",
                                     few_rows=bool(region and narrows(region)), applications_by="credit_code")
    # Every hall's applications count towards the item's caps, as the server's re-check does.
    capped = caps_sql(item.caps, as_of, params, dialect=dialect, applications_by="credit_code")
    if capped is not None:
        condition = f"({condition}) AND {capped}"
    if region is not None:
        condition, params = scoped(region, zone_parents(), condition, params)
    return Reach(item, scope, condition, params)


def reach(db: Database, item_id: str, as_of: dt.date | None = None, *, limit: int = 50, after: int = 0) -> dict:
    """How many enterprises the item reaches on the day, and a page of them in id order
    (``after``: the last id of the previous page)."""
    if not 0 <= limit <= MAX_PAGE or after < 0:
        raise ValueError(f"limit 应在 0 到 {MAX_PAGE} 之间、after 不小于 0，实际是 {limit}、{after}")
    as_of = as_of or clock.today()
    with db.read() as s:
        _tune(s)
        r = item_reach(s, item_id, as_of)
        in_force = r.item.in_force(as_of)
        total, rows = 0, []
        if in_force:
            total = s.execute(text(f"SELECT count(*) FROM enterprise e WHERE {r.condition}"), r.params).scalar_one()
            if limit:
                rows = s.execute(text(
                    f"SELECT e.id, e.credit_code, e.name, e.region_code, e.size_class FROM enterprise e "
                    f"WHERE e.id > :after AND {r.condition} ORDER BY e.id LIMIT :limit"),
                    {**r.params, "after": after, "limit": limit}).all()
    return {
        "item_id": r.item.id, "title": r.item.title, "mode": r.item.mode, "scope": r.scope, "as_of": as_of.isoformat(),
        "in_force": in_force, "total": total,
        "enterprises": [{"credit_code": x.credit_code, "name": x.name, "region_code": x.region_code,
                         "size_class": x.size_class} for x in rows],
        "next_after": rows[-1].id if len(rows) == limit and rows else None,
    }


def sweep(db: Database, as_of: dt.date | None = None) -> dict:
    """Every 免申即享 item in force on the day with the number of enterprises it reaches."""
    as_of = as_of or clock.today()
    started = time.perf_counter()
    items = []
    with db.read() as s:
        _tune(s)
        compiled = current_items(s, auto_only=True)
        for pair in compiled:
            t0 = time.perf_counter()
            r = item_reach(s, pair[0].id, as_of, pair)
            in_force = r.item.in_force(as_of)
            total = s.execute(text(f"SELECT count(*) FROM enterprise e WHERE {r.condition}"), r.params).scalar_one() \
                if in_force else 0
            items.append({"item_id": r.item.id, "title": r.item.title, "scope": r.scope, "in_force": in_force,
                          "total": total, "ms": round((time.perf_counter() - t0) * 1000, 1)})
    return {"as_of": as_of.isoformat(), "items": items, "enterprises": sum(i["total"] for i in items),
            "seconds": round(time.perf_counter() - started, 3)}


def sweep_rows(db: Database, as_of: dt.date | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(item_id, credit_code, name, region_code) for every enterprise every 免申即享 item in
    force reaches: what the platform pays, streamed (a city may have hundreds of thousands)."""
    as_of = as_of or clock.today()
    with db.read() as s:
        _tune(s)
        for pair in current_items(s, auto_only=True):
            r = item_reach(s, pair[0].id, as_of, pair)
            if not r.item.in_force(as_of):
                continue
            result = s.execute(text(f"SELECT e.credit_code, e.name, e.region_code FROM enterprise e "
                                    f"WHERE {r.condition} ORDER BY e.id").execution_options(yield_per=5000), r.params)
            for row in result:
                yield r.item.id, row.credit_code, row.name, row.region_code
