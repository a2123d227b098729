"""The policy catalogue as the window uses it: import, list, show, and a compiled cache."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kuaixiang_core.domain.rules.catalogue import Catalogue, CatalogueRejected, Item, Problem, check_catalogue
from kuaixiang_core.domain.rules.evaluate import forget_shared_lines
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.domain.rules.match import Matcher
from ..store import policies as store
from ..store.database import Database
from kuaixiang_core.catalogue_files import CatalogueFileError, load_file
from .collector import collector_paused
from kuaixiang_core.reference import region_name_map


class PolicyImportRejected(ValueError):
    """Nothing was imported; ``problems`` name the file, line and field of each."""

    def __init__(self, file: str, problems: list[Problem]):
        super().__init__(f"{file}: {len(problems)} 处错误")
        self.file = file
        self.problems = problems

    def lines(self) -> list[str]:
        return [f"{self.file} {p}" for p in self.problems]

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "errors": [{"file": self.file, "line": p.line, "field": p.field, "message": p.message} for p in self.problems],
        }


def read_catalogue(path: Path, declared: dict[str, FactSpec] | None = None, existing: dict[str, str] | None = None) -> Catalogue:
    try:
        data = load_file(path)
    except CatalogueFileError as exc:
        raise PolicyImportRejected(path.name, [Problem(exc.line, "(文件)", exc.message)]) from None
    try:
        return check_catalogue(data, declared or {}, set(region_name_map()), existing or {})
    except CatalogueRejected as exc:
        raise PolicyImportRejected(path.name, exc.problems) from None


def import_catalogue(db: Database, path: Path | str) -> store.CatalogueWrite:
    """All or nothing: the whole file is checked before anything is written."""
    path = Path(path)
    with db.sessions.begin() as session:
        catalogue = read_catalogue(path, store.declared_facts(session), store.item_documents(session))
        result = store.write_catalogue(session, catalogue, source=path.name)
    _cache.clear()
    return result


def import_catalogue_data(db: Database, catalogue: Catalogue, source: str) -> store.CatalogueWrite:
    with db.sessions.begin() as session:
        result = store.write_catalogue(session, catalogue, source=source)
    _cache.clear()
    return result


@dataclass(frozen=True)
class CompiledCatalogue:
    items: list[Item]
    by_id: dict[str, Item]
    documents: dict[str, dict]
    declared: dict[str, FactSpec]
    # Items per region scope: a county's enterprises see city items and their county's.
    by_region: dict[str, list[Item]]

    matchers: dict[str, Matcher] = field(default_factory=dict)

    def for_region(self, region_code: str | None) -> list[Item]:
        return self.by_region.get(region_code or "", self.by_region.get("", []))

    def matcher(self, region_code: str | None) -> Matcher:
        key = region_code if region_code in self.by_region else ""
        found = self.matchers.get(key)
        if found is None:
            with _long_lived():
                found = self.matchers[key] = Matcher(self.for_region(key))
        return found


def _long_lived():
    """For making objects that live as long as the catalogue: hundreds of thousands of them.

    While they are made, the collector stays off: its automatic full collections walked the
    whole heap, holding the GIL for 100–300 ms (measured at 500,000 enterprises) in a worker,
    a freeze every thread, the window's included, waited out. Afterwards they are frozen out of
    its way for good (every later full collection would walk them too). Young garbage is not
    collected first: that walk is what is avoided, and what it leaves frozen is a few objects."""
    return collector_paused(freeze=True)


class _Cache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[tuple, CompiledCatalogue]] = {}

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, db: Database) -> CompiledCatalogue:
        with db.sessions() as session:
            stamp = store.catalogue_stamp(session)
            with self._lock:
                hit = self._entries.get(str(db.path))
                if hit and hit[0] == stamp:
                    return hit[1]
            with _long_lived():  # (it doubled matching times when the collector walked it)
                compiled = _compile(session)
            forget_shared_lines()
        with self._lock:
            self._entries[str(db.path)] = (stamp, compiled)
        return compiled


_cache = _Cache()


def compiled_catalogue(db: Database) -> CompiledCatalogue:
    """The current catalogue, compiled once and reused until the catalogue changes."""
    return _cache.get(db)


_CITY = "371500"


def _compile(session) -> CompiledCatalogue:
    declared = store.declared_facts(session)
    rows = store.current_catalogue_rows(session)
    documents: dict[str, dict] = {}
    doc_items: dict[str, list] = {}
    for doc, version in rows:
        documents.setdefault(
            doc.id,
            {
                "id": doc.id, "doc_no": doc.doc_no, "title": doc.title, "issuer": doc.issuer, "level": doc.level,
                "region": doc.region_code,
                "published": doc.published.isoformat() if doc.published else None,
                "effective_from": doc.effective_from.isoformat() if doc.effective_from else None,
                "effective_to": doc.effective_to.isoformat() if doc.effective_to else None,
            },
        )
        content = json.loads(version.content_json)
        content.pop("document_id", None)
        doc_items.setdefault(doc.id, []).append({"id": version.item_id, **content})
    if not documents:
        return CompiledCatalogue([], {}, {}, declared, {})
    data = {
        "documents": [
            {**{k: v for k, v in documents[d].items() if v is not None}, "items": doc_items[d]} for d in documents
        ]
    }
    # Stored content passed these same checks on import; checking again is how it compiles.
    catalogue = check_catalogue(data, declared)
    items = catalogue.items
    city_items = [i for i in items if documents[i.document_id]["region"] == _CITY]
    by_region: dict[str, list[Item]] = {"": city_items}
    for code in region_name_map():
        by_region[code] = [i for i in items if documents[i.document_id]["region"] in (_CITY, code)]
    compiled = CompiledCatalogue(items, {i.id: i for i in items}, documents, declared, by_region)
    for code in by_region:  # built now, so that no clerk's first match pays for it
        compiled.matcher(code)
    return compiled


def item_json(cat: CompiledCatalogue, item: Item, *, full: bool = False) -> dict:
    doc = cat.documents[item.document_id]
    out = {
        "item_id": item.id,
        "title": item.title,
        "mode": item.mode,
        "department": item.department,
        "category": item.category,
        "document": {"id": doc["id"], "doc_no": doc["doc_no"], "title": doc["title"], "level": doc["level"], "region": doc["region"]},
        "effective_from": item.effective_from.isoformat() if item.effective_from else None,
        "effective_to": item.effective_to.isoformat() if item.effective_to else None,
        "promised_days": item.promised_days,
        "benefit": item.benefit.to_json(),
    }
    if full:
        out.update(
            apply_from=item.apply_from.isoformat() if item.apply_from else None,
            apply_to=item.apply_to.isoformat() if item.apply_to else None,
            allows_deferred=item.allows_deferred,
            where=item.where,
            body=item.body,
            materials=[
                {"name": m.name, "required": m.required, "originals": m.originals, "copies": m.copies, "note": m.note}
                for m in item.materials
            ],
            rule=item.content()["rule"],
            conditions=[{"text": leaf.text, "fact": leaf.fact, "op": leaf.op, "clause": leaf.clause} for leaf in item.rule.leaves],
            tests=len(item.tests),
        )
    return out
