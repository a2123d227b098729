"""Issue 14, points 5 and 6: an application in progress is marked before the clerk starts
collecting, and a started application is never lost (closing asks; a 草稿 reopens)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select, text

from kuaixiang_core.domain import clock
from kuaixiang_desktop.services import applications, drafts
from kuaixiang_desktop.services.applications import Agent, MaterialInput
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.store.models import OutboxEntry
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.apply_wizard import AGENT_PAGE, DONE_PAGE, REVIEW_PAGE, ApplyWizard
from kuaixiang_desktop.ui.models.policy_tree_model import PolicyTreeModel
from kuaixiang_desktop.ui.policy_panel import PolicyPanel
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.tasks import TaskRunner

from .conftest import legal_rep_of

VALID_ID = "11010519491231002X"
PHONE = "13800138000"


@pytest.fixture(scope="session")
def case(counter_db_path) -> tuple[str, str]:
    """(credit code, item id) of an eligible window/online item open today with 3+ required materials."""
    db = open_client_db(counter_db_path)
    try:
        cat = compiled_catalogue(db)
        today = clock.today()
        with db.engine.connect() as conn:
            codes = [row[0] for row in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 600"))]
        for code in codes:
            for line in match_enterprise(db, code, today, catalogue=cat).items:
                item = cat.by_id[line.item_id]
                open_now = not ((item.apply_from and today < item.apply_from)
                                or (item.apply_to and today > item.apply_to))
                if (line.verdict == "eligible" and line.mode in ("window", "online") and open_now
                        and not item.allows_deferred and len([m for m in item.materials if m.required]) >= 3):
                    return code, item.id
    finally:
        db.close()
    pytest.fail("no demo enterprise has an item to apply for")


@pytest.fixture
def runner(qapp):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def printer(runner, tmp_path):
    out = tmp_path / "p.pdf"
    return DocumentPrinter(runner, lambda: PrintSettings(printer=f"pdf:{out}", paper="a4", preview=False))


@pytest.fixture
def make_wizard(qtbot, counter_db, runner, printer, case):
    def make(*, draft=None, show=True) -> ApplyWizard:
        wizard = ApplyWizard(counter_db, runner, printer, *case, draft=draft)
        qtbot.addWidget(wizard)
        with qtbot.waitSignal(wizard.loaded, timeout=20000):
            pass
        if show:
            with qtbot.waitActive(wizard):
                wizard.show()
                wizard.activateWindow()
        return wizard

    yield make
    runner.wait()


def _focus():
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _outbox(db) -> int:
    with db.sessions() as session:
        return len(session.scalars(select(OutboxEntry)).all())


def _button(box: QMessageBox, words: str):
    [button] = [b for b in box.buttons() if words in b.text()]
    return button


def _file_one(counter_db, case):
    code, item_id = case
    item = compiled_catalogue(counter_db).by_id[item_id]
    return applications.file_application(counter_db, code, item_id, Agent("王五", VALID_ID, PHONE),
                                         [MaterialInput(m.name) for m in item.materials], device_id="TEST")


# -- point 5: an application in progress ------------------------------------------------------------


def test_an_item_in_progress_is_marked_and_applying_says_so_before_the_wizard(qtbot, qtmodeltester, counter_db,
                                                                             runner, printer, case):
    filed = _file_one(counter_db, case)
    assert filed.receipt_no
    panel = PolicyPanel(counter_db, runner, printer)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.match_shown, timeout=20000):
        panel.show_enterprise(case[0])
    marked = PolicyTreeModel()
    marked.set_result(panel.model.result)  # a model of its own: the tester stays attached after check()
    qtmodeltester.check(marked)
    assert "在办" in marked.item_index(case[1]).data()
    index = panel.model.item_index(case[1])
    title = index.data()
    assert title.startswith("［在办·已受理］") and title.endswith(panel.model.item_at(index).item.title)
    assert index.data(PolicyTreeModel.InProgressRole).id == filed.application_id
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert filed.receipt_no in tip and "已受理" in tip
    # Another item of the same enterprise carries no mark.
    others = [panel.model.index(r, 0, index.parent()) for r in range(panel.model.rowCount(index.parent()))]
    assert any(o.data(PolicyTreeModel.InProgressRole) is None for o in others if o != index) or len(others) == 1

    requested: list[str] = []
    panel.apply_requested.connect(requested.append)
    panel.show()
    panel.tree.setCurrentIndex(index)
    hint = panel.ui.hintLabel.text()
    assert filed.receipt_no in hint and "已受理" in hint and "不能重复申请" in hint
    # From one of its conditions (the 'why') it is the same item, and the same answer.
    panel.tree.setExpanded(index, True)
    panel.tree.setCurrentIndex(panel.model.index(0, 0, index))
    panel.tree.setFocus()
    with qtbot.waitSignal(panel.duplicate_shown) as shown:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = shown.args[0]
    assert requested == []  # no wizard, no first page
    assert filed.receipt_no in box.text() and "已受理" in box.text() and "不能重复申请" in box.text()
    assert filed.receipt_no in panel.ui.messageLabel.text()
    with qtbot.waitSignal(panel.application_requested) as opened:
        _button(box, "打开在办申请").click()
    assert opened.args == [filed.application_id]
    assert requested == []


def test_a_withdrawn_application_leaves_no_mark(qtbot, counter_db, runner, printer, case):
    filed = _file_one(counter_db, case)
    applications.transition(counter_db, filed.application_id, "withdrawn", reason="企业撤回")
    panel = PolicyPanel(counter_db, runner, printer)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.match_shown, timeout=20000):
        panel.show_enterprise(case[0])
    index = panel.model.item_index(case[1])
    assert "在办" not in index.data() and index.data(PolicyTreeModel.InProgressRole) is None


# -- point 6: closing asks, a draft keeps it ---------------------------------------------------------


def _tick_and_type(qtbot, wizard: ApplyWizard, tmp_path: Path) -> None:
    pdf = tmp_path / "申请表.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    with qtbot.waitSignal(wizard.attached, timeout=20000):
        wizard.attach_files([pdf], [0])
    wizard.model.set_received(1, True)
    wizard.next()
    assert wizard.currentId() == AGENT_PAGE
    ui = wizard.agent_page.ui
    ui.nameEdit.setText(wizard.context.legal_rep)  # in person: no 授权委托书
    ui.idEdit.setText(VALID_ID)
    ui.phoneEdit.setText(PHONE)


def test_esc_after_ticking_asks_and_save_keeps_a_local_encrypted_draft(qtbot, make_wizard, counter_db, case,
                                                                       tmp_path):
    wizard = make_wizard()
    _tick_and_type(qtbot, wizard, tmp_path)
    before = _outbox(counter_db)
    with qtbot.waitSignal(wizard.close_asked) as asked:
        qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
    box = asked.args[0]
    assert wizard.isVisible() and box.isVisible()
    assert [b.text() for b in box.buttons()] and box.defaultButton() is _button(box, "保存草稿")
    with qtbot.waitSignal(wizard.draft_saved, timeout=20000) as saved:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    row = saved.args[0]
    assert (row.credit_code, row.item_id, row.page, row.received, row.agent_name) == (
        *case, AGENT_PAGE, 2, wizard.context.legal_rep)
    assert [d.id for d in drafts.list_drafts(counter_db, case[0])] == [row.id]
    assert _outbox(counter_db) == before  # drafts never sync
    counter_db.engine.dispose()
    raw = b"".join(p.read_bytes() for p in Path(counter_db.path).parent.glob(Path(counter_db.path).name + "*"))
    assert VALID_ID.encode() not in raw and PHONE.encode() not in raw


def test_alt_f4_asks_too_and_keep_on_filling_in_keeps_the_wizard(qtbot, make_wizard, counter_db, case):
    wizard = make_wizard()
    wizard.model.set_received(0, True)
    with qtbot.waitSignal(wizard.close_asked) as asked:
        wizard.close()  # what Alt+F4 and the title bar's × send
    box = asked.args[0]
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # 继续填写
    qtbot.waitUntil(lambda: not box.isVisible())
    assert wizard.isVisible() and wizard.model.row(0).received and wizard.close_box is None
    assert drafts.list_drafts(counter_db, case[0]) == ()


def test_closing_with_nothing_entered_does_not_ask(qtbot, make_wizard):
    wizard = make_wizard()
    asked: list = []
    wizard.close_asked.connect(asked.append)
    qtbot.keyClick(_focus(), Qt.Key.Key_Escape)
    assert not wizard.isVisible() and asked == []


def test_discarding_keeps_nothing(qtbot, make_wizard, counter_db, case, tmp_path):
    wizard = make_wizard()
    _tick_and_type(qtbot, wizard, tmp_path)
    with qtbot.waitSignal(wizard.close_asked) as asked:
        wizard.reject()
    _button(asked.args[0], "放弃").click()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert drafts.list_drafts(counter_db, case[0]) == ()
    assert applications.list_applications(counter_db) == ()


def test_a_reopened_draft_is_where_it_was_and_filing_from_it_removes_it(qtbot, make_wizard, counter_db, case,
                                                                        tmp_path):
    code, item_id = case
    item = compiled_catalogue(counter_db).by_id[item_id]
    materials = tuple(drafts.DraftMaterial(m.name, True, m.originals, m.copies + (1 if n == 0 else 0))
                      for n, m in enumerate(item.materials))
    rep = legal_rep_of(counter_db, code)  # in person: no 授权委托书
    row = drafts.save_draft(counter_db,
                            drafts.DraftInput(code, item_id, REVIEW_PAGE, materials, rep, VALID_ID, PHONE))
    wizard = make_wizard(draft=drafts.load_draft(counter_db, row.id))
    assert wizard.currentId() == REVIEW_PAGE  # gone on to the page it reached
    assert [r.received for r in wizard.model.rows()] == [True] * len(item.materials)
    assert wizard.model.row(0).copies == item.materials[0].copies + 1
    ui = wizard.agent_page.ui
    assert (ui.nameEdit.text(), ui.idEdit.text(), ui.phoneEdit.text()) == (rep, VALID_ID, PHONE)
    assert "1101**********002X" in wizard.review_page.ui.agentValue.text()
    with qtbot.waitSignal(wizard.filed, timeout=20000) as filed:
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == DONE_PAGE)
    assert filed.args[0].receipt_no
    assert drafts.list_drafts(counter_db, code) == ()
    assert applications.show(counter_db, filed.args[0].application_id).agent.name == rep


def test_a_draft_with_a_wrong_id_reopens_on_the_agent_page(qtbot, make_wizard, counter_db, case):
    code, item_id = case
    row = drafts.save_draft(counter_db, drafts.DraftInput(code, item_id, REVIEW_PAGE, (), "张三", "1101", ""))
    wizard = make_wizard(draft=drafts.load_draft(counter_db, row.id))
    assert wizard.currentId() == AGENT_PAGE  # the ID still wrong: it stops where the clerk must fix it
    assert wizard.agent_page.ui.idEdit.text() == "1101" and not wizard.agent_page.isComplete()


# -- the card and the applications room list drafts and reopen them ----------------------------------


@pytest.fixture
def counter(qtbot, counter_db):
    from kuaixiang_desktop.ui.main_window import MainWindow

    window = MainWindow(counter_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.enterprise_count is not None)
    yield window
    window.shutdown()


def test_a_saved_draft_is_on_the_card_and_in_the_applications_room_and_reopens(qtbot, qtmodeltester, counter,
                                                                              counter_db, case):
    code, item_id = case
    workspace = counter.workspace
    with qtbot.waitSignal(workspace.policy_panel.match_shown, timeout=30000):
        counter.open_enterprise(code)
    workspace.policy_panel.tree.setCurrentIndex(workspace.policy_panel.model.item_index(item_id))
    with qtbot.waitSignal(counter.wizard_opened, timeout=10000) as opened:
        counter.apply_for_current_item()
    wizard = opened.args[0]
    qtbot.waitUntil(lambda: wizard.model.rowCount() > 0, timeout=10000)
    wizard.model.set_received(0, True)
    wizard.model.set_received(2, True)
    with qtbot.waitSignal(wizard.close_asked) as asked:
        wizard.reject()  # Esc
    with qtbot.waitSignal(wizard.draft_saved, timeout=10000):
        qtbot.keyClick(asked.args[0], Qt.Key.Key_Return)

    # The card, reloaded as the wizard closes, lists it above the applications.
    card = workspace.card
    qtbot.waitUntil(lambda: len(card.drafts) == 1 and card.credit_code == code, timeout=10000)
    [first, *_] = card.application_items()
    assert "草稿" in first.text() and "已收 2 项材料" in first.text()

    # Applying for the same item again goes on with the draft instead of starting over.
    panel = workspace.policy_panel
    qtbot.waitUntil(lambda: panel.model.item_index(item_id).isValid(), timeout=30000)
    panel.tree.setCurrentIndex(panel.model.item_index(item_id))
    with qtbot.waitSignal(counter.wizard_opened, timeout=10000) as opened:
        counter.apply_for_current_item()
    wizard = opened.args[0]
    qtbot.waitUntil(lambda: wizard.model.rowCount() > 0, timeout=10000)
    assert wizard.draft is not None and [r.received for r in wizard.model.rows()][:3] == [True, False, True]
    with qtbot.waitSignal(wizard.close_asked) as asked:
        wizard.reject()
    with qtbot.waitSignals([wizard.draft_saved, workspace.wizard_closed], timeout=10000):
        qtbot.keyClick(asked.args[0], Qt.Key.Key_Return)
    assert len(drafts.list_drafts(counter_db)) == 1  # saved again: still the one draft

    room = counter.show_room("applications")
    with qtbot.waitSignal(room.drafts_loaded, timeout=10000) as loaded:
        room.refresh()
    assert loaded.args == [1] and room.ui.draftsGroup.isVisibleTo(room)
    qtmodeltester.check(room.drafts_model)
    assert code in room.drafts_model.draft(0).credit_code
    assert "已收 2 项材料" in room.drafts_model.index(0, 0).data()

    # Enter on it continues it in the workspace, prefilled.
    room.ui.draftsView.setFocus()
    room.ui.draftsView.setCurrentIndex(room.drafts_model.index(0, 0))
    with qtbot.waitSignal(counter.wizard_opened, timeout=10000) as reopened:
        qtbot.keyClick(room.ui.draftsView, Qt.Key.Key_Return)
    wizard = reopened.args[0]
    assert wizard.draft is not None
    qtbot.waitUntil(lambda: wizard.model.rowCount() > 0, timeout=10000)
    assert [r.received for r in wizard.model.rows()][:3] == [True, False, True]

    # 放弃 on a reopened draft drops it.
    with qtbot.waitSignal(wizard.close_asked) as asked:
        wizard.close()
    _button(asked.args[0], "放弃").click()
    qtbot.waitUntil(lambda: drafts.list_drafts(counter_db) == (), timeout=10000)


def test_delete_on_a_draft_in_the_room_discards_it(qtbot, counter, counter_db, case):
    code, item_id = case
    drafts.save_draft(counter_db, drafts.DraftInput(code, item_id, 0, (drafts.DraftMaterial("x", True, 1, 0),)))
    room = counter.show_room("applications")
    with qtbot.waitSignal(room.drafts_loaded, timeout=10000):
        room.refresh()
    room.ui.draftsView.setCurrentIndex(room.drafts_model.index(0, 0))
    with qtbot.waitSignal(room.drafts_loaded, timeout=10000) as loaded:
        qtbot.keyClick(room.ui.draftsView, Qt.Key.Key_Delete)
    assert loaded.args == [0] and not room.ui.draftsGroup.isVisibleTo(room)
    assert drafts.list_drafts(counter_db) == ()


@pytest.mark.qt_log_ignore(r"does not support (raise\(\)|propagateSizeHints)")  # offscreen: no stacking
def test_closing_the_window_with_a_half_entered_application_asks_first(qtbot, counter, case):
    code, item_id = case
    workspace = counter.workspace
    with qtbot.waitSignal(workspace.policy_panel.match_shown, timeout=30000):
        counter.open_enterprise(code)
    workspace.policy_panel.tree.setCurrentIndex(workspace.policy_panel.model.item_index(item_id))
    with qtbot.waitSignal(counter.wizard_opened, timeout=10000) as opened:
        counter.apply_for_current_item()
    wizard = opened.args[0]
    qtbot.waitUntil(lambda: wizard.model.rowCount() > 0, timeout=10000)
    wizard.model.set_received(0, True)
    with qtbot.waitSignal(wizard.close_asked) as asked:
        counter.close()
    assert counter.isVisible() and wizard.isVisible()
    with qtbot.waitSignal(workspace.wizard_closed, timeout=10000):
        _button(asked.args[0], "放弃").click()


def test_an_incomplete_application_is_marked_but_applying_goes_on_to_complete_it(qtbot, counter_db, runner, printer,
                                                                                   case):
    code, item_id = case
    filed = applications.file_application(counter_db, code, item_id, Agent("王五", VALID_ID, PHONE), [],
                                          device_id="TEST", accept_deferred=False)
    assert filed.status == "draft"  # 材料不全: filing again with the materials completes this one
    panel = PolicyPanel(counter_db, runner, printer)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.match_shown, timeout=20000):
        panel.show_enterprise(code)
    index = panel.model.item_index(item_id)
    assert index.data().startswith("［在办·草稿］")
    panel.tree.setCurrentIndex(index)
    with qtbot.waitSignal(panel.apply_requested) as requested:
        panel.apply_current()
    assert requested.args == [item_id] and panel.duplicate_box is None
