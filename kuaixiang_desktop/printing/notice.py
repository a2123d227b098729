"""一次性告知单 as PDF (reportlab), on A4 or on 80 mm roll paper (:mod:`.paper`).

:func:`render_notice` (:class:`NoticeData`) → PDF bytes, ``layout="a4"`` or ``layout="80mm"``.
When an application is missing materials, the window tells the enterprise every missing
material at once, on paper: what it is, what it is for, how many originals and copies. It is
not a receipt, so it has no receipt number and no QR code. Same fonts, papers and
determinism as :mod:`.receipt`. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kuaixiang_core.domain.clock import SHANGHAI
from kuaixiang_core.domain.rules.evidence import bring_text

from .fonts import CjkFont, cjk_font
from .layout import Rule, chinese_date, markup, numbered, or_dash, p
from .paper import (
    A4_MARGIN_X,
    ROLL_MARGIN,
    ROLL_WIDTH,
    Layout,
    SlipStyles,
    aware,
    build_a4,
    build_roll,
    check_layout,
    grid_table,
    kv_table,
    list_table,
    styles_for,
    table,
)

__all__ = ["NoticeData", "NoticeMaterial", "render_notice"]


# --- data ---------------------------------------------------------------------------------


class NoticeMaterial(NamedTuple):
    name: str
    purpose: str  # what it is for / what it must show (用途、要求)
    originals: int
    copies: int


@dataclass(slots=True)
class NoticeData:
    """一次性告知单: every missing material at once. Not a receipt: it has no receipt number."""

    hall_name: str
    hall_code: str
    window: str
    enterprise_name: str
    credit_code: str
    item_title: str
    doc_no: str
    department: str
    missing: Sequence[NoticeMaterial | tuple[str, str, int, int]]
    clerk_name: str
    issued_at: dt.datetime  # aware; printed in Asia/Shanghai
    agent_name: str | None = None
    hall_phone: str | None = None
    notes: Sequence[str] = field(default_factory=tuple)
    # The documents proving the facts the record lacks (the item's 需核实 conditions), each once.
    bring: Sequence[str] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        self.missing = [NoticeMaterial(*m) for m in self.missing]
        aware(self.issued_at, "issued_at")


# --- text ---------------------------------------------------------------------------------


def _issued_on(data: NoticeData) -> str:
    return chinese_date(data.issued_at.astimezone(SHANGHAI).date())


def _notice_intro(data: NoticeData) -> str:
    return (
        f"您（单位）申请办理的“{markup(data.item_title)}”（政策文件文号：{or_dash(data.doc_no)}；"
        f"主管部门：{or_dash(data.department)}），经窗口审查，申请材料尚不齐全，暂不能受理。"
        f"现将需要补齐的材料一次性告知如下："
    )


def _notice_all_at_once(data: NoticeData) -> str:
    text = (
        f"以上共 {len(data.missing)} 项，为本次申请所缺的全部材料，已一次性告知。"
        f"补齐上述材料后即可再次申请，窗口不会再要求提供本告知单以外的材料。"
    )
    if data.bring:  # part of "all at once": what proves the conditions the record cannot
        text += f"部分申请条件缺少部门数据，需现场核实，{markup(bring_text(data.bring))}。"
    return text


def _notice_notes(data: NoticeData) -> list[str]:
    notes = ["本告知单不是受理凭证。", *data.notes]
    if data.hall_phone:
        notes.append(f"咨询电话：{data.hall_phone}")
    return notes


# --- stories ------------------------------------------------------------------------------


def _notice_story_a4(data: NoticeData, st: SlipStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        p(markup(data.hall_name), st.hall),
        p("一次性告知单", st.title),
        Spacer(1, 3 * mm),
        p(f"致：{markup(data.enterprise_name)}（统一社会信用代码：{markup(data.credit_code)}）", st.body),
        Spacer(1, 2 * mm),
        p(_notice_intro(data), st.body),
        Spacer(1, 2 * mm),
    ]
    rows = [[p("序号", st.head), p("所缺材料", st.head), p("用途及要求", st.head), p("原件", st.head), p("复印件", st.head)]]
    for i, m in enumerate(data.missing, start=1):
        rows.append(
            [p(str(i), st.cell_center), p(markup(m.name), st.body), p(or_dash(m.purpose), st.body), p(str(m.originals), st.cell_center), p(str(m.copies), st.cell_center)]
        )
    name_w = (width - 12 * mm - 32 * mm) * 0.45
    story.append(grid_table(rows, [12 * mm, name_w, width - 44 * mm - name_w, 16 * mm, 16 * mm], st, header=True))
    story += [Spacer(1, 3 * mm), p(_notice_all_at_once(data), st.body), Spacer(1, 6 * mm)]
    who = [
        [p(f"受理窗口：{or_dash(data.window)}", st.body), p(f"告知人：{markup(data.clerk_name)}", st.body)],
        [p(f"告知日期：{_issued_on(data)}", st.body), p(f"经办人签收：{markup(data.agent_name) if data.agent_name else '______________'}", st.body)],
    ]
    story.append(table(who, [width / 2, width / 2], [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)], st))
    story += [Spacer(1, 4 * mm), p("注：<br/>" + numbered(_notice_notes(data)), st.small)]
    return story


def _notice_story_roll(data: NoticeData, st: SlipStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        p(markup(data.hall_name), st.hall),
        p("一次性告知单", st.title),
        kv_table(
            [
                ("企业名称", markup(data.enterprise_name)),
                ("信用代码", markup(data.credit_code)),
                ("政策事项", markup(data.item_title)),
                ("文件文号", or_dash(data.doc_no)),
                ("主管部门", or_dash(data.department)),
            ],
            st,
            width,
            15 * mm,
        ),
        Rule(dashed=True),
        p("经窗口审查，申请材料尚不齐全，暂不能受理。现将需要补齐的材料一次性告知如下：", st.body),
        Spacer(1, 1 * mm),
    ]
    rows = [[p("所缺材料及用途", st.small), p("原件", st.cell_center), p("复印件", st.cell_center)]]
    for i, m in enumerate(data.missing, start=1):
        text = f"{i}. {markup(m.name)}"
        if m.purpose:
            text += f"<br/><font size={st.base - 1.5}>用途：{markup(m.purpose)}</font>"
        rows.append([p(text, st.body), p(str(m.originals), st.cell_center), p(str(m.copies), st.cell_center)])
    story.append(list_table(rows, [width - 22 * mm, 10 * mm, 12 * mm], st))
    story += [
        Spacer(1, 1.5 * mm),
        p(_notice_all_at_once(data), st.body),
        Rule(dashed=True),
        kv_table(
            [
                ("受理窗口", or_dash(data.window)),
                ("告知人", markup(data.clerk_name)),
                ("告知日期", _issued_on(data)),
                ("经办人签收", markup(data.agent_name) if data.agent_name else "______________"),
            ],
            st,
            width,
            17 * mm,
        ),
        Spacer(1, 2 * mm),
        p("注：<br/>" + numbered(_notice_notes(data)), st.tiny),
    ]
    return story


# --- document -----------------------------------------------------------------------------


def render_notice(data: NoticeData, layout: Layout = "a4", *, font: CjkFont | None = None) -> bytes:
    """The 一次性告知单 as PDF bytes, ``layout`` "a4" or "80mm"."""
    check_layout(layout)
    font = font or cjk_font()
    st = styles_for(font, layout)
    title = f"一次性告知单 {data.enterprise_name}"
    subject = data.item_title
    if layout == "a4":
        width = A4[0] - 2 * A4_MARGIN_X
        return build_a4(
            _notice_story_a4(data, st, width),
            font,
            title=title,
            subject=subject,
            footer=f"{data.hall_name} · 一次性告知单 · {data.enterprise_name}",
            later_header=f"一次性告知单（续）  {data.enterprise_name}",
            reprint=False,
        )
    return build_roll(_notice_story_roll(data, st, ROLL_WIDTH - 2 * ROLL_MARGIN), font, title=title, subject=subject)
