"""Searching the catalogue in force, for the catalogue room's worker (no Qt here).

The compiled catalogue is cached by ``services.policies`` until the catalogue changes, so a
search is a pass over at most 2,728 items in memory: a few milliseconds, run per (debounced)
keystroke in the background.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kuaixiang_core.domain import clock

from .database import Database
from .policies import PolicyItemDetail, compiled_catalogue, item_detail_view

MODES = ("auto", "online", "window")


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One line of the catalogue room's table."""

    item_id: str
    title: str
    mode: str
    department: str
    category: str | None
    doc_no: str | None
    document_title: str

    def haystack(self) -> str:
        """What a search's words are looked for in, case folded."""
        return " ".join(
            v for v in (self.title, self.item_id, self.department, self.doc_no, self.category, self.document_title) if v
        ).casefold()


@dataclass(frozen=True, slots=True)
class CatalogueSearch:
    text: str
    rows: tuple[CatalogueRow, ...]
    in_force: int  # items in force on the day, before the filters
    departments: tuple[str, ...] = ()  # of the items in force, sorted


@dataclass(frozen=True, slots=True)
class ItemChoice:
    item_id: str
    title: str


def _row(cat, item) -> CatalogueRow:
    doc = cat.document_views[item.document_id]
    return CatalogueRow(item.id, item.title, item.mode, item.department, item.category, doc.doc_no, doc.title)


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
    departments = tuple(sorted({i.department for i in in_force}))
    words = [w.casefold() for w in text.split()]
    whole = text.strip().casefold()
    ranked: list[tuple[int, int, CatalogueRow]] = []
    for n, item in enumerate(in_force):
        if mode and item.mode != mode:
            continue
        if department and item.department != department:
            continue
        row = _row(cat, item)
        if words:
            hay = row.haystack()
            if not all(w in hay for w in words):
                continue
            rank = 0 if item.id.casefold() == whole else 1 if all(w in item.title.casefold() for w in words) else 2
        else:
            rank = 0
        ranked.append((rank, n, row))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return CatalogueSearch(text, tuple(r for _, _, r in ranked), len(in_force), departments)


def item_detail(db: Database, item_id: str) -> PolicyItemDetail:
    """The item in full, its document's dates included."""
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise LookupError(item_id)
    return item_detail_view(cat, item)


def item_choices(db: Database) -> tuple[ItemChoice, ...]:
    """Every item, in force or not (outreach may look at a past date)."""
    return tuple(ItemChoice(i.id, i.title) for i in compiled_catalogue(db).items)
