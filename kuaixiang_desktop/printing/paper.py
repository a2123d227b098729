"""The two papers a window prints its slips on (受理回执, 一次性告知单): A4 and the 80 mm roll.

A4 flows onto more pages when the content is long (tables split between rows, and inside a
row if one row is taller than a page), with "第 x 页 / 共 y 页" and a footer on every page and
a running head from the second page on. The 80 mm roll is one page whose height is computed
from the content. Both slips use the same styles, scaled to the paper, and the same narrow
tables on the roll. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from . import layout
from .fonts import CjkFont
from .layout import p

__all__ = [
    "A4_MARGIN_X",
    "LAYOUTS",
    "ROLL_DOT",
    "ROLL_MARGIN",
    "ROLL_WIDTH",
    "Layout",
    "SlipStyles",
    "aware",
    "build_a4",
    "build_roll",
    "check_layout",
    "grid_table",
    "kv_table",
    "list_table",
    "styles_for",
    "table",
]

Layout = Literal["a4", "80mm"]
LAYOUTS: tuple[str, ...] = ("a4", "80mm")

ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 4 * mm
# A thermal head prints 8 dots per mm (203 dpi): QR modules a whole number of dots stay crisp.
ROLL_DOT = 0.125 * mm
A4_MARGIN_X = 18 * mm
A4_MARGIN_TOP = 15 * mm
A4_MARGIN_BOTTOM = 16 * mm


def check_layout(name: str) -> None:
    if name not in LAYOUTS:
        raise ValueError(f"未知的版式 {name!r}：应为 {' 或 '.join(LAYOUTS)}")


def aware(when: dt.datetime, what: str) -> dt.datetime:
    """``when`` if it has a time zone: a naive time could be the machine's or UTC, and a slip
    prints the hall's time."""
    if not isinstance(when, dt.datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{what}必须是带时区的 datetime，得到 {when!r}")
    return when


# --- styles -------------------------------------------------------------------------------


class SlipStyles:
    """The slips' paragraph styles, all derived from one ``base`` size (smaller on the roll)."""

    def __init__(self, font: CjkFont, base: float) -> None:
        style = layout.style_maker(font, 1.4)
        self.font = font.name
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


def styles_for(font: CjkFont, layout_name: str) -> SlipStyles:
    return SlipStyles(font, 10.0 if layout_name == "a4" else 8.5)


# --- tables -------------------------------------------------------------------------------


class SheetTable(layout.PagedTable):
    """Any table of a slip: only A4 has pages to split across (the roll is one long page)."""

    FRAME_HEIGHT = A4[1] - A4_MARGIN_TOP - A4_MARGIN_BOTTOM


def table(rows: list[list], widths: Sequence[float], cmds: list[tuple], st: SlipStyles, **kw) -> Table:
    return layout.table(rows, widths, cmds, st.font, cls=SheetTable, **kw)


def grid_table(rows: list[list], widths: Sequence[float], st: SlipStyles, **kw) -> Table:
    return layout.grid_table(rows, widths, st.font, cls=SheetTable, **kw)


def kv_table(rows: list[tuple[str, str]], st: SlipStyles, width: float, label_width: float) -> Table:
    """Label and value side by side, unruled: the roll is too narrow for a grid."""
    cells = [[p(k, st.label), p(v, st.body)] for k, v in rows]
    return table(
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


def list_table(rows: list[list], widths: Sequence[float], st: SlipStyles) -> Table:
    """A list on the roll: a rule under its header row and none between the lines."""
    return table(
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


# --- documents ----------------------------------------------------------------------------


def build_a4(story: list[Flowable], font: CjkFont, *, title: str, subject: str, footer: str, later_header: str, reprint: bool) -> bytes:
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
            room = page_w - 2 * A4_MARGIN_X - (32 * mm if reprint else 0)  # clear of the 补打 stamp
            layout.small_print(canvas, font.name, A4_MARGIN_X, page_h - A4_MARGIN_TOP + 4 * mm, later_header, room)
        canvas.restoreState()

    doc = layout.document(buf, A4, (A4_MARGIN_X, A4_MARGIN_TOP, A4_MARGIN_BOTTOM), font, title=title, subject=subject, on_page=decorate)
    doc.build(story, canvasmaker=layout.numbered_canvas(font.name, footer, margin_x=A4_MARGIN_X, margin_bottom=A4_MARGIN_BOTTOM))
    return buf.getvalue()


def _measure(story: list[Flowable], width: float) -> float:
    total = 0.0
    for f in story:
        _, h = f.wrap(width, 1e6)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def build_roll(story: list[Flowable], font: CjkFont, *, title: str, subject: str) -> bytes:
    width = ROLL_WIDTH - 2 * ROLL_MARGIN
    height = _measure(story, width) + 2 * ROLL_MARGIN + 2 * mm  # slack for rounding
    buf = io.BytesIO()
    doc = layout.document(buf, (ROLL_WIDTH, height), (ROLL_MARGIN, ROLL_MARGIN, ROLL_MARGIN), font, title=title, subject=subject)
    doc.build(story)
    return buf.getvalue()
