"""The outreach room (政策找企业): pick an item, see how many enterprises qualify and the first
of them, export them all to Excel for the calls and visits.

``services.reach.reach`` runs on the ``outreach`` channel (count and first page); the export
(``services.outreach.export_reach_xlsx``, every match) on ``outreach-export``.  The save
dialog is Qt's own (non-native) one opened with ``open()``, so nothing blocks and tests can
drive it; ``export_to(path)`` is what its ``fileSelected`` calls.

Layout: forms/outreach_room.ui.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QStandardPaths, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCompleter, QFileDialog, QHeaderView, QWidget

from kuaixiang_core.domain import clock

from ...services.catalogue_search import ItemChoice
from ...services.database import Database
from ...services.outreach import ExportError, ReachExport
from ...services.reach import ItemNotFound, ReachPage
from .. import operations
from ..generated.ui_outreach_room import Ui_OutreachRoom
from ..message_label import MessageLineMixin
from ..models.outreach_model import OutreachModel
from ..qtcompat import emit
from ..tasks import TaskRunner

log = logging.getLogger(__name__)

ROOM_LIMIT = 200  # rows shown in the room; the export has them all
DATE_DEBOUNCE_MS = 400



def _file_name(title: str, as_of: dt.date) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_") or "政策事项"
    return f"{safe}-符合条件企业-{as_of.isoformat()}.xlsx"


def _existing_folder(*candidates: str | None) -> Path:
    """The first candidate folder that exists, else the home folder. A new account has no
    ~/Documents; Qt's dialog then read the suggested absolute path as relative to the working
    folder, and the export failed naming a folder nobody had chosen."""
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


class OutreachRoom(MessageLineMixin, QWidget):
    enterprise_requested = Signal(str)  # credit code
    items_loaded = Signal(int)  # choices now in the completer
    reach_shown = Signal(object)  # the ReachPage now in the table
    export_dialog_opened = Signal(object)  # the QFileDialog (tests pick the file)
    exported = Signal(object)  # ReachExport
    export_failed = Signal(str)

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None, *,
                 today_fn: Callable[[], dt.date] = clock.today, limit: int = ROOM_LIMIT):
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._limit = limit
        self._choices: dict[str, str] = {}  # item id -> title
        self._display_to_id: dict[str, str] = {}
        self._result: ReachPage | None = None  # the reach() answer on screen
        self._exporting = False
        self._last_folder: str | None = None
        self.export_dialog: QFileDialog | None = None

        self.ui = Ui_OutreachRoom()
        self.ui.setupUi(self)
        self.message_label = self.ui.messageLabel
        self.message_label.hide()
        self.item_edit = self.ui.itemEdit
        self.view = self.ui.enterprisesView
        self.model = OutreachModel(self)
        self.view.setModel(self.model)
        self._setup_columns()
        self.ui.asOfEdit.setDate(QDate(today_fn()))
        self.ui.exportButton.setEnabled(False)

        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(15)
        completer.activated[str].connect(self._on_completion)
        self.item_edit.setCompleter(completer)
        self.item_edit.returnPressed.connect(self.find)
        self.ui.findButton.clicked.connect(self.find)
        self.ui.exportButton.clicked.connect(self.choose_export_file)
        self.view.activated.connect(self._on_activated)

        self._date_debounce = QTimer(self)
        self._date_debounce.setSingleShot(True)
        self._date_debounce.setInterval(DATE_DEBOUNCE_MS)
        self._date_debounce.timeout.connect(self._rerun)
        self.ui.asOfEdit.dateChanged.connect(lambda _date: self._date_debounce.start())

        self._room_keys: list[QKeySequence] = []
        for keys, slot in ((QKeySequence.StandardKey.Find, self.focus_item),
                           (QKeySequence("Ctrl+E"), self.choose_export_file)):
            shortcut = QShortcut(keys, self)
            # Window-wide while the room is visible: Qt ignores a hidden widget's shortcuts.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self._room_keys.append(shortcut.key())
        # On X11 a line edit claims Ctrl+E (end of line) and Ctrl+F (next character) before any
        # shortcut sees them: in the item box Ctrl+E did nothing. The room's keys win there.
        for editor in (self.item_edit, self.ui.asOfEdit):
            editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch for keys in self._room_keys):
                event.ignore()  # not the editor's: the shortcut map gets it
                return True
        return super().eventFilter(watched, event)

    def _setup_columns(self) -> None:
        header = self.view.horizontalHeader()
        fm = self.view.fontMetrics()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OutreachModel.NAME, QHeaderView.ResizeMode.Stretch)
        widths = {
            OutreachModel.CREDIT_CODE: fm.horizontalAdvance("9" * 18) + fm.horizontalAdvance("99"),
            OutreachModel.REGION: fm.horizontalAdvance("东昌府区"),
            OutreachModel.SIZE_CLASS: fm.horizontalAdvance("中型"),
        }
        for column, width in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(column, max(width, fm.horizontalAdvance(title)) + 28)
        self.view.verticalHeader().setDefaultSectionSize(fm.height() + 14)

    def summary(self) -> str:
        return self.ui.summaryLabel.text()

    # -- choosing the item ------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the item list (the catalogue may have changed) and the shown result."""
        self._runner.submit(operations.item_choices, self._db, channel="outreach-items",
                            on_done=self._set_choices, on_error=self._choices_failed)
        self._rerun()

    def _display(self, item_id: str, title: str) -> str:
        return self.tr("{title}（{id}）").format(title=title, id=item_id)

    def _set_choices(self, choices: tuple[ItemChoice, ...]) -> None:
        self._choices = {c.item_id: c.title for c in choices}
        self._display_to_id = {self._display(c.item_id, c.title): c.item_id for c in choices}
        self._completions.setStringList(list(self._display_to_id))
        emit(self.items_loaded, len(choices))

    def _choices_failed(self, exc: BaseException) -> None:
        log.error("loading the item list failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.show_message(self.tr("读取政策事项列表时出错：{error}").format(error=exc), "error")

    def focus_item(self) -> None:
        self.item_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.item_edit.selectAll()

    def set_as_of(self, day: dt.date) -> None:
        self.ui.asOfEdit.setDate(QDate(day))

    def as_of(self) -> dt.date:
        return self.ui.asOfEdit.date().toPython()

    def set_item(self, item_id: str) -> None:
        """Show the enterprises for ``item_id`` (the catalogue room's 找企业)."""
        title = self._choices.get(item_id)
        self.item_edit.setText(self._display(item_id, title) if title else item_id)
        self._run(item_id)

    def _resolve(self, text: str) -> str | None:
        """The item id the clerk means by ``text``; None with a message when unclear."""
        text = text.strip()
        if not text:
            self.show_message(self.tr("请先输入政策事项的名称或编号"), "warning")
            return None
        if text in self._display_to_id:
            return self._display_to_id[text]
        if text in self._choices or not self._choices:
            return text  # an id (or the list is not loaded yet: reach will say if it is unknown)
        by_title = [i for i, t in self._choices.items() if t == text]
        if len(by_title) == 1:
            return by_title[0]
        lowered = text.casefold()
        found = [i for i, t in self._choices.items() if lowered in t.casefold() or lowered in i.casefold()]
        if len(found) == 1:
            return found[0]
        if not found:
            self.show_message(self.tr("没有名称或编号含「{text}」的政策事项").format(text=text), "warning")
        else:
            self.show_message(
                self.tr("有 {count} 个事项与「{text}」相符，请从列表中选择一个").format(count=len(found), text=text), "warning"
            )
            if self.item_edit.isVisible():  # offer the candidates right away
                completer = self.item_edit.completer()
                completer.setCompletionPrefix(text)
                completer.complete()
        return None

    def _on_completion(self, display: str) -> None:
        item_id = self._display_to_id.get(display)
        if item_id:
            self._run(item_id)

    def find(self) -> None:
        item_id = self._resolve(self.item_edit.text())
        if item_id:
            self._run(item_id)

    def _rerun(self) -> None:
        self._date_debounce.stop()
        if self._result is not None:
            self._run(self._result.item_id)

    def _run(self, item_id: str) -> None:
        as_of = self.as_of()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ItemNotFound):
                self.show_message(self.tr("没有编号为 {id} 的政策事项").format(id=item_id), "warning")
                return
            log.error("reach %s failed", item_id, exc_info=(type(exc), exc, exc.__traceback__))
            self.show_message(self.tr("查找企业时出错：{error}").format(error=exc), "error")

        self.show_message(self.tr("正在查找符合条件的企业……"))
        self._runner.submit(operations.reach, self._db, item_id, as_of, self._limit, channel="outreach",
                            on_done=self._show_result, on_error=failed)

    def _show_result(self, result: ReachPage) -> None:
        self._result = result
        self.clear_message()
        self.model.set_rows(result.enterprises)
        title, item_id, as_of = result.title, result.item_id, result.as_of.isoformat()
        if self.item_edit.text().strip() != self._display(item_id, title) and not self.item_edit.hasFocus():
            self.item_edit.setText(self._display(item_id, title))
        total, shown = result.total, len(result.enterprises)
        if not result.in_force:
            text = self.tr("「{title}」在 {as_of} 不在有效期内，没有符合条件的企业。").format(title=title, as_of=as_of)
        elif total == 0:
            text = self.tr("截至 {as_of}，没有符合「{title}」条件的企业。").format(title=title, as_of=as_of)
        elif total > shown:
            text = self.tr("截至 {as_of}，符合「{title}」条件的企业共 {total} 家；下表列出前 {shown} 家，导出 Excel 可得全部名单。").format(
                title=title, as_of=as_of, total=f"{total:,}", shown=shown)
        else:
            text = self.tr("截至 {as_of}，符合「{title}」条件的企业共 {total} 家。").format(
                title=title, as_of=as_of, total=f"{total:,}")
        self.ui.summaryLabel.setText(text)
        self.ui.exportButton.setEnabled(total > 0 and not self._exporting)
        emit(self.reach_shown, result)

    @property
    def result(self) -> ReachPage | None:
        return self._result

    def _on_activated(self, index: QModelIndex) -> None:
        code = self.model.data(index, OutreachModel.CreditCodeRole) if index.isValid() else None
        if code:
            emit(self.enterprise_requested, code)

    # -- export -----------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        """Ask where to save (non-native dialog, ``open()``), then export there."""
        if not self._can_export():
            return
        if self.export_dialog is not None:
            self.export_dialog.raise_()
            return
        folder = _existing_folder(self._last_folder,
                                  QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        suggested = str(folder / _file_name(self._result.title, self.as_of()))
        dialog = QFileDialog(self, self.tr("导出符合条件的企业"), str(folder), self.tr("Excel 工作簿 (*.xlsx)"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(suggested)
        dialog.fileSelected.connect(self.export_to)

        def finished(_result: int) -> None:
            self.export_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        self.export_dialog = dialog
        dialog.open()
        emit(self.export_dialog_opened, dialog)

    def _can_export(self) -> bool:
        if self._exporting:
            self.show_message(self.tr("正在导出，请稍候"), "info")
            return False
        if self._result is None or self._result.total == 0:
            self.show_message(self.tr("请先选择政策事项并查找到符合条件的企业，再导出"), "warning")
            return False
        return True

    def export_to(self, path: str | Path) -> None:
        """Write every qualifying enterprise of the shown item to ``path`` in the background."""
        if not self._can_export():
            return
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".xlsx")
        self._last_folder = str(path.parent)
        item_id, as_of = self._result.item_id, self._result.as_of
        self._exporting = True
        self.ui.exportButton.setEnabled(False)
        self.show_message(self.tr("正在导出到 {path}……").format(path=path))

        def done(export: ReachExport) -> None:
            self._export_finished()
            self.show_message(
                self.tr("已导出 {count} 家企业到 {path}").format(count=f"{export.count:,}", path=export.path), "info"
            )
            emit(self.exported, export)

        def failed(exc: BaseException) -> None:
            self._export_finished()
            if isinstance(exc, ExportError):
                message = self.tr("未导出：{reason}").format(reason=exc.message)
            else:
                log.error("export to %s failed", path, exc_info=(type(exc), exc, exc.__traceback__))
                message = self.tr("导出失败：{error}").format(error=exc)
            self.show_message(message, "error")
            emit(self.export_failed, message)

        self._runner.submit(operations.export_reach, self._db, item_id, path, as_of, channel="outreach-export",
                            on_done=done, on_error=failed)

    def _export_finished(self) -> None:
        self._exporting = False
        self.ui.exportButton.setEnabled(bool(self._result and self._result.total > 0))

    def shutdown(self) -> None:
        self._date_debounce.stop()
        if self.export_dialog is not None:
            self.export_dialog.reject()
