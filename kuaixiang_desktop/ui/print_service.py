"""Put a receipt PDF on paper: pypdfium2 rasterises it, QPainter paints it onto a QPrinter.

The archived receipt (:mod:`kuaixiang_desktop.printing.receipt`) is the truth; this module does
not lay anything out again, it prints the very PDF that is archived.  QtPdf (``QPdfDocument``)
ships in PySide6-Addons only, so pages are rendered with ``pypdfium2`` into ``QImage`` s and
drawn on the printer page, full bleed (the PDF carries its own margins).

Two layouts (the same names as the PDF layouts):

``"a4"``
    A4 portrait, zero printer margins, one paper page per PDF page.
``"80mm"``
    Roll paper: a custom page 80 mm wide and as long as the PDF page (read from the PDF), one
    paper page per PDF page, each printed from the top.  Pages of different lengths get a
    paper length each where the engine allows it (Qt's PDF engine: PDF files, CUPS); the
    preview and Windows' GDI engine cannot change paper mid-job, so there every page gets the
    longest page's length.  Qt's PDF engine rounds page sizes to whole points (80 mm =
    226.77 pt becomes 227 pt).

API
---
:func:`print_pdf` does everything on the calling (GUI) thread; a one-page receipt renders in a
few tens of milliseconds at 300 dpi, so that is fine for the counter's ordinary receipts.  For
long documents the heavy part splits off to the background-task helper
(:class:`~kuaixiang_desktop.ui.tasks.TaskRunner`)::

    configure_printer(printer, layout, pdf)            # GUI thread: the paper QPrintDialog shows
    dpi = render_dpi(printer, layout)                  # GUI thread: reads the printer
    runner.submit(render_pages, pdf, dpi,              # worker: pdfium -> QImage (no QPixmap)
                  on_done=lambda pages: paint_pages(pages, printer, layout=layout),  # GUI thread
                  on_error=show_error)                 # PrintError carries a Chinese message

:func:`render_pages` touches no widget, pixmap or printer and holds a module lock around every
pdfium call (PDFium is not thread-safe, not even across documents), so it is safe in worker
threads; anything else in the client that calls pypdfium2 must take :data:`PDFIUM_LOCK` too.
:func:`paint_pages` paints on the printer and must run on the GUI thread.

:func:`preview` builds a :class:`QPrintPreviewDialog` whose ``paintRequested`` runs the same
painting; the caller shows it modally (it deletes itself when closed).

Resolution (:func:`render_dpi`): the printer's own resolution when it is a real device
resolution (150–300 dpi for A4, 203–300 dpi for the roll: a thermal head's 203 dpi gives one
pixel per dot); a high-resolution or virtual printer (``QPrinter.HighResolution`` is 1200 dpi)
gets 300 dpi for A4 and 8 dots/mm (203.2 dpi) for the roll, the grid the roll's QR code is
drawn on; below the range (a preview at screen resolution, 96 dpi) A4 gets 150 dpi and the
roll 203.2 dpi.  Pages render in grey (one byte per pixel): the receipts are black on white.

Errors: a PDF that cannot be read, has no pages or pages too large to rasterise, and a printer
that refuses to start or fails while printing, raise :class:`PrintError` with a message for the
clerk.  A bad PDF is refused before the printer is touched.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPageSize, QPaintEngine, QPainter, QShortcut
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from .qtcompat import emit

__all__ = [
    "PDFIUM_LOCK",
    "PrintError",
    "PrintPreviewDialog",
    "PrintResult",
    "RenderedPage",
    "configure_printer",
    "paint_pages",
    "pdf_page_sizes",
    "describe_destination",
    "preview",
    "print_pdf",
    "render_dpi",
    "render_pages",
]

log = logging.getLogger(__name__)

PT_PER_MM = 72 / 25.4
ROLL_WIDTH_MM = 80.0
ROLL_DOTS_DPI = 8 * 25.4  # 203.2: a thermal head's 8 dots per mm
A4_DPI_RANGE = (150.0, 300.0)
ROLL_DPI_RANGE = (203.0, 300.0)
A4_FALLBACK_DPI = 300.0
MAX_PAGE_PIXELS = 150_000_000  # 150 MB of grey per page: 80 mm roll over 13 m long at 300 dpi

PDFIUM_LOCK = threading.Lock()

if TYPE_CHECKING:
    import pypdfium2 as pdfium


def _pdfium():
    """pypdfium2, loaded with the first page printed or previewed rather than with the window."""
    import pypdfium2

    return pypdfium2
"""Held around every pypdfium2 call: PDFium may not run on two threads at once."""


class PrintError(Exception):
    """Printing failed; ``str()`` is a Chinese message fit to show the clerk."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One PDF page as an image (``QImage``: fine off the GUI thread) and its size in points."""

    image: QImage
    width_pt: float
    height_pt: float
    dpi: float


@dataclass(frozen=True, slots=True)
class PrintResult:
    """What went to the printer: ``pages`` paper pages, rendered at ``dpi``."""

    pages: int
    layout: str
    dpi: float


# --- reading the PDF (any thread) -----------------------------------------------------------


def _check_layout(layout: str) -> None:
    from ..printing.paper import LAYOUTS  # reportlab's, loaded with the first print

    if layout not in LAYOUTS:
        raise ValueError(f"未知的版式 {layout!r}：应为 {' 或 '.join(LAYOUTS)}")


def _open(pdf: bytes) -> pdfium.PdfDocument:
    """Open under the lock (the caller holds it); PrintError when it is not a readable PDF."""
    if not isinstance(pdf, (bytes, bytearray, memoryview)):
        raise TypeError(f"pdf 必须是 bytes，得到 {type(pdf).__name__}")
    if not pdf:
        raise PrintError("无法打印：PDF 内容为空")
    pdfium = _pdfium()
    try:
        document = pdfium.PdfDocument(bytes(pdf))
    except pdfium.PdfiumError as exc:
        raise PrintError(f"无法打印：PDF 文件已损坏或不是 PDF（{exc}）") from exc
    if len(document) == 0:
        document.close()
        raise PrintError("无法打印：PDF 没有页面")
    return document


def pdf_page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) of every page in points; PrintError for an unreadable PDF."""
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            sizes = []
            for i in range(len(document)):
                page = document[i]
                try:
                    sizes.append(tuple(page.get_size()))
                finally:
                    page.close()
            return sizes
        finally:
            document.close()


def render_pages(pdf: bytes, dpi: float, *, grayscale: bool = True) -> list[RenderedPage]:
    """Every page of ``pdf`` rasterised at ``dpi``. Safe in a worker thread (no QPixmap, no
    widget, pdfium under :data:`PDFIUM_LOCK`). PrintError when the PDF cannot be rendered."""
    if not dpi > 0:
        raise ValueError(f"dpi 必须为正数，得到 {dpi!r}")
    scale = dpi / 72
    pages: list[RenderedPage] = []
    pdfium = _pdfium()
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            for i in range(len(document)):
                page = document[i]
                try:
                    width_pt, height_pt = page.get_size()
                    if width_pt <= 0 or height_pt <= 0:
                        raise PrintError(f"无法打印：PDF 第 {i + 1} 页的尺寸无效（{width_pt:g}×{height_pt:g} pt）")
                    if width_pt * scale * height_pt * scale > MAX_PAGE_PIXELS:
                        raise PrintError(
                            f"无法打印：PDF 第 {i + 1} 页过大（{width_pt / PT_PER_MM:.0f}×{height_pt / PT_PER_MM:.0f} mm）"
                        )
                    try:
                        if grayscale:
                            bitmap = page.render(scale=scale, grayscale=True)
                        else:
                            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
                    except pdfium.PdfiumError as exc:
                        raise PrintError(f"无法打印：PDF 第 {i + 1} 页无法渲染（{exc}）") from exc
                    try:
                        image = _to_qimage(bitmap, dpi)
                    finally:
                        bitmap.close()
                    pages.append(RenderedPage(image, float(width_pt), float(height_pt), float(dpi)))
                finally:
                    page.close()
        finally:
            document.close()
    return pages


_QIMAGE_FORMATS = {
    "L": QImage.Format.Format_Grayscale8,
    "RGBX": QImage.Format.Format_RGBX8888,
    "RGB": QImage.Format.Format_RGB888,
}


def _to_qimage(bitmap: pdfium.PdfBitmap, dpi: float) -> QImage:
    fmt = _QIMAGE_FORMATS.get(bitmap.mode)
    if fmt is None:  # pragma: no cover - render() above only asks for these
        raise PrintError(f"无法打印：未预期的像素格式 {bitmap.mode}")
    view = memoryview(bitmap.buffer).cast("B")
    # The QImage only borrows pdfium's buffer: copy() gives it memory of its own.
    image = QImage(view, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


# --- the printer (GUI thread) ---------------------------------------------------------------


def render_dpi(printer: QPrinter, layout: str) -> float:
    """The resolution to rasterise at for ``printer`` (see the module docstring)."""
    _check_layout(layout)
    resolution = float(printer.resolution())
    low, high = A4_DPI_RANGE if layout == "a4" else ROLL_DPI_RANGE
    if low <= resolution <= high:
        return resolution  # a real device resolution: one image pixel per printer dot
    if layout == "a4":
        return A4_FALLBACK_DPI if resolution > high else low
    return ROLL_DOTS_DPI


def _page_size(layout: str, size_pt: tuple[float, float] | None) -> QPageSize:
    if layout == "a4":
        return QPageSize(QPageSize.PageSizeId.A4)
    if size_pt is None:
        raise ValueError("80 mm 卷纸的纸长取自 PDF：请传入 pdf")
    length_mm = size_pt[1] / PT_PER_MM
    return QPageSize(
        QSizeF(ROLL_WIDTH_MM, length_mm),
        QPageSize.Unit.Millimeter,
        f"80 mm 卷纸 {length_mm:.0f} mm",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def _apply(printer: QPrinter, layout: str, size_pt: tuple[float, float] | None) -> None:
    page_size = _page_size(layout, size_pt)
    page_layout = QPageLayout(
        page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point
    )
    # Full-page mode: the origin is the paper's corner and zero margins are allowed (the PDF
    # has its own); whatever the device cannot reach is simply not inked.
    page_layout.setMode(QPageLayout.Mode.FullPageMode)
    if not printer.setPageLayout(page_layout):
        printer.setPageSize(page_size)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    printer.setFullPage(True)  # setPageLayout() may have reset the mode on some printers


def configure_printer(printer: QPrinter, layout: str, pdf: bytes | None = None) -> None:
    """Paper for ``layout``: A4 portrait with zero margins, or 80 mm roll paper as long as the
    first page of ``pdf`` (required for ``"80mm"``). Full-page mode, so nothing is shifted."""
    _check_layout(layout)
    size_pt = None
    if layout == "80mm":
        if pdf is None:
            raise ValueError("80 mm 卷纸的纸长取自 PDF：请传入 pdf")
        size_pt = pdf_page_sizes(pdf)[0]
    _apply(printer, layout, size_pt)


def _target(printer: QPrinter, page: RenderedPage, layout: str) -> QRectF:
    """Where the page goes, in device pixels: the whole paper when the sizes agree (Qt rounds
    paper to whole points), else scaled down to fit, centred across; on A4 centred down the
    page too, on the roll at the top (a shorter slip on longer paper: blank paper after it)."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    per_pt = printer.resolution() / 72
    width, height = page.width_pt * per_pt, page.height_pt * per_pt
    scale = min(paper.width() / width, paper.height() / height)
    if abs(scale - 1) < 0.01:
        scale = 1.0
    width, height = width * scale, height * scale
    top = paper.y() if layout == "80mm" else paper.y() + (paper.height() - height) / 2
    return QRectF(paper.x() + (paper.width() - width) / 2, top, width, height)


def _can_change_paper(printer: QPrinter) -> bool:
    engine = printer.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Pdf


def describe_destination(printer: QPrinter) -> tuple[str, bool]:
    """Where ``printer`` puts the pages: (the file or the printer's name, whether it is a file)."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return printer.outputFileName(), True
    return printer.printerName(), False


def _describe(printer: QPrinter) -> str:
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return f"PDF 文件 {printer.outputFileName() or '（未指定文件名）'}"
    return f"打印机 {printer.printerName() or '（默认）'}"


def paint_pages(pages: Sequence[RenderedPage], printer: QPrinter, *, layout: str) -> PrintResult:
    """Paint rendered pages onto ``printer``, one paper page each (GUI thread)."""
    _check_layout(layout)
    if not pages:
        raise PrintError("无法打印：没有可打印的页面")
    sizes = [(p.width_pt, p.height_pt) for p in pages]
    # Only Qt's PDF engine (PDF files, CUPS) takes a new paper size in the middle of a job; the
    # preview and Windows' GDI engine keep the first: there roll paper is as long as the
    # longest page and every page prints from the top of its sheet.
    per_page = layout == "80mm" and len(set(sizes)) > 1 and _can_change_paper(printer)
    _apply(printer, layout, sizes[0] if per_page else max(sizes, key=lambda s: s[1]))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(f"无法开始打印：{_describe(printer)} 无法打开（检查打印机是否连接、文件能否写入）")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for i, page in enumerate(pages):
            if i:
                if per_page and sizes[i] != sizes[i - 1]:
                    printer.setPageSize(_page_size(layout, sizes[i]))  # takes effect on the new page
                if not printer.newPage():
                    raise PrintError(f"打印中断：{_describe(printer)} 无法开始第 {i + 1} 页")
            painter.drawImage(_target(printer, page, layout), page.image)
    except BaseException:
        printer.abort()
        painter.end()
        raise
    painter.end()
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrintError(f"打印失败：{_describe(printer)} 报告错误")
    return PrintResult(pages=len(pages), layout=layout, dpi=pages[0].dpi)


def print_pdf(pdf: bytes, printer: QPrinter, *, layout: str) -> PrintResult:
    """Print ``pdf`` on ``printer`` in ``layout`` (all on the calling thread; see the module
    docstring for the split that renders in a worker). A bad PDF never touches the printer."""
    _check_layout(layout)
    pages = render_pages(pdf, render_dpi(printer, layout))  # PrintError before the printer is touched
    return paint_pages(pages, printer, layout=layout)


# --- print preview --------------------------------------------------------------------------


class PrintPreviewDialog(QPrintPreviewDialog):
    """Qt's print preview of one PDF; ``paintRequested`` paints it (also when the clerk prints
    from the preview). Pages are rendered once per resolution and kept while the dialog lives.
    Deletes itself when closed.

    Enter and Ctrl+P print at once on the dialog's printer (the one the settings name) and
    close the preview: the clerk at the counter has the keyboard, not the mouse, and Qt's own
    print button asks again for a printer through a second dialog. ``printed(PrintResult)``
    or ``print_failed(str)`` tells what happened. A4 opens fitted to the width and the roll at
    100 %: Qt's whole-page fit showed A4 at 38.5 %, too small to read the amount."""

    printed = Signal(object)  # PrintResult
    print_failed = Signal(str)

    def __init__(self, pdf: bytes, layout: str, parent: QWidget | None = None, *, printer: QPrinter | None = None):
        _check_layout(layout)
        sizes = pdf_page_sizes(pdf)  # refuse a bad PDF before any window exists
        printer = printer if printer is not None else QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(printer, parent)
        self._printer = printer  # QPrintPreviewDialog does not own a printer it is given
        self._pdf = bytes(pdf)
        self._layout = layout
        self._rendered: dict[float, list[RenderedPage]] = {}
        self.last_result: PrintResult | None = None
        self.last_error: PrintError | None = None
        self.setObjectName("printPreview")
        self.setWindowTitle("打印预览")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _apply(printer, layout, sizes[0] if layout == "80mm" else None)
        self.paintRequested.connect(self._paint)
        self.preview_widget = self.findChild(QPrintPreviewWidget)
        self._size_to_screen()
        self._readable_zoom()
        self.print_shortcuts: list[QShortcut] = []
        for keys in (QKeySequence(QKeySequence.StandardKey.Print), QKeySequence(Qt.Key.Key_Return),
                     QKeySequence(Qt.Key.Key_Enter)):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.print_now)
            self.print_shortcuts.append(shortcut)
        qt_print = QCoreApplication.translate("QPrintPreviewDialog", "Print")  # the toolbar's, as Qt names it
        for action in self.findChildren(QAction):
            if action.text() == qt_print:
                action.setToolTip(f"{qt_print} (Enter / Ctrl+P)")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # The preview, not the wizard under it, must have the keyboard: an Enter that reaches
        # the wizard presses 完成 and closes it, printing nothing (seen under X11 with openbox).
        QTimer.singleShot(0, self, self._take_focus)  # dropped if the preview is closed first

    def _take_focus(self) -> None:
        self.activateWindow()
        if self.preview_widget is not None:
            self.preview_widget.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _size_to_screen(self) -> None:
        # Qt's default size is a few hundred pixels wide: an A4 page fitted into it is unreadable.
        screen = (self.parentWidget().screen() if self.parentWidget() is not None else None) or self.screen()
        if screen is None:  # pragma: no cover - a QApplication always has one
            return
        room = screen.availableGeometry()
        self.resize(min(1000, round(room.width() * 0.9)), round(room.height() * 0.9))

    def _readable_zoom(self) -> None:
        widget = self.preview_widget
        if widget is None:  # pragma: no cover - Qt always builds one
            return
        if self._layout == "a4":
            fit_width = self.findChild(QAction, "fitWidthAction")
            if fit_width is not None:
                fit_width.setChecked(True)  # the toolbar shows the mode the page is in
            widget.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
        else:
            fit_page = self.findChild(QAction, "fitPageAction")
            if fit_page is not None:
                fit_page.setChecked(False)
            widget.setZoomMode(QPrintPreviewWidget.ZoomMode.CustomZoom)
            widget.setZoomFactor(1.0)

    def zoom_factor(self) -> float:
        return self.preview_widget.zoomFactor() if self.preview_widget is not None else 0.0

    def print_now(self) -> None:
        """Print on the dialog's printer without asking again; close when it went well."""
        self.last_result = None
        self._paint(self._printer)
        if self.last_error is not None:
            emit(self.print_failed, str(self.last_error))
            return
        if self.last_result is not None:
            emit(self.printed, self.last_result)
            self.accept()

    def _paint(self, printer: QPrinter) -> None:
        try:
            dpi = render_dpi(printer, self._layout)
            pages = self._rendered.get(dpi)
            if pages is None:
                pages = self._rendered[dpi] = render_pages(self._pdf, dpi)
            self.last_result = paint_pages(pages, printer, layout=self._layout)
            self.last_error = None
        except PrintError as exc:  # a slot must not raise: log it, keep it for the caller
            self.last_error = exc
            log.error("打印预览失败：%s", exc)


def preview(pdf: bytes, layout: str, parent: QWidget | None = None) -> PrintPreviewDialog:
    """A print preview of ``pdf`` (not yet shown: the caller opens it modally). PrintError for a bad PDF."""
    return PrintPreviewDialog(pdf, layout, parent)
