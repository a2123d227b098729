"""``kuaixiang-desktop``: the counter client's window.

    kuaixiang-desktop [--db PATH] [--demo] [--server URL] [--lang zh|en] [--debug] [Qt options]

Without ``--demo`` the clerk logs in first (online at ``--server``, offline against this
device's verifier when it cannot be reached); then the window syncs in the background and
locks itself after the idle timeout.

``--demo`` opens ``demo.sqlite3`` in the user's data dir (or ``--db``) and, when it holds no
enterprises yet, writes the demo enterprises in the background while the window shows that
it is preparing them; meanwhile the central server starts in this process on 127.0.0.1 (over
``demo-server/`` in the data dir, seeded with the same enterprises), the demo account
(demo / demo1234) logs in, and the window syncs with it like any counter.  On a machine
without a desktop keyring the demo keeps its keys in a plain file (``KUAIXIANG_INSECURE_KEYRING``).  Exit codes follow the ``kuaixiang`` command: 0 ok, 2 usage, 3 the
database cannot be used (the reason is shown in a dialog first).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from kuaixiang_core.cancellation import Cancelled, current_cancel_event

from . import __version__, paths, process
from .demo import WINDOW_DEMO_ENTERPRISES, WINDOW_DEMO_SEED
from .demo.server import DemoServer, demo_account
from .devices.config import config_path
from .services import auth, policies
from .services.lookup import enterprise_count
from .store.database import Database, DatabaseError
from .ui import crash, input_method
from .ui.app_settings import AppSettings
from .ui.db_upgrade import open_at_start
from .ui.device_hub import DeviceHub
from .ui.i18n import install_translations, remove_translations
from .ui.login_dialog import LoginDialog
from .ui.main_window import MainWindow
from .ui.style import load_stylesheet, register_shipped_fonts, scaled_stylesheet, ui_font
from .ui.text_scale import stylesheet_factor

log = logging.getLogger(__name__)

EXIT_OK, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 2, 3
DEMO_ENTERPRISES = WINDOW_DEMO_ENTERPRISES
DEMO_SEED = WINDOW_DEMO_SEED
DEFAULT_SERVER = "http://127.0.0.1:8765"


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="kuaixiang-desktop", description="政策快享 · 窗口服务客户端")
    parser.add_argument("--db", type=Path, metavar="PATH", help="客户端数据库文件（默认在用户数据目录）")
    parser.add_argument("--demo", action="store_true", help="使用演示数据库；为空时生成演示企业")
    parser.add_argument("--server", metavar="URL",
                        help=f"中心服务器地址（默认为设置中的地址，未设置时 {DEFAULT_SERVER}）")
    parser.add_argument("--lang", choices=("zh", "en"), help="界面语言（默认随系统）")
    parser.add_argument("--debug", action="store_true", help="日志记录调试信息")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(argv)


def demo_db_path() -> Path:
    return paths.demo_db_path()


def prepare_demo(db: Database, enterprises: int = DEMO_ENTERPRISES, seed: int = DEMO_SEED) -> int:
    """Fill an empty database with demo enterprises (worker thread); returns the count."""
    if enterprise_count(db) == 0:
        # Imported here: the generator of demo enterprises is no part of a clerk's window.
        from .demo.loader import load_demo

        loaded = load_demo(db, enterprises=enterprises, seed=seed)
        log.info("demo data: %d enterprises in %.1f s", loaded.enterprises, loaded.seconds)
    return enterprise_count(db)


def prepare_demo_with_server(db: Database, server: DemoServer, enterprises: int = DEMO_ENTERPRISES,
                             seed: int = DEMO_SEED) -> tuple[str | None, str | None]:
    """Demo data on both sides, then the demo account logs in (worker thread).

    Returns (server URL, None) or (None, why the server is not there): the counter still
    works on its own data, as it would offline."""
    with ThreadPoolExecutor(1, thread_name_prefix="demo-server") as pool:
        # The server seeds on its own thread, which has no cancel event of its own: it
        # gets this task's, so that closing the window stops both seedings.
        started = pool.submit(server.start, current_cancel_event())
        prepare_demo(db, enterprises, seed)
        try:
            url = started.result()
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - the demo goes on offline, and says why
            log.error("demo server did not start", exc_info=True)
            return None, str(exc)
    # The in-process server's application, routes and seeded state live as long as the window.
    process.freeze_long_lived("the demo server started")
    account = demo_account()
    try:
        auth.login_online(db, url, account.username, account.password)
    except auth.LoginError as exc:
        log.error("demo log-in failed: %s", exc)
        return None, str(exc)
    return url, None


def _application(qt_args: list[str]) -> QApplication:
    app = QApplication.instance()
    if app is None:
        # Qt 6 always scales for high DPI; pass fractional factors (125 %, 150 %) through
        # unrounded so that text stays crisp on the laptops many halls use.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "kuaixiang-desktop", *qt_args])
    assert isinstance(app, QApplication)
    app.setOrganizationName("kuaixiang")
    app.setOrganizationDomain("kuaixiang.liaocheng.gov.cn")
    app.setApplicationName("kuaixiang-desktop")
    app.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("kuaixiang-desktop")
    return app


def _exit_now(code: int) -> None:
    os._exit(code)  # tests replace this


def _leave_without_workers(db: Database, code: int) -> None:
    """End the process now although a background task still runs.

    Why not wait: the task did not stop when asked (tasks stop at their next check; one
    blocked in a slow call, such as an HTTP request waiting out its timeout, cannot), and deleting the window would make
    its thread pool's destructor wait for it without bound, long after the window went away.
    Why ``os._exit`` rather than returning: the interpreter's own exit would wait for that
    thread as well (and for the demo server's start-up thread beside it).  Nothing is lost:
    SQLite rolls back the unfinished transaction when the file is next opened (the demo is
    prepared again), and everything committed is already on disk."""
    log.warning("background work did not stop within the bound: leaving without it (exit code %d)", code)
    try:
        db.close()  # returns the idle connections; the busy one goes with the process
    except Exception:  # noqa: BLE001 - leaving anyway
        log.exception("closing the database at exit failed")
    log.info("kuaixiang-desktop stopped")
    for handler in logging.getLogger().handlers:  # os._exit flushes nothing
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    _exit_now(code)


def switch_to_staged_update(argv: list[str]) -> None:
    """A one-folder build with a newer version staged beside it (services/updates) runs that
    one instead: exec on POSIX, a new process on Windows. Once per start (the environment
    says it was done), so a broken staged version cannot loop."""
    from .services import updates

    if not getattr(sys, "frozen", False) or os.environ.get(updates.SWITCHED_ENV):
        return
    target = updates.switch_target(updates.current_install())
    if target is None:
        return
    env = {**os.environ, updates.SWITCHED_ENV: str(target)}
    log.info("starting the staged update %s", target)
    if os.name == "posix":
        os.execve(target, [str(target), *argv], env)
    import subprocess

    subprocess.Popen([str(target), *argv], env=env)
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    switch_to_staged_update(sys.argv[1:] if argv is None else argv)
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    im_changes = input_method.select() if QApplication.instance() is None else {}
    app = _application(qt_args)

    handlers = crash.setup_logging(paths.data_dir() / "logs", debug=args.debug)
    input_method.log_choice(im_changes)
    register_shipped_fonts()
    previous_qt_handler = crash.install_qt_message_handler()
    crash_handler = crash.CrashHandler(crash.log_file(handlers))
    crash_handler.install()
    locale = QLocale(QLocale.Language.English) if args.lang == "en" else (
        QLocale(QLocale.Language.Chinese, QLocale.Country.China) if args.lang == "zh" else QLocale.system()
    )
    translators = install_translations(app, locale)
    previous_style, previous_font = app.styleSheet(), app.font()
    chosen = AppSettings()
    app.setFont(ui_font(previous_font, chosen.font_family, chosen.font_size if chosen.has_font_size() else None))
    app.setStyleSheet(scaled_stylesheet(load_stylesheet(), stylesheet_factor(chosen)))
    restore_process = process.configure(gui=True)
    try:
        return _run(app, args)
    finally:
        restore_process()
        app.setStyleSheet(previous_style)
        app.setFont(previous_font)
        remove_translations(app, translators)
        crash_handler.uninstall()
        crash.restore_qt_message_handler(previous_qt_handler)
        crash.remove_logging(handlers)


def _run(app: QApplication, args: argparse.Namespace) -> int:
    path = args.db or (demo_db_path() if args.demo else paths.default_db_path())
    log.info("kuaixiang-desktop %s starting on %s", __version__, path)
    try:
        db = open_at_start(path)
    except DatabaseError as exc:
        log.error("cannot open database %s: %s", path, exc)
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "无法打开数据库"),
            QCoreApplication.translate("App", "{reason}\n\n数据库文件：{path}").format(reason=exc, path=path),
        )
        return EXIT_ENVIRONMENT
    policies.compile_ahead(db)

    # The settings' server unless the command line names one: changing it in 设置 is what
    # the next log-in uses.
    server = args.server or AppSettings().server
    security = AppSettings().transport_security()
    if not args.server and not AppSettings().has_server():
        # Imported with `kuaixiang provision import` before the window ever ran.
        from .services.provisioning import provisioned

        config = provisioned(db)
        if config is not None:
            server, security = config.server, auth.TransportSecurity(False, config.ca_file)
    if args.demo:
        # Only consulted when the machine has no keyring at all (secrets.py says so in the log).
        os.environ.setdefault("KUAIXIANG_INSECURE_KEYRING", "1")
    login_online = False
    if not args.demo:
        login = LoginDialog(db, server, security=security, quit_on_cancel=True,
                            settings=AppSettings())
        try:
            if login.exec() != QDialog.DialogCode.Accepted or login.session is None:  # noqa: Qt dialog loop
                log.info("log-in cancelled")
                db.close()
                return EXIT_OK
            server = login.session.server or server
            login_online = login.session.mode == "online"
        finally:
            login.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    window = MainWindow(db, devices=DeviceHub(config_path(demo=args.demo), demo=args.demo))
    demo_server = DemoServer(paths.data_dir() / "demo-server", enterprises=DEMO_ENTERPRISES, seed=DEMO_SEED)
    code = EXIT_OK
    try:
        if not args.demo:
            window.set_session(auth.current_session(db))
            window.enable_sync(server)
            window.enable_idle_lock()
            if login_online:
                window.support.check_for_updates()
        window.show()
        window.seal_old_attachments()
        if args.demo:
            busy = QCoreApplication.translate(
                "App", "正在准备演示数据（{count} 家企业）并启动演示服务器，请稍候；完成后即可查找。")

            def demo_ready(result: tuple[str | None, str | None]) -> None:
                url, problem = result
                window.set_session(auth.current_session(db))
                if url is None:
                    window.workspace.show_message(QCoreApplication.translate(
                        "App", "演示服务器没有启动（{reason}）：本机数据照常可用，同步不可用。").format(reason=problem), "warning")
                    return
                window.enable_sync(url)
                window.statusBar().showMessage(QCoreApplication.translate(
                    "App", "演示服务器 {url} 已启动，演示账号 demo 已登录").format(url=url), 10000)

            window.run_startup_task(
                lambda: prepare_demo_with_server(db, demo_server, DEMO_ENTERPRISES, DEMO_SEED),
                busy.format(count=f"{DEMO_ENTERPRISES:,}"),
                on_done=demo_ready,
            )
        code = app.exec()  # noqa: Qt's event loop, not Python exec
        return code
    finally:
        finished = window.shutdown()
        window.hide()
        if not finished:
            # Not demo_server.stop(): it would wait for a start() that is still seeding the
            # server's database; the server's thread is a daemon and goes with the process.
            _leave_without_workers(db, code)
        demo_server.stop()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        db.close()
        log.info("kuaixiang-desktop stopped")


if __name__ == "__main__":
    sys.exit(main())
