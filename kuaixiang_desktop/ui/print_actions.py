"""Print a document from anywhere in the window the same way: preview or straight to paper,
on the printer and paper the settings name, never blocking the counter.

``DocumentPrinter.print_pdf(pdf, layout, title)``:

* ``preview`` on: a modal-less :class:`~.print_service.PrintPreviewDialog` opens (``open()``),
  the clerk prints from it (Enter or Ctrl+P) and ``printed`` reports it like any other print;
  ``preview_opened`` carries the dialog (tests close it).
* ``preview`` off: the pages are rendered and painted onto the printer by a child process
  (:mod:`.spool`, started with ``QProcess``): painting on a QPrinter holds the GIL inside Qt
  for as long as a page takes to compress, which in a thread would freeze the window; then
  ``printed`` reports where it went.
* printer ``"pdf-engine:PATH"``: the same spooling through Qt's PDF engine into PATH, a
  stand-in for a printer driver (tests, ``kuaixiang bench --gui``).
* printer ``"pdf:PATH"`` (打印到 PDF 文件 in the settings; tests use it): the archived PDF itself
  is written to PATH, vector text as archived, not a raster of it.
* no printer at all on this machine (a new install, a test machine): the archived PDF is saved
  under the data dir's ``printed/`` folder and ``printed`` says so: the clerk is never left
  with nothing.

Failures come back as ``failed(message)`` in Chinese, naming the printer.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from kuaixiang_core.domain import clock

from .. import paths
from .app_settings import PrintSettings
from .print_service import (
    PrintError,
    PrintPreviewDialog,
    PrintResult,
    describe_destination,
    pdf_page_sizes,
)
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)

PDF_PRINTER_PREFIX = "pdf:"
ENGINE_PRINTER_PREFIX = "pdf-engine:"
SPOOL_TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class PrintOutcome:
    title: str
    destination: str  # the printer's name, or the file written
    pages: int
    to_file: bool


def printer_names() -> list[str]:
    return [p.printerName() for p in QPrinterInfo.availablePrinters()]


def _safe_file_name(title: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_") or "document"


def fallback_path(title: str) -> Path:
    folder = paths.private_dir(paths.data_dir() / "printed")
    stamp = clock.shanghai_now().strftime("%Y%m%d-%H%M%S-%f")
    return folder / f"{stamp}-{_safe_file_name(title)}.pdf"


class DocumentPrinter(QObject):
    """One per window; owns no thread of its own (``runner`` does the rendering)."""

    printed = Signal(object)  # PrintOutcome
    failed = Signal(str)
    preview_opened = Signal(object)  # the PrintPreviewDialog

    def __init__(self, runner: TaskRunner, settings_fn, parent: QObject | None = None):
        """``settings_fn()`` returns the current :class:`PrintSettings` (read at each print)."""
        super().__init__(parent)
        self._runner = runner
        self._settings_fn = settings_fn
        self.last_outcome: PrintOutcome | None = None
        self._spools: list[QProcess] = []
        self._staged_lock = threading.Lock()
        self._staged: set[str] = set()  # temp PDFs written for a spool that has not started

    def _printer(self, settings: PrintSettings) -> QPrinter | None:
        """The QPrinter the settings name (for the preview, a PDF file gets Qt's PDF engine)."""
        if settings.printer.startswith(PDF_PRINTER_PREFIX):
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(settings.printer[len(PDF_PRINTER_PREFIX):])
            return printer
        info = QPrinterInfo.printerInfo(settings.printer) if settings.printer else QPrinterInfo.defaultPrinter()
        if info.isNull():
            available = QPrinterInfo.availablePrinters()
            if not available:
                return None
            info = available[0]
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)

    def print_pdf(self, pdf: bytes, layout: str, title: str, *, parent: QWidget | None = None,
                  preview: bool | None = None) -> None:
        settings = self._settings_fn()
        want_preview = settings.preview if preview is None else preview
        layout = layout if layout in ("a4", "80mm") else "a4"
        if want_preview:
            printer = self._printer(settings)
            if printer is None:
                # No printer on this machine: a preview would print to nowhere. The clerk gets the
                # archived PDF saved, as without a preview.
                self._write_file(pdf, title, fallback_path(title), fallback=True)
                return
            try:
                dialog = PrintPreviewDialog(pdf, layout, parent, printer=printer)
            except PrintError as exc:
                emit(self.failed, str(exc))
                return
            dialog.setWindowTitle(self.tr("打印预览：{title}（Enter 或 Ctrl+P 打印，Esc 关闭）").format(title=title))
            dialog.printed.connect(lambda result, d=dialog: self._preview_printed(d, title, result))
            dialog.print_failed.connect(lambda message: emit(self.failed, message))
            dialog.open()
            emit(self.preview_opened, dialog)
            return

        if settings.printer.startswith(PDF_PRINTER_PREFIX):
            self._write_file(pdf, title, Path(settings.printer[len(PDF_PRINTER_PREFIX):]), fallback=False)
            return
        if settings.printer.startswith(ENGINE_PRINTER_PREFIX):
            self._spool(pdf, layout, title, f"--pdf-engine={settings.printer[len(ENGINE_PRINTER_PREFIX):]}")
            return
        printer = self._printer(settings)  # the saved printer, else the default, else any
        if printer is None:
            self._write_file(pdf, title, fallback_path(title), fallback=True)
            return
        self._spool(pdf, layout, title, f"--printer={printer.printerName()}")

    def _preview_printed(self, dialog: PrintPreviewDialog, title: str, result: PrintResult) -> None:
        destination, to_file = describe_destination(dialog.printer())
        outcome = PrintOutcome(title, destination, result.pages, to_file)
        self.last_outcome = outcome
        emit(self.printed, outcome)

    def _spool(self, pdf: bytes, layout: str, title: str, target: str) -> None:
        def stage() -> str:
            pdf_page_sizes(pdf)  # a bad PDF is refused before a process or printer is involved
            fd, path = tempfile.mkstemp(prefix="kx-print-", suffix=".pdf")
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
            with self._staged_lock:
                self._staged.add(path)
            return path

        def start(path: str) -> None:
            with self._staged_lock:
                self._staged.discard(path)
            process = QProcess()  # kept in self._spools; deleted when it has reported
            self._spools.append(process)
            process.setProgram(sys.executable)
            # "--option=value": a printer name that starts with "-" stays a value.
            process.setArguments(["-m", "kuaixiang_desktop.ui.spool", path, f"--layout={layout}", target])
            process.finished.connect(lambda code, _status: finished(process, path, code))
            process.errorOccurred.connect(lambda error: failed_to_start(process, path, error))
            process.start()

        def finished(process: QProcess, path: str, code: int) -> None:
            out = bytes(process.readAllStandardOutput()).decode("utf-8", "replace").strip().splitlines()
            err = bytes(process.readAllStandardError()).decode("utf-8", "replace").strip()
            self._forget(process, path)
            try:
                answer = json.loads(out[-1]) if out else {}
            except ValueError:
                answer = {}
            if code == 0 and "pages" in answer:
                destination = answer.get("destination", "")
                outcome = PrintOutcome(title, destination, int(answer["pages"]), target.startswith("--pdf-engine="))
                self.last_outcome = outcome
                emit(self.printed, outcome)
                return
            if err:
                log.error("spooling %s failed: %s", title, err[-2000:])
            emit(self.failed, answer.get("error") or self.tr("打印进程意外退出（代码 {code}），详见日志").format(code=code))

        def failed_to_start(process: QProcess, path: str, error) -> None:
            if error != QProcess.ProcessError.FailedToStart:
                return  # a crash is reported by finished()
            self._forget(process, path)
            emit(self.failed, self.tr("无法启动打印进程：{error}").format(error=process.errorString()))

        def stage_failed(exc: BaseException) -> None:
            emit(self.failed, str(exc) if isinstance(exc, PrintError) else self.tr("打印失败：{error}").format(error=exc))

        self._runner.submit(stage, on_done=start, on_error=stage_failed)

    def _forget(self, process: QProcess, path: str) -> None:
        if process in self._spools:
            self._spools.remove(process)
        process.deleteLater()
        Path(path).unlink(missing_ok=True)

    def busy(self) -> bool:
        return bool(self._spools)

    def shutdown(self) -> None:
        """Let prints already sent finish (a receipt half spooled helps nobody); remove the
        files of prints that never reached a process (the runner was shut down first)."""
        for process in list(self._spools):
            if not process.waitForFinished(SPOOL_TIMEOUT_MS):
                process.kill()
                process.waitForFinished(5000)
        with self._staged_lock:
            for path in self._staged:
                Path(path).unlink(missing_ok=True)
            self._staged.clear()

    def _write_file(self, pdf: bytes, title: str, path: Path, *, fallback: bool) -> None:
        def write() -> int:
            pages = len(pdf_page_sizes(pdf))  # a bad PDF is refused before any file is touched
            # Whole or nothing: a full disk leaves the earlier file (if any), not half a PDF.
            tmp = path.with_name(path.name + ".part")
            try:
                tmp.unlink(missing_ok=True)  # one a crash left
                os.close(paths.create_private(tmp))  # owner-only before a byte is in it
                tmp.write_bytes(pdf)
                tmp.replace(path)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            return pages

        def written(pages: int) -> None:
            if fallback:
                log.info("no printer: %s saved to %s", title, path)
            outcome = PrintOutcome(title, str(path), pages, True)
            self.last_outcome = outcome
            emit(self.printed, outcome)

        def failed(exc: BaseException) -> None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if isinstance(exc, PrintError):
                emit(self.failed, reason)
            elif fallback:
                emit(self.failed, self.tr("没有可用的打印机，保存 PDF 也失败了：{error}").format(error=reason))
            else:
                emit(self.failed, self.tr("无法写入 PDF 文件 {path}：{error}").format(path=path, error=reason))

        self._runner.submit(write, on_done=written, on_error=failed)
