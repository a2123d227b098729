"""A policy item's full text as HTML for a read-only QTextBrowser.

Everything that comes from the catalogue is escaped: a catalogue is data that a county
publishes, and a title with ``<`` in it must read as a title, not as markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from ..labels import MISSING
from ..models.catalogue_model import mode_label

# lupdate reads ``translate("Context", "literal")`` calls: every string below is spelled out.
translate = QCoreApplication.translate


def _e(value: object) -> str:
    return html.escape(MISSING if value is None or value == "" else str(value))


def _span(start: str | None, end: str | None) -> str:
    if not start and not end:
        return html.escape(translate("PolicyItemText", "长期有效"))
    open_end = translate("PolicyItemText", "长期")
    return f"{_e(start or '…')} — {_e(end or open_end)}"


def _yuan(amount: str) -> str:
    try:
        return translate("PolicyItemText", "{amount} 元").format(amount=f"{Decimal(amount):,.2f}")
    except InvalidOperation:
        return amount


def _benefit(benefit: dict) -> str:
    parts = []
    if benefit.get("amount"):
        parts.append(html.escape(_yuan(benefit["amount"])))
    if benefit.get("formula"):
        label = translate("PolicyItemText", "按公式计算：")
        parts.append(f"{html.escape(label)}<code>{html.escape(benefit['formula'])}</code>")
    if benefit.get("text"):
        parts.append(html.escape(benefit["text"]))
    if benefit.get("note"):
        parts.append(f"<span style='color:#7a7f87'>{html.escape(benefit['note'])}</span>")
    return "<br>".join(parts) or _e(None)


def _materials(materials: list[dict]) -> str:
    if not materials:
        none = translate("PolicyItemText", "无需提交材料。")
        return f"<p>{html.escape(none)}</p>"
    titles = (
        translate("PolicyItemText", "材料名称"), translate("PolicyItemText", "是否必需"),
        translate("PolicyItemText", "原件"), translate("PolicyItemText", "复印件"), translate("PolicyItemText", "说明"),
    )
    head = "".join(f"<th align='left'>{html.escape(t)}</th>" for t in titles)
    rows = []
    for m in materials:
        if m.get("required"):
            required = html.escape(translate("PolicyItemText", "必需"))
        else:
            required = html.escape(translate("PolicyItemText", "可选"))
        rows.append(
            "<tr>"
            f"<td>{_e(m.get('name'))}</td><td>{required}</td>"
            f"<td align='right'>{_e(m.get('originals'))}</td><td align='right'>{_e(m.get('copies'))}</td>"
            f"<td>{_e(m.get('note'))}</td>"
            "</tr>"
        )
    return (
        "<table border='1' cellspacing='0' cellpadding='4' style='border-color:#cfd8e3'>"
        f"<tr style='background:#e9edf2'>{head}</tr>{''.join(rows)}</table>"
    )


def _leaf(condition: dict) -> str:
    clause = condition.get("clause")
    suffix = f" <span style='color:#7a7f87'>（{_e(clause)}）</span>" if clause else ""
    return f"{_e(condition.get('text'))}{suffix}"


def _rule(node: object, conditions: Iterator[dict]) -> str:
    """The rule tree as nested lists; each leaf takes the next condition (rule order)."""
    if not isinstance(node, dict):
        raise ValueError("unexpected rule node")
    if "all" in node or "any" in node:
        key = "all" if "all" in node else "any"
        if key == "all":
            heading = translate("PolicyItemText", "同时满足以下全部条件：")
        else:
            heading = translate("PolicyItemText", "满足以下任一条件：")
        children = "".join(f"<li>{_rule(child, conditions)}</li>" for child in node[key])
        return f"{html.escape(heading)}<ul>{children}</ul>"
    if "not" in node:
        return html.escape(translate("PolicyItemText", "排除情形：")) + _rule(node["not"], conditions)
    condition = next(conditions)
    if condition.get("fact") != node.get("fact"):
        raise ValueError("conditions out of rule order")
    return _leaf(condition)


def _conditions(item: dict) -> str:
    conditions = item.get("conditions") or []
    if not conditions:
        none = translate("PolicyItemText", "无特定条件。")
        return f"<p>{html.escape(none)}</p>"
    try:
        remaining = iter(conditions)
        tree = _rule(item.get("rule"), remaining)
        if next(remaining, None) is None:
            return f"<div>{tree}</div>"
    except (ValueError, StopIteration, TypeError):
        pass
    # A rule shape we do not know how to draw still lists every condition.
    return "<ul>" + "".join(f"<li>{_leaf(c)}</li>" for c in conditions) + "</ul>"


def _paragraphs(text: str | None) -> str:
    if not text or not text.strip():
        return f"<p>{_e(None)}</p>"
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _field(label: str, value_html: str) -> str:
    return (
        "<tr><td valign='top' style='color:#59606b; padding-right:12px; white-space:nowrap'>"
        f"{html.escape(label)}</td><td>{value_html}</td></tr>"
    )


def _document(doc: dict) -> str:
    line = "　".join(_e(doc.get(k)) for k in ("doc_no", "issuer", "level"))
    return f"{_e(doc.get('title'))}<br>{line}"


def item_html(item: dict) -> str:
    """``item`` as ``policies.item_json(full=True)`` gives it (document with its dates)."""
    doc = item.get("document") or {}
    days = item.get("promised_days")
    if not item.get("apply_from") and not item.get("apply_to"):
        apply_window = html.escape(translate("PolicyItemText", "常年受理"))
    else:
        apply_window = _span(item.get("apply_from"), item.get("apply_to"))
    promised = html.escape(translate("PolicyItemText", "{days} 个工作日").format(days=days)) if days else _e(None)
    if item.get("allows_deferred"):
        deferred = translate("PolicyItemText", "可以：缺少材料时先受理，限期补齐")
    else:
        deferred = translate("PolicyItemText", "不可以：材料齐全方可受理")
    fields = [
        _field(translate("PolicyItemText", "事项编号"), f"<code>{_e(item.get('item_id'))}</code>"),
        _field(translate("PolicyItemText", "办理方式"), html.escape(mode_label(item.get("mode")))),
        _field(translate("PolicyItemText", "主管部门"), _e(item.get("department"))),
        _field(translate("PolicyItemText", "类别"), _e(item.get("category"))),
        _field(translate("PolicyItemText", "政策文件"), _document(doc)),
        _field(translate("PolicyItemText", "发布日期"), _e(doc.get("published"))),
        _field(translate("PolicyItemText", "文件有效期"), _span(doc.get("effective_from"), doc.get("effective_to"))),
        _field(translate("PolicyItemText", "事项有效期"), _span(item.get("effective_from"), item.get("effective_to"))),
        _field(translate("PolicyItemText", "申报时间"), apply_window),
        _field(translate("PolicyItemText", "承诺时限"), promised),
        _field(translate("PolicyItemText", "容缺受理"), html.escape(deferred)),
        _field(translate("PolicyItemText", "补贴标准"), _benefit(item.get("benefit") or {})),
        _field(translate("PolicyItemText", "办理地点"), _e(item.get("where"))),
    ]
    sections = (
        (translate("PolicyItemText", "申请条件"), _conditions(item)),
        (translate("PolicyItemText", "申请材料"), _materials(item.get("materials") or [])),
        (translate("PolicyItemText", "政策内容"), _paragraphs(item.get("body"))),
    )
    return (
        "<html><body style='font-size:14px'>"
        f"<h2 style='color:#1f2d3d'>{_e(item.get('title'))}</h2>"
        f"<table cellspacing='0' cellpadding='3'>{''.join(fields)}</table>"
        + "".join(f"<h3>{html.escape(title)}</h3>{body}" for title, body in sections)
        + "</body></html>"
    )
