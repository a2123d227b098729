"""The counter window: the rooms (the workspace, applications, catalogue, outreach,
statistics, sync), the menus and their shortcuts, the status bar and the session.

The workspace (``rooms.workspace_room``) is where a visit happens; the other rooms are built
the first time they are shown and refreshed each time. A scan (a keyboard-wedge burst ending
in Enter, see :mod:`.scan_detector`) anywhere in the window goes to the workspace, which
routes it (``services.scan``): a credit code opens the enterprise, our own receipt's QR opens
its application in the applications room, an opaque licence link says what to scan instead.

Layout: forms/main_window.ui (compiled into ui/generated/ui_main_window.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QListWidgetItem, QMainWindow, QProgressBar, QPushButton, QWidget

from kuaixiang_core.resources import resources_dir

from ..devices import config as device_config
from ..devices.config import DeviceConfig
from ..services import auth
from ..services.database import Database
from ..services.lookup import Lookup
from . import operations
from .accessibility import name_controls
from .app_settings import AppSettings
from .apply_devices import WizardDevices
from .device_hub import DeviceHub
from .device_status import DeviceStatusLabel
from .generated.ui_main_window import Ui_MainWindow
from .idle_lock import IdleLockController
from .login_dialog import LoginDialog
from .print_actions import DocumentPrinter, PrintOutcome
from .qtcompat import emit
from .rooms.workspace_room import DEBOUNCE_MS, SEARCH_LIMIT, WorkspaceRoom
from .scan_detector import ScanDetector
from .sync_status import SyncStatus
from .tasks import TaskRunner
from .text_scale import TextScaler

log = logging.getLogger(__name__)

__all__ = ["DEBOUNCE_MS", "ROOMS", "SEARCH_LIMIT", "MainWindow"]

# Coming back to the window recounts at most this often: dialogs closing activate it too.
ACTIVATION_RECOUNT_S = 10.0
TITLE_BAR_ALLOWANCE = 40  # device-independent pixels: a title bar and the frame's borders
ROOMS = ("workspace", "applications", "catalogue", "outreach", "statistics", "sync")


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


class MainWindow(QMainWindow):
    """The counter window.

    ``lookup_fn``, ``detail_fn`` and ``count_fn`` default to the operations (``operations.py``);
    tests pass slower or failing ones.  They run in worker threads and receive the
    ``Database``.  ``settings`` defaults to the user's; ``as_of`` fixes the matching date
    (tests, demos).
    """

    enterprise_count_changed = Signal(int)
    ready_changed = Signal(bool)
    room_changed = Signal(str)
    scan_routed = Signal(object)  # the Lookup or ReceiptScan a scan led to
    wizard_opened = Signal(object)  # the ApplyWizard
    dialog_opened = Signal(object)  # settings, about, shortcuts: tests close them
    warmed_up = Signal()  # the catalogue is compiled, with the matcher of the hall's region

    def __init__(
        self,
        db: Database,
        *,
        runner: TaskRunner | None = None,
        lookup_fn: Callable[[Database, str, int], Lookup] = operations.lookup,
        detail_fn: Callable[[Database, str], object] = operations.enterprise_detail,
        count_fn: Callable[[Database], int] = operations.enterprise_count,
        debounce_ms: int = DEBOUNCE_MS,
        settings: AppSettings | None = None,
        as_of: dt.date | None = None,
        devices: DeviceHub | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._db = db
        self.settings = settings if settings is not None else AppSettings()
        self._count_fn = count_fn
        self.runner = runner if runner is not None else TaskRunner(self)
        self.runner.failed.connect(self._on_task_failed)
        self._ready = True
        self._enterprise_count: int | None = None
        self._counted_on_activation = time.monotonic()

        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.printer = DocumentPrinter(self.runner, self.settings.print_settings, self)
        self.printer.printed.connect(self._on_printed)
        self.printer.failed.connect(self._on_print_failed)
        self.workspace = WorkspaceRoom(db, self.runner, self.printer, self.settings, lookup_fn=lookup_fn,
                                       detail_fn=detail_fn, debounce_ms=debounce_ms, as_of=as_of, parent=self)
        self.workspace.setObjectName("workspaceRoom")
        self.workspace.application_requested.connect(self.open_application)
        self.workspace.scan_routed.connect(self.scan_routed)
        self.workspace.status_message.connect(self._workspace_status)
        self.workspace.wizard_opened.connect(self._wizard_opened)
        self.workspace.wizard_closed.connect(self._wizard_closed)
        self.workspace.card.enterprise_changed.connect(self._enterprise_changed)
        self._enterprise_name = ""
        self._session_title = ""
        self.ui.roomStack.insertWidget(0, self.workspace)
        self.ui.roomStack.setCurrentWidget(self.workspace)
        self._rooms: dict[str, QWidget] = {"workspace": self.workspace}
        self._setup_rooms()
        self._setup_actions()
        self.text_scaler = TextScaler(self, self.settings, self.ui.menuView)  # Ctrl+= / Ctrl+- / Ctrl+0
        self.text_scaler.changed.connect(self._size_nav)

        self.sync_status: SyncStatus | None = None
        self.idle_lock: IdleLockController | None = None
        self._relogin_dialog: LoginDialog | None = None

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self._progress = QProgressBar(self)
        self._progress.setRange(0, 0)
        self._progress.setMaximumWidth(160)
        self._progress.setTextVisible(False)
        self._progress.hide()
        # The hall's devices; by default those of the counter's own settings (app.py gives the demo's).
        self.devices = devices if devices is not None else DeviceHub(device_config.config_path())
        self.devices.setParent(self)
        self.device_status = DeviceStatusLabel(self.devices, self)
        self.due_button = QPushButton(self)  # 容缺: due within three working days, overdue
        self.due_button.setObjectName("dueButton")
        self.due_button.setFlat(True)
        self.due_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.due_button.clicked.connect(lambda: self.show_room("applications"))
        self.due_button.hide()
        self.statusBar().addPermanentWidget(self._progress)
        self.statusBar().addPermanentWidget(self.due_button)
        self.statusBar().addPermanentWidget(self.device_status)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().messageChanged.connect(lambda text: self.statusBar().setToolTip("") if not text else None)

        self.scan_detector = ScanDetector(self)
        self.scan_detector.scanned.connect(self.route_scan)

        name_controls(self)
        self.workspace.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_title()
        self.refresh_enterprise_count()
        self.refresh_pending()  # and the 容缺 deadlines, from the first minute
        self.warm_up()
        geometry = self.settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """No larger than the screen: the form's 1366×768 is 2049×1152 physical pixels at
        150 % scaling, and a size remembered at 100 % is too big after the clerk turns it up."""
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        # The title bar is not known before the window is shown; without room for it the
        # status bar (待上传, 库中共有) ended below the screen's edge.
        height = room.height() - TITLE_BAR_ALLOWANCE
        if self.width() > room.width() or self.height() > height:
            self.resize(min(self.width(), room.width()), min(self.height(), height))

    # -- state ------------------------------------------------------------------------------

    @property
    def db(self) -> Database:
        return self._db

    @property
    def enterprise_count(self) -> int | None:
        return self._enterprise_count

    def is_ready(self) -> bool:
        return self._ready

    def set_busy(self, message: str) -> None:
        """Searching is impossible until ``set_ready``: e.g. while demo data is written."""
        self._ready = False
        self.workspace.set_busy(message)
        self.statusBar().showMessage(message)
        self._progress.show()
        emit(self.ready_changed, False)

    def set_ready(self) -> None:
        self._ready = True
        self._progress.hide()
        self.statusBar().clearMessage()
        emit(self.ready_changed, True)
        self.workspace.set_ready()

    def run_startup_task(self, fn: Callable[[], Any], busy_message: str,
                         on_done: Callable[[Any], None] | None = None) -> None:
        """Run ``fn`` in the background with searching disabled; refresh the count after."""
        self.set_busy(busy_message)

        def done(result: object) -> None:
            self.set_ready()
            self.refresh_enterprise_count()
            self.warm_up()  # the task may have brought a catalogue
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            log.error("start-up task failed", exc_info=(type(exc), exc, exc.__traceback__))
            self._progress.hide()
            self.statusBar().clearMessage()
            self.workspace.show_message(self.tr("准备数据时出错：{error}").format(error=exc), "error")
            self.set_ready()

        self.runner.submit(fn, on_done=done, on_error=failed)

    def refresh_counts(self) -> None:
        """Every count in the status bar again, each on a worker (a count over 500,000
        enterprises is no work for the GUI thread): after filing, a status change, a sync
        round, and when the clerk comes back to the window (a ``kuaixiang import`` run in a
        terminal changes the database behind its back)."""
        self.refresh_enterprise_count()
        self.refresh_pending()

    def refresh_pending(self) -> None:
        if self.sync_status is not None:
            self.sync_status.refresh_pending()
        if self.runner.closed:
            return  # the wizard closing with the window: nothing left to show it in
        self.runner.submit(operations.due_counts, self._db, channel="due-counts", on_done=self._show_due,
                           on_error=lambda exc: log.warning("counting 容缺 deadlines failed: %s", exc))

    def _show_due(self, counts) -> None:
        """容缺 materials due within three working days, and overdue: the clerk calls the agent."""
        if not counts.due_soon and not counts.overdue:
            self.due_button.hide()
            return
        self.due_button.setText(self.tr("容缺待补：3 日内到期 {soon} 件，逾期 {overdue} 件").format(
            soon=counts.due_soon, overdue=counts.overdue))
        self.due_button.setToolTip(self.tr("单击打开“申请”页的待补正清单"))
        self.due_button.setProperty("alert", bool(counts.overdue))
        self.due_button.style().unpolish(self.due_button)
        self.due_button.style().polish(self.due_button)
        self.due_button.show()

    def refresh_enterprise_count(self) -> None:
        self.runner.submit(
            self._count_fn, self._db, channel="count", on_done=self._set_enterprise_count, on_error=self._count_failed
        )

    def warm_up(self) -> None:
        """Compile the catalogue now, while the clerk logs in or waits for the first visitor,
        not when the first enterprise is scanned."""
        def done(_catalogue: object) -> None:
            emit(self.warmed_up)
            self.runner.submit(operations.build_matchers, self._db, channel="warmup-matchers",
                               on_done=lambda _none: None, on_error=failed)

        def failed(exc: BaseException) -> None:
            log.warning("catalogue not compiled ahead: %s", exc)

        self.runner.submit(operations.warm_up_catalogue, self._db, channel="warmup", on_done=done, on_error=failed)

    def seal_old_attachments(self) -> None:
        """Encrypt in the background the material scans an earlier version kept in plain."""
        def done(count: int) -> None:
            if count:
                log.info("encrypted %d material files stored in plain by an earlier version", count)

        def failed(exc: BaseException) -> None:
            # They stay readable as they are; the next start (or `kuaixiang init`) tries again.
            log.warning("material files stored in plain were not encrypted: %s", exc)

        self.runner.submit(operations.seal_old_attachments, on_done=done, on_error=failed)

    def _set_enterprise_count(self, count: int) -> None:
        self._enterprise_count = count
        self.count_label.setText(self.tr("库中共有 {count} 家企业").format(count=f"{count:,}"))
        emit(self.enterprise_count_changed, count)

    def _count_failed(self, exc: BaseException) -> None:
        log.warning("could not count enterprises: %s", exc)
        self.count_label.setText(self.tr("企业数量未知"))

    def _on_task_failed(self, channel: object, exc: BaseException) -> None:
        self.workspace.show_message(self.tr("后台任务出错：{error}").format(error=exc), "error")

    def _workspace_status(self, text: str, timeout_ms: int) -> None:
        if text:
            self.statusBar().showMessage(text, timeout_ms)
        else:
            self.statusBar().clearMessage()

    # -- rooms, menus and shortcuts ---------------------------------------------------------

    def _room_titles(self) -> dict[str, str]:
        return {
            "workspace": self.tr("工作台"), "applications": self.tr("申请记录"), "catalogue": self.tr("政策目录"),
            "outreach": self.tr("政策找企业"), "statistics": self.tr("统计"), "sync": self.tr("同步"),
        }

    def _setup_rooms(self) -> None:
        nav = self.ui.roomList
        titles = self._room_titles()
        self._size_nav()
        for n, key in enumerate(ROOMS, start=1):
            item = QListWidgetItem(icon(key), titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{titles[key]}（Ctrl+{n}）")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            nav.addItem(item)
        nav.setCurrentRow(0)
        nav.currentRowChanged.connect(lambda row: self.show_room(ROOMS[row]) if 0 <= row < len(ROOMS) else None)

    def _size_nav(self, _size: float = 0.0) -> None:
        """The room list as wide as its longest title: at start and after Ctrl+= / Ctrl+-."""
        nav = self.ui.roomList
        fm = nav.fontMetrics()
        width = max(fm.horizontalAdvance(t) for t in self._room_titles().values()) + 36
        nav.setFixedWidth(max(width, 96))
        nav.setGridSize(QSize(nav.width() - 6, fm.height() * 2 + 44))

    def _setup_actions(self) -> None:
        ui = self.ui
        self.setWindowIcon(icon("app"))
        for key, action in zip(ROOMS, (ui.actionWorkspace, ui.actionApplications, ui.actionCatalogue,
                                       ui.actionOutreach, ui.actionStatistics, ui.actionSyncRoom), strict=True):
            action.setIcon(icon(key))
            action.triggered.connect(lambda _checked=False, k=key: self.show_room(k))
        ui.actionFind.triggered.connect(lambda: self.show_room("workspace"))
        ui.actionPolicies.triggered.connect(self.focus_policies)
        ui.actionApply.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        ui.actionApply.triggered.connect(self.apply_for_current_item)
        ui.actionPrintChecklist.triggered.connect(self.print_checklist)
        ui.actionSyncNow.triggered.connect(self.sync_now)
        self.actionRateVisit = QAction(self.tr("来访评价（无申请）…"), self)
        self.actionRateVisit.setObjectName("actionRateVisit")
        self.actionRateVisit.setToolTip(self.tr("为没有申请的来访编号，并把评价屏转向企业（或显示在第二屏）"))
        ui.menuWork.insertAction(ui.actionSyncNow, self.actionRateVisit)
        self.actionRateVisit.triggered.connect(self.rate_visit)
        self.rating_dialog = None
        ui.actionSettings.triggered.connect(self.open_settings)
        ui.actionLock.triggered.connect(self.lock_now)
        ui.actionQuit.triggered.connect(self.close)
        ui.actionShortcuts.triggered.connect(self.show_shortcuts)
        ui.actionAbout.triggered.connect(self.show_about)
        from .support_actions import SupportActions

        self.support = SupportActions(self)  # 导出诊断信息, the update check after log-in
        for action in self.findChildren(QAction):
            # Shortcuts work in every room, and the menus show them.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shortcut = action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)
            if shortcut and not action.toolTip().endswith(f"（{shortcut}）"):
                action.setToolTip(f"{action.text().replace('&', '').split('(')[0].rstrip('…')}（{shortcut}）")

    def current_room(self) -> str:
        widget = self.ui.roomStack.currentWidget()
        return next((k for k, w in self._rooms.items() if w is widget), "workspace")

    def room(self, key: str) -> QWidget:
        """The room's widget, built the first time it is asked for."""
        if key not in self._rooms:
            widget = self._make_room(key)
            widget.setObjectName(f"{key}Room")
            name_controls(widget)
            self._rooms[key] = widget
            self.ui.roomStack.addWidget(widget)
        return self._rooms[key]

    def _rating_pad(self):
        """The evaluator pad the enterprise rates on, or None where the hall rates on the
        screen turned to the enterprise (second screen) or later by the receipt's QR."""
        pad = self.devices.evaluator
        return pad if pad.interactive and pad.driver != "second_screen" else None

    def _make_room(self, key: str) -> QWidget:
        # Imported here: a room the clerk never opens costs nothing at start-up.
        if key == "applications":
            from .rooms.applications_room import ApplicationsRoom

            room = ApplicationsRoom(self._db, self.runner, self.printer, self, layout_fn=lambda: self.settings.paper,
                                    pad_fn=self._rating_pad)
            room.enterprise_requested.connect(self.open_enterprise)
            room.transitioned.connect(lambda _id, _status: self.refresh_pending())  # a status change is sent too
            room.draft_requested.connect(self.open_draft)
            return room
        if key == "catalogue":
            from .rooms.catalogue_room import CatalogueRoom

            room = CatalogueRoom(self._db, self.runner, self)
            room.outreach_requested.connect(self.open_outreach)
            return room
        if key == "outreach":
            from .rooms.outreach_room import OutreachRoom

            room = OutreachRoom(self._db, self.runner, self)
            room.enterprise_requested.connect(self.open_enterprise)
            return room
        if key == "statistics":
            from .rooms.statistics_room import StatisticsRoom

            return StatisticsRoom(self._db, self.runner, self)
        if key == "sync":
            from .rooms.sync_room import SyncRoom

            return SyncRoom(self._db, self.runner, self.sync_status, self)
        raise KeyError(key)

    def show_room(self, key: str) -> QWidget:
        widget = self.room(key)
        self.ui.roomStack.setCurrentWidget(widget)
        row = ROOMS.index(key)
        if self.ui.roomList.currentRow() != row:
            self.ui.roomList.blockSignals(True)
            self.ui.roomList.setCurrentRow(row)
            self.ui.roomList.blockSignals(False)
        if key == "workspace":
            self.workspace.focus_search()
        else:
            self.statusBar().clearMessage()  # "找到 N 家企业" belongs to the workspace
            refresh = getattr(widget, "refresh", None)
            if refresh is not None:
                refresh()
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        emit(self.room_changed, key)
        return widget

    def open_enterprise(self, credit_code: str) -> None:
        """Show ``credit_code`` in the workspace (from another room, a scan, a receipt)."""
        self.show_room("workspace")
        self.workspace.open_enterprise(credit_code)

    def open_application(self, application_id: str) -> None:
        room = self.show_room("applications")
        room.open_application(application_id)  # type: ignore[attr-defined]

    def open_draft(self, draft_id: str, credit_code: str) -> None:
        """Continue a 草稿 in the apply wizard, its enterprise on the card."""
        self.show_room("workspace")
        self.workspace.open_enterprise(credit_code)
        self.workspace.open_draft(draft_id)

    def open_outreach(self, item_id: str) -> None:
        room = self.show_room("outreach")
        room.set_item(item_id)  # type: ignore[attr-defined]

    def focus_policies(self) -> None:
        self.show_room("workspace")
        self.workspace.focus_policies()

    # -- applying and printing ----------------------------------------------------------------

    def rate_visit(self) -> None:
        """A visit without an application: number it (tied to the enterprise on the card, if
        any) and turn the rating screen to the enterprise."""
        if self.rating_dialog is not None:
            return
        from .rating_dialog import RatingDialog

        def ready(banjian) -> None:
            dialog = RatingDialog(self._db, banjian, self)
            self.rating_dialog = dialog

            def closed(_result: int) -> None:
                self.rating_dialog = None
                dialog.deleteLater()
                self.refresh_pending()

            dialog.finished.connect(closed)
            dialog.show_facing()
            emit(self.dialog_opened, dialog)

        def failed(exc: BaseException) -> None:
            self.workspace.show_message(getattr(exc, "message", str(exc)), "warning")

        self.runner.submit(operations.open_visit, self._db, self.workspace.card.credit_code,
                           channel="rate-visit", on_done=ready, on_error=failed)

    def apply_for_current_item(self) -> None:
        """Ctrl+Enter: the workspace's panel decides whether its current item can be applied for."""
        if self.current_room() == "workspace":
            self.workspace.apply_for_current_item()
        else:
            self.workspace.show_message(self.tr("请先打开企业，并在政策清单（F3）中选中要代办的事项。"), "info")

    def _wizard_opened(self, wizard: object) -> None:
        self.scan_detector.enabled = False  # the wizard's fields get the keys as they come
        if getattr(wizard, "agent_page", None) is not None:
            wizard.devices = WizardDevices(wizard, self.devices)
        filed = getattr(wizard, "filed", None)
        if filed is not None:  # the filed application waits in the outbox: 待上传 counts it now
            filed.connect(lambda _result: self.refresh_pending())
        emit(self.wizard_opened, wizard)

    def _wizard_closed(self) -> None:
        self.scan_detector.enabled = True
        self.refresh_pending()  # a draft kept on closing is waiting to go up as well

    def print_checklist(self) -> None:
        self.show_room("workspace")
        self.workspace.print_checklist()

    def _on_printed(self, outcome: PrintOutcome) -> None:
        if outcome.to_file:
            template = self.tr("“{title}”已保存为 PDF：{path}").replace("{title}", outcome.title)
            self.show_status_with_path(template, outcome.destination, 15000)
        else:
            text = self.tr("“{title}”已送往打印机 {printer}（{pages} 页）").format(
                title=outcome.title, printer=outcome.destination, pages=outcome.pages)
            self.show_status_with_path(text, "", 15000)

    def status_message_width(self) -> int:
        """Pixels the status bar's message may take: left of the counters and the sync state."""
        bar = self.statusBar()
        permanent = [w for w in (self._progress, self.device_status, self.count_label, self.sync_status)
                     if w is not None and w.isVisibleTo(bar)]
        if bar.isVisible() and permanent and all(w.width() > 0 for w in permanent):
            right = min(w.x() for w in permanent)
        else:  # not laid out yet: what the widgets will ask for
            right = bar.width() - sum(w.sizeHint().width() + 6 for w in permanent)
        return max(0, right - 24)  # the bar's margins and the size grip's side

    def show_status_with_path(self, template: str, path: str, timeout_ms: int) -> None:
        """``template`` with ``{path}`` in the status bar, the path shortened in its middle so
        that the text never runs into the counters; the tooltip has it whole."""
        bar = self.statusBar()
        fm = bar.fontMetrics()
        whole = template.replace("{path}", path)
        room = self.status_message_width() - fm.horizontalAdvance(template.replace("{path}", ""))
        shown = template.replace("{path}", fm.elidedText(path, Qt.TextElideMode.ElideMiddle, max(room, 0)))
        if fm.horizontalAdvance(shown) > self.status_message_width():
            shown = fm.elidedText(shown, Qt.TextElideMode.ElideRight, self.status_message_width())
        bar.setToolTip(whole if shown != whole else "")
        bar.showMessage(shown, timeout_ms)

    def _on_print_failed(self, message: str) -> None:
        self.workspace.show_message(self.tr("打印失败：{reason}").format(reason=message), "error")

    # -- dialogs ------------------------------------------------------------------------------

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        in_use = self.sync_status.server if self.sync_status is not None else None
        dialog = SettingsDialog(self.settings, self, server_in_use=in_use, devices=self.devices.config)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_changed.connect(lambda: self._settings_changed(dialog.server_changed, dialog.device_config))
        dialog.open()
        emit(self.dialog_opened, dialog)

    def _settings_changed(self, server_changed: bool = False, devices: DeviceConfig | None = None) -> None:
        from PySide6.QtWidgets import QApplication

        if devices is not None and devices != self.devices.config:
            try:
                self.devices.apply(devices)  # saved, and the devices opened afresh
            except OSError as exc:
                self.workspace.show_message(self.tr("设备设置未能保存：{reason}").format(reason=exc), "error")

        app = QApplication.instance()
        if isinstance(app, QApplication) and (self.settings.font_family or self.settings.has_font_size()):
            TextScaler.apply(app, self.settings)  # the stylesheet's sizes follow the font
        if server_changed:
            log.info("server changed to %s: takes effect at the next log-in", self.settings.server)
            self.statusBar().showMessage(self.tr("设置已保存；中心服务器改为 {url}，下次登录时生效").format(
                url=self.settings.server), 10000)
            return
        self.statusBar().showMessage(self.tr("设置已保存"), 5000)

    def show_about(self) -> None:
        from .about_dialog import AboutDialog

        dialog = AboutDialog(self._db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        emit(self.dialog_opened, dialog)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        for menu in (self.ui.menuFile, self.ui.menuView, self.ui.menuWork, self.ui.menuHelp):
            for action in menu.actions():
                if action.isSeparator() or action.shortcut().isEmpty():
                    continue
                name = action.text().replace("&", "").split("(")[0].rstrip("…")
                keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
                rows.append((name, " / ".join(keys)))  # every key: Ctrl+= and Ctrl++ both zoom
        from . import shortcut_help  # the rooms', the wizard's and the preview's keys

        return rows + shortcut_help.rows()

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.shortcut_rows(), self)
        dialog.open()
        emit(self.dialog_opened, dialog)

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()
        else:
            self.statusBar().showMessage(self.tr("演示模式没有登录，无需锁定"), 5000)

    # -- scans --------------------------------------------------------------------------------

    def route_scan(self, text: str) -> None:
        """A scan (or Enter on a receipt QR's text): open what it names, whatever room is shown."""
        text = text.strip()
        if not text or not self._ready:
            return
        if self.idle_lock is not None and self.idle_lock.locked:
            return
        if self.current_room() != "workspace":
            self.show_room("workspace")
        else:
            # Back to the search box, as after F2: the clerk's next Enter or typing belongs
            # to the new visit, not to the list or tree that had the focus.
            self.workspace.focus_search()
        self.workspace.route_scan(text)

    # -- log-in, sync and the idle lock -----------------------------------------------------

    def set_session(self, info: auth.SessionInfo | None) -> None:
        """The hall and window come with the account: the title says where this counter is."""
        if info is None:
            self._session_title = ""
        else:
            where = info.hall_name or info.hall_code
            window = self.tr("{window} 号窗口").format(window=info.window) if info.window else ""
            mode = "" if info.mode == "online" else self.tr("（离线）")
            self._session_title = f"{where} {window} · {info.display_name}{mode}".replace("  ", " ")
        self._update_title()

    def _enterprise_changed(self, name: str) -> None:
        self._enterprise_name = name
        self._update_title()

    def _update_title(self) -> None:
        """「政策快享 — 企业名称」 while an enterprise is open, so that the taskbar and a glance
        across the desk say whose visit this is; the hall and clerk after it when logged in."""
        parts = [self.tr("政策快享"), self._enterprise_name, self._session_title]
        self.setWindowTitle(" — ".join(part for part in parts if part))

    def enable_sync(self, server: str | None, *, start: bool = True, **kwargs: Any) -> SyncStatus:
        """Show the sync state in the status bar and run rounds in the background (F5: now)."""
        if self.sync_status is None:
            self.sync_status = SyncStatus(self._db, server, parent=self, **kwargs)
            self.sync_status.relogin_requested.connect(self.relogin)
            self.sync_status.round_finished.connect(self._round_finished)
            self.statusBar().insertPermanentWidget(0, self.sync_status)
        if start:
            self.sync_status.start()
        sync_room = self._rooms.get("sync")
        if sync_room is not None and hasattr(sync_room, "set_sync_status"):
            sync_room.set_sync_status(self.sync_status)
        return self.sync_status

    def _round_finished(self, report: object) -> None:
        # 待上传 comes with the report; the enterprises a round pulled change 库中共有 N 家.
        pulled = getattr(report, "pulled", None) or {}
        if pulled.get("enterprises") or pulled.get("facts"):
            self.refresh_enterprise_count()
        # The room on screen counts what the round may have brought (共 N 份, N 个事项); the
        # others reload when shown. The sync room follows the rounds itself.
        room = self.current_room()
        if room not in ("workspace", "sync") and (any(pulled.values()) or getattr(report, "status_changes", 0)):
            refresh = getattr(self._rooms[room], "refresh", None)
            if refresh is not None:
                refresh()

    def sync_now(self) -> None:
        if self.sync_status is not None:
            self.sync_status.sync_now()

    def enable_idle_lock(self, policy: auth.AuthPolicy = auth.DEFAULT_POLICY, **kwargs: Any) -> IdleLockController:
        if self.idle_lock is None:
            self.idle_lock = IdleLockController(self, policy, **kwargs)
        return self.idle_lock

    def relogin(self) -> None:
        """Ask for a new log-in (the server refused the token); sync resumes after it."""
        if self._relogin_dialog is not None or self.sync_status is None:
            return
        session = auth.current_session(self._db)
        dialog = LoginDialog(self._db, self.sync_status.server or "", username=session.username if session else "",
                             parent=self, security=self.settings.transport_security())
        self._relogin_dialog = dialog

        def finished(_result: int) -> None:
            if dialog.session is not None and self.sync_status is not None:
                self.sync_status.resume(dialog.session.server)
            self._relogin_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> bool:
        """Stop timers and wait (a bounded time) for background work; safe to call twice.
        False when a background task was still running at the end of the wait."""
        # Every runner's tasks are asked to stop at once, so that the bounded waits below
        # overlap instead of adding up (the lock's, the sync's, then the window's own).
        others = [part.runner for part in (self.idle_lock, self.sync_status) if part is not None]
        for runner in (self.runner, *others):
            runner.stop()
        self.scan_detector.shutdown()
        self.devices.shutdown()
        for widget in self._rooms.values():
            stop = getattr(widget, "shutdown", None)
            if stop is not None:
                stop()
        if self._relogin_dialog is not None:
            self._relogin_dialog.reject()
        if self.idle_lock is not None:
            self.idle_lock.shutdown()
        if self.sync_status is not None:
            self.sync_status.shutdown()
        finished = self.runner.shutdown()
        self.printer.shutdown()  # after the runner: it also removes what a dropped print staged
        # The lock's and the sync's own runners were given the same bound above; one still busy
        # would block deleting this window just as well, so it counts as unfinished too.
        return finished and all(runner.wait(0) for runner in others)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow() and self._ready:
            now = time.monotonic()
            if now - self._counted_on_activation >= ACTIVATION_RECOUNT_S:
                self._counted_on_activation = now
                self.refresh_counts()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace.ask_before_quitting():
            event.ignore()  # an application is half-entered: the wizard asks first, as on Esc
            return
        self.settings.set_geometry("main", self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)
