"""A policy item's full text as HTML for a read-only QTextBrowser.

Everything that comes from the catalogue is escaped: a catalogue is data that a county
publishes, and a title with ``<`` in it must read as a title, not as markup.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from ...services.policies import BenefitView, ConditionView, DocumentView, MaterialView, PolicyItemDetail, RuleNode
from ..labels import MISSING
from ..models.benefit_texts import kind_amount, kind_name
from ..models.catalogue_model import mode_label

# lupdate reads ``translate("Context", "literal")`` calls: every string below is spelled out.
translate = QCoreApplication.translate


def _e(value: object) -> str:
    return html.escape(MISSING if value is None or value == "" else str(value))


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if not start and not end:
        return html.escape(translate("PolicyItemText", "长期有效"))
    open_end = translate("PolicyItemText", "长期")
    return f"{_e(start or '…')} — {_e(end or open_end)}"


def _yuan(amount: Decimal) -> str:
    return translate("PolicyItemText", "{amount} 元").format(amount=f"{amount:,.2f}")


def _benefit(benefit: BenefitView) -> str:
    parts = []
    if benefit.kind != "cash":  # what the amount is: not money paid (benefit_kinds)
        parts.append(html.escape(kind_name(benefit.kind)))
    if benefit.amount is not None:
        parts.append(html.escape(kind_amount(benefit.kind, _yuan(benefit.amount))))
    if benefit.formula:
        label = translate("PolicyItemText", "按公式计算：")
        parts.append(f"{html.escape(label)}<code>{html.escape(benefit.formula)}</code>")
    if benefit.text:
        parts.append(html.escape(benefit.text))
    if benefit.note:
        parts.append(f"<span style='color:#7a7f87'>{html.escape(benefit.note)}</span>")
    return "<br>".join(parts) or _e(None)


def _materials(materials: tuple[MaterialView, ...]) -> str:
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
        if m.required:
            required = html.escape(translate("PolicyItemText", "必需"))
        else:
            required = html.escape(translate("PolicyItemText", "可选"))
        rows.append(
            "<tr>"
            f"<td>{_e(m.name)}</td><td>{required}</td>"
            f"<td align='right'>{_e(m.originals)}</td><td align='right'>{_e(m.copies)}</td>"
            f"<td>{_e(m.note)}</td>"
            "</tr>"
        )
    return (
        "<table border='1' cellspacing='0' cellpadding='4' style='border-color:#cfd8e3'>"
        f"<tr style='background:#e9edf2'>{head}</tr>{''.join(rows)}</table>"
    )


def _leaf(condition: ConditionView) -> str:
    clause = condition.clause
    suffix = f" <span style='color:#7a7f87'>（{_e(clause)}）</span>" if clause else ""
    return f"{_e(condition.text)}{suffix}"


def _rule(node: RuleNode) -> str:
    """The rule tree as nested lists."""
    if isinstance(node, ConditionView):
        return _leaf(node)
    if node.kind == "not":
        return html.escape(translate("PolicyItemText", "排除情形：")) + _rule(node.children[0])
    if node.kind == "all":
        heading = translate("PolicyItemText", "同时满足以下全部条件：")
    else:
        heading = translate("PolicyItemText", "满足以下任一条件：")
    children = "".join(f"<li>{_rule(child)}</li>" for child in node.children)
    return f"{html.escape(heading)}<ul>{children}</ul>"


def _conditions(item: PolicyItemDetail) -> str:
    if not item.conditions:
        none = translate("PolicyItemText", "无特定条件。")
        return f"<p>{html.escape(none)}</p>"
    return f"<div>{_rule(item.rule)}</div>"


def _paragraphs(text: str | None) -> str:
    if not text or not text.strip():
        return f"<p>{_e(None)}</p>"
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _field(label: str, value_html: str) -> str:
    return (
        "<tr><td valign='top' style='color:#59606b; padding-right:12px; white-space:nowrap'>"
        f"{html.escape(label)}</td><td>{value_html}</td></tr>"
    )


def _document(doc: DocumentView) -> str:
    line = "　".join(_e(v) for v in (doc.doc_no, doc.issuer, doc.level))
    return f"{_e(doc.title)}<br>{line}"


def item_html(item: PolicyItemDetail) -> str:
    doc = item.document
    days = item.promised_days
    if not item.apply_from and not item.apply_to:
        apply_window = html.escape(translate("PolicyItemText", "常年受理"))
    else:
        apply_window = _span(item.apply_from, item.apply_to)
    promised = html.escape(translate("PolicyItemText", "{days} 个工作日").format(days=days)) if days else _e(None)
    if item.allows_deferred:
        deferred = translate("PolicyItemText", "可以：缺少材料时先受理，限期补齐")
    else:
        deferred = translate("PolicyItemText", "不可以：材料齐全方可受理")
    fields = [
        _field(translate("PolicyItemText", "事项编号"), f"<code>{_e(item.item_id)}</code>"),
        _field(translate("PolicyItemText", "办理方式"), html.escape(mode_label(item.mode))),
        _field(translate("PolicyItemText", "主管部门"), _e(item.department)),
        _field(translate("PolicyItemText", "类别"), _e(item.category)),
        _field(translate("PolicyItemText", "政策文件"), _document(doc)),
        _field(translate("PolicyItemText", "发布日期"), _e(doc.published)),
        _field(translate("PolicyItemText", "文件有效期"), _span(doc.effective_from, doc.effective_to)),
        _field(translate("PolicyItemText", "事项有效期"), _span(item.effective_from, item.effective_to)),
        _field(translate("PolicyItemText", "申报时间"), apply_window),
        _field(translate("PolicyItemText", "承诺时限"), promised),
        _field(translate("PolicyItemText", "容缺受理"), html.escape(deferred)),
        _field(translate("PolicyItemText", "补贴标准"), _benefit(item.benefit)),
        _field(translate("PolicyItemText", "办理地点"), _e(item.where)),
    ]
    sections = (
        (translate("PolicyItemText", "申请条件"), _conditions(item)),
        (translate("PolicyItemText", "申请材料"), _materials(item.materials)),
        (translate("PolicyItemText", "政策内容"), _paragraphs(item.body)),
    )
    return (
        "<html><body style='font-size:14px'>"
        f"<h2 style='color:#1f2d3d'>{_e(item.title)}</h2>"
        f"<table cellspacing='0' cellpadding='3'>{''.join(fields)}</table>"
        + "".join(f"<h3>{html.escape(title)}</h3>{body}" for title, body in sections)
        + "</body></html>"
    )
