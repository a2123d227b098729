"""受理回执 as PDF (reportlab), on A4 or on 80 mm roll paper (:mod:`.paper`).

:func:`render_receipt` (:class:`ReceiptData`) → PDF bytes, ``layout="a4"`` or ``layout="80mm"``.
Every text is set in the CJK font of :mod:`.fonts` (embedded as a subset) and wraps at any CJK
character, so long names and long lists never run off the paper. The output is deterministic:
the same input gives the same bytes (reportlab ``invariant``), which keeps archived PDFs
comparable.

The 一次性告知单 is printed at the same window on the same papers; it lives in :mod:`.notice`
and stays importable from here, where ``services.receipts`` takes both documents from.

No Qt here: the print service turns these bytes into pages on a QPrinter.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from kuaixiang_core.domain.money import format_yuan, in_words
from kuaixiang_core.domain.rules.benefit_kinds import CASH, amount_phrase

from .fonts import CjkFont, cjk_font
from .layout import PushToBottom, Rule, chinese_date, chinese_datetime, markup, numbered, or_dash, p, shade, yuan
from .paper import (
    A4_MARGIN_X,
    ROLL_DOT,
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
from .qr import qr_matrix

__all__ = [
    "OwedMaterial",
    "ReceiptData",
    "ReceivedMaterial",
    "render_receipt",
]


# --- data ---------------------------------------------------------------------------------


class ReceivedMaterial(NamedTuple):
    name: str
    originals: int
    copies: int


class OwedMaterial(NamedTuple):
    name: str
    deadline: dt.date | None


@dataclass(slots=True)
class ReceiptData:
    """Everything printed on a 受理回执 (plain data: the service fills it from the application)."""

    hall_name: str
    hall_code: str
    window: str
    receipt_no: str
    application_id: str
    enterprise_name: str
    credit_code: str
    item_title: str
    doc_no: str
    department: str
    materials_received: Sequence[ReceivedMaterial | tuple[str, int, int]]
    materials_owed: Sequence[OwedMaterial | tuple[str, dt.date | None]]
    amount: Decimal | None
    benefit_text: str | None
    promised_days: int | None
    promised_date: dt.date | None
    clerk_name: str
    agent_name: str
    agent_id_masked: str
    agent_phone_masked: str
    accepted_at: dt.datetime  # aware; printed in Asia/Shanghai
    qr_text: str
    reprint: bool = False
    # The rules could not settle every condition from the data (需核实): the amount is only an
    # estimate until the department has checked these conditions (their text as filed).
    to_verify: bool = False
    conditions_to_verify: Sequence[str] = ()
    benefit_kind: str = CASH  # domain.rules.benefit_kinds: only cash is printed as money

    def __post_init__(self) -> None:
        self.application_id = str(self.application_id)
        self.materials_received = [ReceivedMaterial(*m) for m in self.materials_received]
        self.materials_owed = [OwedMaterial(*m) for m in self.materials_owed]
        self.conditions_to_verify = [str(c) for c in self.conditions_to_verify if str(c).strip()]
        if self.conditions_to_verify:
            self.to_verify = True
        if self.amount is not None and not isinstance(self.amount, Decimal):
            raise TypeError(f"amount 必须是 Decimal 或 None，得到 {type(self.amount).__name__}")
        aware(self.accepted_at, "accepted_at")


# --- text ---------------------------------------------------------------------------------


def _receipt_title(data: ReceiptData) -> str:
    return "受理回执（补打）" if data.reprint else "受理回执"


def _promise(days: int | None, date: dt.date | None) -> str:
    if date is not None and days is not None:
        return f"{chinese_date(date)}前（{days} 个工作日，自受理次日起算，法定节假日不计）"
    if date is not None:
        return f"{chinese_date(date)}前"
    if days is not None:
        return f"自受理次日起 {days} 个工作日内（法定节假日不计）"
    return "—"


def _amount_lines(data: ReceiptData) -> list[str]:
    amount, text = data.amount, data.benefit_text
    lines = []
    if amount is not None and data.benefit_kind != CASH:
        # A deduction, a valued thing in kind: not money to be paid, so no 小写/大写 of one.
        lines.append(markup(amount_phrase(data.benefit_kind, format_yuan(amount))))
    elif amount is not None:
        lines.append(f"小写：{yuan(amount)}")
        lines.append(f"大写：{in_words(amount)}")
    if text and text.strip():
        lines.append(markup(text.strip()))
    if data.to_verify:
        # Next to the figure, not in the notes: an enterprise reads ¥50,000.00 as promised.
        who = markup(data.department.strip()) if data.department and data.department.strip() else "主管部门"
        lines.append(f"<b>预计金额，以{who}核实为准。</b>")
        if data.conditions_to_verify:
            lines.append("需核实的条件：" + "；".join(markup(c) for c in data.conditions_to_verify))
    return lines or ["—"]


def _receipt_notes(data: ReceiptData) -> list[str]:
    notes = [
        "本回执是申请已被受理的凭证，不代表审批结果，请妥善保管。",
        "承诺办结日期按工作日计算：自受理次日起算，法定节假日不计，调休上班日计入。",
    ]
    if data.materials_owed:
        notes.append("待补材料请在所列期限内送达受理窗口；逾期未补齐的，按有关规定办理。")
    notes.append("二维码含受理设备的数字签名，可在任一政务服务窗口扫码核验本回执真伪；内容与系统记录不符的，以系统记录为准。")
    return notes


# --- flowables ----------------------------------------------------------------------------


class _QrCode(Flowable):
    """A QR code (reportlab's own encoder, level M) drawn as one path of dark runs.

    ``size`` is the side including the 4-module quiet zone. With ``snap`` the module size is
    rounded down to a multiple of it (thermal printer dots).
    """

    QUIET = 4

    def __init__(self, text: str, size: float, snap: float | None = None, centred: bool = False) -> None:
        super().__init__()
        self.modules = qr_matrix(text, "M")
        self.count = len(self.modules)
        module = size / (self.count + 2 * self.QUIET)
        if snap:
            module = max(snap, (module // snap) * snap)
        self.module = module
        self.side = module * (self.count + 2 * self.QUIET)
        self.centred = centred
        self.width = self.height = self.side

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return (avail_width if self.centred else self.side), self.side

    def draw(self) -> None:
        c = self.canv
        x0 = (self._avail - self.side) / 2 if self.centred else 0
        c.saveState()
        c.setFillColor(colors.black)
        # In module units, y downwards from the top-left of the quiet zone: every rectangle
        # has integer corners, so neighbouring modules share exact edges (no hairline seams),
        # and the path is a compact literal instead of thousands of formatted floats.
        c.transform(self.module, 0, 0, -self.module, x0, self.side)
        c.addLiteral(_qr_path(self.modules, self.QUIET))
        c.restoreState()


@functools.lru_cache(maxsize=64)
def _qr_path(modules: tuple[tuple[bool, ...], ...], quiet: int) -> str:
    """PDF path operators for the dark runs of a QR matrix, filled: "x y w h re ... f"."""
    ops = []
    for r, row in enumerate(modules):
        y = r + quiet
        col, n = 0, len(row)
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                ops.append(f"{start + quiet} {y} {col - start} 1 re")
            else:
                col += 1
    ops.append("f")
    return "\n".join(ops)


class _ReversedBanner(Flowable):
    """White text on a black bar: a thermal printer's way to shout (补打)."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self.style.leading + 4

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.black)
        c.rect(0, 0, self._width, self.style.leading + 4, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont(self.style.fontName, self.style.fontSize)
        c.drawCentredString(self._width / 2, (self.style.leading + 4 - self.style.fontSize) / 2 + 1.5, self.text)
        c.restoreState()


# --- stories ------------------------------------------------------------------------------


def _received_rows(data: ReceiptData, st: SlipStyles) -> list[list]:
    rows = [[p("序号", st.head), p("材料名称", st.head), p("原件", st.head), p("复印件", st.head)]]
    for i, m in enumerate(data.materials_received, start=1):
        rows.append([p(str(i), st.cell_center), p(markup(m.name), st.body), p(f"{m.originals}", st.cell_center), p(f"{m.copies}", st.cell_center)])
    return rows


def _owed_rows(data: ReceiptData, st: SlipStyles) -> list[list]:
    rows = [[p("序号", st.head), p("待补材料名称", st.head), p("补齐期限", st.head)]]
    for i, m in enumerate(data.materials_owed, start=1):
        deadline = f"{chinese_date(m.deadline)}前" if m.deadline else "—"
        rows.append([p(str(i), st.cell_center), p(markup(m.name), st.body), p(deadline, st.cell_center)])
    return rows


def _receipt_story_a4(data: ReceiptData, st: SlipStyles, width: float) -> list[Flowable]:
    hall, title = st.hall, st.title
    if data.reprint:  # keep the centred heading clear of the 补打 stamp in the top right corner
        hall = ParagraphStyle("hall-reprint", parent=hall, leftIndent=33 * mm, rightIndent=33 * mm)
        title = ParagraphStyle("title-reprint", parent=title, leftIndent=33 * mm, rightIndent=33 * mm)
    story: list[Flowable] = [
        p(markup(data.hall_name), hall),
        p(_receipt_title(data), title),
        Spacer(1, 2 * mm),
    ]
    meta = table(
        [[p(f"受理窗口：{or_dash(data.window)}", st.body), p(f"回执编号：{markup(data.receipt_no)}", st.right)]],
        [width * 0.45, width * 0.55],
        [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")],
        st,
    )
    story += [meta, Spacer(1, 1.5 * mm)]

    lw, lw2 = 33 * mm, 22 * mm
    vw2 = 67 * mm  # wide enough for a UUID on one line
    vw = width - lw - lw2 - vw2
    L = lambda t: p(t, st.label)  # noqa: E731
    V = lambda t: p(t, st.body)  # noqa: E731
    rows = [
        [L("企业名称"), V(markup(data.enterprise_name)), "", ""],
        [L("统一社会信用代码"), V(markup(data.credit_code)), L("申请编号"), p(markup(data.application_id), st.code)],
        [L("政策事项"), V(markup(data.item_title)), "", ""],
        [L("政策文件文号"), V(or_dash(data.doc_no)), L("主管部门"), V(or_dash(data.department))],
        [L("预计兑现金额"), V("<br/>".join(_amount_lines(data))), "", ""],
        [L("承诺办结日期"), V(_promise(data.promised_days, data.promised_date)), "", ""],
        [L("受理人"), V(markup(data.clerk_name)), L("受理时间"), V(chinese_datetime(data.accepted_at))],
        [L("经办人"), V(f"{markup(data.agent_name)}　身份证号 {markup(data.agent_id_masked)}　手机 {markup(data.agent_phone_masked)}"), "", ""],
    ]
    spans = [("SPAN", (1, r), (3, r)) for r in (0, 2, 4, 5, 7)]
    labels = [(0, r) for r in range(len(rows))] + [(2, r) for r in (1, 3, 6)]
    story.append(grid_table(rows, [lw, vw, lw2, vw2], st, extra=spans + shade(labels), pad=4))

    n_recv = len(data.materials_received)
    story.append(p(f"已收材料（共 {n_recv} 项）", st.section))
    if n_recv:
        story.append(grid_table(_received_rows(data, st), [12 * mm, width - 52 * mm, 20 * mm, 20 * mm], st, header=True))
    else:
        story.append(p("无。", st.body))
    if data.materials_owed:
        story.append(p(f"待补材料（容缺受理，共 {len(data.materials_owed)} 项）", st.section))
        story.append(grid_table(_owed_rows(data, st), [12 * mm, width - 57 * mm, 45 * mm], st, header=True))
    else:
        story.append(p("待补材料：无。", st.section))

    qr_side = 36 * mm
    left = [
        p("经办人签字：______________　　受理单位（盖章）", st.body),
        Spacer(1, 6 * mm),
        p("注：<br/>" + numbered(_receipt_notes(data)), st.small),
    ]
    right = [_QrCode(data.qr_text, qr_side), p("扫码核验真伪", st.caption)]
    tail = table(
        [[left, right]],
        [width - qr_side - 4 * mm, qr_side + 4 * mm],
        [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ],
        st,
    )
    tail.spaceBefore = 4 * mm
    story += [PushToBottom(tail), KeepTogether([tail])]
    return story


def _receipt_story_roll(data: ReceiptData, st: SlipStyles, width: float) -> list[Flowable]:
    story: list[Flowable] = [p(markup(data.hall_name), st.hall), p(_receipt_title(data), st.title), Spacer(1, 1 * mm)]
    if data.reprint:
        story += [_ReversedBanner("补 打", st.banner), Spacer(1, 1.5 * mm)]
    story.append(
        kv_table(
            [("回执编号", markup(data.receipt_no)), ("受理窗口", or_dash(data.window)), ("申请编号", f"<font size={st.base - 1.8}>{markup(data.application_id)}</font>")],
            st,
            width,
            15 * mm,
        )
    )
    story.append(Rule(dashed=True))
    story.append(
        kv_table(
            [
                ("企业名称", markup(data.enterprise_name)),
                ("信用代码", markup(data.credit_code)),
                ("政策事项", markup(data.item_title)),
                ("文件文号", or_dash(data.doc_no)),
                ("主管部门", or_dash(data.department)),
                ("预计金额", "<br/>".join(_amount_lines(data))),
                ("承诺办结", _promise(data.promised_days, data.promised_date)),
            ],
            st,
            width,
            15 * mm,
        )
    )
    story.append(Rule(dashed=True))
    story.append(p(f"已收材料（共 {len(data.materials_received)} 项）", st.section))
    if data.materials_received:
        rows = [[p("材料名称", st.small), p("原件", st.cell_center), p("复印件", st.cell_center)]]
        for i, m in enumerate(data.materials_received, start=1):
            rows.append([p(f"{i}. {markup(m.name)}", st.body), p(str(m.originals), st.cell_center), p(str(m.copies), st.cell_center)])
        story.append(list_table(rows, [width - 22 * mm, 10 * mm, 12 * mm], st))
    else:
        story.append(p("无。", st.body))
    if data.materials_owed:
        story.append(p(f"待补材料（容缺受理，共 {len(data.materials_owed)} 项）", st.section))
        rows = [[p("材料名称", st.small), p("补齐期限", st.cell_center)]]
        for i, m in enumerate(data.materials_owed, start=1):
            deadline = f"{chinese_date(m.deadline)}前" if m.deadline else "—"
            rows.append([p(f"{i}. {markup(m.name)}", st.body), p(deadline, st.cell_center)])
        story.append(list_table(rows, [width - 27 * mm, 27 * mm], st))
    else:
        story.append(p("待补材料：无。", st.section))
    story.append(Rule(dashed=True))
    story.append(
        kv_table(
            [
                ("受理人", markup(data.clerk_name)),
                ("经办人", markup(data.agent_name)),
                ("身份证号", markup(data.agent_id_masked)),
                ("手机号码", markup(data.agent_phone_masked)),
                ("受理时间", chinese_datetime(data.accepted_at)),
            ],
            st,
            width,
            15 * mm,
        )
    )
    story += [
        Spacer(1, 3 * mm),
        _QrCode(data.qr_text, 46 * mm, snap=ROLL_DOT, centred=True),
        p("扫码核验真伪", st.caption),
        Spacer(1, 2 * mm),
        p("注：<br/>" + numbered(_receipt_notes(data)), st.tiny),
    ]
    return story


# --- document -----------------------------------------------------------------------------


def render_receipt(data: ReceiptData, layout: Layout = "a4", *, font: CjkFont | None = None) -> bytes:
    """The 受理回执 as PDF bytes, ``layout`` "a4" or "80mm". ``font``: default :func:`cjk_font`."""
    check_layout(layout)
    font = font or cjk_font()
    st = styles_for(font, layout)
    title = f"{_receipt_title(data)} {data.receipt_no}"
    subject = f"{data.enterprise_name} · {data.item_title}"
    if layout == "a4":
        width = A4[0] - 2 * A4_MARGIN_X
        return build_a4(
            _receipt_story_a4(data, st, width),
            font,
            title=title,
            subject=subject,
            footer=f"{data.hall_name} · {_receipt_title(data)} · 回执编号 {data.receipt_no}",
            later_header=f"{_receipt_title(data)}（续）  回执编号 {data.receipt_no}  {data.enterprise_name}",
            reprint=data.reprint,
        )
    return build_roll(_receipt_story_roll(data, st, ROLL_WIDTH - 2 * ROLL_MARGIN), font, title=title, subject=subject)
