"""Policy finds enterprises (政策找企业): one SQL query per item over the enterprise table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from ..domain.rules.catalogue import Item
from ..store.database import Database
from ..store.rule_sql import compile_rule
from .policies import CompiledCatalogue, compiled_catalogue
from .reference import region_name_map

_CITY = "371500"  # a city-level document reaches every county


class ItemNotFound(LookupError):
    pass


def reach_condition(cat: CompiledCatalogue, item: Item, as_of: dt.date) -> tuple[str, dict]:
    """The WHERE condition (over ``enterprise e``) and its parameters for the enterprises
    ``item`` reaches on ``as_of``: one definition for reach, the outreach export and the
    免申即享 coverage, so their counts cannot drift apart."""
    scope = cat.documents[item.document_id]["region"]
    condition, params = compile_rule(item.rule.root, as_of, few_rows=scope != _CITY)
    if scope != _CITY:
        # A county's document reaches that county's enterprises only, as matching does.
        condition = f"(e.region_code = :scope) AND {condition}"
        params["scope"] = scope
    return condition, params


def reach(db: Database, item_id: str, as_of: dt.date | None = None, limit: int = 50) -> dict:
    as_of = as_of or dt.date.today()
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise ItemNotFound(item_id)
    condition, params = reach_condition(cat, item, as_of)
    in_force = item.in_force(as_of)
    with db.engine.connect() as conn:
        total = conn.execute(text(f"SELECT count(*) FROM enterprise e WHERE {condition}"), params).scalar_one() if in_force else 0
        rows = (
            conn.execute(
                # The inner query reads only the covering index (ix_enterprise_rule_facts) and
                # stops at the page size; the wide rows are then fetched by rowid.
                text(
                    "SELECT credit_code, name, region_code, size_class FROM enterprise WHERE id IN "
                    f"(SELECT e.id FROM enterprise e WHERE {condition} LIMIT :limit) ORDER BY region_code, id"
                ),
                {**params, "limit": limit},
            ).all()
            if in_force
            else []
        )
    names = region_name_map()
    return {
        "item_id": item.id,
        "title": item.title,
        "as_of": as_of.isoformat(),
        "in_force": in_force,
        "total": total,
        "enterprises": [
            {"credit_code": r.credit_code, "name": r.name, "region_code": r.region_code,
             "region_name": names.get(r.region_code), "size_class": r.size_class}
            for r in rows
        ],
    }
