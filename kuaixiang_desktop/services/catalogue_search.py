"""Searching the catalogue in force, for the catalogue room's worker (no Qt here).

The compiled catalogue is cached by ``services.policies`` until the catalogue changes, so a
search is a pass over at most 2,728 items in memory: a few milliseconds, run per (debounced)
keystroke in the background.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .policies import compiled_catalogue, item_json
from .database import Database
from kuaixiang_core.domain import clock

MODES = ("auto", "online", "window")


@dataclass(frozen=True)
class CatalogueSearch:
    text: str
    rows: list[dict]
    in_force: int  # items in force on the day, before the filters
    departments: list[str] = field(default_factory=list)  # of the items in force, sorted


def _row(cat, item) -> dict:
    doc = cat.documents[item.document_id]
    return {
        "item_id": item.id,
        "title": item.title,
        "mode": item.mode,
        "department": item.department,
        "category": item.category,
        "doc_no": doc["doc_no"],
        "document_title": doc["title"],
    }


def _haystack(row: dict) -> str:
    return " ".join(
        str(row[k]) for k in ("title", "item_id", "department", "doc_no", "category", "document_title") if row[k]
    ).casefold()


def search_catalogue(
    db: Database,
    text: str = "",
    mode: str | None = None,
    department: str | None = None,
    as_of: dt.date | None = None,
) -> CatalogueSearch:
    """Items in force on ``as_of`` whose title, id, department, 文号, category or document
    title contain every word of ``text``; an exact item id comes first, then title hits."""
    as_of = as_of or clock.today()
    cat = compiled_catalogue(db)
    in_force = [i for i in cat.items if i.in_force(as_of)]
    departments = sorted({i.department for i in in_force})
    words = [w.casefold() for w in text.split()]
    whole = text.strip().casefold()
    ranked: list[tuple[int, int, dict]] = []
    for n, item in enumerate(in_force):
        if mode and item.mode != mode:
            continue
        if department and item.department != department:
            continue
        row = _row(cat, item)
        if words:
            hay = _haystack(row)
            if not all(w in hay for w in words):
                continue
            rank = 0 if item.id.casefold() == whole else 1 if all(w in item.title.casefold() for w in words) else 2
        else:
            rank = 0
        ranked.append((rank, n, row))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return CatalogueSearch(text, [r for _, _, r in ranked], len(in_force), departments)


def item_detail(db: Database, item_id: str) -> dict:
    """The item's full text (``policies.item_json(full=True)``) with its document's dates."""
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise LookupError(item_id)
    out = item_json(cat, item, full=True)
    doc = cat.documents[item.document_id]
    out["document"] = {**out["document"], "issuer": doc.get("issuer"), "published": doc.get("published"),
                       "effective_from": doc.get("effective_from"), "effective_to": doc.get("effective_to")}
    return out


def item_choices(db: Database) -> list[tuple[str, str]]:
    """(item id, title) of every item, in force or not (outreach may look at a past date)."""
    return [(i.id, i.title) for i in compiled_catalogue(db).items]
