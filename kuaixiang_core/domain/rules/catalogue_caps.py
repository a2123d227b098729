"""The parts of a catalogue file about earlier applications (issue 15): ``caps`` lists of a
document or an item (caps.py), and a golden test's ``history`` (docs/rules.md §6, §11).

``c`` is catalogue._Checker: problems go to it, each naming its line and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..application_state import STATUSES
from .caps import Cap, parse_cap
from .history import PastApplication

if TYPE_CHECKING:
    from .catalogue import Item

def check_caps(c, raw, where, default_items: tuple[str, ...], period) -> list[tuple[int, Cap]]:
    """A ``caps`` list (of a document or an item) as (place in the list, cap); problems
    reported, bad entries left out."""
    entries = raw.get("caps")
    if entries is None:
        return []
    if not isinstance(entries, list):
        c.problem(raw, "caps", f"{where}.caps", "应为上限的列表")
        return []
    out = []
    for k, entry in enumerate(entries):
        cap = parse_cap(entry, f"{where}.caps[{k}]", c.problem, default_items, period, c.date)
        if cap is not None:
            out.append((k, cap))
    return out


def check_cap_items(c, raw, where: str, cap: Cap, doc_ids: list[str], items: list[Item]) -> None:
    """The items a cap names are its document's; an amount cap needs cash amounts."""
    by_id = {i.id: i for i in items}
    for item_id in cap.items:
        if item_id not in doc_ids:
            if c.part:  # the document's other items may come in a later part
                continue
            c.problem(raw, "items", f"{where}.items", f"「{item_id}」不是本政策文件的事项（本文件事项：{'、'.join(doc_ids)}）")
            continue
        item = by_id.get(item_id)
        if cap.amount is None or item is None:
            continue
        kind = item.benefit.kind
        if kind != "cash":
            c.problem(raw, "amount", f"{where}.amount",
                      f"累计金额上限只适用于现金待遇：事项「{item_id}」的待遇类别是「{kind}」（次数上限 count 可用）")
        elif item.benefit.amount is None and item.benefit.formula is None:
            c.problem(raw, "amount", f"{where}.amount", f"事项「{item_id}」的待遇没有金额，不能设累计金额上限")


def item_titles(documents: list, existing: Mapping[str, str]) -> dict[str, str]:
    titles = {item_id: item_id for item_id in existing}
    for doc in documents:
        for item in (doc.get("items") or []) if isinstance(doc, Mapping) else []:
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                title = item.get("title")
                titles[item["id"]] = title if isinstance(title, str) and title.strip() else item["id"]
    return titles


def check_history(c, t: Mapping, w: str) -> tuple[PastApplication, ...]:
    """A golden test's ``history``: earlier applications, each {item, date, amount, status}."""
    raw = t.get("history")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.problem(t, "history", f"{w}.history", "应为早先申请的列表：{item, date, amount, status}")
        return ()
    out = []
    for n, entry in enumerate(raw):
        where = f"{w}.history[{n}]"
        if not isinstance(entry, Mapping):
            c.problem(raw, None, where, "应为对象：{item: 事项编号, date: 日期, amount: 金额, status: 状态}")
            continue
        c.unknown_keys(entry, {"item", "date", "amount", "status"}, where)
        item_id = entry.get("item")
        if not isinstance(item_id, str) or (not (c.stored or c.part) and item_id not in c.item_titles):
            c.problem(entry, "item" if "item" in entry else None, f"{where}.item", f"未知的事项「{item_id}」")
            continue
        on = c.date(entry, "date", where)
        if on is None:
            if "date" not in entry:
                c.problem(entry, None, f"{where}.date", "缺少申请日期")
            continue
        status = entry.get("status", "accepted")
        if status not in STATUSES:
            c.problem(entry, "status", f"{where}.status", f"应为 {'、'.join(STATUSES)} 之一，实际是 {status!r}")
            continue
        amount = entry.get("amount")
        if amount is not None:
            try:
                if isinstance(amount, (bool, float)):
                    raise InvalidOperation
                amount = Decimal(str(amount))
                if not amount.is_finite() or amount < 0:
                    raise InvalidOperation
            except InvalidOperation:
                c.problem(entry, "amount", f"{where}.amount", f"金额应为非负数（元，建议加引号），实际是 {amount!r}")
                continue
        out.append(PastApplication(item_id, on, status, amount))
    return tuple(out)


def past_json(p: PastApplication) -> dict:
    out = {"item": p.item_id, "date": p.on.isoformat(), "status": p.status}
    if p.amount is not None:
        out["amount"] = str(p.amount)
    return out
