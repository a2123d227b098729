"""The policy catalogue as the window uses it: import, list, show, and a compiled cache."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import orjson

from kuaixiang_core import catalogue_files
from kuaixiang_core.domain.rules.catalogue import (
    Benefit,
    Catalogue,
    Item,
    check_catalogue,
    plain,
)
from kuaixiang_core.domain.rules.evaluate import forget_shared_lines
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.domain.rules.levels import RegionScope, region_scope
from kuaixiang_core.domain.rules.match import Matcher
from kuaixiang_core.domain.rules.tree import All, AnyOf, Leaf, Node, Not
from kuaixiang_core.reference import document_region_map, region_name_map, zone_parents
from kuaixiang_core.untrusted.files import FileLimits

from ..store import policies as store
from ..store.database import Database
from .collector import collector_paused

log = logging.getLogger(__name__)


def read_catalogue(path: Path, declared: dict[str, FactSpec] | None = None, existing: dict[str, str] | None = None,
                   limits: FileLimits | None = None) -> Catalogue:
    return catalogue_files.read_catalogue(path, declared or {}, document_region_map(), existing or {}, limits)


def import_catalogue(db: Database, path: Path | str, limits: FileLimits | None = None) -> store.CatalogueWrite:
    """All or nothing: the whole file is checked before anything is written."""
    path = Path(path)
    with db.sessions.begin() as session:
        catalogue = read_catalogue(path, store.declared_facts(session), store.item_documents(session), limits)
        result = store.write_catalogue(session, catalogue, source=path.name)
    _cache.clear()
    return result


def import_catalogue_data(db: Database, catalogue: Catalogue, source: str) -> store.CatalogueWrite:
    with db.sessions.begin() as session:
        result = store.write_catalogue(session, catalogue, source=source)
    _cache.clear()
    return result


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A policy document, dates included. ``to_json`` is only what ``policy list`` and
    ``policy show`` print under "document": which document, not its dates."""

    id: str
    doc_no: str | None
    title: str
    issuer: str
    level: str
    region: str  # the code its level reaches from: 100000, 370000, 371500, a county's
    published: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None

    @property
    def scope(self) -> RegionScope:
        return region_scope(self.level, self.region)

    def reaches(self, enterprise_region: str | None) -> bool:
        return self.scope.reaches(enterprise_region, zone_parents())

    def to_json(self) -> dict:
        return {"id": self.id, "doc_no": self.doc_no, "title": self.title, "level": self.level, "region": self.region}


@dataclass(frozen=True, slots=True)
class BenefitView:
    """What an item gives, as the catalogue states it (a match computes the amount per enterprise)."""

    amount: Decimal | None  # a fixed amount, 元
    formula: str | None  # the formula as the catalogue wrote it
    text: str | None
    note: str | None
    kind: str = "cash"  # domain.rules.benefit_kinds

    @classmethod
    def of(cls, benefit: Benefit) -> BenefitView:
        return cls(benefit.amount, benefit.formula.source if benefit.formula is not None else None,
                   benefit.text, benefit.note, benefit.kind)

    def to_json(self) -> dict:
        # Keys only where the catalogue has them, as the catalogue's own form prints them.
        out: dict = {} if self.kind == "cash" else {"kind": self.kind}
        if self.amount is not None:
            out["amount"] = str(self.amount)
        if self.formula is not None:
            out["formula"] = self.formula
        if self.text is not None:
            out["text"] = self.text
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class MaterialView:
    name: str
    required: bool
    originals: int
    copies: int
    note: str | None

    def to_json(self) -> dict:
        return {"name": self.name, "required": self.required, "originals": self.originals, "copies": self.copies,
                "note": self.note}


@dataclass(frozen=True, slots=True)
class ConditionView:
    """One condition of an item's rule, in the clerk's words."""

    text: str
    fact: str
    op: str
    clause: str | None

    def to_json(self) -> dict:
        return {"text": self.text, "fact": self.fact, "op": self.op, "clause": self.clause}


@dataclass(frozen=True, slots=True)
class RuleGroup:
    """``all`` / ``any`` of its children, or ``not`` of its one child."""

    kind: str  # "all" | "any" | "not"
    children: tuple[RuleNode, ...]


RuleNode = RuleGroup | ConditionView


def _rule_node(node: Node) -> RuleNode:
    if isinstance(node, Leaf):
        # A computed condition is named by its quantity (or "expr"), not by its internal key.
        return ConditionView(node.text, node.spec.name if node.formula is not None else node.fact, node.op, node.clause)
    if isinstance(node, Not):
        return RuleGroup("not", (_rule_node(node.child),))
    assert isinstance(node, All | AnyOf)
    return RuleGroup("all" if isinstance(node, All) else "any", tuple(_rule_node(c) for c in node.children))


def _leaves(node: RuleNode) -> tuple[ConditionView, ...]:
    if isinstance(node, ConditionView):
        return (node,)
    return tuple(leaf for child in node.children for leaf in _leaves(child))


@dataclass(frozen=True, slots=True)
class PolicyItemView:
    """An item as ``policy list`` gives it (one line of the catalogue)."""

    item_id: str
    title: str
    mode: str  # "auto" | "online" | "window"
    department: str
    category: str | None
    document: DocumentView
    effective_from: dt.date | None
    effective_to: dt.date | None
    promised_days: int | None  # working days
    benefit: BenefitView

    def to_json(self) -> dict:
        return {
            "item_id": self.item_id,
            "title": self.title,
            "mode": self.mode,
            "department": self.department,
            "category": self.category,
            "document": self.document.to_json(),
            "effective_from": _iso(self.effective_from),
            "effective_to": _iso(self.effective_to),
            "promised_days": self.promised_days,
            "benefit": self.benefit.to_json(),
        }


@dataclass(frozen=True, slots=True)
class PolicyItemDetail(PolicyItemView):
    """An item in full, as ``policy show`` gives it and the catalogue room reads it."""

    apply_from: dt.date | None
    apply_to: dt.date | None
    allows_deferred: bool  # 容缺受理
    where: str | None
    body: str | None
    materials: tuple[MaterialView, ...]
    rule: RuleNode
    # The rule as the catalogue file wrote it (plain JSON), which ``policy show`` prints;
    # its wording and key order are the author's, so it cannot be rebuilt from ``rule``.
    rule_source: Mapping[str, object]
    tests: int  # golden tests the catalogue carries for the item

    @property
    def conditions(self) -> tuple[ConditionView, ...]:
        """The rule's conditions in rule order."""
        return _leaves(self.rule)

    def to_json(self) -> dict:
        out = PolicyItemView.to_json(self)  # (zero-argument super() fails in a slots dataclass)
        out.update(
            apply_from=_iso(self.apply_from),
            apply_to=_iso(self.apply_to),
            allows_deferred=self.allows_deferred,
            where=self.where,
            body=self.body,
            materials=[m.to_json() for m in self.materials],
            rule=self.rule_source,
            conditions=[c.to_json() for c in self.conditions],
            tests=self.tests,
        )
        return out


@dataclass(frozen=True)
class CompiledCatalogue:
    items: list[Item]
    by_id: dict[str, Item]
    # The same documents as ``document_views``, as dicts: matching, receipts and applications
    # still read them by key.
    documents: dict[str, dict]
    declared: dict[str, FactSpec]
    # Items per region scope: a county's enterprises see city items and their county's.
    by_region: dict[str, list[Item]]
    document_views: dict[str, DocumentView] = field(default_factory=dict)

    matchers: dict[str, Matcher] = field(default_factory=dict)
    # What the regions' matchers share per item (Matcher's ``shared``): mostly the same items.
    matcher_parts: dict[str, tuple] = field(default_factory=dict)

    def for_region(self, region_code: str | None) -> list[Item]:
        return self.by_region.get(region_code or "", self.by_region.get("", []))

    @functools.cached_property
    def caps(self) -> dict[str, tuple]:
        """Item id → its caps, for the items that have any (few): a match looks items up here."""
        return {item.id: item.caps for item in self.items if item.caps}

    def build_matchers(self) -> None:
        """Every region's matcher, so that no first match pays for its own."""
        for code in self.by_region:
            self.matcher(code)

    def matcher(self, region_code: str | None) -> Matcher:
        key = region_code if region_code in self.by_region else ""
        found = self.matchers.get(key)
        if found is None:
            with _long_lived():
                found = self.matchers[key] = Matcher(self.for_region(key), shared=self.matcher_parts)
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
        self._compiling: dict[str, threading.Lock] = {}

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _hit(self, key: str, stamp: tuple) -> CompiledCatalogue | None:
        with self._lock:
            hit = self._entries.get(key)
            return hit[1] if hit and hit[0] == stamp else None

    def get(self, db: Database) -> CompiledCatalogue:
        key = str(db.path)
        with db.sessions() as session:
            if (hit := self._hit(key, store.catalogue_stamp(session))) is not None:
                return hit
        with self._lock:
            compiling = self._compiling.setdefault(key, threading.Lock())
        # One compilation per database at a time: the window's warm-up and its first other
        # tasks (容缺 due counts, a match) ask at once, and two compilations side by side cost
        # twice the memory (about 80 MB each for the full catalogue), which the process kept.
        with compiling, db.sessions() as session:
            stamp = store.catalogue_stamp(session)
            if (hit := self._hit(key, stamp)) is not None:
                return hit
            with _long_lived():  # (it doubled matching times when the collector walked it)
                compiled = _compile(session)
            forget_shared_lines()
            with self._lock:
                self._entries[key] = (stamp, compiled)
        return compiled


_cache = _Cache()


def compiled_catalogue(db: Database) -> CompiledCatalogue:
    """The current catalogue, compiled once and reused until the catalogue changes."""
    return _cache.get(db)


def compile_ahead(db: Database) -> threading.Thread:
    """Compile the catalogue on a thread of its own, from the moment the library is open:
    while the clerk types the password, not after (half a second of a start at the full
    catalogue). The window's warm-up then finds it compiled, or waits for this compilation
    instead of starting a second one (the cache compiles once per library at a time)."""
    def run() -> None:
        try:
            _cache.get(db)
        except Exception as exc:  # an unreadable library, say
            # The warm-up and every match compile again and report it in the window. (A
            # cancelled log-in does not wait for this thread: the process is leaving.)
            log.info("catalogue not compiled ahead of the log-in: %s", exc)

    thread = threading.Thread(target=run, name="catalogue-ahead", daemon=True)
    thread.start()
    return thread


_CITY = "371500"


def _compile(session) -> CompiledCatalogue:
    declared = store.declared_facts(session)
    rows = store.current_catalogue_rows(session)
    documents: dict[str, dict] = {}
    views: dict[str, DocumentView] = {}
    doc_items: dict[str, list] = {}
    for doc, version in rows:
        if doc.id not in views:
            views[doc.id] = DocumentView(doc.id, doc.doc_no, doc.title, doc.issuer, doc.level, doc.region_code,
                                         doc.published, doc.effective_from, doc.effective_to)
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
        content = orjson.loads(version.content_json)  # a third of json's time, at every start
        content.pop("document_id", None)
        doc_items.setdefault(doc.id, []).append({"id": version.item_id, **content})
    if not documents:
        return CompiledCatalogue([], {}, {}, declared, {})
    data = {
        "documents": [
            {**{k: v for k, v in documents[d].items() if v is not None}, "items": doc_items[d]} for d in documents
        ]
    }
    # Stored content passed the checks of its import; checking again is how it compiles (stored:
    # a check added since, such as the types of formulas, does not make the catalogue unusable).
    catalogue = check_catalogue(data, declared, stored=True)
    items = catalogue.items
    # An enterprise of no known region sees what reaches the whole city (levels.region_scope).
    # Whether a document reaches a region is worked out once per document, not per item.
    @functools.cache
    def reaches(doc_id: str, code: str) -> bool:
        return views[doc_id].reaches(code)

    by_region: dict[str, list[Item]] = {"": [i for i in items if reaches(i.document_id, _CITY)]}
    for code in region_name_map():
        by_region[code] = [i for i in items if reaches(i.document_id, code)]
    # The regions' matchers are not built here: the window builds its hall's with the
    # compile and the others right after it is usable (ui.operations), the bench all of them
    # before timing; any other is built by its first match (10-20 ms each).
    return CompiledCatalogue(items, {i.id: i for i in items}, documents, declared, by_region, views)


def item_view(cat: CompiledCatalogue, item: Item) -> PolicyItemView:
    return PolicyItemView(
        item.id, item.title, item.mode, item.department, item.category, cat.document_views[item.document_id],
        item.effective_from, item.effective_to, item.promised_days, BenefitView.of(item.benefit),
    )


def item_detail_view(cat: CompiledCatalogue, item: Item) -> PolicyItemDetail:
    return PolicyItemDetail(
        item.id, item.title, item.mode, item.department, item.category, cat.document_views[item.document_id],
        item.effective_from, item.effective_to, item.promised_days, BenefitView.of(item.benefit),
        apply_from=item.apply_from,
        apply_to=item.apply_to,
        allows_deferred=item.allows_deferred,
        where=item.where,
        body=item.body,
        materials=tuple(MaterialView(m.name, m.required, m.originals, m.copies, m.note) for m in item.materials),
        rule=_rule_node(item.rule.root),
        rule_source=plain(item.rule_data),  # type: ignore[arg-type]  # a rule is always a mapping
        tests=len(item.tests),
    )
