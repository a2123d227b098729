"""办理进度告知单 as PDF (reportlab), on A4 or on 80 mm roll paper (:mod:`.paper`): what the
enterprise asks most ("where is my money?") answered on paper — the application's course
after 受理 (审核, 补正, 审核通过, 公示, 拨付 with its date and amount, 不予支持 with the reason), as
the window last heard it from the platform. Same fonts, papers and determinism as
:mod:`.notice`. Not a receipt: no QR code. No Qt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kuaixiang_core.domain.clock import SHANGHAI
from kuaixiang_core.domain.money import fen_to_yuan, format_yuan

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
)

__all__ = ["ProgressData", "ProgressStep", "render_progress"]


class ProgressStep(NamedTuple):
    name: str  # 审核, 补正, 审核通过, 公示, 拨付, 不予支持
    on: dt.date
    until: dt.date | None
    amount_fen: int | None
    reason: str | None


@dataclass(slots=True)
class ProgressData:
    hall_name: str
    window: str
    enterprise_name: str
    credit_code: str
    item_title: str
    receipt_no: str
    accepted_on: dt.date
    status_name: str
    steps: Sequence[ProgressStep | tuple]
    clerk_name: str
    issued_at: dt.datetime  # aware; printed in Asia/Shanghai
    last_sync: dt.datetime | None = None  # aware: when the window last heard from the platform

    def __post_init__(self) -> None:
        self.steps = [ProgressStep(*s) for s in self.steps]
        aware(self.issued_at, "issued_at")


def _detail(step: ProgressStep) -> str:
    parts = []
    if step.until is not None:
        parts.append(f"公示期 {step.on.isoformat()} 至 {step.until.isoformat()}")
    if step.amount_fen is not None:
        parts.append(f"金额 {format_yuan(fen_to_yuan(step.amount_fen))} 元")
    if step.reason:
        parts.append(markup(step.reason))
    return "；".join(parts) or "—"


def _notes(data: ProgressData) -> list[str]:
    notes = ["本告知单依据窗口最近一次与平台同步的信息打印，不是受理凭证，也不是拨付凭证。"]
    if data.last_sync is not None:
        notes.append(f"最近同步：{data.last_sync.astimezone(SHANGHAI).strftime('%Y-%m-%d %H:%M')}")
    return notes


def _head(data: ProgressData) -> list[tuple[str, str]]:
    return [
        ("企业名称", markup(data.enterprise_name)),
        ("信用代码", markup(data.credit_code)),
        ("政策事项", markup(data.item_title)),
        ("回执编号", markup(data.receipt_no)),
        ("受理日期", chinese_date(data.accepted_on)),
        ("当前状态", markup(data.status_name)),
    ]


def _story_a4(data: ProgressData, st: SlipStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = [p(markup(data.hall_name), st.hall), p("办理进度告知单", st.title), Spacer(1, 3 * mm),
                             kv_table(_head(data), st, width, 24 * mm), Spacer(1, 3 * mm)]
    rows = [[p("日期", st.head), p("办理环节", st.head), p("说明", st.head)]]
    for s in data.steps:
        rows.append([p(s.on.isoformat(), st.cell_center), p(markup(s.name), st.body), p(_detail(s), st.body)])
    if len(rows) == 1:
        rows.append([p("—", st.cell_center), p("主管部门尚未记录办理进度", st.body), p("—", st.body)])
    story.append(grid_table(rows, [28 * mm, 32 * mm, width - 60 * mm], st, header=True))
    story += [Spacer(1, 6 * mm),
              kv_table([("打印窗口", or_dash(data.window)), ("经办人", markup(data.clerk_name)),
                        ("打印日期", chinese_date(data.issued_at.astimezone(SHANGHAI).date()))], st, width, 24 * mm),
              Spacer(1, 4 * mm), p("注：<br/>" + numbered(_notes(data)), st.small)]
    return story


def _story_roll(data: ProgressData, st: SlipStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = [p(markup(data.hall_name), st.hall), p("办理进度告知单", st.title),
                             kv_table(_head(data), st, width, 15 * mm), Rule(dashed=True)]
    rows = [[p("日期", st.small), p("环节及说明", st.small)]]
    for s in data.steps:
        rows.append([p(s.on.isoformat(), st.body), p(f"{markup(s.name)}<br/>{_detail(s)}", st.body)])
    if len(rows) == 1:
        rows.append([p("—", st.body), p("主管部门尚未记录办理进度", st.body)])
    story += [list_table(rows, [20 * mm, width - 20 * mm], st), Rule(dashed=True),
              kv_table([("打印窗口", or_dash(data.window)), ("经办人", markup(data.clerk_name)),
                        ("打印日期", chinese_date(data.issued_at.astimezone(SHANGHAI).date()))], st, width, 15 * mm),
              Spacer(1, 2 * mm), p("注：<br/>" + numbered(_notes(data)), st.tiny)]
    return story


def render_progress(data: ProgressData, layout: Layout = "a4", *, font: CjkFont | None = None) -> bytes:
    """The 办理进度告知单 as PDF bytes, ``layout`` "a4" or "80mm"."""
    check_layout(layout)
    font = font or cjk_font()
    st = styles_for(font, layout)
    title = f"办理进度告知单 {data.enterprise_name}"
    if layout == "a4":
        return build_a4(_story_a4(data, st, A4[0] - 2 * A4_MARGIN_X), font, title=title, subject=data.item_title,
                        footer=f"{data.hall_name} · 办理进度告知单 · {data.receipt_no}",
                        later_header=f"办理进度告知单（续）  {data.enterprise_name}", reprint=False)
    return build_roll(_story_roll(data, st, ROLL_WIDTH - 2 * ROLL_MARGIN), font, title=title, subject=data.item_title)
