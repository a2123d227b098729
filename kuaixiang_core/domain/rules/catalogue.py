"""The policy catalogue file (docs/rules.md): checking it whole and turning it into items.

``check_catalogue`` takes the parsed file (with source lines where the loader knows them)
and returns either the documents, items and declared facts, or every problem found, each
naming its line and field, so that an import can be all or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .benefit_kinds import CASH, kind_problem
from .caps import Cap
from .catalogue_caps import check_cap_items, check_caps, check_history, item_titles, past_json
from .evaluate import ELIGIBLE, INELIGIBLE, UNKNOWN, CompiledRule
from .evidence import evidence_problem
from .facts import BUILTIN_FACTS, FACT_TYPES, FactSpec, FactValueError, coerce, tag_entries
from .formula import Formula, FormulaError, FormulaTypeError, parse_formula
from .golden_values import builtin_value_problem
from .history import PastApplication
from .levels import LEVELS, shape_problem
from .tier_groups import tier_group_problems
from .tree import RuleError, line_of, parse_rule

if TYPE_CHECKING:
    from .catalogue_scope import CatalogueScope

MODES = ("auto", "online", "window")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_FACT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# 容缺受理 without a ``deferred`` block: every required material may follow within this many
# working days (what ``allows_deferred: true`` has always meant).
DEFAULT_DEFERRED_WORKING_DAYS = 5
MAX_DEFERRED_WORKING_DAYS = 60


@dataclass(frozen=True)
class Problem:
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.line}行 " if self.line else ""
        return f"{where}「{self.field}」: {self.message}"


@dataclass(frozen=True)
class Material:
    name: str
    required: bool = True
    originals: int = 0
    copies: int = 1
    note: str | None = None


@dataclass(frozen=True)
class Benefit:
    amount: Decimal | None = None
    formula: Formula | None = None
    text: str | None = None
    note: str | None = None
    kind: str = CASH  # benefit_kinds.KINDS: what the amount is (never summed across kinds)

    def to_json(self) -> dict:
        # Only when not cash: an item without a kind keeps the content hash it always had.
        out: dict = {} if self.kind == CASH else {"kind": self.kind}
        if self.amount is not None:
            out["amount"] = str(self.amount)
        if self.formula is not None:
            out["formula"] = self.formula.source
        if self.text is not None:
            out["text"] = self.text
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class GoldenTest:
    name: str
    enterprise: dict
    as_of: dt.date | None
    verdict: str
    amount: Decimal | None
    line: int | None
    # Earlier applications the test states (``history:``), for history conditions and caps.
    history: tuple[PastApplication, ...] = ()


@dataclass
class Item:
    id: str
    document_id: str
    title: str
    department: str
    category: str | None
    mode: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    apply_from: dt.date | None
    apply_to: dt.date | None
    promised_days: int | None
    allows_deferred: bool
    where: str | None
    body: str | None
    materials: list[Material]
    rule_data: object
    rule: CompiledRule
    benefit: Benefit
    tests: list[GoldenTest]
    line: int | None = None
    # 容缺受理 in detail (the ``deferred`` block): the materials that may follow and within how
    # many working days. None: any required material, DEFAULT_DEFERRED_WORKING_DAYS.
    deferred_materials: tuple[str, ...] | None = None
    deferred_days: int | None = None
    # Copies of the definitions and parameters the item uses (through others too), stored
    # with it so that it compiles on its own (catalogue_scope).
    definitions: list[dict] = field(default_factory=list)
    parameters: list[dict] = field(default_factory=list)
    # fact → the document that proves it, as the catalogue declared it for the facts this
    # item's rule uses (rules/evidence.py; built-in facts have theirs there).
    evidence: dict[str, str] = field(default_factory=dict)
    # Caps and claim limits on this item: its own and its document's (caps.py).
    caps: tuple[Cap, ...] = ()

    @property
    def deferred_working_days(self) -> int:
        return self.deferred_days if self.deferred_days is not None else DEFAULT_DEFERRED_WORKING_DAYS

    def may_follow(self, name: str) -> bool:
        """Whether the material ``name`` may be handed in after 受理 against a pledge."""
        if not self.allows_deferred:
            return False
        if self.deferred_materials is None:
            return any(m.name == name and m.required for m in self.materials)
        return name in self.deferred_materials

    def in_force(self, day: dt.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )

    def content(self) -> dict:
        """Everything that defines this version, in a stable JSON form (for the content hash)."""
        return {
            "document_id": self.document_id,
            "title": self.title,
            "department": self.department,
            "category": self.category,
            "mode": self.mode,
            "effective_from": _iso(self.effective_from),
            "effective_to": _iso(self.effective_to),
            "apply_from": _iso(self.apply_from),
            "apply_to": _iso(self.apply_to),
            "promised_days": self.promised_days,
            "allows_deferred": self.allows_deferred,
            "where": self.where,
            "body": self.body,
            "materials": [m.__dict__ for m in self.materials],
            "rule": plain(self.rule_data),
            "benefit": self.benefit.to_json(),
            "tests": [_test_json(t) for t in self.tests],
            # Only when given: items without it keep the content hash they always had.
            **({"deferred": self.deferred_json()} if self.deferred_materials is not None
               or self.deferred_days is not None else {}),
            # Only when used: the content (and so the hash) of an item without is unchanged.
            **({"definitions": self.definitions} if self.definitions else {}),
            **({"parameters": self.parameters} if self.parameters else {}),
            **({"evidence": dict(sorted(self.evidence.items()))} if self.evidence else {}),
            **({"caps": [cap.to_json() for cap in self.caps]} if self.caps else {}),
        }

    def deferred_json(self) -> dict:
        out: dict = {"working_days": self.deferred_working_days}
        if self.deferred_materials is not None:
            out["materials"] = list(self.deferred_materials)
        return out

    def content_hash(self) -> str:
        blob = json.dumps(self.content(), ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class Document:
    id: str
    doc_no: str | None
    title: str
    issuer: str
    level: str
    region: str
    published: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    items: list[Item] = field(default_factory=list)


@dataclass
class Catalogue:
    facts: list[FactSpec]
    documents: list[Document]

    @property
    def items(self) -> list[Item]:
        return [i for d in self.documents for i in d.items]


@dataclass(frozen=True)
class CatalogueWrite:
    """What writing a checked catalogue did (client and server stores alike)."""

    documents: int
    items_new: int
    items_changed: int
    items_unchanged: int
    facts_declared: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


class CatalogueRejected(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} 处错误")
        self.problems = problems


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def plain(obj: object) -> object:
    """Strip the loader's line information: plain dicts, lists and scalars (dates as text)."""
    if isinstance(obj, Mapping):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


def _test_json(t: GoldenTest) -> dict:
    out = {"name": t.name, "enterprise": plain(t.enterprise), "verdict": t.verdict}
    if t.as_of:
        out["as_of"] = t.as_of.isoformat()
    if t.amount is not None:
        out["amount"] = str(t.amount)
    if t.history:
        out["history"] = [past_json(p) for p in t.history]
    return out



class _Checker:
    scope: CatalogueScope
    shared: tuple[list, list]
    item_titles: dict[str, str]

    def __init__(self, known_facts: Mapping[str, FactSpec], region_codes: set[str] | None, stored: bool = False):
        self.stored = stored
        self.part = False
        self.problems: list[Problem] = []
        self.known = dict(known_facts)
        self.regions = region_codes

    def problem(self, obj: object, key: str | None, fieldname: str, message: str) -> None:
        self.problems.append(Problem(line_of(obj, key), fieldname, message))

    def text(self, obj: Mapping, key: str, where: str, *, required: bool = True) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.problem(obj, None, f"{where}.{key}", "缺少此项")
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool) or (isinstance(value, str) and not value.strip()):
            self.problem(obj, key, f"{where}.{key}", f"应为文字，实际是 {value!r}")
            return None
        return str(value).strip()

    def date(self, obj: Mapping, key: str, where: str) -> dt.date | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(obj, key, f"{where}.{key}", f"日期应为 YYYY-MM-DD，实际是 {value!r}")
            return None

    def unknown_keys(self, obj: Mapping, allowed: set[str], where: str) -> None:
        for key in obj:
            if key not in allowed:
                self.problem(obj, key, f"{where}.{key}", f"未知的键，可用：{'、'.join(sorted(allowed))}")


_DOC_KEYS = {"id", "doc_no", "title", "issuer", "level", "region", "published", "effective_from", "effective_to", "items",
             "caps"}
_ITEM_KEYS = {
    "id", "title", "department", "category", "mode", "effective_from", "effective_to", "apply_from",
    "apply_to", "promised_days", "allows_deferred", "deferred", "where", "body", "materials", "rule", "benefit",
    "tests", "definitions", "parameters", "evidence", "caps",
}


def check_catalogue(
    data: object,
    known_facts: Mapping[str, FactSpec] | None = None,
    region_codes: set[str] | None = None,
    existing_item_ids: Mapping[str, str] | None = None,
    *,
    stored: bool = False,
    part: bool = False,
) -> Catalogue:
    """Check a whole catalogue; raise CatalogueRejected listing every problem.

    ``known_facts`` are facts already declared in the database; ``existing_item_ids`` maps
    item ids already stored to their document, so an id cannot move between documents.

    ``stored``: the content was accepted by an import before (it is being compiled from the
    database). Checks added since must not make a stored catalogue unusable: a formula
    refused for its types (issue 15) gives no amount instead, and golden tests' values are
    not read. An import never passes it.

    ``part``: a part of a catalogue checked whole elsewhere (a page of the ``policies``
    stream): an item named by a cap, a history condition or a golden test's history that is
    neither here nor stored may come in a later part, so its name is not refused (a name that
    matches nothing only counts no applications).
    """
    c = _Checker(known_facts or {}, region_codes, stored)
    c.part = part
    if not isinstance(data, Mapping):
        raise CatalogueRejected([Problem(line_of(data), "(文件)", "目录应为一个对象，含 documents")])
    c.unknown_keys(data, {"format", "facts", "documents", "parameters", "definitions", "tiers"}, "")
    if data.get("format", 1) != 1:
        c.problem(data, "format", "format", f"不支持的目录格式版本 {data.get('format')!r}（本程序支持 1）")
    declared = _check_facts(c, data.get("facts") or [])
    c.shared = (_listed(c, data, "parameters", ""), _listed(c, data, "definitions", ""))
    c.scope = _scope(c, *c.shared)
    documents = data.get("documents")
    if not isinstance(documents, list) or not documents:
        c.problem(data, "documents" if "documents" in data else None, "documents", "应为非空列表")
        raise CatalogueRejected(c.problems)
    # The items a history condition or a test's history may name: this file's and those
    # already imported (a stored catalogue is whole: nothing is refused for it).
    c.item_titles = item_titles(documents, existing_item_ids or {})
    seen_docs: dict[str, int | None] = {}
    seen_items: dict[str, int | None] = {}
    out: list[Document] = []
    for i, raw in enumerate(documents):
        doc = _check_document(c, raw, f"documents[{i}]", seen_docs, seen_items, existing_item_ids or {})
        if doc:
            out.append(doc)
    c.problems += [Problem(*p) for p in tier_group_problems(data.get("tiers"), seen_items)]
    if c.problems:
        # An item with definitions of its own checks the catalogue's again: each problem once.
        raise CatalogueRejected(list(dict.fromkeys(c.problems)))
    return Catalogue(declared, out)


def _check_facts(c: _Checker, raw: object) -> list[FactSpec]:
    if not isinstance(raw, list):
        c.problem(raw, None, "facts", "应为列表")
        return []
    out = []
    for i, f in enumerate(raw):
        where = f"facts[{i}]"
        if not isinstance(f, Mapping):
            c.problem(f, None, where, "应为对象")
            continue
        c.unknown_keys(f, {"name", "type", "unit", "label", "source", "evidence"}, where)
        name = c.text(f, "name", where)
        ftype = c.text(f, "type", where)
        label = c.text(f, "label", where)
        if name and not _FACT_NAME.match(name):
            c.problem(f, "name", f"{where}.name", "事实名只能用小写字母、数字和下划线，以字母开头")
            continue
        if name in BUILTIN_FACTS:
            c.problem(f, "name", f"{where}.name", f"「{name}」是内置事实，不能重新声明")
            continue
        if ftype and ftype not in FACT_TYPES:
            c.problem(f, "type", f"{where}.type", f"未知的类型「{ftype}」，可用：{' '.join(FACT_TYPES)}")
            continue
        if not (name and ftype and label):
            continue
        evidence = None
        if f.get("evidence") is not None:
            if why := evidence_problem(f["evidence"]):
                c.problem(f, "evidence", f"{where}.evidence", why)
                continue
            evidence = f["evidence"].strip()
        spec = FactSpec(name, ftype, label, c.text(f, "unit", where, required=False), c.text(f, "source", where, required=False),
                        evidence=evidence)
        existing = c.known.get(name)
        if existing and existing.type != ftype:
            c.problem(f, "type", f"{where}.type", f"事实「{name}」已声明为 {existing.type}，不能改为 {ftype}")
            continue
        if name in {s.name for s in out}:
            c.problem(f, "name", f"{where}.name", f"事实「{name}」重复声明")
            continue
        c.known[name] = spec
        out.append(spec)
    return out


def _check_document(c, raw, where, seen_docs, seen_items, existing) -> Document | None:
    if not isinstance(raw, Mapping):
        c.problem(raw, None, where, "政策文件应为对象")
        return None
    c.unknown_keys(raw, _DOC_KEYS, where)
    doc_id = c.text(raw, "id", where)
    if doc_id and not _ID.match(doc_id):
        c.problem(raw, "id", f"{where}.id", "编号只能用小写字母、数字和连字符")
    elif doc_id in seen_docs:
        c.problem(raw, "id", f"{where}.id", f"政策文件编号「{doc_id}」重复（第{seen_docs[doc_id]}行已有）")
    else:
        seen_docs[doc_id] = line_of(raw, "id")
    level = c.text(raw, "level", where)
    if level and level not in LEVELS:
        c.problem(raw, "level", f"{where}.level", f"应为 {'、'.join(LEVELS)} 之一，实际是 {level!r}")
    region = raw.get("region")
    if isinstance(region, int) and not isinstance(region, bool):
        c.problem(raw, "region", f"{where}.region", f"行政区划代码请加引号（\"{region}\"），否则前导零会丢失")
        region = None
    elif region is None:
        c.problem(raw, None, f"{where}.region", "缺少此项")
    elif c.regions is not None and str(region) not in c.regions:
        c.problem(raw, "region", f"{where}.region", f"未知的行政区划代码 {region!r}")
    elif level in LEVELS and not c.stored and (why := shape_problem(level, str(region))):
        # Stored before levels were checked: such a document keeps its old scope (levels.region_scope).
        c.problem(raw, "region", f"{where}.region", why)
    doc = Document(
        id=doc_id or "",
        doc_no=c.text(raw, "doc_no", where, required=False),
        title=c.text(raw, "title", where) or "",
        issuer=c.text(raw, "issuer", where) or "",
        level=level or "",
        region=str(region or ""),
        published=c.date(raw, "published", where),
        effective_from=c.date(raw, "effective_from", where),
        effective_to=c.date(raw, "effective_to", where),
    )
    if doc.effective_from and doc.effective_to and doc.effective_to < doc.effective_from:
        c.problem(raw, "effective_to", f"{where}.effective_to", "失效日期早于生效日期")
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        c.problem(raw, "items" if "items" in raw else None, f"{where}.items", "应为非空列表")
        return doc
    for j, item_raw in enumerate(items):
        item = _check_item(c, item_raw, f"{where}.items[{j}]", doc, seen_items, existing)
        if item:
            doc.items.append(item)
    doc_ids = [str(i.get("id")) for i in items if isinstance(i, Mapping) and i.get("id") is not None]
    # …and those of its items stored before (a synced page may carry only some of them)
    doc_ids += [i for i, d in existing.items() if d == doc.id and i not in doc_ids]
    # An item's own caps (all it has so far). A stored item passed this at its import, and may
    # be compiled alone (the server's re-check): the other items its caps name are not here.
    for j, item_raw in enumerate([] if c.stored else items):
        found = next((i for i in doc.items if isinstance(item_raw, Mapping) and i.id == item_raw.get("id")), None)
        for k, cap in enumerate(found.caps if found is not None else ()):
            check_cap_items(c, item_raw["caps"][k], f"{where}.items[{j}].caps[{k}]", cap, doc_ids, doc.items)
    every = tuple(i for i in doc_ids if _ID.match(i))
    for k, cap in check_caps(c, raw, where, every, (doc.effective_from, doc.effective_to)):
        check_cap_items(c, raw["caps"][k], f"{where}.caps[{k}]", cap, doc_ids, doc.items)
        for item in doc.items:
            if item.id in cap.items:
                item.caps = (*item.caps, cap)
    return doc


def _check_item(c, raw, where, doc: Document, seen_items, existing) -> Item | None:
    if not isinstance(raw, Mapping):
        c.problem(raw, None, where, "政策事项应为对象")
        return None
    before = len(c.problems)
    c.unknown_keys(raw, _ITEM_KEYS, where)
    item_id = c.text(raw, "id", where)
    if item_id and not _ID.match(item_id):
        c.problem(raw, "id", f"{where}.id", "编号只能用小写字母、数字和连字符")
    elif item_id in seen_items:
        c.problem(raw, "id", f"{where}.id", f"事项编号「{item_id}」重复（第{seen_items[item_id]}行已有）")
    elif item_id and existing.get(item_id, doc.id) != doc.id:
        c.problem(raw, "id", f"{where}.id", f"事项「{item_id}」已属于政策文件「{existing[item_id]}」，不能移到「{doc.id}」")
    else:
        seen_items[item_id] = line_of(raw, "id")
    mode = c.text(raw, "mode", where)
    if mode and mode not in MODES:
        c.problem(raw, "mode", f"{where}.mode", f"应为 auto、online 或 window，实际是 {mode!r}")
    days = raw.get("promised_days")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365):
        c.problem(raw, "promised_days", f"{where}.promised_days", f"应为 0–365 的整数（工作日），实际是 {days!r}")
        days = None
    deferred = raw.get("allows_deferred", False)
    if not isinstance(deferred, bool):
        c.problem(raw, "allows_deferred", f"{where}.allows_deferred", "应为 true 或 false")
    rule_raw = raw.get("rule")
    compiled = None
    own = (_listed(c, raw, "parameters", where), _listed(c, raw, "definitions", where))
    # An item carrying definitions of its own (a stored item always does: Item.content)
    # sees them beside the catalogue's.
    scope = _scope(c, c.shared[0] + own[0], c.shared[1] + own[1]) if own[0] or own[1] else c.scope
    scope.used = set()
    scope.item_titles = c.item_titles  # type: ignore[attr-defined]
    scope.check_items = not (c.stored or c.part)  # type: ignore[attr-defined]
    if rule_raw is None:
        c.problem(raw, None, f"{where}.rule", "缺少申请条件")
    else:
        try:
            compiled = CompiledRule(parse_rule(rule_raw, c.known, path=f"{where}.rule", scope=scope))
        except RuleError as exc:
            c.problems.append(Problem(exc.line or line_of(raw, "rule"), exc.path + (f".{exc.field}" if exc.field else ""), exc.message))
    benefit = _check_benefit(c, raw, where, scope)
    used = set(scope.used)
    materials = _check_materials(c, raw, where)
    deferred_materials, deferred_days = _check_deferred(c, raw, where, materials, deferred)
    tests = _check_tests(c, raw, where)
    period = (c.date(raw, "effective_from", where) or doc.effective_from, c.date(raw, "effective_to", where) or doc.effective_to)
    caps = check_caps(c, raw, where, (item_id or "",), period)
    item = Item(
        id=item_id or "",
        document_id=doc.id,
        title=c.text(raw, "title", where) or "",
        department=c.text(raw, "department", where) or "",
        category=c.text(raw, "category", where, required=False),
        mode=mode or "",
        effective_from=c.date(raw, "effective_from", where) or doc.effective_from,
        effective_to=c.date(raw, "effective_to", where) or doc.effective_to,
        apply_from=c.date(raw, "apply_from", where),
        apply_to=c.date(raw, "apply_to", where),
        promised_days=days,
        allows_deferred=bool(deferred),
        where=c.text(raw, "where", where, required=False),
        body=raw.get("body") if isinstance(raw.get("body"), str) else None,
        materials=materials,
        rule_data=rule_raw,
        rule=compiled,  # type: ignore[arg-type]
        benefit=benefit,
        tests=tests,
        line=line_of(raw),
        deferred_materials=deferred_materials,
        deferred_days=deferred_days,
        caps=tuple(cap for _k, cap in caps),
    )
    item.definitions, item.parameters = scope.snapshot(used)
    item.evidence = _check_evidence(c, raw, where, compiled)
    for line, fieldname, message in scope.coverage_problems(used, item.effective_from, item.effective_to):
        c.problems.append(Problem(line, fieldname, f"事项「{item.id}」用到它：{message}"))
    if item.effective_from and item.effective_to and item.effective_to < item.effective_from:
        c.problem(raw, "effective_to", f"{where}.effective_to", "失效日期早于生效日期")
    if item.apply_from and item.apply_to and item.apply_to < item.apply_from:
        c.problem(raw, "apply_to", f"{where}.apply_to", "申报截止日期早于开始日期")
    return item if len(c.problems) == before else None


def _check_benefit(c, raw, where, scope) -> Benefit:
    b = raw.get("benefit")
    if b is None:
        return Benefit()
    if not isinstance(b, Mapping):
        c.problem(raw, "benefit", f"{where}.benefit", "应为 {amount} / {formula} / {text} 之一")
        return Benefit()
    c.unknown_keys(b, {"amount", "formula", "text", "note", "kind"}, f"{where}.benefit")
    given = [k for k in ("amount", "formula", "text") if k in b]
    if len(given) != 1:
        c.problem(b, None, f"{where}.benefit", "amount、formula、text 应有且只有一项")
        return Benefit()
    benefit_kind = b.get("kind", CASH)
    if why := kind_problem(benefit_kind, has_amount=given[0] != "text"):
        c.problem(b, "kind", f"{where}.benefit.kind", why)
        return Benefit()
    note = b.get("note") if isinstance(b.get("note"), str) else None
    kind = given[0]
    if kind == "amount":
        raw_amount = b["amount"]
        try:
            if isinstance(raw_amount, bool) or isinstance(raw_amount, float):
                raise InvalidOperation
            amount = Decimal(str(raw_amount))
            if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
        except InvalidOperation:
            c.problem(b, "amount", f"{where}.benefit.amount", f"金额应为不超过两位小数的非负数（建议加引号），实际是 {raw_amount!r}")
            return Benefit()
        return Benefit(amount=amount.quantize(Decimal("0.01")), note=note, kind=benefit_kind)
    if kind == "formula":
        try:
            formula = parse_formula(b["formula"], scope.lookup)
        except RuleError as exc:  # a cycle among the definitions it uses
            c.problem(b, "formula", f"{where}.benefit.formula", exc.message)
            return Benefit()
        except FormulaError as exc:
            if c.stored and isinstance(exc, FormulaTypeError):
                # Stored before formulas were typed: no amount, rather than no catalogue.
                return Benefit(formula=Formula(b["formula"], frozenset(), lambda v: None), note=note, kind=benefit_kind)
            why = "公式的类型不对" if isinstance(exc, FormulaTypeError) else "公式无法解析"
            c.problem(b, "formula", f"{where}.benefit.formula", f"{why}：{exc}")
            return Benefit()
        return Benefit(formula=formula, note=note, kind=benefit_kind)
    if not isinstance(b["text"], str) or not b["text"].strip():
        c.problem(b, "text", f"{where}.benefit.text", "应为文字")
        return Benefit()
    return Benefit(text=b["text"].strip(), note=note, kind=benefit_kind)


def _check_evidence(c, raw, where, compiled: CompiledRule | None) -> dict[str, str]:
    """The item's evidence: what it says itself (``evidence: {fact: 材料}``, as a stored item
    keeps it), over what this catalogue's ``facts:`` declare for the facts its rule uses."""
    used: set[str] = set()
    for leaf in compiled.leaves if compiled is not None else ():
        used.add(leaf.fact)
        if leaf.formula is not None:
            used.update(leaf.formula.facts)
    out = {name: spec.evidence for name in sorted(used) if (spec := c.known.get(name)) is not None and spec.evidence}
    own = raw.get("evidence")
    if own is None:
        return out
    if not isinstance(own, Mapping):
        c.problem(raw, "evidence", f"{where}.evidence", "应为对象：{事实名: 证明材料名称}")
        return out
    for name, value in own.items():
        if name not in BUILTIN_FACTS and name not in c.known:
            c.problem(own, name, f"{where}.evidence.{name}", f"未知的事实「{name}」")
        elif why := evidence_problem(value):
            c.problem(own, name, f"{where}.evidence.{name}", why)
        else:
            out[str(name)] = value.strip()
    return dict(sorted(out.items()))


def _check_materials(c, raw, where) -> list[Material]:
    mats = raw.get("materials", [])
    if not isinstance(mats, list):
        c.problem(raw, "materials", f"{where}.materials", "应为列表")
        return []
    out = []
    names: set[str] = set()
    for k, m in enumerate(mats):
        w = f"{where}.materials[{k}]"
        if isinstance(m, str):
            m = {"name": m}
        if not isinstance(m, Mapping):
            c.problem(mats, None, w, "材料应为对象或名称")
            continue
        c.unknown_keys(m, {"name", "required", "originals", "copies", "note"}, w)
        name = c.text(m, "name", w)
        counts = {}
        for key, default in (("originals", 0), ("copies", 1)):
            v = m.get(key, default)
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 99:
                c.problem(m, key, f"{w}.{key}", f"份数应为 0–99 的整数，实际是 {v!r}")
                v = default
            counts[key] = v
        required = m.get("required", True)
        if not isinstance(required, bool):
            c.problem(m, "required", f"{w}.required", "应为 true 或 false")
        if name in names:
            c.problem(m, "name", f"{w}.name", f"材料「{name}」重复")
        if name:
            names.add(name)
            out.append(Material(name, bool(required), counts["originals"], counts["copies"], m.get("note")))
    return out


def _check_deferred(c, raw, where, materials: list[Material], allows: object) -> tuple[tuple[str, ...] | None, int | None]:
    """``deferred: {working_days: N, materials: [names]}``: which of the item's required
    materials may follow after 容缺受理, and within how many working days."""
    block = raw.get("deferred")
    if block is None:
        return None, None
    w = f"{where}.deferred"
    if not isinstance(block, Mapping):
        c.problem(raw, "deferred", w, "应为对象：{working_days: 天数, materials: [材料名称]}")
        return None, None
    c.unknown_keys(block, {"working_days", "materials"}, w)
    if allows is not True:
        c.problem(raw, "deferred", w, "只有 allows_deferred: true 的事项才能写容缺材料与时限")
    days = block.get("working_days", DEFAULT_DEFERRED_WORKING_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DEFERRED_WORKING_DAYS:
        c.problem(block, "working_days", f"{w}.working_days",
                  f"应为 1–{MAX_DEFERRED_WORKING_DAYS} 的整数（工作日），实际是 {days!r}")
        days = DEFAULT_DEFERRED_WORKING_DAYS
    names = block.get("materials")
    if names is None:
        return None, days
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        c.problem(block, "materials", f"{w}.materials", "应为非空的材料名称列表")
        return None, days
    required = {m.name for m in materials if m.required}
    out: list[str] = []
    for k, name in enumerate(names):
        name = name.strip()
        if name in out:
            c.problem(names, None, f"{w}.materials[{k}]", f"材料「{name}」重复")
        elif name not in required:
            known = "、".join(sorted(required)) or "无"
            c.problem(names, None, f"{w}.materials[{k}]",
                      f"「{name}」不是该事项的必需材料，不能容缺（必需材料：{known}）")
        else:
            out.append(name)
    return tuple(out), days


def _check_tests(c, raw, where) -> list[GoldenTest]:
    tests = raw.get("tests", [])
    if not isinstance(tests, list):
        c.problem(raw, "tests", f"{where}.tests", "应为列表")
        return []
    out = []
    for k, t in enumerate(tests):
        w = f"{where}.tests[{k}]"
        if not isinstance(t, Mapping):
            c.problem(tests, None, w, "测试应为对象")
            continue
        c.unknown_keys(t, {"name", "as_of", "enterprise", "verdict", "amount", "history"}, w)
        verdict = t.get("verdict")
        if verdict not in (ELIGIBLE, INELIGIBLE, UNKNOWN):
            c.problem(t, "verdict" if "verdict" in t else None, f"{w}.verdict", "应为 eligible、ineligible 或 unknown")
            continue
        enterprise = t.get("enterprise", {})
        if not isinstance(enterprise, Mapping):
            c.problem(t, "enterprise", f"{w}.enterprise", "应为事实的对象")
            continue
        for name in enterprise:
            spec = BUILTIN_FACTS.get(name) or c.known.get(name)
            if spec is None:
                c.problem(enterprise, name, f"{w}.enterprise.{name}", f"未知的事实「{name}」")
                continue
            if c.stored:
                continue
            # A value its type cannot read is named here, not left to fail `rules test`.
            if (wrong := builtin_value_problem(name, enterprise[name])) is not None:
                c.problem(enterprise, name, f"{w}.enterprise.{name}", f"{spec.label}{wrong}")
                continue
            try:
                tag_entries(enterprise[name]) if name == "tags" else coerce(spec.type, enterprise[name])
            except FactValueError as exc:
                c.problem(enterprise, name, f"{w}.enterprise.{name}", f"{spec.label}（{spec.type}）{exc}")
        amount = t.get("amount")
        if amount is not None:
            try:
                amount = Decimal(str(amount))
            except InvalidOperation:
                c.problem(t, "amount", f"{w}.amount", f"金额应为数字，实际是 {amount!r}")
                continue
        out.append(GoldenTest(str(t.get("name") or f"test {k + 1}"), dict(enterprise), c.date(t, "as_of", w), verdict, amount,
                              line_of(t), check_history(c, t, w)))
    return out


def _listed(c: _Checker, raw: Mapping, key: str, where: str) -> list[tuple[str, object]]:
    """(path, entry) of a list of parameters or definitions, at catalogue or item level."""
    entries = raw.get(key)
    if entries is None:
        return []
    path = f"{where}.{key}" if where else key
    if not isinstance(entries, list):
        c.problem(raw, key, path, "应为列表")
        return []
    return [(f"{path}[{i}]", entry) for i, entry in enumerate(entries)]


def _scope(c: _Checker, params: list, defs: list) -> CatalogueScope:
    from .catalogue_scope import CatalogueScope  # it parses rules, as this module does

    def report(line: int | None, fieldname: str, message: str) -> None:
        c.problems.append(Problem(line, fieldname, message))

    return CatalogueScope(c.known, params, defs, report)
