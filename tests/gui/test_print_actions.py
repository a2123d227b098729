"""One way to print from anywhere: a PDF file gets the archived PDF, a printer gets pages
spooled in a worker, no printer at all still leaves the clerk a file, and failures say why."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.tasks import TaskRunner


def _pdf(pages: int = 2) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for n in range(pages):
        c.drawString(72, 720, f"page {n + 1}")
        c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown()


def _printer(runner, printer: str, preview: bool = False) -> DocumentPrinter:
    return DocumentPrinter(runner, lambda: PrintSettings(printer=printer, paper="a4", preview=preview))


def test_a_pdf_file_gets_the_archived_pdf_itself(qtbot, runner, tmp_path):
    out = tmp_path / "out.pdf"
    pdf = _pdf(3)
    dp = _printer(runner, f"pdf:{out}")
    with qtbot.waitSignal(dp.printed) as printed:
        dp.print_pdf(pdf, "a4", "测试文档")
    assert out.read_bytes() == pdf
    outcome = printed.args[0]
    assert outcome.to_file and outcome.pages == 3 and outcome.destination == str(out)


def test_a_bad_pdf_is_refused_and_writes_nothing(qtbot, runner, tmp_path):
    out = tmp_path / "out.pdf"
    dp = _printer(runner, f"pdf:{out}")
    with qtbot.waitSignal(dp.failed) as failed:
        dp.print_pdf(b"%PDF-1.4 garbage", "a4", "坏文件")
    assert failed.args[0]
    assert not out.exists() and not list(tmp_path.iterdir())


def test_an_unwritable_destination_names_the_file_and_leaves_no_part(qtbot, runner, tmp_path):
    out = tmp_path / "missing-folder" / "out.pdf"
    dp = _printer(runner, f"pdf:{out}")
    with qtbot.waitSignal(dp.failed) as failed:
        dp.print_pdf(_pdf(), "a4", "回执")
    assert str(out) in failed.args[0]
    assert not out.parent.exists()


def test_a_full_disk_keeps_the_earlier_file(qtbot, runner, tmp_path, monkeypatch):
    out = tmp_path / "out.pdf"
    out.write_bytes(b"earlier")
    original = type(out).write_bytes

    def full(self, data):
        if self.name.endswith(".part"):
            original(self, data[:10])
            raise OSError(28, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(type(out), "write_bytes", full)
    dp = _printer(runner, f"pdf:{out}")
    with qtbot.waitSignal(dp.failed) as failed:
        dp.print_pdf(_pdf(), "a4", "回执")
    assert "No space left on device" in failed.args[0]
    assert out.read_bytes() == b"earlier"
    assert not (tmp_path / "out.pdf.part").exists()


def test_a_printer_is_spooled_by_a_child_process(qtbot, runner, tmp_path):
    spooled = tmp_path / "spooled.pdf"
    dp = _printer(runner, f"pdf-engine:{spooled}")
    with qtbot.waitSignal(dp.printed, timeout=60000) as printed:
        dp.print_pdf(_pdf(2), "a4", "清单")
        assert dp.busy() or spooled.exists() is False  # the window is free while it spools
    assert printed.args[0].pages == 2 and printed.args[0].destination == str(spooled)
    assert len(pypdf.PdfReader(str(spooled)).pages) == 2
    assert not dp.busy()
    assert not list(tmp_path.glob("kx-print-*"))


def test_a_missing_printer_is_named(qtbot, runner):
    dp = _printer(runner, "柜台打印机-不存在")
    class Gone:  # as if the settings named a printer that has since been removed
        def printerName(self) -> str:  # noqa: N802 - Qt's name
            return "柜台打印机-不存在"

    dp._printer = lambda _settings: Gone()
    with qtbot.waitSignal(dp.failed, timeout=60000) as failed:
        dp.print_pdf(_pdf(1), "a4", "回执")
    assert "柜台打印机-不存在" in failed.args[0]


def test_closing_removes_what_a_dropped_print_staged(qtbot, tmp_path):
    runner = TaskRunner()
    dp = _printer(runner, f"pdf-engine:{tmp_path / 'never.pdf'}")
    dp.print_pdf(_pdf(1), "a4", "关窗时的回执")
    runner.shutdown()  # the window closes before the staged file reaches a process
    staged = list(dp._staged)
    dp.shutdown()
    assert all(not Path(p).exists() for p in staged)
    assert not dp._staged and not dp.busy()


def test_no_printer_at_all_still_leaves_a_file(qtbot, runner, monkeypatch):
    dp = _printer(runner, "")
    monkeypatch.setattr(dp, "_printer", lambda _settings: None)
    with qtbot.waitSignal(dp.printed) as printed:
        dp.print_pdf(_pdf(1), "a4", "受理回执 001")
    outcome = printed.args[0]
    assert outcome.to_file and "printed" in outcome.destination and outcome.destination.endswith(".pdf")


def test_preview_opens_without_blocking(qtbot, runner, tmp_path):
    dp = _printer(runner, f"pdf:{tmp_path / 'x.pdf'}", preview=True)
    with qtbot.waitSignal(dp.preview_opened) as opened:
        dp.print_pdf(_pdf(1), "a4", "预览")
    dialog = opened.args[0]
    assert "预览" in dialog.windowTitle()
    dialog.close()


def test_with_no_printer_at_all_the_preview_is_skipped_and_the_pdf_kept(qtbot, runner, monkeypatch):
    dp = _printer(runner, "", preview=True)
    monkeypatch.setattr(dp, "_printer", lambda _settings: None)
    opened = []
    dp.preview_opened.connect(opened.append)
    with qtbot.waitSignal(dp.printed) as printed:
        dp.print_pdf(_pdf(1), "a4", "受理回执 002")
    assert printed.args[0].to_file and printed.args[0].destination.endswith(".pdf") and not opened


def test_printing_from_the_preview_reports_like_any_print(qtbot, runner, tmp_path):
    out = tmp_path / "x.pdf"
    dp = _printer(runner, f"pdf:{out}", preview=True)
    with qtbot.waitSignal(dp.preview_opened) as opened:
        dp.print_pdf(_pdf(1), "a4", "受理回执 003")
    dialog = opened.args[0]
    assert "Enter" in dialog.windowTitle() and "Ctrl+P" in dialog.windowTitle()
    with qtbot.waitSignal(dp.printed) as printed:
        dialog.print_now()
    assert printed.args[0].destination == str(out) and printed.args[0].to_file and printed.args[0].pages == 1
    assert out.is_file()
