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

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

from kuaixiang_core.domain.money import format_yuan, in_words
from .checklist_data import ChecklistData, ChecklistItem
from .fonts import CjkFont, cjk_font

__all__ = ["ESTIMATE_NOTE", "render_checklist"]

# reportlab lets a line start with a full-width comma or colon; complete its list of
# characters that cannot start a line (idempotent; printing.receipt does the same).
_NO_LINE_START = "，：；！？％、。）》」』】〕"
for _module in (_rl_paragraph, _rl_textsplit):
    _module.ALL_CANNOT_START += "".join(c for c in _NO_LINE_START if c not in _module.ALL_CANNOT_START)

ESTIMATE_NOTE = "金额为根据现有数据测算的预计数，最终以主管部门审核为准"

_MARGIN_X = 18 * mm
_MARGIN_TOP = 16 * mm
_MARGIN_BOTTOM = 18 * mm
_GRID = colors.HexColor("#555555")
_SHADE = colors.HexColor("#EEEEEE")
_CHINESE_NUMBERS = "一二三四五六七八九十"

_GROUPS = ("due", "eligible", "unknown")  # print order; services.checklist.CHECKLIST_GROUPS
_GROUP_HEADINGS = {
    "due": "免申即享（无需申请，由主管部门直接兑现）",
    "eligible": "可申请（符合全部条件，可网上或到窗口申请）",
    "unknown": "需核实（已知条件均符合，部分信息需补充核实）",
}
_MODES = {"auto": "免申即享", "online": "网上申请", "window": "窗口申请"}


# --- text ---------------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text)).replace("\n", "<br/>")


def _or_dash(text: object) -> str:
    return _e(text) if text is not None and str(text).strip() else "—"


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _money(amount: Decimal) -> str:
    return f"￥{format_yuan(amount)}"


def _amount_cell(item: ChecklistItem) -> str:
    if item.amount is not None:
        return _money(item.amount)
    if item.benefit_text:
        return _e(item.benefit_text)
    return "以部门核定为准"


def _promised(days: int | None) -> str:
    return f"{days} 个工作日（自受理次日起算，法定节假日不计）" if days else "—"


def _window(item: ChecklistItem) -> str:
    if item.apply_from and item.apply_to:
        return f"{_date(item.apply_from)} 至 {_date(item.apply_to)}"
    if item.apply_from:
        return f"{_date(item.apply_from)} 起"
    if item.apply_to:
        return f"即日起至 {_date(item.apply_to)}"
    if item.deadline:
        return f"常年受理，政策有效期至 {_date(item.deadline)}"
    return "常年受理"


def _heading_number(n: int) -> str:
    return _CHINESE_NUMBERS[n - 1] if 1 <= n <= len(_CHINESE_NUMBERS) else str(n)


# --- styles -------------------------------------------------------------------------------


class _Styles:
    def __init__(self, font: str) -> None:
        def style(name: str, size: float, leading: float | None = None, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.45, wordWrap="CJK", **kw)

        self.font = font
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


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


def _table(rows: list[list], widths: Sequence[float], st: _Styles, *, header: bool, extra: Sequence[tuple] = ()) -> Table:
    style = [
        ("FONTNAME", (0, 0), (-1, -1), st.font),  # empty cells too: no Helvetica in the file
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        *extra,
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), _SHADE))
    # splitInRow: a row taller than a page (a very long material list) may break inside.
    return Table(rows, colWidths=list(widths), style=TableStyle(style), repeatRows=1 if header else 0,
                 hAlign="LEFT", splitInRow=1)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _canvas_class(font: str, footer: str):
    """A canvas that writes the footer and "第 x 页 / 共 y 页" once the page count is known."""

    class FooterCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._states: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._states)
            width = self._pagesize[0]
            for number, state in enumerate(self._states, start=1):
                self.__dict__.update(state)
                self.saveState()
                self.setFont(font, 8)
                self.setFillColor(colors.HexColor("#444444"))
                pages = f"第 {number} 页 / 共 {total} 页"
                room = width - 2 * _MARGIN_X - stringWidth(pages, font, 8) - 6 * mm
                y = _MARGIN_BOTTOM - 9 * mm
                self.drawString(_MARGIN_X, y, _fit(footer, font, 8, room))
                self.drawRightString(width - _MARGIN_X, y, pages)
                self.restoreState()
                super().showPage()
            super().save()

    return FooterCanvas


# --- story --------------------------------------------------------------------------------


def _summary(data: ChecklistData) -> str:
    due, eligible, unknown = (len(data.group(g)) for g in _GROUPS)
    if not data.items:
        return (
            f"根据 {_date(data.as_of)} 的政策目录与贵单位现有数据比对，暂未发现贵单位符合条件的政策事项。"
            "企业情况发生变化（如新增人员、取得资质）或补充部门数据后，可到窗口重新匹配。"
        )
    total = data.total()
    text = (
        f"根据 {_date(data.as_of)} 的政策目录与贵单位现有数据比对，贵单位可享受政策 {due + eligible} 项"
        f"（其中免申即享 {due} 项，需申请 {eligible} 项）"
    )
    if total:
        text += f"，可测算金额合计 {_money(total)}（大写：{in_words(total)}）"
    text += "。"
    if unknown:
        text += f"另有 {unknown} 项已知条件均符合，需补充核实部分信息后确定。"
    return text


def _group_table(items: list[ChecklistItem], st: _Styles, width: float) -> Table:
    widths = [10 * mm, 0, 30 * mm, 42 * mm, 22 * mm]
    widths[1] = width - sum(widths)
    rows: list[list] = [[_p(h, st.head) for h in ("序号", "政策事项", "主管部门", "预计金额", "办理方式")]]
    for n, item in enumerate(items, start=1):
        title = f"{_e(item.title)}<br/><font size=8 color='#444444'>{_or_dash(item.doc_no)}</font>"
        if item.to_check:
            title += f"<br/><font size=8>需核实：{_e('、'.join(item.to_check))}</font>"
        how = _MODES.get(item.mode, _e(item.mode))
        if item.mode != "auto" and item.promised_days:
            how += f"<br/>{item.promised_days} 个工作日"
        amount_style = st.cell_right if item.amount is not None else st.cell
        rows.append([
            _p(str(n), st.cell_center), _p(title, st.cell), _p(_e(item.department), st.cell),
            _p(_amount_cell(item), amount_style), _p(how, st.cell_center),
        ])
    known = [i.amount for i in items if i.amount is not None]
    subtotal = f"小计：{len(items)} 项"
    if len(known) < len(items):
        subtotal += f"（其中 {len(known)} 项可测算金额）"
    rows.append([_p(subtotal, st.cell), "", "", _p(_money(sum(known, Decimal(0))) if known else "—", st.cell_right), ""])
    last = len(rows) - 1
    return _table(rows, widths, st, header=True, extra=[
        ("SPAN", (0, last), (2, last)), ("BACKGROUND", (0, last), (-1, last), _SHADE),
    ])


def _materials_table(item: ChecklistItem, st: _Styles, width: float) -> Flowable:
    if not item.materials:
        return _p("申请材料：无需提交材料。", st.cell)
    widths = [10 * mm, 0, 16 * mm, 14 * mm, 16 * mm]
    widths[1] = width - sum(widths)
    rows: list[list] = [[_p(h, st.head) for h in ("序号", "申请材料", "是否必需", "原件", "复印件")]]
    for n, m in enumerate(item.materials, start=1):
        name = _e(m.name) + (f"<br/><font size=8 color='#444444'>{_e(m.note)}</font>" if m.note else "")
        rows.append([
            _p(str(n), st.cell_center), _p(name, st.cell), _p("必需" if m.required else "可选", st.cell_center),
            _p(f"{m.originals} 份", st.cell_center), _p(f"{m.copies} 份", st.cell_center),
        ])
    return _table(rows, widths, st, header=True)


def _guide(n: int, item: ChecklistItem, st: _Styles, width: float) -> list[Flowable]:
    label_w = 24 * mm
    amount = _amount_cell(item)
    if item.amount is not None and item.amount > 0:
        amount += f"（大写：{in_words(item.amount)}）"
        if item.benefit_text:
            amount += f"<br/>{_e(item.benefit_text)}"
    fields = [
        ("政策文件", f"{_or_dash(item.doc_no)}　{_e(item.document_title or '')}".strip()),
        ("主管部门", _e(item.department)),
        ("办理方式", _MODES.get(item.mode, _e(item.mode))),
        ("申报时间", _window(item)),
        ("承诺时限", _promised(item.promised_days)),
        ("办理地点", _or_dash(item.where)),
        ("预计金额", amount),
    ]
    if item.to_check:
        fields.append(("需核实", f"请准备能证明以下情况的材料：{_e('、'.join(item.to_check))}"))
    rows = [[_p(k, st.cell), _p(v, st.cell)] for k, v in fields]
    info = _table(rows, [label_w, width - label_w], st, header=False,
                  extra=[("BACKGROUND", (0, 0), (0, -1), _SHADE), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    heading = _p(f"{n}. {_e(item.title)}", st.item)
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
        story.append(_p(_e(data.hall_name), st.hall))
    story += [_p("一企一策政策清单", st.title), Spacer(1, 3 * mm)]
    label_w, value_w = 30 * mm, width / 2 - 30 * mm
    info = [
        [_p("企业名称", st.cell), _p(_e(data.enterprise_name), st.cell), "", ""],
        [_p("统一社会信用代码", st.cell), _p(_e(data.credit_code), st.cell), _p("匹配日期", st.cell), _p(_date(data.as_of), st.cell)],
        [_p("服务大厅", st.cell), _p(_or_dash(data.hall_name), st.cell), "", ""],
    ]
    story.append(_table(info, [label_w, value_w, label_w, value_w], st, header=False, extra=[
        ("SPAN", (1, 0), (3, 0)), ("SPAN", (1, 2), (3, 2)),
        *[("BACKGROUND", (c, r), (c, r), _SHADE) for c, r in ((0, 0), (0, 1), (2, 1), (0, 2))],
    ]))
    story += [Spacer(1, 3 * mm), _p(_summary(data), st.body)]

    number = 0
    for group in _GROUPS:
        items = data.group(group)
        if not items:
            continue
        number += 1
        story.append(_p(f"{_heading_number(number)}、{_GROUP_HEADINGS[group]}　共 {len(items)} 项", st.section))
        story.append(_group_table(items, st, width))

    # Materials and where to apply for what can be applied for now; a 需核实 item gets its
    # guide once the missing facts are checked (the table above says which), or the list
    # would run to dozens of pages for an enterprise with many open questions.
    guided = [i for i in data.items if i.group == "eligible"]
    if guided:
        number += 1
        story.append(_p(f"{_heading_number(number)}、申请指南", st.section))
        for n, item in enumerate(guided, start=1):
            story += _guide(n, item, st, width)

    story.append(Spacer(1, 5 * mm))
    story.append(_p("说明：<br/>" + "<br/>".join(f"{i}. {_e(t)}" for i, t in enumerate(_notes(data), start=1)), st.small))
    return story


def render_checklist(data: ChecklistData, font: CjkFont | None = None) -> bytes:
    """The 一企一策政策清单 of ``data`` as A4 PDF bytes; ``font`` defaults to :func:`cjk_font`."""
    font = font or cjk_font()
    st = _Styles(font.name)
    width = A4[0] - 2 * _MARGIN_X
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title=f"一企一策政策清单 {data.enterprise_name}",
        subject=f"{data.credit_code} {data.as_of.isoformat()}",
        author="政策快享",
        creator="政策快享 · 窗口客户端",
        invariant=1,
        initialFontName=font.name,
    )
    frame = Frame(_MARGIN_X, _MARGIN_BOTTOM, width, A4[1] - _MARGIN_TOP - _MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    def later_pages(canvas: Canvas, _doc) -> None:
        if canvas.getPageNumber() > 1:
            canvas.saveState()
            canvas.setFont(font.name, 8)
            canvas.setFillColor(colors.HexColor("#444444"))
            head = f"一企一策政策清单（续）  {data.enterprise_name}  {data.credit_code}"
            canvas.drawString(_MARGIN_X, A4[1] - _MARGIN_TOP + 5 * mm, _fit(head, font.name, 8, width))
            canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=later_pages)])
    footer = f"{data.enterprise_name} · {ESTIMATE_NOTE}"
    doc.build(_story(data, st, width), canvasmaker=_canvas_class(font.name, footer))
    return buf.getvalue()
