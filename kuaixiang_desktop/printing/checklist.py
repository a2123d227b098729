"""一企一策政策清单 as an A4 PDF (reportlab): what the enterprise can have and how to get it.

:func:`render_checklist` (:class:`~.checklist_data.ChecklistData`) → PDF
bytes.  Layout: the title, the enterprise and date, one summary sentence with the estimated
total (小写 and 大写), a table per group (免申即享 / 可申请 / 需核实) with its subtotal, then an
application guide per item that is applied for (when, where, how long, the materials with
originals and copies), and the notes.  Every page carries a footer saying that amounts are
estimates subject to the department's review, and "第 x 页 / 共 y 页".

The text is set in the CJK font of :mod:`.fonts` (embedded subset) and wraps at any CJK
character; tables split between rows across pages and repeat their header.  The same input
gives the same bytes (reportlab ``invariant``).  No Qt here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from kuaixiang_core.domain.money import format_yuan, in_words
from kuaixiang_core.domain.rules.benefit_kinds import CASH, amount_phrase, totals_by_kind, totals_text
from kuaixiang_core.domain.rules.evidence import bring_text

from . import layout
from .checklist_data import ChecklistData, ChecklistItem
from .fonts import CjkFont, cjk_font
from .layout import SHADE, chinese_date, markup, numbered, or_dash, p, yuan

__all__ = ["ESTIMATE_NOTE", "render_checklist"]

ESTIMATE_NOTE = "金额为根据现有数据测算的预计数，最终以主管部门审核为准"

_MARGIN_X = 18 * mm
_MARGIN_TOP = 16 * mm
_MARGIN_BOTTOM = 18 * mm
_CHINESE_NUMBERS = "一二三四五六七八九十"

_GROUPS = ("due", "eligible", "unknown")  # print order, as services.checklist.CHECKLIST_GROUPS
_GROUP_HEADINGS = {
    "due": "免申即享（无需申请，由主管部门直接兑现）",
    "eligible": "可申请（符合全部条件，可网上或到窗口申请）",
    "unknown": "需核实（已知条件均符合，部分信息需补充核实）",
}
_MODES = {"auto": "免申即享", "online": "网上申请", "window": "窗口申请"}


# --- text ---------------------------------------------------------------------------------


def _amount_cell(item: ChecklistItem) -> str:
    if item.cash is not None:
        return yuan(item.cash)
    if item.amount is not None:  # a deduction, a valued thing in kind: not money paid
        return amount_phrase(item.kind, format_yuan(item.amount))
    if item.benefit_text:
        return markup(item.benefit_text)
    return "以部门核定为准"


def _promised(days: int | None) -> str:
    return f"{days} 个工作日（自受理次日起算，法定节假日不计）" if days else "—"


def _window(item: ChecklistItem) -> str:
    if item.apply_from and item.apply_to:
        return f"{chinese_date(item.apply_from)} 至 {chinese_date(item.apply_to)}"
    if item.apply_from:
        return f"{chinese_date(item.apply_from)} 起"
    if item.apply_to:
        return f"即日起至 {chinese_date(item.apply_to)}"
    if item.deadline:
        return f"常年受理，政策有效期至 {chinese_date(item.deadline)}"
    return "常年受理"


def _heading_number(n: int) -> str:
    return _CHINESE_NUMBERS[n - 1] if 1 <= n <= len(_CHINESE_NUMBERS) else str(n)


# --- styles -------------------------------------------------------------------------------


class _Styles:
    def __init__(self, font: CjkFont) -> None:
        style = layout.style_maker(font, 1.45)
        self.font = font.name
        self.body = style("body", 10)
        self.small = style("small", 8.5, textColor=colors.HexColor("#333333"))
        self.cell = style("cell", 9)
        self.cell_center = style("cell-center", 9, alignment=TA_CENTER)
        self.cell_right = style("cell-right", 9, alignment=TA_RIGHT)
        self.head = style("head", 9, alignment=TA_CENTER)
        self.hall = style("hall", 11, alignment=TA_CENTER, textColor=colors.HexColor("#333333"))
        self.title = style("title", 20, leading=28, alignment=TA_CENTER)
        self.section = style("section", 12, leading=18, spaceBefore=10, spaceAfter=4)
        self.item = style("item", 10.5, leading=15, spaceBefore=8, spaceAfter=3)


def _table(rows: list[list], widths: Sequence[float], st: _Styles, *, header: bool, extra: Sequence[tuple] = ()) -> Table:
    # splitInRow: a row taller than a page (a very long material list) may break inside.
    return layout.grid_table(rows, widths, st.font, header=header, extra=extra, splitInRow=1)


# --- story --------------------------------------------------------------------------------


def _summary(data: ChecklistData) -> str:
    due, eligible, unknown = (len(data.group(g)) for g in _GROUPS)
    if not data.items:
        return (
            f"根据 {chinese_date(data.as_of)} 的政策目录与贵单位现有数据比对，暂未发现贵单位符合条件的政策事项。"
            "企业情况发生变化（如新增人员、取得资质）或补充部门数据后，可到窗口重新匹配。"
        )
    total = data.total()
    text = (
        f"根据 {chinese_date(data.as_of)} 的政策目录与贵单位现有数据比对，贵单位可享受政策 {due + eligible} 项"
        f"（其中免申即享 {due} 项，需申请 {eligible} 项）"
    )
    if total:
        text += f"，可测算现金补贴合计 {yuan(total)}（大写：{in_words(total)}）"
    text += "。"
    others = {k: v for k, v in data.totals().items() if k != CASH}
    if others:  # never added to the cash: each kind its own total
        text += f"另有非现金优惠：{totals_text(others, format_yuan)}（不计入上述合计）。"
    if unknown:
        text += f"另有 {unknown} 项已知条件均符合，需补充核实部分信息后确定。"
        if bring := data.bring():
            text += f"{bring_text(bring)}。"
    return text


def _group_table(items: list[ChecklistItem], st: _Styles, width: float) -> Table:
    widths = [10 * mm, 0, 30 * mm, 42 * mm, 22 * mm]
    widths[1] = width - sum(widths)
    rows: list[list] = [[p(h, st.head) for h in ("序号", "政策事项", "主管部门", "预计金额", "办理方式")]]
    for n, item in enumerate(items, start=1):
        title = f"{markup(item.title)}<br/><font size=8 color='#444444'>{or_dash(item.doc_no)}</font>"
        if item.to_check:
            title += f"<br/><font size=8>需核实：{markup('、'.join(item.to_check))}</font>"
        if item.bring:
            title += f"<br/><font size=8>{markup(bring_text(item.bring))}</font>"
        how = _MODES.get(item.mode, markup(item.mode))
        if item.mode != "auto" and item.promised_days:
            how += f"<br/>{item.promised_days} 个工作日"
        amount_style = st.cell_right if item.cash is not None else st.cell
        rows.append([
            p(str(n), st.cell_center), p(title, st.cell), p(markup(item.department), st.cell),
            p(_amount_cell(item), amount_style), p(how, st.cell_center),
        ])
    known = [i.cash for i in items if i.cash is not None]
    subtotal = f"小计：{len(items)} 项"
    if len(known) < len(items):
        subtotal += f"（其中 {len(known)} 项可测算现金金额）"
    cell = yuan(sum(known, Decimal(0))) if known else "—"
    others = {k: v for k, v in totals_by_kind((i.kind, i.amount) for i in items).items() if k != CASH}
    if others:
        cell += "<br/>" + markup(totals_text(others, format_yuan))
    rows.append([p(subtotal, st.cell), "", "", p(cell, st.cell_right), ""])
    last = len(rows) - 1
    return _table(rows, widths, st, header=True, extra=[
        ("SPAN", (0, last), (2, last)), ("BACKGROUND", (0, last), (-1, last), SHADE),
    ])


def _materials_table(item: ChecklistItem, st: _Styles, width: float) -> Flowable:
    if not item.materials:
        return p("申请材料：无需提交材料。", st.cell)
    widths = [10 * mm, 0, 16 * mm, 14 * mm, 16 * mm]
    widths[1] = width - sum(widths)
    rows: list[list] = [[p(h, st.head) for h in ("序号", "申请材料", "是否必需", "原件", "复印件")]]
    for n, m in enumerate(item.materials, start=1):
        name = markup(m.name) + (f"<br/><font size=8 color='#444444'>{markup(m.note)}</font>" if m.note else "")
        rows.append([
            p(str(n), st.cell_center), p(name, st.cell), p("必需" if m.required else "可选", st.cell_center),
            p(f"{m.originals} 份", st.cell_center), p(f"{m.copies} 份", st.cell_center),
        ])
    return _table(rows, widths, st, header=True)


def _guide(n: int, item: ChecklistItem, st: _Styles, width: float) -> list[Flowable]:
    label_w = 24 * mm
    amount = _amount_cell(item)
    if item.cash is not None and item.cash > 0:
        amount += f"（大写：{in_words(item.cash)}）"
        if item.benefit_text:
            amount += f"<br/>{markup(item.benefit_text)}"
    fields = [
        ("政策文件", f"{or_dash(item.doc_no)}　{markup(item.document_title or '')}".strip()),
        ("主管部门", markup(item.department)),
        ("办理方式", _MODES.get(item.mode, markup(item.mode))),
        ("申报时间", _window(item)),
        ("承诺时限", _promised(item.promised_days)),
        ("办理地点", or_dash(item.where)),
        ("预计金额", amount),
    ]
    if item.to_check:
        fields.append(("需核实", f"请准备能证明以下情况的材料：{markup('、'.join(item.to_check))}"))
        if item.bring:
            fields.append(("请携带", markup("、".join(item.bring))))
    rows = [[p(k, st.cell), p(v, st.cell)] for k, v in fields]
    info = _table(rows, [label_w, width - label_w], st, header=False,
                  extra=[("BACKGROUND", (0, 0), (0, -1), SHADE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    heading = p(f"{n}. {markup(item.title)}", st.item)
    # One item's guide on one page where it fits (a longer one still splits between rows).
    return [KeepTogether([heading, info, Spacer(1, 2 * mm), _materials_table(item, st, width)])]


def _notes(data: ChecklistData) -> list[str]:
    notes = [
        f"{ESTIMATE_NOTE}；标“以部门核定为准”的事项暂无法测算金额。",
        "免申即享事项无需申请，由主管部门根据共享数据直接兑现；如有疑问请咨询主管部门。",
        "申请材料以窗口一次性告知和主管部门要求为准；复印件请加盖单位公章。",
        "本清单依据政策目录和部门共享数据生成，政策内容以正式发布的文件为准。",
    ]
    if data.group("unknown"):
        notes.insert(1, "“需核实”事项的部分条件缺少数据，补充核实并符合条件后方可享受；核实后可在窗口打印其申请指南。")
    return notes


def _story(data: ChecklistData, st: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    if data.hall_name:
        story.append(p(markup(data.hall_name), st.hall))
    story += [p("一企一策政策清单", st.title), Spacer(1, 3 * mm)]
    label_w, value_w = 30 * mm, width / 2 - 30 * mm
    info = [
        [p("企业名称", st.cell), p(markup(data.enterprise_name), st.cell), "", ""],
        [p("统一社会信用代码", st.cell), p(markup(data.credit_code), st.cell), p("匹配日期", st.cell), p(chinese_date(data.as_of), st.cell)],
        [p("服务大厅", st.cell), p(or_dash(data.hall_name), st.cell), "", ""],
    ]
    story.append(_table(info, [label_w, value_w, label_w, value_w], st, header=False, extra=[
        ("SPAN", (1, 0), (3, 0)), ("SPAN", (1, 2), (3, 2)),
        *[("BACKGROUND", (c, r), (c, r), SHADE) for c, r in ((0, 0), (0, 1), (2, 1), (0, 2))],
    ]))
    story += [Spacer(1, 3 * mm), p(_summary(data), st.body)]

    number = 0
    for group in _GROUPS:
        items = data.group(group)
        if not items:
            continue
        number += 1
        story.append(p(f"{_heading_number(number)}、{_GROUP_HEADINGS[group]}　共 {len(items)} 项", st.section))
        story.append(_group_table(items, st, width))

    # Materials and where to apply for what can be applied for now; a 需核实 item gets its
    # guide once the missing facts are checked (the table above says which), or the list
    # would run to dozens of pages for an enterprise with many open questions.
    guided = [i for i in data.items if i.group == "eligible"]
    if guided:
        number += 1
        story.append(p(f"{_heading_number(number)}、申请指南", st.section))
        for n, item in enumerate(guided, start=1):
            story += _guide(n, item, st, width)

    story.append(Spacer(1, 5 * mm))
    story.append(p("说明：<br/>" + numbered(_notes(data)), st.small))
    return story


def render_checklist(data: ChecklistData, font: CjkFont | None = None) -> bytes:
    """The 一企一策政策清单 of ``data`` as A4 PDF bytes; ``font`` defaults to :func:`cjk_font`."""
    font = font or cjk_font()
    st = _Styles(font)
    width = A4[0] - 2 * _MARGIN_X

    def later_pages(canvas: Canvas, _doc) -> None:
        if canvas.getPageNumber() > 1:
            canvas.saveState()
            head = f"一企一策政策清单（续）  {data.enterprise_name}  {data.credit_code}"
            layout.small_print(canvas, font.name, _MARGIN_X, A4[1] - _MARGIN_TOP + 5 * mm, head, width)
            canvas.restoreState()

    buf = io.BytesIO()
    doc = layout.document(
        buf,
        A4,
        (_MARGIN_X, _MARGIN_TOP, _MARGIN_BOTTOM),
        font,
        title=f"一企一策政策清单 {data.enterprise_name}",
        subject=f"{data.credit_code} {data.as_of.isoformat()}",
        on_page=later_pages,
    )
    footer = f"{data.enterprise_name} · {ESTIMATE_NOTE}"
    canvas = layout.numbered_canvas(font.name, footer, margin_x=_MARGIN_X, margin_bottom=_MARGIN_BOTTOM)
    doc.build(_story(data, st, width), canvasmaker=canvas)
    return buf.getvalue()
