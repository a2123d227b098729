"""A page of the ``policies`` stream whose items name each other (a document's cap over its
items, a golden test's history naming a sibling) is stored whole, whether the siblings come
in one page or across pages; a bad item is refused alone, naming itself, and the good ones land."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from kuaixiang_desktop.services.policies import read_catalogue
from kuaixiang_desktop.services.sync_policies import apply_policy_page
from kuaixiang_desktop.services.sync_report import SyncReport
from kuaixiang_desktop.store.models import FactDefinition, PolicyItem
from kuaixiang_server.catalogue import document_json, item_json

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "issue15-history-caps.yaml"


def _page():
    catalogue = read_catalogue(EXAMPLES)
    page = []
    for doc in catalogue.documents:
        for item in doc.items:
            content = json.loads(json.dumps(item_json(item), ensure_ascii=False, default=str))
            page.append({"document": json.loads(json.dumps(document_json(doc), default=str)),
                         "item": {"id": item.id, "version": 1, "current": True, "content": content}})
    return catalogue, page


def _declare(db, catalogue) -> None:
    # the ``facts`` stream comes before ``policies``: the facts the items use are known
    with db.sessions.begin() as s:
        for f in catalogue.facts:
            s.merge(FactDefinition(name=f.name, type=f.type, unit=f.unit, label=f.label or f.name, declared_by="sync"))


def _stored(db) -> set[str]:
    with db.sessions() as s:
        return set(s.scalars(select(PolicyItem.id)))


def _apply(db, page) -> SyncReport:
    report = SyncReport()
    with db.sessions.begin() as s:
        apply_policy_page(s, page, report)
    return report


def test_a_documents_items_that_name_each_other_are_stored_from_one_page(db):
    catalogue, page = _page()
    _declare(db, catalogue)
    capped = [p for p in page if p["item"]["content"].get("caps")]
    assert len(capped) >= 2, "the example must carry a cap over several items"
    report = _apply(db, page)
    assert report.failures == []
    assert _stored(db) == {i.id for i in catalogue.items}


def test_siblings_across_pages_are_stored_and_a_bad_item_is_refused_alone(db):
    catalogue, page = _page()
    _declare(db, catalogue)
    first, rest = page[:1], page[1:]
    bad = json.loads(json.dumps(rest[-1]))
    bad["item"]["id"] = bad["item"]["content"]["id"] = "bad-item"
    bad["item"]["content"]["rule"] = {"fact": "employees", "op": ">=", "value": "十"}
    # the first names its siblings before they are stored: a page of the stream is a part
    assert _apply(db, first).failures == []
    report = _apply(db, [*rest, bad])
    assert [f.ref for f in report.failures] == ["bad-item"]
    assert "employees" in report.failures[0].reason and "十" in report.failures[0].reason
    assert _stored(db) == {i.id for i in catalogue.items}


def test_a_file_import_still_refuses_a_cap_naming_an_item_of_no_document(db, tmp_path):
    from kuaixiang_core.catalogue_files import CatalogueFileRejected
    from kuaixiang_desktop.services.policies import import_catalogue

    text = EXAMPLES.read_text(encoding="utf-8").replace("- {item: kj-gaoqi-first,", "- {item: kj-nowhere,", 1)
    assert "kj-nowhere" in text
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        import_catalogue(db, path)
    except CatalogueFileRejected as exc:
        assert any("kj-nowhere" in line and "history[0].item" in line for line in exc.lines())
    else:
        raise AssertionError("a history naming no item was imported")
    assert _stored(db) == set()
