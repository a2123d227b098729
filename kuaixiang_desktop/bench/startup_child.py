"""The window as a clerk starts it, for ``kuaixiang bench --footprint`` (a child process).

    python -m kuaixiang_desktop.bench.startup_child --db PATH --user NAME  (password on stdin)
    python -m kuaixiang_desktop.bench.startup_child --bare                  (the baseline)

It does what ``kuaixiang-desktop`` does up to a usable window — the same imports, application
set-up, translations, font and stylesheet, the database opened (and checked) at start, the
clerk's offline log-in (the log-in dialog's work once the password is typed), the main window
with its session, sync armed towards a server that is not there (a township hall offline) —
and prints ``ready`` when the window is shown and its start-up work is done (the enterprise
count is on the status bar and the warm-up has run). Then it obeys lines on stdin: ``work``
(a search and ten scans, each waiting for its policies) answered by ``worked``; ``names`` (a
sync page's new names checked, as a round does) answered by ``named``; and ``quit``.

``--bare`` is the floor any PySide6 window pays: the interpreter, Qt and one window with a
search box, shown; no database, no domain code.
"""

from __future__ import annotations

import argparse
import sys


def _bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setCentralWidget(QLineEdit(window))
    window.resize(1366, 768)
    window.show()
    QTimer.singleShot(0, lambda: print("ready", flush=True))
    return _serve(app, lambda: None, lambda: None)


def _serve(app, work, new_names) -> int:
    """Answer the parent's lines between event-loop turns (stdin read on a thread)."""
    import threading

    from PySide6.QtCore import QObject, Signal

    class Lines(QObject):
        line = Signal(str)

    lines = Lines()

    def handle(line: str) -> None:
        if line == "work":
            work()
            print("worked", flush=True)
        elif line == "names":
            new_names()
            print("named", flush=True)
        elif line == "quit":
            app.quit()

    lines.line.connect(handle)

    def read() -> None:
        for raw in sys.stdin:
            lines.line.emit(raw.strip())
        lines.line.emit("quit")

    threading.Thread(target=read, daemon=True).start()
    return app.exec()  # noqa: Qt's event loop


def _window(db_path: str, user: str, password: str, codes: list[str]) -> int:
    from pathlib import Path

    from PySide6.QtCore import QTimer

    from kuaixiang_desktop import app as desktop
    from kuaixiang_desktop.services import auth, policies
    from kuaixiang_desktop.ui.app_settings import AppSettings
    from kuaixiang_desktop.ui.db_upgrade import open_at_start
    from kuaixiang_desktop.ui.event_wait import wait_until
    from kuaixiang_desktop.ui.i18n import install_translations
    from kuaixiang_desktop.ui.main_window import MainWindow
    from kuaixiang_desktop.ui.style import load_stylesheet, scaled_stylesheet, ui_font
    from kuaixiang_desktop.ui.text_scale import stylesheet_factor

    app = desktop._application([])
    from PySide6.QtCore import QLocale

    install_translations(app, QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    chosen = AppSettings()
    app.setFont(ui_font(app.font(), chosen.font_family, chosen.font_size if chosen.has_font_size() else None))
    app.setStyleSheet(scaled_stylesheet(load_stylesheet(), stylesheet_factor(chosen)))
    db = open_at_start(Path(db_path))
    policies.compile_ahead(db)  # as the window does, before its log-in dialog
    auth.login_offline(db, user, password)
    window = MainWindow(db)
    window.set_session(auth.current_session(db))
    window.enable_sync("http://127.0.0.1:9")  # nothing listens: a hall without its network
    warmed: list[bool] = []
    window.warmed_up.connect(lambda: warmed.append(True))
    window.resize(1366, 768)
    window.show()
    window.seal_old_attachments()

    announced: list[bool] = []

    def announce() -> None:
        # Told by the window's own signal and a slow timer, not a busy wait: a 2 ms poll makes
        # garbage that the catalogue's compilation (collector paused, then frozen) would keep.
        if announced:
            return
        if window.enterprise_count is None or not warmed:
            QTimer.singleShot(50, announce)
            return
        announced.append(True)
        print("ready", flush=True)

    window.warmed_up.connect(announce)

    shown: list[str] = []
    window.workspace.policy_panel.match_shown.connect(lambda result: shown.append(result.credit_code))

    def work() -> None:
        window.workspace.search_edit.setText("恒达")
        wait_until(lambda: window.workspace._shown_query == "恒达", timeout_ms=600_000)
        for code in codes:
            window.route_scan(code)
            wait_until(lambda code=code: code in shown, timeout_ms=600_000)

    QTimer.singleShot(0, announce)
    try:
        return _serve(app, work, _check_new_names)
    finally:
        window.shutdown()
        db.close()


def _check_new_names() -> None:
    """What a sync round bringing a page of new enterprises does with their names: the
    server's search keys of a random sample recomputed here (services/sync_enterprises), inside
    the round's stretch of pinyin use, after which the dictionary is dropped."""
    from kuaixiang_core.demo.enterprises import generate_chunk
    from kuaixiang_desktop.services.pinyin_memory import pinyin_while
    from kuaixiang_desktop.services.sync_enterprises import checked_keys

    page = generate_chunk(11, 5_000_000, 2000)
    with pinyin_while():
        kept = checked_keys([d.record for d in page], [d.keys for d in page])
    if any(k is None for k in kept):
        raise RuntimeError("the sample of search keys disagreed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="startup_child")
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--db")
    parser.add_argument("--user")
    parser.add_argument("--code", action="append", default=[])
    args = parser.parse_args(argv)
    if args.bare:
        return _bare()
    password = sys.stdin.readline().rstrip("\n")
    return _window(args.db, args.user, password, args.code)


if __name__ == "__main__":
    sys.exit(main())
