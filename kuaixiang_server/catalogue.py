"""The policy catalogue on the server: import (all or nothing, every item version kept),
the ``policies`` and ``facts`` streams, and compiling one item version for evaluation.

Items are stored in the catalogue format of docs/rules.md, so a client can check and compile
what it pulls with the same ``check_catalogue`` the server uses. Versions follow the client's
rule: an item whose ``Item.content_hash()`` changed gets a new version, an unchanged one none.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuaixiang_core import catalogue_files
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.rules.catalogue import (
    Catalogue,
    CatalogueWrite,
    Document,
    Item,
    check_catalogue,
)
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.reference import base_facts, document_region_map
from kuaixiang_core.untrusted.files import FileLimits

from .changes import allocate, lock
from .models import FactDefinition, PolicyDocument, PolicyItem, PolicyItemVersion

# --- facts ---------------------------------------------------------------------------------------


def declared_facts(session: Session) -> dict[str, FactSpec]:
    return {d.name: FactSpec(d.name, d.type, d.label, d.unit, d.source) for d in session.scalars(select(FactDefinition))}


def _fact_json(d: FactDefinition) -> dict:
    return {"name": d.name, "type": d.type, "unit": d.unit, "label": d.label, "source": d.source}


def _upsert_fact(session: Session, spec: FactSpec, declared_by: str) -> bool:
    """Insert or update one fact definition; True when something changed."""
    row = session.get(FactDefinition, spec.name)
    if row is None:
        session.add(FactDefinition(name=spec.name, type=spec.type, unit=spec.unit, label=spec.label, source=spec.source,
                                   declared_by=declared_by, change_seq=allocate(session, "facts")))
        return True
    if (row.unit, row.label, row.source) != (spec.unit, spec.label, spec.source):
        row.unit, row.label, row.source = spec.unit, spec.label, spec.source
        row.change_seq = allocate(session, "facts")
        return True
    return False


def ensure_base_facts(session: Session) -> int:
    """The 一企一档 facts every client knows (resources/reference/facts.json)."""
    lock(session, "facts")
    added = 0
    for spec in base_facts():
        if session.get(FactDefinition, spec.name) is None:
            _upsert_fact(session, spec, "facts.json")
            added += 1
    return added


def fact_item(d: FactDefinition) -> dict:
    return _fact_json(d)


# --- catalogue format ------------------------------------------------------------------------------


def _strip_none(obj: Mapping) -> dict:
    return {k: v for k, v in obj.items() if v is not None}


def document_json(doc: Document) -> dict:
    return _strip_none({
        "id": doc.id, "doc_no": doc.doc_no, "title": doc.title, "issuer": doc.issuer, "level": doc.level,
        "region": doc.region,
        "published": doc.published.isoformat() if doc.published else None,
        "effective_from": doc.effective_from.isoformat() if doc.effective_from else None,
        "effective_to": doc.effective_to.isoformat() if doc.effective_to else None,
    })


def item_json(item: Item) -> dict:
    """The item as a catalogue file has it (docs/rules.md §2), with its id."""
    content = item.content()
    content.pop("document_id")
    content["materials"] = [_strip_none(m) for m in content["materials"]]
    if not content["tests"]:
        content.pop("tests")
    return _strip_none({"id": item.id, **content})


# --- import ---------------------------------------------------------------------------------------


def read_catalogue(session: Session, path: Path, limits: FileLimits | None = None) -> Catalogue:
    """Raises ``CatalogueFileRejected`` (kuaixiang_core.catalogue_files) listing every problem."""
    existing = dict(session.execute(select(PolicyItem.id, PolicyItem.document_id)).all())
    return catalogue_files.read_catalogue(path, declared_facts(session), document_region_map(), existing, limits)


def import_catalogue(session: Session, path: Path | str, limits: FileLimits | None = None) -> CatalogueWrite:
    """Check the whole file, then write it inside the caller's transaction."""
    path = Path(path)
    lock(session, "policies", "facts")  # concurrent imports queue here
    ensure_base_facts(session)
    catalogue = read_catalogue(session, path, limits)
    return write_catalogue(session, catalogue, source=path.name)


def write_catalogue(session: Session, catalogue: Catalogue, source: str) -> CatalogueWrite:
    lock(session, "policies", "facts")
    declared = sum(_upsert_fact(session, spec, source) for spec in catalogue.facts)
    new = changed = unchanged = 0
    for doc in catalogue.documents:
        doc_changed = _write_document(session, doc)
        for item in doc.items:
            outcome = _write_item(session, item, source)
            new += outcome == "new"
            changed += outcome == "changed"
            unchanged += outcome == "unchanged"
            if outcome == "unchanged" and doc_changed:
                # The document's data travels with each item: send the current version again.
                row = session.get(PolicyItem, item.id)
                assert row is not None
                current = session.get(PolicyItemVersion, (item.id, row.current_version))
                assert current is not None
                current.change_seq = allocate(session, "policies")
    return CatalogueWrite(len(catalogue.documents), new, changed, unchanged, declared)


def _write_document(session: Session, doc: Document) -> bool:
    content = json.dumps(document_json(doc), ensure_ascii=False, sort_keys=True)
    row = session.get(PolicyDocument, doc.id)
    if row is None:
        session.add(PolicyDocument(id=doc.id, content_json=content))
        session.flush()
        return False
    if row.content_json == content:
        return False
    row.content_json, row.updated_at = content, utcnow()
    return True


def _write_item(session: Session, item: Item, source: str) -> str:
    digest = item.content_hash()
    row = session.get(PolicyItem, item.id)
    if row is None:
        row = PolicyItem(id=item.id, document_id=item.document_id, current_version=1)
        session.add(row)
        session.flush()
        version, outcome = 1, "new"
    else:
        current = session.get(PolicyItemVersion, (item.id, row.current_version))
        if current is not None and current.content_hash == digest:
            return "unchanged"
        version, outcome = row.current_version + 1, "changed"
        row.current_version = version
    session.add(PolicyItemVersion(
        item_id=item.id, version=version, content_json=json.dumps(item_json(item), ensure_ascii=False, sort_keys=True),
        content_hash=digest, source=source, change_seq=allocate(session, "policies"),
    ))
    return outcome


# --- reading ---------------------------------------------------------------------------------------


def policy_item(version: PolicyItemVersion, item: PolicyItem, doc: PolicyDocument) -> dict:
    """An item of the ``policies`` stream."""
    return {
        "document": json.loads(doc.content_json),
        "item": {
            "id": version.item_id,
            "version": version.version,
            "current": version.version == item.current_version,
            "content_hash": version.content_hash,
            "content": json.loads(version.content_json),
        },
    }


def compile_item(session: Session, item_id: str, version: int | None = None) -> tuple[Item, int] | None:
    """The item (current version unless ``version``) ready for evaluation, or None."""
    row = session.get(PolicyItem, item_id)
    if row is None:
        return None
    number = version or row.current_version
    stored = session.get(PolicyItemVersion, (item_id, number))
    doc = session.get(PolicyDocument, row.document_id)
    if stored is None or doc is None:
        return None
    data = {"format": 1, "documents": [{**json.loads(doc.content_json), "items": [json.loads(stored.content_json)]}]}
    catalogue = check_catalogue(data, declared_facts(session), stored=True)
    return catalogue.items[0], number
