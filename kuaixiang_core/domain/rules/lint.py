"""``kuaixiang rules lint``: what a catalogue that imports may still get wrong (docs/rules.md §12).

``lint_catalogue`` reads the checked catalogue beside the file's parsed data (for the lines)
and returns findings, each naming the line, the item and what to do:

- ``tier_overlap`` (error) / ``tier_gap`` (warning): items of one document whose rules differ
  only in the range of one fact, quantity or expression (tiers), or the items of a group
  declared under ``tiers:``, that overlap (an enterprise would get two tiers) or leave values
  between them that no tier takes;
- ``never_holds``: conditions that cannot hold together (an error when the whole rule never
  holds: the item reaches nobody; a warning for one branch of an ``any``);
- ``parameter_gap`` (error): a parameter without a value on a day an item using it is in force;
- ``unused_fact``, ``unused_definition``, ``unused_parameter`` (warnings): declared, never used;
- ``no_tests`` (warning): an item without golden tests.

A catalogue that does not import at all gives its import problems as ``import_error`` findings
(and the parameter gaps among them as ``parameter_gap``): the other checks need items.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from .catalogue import Catalogue, Item, Problem
from .lint_bounds import (
    Allowed,
    Conflict,
    between_gap,
    conjuncts,
    dead_branches,
    is_empty,
    never,
    subject_for,
    top_ranges,
)
from .tree import AnyOf, Leaf, Node, Not, leaves, line_of

ERROR, WARNING = "error", "warning"
KINDS = ("import_error", "parameter_gap", "never_holds", "tier_overlap", "tier_gap", "unused_fact",
         "unused_definition", "unused_parameter", "no_tests")
_GAP = re.compile(r"^事项「(?P<item>[^」]+)」用到它：参数「")


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning
    kind: str  # one of KINDS
    file: str
    line: int | None
    item: str | None  # the item's id, when the finding is about one
    message: str  # what is wrong
    advice: str  # what to do

    def __str__(self) -> str:
        where = f"{self.file} 第{self.line}行" if self.line else self.file
        level = "错误" if self.severity == ERROR else "警告"
        about = f"事项「{self.item}」：" if self.item else ""
        return f"{where} [{level}·{self.kind}] {about}{self.message}。{self.advice}"

    def to_json(self) -> dict:
        return {"severity": self.severity, "kind": self.kind, "file": self.file, "line": self.line,
                "item": self.item, "message": self.message, "advice": self.advice}


def from_problems(file: str, problems: list[Problem]) -> list[Finding]:
    """The problems that kept a catalogue from importing, as findings."""
    out = []
    for p in problems:
        gap = _GAP.match(p.message)
        if gap:
            out.append(Finding(ERROR, "parameter_gap", file, p.line, gap["item"], f"「{p.field}」：{p.message}",
                               "为该参数补上缺少日期起的取值（values 加一段 from/to/value），或把事项的失效日期提前"))
        else:
            out.append(Finding(ERROR, "import_error", file, p.line, None, f"「{p.field}」：{p.message}",
                               "按提示改正；目录改正前无法导入，其他检查也无法进行"))
    return out


def lint_catalogue(file: str, data: Mapping, catalogue: Catalogue) -> list[Finding]:
    """Every finding for a catalogue that imports, in the order of the file."""
    lines = _LeafLines(data)
    grouped = {i for g in _entries(data, "tiers") for i in (g.get("items") or []) if isinstance(i, str)}
    out: list[Finding] = []
    for doc in catalogue.documents:
        for item in doc.items:
            lines.walk(item)
            out += _never(file, item, lines)
            if not item.tests:
                out.append(Finding(WARNING, "no_tests", file, item.line, item.id, "没有黄金测试（tests）",
                                   "至少写一个符合（eligible）和一个不符合（ineligible）的企业，用 kuaixiang rules test 运行"))
        # Items of a declared group are checked as that group, not again as the document's.
        out += _tiers(file, [i for i in doc.items if i.rule is not None and i.id not in grouped], lines, auto=True)
    out += _declared_tiers(file, data, catalogue, lines)
    out += _unused(file, data, catalogue)
    return sorted(out, key=lambda f: (f.line or 0, KINDS.index(f.kind)))


# -- where each condition is written ----------------------------------------------------------


class _LeafLines:
    """The line of every condition of the items' trees, found by walking the file's rule
    beside the parsed tree (a ``def`` is walked through its definition, whose conditions
    are shown at the line of the ``def`` that uses them)."""

    def __init__(self, data: Mapping):
        self.defs = {d.get("name"): d for d in _entries(data, "definitions")}
        self.items = {i.get("id"): i for doc in _entries(data, "documents") for i in _entries(doc, "items")}
        self.line: dict[int, int | None] = {}

    def walk(self, item: Item) -> None:
        raw = self.items.get(item.id) or {}
        own = {d.get("name"): d for d in _entries(raw, "definitions")}
        if item.rule is not None:
            self._walk(item.rule_data, item.rule.root, None, own)

    def _walk(self, raw: object, node: Node, at: int | None, own: Mapping) -> None:
        if not isinstance(raw, Mapping):
            return
        if "def" in raw:
            found = own.get(raw["def"]) or self.defs.get(raw["def"])
            if isinstance(found, Mapping) and "rule" in found:
                self._walk(found["rule"], node, at or line_of(raw, "def"), own)
            return
        if isinstance(node, Leaf):
            self.line[id(node)] = at or line_of(raw)
            return
        if isinstance(node, Not):
            self._walk(raw.get("not"), node.child, at, own)
            return
        body = raw.get("all", raw.get("any"))
        if isinstance(body, list):
            for child_raw, child in zip(body, node.children, strict=False):  # type: ignore[attr-defined]
                self._walk(child_raw, child, at, own)

    def of(self, leaf: Leaf, item: Item) -> int | None:
        return self.line.get(id(leaf)) or item.line


def _entries(data: Mapping, key: str) -> list[Mapping]:
    raw = data.get(key)
    return [e for e in raw if isinstance(e, Mapping)] if isinstance(raw, list) else []


# -- conditions that never hold ---------------------------------------------------------------


def _conflict_text(conflict: Conflict) -> str:
    said = "」与「".join(dict.fromkeys(leaf.text for leaf in conflict.leaves))
    if conflict.subject is None:
        return f"「任一」的每一项都不可能成立：「{said}」"
    return f"「{conflict.subject.label}」上的条件不可能同时成立：「{said}」"


def _never(file: str, item: Item, lines: _LeafLines) -> list[Finding]:
    root = item.rule.root
    whole = never(root)
    if whole:
        return [Finding(ERROR, "never_holds", file, lines.of(whole.leaves[0], item), item.id,
                        _conflict_text(whole) + "，任何企业都不会符合",
                        "检查上下限与取值是否写反、写错，或把互斥的条件放进「any」")]
    out = []
    for branch, conflict in dead_branches(root):
        first = leaves(branch)[0]
        out.append(Finding(WARNING, "never_holds", file, lines.of(first, item), item.id,
                           "「任一」中有一项永远不成立：" + _conflict_text(conflict),
                           "改正这一项的条件，或删去它"))
    return out


# -- tiers --------------------------------------------------------------------------------------


def _context(item: Item, key: str) -> tuple:
    """What an item's rule says besides its range of ``key``: tiers share it."""
    def sig(node: Node) -> object:
        if isinstance(node, Leaf):
            return node.key
        if isinstance(node, Not):
            return ("not", sig(node.child))
        return ("any" if isinstance(node, AnyOf) else "all", tuple(sorted(map(repr, (sig(c) for c in node.children)))))  # type: ignore[attr-defined]

    parts = []
    for node in conjuncts(item.rule.root):
        leaf = node.child if isinstance(node, Not) else node  # type: ignore[attr-defined]
        if isinstance(leaf, Leaf) and (s := subject_for(leaf)) is not None and s.key == key:
            continue
        parts.append(repr(sig(node)))
    return tuple(sorted(parts))


def _tiers(file: str, items: list[Item], lines: _LeafLines, *, auto: bool, key: str | None = None,
           group: str | None = None) -> list[Finding]:
    ranges = {item.id: top_ranges(item.rule.root) for item in items}
    keys = [key] if key else sorted({k for r in ranges.values() for k in r})
    out: list[Finding] = []
    for k in keys:
        having = [i for i in items if k in ranges[i.id]]
        sets: dict[tuple, list[Item]] = {}
        for item in having:
            sets.setdefault(_context(item, k) if auto else (), []).append(item)
        for members in sets.values():
            tiers = [(ranges[i.id][k], i) for i in members]
            if len(tiers) < 2 or (auto and not _tier_like([a for a, _ in tiers])):
                continue
            out += _check_tiers(file, tiers, lines, group)
    return out


def _tier_like(ranges: list[Allowed]) -> bool:
    """Tiers split a range: no two are open on the same side (``>= 10`` and ``>= 20`` are
    thresholds of two benefits that add up, not tiers)."""
    below = sum(a.interval.low is None for a in ranges)
    above = sum(a.interval.high is None for a in ranges)
    return below <= 1 and above <= 1


def _low_key(entry: tuple[Allowed, Item]) -> tuple:
    low = entry[0].interval.low
    return (0, 0) if low is None else (1, low.value, not low.closed)


def _check_tiers(file: str, tiers: list[tuple[Allowed, Item]], lines: _LeafLines, group: str | None) -> list[Finding]:
    tiers = sorted(tiers, key=_low_key)
    out = []
    where = f"档次组「{group}」" if group else "同一政策文件的档次"
    for n, (a, first) in enumerate(tiers):
        step, unit = a.subject.step, a.subject.unit
        for b, second in tiers[n + 1:]:
            both = a.interval.meet(b.interval)
            if not is_empty(both, step):
                out.append(Finding(
                    ERROR, "tier_overlap", file, lines.of(b.leaves[0], second), second.id,
                    f"{where}按「{a.subject.label}」分档，与事项「{first.id}」重叠：{both.show(unit)} 两档都符合"
                    f"（{first.id} {a.interval.show(unit)}，{second.id} {b.interval.show(unit)}）",
                    "让相邻两档的界限只在一边含等号，如上一档「< 1.5」、下一档「>= 1.5」"))
        if n + 1 < len(tiers):
            b, second = tiers[n + 1]
            hole = between_gap(a.interval, b.interval, step)
            if hole is not None and not any(
                    not is_empty(hole.meet(c.interval), step) for c, _ in tiers):
                out.append(Finding(
                    WARNING, "tier_gap", file, lines.of(b.leaves[0], second), second.id,
                    f"{where}按「{a.subject.label}」分档，与事项「{first.id}」之间有空档：{hole.show(unit)} 哪一档都不符合",
                    "让下一档从上一档的界限接着开始（如「< 1」与「>= 1」），若这段本就不享受，可忽略"))
    return out


def _declared_tiers(file: str, data: Mapping, catalogue: Catalogue, lines: _LeafLines) -> list[Finding]:
    by_id = {i.id: i for i in catalogue.items}
    out: list[Finding] = []
    for group in _entries(data, "tiers"):
        items = [by_id[i] for i in group.get("items") or [] if isinstance(i, str) and i in by_id]
        name = str(group.get("name") or "")
        fact = group.get("fact")
        keys = None
        if isinstance(fact, str):
            keys = sorted({k for i in items for k, a in top_ranges(i.rule.root).items()
                           if a.subject.label == fact or k == fact or _names(a, fact)})
        else:
            common = None
            for i in items:
                found = set(top_ranges(i.rule.root))
                common = found if common is None else common & found
            keys = sorted(common or ())
        if not keys:
            out.append(Finding(WARNING, "tier_gap", file, line_of(group), None,
                               f"档次组「{name}」的事项没有在同一个事实上分段的条件",
                               "用 fact 写明按哪个事实、数量或表达式分档，并在各档事项的条件里写出它的范围"))
            continue
        for key in keys:
            out += _tiers(file, items, lines, auto=False, key=key, group=name)
    return out


def _names(allowed: Allowed, fact: str) -> bool:
    leaf = allowed.leaves[0]
    return leaf.spec.name == fact or allowed.subject.key.replace(" ", "") == "expr:" + fact.replace(" ", "")


# -- declared and never used ------------------------------------------------------------------


def _facts_used(item: Item) -> set[str]:
    used: set[str] = set()
    if item.rule is not None:
        for leaf in leaves(item.rule.root):
            used |= set(leaf.formula.facts) if leaf.formula is not None else {leaf.fact}
    for value in vars(item.benefit).values():  # a formula, and any others a benefit gains (caps)
        facts = getattr(value, "facts", None)
        if isinstance(facts, frozenset):
            used |= facts
    return used


def _unused(file: str, data: Mapping, catalogue: Catalogue) -> list[Finding]:
    used_facts: set[str] = set()
    used_names: set[str] = set()
    for item in catalogue.items:
        used_facts |= _facts_used(item)
        used_names |= {d.get("name") for d in item.definitions} | {p.get("name") for p in item.parameters}
    out = []
    for entry in _entries(data, "facts"):
        name = entry.get("name")
        if isinstance(name, str) and name not in used_facts:
            out.append(Finding(WARNING, "unused_fact", file, line_of(entry), None,
                               f"声明的事实「{name}」没有事项用到",
                               "删去这项声明，或在事项的条件、公式或定义里用它"))
    for key, kind, what in (("definitions", "unused_definition", "定义"), ("parameters", "unused_parameter", "参数")):
        for entry in _entries(data, key):
            name = entry.get("name")
            if isinstance(name, str) and name not in used_names:
                out.append(Finding(WARNING, kind, file, line_of(entry), None, f"{what}「{name}」没有事项用到",
                                   f"删去这个{what}，或在事项里用它"))
    return out
