"""Storing the policy catalogue: documents, items and every version of every item."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuaixiang_core.domain.rules.catalogue import Catalogue, CatalogueWrite, Document, Item
from kuaixiang_core.domain.rules.facts import FactSpec

from .models import FactDefinition, PolicyDocument, PolicyItem, PolicyItemVersion, PolicyMaterial


def declared_facts(session: Session) -> dict[str, FactSpec]:
    return {
        d.name: FactSpec(d.name, d.type, d.label, d.unit, d.source_department)
        for d in session.scalars(select(FactDefinition))
    }


def item_documents(session: Session) -> dict[str, str]:
    return dict(session.execute(select(PolicyItem.id, PolicyItem.document_id)).all())


def write_catalogue(session: Session, catalogue: Catalogue, source: str) -> CatalogueWrite:
    """Upsert documents and facts; a changed item gets a new version, an unchanged one none."""
    declared = 0
    for spec in catalogue.facts:
        existing = session.get(FactDefinition, spec.name)
        if existing is None:
            session.add(
                FactDefinition(
                    name=spec.name, type=spec.type, unit=spec.unit, label=spec.label,
                    source_department=spec.source, declared_by=source,
                )
            )
            declared += 1
        else:
            existing.unit, existing.label, existing.source_department = spec.unit, spec.label, spec.source
    new = changed = unchanged = 0
    for doc in catalogue.documents:
        _write_document(session, doc)
        for item in doc.items:
            outcome = _write_item(session, item)
            new += outcome == "new"
            changed += outcome == "changed"
            unchanged += outcome == "unchanged"
    return CatalogueWrite(len(catalogue.documents), new, changed, unchanged, declared)


def _write_document(session: Session, doc: Document) -> None:
    session.merge(
        PolicyDocument(
            id=doc.id, doc_no=doc.doc_no, title=doc.title, issuer=doc.issuer, level=doc.level,
            region_code=doc.region, published=doc.published, effective_from=doc.effective_from,
            effective_to=doc.effective_to,
        )
    )


def _write_item(session: Session, item: Item) -> str:
    digest = item.content_hash()
    row = session.get(PolicyItem, item.id)
    if row is None:
        row = PolicyItem(id=item.id, document_id=item.document_id, current_version=1)
        session.add(row)
        version, outcome = 1, "new"
    else:
        current = session.get(PolicyItemVersion, (item.id, row.current_version))
        if current is not None and current.content_hash == digest:
            return "unchanged"
        version, outcome = row.current_version + 1, "changed"
        row.current_version = version
    content = item.content()
    session.add(
        PolicyItemVersion(
            item_id=item.id,
            version=version,
            title=item.title,
            department=item.department,
            category=item.category,
            mode=item.mode,
            effective_from=item.effective_from,
            effective_to=item.effective_to,
            apply_from=item.apply_from,
            apply_to=item.apply_to,
            promised_days=item.promised_days,
            allows_deferred=item.allows_deferred,
            benefit_json=json.dumps(item.benefit.to_json(), ensure_ascii=False),
            rule_json=json.dumps(content["rule"], ensure_ascii=False),
            tests_json=json.dumps(content["tests"], ensure_ascii=False),
            body=item.body,
            where_to_apply=item.where,
            content_json=json.dumps(content, ensure_ascii=False, sort_keys=True),
            content_hash=digest,
            materials=[
                PolicyMaterial(item_id=item.id, version=version, seq=n, name=m.name, required=m.required,
                               originals=m.originals, copies=m.copies, note=m.note)
                for n, m in enumerate(item.materials, 1)
            ],
        )
    )
    return outcome


def current_catalogue_rows(session: Session) -> list[tuple[PolicyDocument, PolicyItemVersion]]:
    """Every item's current version with its document."""
    return list(
        session.execute(
            select(PolicyDocument, PolicyItemVersion)
            .join(PolicyItem, PolicyItem.document_id == PolicyDocument.id)
            .join(
                PolicyItemVersion,
                (PolicyItemVersion.item_id == PolicyItem.id) & (PolicyItemVersion.version == PolicyItem.current_version),
            )
            .order_by(PolicyDocument.id, PolicyItem.id)
        ).all()
    )


def catalogue_stamp(session: Session) -> tuple:
    """Changes whenever the catalogue does: the cache key of compiled catalogues."""
    from sqlalchemy import func

    return tuple(
        session.execute(
            select(func.count(PolicyItemVersion.item_id), func.max(PolicyItemVersion.imported_at))
        ).one()
    ) + tuple(session.execute(select(func.count(FactDefinition.name))).one())
