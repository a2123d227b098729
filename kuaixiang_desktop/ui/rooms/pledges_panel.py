"""待补正: what enterprises still owe under a 容缺 pledge, nearest deadline first, in the
applications room (and, for one enterprise, on its card).

Each row is one material owed; overdue ones red, those due within three working days amber.
Selecting a row shows its application (``application_selected``); 收取补交材料 (Ctrl+Shift+M)
takes the scan of the selected material, adds it to the application and, when nothing else is
owed, closes the pledge (services.pledges). Loading and receiving run on the task runner.

Layout: forms/pledges_panel.ui.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHeaderView, QWidget

from ...services.applications import ApplyRefused
from ...services.database import Database
from ...services.pledges import PledgeView
from .. import operations
from ..generated.ui_pledges_panel import Ui_PledgesPanel
from ..models.pledges_model import OwedRow, PledgesModel, owed_rows
from ..qtcompat import emit
from ..scan_detector import takes_codes
from ..tasks import TaskRunner

VISIBLE_ROWS = 5


class PledgesPanel(QGroupBox):
    """Signals: ``loaded(int)`` rows shown; ``application_selected(str)``; ``received(str, str)``
    (application id, material) once a material is in; ``message(str, str)`` (level, text)."""

    loaded = Signal(int)
    application_selected = Signal(str)
    received = Signal(str, str)
    message = Signal(str, str)

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None, *,
                 credit_code: str | None = None, channel: str = "pledges"):
        super().__init__(parent)
        self._db, self._runner, self._channel = db, runner, channel
        self.credit_code = credit_code
        self.ui = Ui_PledgesPanel()
        self.ui.setupUi(self)
        self.model = PledgesModel(self)
        view = self.ui.pledgesView
        view.setModel(self.model)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (PledgesModel.MATERIAL, PledgesModel.ENTERPRISE, PledgesModel.ITEM):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)  # they share what is left
        view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.ui.receiveButton.clicked.connect(self.choose_file)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+M"), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.choose_file)
        self.file_dialog: QFileDialog | None = None
        self._quiet = False
        self.hide()

    def refresh(self) -> None:
        self._runner.submit(operations.open_pledges, self._db, self.credit_code, channel=self._channel,
                            on_done=self._show, on_error=self._failed)

    def _show(self, pledges: tuple[PledgeView, ...]) -> None:
        rows = owed_rows(pledges)
        current = self.current()
        self.model.set_rows(rows)
        overdue = sum(p.state == "overdue" for p in pledges)
        soon = sum(p.state == "due_soon" for p in pledges)
        self.ui.summaryLabel.setText(self.tr("共 {count} 件申请待补正：3 个工作日内到期 {soon} 件，已逾期 {overdue} 件").format(
            count=len(pledges), soon=soon, overdue=overdue))
        self.setVisible(bool(rows))
        view = self.ui.pledgesView
        if rows:
            view.setFixedHeight(min(len(rows), VISIBLE_ROWS) * view.verticalHeader().defaultSectionSize()
                                + view.horizontalHeader().height() + 2 * view.frameWidth() + 2)
            keep = self.model.row_of(current.key) if current is not None else -1
            self._quiet = True  # a reload's selection is not the clerk choosing an application
            try:
                view.selectRow(max(keep, 0))
            finally:
                self._quiet = False
        emit(self.loaded, len(rows))

    def _failed(self, exc: BaseException) -> None:
        emit(self.message, "error", self.tr("无法载入待补正的材料：{error}").format(error=exc))

    def current(self) -> OwedRow | None:
        index = self.ui.pledgesView.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _on_current_row_changed(self, current, _previous) -> None:
        row = self.model.row(current.row()) if current.isValid() else None
        if row is not None and not self._quiet:
            emit(self.application_selected, row.pledge.application_id)

    def choose_file(self) -> None:
        row = self.current()
        if row is None or not self.isVisible():
            return
        dialog = QFileDialog(self, self.tr("选择「{material}」的扫描件").format(material=row.material))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("材料文件 (*.pdf *.jpg *.jpeg *.png *.ofd)"), self.tr("所有文件 (*)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        takes_codes(dialog)  # a path typed or pasted fast is a path, not a scanned code
        dialog.fileSelected.connect(lambda path: self.receive(row, Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def receive(self, row: OwedRow, file: Path | None) -> None:
        """Add ``row``'s material to its application (with the scan ``file``)."""
        app_id, name = row.pledge.application_id, row.material

        def done(view: PledgeView | None) -> None:
            if view is not None and not view.owed:
                text = self.tr("已收取「{material}」，容缺承诺已结清（{state}）").format(
                    material=name, state=view.state_name)
            else:
                text = self.tr("已收取「{material}」").format(material=name)
            emit(self.message, "info", text)
            emit(self.received, app_id, name)
            self.refresh()

        def failed(exc: BaseException) -> None:
            text = exc.message if isinstance(exc, ApplyRefused) else str(exc)
            emit(self.message, "error", self.tr("无法收取「{material}」：{error}").format(material=name, error=text))

        self._runner.submit(operations.receive_material, self._db, app_id, name, file,
                            channel=f"{self._channel}-receive", on_done=done, on_error=failed)
