"""One application as HTML for the applications room's detail pane.

``detail`` is what ``services.applications.show`` returns (the agent's ID and phone already
masked); every value is escaped before it goes into markup.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from ...services.application_types import ApplicationDetail, Benefit, TraceValue
from ..labels import MISSING, course_line
from ..models.applications_model import local_time_text, status_label, sync_label
from ..models.benefit_texts import kind_amount

# lupdate reads ``translate("Context", "literal")`` calls: every string below is spelled out.
translate = QCoreApplication.translate

_PASS, _FAIL, _UNKNOWN = "#2e7d32", "#c62828", "#b26a00"


def _e(value: object) -> str:
    return html.escape(MISSING if value is None or value == "" else str(value))


def _muted(text: str) -> str:
    return f"<span style='color:#7a7f87'>{text}</span>"


def _field(label: str, value_html: str) -> str:
    return (
        f"<tr><td valign='top' style='color:#59606b; padding-right:12px; white-space:nowrap'>{html.escape(label)}</td>"
        f"<td>{value_html}</td></tr>"
    )


def _benefit(benefit: Benefit) -> str:
    parts = []
    if benefit.amount is not None:
        amount = translate("ApplicationDetail", "{amount} 元").format(amount=f"{benefit.amount:,.2f}")
        parts.append(html.escape(kind_amount(benefit.kind, amount)))  # a deduction is not money paid
    if benefit.text:
        parts.append(_e(benefit.text))
    return "；".join(parts) or _e(None)


def _materials(detail: ApplicationDetail) -> str:
    received = [m for m in detail.materials if m.received]
    missing = [m for m in detail.materials if not m.received and m.required]
    lines = []
    for m in received:
        counts = translate("ApplicationDetail", "原件 {originals} 份，复印件 {copies} 份").format(
            originals=m.originals or 0, copies=m.copies or 0
        )
        lines.append(f"<li><span style='color:{_PASS}'>✓</span> {_e(m.name)} {_muted(html.escape(counts))}</li>")
    deadline = detail.deferred_deadline
    for m in missing:
        owed = (
            translate("ApplicationDetail", "须于 {date} 前补齐").format(date=deadline.isoformat()) if deadline
            else translate("ApplicationDetail", "未收到")
        )
        lines.append(f"<li><span style='color:{_FAIL}'>✗</span> {_e(m.name)} "
                     f"<span style='color:{_FAIL}'>{html.escape(owed)}</span></li>")
    if not lines:
        none = translate("ApplicationDetail", "该事项无需提交材料。")
        return f"<p>{_muted(html.escape(none))}</p>"
    return "<ul>" + "".join(lines) + "</ul>"


def _history(detail: ApplicationDetail) -> str:
    rows = []
    for h in detail.history:
        step = (
            f"{html.escape(status_label(h.from_status))} → {html.escape(status_label(h.to_status))}" if h.from_status
            else html.escape(status_label(h.to_status))
        )
        reason = ""
        if h.reason:
            label = translate("ApplicationDetail", "原因：")
            reason = f"<br>{_muted(html.escape(label) + _e(h.reason))}"
        rows.append(f"<tr><td valign='top' style='padding-right:12px; white-space:nowrap'>"
                    f"{_e(local_time_text(h.at))}</td><td>{step}{reason}</td></tr>")
    return f"<table cellspacing='0' cellpadding='3'>{''.join(rows)}</table>" if rows else f"<p>{_e(None)}</p>"


def _receipts(detail: ApplicationDetail) -> str:
    rows = []
    for r in detail.receipts:
        kind = (
            translate("ApplicationDetail", "受理回执") if r.kind == "receipt"
            else translate("ApplicationDetail", "一次性告知单") if r.kind == "notice"
            else translate("ApplicationDetail", "办理进度告知单") if r.kind == "progress"
            else str(r.kind)
        )
        layout = "A4" if r.layout == "a4" else translate("ApplicationDetail", "80 毫米小票")
        reprint = translate("ApplicationDetail", "（补打）") if r.reprint else ""
        when = _e(local_time_text(r.at))
        rows.append(f"<li>{when}　{html.escape(kind + reprint)}　{_muted(html.escape(layout))}</li>")
    if not rows:
        never = translate("ApplicationDetail", "还没有打印过。")
        return f"<p>{_muted(html.escape(never))}</p>"
    return "<ul>" + "".join(rows) + "</ul>"


def _course(detail: ApplicationDetail) -> str:
    """The department's steps after 受理 (审核, 补正, 公示, 拨付, 不予支持), as the server last said."""
    if not detail.course:
        waiting = translate("ApplicationDetail", "主管部门尚未记录办理进度（同步后更新）。")
        return f"<p>{_muted(html.escape(waiting))}</p>"
    colours = {"pay": _PASS, "refuse": _FAIL, "correction": _UNKNOWN}
    rows = "".join(f"<li style='color:{colours.get(c.step, '#1f2d3d')}'>{_e(course_line(c))}</li>" for c in detail.course)
    return f"<ul>{rows}</ul>"


def _value_text(value: TraceValue) -> str:
    if value is None:
        return MISSING
    if isinstance(value, tuple):
        return "、".join(MISSING if v is None else str(v) for v in value)
    return str(value)


def _eligibility(detail: ApplicationDetail) -> str:
    trace = detail.eligibility
    conditions = trace.conditions
    verdicts = {
        "eligible": (_PASS, translate("ApplicationDetail", "符合条件")),
        "ineligible": (_FAIL, translate("ApplicationDetail", "不符合条件")),
        "unknown": (_UNKNOWN, translate("ApplicationDetail", "需核实（有数据缺失）")),
    }
    colour, word = verdicts.get(trace.verdict or "", ("#1f2d3d", trace.verdict or MISSING))
    counts = {k: sum(1 for c in conditions if c.result == k) for k in ("pass", "fail", "unknown")}
    summary = translate(
        "ApplicationDetail", "判定日期 {date}；{total} 项条件：满足 {passed}，不满足 {failed}，需核实 {unknown}"
    ).format(date=trace.as_of.isoformat() if trace.as_of else MISSING, total=len(conditions), passed=counts["pass"],
             failed=counts["fail"], unknown=counts["unknown"])
    marks = {"pass": (_PASS, "✓"), "fail": (_FAIL, "✗"), "unknown": (_UNKNOWN, "?")}
    lines = []
    for c in conditions:
        mark_colour, mark = marks.get(c.result or "", ("#1f2d3d", "·"))
        actual = translate("ApplicationDetail", "实际：{value}").format(value=_value_text(c.actual))
        clause = f"（{_e(c.clause)}）" if c.clause else ""
        lines.append(f"<li><span style='color:{mark_colour}'>{mark}</span> {_e(c.text)} "
                     f"{_muted(html.escape(actual) + clause)}</li>")
    return (
        f"<p><b style='color:{colour}'>{html.escape(word)}</b>　{_muted(html.escape(summary))}</p>"
        + (f"<ul>{''.join(lines)}</ul>" if lines else "")
    )


def application_html(detail: ApplicationDetail) -> str:
    agent = detail.agent
    if detail.receipt_no:
        receipt = f"<code>{_e(detail.receipt_no)}</code>"
    else:
        receipt = _muted(html.escape(translate("ApplicationDetail", "未受理（材料不全的草稿）")))
    item = f"{_e(detail.item_title)}<br>{_muted(_e(detail.doc_no) + '　' + _e(detail.department))}"
    where = [detail.hall_name or detail.hall_code, detail.window, detail.clerk]
    fields = [
        _field(translate("ApplicationDetail", "状态"), f"<b>{html.escape(status_label(detail.status))}</b>"),
        _field(translate("ApplicationDetail", "受理号"), receipt),
        _field(translate("ApplicationDetail", "统一社会信用代码"), f"<code>{_e(detail.credit_code)}</code>"),
        _field(translate("ApplicationDetail", "政策事项"), item),
        _field(translate("ApplicationDetail", "申请时间"), _e(local_time_text(detail.created_at))),
        _field(translate("ApplicationDetail", "受理窗口"), "　".join(_e(v) for v in where if v) or _e(None)),
        _field(translate("ApplicationDetail", "经办人"),
               "　".join(_e(v) for v in (agent.name, agent.id_number, agent.phone))
               + ("　" + _muted(html.escape(translate("ApplicationDetail", "（完整信息，此次查看已记入审计日志）")))
                  if agent.revealed else "")),
        _field(translate("ApplicationDetail", "补贴金额"), _benefit(detail.benefit)),
        _field(translate("ApplicationDetail", "同步"), html.escape(sync_label(detail.sync_state))),
        _field(translate("ApplicationDetail", "企业评价"),
               _e(detail.rating) if detail.rating
               else _muted(html.escape(translate("ApplicationDetail", "尚未评价")))),
        _field(translate("ApplicationDetail", "申请编号"), _muted(f"<code>{_e(detail.id)}</code>")),
    ]
    if detail.deferred_deadline and detail.missing:
        fields.insert(2, _field(translate("ApplicationDetail", "容缺补齐期限"),
                                f"<b style='color:{_FAIL}'>{_e(detail.deferred_deadline.isoformat())}</b>"))
    elif detail.deferred_deadline:  # everything owed came in: the date stays, no longer a warning
        fields.insert(2, _field(translate("ApplicationDetail", "容缺补齐期限"), html.escape(
            translate("ApplicationDetail", "{date}（已补齐）").format(date=detail.deferred_deadline.isoformat()))))
    sections = (
        (translate("ApplicationDetail", "材料"), _materials(detail)),
        (translate("ApplicationDetail", "办理进度（审核、公示、拨付）"), _course(detail)),
        (translate("ApplicationDetail", "办理记录"), _history(detail)),
        (translate("ApplicationDetail", "打印记录"), _receipts(detail)),
        (translate("ApplicationDetail", "资格判定（申请时）"), _eligibility(detail)),
    )
    return (
        "<html><body style='font-size:14px'>"
        f"<h2 style='color:#1f2d3d'>{_e(detail.enterprise_name)}</h2>"
        f"<table cellspacing='0' cellpadding='3'>{''.join(fields)}</table>"
        + "".join(f"<h3>{html.escape(title)}</h3>{body}" for title, body in sections)
        + "</body></html>"
    )
