"""Policy finds enterprises (政策找企业): one SQL query per item over the enterprise table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from ..store.database import Database
from ..store.rule_sql import compile_rule
from .policies import compiled_catalogue
from .reference import region_name_map


class ItemNotFound(LookupError):
    pass


def reach(db: Database, item_id: str, as_of: dt.date | None = None, limit: int = 50) -> dict:
    as_of = as_of or dt.date.today()
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise ItemNotFound(item_id)
    scope = cat.documents[item.document_id]["region"]
    condition, params = compile_rule(item.rule.root, as_of, few_rows=scope != "371500")
    if scope != "371500":
        # A county's document reaches that county's enterprises only, as matching does.
        condition = f"(e.region_code = :scope) AND {condition}"
        params["scope"] = scope
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
