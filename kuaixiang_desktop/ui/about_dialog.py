"""关于: the product, its version and every version a support call asks for (Python, Qt,
PySide6, SQLAlchemy, reportlab), the database file and its schema revision, the catalogue,
the server and the last sync, the licence, and 复制版本信息 (the same as plain text on the
clipboard, to paste into a support ticket).

The database figures are read by ``services.about.about_info`` on the dialog's own one-thread
runner (or passed in); the dialog shows 正在读取… until they arrive, and closing it waits
only for those few COUNT queries.

Layout: forms/about_dialog.ui.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys

from PySide6.QtCore import Qt, Signal, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from kuaixiang_core.domain.clock import shanghai_time

from .. import __version__
from ..services import about
from ..services.about import AboutInfo
from ..services.database import Database
from . import operations
from .accessibility import name_controls
from .generated.ui_about_dialog import Ui_AboutDialog
from .labels import MISSING
from .qtcompat import emit
from .tasks import TaskRunner

log = logging.getLogger(__name__)


def library_versions() -> list[tuple[str, str]]:
    import PySide6

    return [("Python", platform.python_version()), ("Qt", qVersion()), ("PySide6", PySide6.__version__),
            *about.library_versions()]


def _size_text(size: int | None) -> str:
    if size is None:
        return MISSING
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class AboutDialog(QDialog):
    """``info`` (an :class:`AboutInfo`) skips the worker; ``server`` and ``last_sync``
    (aware) override what the database knows (the window's live sync state)."""

    info_loaded = Signal(object)
    copied = Signal(str)

    def __init__(self, db: Database | None, parent: QWidget | None = None, *, info: AboutInfo | None = None,
                 server: str | None = None, last_sync: dt.datetime | None = None):
        super().__init__(parent)
        self._db = db
        self._info: AboutInfo | None = None
        self._runner: TaskRunner | None = None
        sync_status = getattr(parent, "sync_status", None)  # the window's, when it has one
        self._server = server or getattr(sync_status, "server", None)
        self._last_sync = last_sync or getattr(sync_status, "last_sync", None)

        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        font = self.ui.productLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.ui.productLabel.setFont(font)
        self.ui.versionLabel.setText(self.tr("版本 {version}").format(version=__version__))
        self.ui.copiedLabel.hide()
        self.ui.copyButton.clicked.connect(self.copy_version_info)
        self.ui.closeButton.clicked.connect(self.accept)

        self._values: dict[str, QLabel] = {}
        for key, caption in self._captions():
            value = QLabel(self)
            value.setObjectName(f"{key}Value")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            label = QLabel(caption, self)
            label.setBuddy(value)
            self.ui.detailsForm.addRow(label, value)
            self._values[key] = value
        for name, version in library_versions():
            self._values[name].setText(version)
        self._values["os"].setText(platform.platform())
        name_controls(self)

        if info is not None:
            self._show_info(info)
        elif db is None:
            self._show_info(None)
        else:
            for key in ("database", "schema", "catalogue", "enterprises", "server", "last_sync"):
                self._values[key].setText(self.tr("正在读取…"))
            self._runner = TaskRunner(self, max_threads=1)
            self._runner.submit(operations.about_info, db, on_done=self._show_info, on_error=self._info_failed)

    def _captions(self) -> list[tuple[str, str]]:
        return [
            *((name, f"{name}：") for name, _ in library_versions()),
            ("os", self.tr("操作系统：")),
            ("database", self.tr("数据库文件：")),
            ("schema", self.tr("数据库结构版本：")),
            ("catalogue", self.tr("政策目录：")),
            ("enterprises", self.tr("本地企业库：")),
            ("server", self.tr("中心服务器：")),
            ("last_sync", self.tr("上次同步：")),
        ]

    # -- the database's part ----------------------------------------------------------------

    def value(self, key: str) -> str:
        return self._values[key].text()

    def info(self) -> AboutInfo | None:
        return self._info

    def _show_info(self, info: AboutInfo | None) -> None:
        self._info = info
        v = self._values
        if info is None:
            for key in ("database", "schema", "catalogue", "enterprises"):
                v[key].setText(self.tr("没有打开数据库"))
        else:
            v["database"].setText(self.tr("{path}（{size}）").format(
                path=info.db_path, size=_size_text(info.db_size)))
            schema = info.schema or MISSING
            if info.schema_is_current:
                v["schema"].setText(self.tr("{revision}（最新）").format(revision=schema))
            else:
                v["schema"].setText(self.tr("{revision}（本程序最新为 {head}）").format(
                    revision=schema, head=info.schema_head))
            v["catalogue"].setText(self.tr("有效事项 {in_force} 项（共 {items} 项），政策文件 {documents} 份").format(
                in_force=f"{info.items_in_force:,}", items=f"{info.items:,}", documents=f"{info.documents:,}"))
            v["enterprises"].setText(self.tr("{count} 家企业").format(count=f"{info.enterprises:,}"))
        server = self._server or (info.server if info is not None else None)
        v["server"].setText(server or self.tr("未登录中心服务器"))
        if self._last_sync is not None:
            v["last_sync"].setText(shanghai_time(self._last_sync).strftime("%Y-%m-%d %H:%M:%S"))
        elif info is not None and info.last_pull is not None:
            pulled = shanghai_time(info.last_pull)
            v["last_sync"].setText(self.tr("{time}（上次下载更新）").format(time=pulled.strftime("%Y-%m-%d %H:%M:%S")))
        else:
            v["last_sync"].setText(self.tr("本机尚未同步过"))
        emit(self.info_loaded, info)

    def _info_failed(self, exc: BaseException) -> None:
        log.error("about box: reading the database failed", exc_info=(type(exc), exc, exc.__traceback__))
        for key in ("database", "schema", "catalogue", "enterprises"):
            self._values[key].setText(self.tr("读取失败：{error}").format(error=exc))
        emit(self.info_loaded, None)

    # -- copying ----------------------------------------------------------------------------

    def version_text(self) -> str:
        """Everything shown, as plain text lines (for a support ticket)."""
        lines = [f"{self.ui.productLabel.text()} {__version__}"]
        for key, caption in self._captions():
            lines.append(f"{caption}{self._values[key].text()}")
        lines.append(f"{sys.platform} / {platform.machine()}")
        return "\n".join(lines)

    def copy_version_info(self) -> None:
        text = self.version_text()
        QGuiApplication.clipboard().setText(text)
        self.ui.copiedLabel.show()
        emit(self.copied, text)

    # -- closing ----------------------------------------------------------------------------

    def done(self, result: int) -> None:
        if self._runner is not None:
            self._runner.shutdown()  # a few COUNT queries: waits a moment at most
            self._runner = None
        super().done(result)
