"""Where the GUI's diagnostics go: a log file, Qt's own messages, and uncaught exceptions.

``install_*`` functions return what they replaced so that ``app.main`` can put everything
back when it returns (tests call ``main`` in-process).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import paths

log = logging.getLogger("kuaixiang_desktop")
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def setup_logging(log_dir: Path, *, debug: bool = False) -> list[logging.Handler]:
    """A rotating file in ``log_dir`` (everything from INFO, DEBUG with ``debug``) and
    warnings on stderr.  Returns the handlers added to the root logger."""
    paths.private_dir(log_dir)  # the log names enterprises and clerks: the owner's alone
    fmt = logging.Formatter("%(asctime)s %(levelname)-8s %(threadName)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(
        log_dir / "kuaixiang-desktop.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(fmt)
    file_handler.setLevel(logging.DEBUG if debug else logging.INFO)
    stderr_handler = logging.StreamHandler()
    stderr_handler.setFormatter(fmt)
    stderr_handler.setLevel(logging.DEBUG if debug else logging.WARNING)
    root = logging.getLogger()
    root.addHandler(file_handler)
    root.addHandler(stderr_handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.DEBUG if debug else logging.INFO)
    return [file_handler, stderr_handler]


def remove_logging(handlers: list[logging.Handler]) -> None:
    root = logging.getLogger()
    for handler in handlers:
        root.removeHandler(handler)
        handler.close()


def log_file(handlers: list[logging.Handler]) -> str | None:
    for handler in handlers:
        if isinstance(handler, logging.FileHandler):
            return handler.baseFilename
    return None


def qt_message_handler(msg_type: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Route qDebug/qWarning/... into logging (logger ``qt``)."""
    where = f" ({context.file}:{context.line})" if context.file else ""
    qt_log.log(_QT_LEVELS.get(msg_type, logging.WARNING), "%s%s", message, where)


def install_qt_message_handler() -> Callable | None:
    return qInstallMessageHandler(qt_message_handler)


def restore_qt_message_handler(previous: Callable | None) -> None:
    qInstallMessageHandler(previous)


class CrashHandler:
    """``sys.excepthook``: log the traceback, tell the clerk briefly, keep running.

    Exceptions raised in slots reach here too (PySide prints them through the hook).  While
    the dialog is open a second exception is logged only, so an error in a paint event
    cannot stack dialogs.
    """

    def __init__(self, log_path: str | None = None):
        self.log_path = log_path
        self._showing = False
        self.previous = sys.excepthook

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.exit(130)
            return
        log.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            text = QCoreApplication.translate(
                "CrashHandler", "程序出现了意外错误，刚才的操作可能没有完成。请重新操作一次；如果问题再次出现，请联系系统管理员。"
            )
            title = QCoreApplication.translate("CrashHandler", "政策快享 · 意外错误")
            box = QMessageBox(QMessageBox.Icon.Critical, title, text)
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            if self.log_path:
                box.setInformativeText(
                    QCoreApplication.translate("CrashHandler", "详细信息已记录在日志文件：{path}").format(path=self.log_path)
                )
            box.setDetailedText(details)
            box.exec()  # noqa: Qt's modal event loop, not Python exec
        finally:
            self._showing = False

    def install(self) -> None:
        self.previous = sys.excepthook
        sys.excepthook = self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous
