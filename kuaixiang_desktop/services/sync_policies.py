"""The ``policies`` stream's pages: each item checked as a catalogue before it is stored
(the server's word is not trusted), a page as one part of the catalogue."""

from __future__ import annotations

import json
import re

from sqlalchemy.orm import Session

from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue
from kuaixiang_core.reference import document_region_map

from ..store import policies as policy_store
from .sync_report import Failure, SyncReport

_ITEM_PATH = re.compile(r"documents\[(\d+)\](?:\.items\[(\d+)\])?")


def apply_policy_page(session: Session, items: list[dict], report: SyncReport) -> None:
    """Check and store a page of the ``policies`` stream (items with their documents).

    The page is checked as one catalogue: a cap may name its document's other items and a
    golden test's history an item of another document, so an item alone can fail a check its
    page passes. Where the page is refused, the items its problems name are set aside (each
    reported with its own problems: what is refused names itself) and the rest is checked
    again, so one bad item neither blocks the others nor hides them."""
    regions = set(document_region_map())
    groups: dict[str, tuple[dict, list[dict]]] = {}
    for item in items:
        document, entry = item.get("document"), item.get("item")
        content = entry.get("content") if isinstance(entry, dict) else None
        item_id = (entry or {}).get("id") if isinstance(entry, dict) else None
        if not isinstance(document, dict) or not isinstance(content, dict):
            report.failures.append(Failure("policies", str(item_id), "政策事项格式不对：缺少 document 或 item.content"))
            continue
        key = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
        groups.setdefault(key, (document, []))[1].append({"id": item_id, **content})
    docs = [{**document, "items": contents} for document, contents in groups.values()]
    while docs:
        try:
            catalogue = check_catalogue({"format": 1, "documents": docs}, policy_store.declared_facts(session),
                                        regions, policy_store.item_documents(session), part=True)
        except CatalogueRejected as exc:
            docs = _set_aside(docs, exc.problems, report)
            continue
        _write(session, catalogue, docs, report)
        return


def _set_aside(docs: list[dict], problems, report: SyncReport) -> list[dict]:
    """``docs`` without the items ``problems`` name (a document's problem names all its items),
    each reported once with its problems."""
    named: dict[tuple[int, int | None], list[str]] = {}
    for problem in problems:
        m = _ITEM_PATH.match(problem.field)
        key = (int(m.group(1)), int(m.group(2)) if m and m.group(2) is not None else None) if m else (-1, None)
        named.setdefault(key, []).append(str(problem))
    if (-1, None) in named:  # a problem of the whole page: nothing can be told apart
        for doc in docs:
            for content in doc["items"]:
                report.failures.append(Failure("policies", str(content.get("id")),
                                               f"政策事项未通过校验：{'；'.join(named[(-1, None)][:3])}"))
        return []
    kept = []
    for d, doc in enumerate(docs):
        left = []
        for i, content in enumerate(doc["items"]):
            own = named.get((d, i)) or named.get((d, None))
            if own:
                report.failures.append(Failure("policies", str(content.get("id")), f"政策事项未通过校验：{'；'.join(own[:3])}"))
            else:
                left.append(content)
        if left:
            kept.append({**doc, "items": left})
    return kept


def _write(session: Session, catalogue, docs: list[dict], report: SyncReport) -> None:
    nested = session.begin_nested()
    try:
        written = policy_store.write_catalogue(session, catalogue, source="sync")
        session.flush()
    except Exception as exc:  # noqa: BLE001 - the page's items are reported, the stream goes on
        nested.rollback()
        for doc in docs:
            for content in doc["items"]:
                report.failures.append(Failure("policies", str(content.get("id")), f"政策事项写入失败：{exc}"))
        return
    nested.commit()
    report.policy_versions += written.items_new + written.items_changed
