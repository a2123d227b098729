"""Spool a PDF to a printer in a child process.

    python -m kuaixiang_desktop.ui.spool INPUT.pdf --layout a4|80mm [--printer NAME | --pdf-engine OUT.pdf]

Painting on a QPrinter holds Python's GIL inside Qt (a page of a long 一企一策清单 is
compressed and written in one call), so doing it in a thread of the window would freeze the
counter for seconds; a child process cannot.  The window starts this with ``QProcess`` and
reads one JSON line from stdout: ``{"pages": N, "destination": "..."}`` (exit 0) or
``{"error": "..."}`` (exit 1, the message in Chinese for the clerk).

``--printer`` names a system printer ("" = the default); ``--pdf-engine`` sends the same
pages through Qt's PDF engine into a file, standing in for a printer driver in tests and
benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _fail(message: str) -> int:
    print(json.dumps({"error": message}, ensure_ascii=False), flush=True)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kuaixiang_desktop.ui.spool")
    parser.add_argument("input", type=Path)
    parser.add_argument("--layout", choices=("a4", "80mm"), default="a4")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--printer", default="")
    target.add_argument("--pdf-engine", type=Path)
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: only the print engine
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    from .print_service import PrintError, configure_printer, paint_pages, render_dpi, render_pages

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    del app
    try:
        pdf = args.input.read_bytes()
    except OSError as exc:
        return _fail(f"无法读取待打印的文件：{exc.strerror}")
    if args.pdf_engine is not None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(args.pdf_engine))
        destination = str(args.pdf_engine)
    else:
        info = QPrinterInfo.printerInfo(args.printer) if args.printer else QPrinterInfo.defaultPrinter()
        if info.isNull():
            return _fail(f"找不到打印机“{args.printer}”" if args.printer else "本机没有默认打印机")
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        destination = info.printerName()
    try:
        configure_printer(printer, args.layout, pdf)
        result = paint_pages(render_pages(pdf, render_dpi(printer, args.layout)), printer, layout=args.layout)
    except PrintError as exc:
        return _fail(str(exc))
    print(json.dumps({"pages": result.pages, "destination": destination}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
