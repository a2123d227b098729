"""容缺受理承诺书 as an A4 PDF (reportlab): the enterprise pledges to hand in the materials that
may follow by the deadline, and signs and stamps it at the window.

A4 only: it is signed by the legal representative (or the authorised agent) and stamped
with the enterprise's seal, then scanned into the application. Same fonts and layout helpers
as :mod:`.notice`. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kuaixiang_core.domain.clock import SHANGHAI

from .fonts import CjkFont, cjk_font
from .layout import chinese_date, markup, numbered, or_dash, p
from .paper import A4_MARGIN_X, SlipStyles, aware, build_a4, grid_table, styles_for, table

__all__ = ["PledgeData", "render_pledge"]


@dataclass(slots=True)
class PledgeData:
    hall_name: str
    window: str
    enterprise_name: str
    credit_code: str
    legal_rep: str | None
    item_title: str
    department: str
    receipt_no: str | None
    materials: Sequence[tuple[str, int, int]]  # name, originals, copies
    deadline: dt.date
    working_days: int
    clerk_name: str
    issued_at: dt.datetime  # aware; printed in Asia/Shanghai
    agent_name: str | None = None

    def __post_init__(self) -> None:
        aware(self.issued_at, "issued_at")


def _pledge_text(data: PledgeData) -> list[str]:
    deadline = chinese_date(data.deadline)
    return [
        f"本单位在申请办理“{markup(data.item_title)}”时，经窗口审查，申请的主要材料齐全、符合法定形式，"
        f"下列非关键材料暂缺。本单位申请容缺受理，并郑重承诺：",
        f"一、在 <b>{deadline}</b> 前（受理之日起 {data.working_days} 个工作日内）向受理窗口补齐下列材料；",
        "二、所提交的全部材料真实、合法、有效，补交的材料与已作的说明一致；",
        "三、逾期未补齐或补交的材料不符合要求的，同意按材料不齐处理，由主管部门依规终止办理，"
        "已作出的决定可依法撤销，并记入本单位信用记录；",
        "四、本单位未被列为失信主体（失信被执行人等）。",
    ]


def _story(data: PledgeData, st: SlipStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        p(markup(data.hall_name), st.hall),
        p("容缺受理承诺书", st.title),
        Spacer(1, 3 * mm),
        p(f"承诺单位：{markup(data.enterprise_name)}", st.body),
        p(f"统一社会信用代码：{markup(data.credit_code)}　　法定代表人：{or_dash(data.legal_rep)}", st.body),
        p(f"办理事项：{markup(data.item_title)}（{or_dash(data.department)}）", st.body),
        p(f"受理回执编号：{or_dash(data.receipt_no)}", st.body),
        Spacer(1, 3 * mm),
    ]
    story += [p(line, st.body) for line in _pledge_text(data)]
    story.append(Spacer(1, 2 * mm))
    rows = [[p("序号", st.head), p("容缺补交材料", st.head), p("原件", st.head), p("复印件", st.head),
             p("补交期限", st.head)]]
    for i, (name, originals, copies) in enumerate(data.materials, start=1):
        rows.append([p(str(i), st.cell_center), p(markup(name), st.body), p(str(originals), st.cell_center),
                     p(str(copies), st.cell_center), p(data.deadline.isoformat(), st.cell_center)])
    name_w = width - 12 * mm - 32 * mm - 30 * mm
    story.append(grid_table(rows, [12 * mm, name_w, 16 * mm, 16 * mm, 30 * mm], st, header=True))
    story.append(Spacer(1, 10 * mm))
    signed = [
        [p("承诺单位（盖章）：", st.body), p(f"法定代表人或受托人（签字）：{markup(data.agent_name) if data.agent_name else ''}", st.body)],
        [p("", st.body), p("", st.body)],
        [p("日期：______年____月____日", st.body), p(f"受理窗口：{or_dash(data.window)}　受理人：{markup(data.clerk_name)}", st.body)],
    ]
    story.append(table(signed, [width / 2, width / 2],
                       [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)], st))
    notes = [
        f"本承诺书一式两份，承诺单位与受理窗口各执一份；打印日期 {chinese_date(data.issued_at.astimezone(SHANGHAI).date())}。",
        "补交材料时请携带本承诺书或受理回执。",
    ]
    story += [Spacer(1, 6 * mm), p("注：<br/>" + numbered(notes), st.small)]
    return story


def render_pledge(data: PledgeData, *, font: CjkFont | None = None) -> bytes:
    """The 容缺受理承诺书 as A4 PDF bytes."""
    font = font or cjk_font()
    st = styles_for(font, "a4")
    width = A4[0] - 2 * A4_MARGIN_X
    return build_a4(_story(data, st, width), font, title=f"容缺受理承诺书 {data.enterprise_name}",
                    subject=data.item_title, footer=f"{data.hall_name} · 容缺受理承诺书 · {data.enterprise_name}",
                    later_header=f"容缺受理承诺书（续）  {data.enterprise_name}", reprint=False)
