"""Declared tier groups (``tiers:`` in a catalogue file, docs/rules.md §12): items that split one
range between them, checked by ``rules lint`` for overlaps and gaps. Import only checks that a
group names items of the file; the groups are not stored (they are for the author's checks)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from .tree import line_of

_KEYS = {"name", "items", "fact"}


def tier_group_problems(raw: object, item_ids: Collection[str]) -> list[tuple[int | None, str, str]]:
    """(line, field, message) of every problem of the ``tiers`` list."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        return [(line_of(raw), "tiers", "应为列表：[{name, items: [事项编号], fact}]")]
    out = []
    for i, group in enumerate(raw):
        where = f"tiers[{i}]"
        if not isinstance(group, Mapping):
            out.append((line_of(raw), where, "档次组应为对象 {name, items, fact}"))
            continue
        for key in group:
            if key not in _KEYS:
                out.append((line_of(group, key), f"{where}.{key}", f"未知的键，可用：{'、'.join(sorted(_KEYS))}"))
        name = group.get("name")
        if not isinstance(name, str) or not name.strip():
            out.append((line_of(group), f"{where}.name", "缺少此项（档次组的名称）"))
        fact = group.get("fact")
        if fact is not None and (not isinstance(fact, str) or not fact.strip()):
            out.append((line_of(group, "fact"), f"{where}.fact", "应为分档所依的事实、数量定义或表达式"))
        items = group.get("items")
        if not isinstance(items, list) or len(items) < 2:
            out.append((line_of(group, "items") or line_of(group), f"{where}.items", "应为至少两个事项编号的列表"))
            continue
        for k, item in enumerate(items):
            if not isinstance(item, str) or item not in item_ids:
                out.append((line_of(group, "items"), f"{where}.items[{k}]", f"本文件中没有编号为「{item}」的事项"))
    return out
