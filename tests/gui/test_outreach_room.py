"""The outreach room: pick an item, see the count and the first enterprises, export them all."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.outreach import HEADER_ROWS
from kuaixiang_desktop.services.reach import ReachedEnterprise, reach
from kuaixiang_desktop.ui.models.outreach_model import OutreachModel
from kuaixiang_desktop.ui.rooms import outreach_room
from kuaixiang_desktop.ui.rooms.outreach_room import OutreachRoom
from kuaixiang_desktop.ui.tasks import TaskRunner

AS_OF = dt.date(2026, 6, 1)
CITY_ITEM = "lc-liushui-lianfei-2023"  # thousands of demo enterprises qualify
LIMIT = 40


@pytest.fixture
def cat_db(counter_db_path):
    """The counter database, shared: the tests only read it."""
    database = open_client_db(counter_db_path)
    yield database
    database.close()


@pytest.fixture
def make_room(qtbot, cat_db):
    runners: list[TaskRunner] = []

    def make(**kwargs) -> OutreachRoom:
        runner = TaskRunner()
        runners.append(runner)
        room = OutreachRoom(cat_db, runner, today_fn=lambda: AS_OF, limit=LIMIT, **kwargs)
        qtbot.addWidget(room)
        room.resize(1366, 768)
        with qtbot.waitSignal(room.items_loaded):
            room.refresh()
        return room

    yield make
    for runner in runners:
        runner.shutdown()


@pytest.fixture
def room(make_room):
    return make_room()


def _shown(room, qtbot, item_id=CITY_ITEM):
    with qtbot.waitSignal(room.reach_shown, timeout=10_000) as blocker:
        room.set_item(item_id)
    return blocker.args[0]


def test_model_passes_the_model_tester(qtmodeltester):
    model = OutreachModel()
    model.set_rows([
        ReachedEnterprise("91371502MA3C1234X5", "聊城市恒达轴承有限公司", "371502", "东昌府区", "micro"),
        ReachedEnterprise("91371581MA3C1235X1", "临清市某某", "371581", None, None),
    ])
    qtmodeltester.check(model)
    assert model.data(model.index(0, OutreachModel.SIZE_CLASS)) == "微型"
    assert model.data(model.index(1, OutreachModel.REGION)) == "—"
    model.clear()
    qtmodeltester.check(model)


def test_an_item_shows_its_total_and_the_first_enterprises(room, qtbot, cat_db, qtmodeltester):
    result = _shown(room, qtbot)
    expected = reach(cat_db, CITY_ITEM, AS_OF, limit=LIMIT)
    assert result.total == expected.total > LIMIT
    assert room.model.rowCount() == LIMIT
    codes = [room.model.data(room.model.index(r, 0), OutreachModel.CreditCodeRole) for r in range(LIMIT)]
    assert codes == [e.credit_code for e in expected.enterprises]
    assert f"共 {expected.total:,} 家" in room.summary() and f"前 {LIMIT} 家" in room.summary()
    assert expected.title in room.item_edit.text() and CITY_ITEM in room.item_edit.text()
    assert room.ui.exportButton.isEnabled()
    qtmodeltester.check(room.model)


def test_typing_part_of_a_title_finds_the_item(room, qtbot):
    room.item_edit.setText("六税两费")
    with qtbot.waitSignal(room.reach_shown, timeout=10_000) as blocker:
        qtbot.keyClick(room.item_edit, Qt.Key.Key_Return)
    assert blocker.args[0].item_id == CITY_ITEM


def test_the_completer_offers_titles_and_picks_one(room, qtbot):
    completer = room.item_edit.completer()
    completer.setCompletionPrefix("稳岗")
    offered = [completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())]
    assert offered and all("稳岗" in o for o in offered)
    with qtbot.waitSignal(room.reach_shown, timeout=10_000) as blocker:
        completer.activated[str].emit(offered[0])
    assert blocker.args[0].title in offered[0]


def test_ambiguous_or_unknown_text_says_what_is_wrong_and_runs_nothing(room, qtbot):
    room.item_edit.setText("补贴")
    room.find()
    assert "个事项与「补贴」相符" in room.message() and room.result is None
    room.item_edit.setText("没有这种事项")
    room.find()
    assert room.message() == "没有名称或编号含「没有这种事项」的政策事项"
    room.item_edit.clear()
    room.find()
    assert room.message() == "请先输入政策事项的名称或编号"
    assert not room._runner.busy()  # nothing was submitted
    assert room.result is None and not room.ui.exportButton.isEnabled()


def test_an_unknown_item_id_is_reported(room, qtbot):
    room.set_item("no-such-item")
    qtbot.waitUntil(lambda: room.message() == "没有编号为 no-such-item 的政策事项")


def test_an_item_out_of_force_on_the_date_says_so(room, qtbot):
    room.set_as_of(dt.date(2020, 1, 1))
    result = _shown(room, qtbot)
    assert not result.in_force and room.model.rowCount() == 0
    assert "不在有效期内" in room.summary() and not room.ui.exportButton.isEnabled()
    room.export_to("/tmp/never.xlsx")
    assert "请先选择政策事项" in room.message()


def test_changing_the_date_runs_the_item_again(room, qtbot):
    _shown(room, qtbot)
    with qtbot.waitSignal(room.reach_shown, timeout=10_000) as blocker:
        room.set_as_of(dt.date(2020, 1, 1))
    assert blocker.args[0].as_of == dt.date(2020, 1, 1) and blocker.args[0].item_id == CITY_ITEM


def test_export_to_writes_every_enterprise_and_says_where(room, qtbot, tmp_path):
    total = _shown(room, qtbot).total
    target = tmp_path / "名单.xlsx"
    with qtbot.waitSignal(room.exported, timeout=30_000) as blocker:
        room.export_to(target)
    assert blocker.args[0].count == total and blocker.args[0].path == target
    assert room.message() == f"已导出 {total:,} 家企业到 {target}"
    wb = openpyxl.load_workbook(target, read_only=True)
    rows = list(wb.active.iter_rows(values_only=True))
    wb.close()
    assert len(rows) - HEADER_ROWS == total and f"共 {total} 家" in rows[2][0]
    assert room.ui.exportButton.isEnabled()


def test_export_without_a_suffix_gets_xlsx(room, qtbot, tmp_path):
    _shown(room, qtbot)
    with qtbot.waitSignal(room.exported, timeout=30_000) as blocker:
        room.export_to(tmp_path / "名单")
    assert blocker.args[0].path == tmp_path / "名单.xlsx" and (tmp_path / "名单.xlsx").is_file()


def test_a_bad_folder_gives_a_clear_message_and_no_file(room, qtbot, tmp_path):
    _shown(room, qtbot)
    target = tmp_path / "missing" / "x.xlsx"
    with qtbot.waitSignal(room.export_failed, timeout=10_000) as blocker:
        room.export_to(target)
    assert blocker.args[0] == f"未导出：文件夹不存在：{target.parent}"
    assert room.message() == blocker.args[0] and room.message_label.property("level") == "error"
    assert not target.parent.exists()
    assert room.ui.exportButton.isEnabled()  # the clerk can try another folder


def test_ctrl_e_opens_a_non_native_save_dialog_whose_choice_is_exported(room, qtbot, tmp_path):
    total = _shown(room, qtbot).total
    with qtbot.waitExposed(room):
        room.show()
    with qtbot.waitActive(room):
        room.activateWindow()
    with qtbot.waitSignal(room.export_dialog_opened) as blocker:
        qtbot.keyClick(room.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = blocker.args[0]
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.selectedFiles()[0].endswith(f"-符合条件企业-{AS_OF.isoformat()}.xlsx")
    target = tmp_path / "chosen.xlsx"
    dialog.selectFile(str(target))
    with qtbot.waitSignal(room.exported, timeout=30_000) as exported:
        dialog.accept()
    assert exported.args[0].count == total and target.is_file()
    qtbot.waitUntil(lambda: room.export_dialog is None)


def test_ctrl_e_exports_from_the_item_box_too(room, qtbot):
    # A QLineEdit on X11 takes Ctrl+E as "end of line": the room's shortcut never fired there.
    _shown(room, qtbot)
    with qtbot.waitExposed(room):
        room.show()
    with qtbot.waitActive(room):
        room.activateWindow()
    room.item_edit.setFocus()
    room.item_edit.setCursorPosition(0)
    with qtbot.waitSignal(room.export_dialog_opened) as blocker:
        qtbot.keyClick(room.item_edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    blocker.args[0].reject()
    qtbot.waitUntil(lambda: room.export_dialog is None)


def test_the_suggested_folder_exists_on_a_new_account(room, qtbot, tmp_path, monkeypatch):
    # A new account has no ~/Documents (nor XDG_DOCUMENTS_DIR): the home folder is offered.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(outreach_room.QStandardPaths, "writableLocation", lambda _where: str(home / "Documents"))
    _shown(room, qtbot)
    with qtbot.waitSignal(room.export_dialog_opened) as blocker:
        room.choose_export_file()
    dialog = blocker.args[0]
    chosen = dialog.selectedFiles()[0]
    assert chosen.startswith(str(home) + "/") and "Documents" not in chosen
    assert dialog.directory().absolutePath() == str(home)
    dialog.reject()
    qtbot.waitUntil(lambda: room.export_dialog is None)
    (home / "Documents").mkdir()  # once it exists, it is the place for documents
    with qtbot.waitSignal(room.export_dialog_opened) as blocker:
        room.choose_export_file()
    assert blocker.args[0].directory().absolutePath() == str(home / "Documents")
    blocker.args[0].reject()
    qtbot.waitUntil(lambda: room.export_dialog is None)


def test_export_before_any_item_explains_what_to_do(room):
    room.choose_export_file()
    assert room.export_dialog is None
    assert room.message() == "请先选择政策事项并查找到符合条件的企业，再导出"


def test_activating_an_enterprise_asks_for_its_card(room, qtbot):
    _shown(room, qtbot)
    index = room.model.index(2, 0)
    code = room.model.data(index, OutreachModel.CreditCodeRole)
    with qtbot.waitSignal(room.enterprise_requested) as blocker:
        room.view.activated.emit(index)
    assert blocker.args == [code]
