"""What the main window does for deployment and support: 「导出诊断信息」 in the 帮助 menu,
and the update check after a log-in. Both run on the window's task runner, never on the GUI
thread; both only report in the status bar or the workspace's message line."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from kuaixiang_core.domain.clock import shanghai_time, utcnow

from ..services import diagnostics, updates
from . import operations

log = logging.getLogger(__name__)


class SupportActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.export_action = QAction(self.tr("导出诊断信息…"), window)
        self.export_action.setObjectName("actionExportDiagnostics")
        self.export_action.triggered.connect(self.ask_and_export)
        window.ui.menuHelp.addAction(self.export_action)
        self.last_update: updates.UpdateCheck | None = None

    # -- diagnostics ------------------------------------------------------------------------

    def ask_and_export(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"kuaixiang-diagnostics-{shanghai_time(utcnow()).strftime('%Y%m%d-%H%M')}.zip"
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("导出诊断信息"), str(Path(folder) / name),
                                              self.tr("Zip 文件 (*.zip)"))
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        settings_file = Path(self.window.settings.file_name())

        def done(result: diagnostics.DiagnosticsResult) -> None:
            self.window.show_status_with_path(self.tr("诊断信息已导出到 {path}（不含个人信息和密钥）"), str(result.path), 15000)

        def failed(exc: BaseException) -> None:
            self.window.workspace.show_message(self.tr("诊断信息未能导出：{error}").format(error=exc), "error")

        job = functools.partial(diagnostics.export, settings_file=settings_file,
                                extra_versions={"qt_runtime": qVersion()})
        self.window.runner.submit(job, self.window.db, path, on_done=done, on_error=failed)

    # -- updates ----------------------------------------------------------------------------

    def check_for_updates(self) -> None:
        """After an online log-in: check, and for a one-folder install download and stage."""
        def done(result: updates.UpdateCheck) -> None:
            self.last_update = result
            if result.action == "none":
                return
            level = "warning" if result.action in ("admin", "too_old") else "info"
            self.window.workspace.show_message(self._message(result), level)

        def failed(exc: BaseException) -> None:
            # Routine (offline, an older server, nothing pinned yet): the work goes on; the next log-in tries again.
            log.info("update check failed: %s", exc)

        self.window.runner.submit(operations.run_update, self.window.db, on_done=done, on_error=failed)

    def _message(self, result: updates.UpdateCheck) -> str:
        version = result.manifest.version if result.manifest else ""
        texts = {
            "staged": self.tr("新版本 {v} 已下载并核验，下次启动政策快享时安装"),
            "admin": self.tr("新版本 {v} 可用：本机的安装须由管理员更新，请告知县里的运维人员"),
            "too_old": self.tr("新版本 {v} 不能从本机的版本直接升级：请联系管理员重新安装"),
            "report": self.tr("新版本 {v} 可用（开发安装：请用 pip 更新）"),
            "stage": self.tr("新版本 {v} 正在下载"),
        }
        return texts.get(result.action, result.message).format(v=version)
