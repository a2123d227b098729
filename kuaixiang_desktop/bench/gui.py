"""GUI-thread stalls for ``kuaixiang bench --gui``: does the window stay responsive while it
searches, matches, prints and syncs on a large database?

A *latency probe* (a 5 ms ``QTimer`` on the GUI thread) records how late each of its
timeouts fires: lateness is time the event loop could not run, i.e. what the clerk feels as a
frozen window.  Each phase is driven through the real :class:`MainWindow` (typing into the
search box character by character, scanning credit codes, printing the 一企一策清单 to a PDF
printer, sync rounds against the demo server in a process of its own, as the central server
is in a hall) and the probe's stalls are reported
as p95 and max.

Baseline, in the same run: the same work done the naive way, directly on the GUI thread from
a timer (what a window without background tasks would do), with the same probe running.

``ratio`` = baseline max stall / our max stall.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kuaixiang_core.demo import DEMO_PASSWORD, DEMO_USER  # noqa: E402
from kuaixiang_core.domain import clock  # noqa: E402
from kuaixiang_core.server_process import ServerProcess, server_environment  # noqa: E402

from ..ui.event_wait import pause, wait_until  # noqa: E402
from .samples import nearest_rank, sample_codes  # noqa: E402

PROBE_INTERVAL_MS = 5


class LatencyProbe(QObject):
    """Lateness of a periodic GUI-thread timer, in milliseconds."""

    def __init__(self, interval_ms: int = PROBE_INTERVAL_MS):
        super().__init__()
        self.interval_ms = interval_ms
        self.samples: list[float] = []
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        self.samples.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return list(self.samples)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.samples.append(max(0.0, (now - self._last) * 1000.0 - self.interval_ms))
        self._last = now


def _sample_names(db, count: int, seed: int) -> list[str]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        n = conn.execute(text("SELECT max(id) FROM enterprise")).scalar_one() or 0
        rng = random.Random(seed + 1)
        ids = [rng.randint(1, n) for _ in range(count * 2)]
        names = [r[0] for r in conn.execute(text(f"SELECT name FROM enterprise WHERE id IN ({','.join(map(str, ids))})"))]
    # The distinctive part of the name, as a clerk types it: after the place, before the trade.
    return [name[3:7] if len(name) > 8 else name[:4] for name in names][:count]


def _metric(name: str, ours: list[float], naive: list[float], runs: int) -> dict:
    our_max, naive_max = max(ours, default=0.0), max(naive, default=0.0)
    return {
        "name": name,
        "p95_stall_ms": round(nearest_rank(ours, 95), 2),
        "max_stall_ms": round(our_max, 2),
        "baseline_p95_stall_ms": round(nearest_rank(naive, 95), 2),
        "baseline_max_stall_ms": round(naive_max, 2),
        "ratio": round(naive_max / our_max, 1) if our_max else None,
        "runs": runs,
        "probe_samples": len(ours),
    }


def run(db_path: Path, *, seed: int = 1, searches: int = 10, matches: int = 10, prints: int = 3,
        syncs: int = 2, as_of: dt.date | None = None) -> list[dict]:
    from PySide6.QtPrintSupport import QPrinter

    from ..printing.checklist import render_checklist
    from ..process import favour_gui_thread
    from ..services import auth, sync_service
    from ..services.checklist import checklist_data
    from ..services.database import open_client_db
    from ..services.lookup import lookup
    from ..services.matching import match_with_details as match_for_panel
    from ..ui.app_settings import AppSettings, PrintSettings
    from ..ui.main_window import SEARCH_LIMIT, MainWindow
    from ..ui.models.policy_tree_model import prepare_tree
    from ..ui.print_service import print_pdf
    from ..ui.style import load_stylesheet, ui_font

    app = QApplication.instance() or QApplication([])
    # The font and stylesheet the app runs with: a styled window paints more slowly.
    previous_style, previous_font = app.styleSheet(), app.font()
    app.setFont(ui_font(previous_font))
    app.setStyleSheet(load_stylesheet())
    previous_interval = favour_gui_thread()  # as the app does
    as_of = as_of or clock.today()
    db = open_client_db(db_path)
    workdir = Path(tempfile.mkdtemp(prefix="kx-bench-gui-"))
    # The demo server (the real kuaixiang_server, seeded like --demo's) in a child process:
    # in a hall the central server runs elsewhere; run in this process, its threads (and its
    # garbage collections) would compete with the window for the GIL and count as stalls.
    server = ServerProcess(f"sqlite:///{workdir / 'server.sqlite3'}", workdir / "server", "--demo",
                           "--demo-enterprises", "200", "--demo-seed", str(seed),
                           env=server_environment(workdir / "server-data", key=base64.b64encode(os.urandom(32)).decode()))
    probe = LatencyProbe()
    metrics: list[dict] = []
    window = MainWindow(db, settings=AppSettings(scope=f"bench-{os.getpid()}"), as_of=as_of, debounce_ms=150)
    pdf_out = workdir / "printed.pdf"

    def device(_settings):
        # A stand-in for the hall's printer: Qt's PDF engine takes the same rendered pages a
        # printer driver would (the pdf: setting would just copy the archived file).
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_out))
        return printer

    # The same spooling a printer gets, into a file: Qt's PDF engine stands in for the driver.
    window.printer._settings_fn = lambda: PrintSettings(printer=f"pdf-engine:{pdf_out}", paper="a4", preview=False)
    try:
        window.resize(1366, 768)
        window.enable_idle_lock()  # armed, as after a clerk's log-in
        window.show()
        warmed: list[bool] = []
        window.warmed_up.connect(lambda: warmed.append(True))
        wait_until(lambda: window.enterprise_count is not None and bool(warmed))  # as at a counter after log-in
        codes = sample_codes(db, matches + prints, seed)
        names = _sample_names(db, searches, seed)

        # Our phases first, then the naive baselines: a baseline lays out hundreds of pages
        # of checklists on this thread and leaves a heap that the next full garbage
        # collection (in a worker, holding the GIL) would walk during our next phase.
        ours: dict[str, list[float]] = {}
        runs = {"gui_stall_search": len(names), "gui_stall_match": matches, "gui_stall_print": prints,
                "gui_stall_sync": syncs}

        # -- searching: a clerk typing names, one character every 120 ms ---------------------
        probe.start()
        for name in names:
            window.workspace.search_edit.clear()
            for i in range(1, len(name) + 1):
                window.workspace.search_edit.setText(name[:i])
                pause(120)
            wait_until(lambda name=name: window.workspace._shown_query == name)
        ours["gui_stall_search"] = probe.stop()

        # -- matching: a scan opens the enterprise, its card and its policies ---------------
        shown: list[str] = []
        window.workspace.policy_panel.match_shown.connect(lambda result: shown.append(result.credit_code))

        def scan(code: str) -> None:
            window.route_scan(code)
            wait_until(lambda: code in shown)

        probe.start()
        for code in codes[:matches]:
            scan(code)
        ours["gui_stall_match"] = probe.stop()

        # -- printing the 一企一策清单 to a PDF printer --------------------------------------------
        printed: list[object] = []
        window.printer.printed.connect(printed.append)
        probe.start()
        for code in codes[matches:matches + prints]:
            scan(code)
            count = len(printed)
            window.print_checklist()
            wait_until(lambda count=count: len(printed) > count)
        ours["gui_stall_print"] = probe.stop()

        # -- syncing with the server -------------------------------------------------------------
        url = None
        if syncs:
            url = server.start().url
            auth.login_online(db, url, DEMO_USER, DEMO_PASSWORD)
            status = window.enable_sync(url, start=False)
            rounds: list[object] = []
            status.round_finished.connect(rounds.append)
            probe.start()
            for n in range(syncs):
                status.sync_now()
                wait_until(lambda n=n: len(rounds) > n)
            ours["gui_stall_sync"] = probe.stop()

        # -- the same work done naively, on the GUI thread ---------------------------------------
        naive: dict[str, list[float]] = {}
        probe.start()
        for name in names:
            for i in range(1, len(name) + 1):
                # What a window without workers does on each keystroke: look up, show the hits.
                found = lookup(db, name[:i], SEARCH_LIMIT)
                window.workspace.model.set_hits(found.hits, found.query)
                pause(1)
        naive["gui_stall_search"] = probe.stop()
        probe.start()
        panel = window.workspace.policy_panel
        for code in codes[:matches]:
            # Read the card, match, and show both.
            window.workspace.card.show_detail(window.workspace._detail_fn(db, code))
            panel._code, panel._as_of = code, as_of
            panel._show_result(prepare_tree(match_for_panel(db, code, as_of)))
            pause(1)
        naive["gui_stall_match"] = probe.stop()
        probe.start()
        for code in codes[matches:matches + prints]:
            pdf = render_checklist(checklist_data(db, code, as_of))
            qprinter = device(None)
            print_pdf(pdf, qprinter, layout="a4")
            pause(1)
        naive["gui_stall_print"] = probe.stop()
        if url is not None:
            probe.start()
            for _ in range(syncs):
                sync_service.sync(db, url)
                pause(1)
            naive["gui_stall_sync"] = probe.stop()
        metrics = [_metric(name, samples, naive[name], runs[name]) for name, samples in ours.items()]
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        server.stop()
        app.processEvents()
        app.setStyleSheet(previous_style)
        app.setFont(previous_font)
        sys.setswitchinterval(previous_interval)
        db.close()
    return metrics
