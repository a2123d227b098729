"""受理回执 and 一次性告知单 as PDF (reportlab), in two layouts: A4 and 80 mm roll paper.

- :func:`render_receipt` (:class:`ReceiptData`) → PDF bytes
- :func:`render_notice` (:class:`NoticeData`) → PDF bytes

Both take ``layout="a4"`` or ``layout="80mm"``. A4 flows onto more pages when the content is
long (tables split between rows, and inside a row if one row is taller than a page); the
80 mm roll is one page whose height is computed from the content. Every text is set in the
CJK font of :mod:`.fonts` (embedded as a subset) and wraps at any CJK character, so long names
and long lists never run off the paper. The output is deterministic: the same input gives the
same bytes (reportlab ``invariant``), which keeps archived PDFs comparable.

No Qt here: the print service turns these bytes into pages on a QPrinter.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _rl_paragraph

from kuaixiang_core.domain.money import format_yuan, in_words
from .fonts import CjkFont, cjk_font
from .qr import qr_matrix

__all__ = [
    "LAYOUTS",
    "NoticeData",
    "NoticeMaterial",
    "OwedMaterial",
    "ReceiptData",
    "ReceivedMaterial",
    "render_notice",
    "render_receipt",
    "shanghai",
]

# reportlab's CJK line breaking keeps a character that "cannot start a line" on the previous
# line (hanging in the margin), but its list lacks the full-width comma, colon, semicolon,
# ! and ?, so a line could start with "：". Complete the list (process-wide, idempotent).
_NO_LINE_START = "，：；！？％、。）》」』】〕"
for _module in (_rl_paragraph, _rl_textsplit):  # the multi-fragment and the plain-text paths
    _module.ALL_CANNOT_START += "".join(c for c in _NO_LINE_START if c not in _module.ALL_CANNOT_START)

Layout = Literal["a4", "80mm"]
LAYOUTS: tuple[str, ...] = ("a4", "80mm")

ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm
# A thermal head prints 8 dots per mm (203 dpi): QR modules a whole number of dots stay crisp.
ROLL_DOT = 0.125 * mm
A4_MARGIN_X = 18 * mm
A4_MARGIN_TOP = 15 * mm
A4_MARGIN_BOTTOM = 16 * mm


def shanghai() -> dt.tzinfo:
    """Asia/Shanghai; a fixed UTC+8 where the tz database is missing (Windows without tzdata).

    China has not used daylight saving time since 1991, so the fixed offset is exact for any
    receipt this program prints.
    """
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # pragma: no cover - depends on the machine
        return dt.timezone(dt.timedelta(hours=8), "CST")


# --- data ---------------------------------------------------------------------------------


class ReceivedMaterial(NamedTuple):
    name: str
    originals: int
    copies: int


class OwedMaterial(NamedTuple):
    name: str
    deadline: dt.date | None


class NoticeMaterial(NamedTuple):
    name: str
    purpose: str  # what it is for / what it must show (用途、要求)
    originals: int
    copies: int


def _aware(when: dt.datetime, what: str) -> dt.datetime:
    if not isinstance(when, dt.datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{what}必须是带时区的 datetime，得到 {when!r}")
    return when


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

    def __post_init__(self) -> None:
        self.application_id = str(self.application_id)
        self.materials_received = [ReceivedMaterial(*m) for m in self.materials_received]
        self.materials_owed = [OwedMaterial(*m) for m in self.materials_owed]
        if self.amount is not None and not isinstance(self.amount, Decimal):
            raise TypeError(f"amount 必须是 Decimal 或 None，得到 {type(self.amount).__name__}")
        _aware(self.accepted_at, "accepted_at")


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

    def __post_init__(self) -> None:
        self.missing = [NoticeMaterial(*m) for m in self.missing]
        _aware(self.issued_at, "issued_at")


# --- text helpers -------------------------------------------------------------------------


def _e(text: object) -> str:
    """Escape for reportlab's paragraph markup; keep the user's line breaks."""
    return escape(str(text)).replace("\n", "<br/>")


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def _datetime(when: dt.datetime) -> str:
    local = when.astimezone(shanghai())
    return f"{_date(local.date())} {local:%H:%M:%S}"


def _or_dash(text: str | None) -> str:
    return _e(text) if text and str(text).strip() else "—"


def _promise(days: int | None, date: dt.date | None) -> str:
    if date is not None and days is not None:
        return f"{_date(date)}前（{days} 个工作日，自受理次日起算，法定节假日不计）"
    if date is not None:
        return f"{_date(date)}前"
    if days is not None:
        return f"自受理次日起 {days} 个工作日内（法定节假日不计）"
    return "—"


def _amount_lines(amount: Decimal | None, text: str | None) -> list[str]:
    lines = []
    if amount is not None:
        lines.append(f"小写：￥{format_yuan(amount)}")
        lines.append(f"大写：{in_words(amount)}")
    if text and text.strip():
        lines.append(_e(text.strip()))
    return lines or ["—"]


# --- styles -------------------------------------------------------------------------------


class _Styles:
    def __init__(self, font: str, base: float) -> None:
        def style(name: str, size: float, leading: float | None = None, **kw) -> ParagraphStyle:
            return ParagraphStyle(
                name, fontName=font, fontSize=size, leading=leading or size * 1.4, wordWrap="CJK", **kw
            )

        self.font = font
        self.base = base
        self.body = style("body", base)
        self.small = style("small", base - 1.5, textColor=colors.HexColor("#333333"))
        self.code = style("code", base - 1.5)  # long machine codes (UUID) that should stay on one line
        self.tiny = style("tiny", base - 2)
        self.label = style("label", base, textColor=colors.HexColor("#222222"))
        self.cell_center = style("cc", base, alignment=TA_CENTER)
        self.head = style("head", base, alignment=TA_CENTER)
        self.hall = style("hall", base + 2, alignment=TA_CENTER)
        self.title = style("title", base * 2, leading=base * 2.6, alignment=TA_CENTER)
        self.section = style("section", base + 1, leading=(base + 1) * 1.5, spaceBefore=base * 0.8, spaceAfter=2)
        self.right = style("right", base, alignment=TA_RIGHT)
        self.caption = style("caption", base - 1, alignment=TA_CENTER)
        self.banner = style("banner", base * 1.8, leading=base * 2.4, alignment=TA_CENTER, textColor=colors.white)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


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


class _Rule(Flowable):
    """A horizontal line across the frame (dashed on the roll, like a torn-off slip)."""

    def __init__(self, dashed: bool = False, space: float = 3) -> None:
        super().__init__()
        self.dashed, self.space = dashed, space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, 2 * self.space

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setLineWidth(0.6)
        if self.dashed:
            c.setDash(2, 2)
        c.line(0, self.space, self._width, self.space)
        c.restoreState()


class _PushToBottom(Flowable):
    """Empty space so that ``tail`` ends at the bottom of the frame (when it fits on this page)."""

    def __init__(self, tail: Flowable) -> None:
        super().__init__()
        self.tail = tail

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, h = self.tail.wrap(avail_width, avail_height)
        # The tail's own spaceBefore is added by the frame; keep a hair of slack for rounding.
        room = avail_height - h - self.tail.getSpaceBefore() - 1
        return avail_width, max(0.0, room) if h <= avail_height else 0.0

    def draw(self) -> None:
        pass


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


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to ``width`` points (with "…"): running heads and feet are one line."""
    if stringWidth(text, font, size) <= width:
        return text
    text = text[: int(width / (size * 0.25)) + 1]  # no glyph is narrower than a quarter em
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _numbered_canvas(font: str, footer: str):
    """A canvas class that writes "第 x 页 / 共 y 页" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                self.setFont(font, 8)
                self.setFillColor(colors.HexColor("#444444"))
                width = self._pagesize[0]
                numbers = f"第 {number} 页 / 共 {total} 页"
                room = width - 2 * A4_MARGIN_X - stringWidth(numbers, font, 8) - 6 * mm
                self.drawString(A4_MARGIN_X, A4_MARGIN_BOTTOM - 9 * mm, _fit(footer, font, 8, room))
                self.drawRightString(width - A4_MARGIN_X, A4_MARGIN_BOTTOM - 9 * mm, numbers)
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


# --- tables -------------------------------------------------------------------------------

_GRID = colors.HexColor("#555555")
_SHADE = colors.HexColor("#EEEEEE")


class _PagedTable(Table):
    """Splits between rows; inside a row only when that row is taller than a whole page.

    (reportlab's ``splitInRow`` would also cut a row that merely does not fit the rest of the
    page, leaving a header and an empty sliver of a row at the foot of the page.)
    """

    FRAME_HEIGHT = A4[1] - A4_MARGIN_TOP - A4_MARGIN_BOTTOM

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self._calc(availWidth, availHeight)
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        heights = self._rowHeights
        self.splitInRow = int(len(heights) > repeat and sum(heights[: repeat + 1]) > self.FRAME_HEIGHT)
        return super().split(availWidth, availHeight)


def _table(rows: list[list], widths: Sequence[float], cmds: list[tuple], st: _Styles, **kw) -> Table:
    """A table whose own font (for its empty cells) is the CJK font, not Helvetica."""
    kw.setdefault("hAlign", "LEFT")
    return _PagedTable(rows, colWidths=list(widths), style=TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), *cmds]), **kw)


def _grid_table(rows: list[list], widths: Sequence[float], st: _Styles, *, header: bool = False, spans=(), pad: float = 3) -> Table:
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad + 1),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), _SHADE))
    style.extend(spans)
    return _table(rows, widths, style, st, repeatRows=1 if header else 0)


def _shade(cells: Iterable[tuple[int, int]]) -> list[tuple]:
    """Shade the label cells (column, row) of a field table."""
    return [("BACKGROUND", (c, r), (c, r), _SHADE) for c, r in cells]


# --- receipt ------------------------------------------------------------------------------


def _receipt_title(data: ReceiptData) -> str:
    return "受理回执（补打）" if data.reprint else "受理回执"


def _received_rows(data: ReceiptData, st: _Styles) -> list[list]:
    rows = [[_p("序号", st.head), _p("材料名称", st.head), _p("原件", st.head), _p("复印件", st.head)]]
    for i, m in enumerate(data.materials_received, start=1):
        rows.append([_p(str(i), st.cell_center), _p(_e(m.name), st.body), _p(f"{m.originals}", st.cell_center), _p(f"{m.copies}", st.cell_center)])
    return rows


def _owed_rows(data: ReceiptData, st: _Styles) -> list[list]:
    rows = [[_p("序号", st.head), _p("待补材料名称", st.head), _p("补齐期限", st.head)]]
    for i, m in enumerate(data.materials_owed, start=1):
        deadline = f"{_date(m.deadline)}前" if m.deadline else "—"
        rows.append([_p(str(i), st.cell_center), _p(_e(m.name), st.body), _p(deadline, st.cell_center)])
    return rows


def _receipt_notes(data: ReceiptData) -> list[str]:
    notes = [
        "本回执是申请已被受理的凭证，不代表审批结果，请妥善保管。",
        "承诺办结日期按工作日计算：自受理次日起算，法定节假日不计，调休上班日计入。",
    ]
    if data.materials_owed:
        notes.append("待补材料请在所列期限内送达受理窗口；逾期未补齐的，按有关规定办理。")
    notes.append("二维码含受理设备的数字签名，可在任一政务服务窗口扫码核验本回执真伪；内容与系统记录不符的，以系统记录为准。")
    return notes


def _numbered(notes: Sequence[str]) -> str:
    return "<br/>".join(f"{i}. {_e(n)}" for i, n in enumerate(notes, start=1))


def _receipt_story_a4(data: ReceiptData, st: _Styles, width: float) -> list[Flowable]:
    hall, title = st.hall, st.title
    if data.reprint:  # keep the centred heading clear of the 补打 stamp in the top right corner
        hall = ParagraphStyle("hall-reprint", parent=hall, leftIndent=33 * mm, rightIndent=33 * mm)
        title = ParagraphStyle("title-reprint", parent=title, leftIndent=33 * mm, rightIndent=33 * mm)
    story: list[Flowable] = [
        _p(_e(data.hall_name), hall),
        _p(_receipt_title(data), title),
        Spacer(1, 2 * mm),
    ]
    meta = _table(
        [[_p(f"受理窗口：{_or_dash(data.window)}", st.body), _p(f"回执编号：{_e(data.receipt_no)}", st.right)]],
        [width * 0.45, width * 0.55],
        [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")],
        st,
    )
    story += [meta, Spacer(1, 1.5 * mm)]

    lw, lw2 = 33 * mm, 22 * mm
    vw2 = 67 * mm  # wide enough for a UUID on one line
    vw = width - lw - lw2 - vw2
    L = lambda t: _p(t, st.label)  # noqa: E731
    V = lambda t: _p(t, st.body)  # noqa: E731
    rows = [
        [L("企业名称"), V(_e(data.enterprise_name)), "", ""],
        [L("统一社会信用代码"), V(_e(data.credit_code)), L("申请编号"), _p(_e(data.application_id), st.code)],
        [L("政策事项"), V(_e(data.item_title)), "", ""],
        [L("政策文件文号"), V(_or_dash(data.doc_no)), L("主管部门"), V(_or_dash(data.department))],
        [L("预计兑现金额"), V("<br/>".join(_amount_lines(data.amount, data.benefit_text))), "", ""],
        [L("承诺办结日期"), V(_promise(data.promised_days, data.promised_date)), "", ""],
        [L("受理人"), V(_e(data.clerk_name)), L("受理时间"), V(_datetime(data.accepted_at))],
        [L("经办人"), V(f"{_e(data.agent_name)}　身份证号 {_e(data.agent_id_masked)}　手机 {_e(data.agent_phone_masked)}"), "", ""],
    ]
    spans = [("SPAN", (1, r), (3, r)) for r in (0, 2, 4, 5, 7)]
    labels = [(0, r) for r in range(len(rows))] + [(2, r) for r in (1, 3, 6)]
    story.append(_grid_table(rows, [lw, vw, lw2, vw2], st, spans=spans + _shade(labels), pad=4))

    n_recv = len(data.materials_received)
    story.append(_p(f"已收材料（共 {n_recv} 项）", st.section))
    if n_recv:
        story.append(_grid_table(_received_rows(data, st), [12 * mm, width - 52 * mm, 20 * mm, 20 * mm], st, header=True))
    else:
        story.append(_p("无。", st.body))
    if data.materials_owed:
        story.append(_p(f"待补材料（容缺受理，共 {len(data.materials_owed)} 项）", st.section))
        story.append(_grid_table(_owed_rows(data, st), [12 * mm, width - 57 * mm, 45 * mm], st, header=True))
    else:
        story.append(_p("待补材料：无。", st.section))

    qr_side = 36 * mm
    left = [
        _p("经办人签字：______________　　受理单位（盖章）", st.body),
        Spacer(1, 6 * mm),
        _p("注：<br/>" + _numbered(_receipt_notes(data)), st.small),
    ]
    right = [_QrCode(data.qr_text, qr_side), _p("扫码核验真伪", st.caption)]
    tail = _table(
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
    story += [_PushToBottom(tail), KeepTogether([tail])]
    return story


def _kv_table(rows: list[tuple[str, str]], st: _Styles, width: float, label_width: float) -> Table:
    cells = [[_p(k, st.label), _p(v, st.body)] for k, v in rows]
    return _table(
        cells,
        [label_width, width - label_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8),
        ],
        st,
    )


def _list_table(rows: list[list], widths: Sequence[float], st: _Styles) -> Table:
    return _table(
        rows,
        widths,
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.8),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ],
        st,
    )


def _receipt_story_roll(data: ReceiptData, st: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [_p(_e(data.hall_name), st.hall), _p(_receipt_title(data), st.title), Spacer(1, 1 * mm)]
    if data.reprint:
        story += [_ReversedBanner("补 打", st.banner), Spacer(1, 1.5 * mm)]
    story.append(
        _kv_table(
            [("回执编号", _e(data.receipt_no)), ("受理窗口", _or_dash(data.window)), ("申请编号", f"<font size={st.base - 1.8}>{_e(data.application_id)}</font>")],
            st,
            width,
            15 * mm,
        )
    )
    story.append(_Rule(dashed=True))
    story.append(
        _kv_table(
            [
                ("企业名称", _e(data.enterprise_name)),
                ("信用代码", _e(data.credit_code)),
                ("政策事项", _e(data.item_title)),
                ("文件文号", _or_dash(data.doc_no)),
                ("主管部门", _or_dash(data.department)),
                ("预计金额", "<br/>".join(_amount_lines(data.amount, data.benefit_text))),
                ("承诺办结", _promise(data.promised_days, data.promised_date)),
            ],
            st,
            width,
            15 * mm,
        )
    )
    story.append(_Rule(dashed=True))
    story.append(_p(f"已收材料（共 {len(data.materials_received)} 项）", st.section))
    if data.materials_received:
        rows = [[_p("材料名称", st.small), _p("原件", st.cell_center), _p("复印件", st.cell_center)]]
        for i, m in enumerate(data.materials_received, start=1):
            rows.append([_p(f"{i}. {_e(m.name)}", st.body), _p(str(m.originals), st.cell_center), _p(str(m.copies), st.cell_center)])
        story.append(_list_table(rows, [width - 22 * mm, 10 * mm, 12 * mm], st))
    else:
        story.append(_p("无。", st.body))
    if data.materials_owed:
        story.append(_p(f"待补材料（容缺受理，共 {len(data.materials_owed)} 项）", st.section))
        rows = [[_p("材料名称", st.small), _p("补齐期限", st.cell_center)]]
        for i, m in enumerate(data.materials_owed, start=1):
            deadline = f"{_date(m.deadline)}前" if m.deadline else "—"
            rows.append([_p(f"{i}. {_e(m.name)}", st.body), _p(deadline, st.cell_center)])
        story.append(_list_table(rows, [width - 27 * mm, 27 * mm], st))
    else:
        story.append(_p("待补材料：无。", st.section))
    story.append(_Rule(dashed=True))
    story.append(
        _kv_table(
            [
                ("受理人", _e(data.clerk_name)),
                ("经办人", _e(data.agent_name)),
                ("身份证号", _e(data.agent_id_masked)),
                ("手机号码", _e(data.agent_phone_masked)),
                ("受理时间", _datetime(data.accepted_at)),
            ],
            st,
            width,
            15 * mm,
        )
    )
    story += [
        Spacer(1, 3 * mm),
        _QrCode(data.qr_text, 46 * mm, snap=ROLL_DOT, centred=True),
        _p("扫码核验真伪", st.caption),
        Spacer(1, 2 * mm),
        _p("注：<br/>" + _numbered(_receipt_notes(data)), st.tiny),
    ]
    return story


# --- notice -------------------------------------------------------------------------------


def _notice_intro(data: NoticeData) -> str:
    return (
        f"您（单位）申请办理的“{_e(data.item_title)}”（政策文件文号：{_or_dash(data.doc_no)}；"
        f"主管部门：{_or_dash(data.department)}），经窗口审查，申请材料尚不齐全，暂不能受理。"
        f"现将需要补齐的材料一次性告知如下："
    )


def _notice_all_at_once(data: NoticeData) -> str:
    return (
        f"以上共 {len(data.missing)} 项，为本次申请所缺的全部材料，已一次性告知。"
        f"补齐上述材料后即可再次申请，窗口不会再要求提供本告知单以外的材料。"
    )


def _notice_notes(data: NoticeData) -> list[str]:
    notes = ["本告知单不是受理凭证。", *data.notes]
    if data.hall_phone:
        notes.append(f"咨询电话：{data.hall_phone}")
    return notes


def _notice_story_a4(data: NoticeData, st: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        _p(_e(data.hall_name), st.hall),
        _p("一次性告知单", st.title),
        Spacer(1, 3 * mm),
        _p(f"致：{_e(data.enterprise_name)}（统一社会信用代码：{_e(data.credit_code)}）", st.body),
        Spacer(1, 2 * mm),
        _p(_notice_intro(data), st.body),
        Spacer(1, 2 * mm),
    ]
    rows = [[_p("序号", st.head), _p("所缺材料", st.head), _p("用途及要求", st.head), _p("原件", st.head), _p("复印件", st.head)]]
    for i, m in enumerate(data.missing, start=1):
        rows.append(
            [_p(str(i), st.cell_center), _p(_e(m.name), st.body), _p(_or_dash(m.purpose), st.body), _p(str(m.originals), st.cell_center), _p(str(m.copies), st.cell_center)]
        )
    name_w = (width - 12 * mm - 32 * mm) * 0.45
    story.append(_grid_table(rows, [12 * mm, name_w, width - 44 * mm - name_w, 16 * mm, 16 * mm], st, header=True))
    story += [Spacer(1, 3 * mm), _p(_notice_all_at_once(data), st.body), Spacer(1, 6 * mm)]
    who = [
        [_p(f"受理窗口：{_or_dash(data.window)}", st.body), _p(f"告知人：{_e(data.clerk_name)}", st.body)],
        [_p(f"告知日期：{_date(data.issued_at.astimezone(shanghai()).date())}", st.body), _p(f"经办人签收：{_e(data.agent_name) if data.agent_name else '______________'}", st.body)],
    ]
    story.append(_table(who, [width / 2, width / 2], [("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)], st))
    story += [Spacer(1, 4 * mm), _p("注：<br/>" + _numbered(_notice_notes(data)), st.small)]
    return story


def _notice_story_roll(data: NoticeData, st: _Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        _p(_e(data.hall_name), st.hall),
        _p("一次性告知单", st.title),
        _kv_table(
            [
                ("企业名称", _e(data.enterprise_name)),
                ("信用代码", _e(data.credit_code)),
                ("政策事项", _e(data.item_title)),
                ("文件文号", _or_dash(data.doc_no)),
                ("主管部门", _or_dash(data.department)),
            ],
            st,
            width,
            15 * mm,
        ),
        _Rule(dashed=True),
        _p("经窗口审查，申请材料尚不齐全，暂不能受理。现将需要补齐的材料一次性告知如下：", st.body),
        Spacer(1, 1 * mm),
    ]
    rows = [[_p("所缺材料及用途", st.small), _p("原件", st.cell_center), _p("复印件", st.cell_center)]]
    for i, m in enumerate(data.missing, start=1):
        text = f"{i}. {_e(m.name)}"
        if m.purpose:
            text += f"<br/><font size={st.base - 1.5}>用途：{_e(m.purpose)}</font>"
        rows.append([_p(text, st.body), _p(str(m.originals), st.cell_center), _p(str(m.copies), st.cell_center)])
    story.append(_list_table(rows, [width - 22 * mm, 10 * mm, 12 * mm], st))
    story += [
        Spacer(1, 1.5 * mm),
        _p(_notice_all_at_once(data), st.body),
        _Rule(dashed=True),
        _kv_table(
            [
                ("受理窗口", _or_dash(data.window)),
                ("告知人", _e(data.clerk_name)),
                ("告知日期", _date(data.issued_at.astimezone(shanghai()).date())),
                ("经办人签收", _e(data.agent_name) if data.agent_name else "______________"),
            ],
            st,
            width,
            17 * mm,
        ),
        Spacer(1, 2 * mm),
        _p("注：<br/>" + _numbered(_notice_notes(data)), st.tiny),
    ]
    return story


# --- documents ----------------------------------------------------------------------------


def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"未知的版式 {layout!r}：应为 {' 或 '.join(LAYOUTS)}")


def _document(
    buf: io.BytesIO, pagesize: tuple[float, float], margins: tuple[float, float, float], font: CjkFont, *, title: str, subject: str, on_page=None
) -> BaseDocTemplate:
    """A one-frame document; the frame has no inner padding so measured widths are real widths."""
    x, top, bottom = margins
    doc = BaseDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=x,
        rightMargin=x,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        subject=subject,
        author="政策快享",
        creator="政策快享 · 窗口客户端",
        invariant=1,
        # Not Helvetica: then the only font in the file is the embedded CJK subset.
        initialFontName=font.name,
    )
    frame = Frame(x, bottom, pagesize[0] - 2 * x, pagesize[1] - top - bottom, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page or (lambda c, d: None))])
    return doc


def _build_a4(story: list[Flowable], font: CjkFont, *, title: str, subject: str, footer: str, later_header: str, reprint: bool) -> bytes:
    buf = io.BytesIO()
    page_w, page_h = A4

    def decorate(canvas: Canvas, _doc) -> None:
        canvas.saveState()
        if reprint:
            # A large pale 补打 across the page under the content, and a stamp at the top right.
            canvas.saveState()
            canvas.setFillColor(colors.Color(0, 0, 0, alpha=0.07))
            canvas.setFont(font.name, 150)
            canvas.translate(page_w / 2, page_h / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, -50, "补打")
            canvas.restoreState()
            canvas.setFillColor(colors.black)
            canvas.setStrokeColor(colors.black)
            canvas.setLineWidth(2)
            bw, bh = 30 * mm, 12 * mm
            bx, by = page_w - A4_MARGIN_X - bw, page_h - A4_MARGIN_TOP + 2 * mm - bh
            canvas.rect(bx, by, bw, bh, stroke=1, fill=0)
            canvas.setFont(font.name, 22)
            canvas.drawCentredString(bx + bw / 2, by + 3.6 * mm, "补打")
        if canvas.getPageNumber() > 1:
            canvas.setFont(font.name, 8)
            canvas.setFillColor(colors.HexColor("#444444"))
            room = page_w - 2 * A4_MARGIN_X - (32 * mm if reprint else 0)  # clear of the 补打 stamp
            canvas.drawString(A4_MARGIN_X, page_h - A4_MARGIN_TOP + 4 * mm, _fit(later_header, font.name, 8, room))
        canvas.restoreState()

    doc = _document(buf, A4, (A4_MARGIN_X, A4_MARGIN_TOP, A4_MARGIN_BOTTOM), font, title=title, subject=subject, on_page=decorate)
    doc.build(story, canvasmaker=_numbered_canvas(font.name, footer))
    return buf.getvalue()


def _measure(story: list[Flowable], width: float) -> float:
    total = 0.0
    for f in story:
        _, h = f.wrap(width, 1e6)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _build_roll(story: list[Flowable], font: CjkFont, *, title: str, subject: str) -> bytes:
    width = ROLL_WIDTH - 2 * ROLL_MARGIN
    height = _measure(story, width) + 2 * ROLL_MARGIN + 2 * mm  # slack for rounding
    buf = io.BytesIO()
    doc = _document(buf, (ROLL_WIDTH, height), (ROLL_MARGIN, ROLL_MARGIN, ROLL_MARGIN), font, title=title, subject=subject)
    doc.build(story)
    return buf.getvalue()


def _styles_for(font: CjkFont, layout: str) -> _Styles:
    return _Styles(font.name, 10.0 if layout == "a4" else 8.5)


def render_receipt(data: ReceiptData, layout: Layout = "a4", *, font: CjkFont | None = None) -> bytes:
    """The 受理回执 as PDF bytes, ``layout`` "a4" or "80mm". ``font``: default :func:`cjk_font`."""
    _check_layout(layout)
    font = font or cjk_font()
    st = _styles_for(font, layout)
    title = f"{_receipt_title(data)} {data.receipt_no}"
    subject = f"{data.enterprise_name} · {data.item_title}"
    if layout == "a4":
        width = A4[0] - 2 * A4_MARGIN_X
        return _build_a4(
            _receipt_story_a4(data, st, width),
            font,
            title=title,
            subject=subject,
            footer=f"{data.hall_name} · {_receipt_title(data)} · 回执编号 {data.receipt_no}",
            later_header=f"{_receipt_title(data)}（续）  回执编号 {data.receipt_no}  {data.enterprise_name}",
            reprint=data.reprint,
        )
    return _build_roll(_receipt_story_roll(data, st, ROLL_WIDTH - 2 * ROLL_MARGIN), font, title=title, subject=subject)


def render_notice(data: NoticeData, layout: Layout = "a4", *, font: CjkFont | None = None) -> bytes:
    """The 一次性告知单 as PDF bytes, ``layout`` "a4" or "80mm"."""
    _check_layout(layout)
    font = font or cjk_font()
    st = _styles_for(font, layout)
    title = f"一次性告知单 {data.enterprise_name}"
    subject = data.item_title
    if layout == "a4":
        width = A4[0] - 2 * A4_MARGIN_X
        return _build_a4(
            _notice_story_a4(data, st, width),
            font,
            title=title,
            subject=subject,
            footer=f"{data.hall_name} · 一次性告知单 · {data.enterprise_name}",
            later_header=f"一次性告知单（续）  {data.enterprise_name}",
            reprint=False,
        )
    return _build_roll(_notice_story_roll(data, st, ROLL_WIDTH - 2 * ROLL_MARGIN), font, title=title, subject=subject)
