"""What every printed document shares: reportlab's set-up, paragraph styles in the CJK font,
text for paragraph markup, one-line fitting, page numbers and running heads, the document
template, tables and the plain flowables.

The receipt and the notice (:mod:`.receipt`, :mod:`.notice`, their papers in :mod:`.paper`)
and the 一企一策清单 (:mod:`.checklist`) are all built from these pieces, so a fix to line
breaking or to the page footer reaches all three. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

from kuaixiang_core.domain.clock import SHANGHAI
from kuaixiang_core.domain.money import format_yuan

from .fonts import CjkFont

__all__ = [
    "GREY",
    "GRID",
    "NO_LINE_START",
    "SHADE",
    "SMALL_PRINT",
    "PagedTable",
    "PushToBottom",
    "Rule",
    "chinese_date",
    "chinese_datetime",
    "configure_reportlab",
    "document",
    "fit",
    "grid_table",
    "markup",
    "numbered",
    "numbered_canvas",
    "or_dash",
    "p",
    "shade",
    "small_print",
    "style_maker",
    "table",
    "yuan",
]

# --- reportlab ----------------------------------------------------------------------------

NO_LINE_START = "，：；！？％、。）》」』】〕"


def configure_reportlab() -> None:
    """Complete reportlab's list of characters that cannot start a line.

    reportlab's CJK line breaking keeps such a character on the previous line (hanging in the
    margin), but its list lacks the full-width comma, colon, semicolon, ! and ?, so a line of a
    receipt could start with "，" or "：". The list is process-wide module state, in two places:
    ``reportlab.platypus.paragraph`` (paragraphs of several fragments) and
    ``reportlab.lib.textsplit`` (plain text). Idempotent: call it from any module, any number
    of times.
    """
    for module in (_rl_paragraph, _rl_textsplit):
        module.ALL_CANNOT_START += "".join(c for c in NO_LINE_START if c not in module.ALL_CANNOT_START)


# At import, as the document modules always did: every document is laid out through here.
configure_reportlab()

# --- colours and styles -------------------------------------------------------------------

GREY = colors.HexColor("#444444")  # running heads, footers, secondary lines
GRID = colors.HexColor("#555555")
SHADE = colors.HexColor("#EEEEEE")  # table headers and field labels
SMALL_PRINT = 8  # points: running heads and footers


def style_maker(font: CjkFont, line_spacing: float) -> Callable[..., ParagraphStyle]:
    """``style(name, size, leading=None, **kw)``: paragraph styles set in ``font``.

    They wrap at any CJK character (long names never run off the paper); the leading is
    ``line_spacing`` times the size unless a style gives its own.
    """

    def style(name: str, size: float, leading: float | None = None, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font.name, fontSize=size, leading=leading or size * line_spacing, wordWrap="CJK", **kw)

    return style


# --- text ---------------------------------------------------------------------------------


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


def markup(text: object) -> str:
    """``text`` as paragraph markup: "<" and "&" printed as such, the user's line breaks kept."""
    return escape(str(text)).replace("\n", "<br/>")


def or_dash(text: object) -> str:
    return markup(text) if text is not None and str(text).strip() else "—"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def chinese_datetime(when: dt.datetime) -> str:
    """An aware time as the hall's clock shows it, whatever the machine's own zone."""
    local = when.astimezone(SHANGHAI)
    return f"{chinese_date(local.date())} {local:%H:%M:%S}"


def yuan(amount: Decimal) -> str:
    return f"￥{format_yuan(amount)}"


def numbered(notes: Sequence[str]) -> str:
    """Notes as "1. …<br/>2. …" markup, each note escaped."""
    return "<br/>".join(f"{i}. {markup(n)}" for i, n in enumerate(notes, start=1))


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to ``width`` points with "…": running heads and footers are one line.

    The longest prefix that fits with its "…", found by bisection: widths only grow with the
    prefix, and a name tens of thousands of characters long costs a few measurements.
    """
    if stringWidth(text, font, size) <= width:
        return text
    # text[:short] + "…" fits (or short is 0); text[:long] + "…" does not.
    short, long = 0, len(text)
    while long - short > 1:
        mid = (short + long) // 2
        if stringWidth(text[:mid] + "…", font, size) <= width:
            short = mid
        else:
            long = mid
    return text[:short] + "…"


# --- pages --------------------------------------------------------------------------------


def small_print(canvas: Canvas, font: str, x: float, y: float, text: str, width: float) -> None:
    """One grey line of small print at (x, y), cut to ``width``."""
    canvas.setFont(font, SMALL_PRINT)
    canvas.setFillColor(GREY)
    canvas.drawString(x, y, fit(text, font, SMALL_PRINT, width))


def numbered_canvas(font: str, footer: str, *, margin_x: float, margin_bottom: float) -> type[Canvas]:
    """A canvas class that writes ``footer`` and "第 x 页 / 共 y 页" 9 mm below the frame.

    The page count is known only when the document is finished, so every page is kept and the
    footers are written on ``save``.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            width = self._pagesize[0]
            y = margin_bottom - 9 * mm
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.saveState()
                pages = f"第 {number} 页 / 共 {total} 页"
                room = width - 2 * margin_x - stringWidth(pages, font, SMALL_PRINT) - 6 * mm
                small_print(self, font, margin_x, y, footer, room)
                self.drawRightString(width - margin_x, y, pages)
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def document(
    buf: io.BytesIO,
    pagesize: tuple[float, float],
    margins: tuple[float, float, float],
    font: CjkFont,
    *,
    title: str,
    subject: str,
    on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None,
) -> BaseDocTemplate:
    """A one-frame document with ``margins`` (sides, top, bottom).

    The frame has no inner padding, so widths measured for a story are the real widths; the
    output is ``invariant`` (same input, same bytes), which keeps archived PDFs comparable.
    """
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


# --- tables -------------------------------------------------------------------------------


class PagedTable(Table):
    """Splits between rows; inside a row only when that row is taller than a whole frame.

    (reportlab's ``splitInRow`` would also cut a row that merely does not fit the rest of the
    page, leaving a header and an empty sliver of a row at the foot of the page.) Subclasses
    set ``FRAME_HEIGHT``: reportlab makes the parts of a split table with ``self.__class__``
    and the table's own arguments, so the height cannot be an argument.
    """

    FRAME_HEIGHT: float

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self._calc(availWidth, availHeight)
        repeat = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        heights = self._rowHeights
        self.splitInRow = int(len(heights) > repeat and sum(heights[: repeat + 1]) > self.FRAME_HEIGHT)
        return super().split(availWidth, availHeight)


def table(rows: list[list], widths: Sequence[float], cmds: Sequence[tuple], font: str, *, cls: type[Table] = Table, **kw) -> Table:
    """A left-aligned table whose own font (for its empty cells) is the CJK font, not Helvetica."""
    kw.setdefault("hAlign", "LEFT")
    return cls(rows, colWidths=list(widths), style=TableStyle([("FONTNAME", (0, 0), (-1, -1), font), *cmds]), **kw)


def grid_table(
    rows: list[list],
    widths: Sequence[float],
    font: str,
    *,
    header: bool = False,
    extra: Sequence[tuple] = (),
    pad: float = 3,
    cls: type[Table] = Table,
    **kw,
) -> Table:
    """A ruled table; with ``header`` the first row is shaded and repeated on every page."""
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad + 1),
        *extra,
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    return table(rows, widths, style, font, cls=cls, repeatRows=1 if header else 0, **kw)


def shade(cells: Iterable[tuple[int, int]]) -> list[tuple]:
    """Shade the label cells (column, row) of a field table."""
    return [("BACKGROUND", (c, r), (c, r), SHADE) for c, r in cells]


# --- flowables ----------------------------------------------------------------------------


class Rule(Flowable):
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


class PushToBottom(Flowable):
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
