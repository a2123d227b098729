"""The print service: receipt PDFs go through QPainter onto a QPrinter and come out as paper.

The "paper" is Qt's own PDF printer output: pypdf reads its page sizes, pypdfium2 renders it
back and zxing-cpp reads the QR code off the printed page, the way a scanner at the counter
would.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from decimal import Decimal

import pypdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from kuaixiang_desktop.printing.fonts import cjk_font
from kuaixiang_desktop.printing.receipt import ReceiptData, render_receipt
from kuaixiang_desktop.ui import print_service
from kuaixiang_desktop.ui.print_service import (
    PrintError,
    PrintPreviewDialog,
    configure_printer,
    paint_pages,
    pdf_page_sizes,
    preview,
    print_pdf,
    render_dpi,
    render_pages,
)
from kuaixiang_desktop.ui.tasks import TaskRunner

MM = 72 / 25.4
A4_PT = (595.0, 842.0)
ROLL_WIDTH_PT = 80 * MM  # 226.77
QR_TEXT = "KX1.371502-01-20250930-Q7AO-0007.3bb0083d4d4740cb804db639027f02d7.1234560"


@pytest.fixture(scope="module")
def font():
    found = cjk_font()
    if not found.embedded:
        pytest.skip("没有可嵌入的中文 TrueType 字体（请安装 fonts-wqy-zenhei）")
    return found


def receipt(**changes) -> ReceiptData:
    values = dict(
        hall_name="聊城市东昌府区政务服务大厅",
        hall_code="371502-01",
        window="人社综合窗口（3号）",
        receipt_no="371502-01-20250930-Q7AO-0007",
        application_id="3bb0083d-4d47-40cb-804d-b639027f02d7",
        enterprise_name="聊城市鲁西新材料科技有限公司",
        credit_code="91371502MA3C8YYY1Y",
        item_title="失业保险稳岗返还（中小微企业）",
        doc_no="聊人社发〔2024〕12号",
        department="聊城市人力资源和社会保障局",
        materials_received=[("营业执照", 1, 1), ("法定代表人身份证", 1, 1), ("稳岗返还申请表", 1, 0)],
        materials_owed=[("上年度失业保险缴费明细", dt.date(2025, 10, 14))],
        amount=Decimal("12345.60"),
        benefit_text=None,
        promised_days=5,
        promised_date=dt.date(2025, 10, 14),
        clerk_name="王芳",
        agent_name="张三",
        agent_id_masked="3701**********123X",
        agent_phone_masked="138****5678",
        accepted_at=dt.datetime(2025, 9, 30, 2, 15, 7, tzinfo=dt.timezone.utc),
        qr_text=QR_TEXT,
    )
    values.update(changes)
    return ReceiptData(**values)


def _many_materials(n: int) -> list[tuple[str, int, int]]:
    return [(f"第{i}号材料：某某专项资金申请相关证明材料（须加盖单位公章）", 1, 1) for i in range(1, n + 1)]


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def rasterise(pdf: bytes, dpi: float) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in range(len(document)):
            page = document[i]
            try:
                images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            finally:
                page.close()
        return images
    finally:
        document.close()


def read_qr(image: Image.Image) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


def boxes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def inked(image: Image.Image) -> float:
    """Share of dark pixels."""
    return sum(1 for p in image.tobytes() if p < 128) / (image.width * image.height)


def assert_same_page(printed: Image.Image, source: Image.Image) -> None:
    """The printed page shows the source page in place: not blank, not shifted or scaled.

    Compared at a quarter of the resolution, so sub-pixel differences (Qt rounds paper to whole
    points: 226.77 pt -> 227 pt) do not count; a shift of 1 mm changes over 5 % of the cells.
    """
    assert 0.005 < inked(printed) < 0.5
    assert abs(printed.width - source.width) <= 3 and abs(printed.height - source.height) <= 3
    common = (0, 0, min(printed.width, source.width), min(printed.height, source.height))
    cells = (common[2] // 4, common[3] // 4)
    printed = printed.crop(common).resize(cells, Image.Resampling.BOX)
    diff = ImageChops.difference(printed, source.crop(common).resize(cells, Image.Resampling.BOX))
    differing = sum(1 for p in diff.tobytes() if p > 64) / (cells[0] * cells[1])
    assert differing < 0.01, differing


# --- printing to paper ----------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_a_receipt_prints_full_size_and_its_qr_code_reads_back(qapp, font, tmp_path, layout):
    pdf = render_receipt(receipt(), layout)
    out = tmp_path / "printed.pdf"
    result = print_pdf(pdf, pdf_printer(out), layout=layout)
    assert result.pages == 1 and result.layout == layout
    assert result.dpi == (300 if layout == "a4" else pytest.approx(203.2))

    printed = out.read_bytes()
    ((width, height),) = boxes(printed)
    if layout == "a4":
        assert (width, height) == (pytest.approx(A4_PT[0], abs=1), pytest.approx(A4_PT[1], abs=1))
    else:
        ((_, source_height),) = pdf_page_sizes(pdf)
        assert width == pytest.approx(ROLL_WIDTH_PT, abs=1)
        assert height == pytest.approx(source_height, abs=1)
        assert 150 * MM < height < 400 * MM

    dpi = 200 if layout == "a4" else 203.2
    (page,) = rasterise(printed, dpi)
    (source,) = rasterise(pdf, dpi)
    assert_same_page(page, source)
    assert read_qr(page) == [QR_TEXT]


def test_a_long_a4_receipt_prints_one_paper_page_per_pdf_page(qapp, font, tmp_path):
    pdf = render_receipt(receipt(materials_received=_many_materials(70)), "a4")
    pages = len(pdf_page_sizes(pdf))
    assert pages >= 2
    out = tmp_path / "printed.pdf"
    assert print_pdf(pdf, pdf_printer(out), layout="a4").pages == pages
    printed = out.read_bytes()
    assert [(round(w), round(h)) for w, h in boxes(printed)] == [(595, 842)] * pages
    images, sources = rasterise(printed, 150), rasterise(pdf, 150)
    for image, source in zip(images, sources):
        assert_same_page(image, source)
    assert read_qr(rasterise(printed, 200)[-1]) == [QR_TEXT]


def two_slips() -> bytes:
    """A roll PDF of two pages of different lengths (a short and a long receipt)."""
    short = render_receipt(receipt(), "80mm")
    long_ = render_receipt(receipt(materials_received=_many_materials(12), qr_text=QR_TEXT + ".2"), "80mm")
    merged = pypdf.PdfWriter()
    for part in (short, long_):
        merged.append(io.BytesIO(part))
    buffer = io.BytesIO()
    merged.write(buffer)
    return buffer.getvalue()


def test_roll_pages_of_different_lengths_each_get_their_own_paper_length(qapp, font, tmp_path):
    pdf = two_slips()
    source_sizes = pdf_page_sizes(pdf)
    assert source_sizes[1][1] > source_sizes[0][1] + 50

    out = tmp_path / "printed.pdf"
    assert print_pdf(pdf, pdf_printer(out), layout="80mm").pages == 2
    printed = out.read_bytes()
    for (width, height), (_, source_height) in zip(boxes(printed), source_sizes, strict=True):
        assert width == pytest.approx(ROLL_WIDTH_PT, abs=1)
        assert height == pytest.approx(source_height, abs=1)
    first, second = rasterise(printed, 203.2)
    assert read_qr(first) == [QR_TEXT] and read_qr(second) == [QR_TEXT + ".2"]


def test_rendering_runs_in_a_worker_and_painting_on_the_gui_thread(qtbot, font, tmp_path):
    pdf = render_receipt(receipt(), "80mm")
    printer = pdf_printer(tmp_path / "printed.pdf")
    configure_printer(printer, "80mm", pdf)
    dpi = render_dpi(printer, "80mm")
    threads = {}

    def render():
        threads["render"] = threading.current_thread()
        return render_pages(pdf, dpi)

    def paint(pages):
        threads["paint"] = threading.current_thread()
        threads["result"] = paint_pages(pages, printer, layout="80mm")

    runner = TaskRunner()
    try:
        with qtbot.waitSignal(runner.idle):
            runner.submit(render, on_done=paint, on_error=lambda exc: threads.setdefault("error", exc))
    finally:
        runner.shutdown()
        runner.deleteLater()
    assert "error" not in threads
    assert threads["render"] is not threading.main_thread()
    assert threads["paint"] is threading.main_thread()
    assert threads["result"].pages == 1
    (page,) = rasterise((tmp_path / "printed.pdf").read_bytes(), 203.2)
    assert read_qr(page) == [QR_TEXT]


def test_render_pages_gives_grey_images_at_the_asked_resolution(qapp, font):
    pdf = render_receipt(receipt(), "80mm")
    (page,) = render_pages(pdf, 203.2)
    ((width_pt, height_pt),) = pdf_page_sizes(pdf)
    assert (page.width_pt, page.height_pt, page.dpi) == (width_pt, height_pt, 203.2)
    assert isinstance(page.image, QImage) and page.image.format() == QImage.Format.Format_Grayscale8
    assert page.image.width() == pytest.approx(80 * 8, abs=1)  # 8 dots per mm
    assert page.image.height() == pytest.approx(height_pt / 72 * 203.2, abs=1)
    assert page.image.dotsPerMeterX() == round(203.2 / 0.0254)
    (colour,) = render_pages(pdf, 100, grayscale=False)
    assert colour.image.format() == QImage.Format.Format_RGBX8888


# --- printer set-up -------------------------------------------------------------------------


def test_configure_printer_a4_is_portrait_with_zero_margins(qapp, tmp_path):
    printer = pdf_printer(tmp_path / "x.pdf")
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    configure_printer(printer, "a4")
    page_layout = printer.pageLayout()
    assert page_layout.pageSize().id() == QPageSize.PageSizeId.A4
    assert page_layout.orientation() == QPageLayout.Orientation.Portrait
    margins = page_layout.margins(QPageLayout.Unit.Point)
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (0, 0, 0, 0)
    assert printer.fullPage()


def test_configure_printer_roll_is_80_mm_by_the_pdf_page_length(qapp, font, tmp_path):
    pdf = render_receipt(receipt(), "80mm")
    ((_, height_pt),) = pdf_page_sizes(pdf)
    printer = pdf_printer(tmp_path / "x.pdf")
    configure_printer(printer, "80mm", pdf)
    size = printer.pageLayout().pageSize().size(QPageSize.Unit.Millimeter)
    assert size.width() == pytest.approx(80, abs=0.01)
    assert size.height() == pytest.approx(height_pt / MM, abs=0.01)
    margins = printer.pageLayout().margins(QPageLayout.Unit.Point)
    assert (margins.left(), margins.top(), margins.right(), margins.bottom()) == (0, 0, 0, 0)
    assert printer.fullPage()


def test_configure_printer_refuses_bad_arguments(qapp, tmp_path):
    printer = pdf_printer(tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="卷纸"):
        configure_printer(printer, "80mm")
    with pytest.raises(ValueError, match="版式"):
        configure_printer(printer, "a5")
    with pytest.raises(ValueError, match="版式"):
        print_pdf(b"%PDF", printer, layout="letter")


@pytest.mark.parametrize(
    ("resolution", "a4", "roll"),
    [
        (1200, 300, 203.2),  # QPrinter.HighResolution / virtual printers
        (600, 300, 203.2),
        (300, 300, 300),  # a 300 dpi device: one pixel per dot
        (203, 203, 203),  # a thermal head
        (180, 180, 203.2),
        (96, 150, 203.2),  # screen resolution (a preview)
    ],
)
def test_render_dpi_follows_the_device_within_limits(qapp, tmp_path, resolution, a4, roll):
    printer = pdf_printer(tmp_path / "x.pdf")
    printer.setResolution(resolution)
    assert printer.resolution() == resolution
    assert render_dpi(printer, "a4") == pytest.approx(a4)
    assert render_dpi(printer, "80mm") == pytest.approx(roll)


# --- errors ---------------------------------------------------------------------------------


def _corrupt() -> list[bytes]:
    return [
        b"",
        b"this is not a pdf at all",
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",  # no pages
    ]


@pytest.mark.parametrize("pdf", _corrupt(), ids=["empty", "text", "garbage", "no-pages"])
def test_a_corrupt_pdf_raises_print_error_and_leaves_the_printer_untouched(qapp, tmp_path, pdf):
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    for layout in ("a4", "80mm"):
        with pytest.raises(PrintError, match="无法打印") as caught:
            print_pdf(pdf, printer, layout=layout)
        assert "PDF" in str(caught.value)
    with pytest.raises(PrintError):
        render_pages(pdf, 150)
    with pytest.raises(PrintError):
        configure_printer(printer, "80mm", pdf)
    assert not out.exists()
    assert printer.printerState() == QPrinter.PrinterState.Idle


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.99])
def test_a_truncated_receipt_raises_print_error(qapp, font, tmp_path, keep):
    pdf = render_receipt(receipt(), "a4")
    out = tmp_path / "printed.pdf"
    with pytest.raises(PrintError, match="PDF 文件已损坏"):
        print_pdf(pdf[: int(len(pdf) * keep)], pdf_printer(out), layout="a4")
    assert not out.exists()


@pytest.mark.qt_log_ignore(r"QPainter::begin", r"does not support propagateSizeHints")
def test_a_printer_that_does_not_start_raises_print_error(qapp, font, tmp_path):
    pdf = render_receipt(receipt(), "a4")
    printer = pdf_printer(tmp_path / "no-such-dir" / "printed.pdf")
    with pytest.raises(PrintError, match="无法开始打印") as caught:
        print_pdf(pdf, printer, layout="a4")
    assert "no-such-dir" in str(caught.value)


def test_painting_nothing_is_an_error(qapp, tmp_path):
    out = tmp_path / "printed.pdf"
    with pytest.raises(PrintError, match="没有可打印的页面"):
        paint_pages([], pdf_printer(out), layout="a4")
    assert not out.exists()


# --- preview --------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["a4", "80mm"])
def test_preview_paints_the_pages_and_goes_away_when_closed(qtbot, font, monkeypatch, layout):
    pdf = render_receipt(receipt(materials_received=_many_materials(70)) if layout == "a4" else receipt(), layout)
    expected = len(pdf_page_sizes(pdf))
    dialog = preview(pdf, layout)
    assert isinstance(dialog, QPrintPreviewDialog)
    requested = []
    dialog.paintRequested.connect(requested.append)
    seen = {}

    def fake_exec(self):  # what the modal run would do, without blocking: show, look, close
        self.show()  # the first show asks for the pages (paintRequested)
        seen["pages"] = self.findChild(QPrintPreviewWidget).pageCount()
        seen["paper"] = self.printer().pageLayout().fullRect(QPageLayout.Unit.Millimeter)
        self.close()
        return QPrintPreviewDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    dialog.exec()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # WA_DeleteOnClose
    assert not isValid(dialog)
    assert len(requested) == 1
    assert seen["pages"] == expected
    if layout == "a4":
        assert seen["paper"].width() == pytest.approx(210, abs=0.5)
        assert seen["paper"].height() == pytest.approx(297, abs=0.5)
    else:
        assert seen["paper"].width() == pytest.approx(80, abs=0.5)
        assert seen["paper"].height() == pytest.approx(pdf_page_sizes(pdf)[0][1] / MM, abs=0.5)


def test_preview_renders_once_per_resolution_and_keeps_the_result(qtbot, font, monkeypatch):
    pdf = render_receipt(receipt(), "80mm")
    calls = []
    real = print_service.render_pages
    monkeypatch.setattr(print_service, "render_pages", lambda *a, **kw: calls.append(a[1]) or real(*a, **kw))
    dialog = preview(pdf, "80mm")
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    for _ in range(2):
        with qtbot.waitSignal(dialog.paintRequested):
            widget.updatePreview()
    assert calls == [pytest.approx(203.2)]
    assert isinstance(dialog, PrintPreviewDialog)
    assert dialog.last_result is not None and dialog.last_result.pages == 1
    assert dialog.last_error is None
    assert widget.pageCount() == 1


def test_preview_of_roll_slips_of_different_lengths_uses_the_longest(qtbot, font):
    # The preview engine cannot change paper in mid-job (only Qt's PDF engine can): no Qt
    # warning, every slip on a sheet as long as the longest, from its top.
    pdf = two_slips()
    longest = max(h for _, h in pdf_page_sizes(pdf))
    dialog = preview(pdf, "80mm")
    qtbot.addWidget(dialog)
    widget = dialog.findChild(QPrintPreviewWidget)
    with qtbot.waitSignal(dialog.paintRequested):
        widget.updatePreview()
    assert widget.pageCount() == 2
    assert dialog.last_result is not None and dialog.last_result.pages == 2
    paper = dialog.printer().pageLayout().fullRect(QPageLayout.Unit.Point)
    assert paper.height() == pytest.approx(longest, abs=1)


def test_preview_of_a_corrupt_pdf_raises_before_any_window(qapp):
    with pytest.raises(PrintError, match="无法打印"):
        preview(b"not a pdf", "a4")


# --- the keyboard in the preview -------------------------------------------------------------


@pytest.mark.parametrize(("layout", "key", "modifiers"), [
    ("a4", Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    ("a4", Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
    ("80mm", Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
])
def test_preview_prints_on_enter_or_ctrl_p_and_opens_readable(qtbot, font, tmp_path, layout, key, modifiers):
    out = tmp_path / "paper.pdf"
    pdf = render_receipt(receipt(), layout)
    dialog = PrintPreviewDialog(pdf, layout, printer=pdf_printer(out))
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    # Qt's default (the whole page in view) showed A4 at 38.5 %: the amount was unreadable.
    qtbot.waitUntil(lambda: dialog.zoom_factor() >= 0.6)
    with qtbot.waitSignal(dialog.printed) as printed:
        qtbot.keyClick(QApplication.focusWidget() or dialog, key, modifiers)
    assert printed.args[0].pages == 1
    assert out.is_file() and len(pypdf.PdfReader(str(out)).pages) == 1
    assert not dialog.isVisible()  # printed: the preview is out of the way


@pytest.mark.allow_log_warnings
@pytest.mark.qt_log_ignore(r"QPainter::begin", r"does not support propagateSizeHints")
def test_a_preview_that_cannot_print_says_so_and_stays_open(qtbot, font, tmp_path):
    dialog = PrintPreviewDialog(render_receipt(receipt(), "a4"), "a4",
                                printer=pdf_printer(tmp_path / "no-such-folder" / "x.pdf"))
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    with qtbot.waitSignal(dialog.print_failed) as failed:
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "无法开始打印" in failed.args[0] and "no-such-folder" in failed.args[0]
    assert dialog.isVisible()
