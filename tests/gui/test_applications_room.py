"""The applications room: list and filter applications, read one, reprint, open the enterprise,
withdraw with a reason."""

from __future__ import annotations

import datetime as dt
import threading

import pypdf
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.services.receipts import print_receipt
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.models.applications_model import STATUS_LABELS, ApplicationsModel, status_label
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.rooms.applications_room import ApplicationsRoom, period_start
from kuaixiang_desktop.ui.tasks import TaskRunner

FILED_ON = dt.date(2026, 6, 1)
DEFERRED_ITEM = "lc-canji-chaobili-2024"  # 窗口申请, 容缺受理: accepted with materials owed
STRICT_ITEM = "dcf-jiazheng-2024"  # no 容缺: missing materials give a draft
AGENT = apps.Agent("张三", "11010519491231002x", "138 1234 5678")


@pytest.fixture
def filed(counter_db):
    """A private database with four applications: three accepted (the last one's receipt
    printed), one draft.  Yields (db, {name: FilingResult})."""
    db = counter_db
    device = local_device(db)  # as `kuaixiang apply` gets its device id
    codes = [e.credit_code for e in reach(db, DEFERRED_ITEM, FILED_ON, limit=3).enterprises]
    results = {}
    for n, code in enumerate(codes):
        results[f"accepted{n}"] = apps.file_application(
            db, code, DEFERRED_ITEM, AGENT, [apps.MaterialInput("营业执照复印件")], device_id=device.short_id,
            today=FILED_ON,
        )
    print_receipt(db, results["accepted2"].application_id)
    strict = reach(db, STRICT_ITEM, FILED_ON, limit=1).enterprises[0].credit_code
    results["draft"] = apps.file_application(db, strict, STRICT_ITEM, AGENT, [], device_id=device.short_id,
                                             today=FILED_ON)
    assert results["draft"].status == "draft" and results["accepted0"].status == "accepted"
    return db, results


@pytest.fixture
def make_room(qtbot, filed, tmp_path):
    db, _ = filed
    runners: list[TaskRunner] = []

    def make(**kwargs) -> ApplicationsRoom:
        runner = TaskRunner()
        runners.append(runner)
        pdf_path = tmp_path / "printed.pdf"
        printer = DocumentPrinter(runner, lambda: PrintSettings(printer=f"pdf:{pdf_path}", paper="a4", preview=False))
        room = ApplicationsRoom(db, runner, printer, **kwargs)
        printer.setParent(room)
        room.pdf_path = pdf_path
        qtbot.addWidget(room)
        room.resize(1366, 768)
        with qtbot.waitSignal(room.list_loaded):
            room.refresh()
        return room

    yield make
    for runner in runners:
        runner.shutdown()


@pytest.fixture
def room(make_room):
    return make_room()


def _ids(room):
    return [room.model.data(room.model.index(r, 0), ApplicationsModel.IdRole) for r in range(room.model.rowCount())]


def _open(room, qtbot, application_id):
    with qtbot.waitSignal(room.application_shown, check_params_cb=lambda i: i == application_id.lower()):
        room.open_application(application_id)
    return room.ui.detailBrowser.toPlainText()


def _status(db, application_id):
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT status FROM application WHERE id = :i"), {"i": application_id}).scalar_one()


# -- the list -------------------------------------------------------------------------------


def test_status_labels_are_the_state_machines_names():
    assert STATUS_LABELS == states.STATUS_NAMES
    assert status_label("withdrawn") == "已撤回" and status_label(None) == "—"


def test_every_application_is_listed_newest_first(room, filed, qtmodeltester):
    _, results = filed
    assert set(_ids(room)) == {r.application_id for r in results.values()}
    assert _ids(room)[0] == results["draft"].application_id  # filed last
    draft_row = _ids(room).index(results["draft"].application_id)
    cells = [room.model.data(room.model.index(draft_row, c)) for c in range(room.model.columnCount())]
    assert cells[0] == "（未受理）" and cells[2] == "员工制家政企业奖补" and cells[3] == "草稿" and cells[5] == "未上传"
    accepted_row = _ids(room).index(results["accepted0"].application_id)
    assert room.model.data(room.model.index(accepted_row, ApplicationsModel.RECEIPT_NO)) == results["accepted0"].receipt_no
    assert room.ui.countLabel.text() == "共 4 份"
    combo = room.ui.statusCombo
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部状态", *states.STATUS_NAMES.values()]
    qtmodeltester.check(room.model)


def test_filters_by_status_text_and_period(room, filed, qtbot):
    _, results = filed
    with qtbot.waitSignal(room.list_loaded):
        room.set_filters(status="draft")
    assert _ids(room) == [results["draft"].application_id]
    with qtbot.waitSignal(room.list_loaded):
        room.set_filters(status="", text=results["accepted1"].receipt_no)
    assert _ids(room) == [results["accepted1"].application_id]
    with qtbot.waitSignal(room.list_loaded):
        room.set_filters(text="残疾人就业超比例")  # the item's title
    assert len(_ids(room)) == 3
    with qtbot.waitSignal(room.list_loaded):
        room.set_filters(text="家政 没有这个词")
    assert _ids(room) == [] and room.ui.countLabel.text() == "共 0 份"
    with qtbot.waitSignal(room.list_loaded):
        room.set_filters(text="", period="today")
    assert len(_ids(room)) == 4  # filed a moment ago


def test_typing_in_the_filter_searches_once_off_the_gui_thread(make_room, qtbot, monkeypatch, filed):
    calls = []
    real = apps.search_applications

    def counting(db, status, text_, since, limit):
        calls.append((text_, threading.current_thread() is threading.main_thread()))
        return real(db, status, text_, since, limit)

    monkeypatch.setattr(apps, "search_applications", counting)
    room = make_room(debounce_ms=50)
    calls.clear()
    with qtbot.waitSignal(room.list_loaded):
        qtbot.keyClicks(room.ui.filterEdit, "MA")
    assert calls == [("MA", False)]


def test_search_by_credit_code_fragment_and_time(filed):
    db, results = filed
    accepted = apps.show(db, results["accepted0"].application_id)
    fragment = accepted.credit_code[-6:].lower()
    assert results["accepted0"].application_id in {r.id for r in apps.search_applications(db, text=fragment)}
    future = clock.now() + dt.timedelta(hours=1)
    assert apps.search_applications(db, since=future) == ()
    assert apps.search_applications(db, text="100%_") == ()  # wildcards are literal
    with pytest.raises(ValueError, match="未知的申请状态"):
        apps.search_applications(db, status="lost")


def test_periods_start_in_beijing_time():
    # 2026-11-25 17:30 UTC is already Thursday 26 November in Beijing.
    now = dt.datetime(2026, 11, 25, 17, 30, tzinfo=dt.UTC)
    assert period_start("today", now) == dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.UTC)
    assert period_start("week", now) == dt.datetime(2026, 11, 22, 16, 0, tzinfo=dt.UTC)  # Monday 23rd
    assert period_start("month", now) == dt.datetime(2026, 10, 31, 16, 0, tzinfo=dt.UTC)
    assert period_start("all", now) is None


# -- the detail -----------------------------------------------------------------------------


def test_selecting_a_row_shows_its_detail_with_the_agent_masked(room, filed, qtbot):
    _, results = filed
    accepted = results["accepted0"]
    row = _ids(room).index(accepted.application_id)
    with qtbot.waitSignal(room.application_shown) as blocker:
        room.view.selectRow(row)
    assert blocker.args == [accepted.application_id]
    page = room.ui.detailBrowser.toPlainText()
    for expected in (
        "已受理", accepted.receipt_no, "残疾人就业超比例奖励", "鲁残联发〔2024〕5号", "张三", "1101**********002X",
        "138****5678", "营业执照复印件", "原件 0 份，复印件 1 份", "劳动合同", "须于 2026-06-08 前补齐",
        "容缺补齐期限", "草稿 → 已受理", "还没有打印过", "判定日期 2026-06-01", accepted.application_id,
    ):
        assert expected in page, expected
    assert "11010519491231002" not in page and "13812345678" not in page
    assert room.ui.printButton.isEnabled() and room.ui.printButton.text() == "打印回执 (Ctrl+P)"
    assert room.ui.withdrawButton.isEnabled()


def test_open_application_shows_it_whatever_the_filters(room, filed, qtbot):
    _, results = filed
    with qtbot.waitSignal(room.list_loaded):
        room.set_filters(status="draft")
    target = results["accepted1"].application_id
    page = _open(room, qtbot, target.upper())  # as a scanner may send it
    assert results["accepted1"].receipt_no in page and room.current_id == target
    with qtbot.waitSignal(room.list_loaded):
        room.set_filters(status="")
    assert _ids(room)[room.view.currentIndex().row()] == target  # selected once listed


def test_open_an_unknown_application_says_so(room, qtbot):
    room.open_application("00000000-0000-0000-0000-000000000000")
    qtbot.waitUntil(lambda: room.message() == "本机没有编号为 00000000-0000-0000-0000-000000000000 的申请")


def test_a_draft_cannot_print_a_receipt(room, filed, qtbot):
    page = _open(room, qtbot, filed[1]["draft"].application_id)
    assert "未受理（材料不全的草稿）" in page and "未收到" in page
    assert not room.ui.printButton.isEnabled()
    room.print_receipt()
    assert room.message() is None


# -- actions --------------------------------------------------------------------------------


def test_ctrl_p_reprints_through_the_printer(room, filed, qtbot):
    db, results = filed
    printed = results["accepted2"]
    page = _open(room, qtbot, printed.application_id)
    assert "受理回执" in page and room.ui.printButton.text() == "补打回执 (Ctrl+P)"
    with qtbot.waitExposed(room):
        room.show()
    with qtbot.waitActive(room):
        room.activateWindow()
    with qtbot.waitSignal(room.receipt_printed, timeout=30_000) as blocker:
        qtbot.keyClick(room.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [printed.application_id]
    assert pypdf.PdfReader(room.pdf_path).pages  # what went to "paper"
    # The detail is reloaded (its print record) while the print goes out, in either order:
    # once both are done the clerk still reads where the receipt went.
    qtbot.waitUntil(lambda: not room._runner.busy(), timeout=10_000)
    assert room.message() == f"受理回执 {printed.receipt_no} 已送往 {room.pdf_path}"
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT reprint FROM receipt WHERE application_id = :i AND kind = 'receipt' "
                                 "ORDER BY id"), {"i": printed.application_id}).scalars().all()
    assert rows == [0, 1]
    qtbot.waitUntil(lambda: "（补打）" in room.ui.detailBrowser.toPlainText())


def test_an_accepted_application_never_printed_prints_its_first_receipt(room, filed, qtbot):
    db, results = filed
    _open(room, qtbot, results["accepted0"].application_id)
    with qtbot.waitSignal(room.receipt_printed, timeout=30_000):
        room.ui.printButton.click()
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT reprint FROM receipt WHERE application_id = :i"),
                            {"i": results["accepted0"].application_id}).scalars().all()
    assert rows == [0]
    qtbot.waitUntil(lambda: room.ui.printButton.text() == "补打回执 (Ctrl+P)")


def test_open_enterprise_by_button_and_ctrl_o(room, filed, qtbot):
    db, results = filed
    code = apps.show(db, results["accepted0"].application_id).credit_code
    _open(room, qtbot, results["accepted0"].application_id)
    with qtbot.waitSignal(room.enterprise_requested) as blocker:
        room.ui.enterpriseButton.click()
    assert blocker.args == [code]
    with qtbot.waitExposed(room):
        room.show()
    with qtbot.waitActive(room):
        room.activateWindow()
    with qtbot.waitSignal(room.enterprise_requested) as blocker:
        qtbot.keyClick(room.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [code]


def test_withdraw_needs_a_reason_then_changes_the_state(room, filed, qtbot):
    db, results = filed
    target = results["accepted1"].application_id
    _open(room, qtbot, target)
    with qtbot.waitExposed(room):
        room.show()
    with qtbot.waitActive(room):
        room.activateWindow()
    qtbot.keyClick(room.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert room.ui.withdrawPanel.isVisible()
    qtbot.waitUntil(room.ui.reasonEdit.hasFocus)
    qtbot.keyClick(room.ui.reasonEdit, Qt.Key.Key_Return)
    assert room.message() == "请填写撤回原因：撤回必须写明原因"
    assert _status(db, target) == "accepted"
    room.ui.reasonEdit.setText("企业主动撤回")
    with qtbot.waitSignal(room.transitioned, timeout=10_000) as blocker:
        qtbot.keyClick(room.ui.reasonEdit, Qt.Key.Key_Return)
    assert blocker.args == [target, "withdrawn"]
    assert _status(db, target) == "withdrawn"
    assert not room.ui.withdrawPanel.isVisible() and not room.ui.withdrawButton.isEnabled()
    assert room.model.data(room.model.index(_ids(room).index(target), ApplicationsModel.STATUS)) == "已撤回"
    page = room.ui.detailBrowser.toPlainText()
    assert "已受理 → 已撤回" in page and "原因：企业主动撤回" in page
    assert room.message() == "申请已变为「已撤回」"


def test_escape_cancels_a_withdrawal(room, filed, qtbot):
    db, results = filed
    _open(room, qtbot, results["draft"].application_id)
    room.begin_withdraw()
    room.ui.reasonEdit.setText("不要了")
    qtbot.keyClick(room.ui.reasonEdit, Qt.Key.Key_Escape)
    assert room.ui.withdrawPanel.isHidden() and room.ui.reasonEdit.text() == ""
    assert _status(db, results["draft"].application_id) == "draft"


def test_a_finished_application_cannot_be_withdrawn(room, filed, qtbot):
    db, results = filed
    target = results["accepted0"].application_id
    apps.transition(db, target, "withdrawn", "重复申请")
    _open(room, qtbot, target)
    assert not room.ui.withdrawButton.isEnabled()
    room.begin_withdraw()
    assert room.ui.withdrawPanel.isHidden()
    assert room.message() == "申请当前为「已撤回」，不能撤回"


def test_a_refused_transition_is_shown_not_raised(room, filed, qtbot):
    db, results = filed
    target = results["accepted1"].application_id
    _open(room, qtbot, target)
    apps.transition(db, target, "withdrawn", "在别的窗口撤回了")  # the room still shows 已受理
    room.begin_withdraw()
    room.ui.reasonEdit.setText("企业主动撤回")
    room.confirm_withdraw()
    qtbot.waitUntil(lambda: room.message() is not None and "不能变为「已撤回」" in room.message())
    assert room.message_label.property("level") == "warning"


def test_the_detail_escapes_what_it_shows():
    from PySide6.QtGui import QTextDocument

    from kuaixiang_desktop.services.application_types import (
        AgentView,
        ApplicationDetail,
        Benefit,
        EligibilityAsFiled,
        StatusChange,
        TraceLine,
    )
    from kuaixiang_desktop.ui.rooms.application_html import application_html

    at = dt.datetime(2026, 6, 1, 9, 30, tzinfo=clock.SHANGHAI)
    line = TraceLine("人数 < 10", None, None, None, None, None, "<3>", None, "pass")
    document = QTextDocument()
    document.setHtml(application_html(ApplicationDetail(
        id="x", status="withdrawn", receipt_no=None, credit_code=None, enterprise_name="<b>恒达</b> & 子公司",
        item_id="i", item_version=None, item_title="<i>补贴</i>", department=None, doc_no=None, hall_code=None,
        hall_name=None, window=None, clerk=None, agent=AgentView("<script>", None, None),
        benefit=Benefit(None, None), materials=(), deferred_deadline=None,
        eligibility=EligibilityAsFiled("eligible", None, (line,), None, "{}"),
        history=(StatusChange("accepted", "withdrawn", at, None, "<u>不要了</u>"),), receipts=(), created_at=at,
        sync_state="local",
    )))
    text = document.toPlainText()
    for literal in ("<b>恒达</b> & 子公司", "<i>补贴</i>", "<script>", "原因：<u>不要了</u>", "人数 < 10", "实际：<3>"):
        assert literal in text, literal
