"""The catalogue room: search the items in force as you type, read one in full, find enterprises."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import textwrap
import threading
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kuaixiang_desktop.demo.loader import load_demo_catalogue
from kuaixiang_desktop.services import catalogue_search
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.policies import (
    BenefitView,
    ConditionView,
    DocumentView,
    PolicyItemDetail,
    RuleGroup,
    compiled_catalogue,
    import_catalogue,
)
from kuaixiang_desktop.ui.models.catalogue_model import CatalogueModel
from kuaixiang_desktop.ui.rooms.catalogue_html import item_html
from kuaixiang_desktop.ui.rooms.catalogue_room import CatalogueRoom
from kuaixiang_desktop.ui.tasks import TaskRunner

TODAY = dt.date(2026, 6, 1)
WINDOW_ITEM = "lc-canji-chaobili-2024"  # 窗口申请, 市残疾人联合会, 鲁残联发〔2024〕5号


@pytest.fixture
def cat_db(counter_db_path):
    """The counter database, shared: the tests only read it."""
    database = open_client_db(counter_db_path)
    yield database
    database.close()


@pytest.fixture
def make_room(qtbot, cat_db):
    runners: list[TaskRunner] = []

    def make(db=None, **kwargs) -> CatalogueRoom:
        runner = TaskRunner()
        runners.append(runner)
        room = CatalogueRoom(db or cat_db, runner, today_fn=lambda: TODAY, **kwargs)
        qtbot.addWidget(room)
        room.resize(1366, 768)
        with qtbot.waitSignal(room.results_shown, timeout=20_000):
            room.refresh()
        return room

    yield make
    for runner in runners:
        runner.shutdown()


@pytest.fixture
def room(make_room):
    return make_room()


def _in_force(db):
    return [i for i in compiled_catalogue(db).items if i.in_force(TODAY)]


def _ids(room):
    return [room.model.data(room.model.index(r, 0), CatalogueModel.ItemIdRole) for r in range(room.model.rowCount())]


def _ime_commit(widget, text: str) -> None:
    """Chinese arrives through the input method, as a commit (QTest only types ASCII)."""
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def _show(room, qtbot, item_id=WINDOW_ITEM):
    with qtbot.waitSignal(room.item_shown, timeout=10_000):
        assert room.select_item(item_id)
    return room.item_text()


def test_every_item_in_force_is_listed(room, cat_db, qtmodeltester):
    expected = _in_force(cat_db)
    assert len(expected) < len(compiled_catalogue(cat_db).items)  # some have expired: not listed
    assert _ids(room) == [i.id for i in expected]
    assert room.ui.countLabel.text() == f"{len(expected)} / {len(expected)} 个事项"
    assert room.model.data(room.model.index(_ids(room).index(WINDOW_ITEM), CatalogueModel.MODE)) == "窗口申请"
    qtmodeltester.check(room.model)


def test_typing_searches_once_in_the_background(make_room, qtbot, monkeypatch):
    calls = []
    real = catalogue_search.search_catalogue

    def counting(db, text, *args):
        calls.append((text, threading.current_thread() is threading.main_thread()))
        return real(db, text, *args)

    monkeypatch.setattr(catalogue_search, "search_catalogue", counting)
    room = make_room()
    calls.clear()
    with qtbot.waitSignal(room.results_shown, check_params_cb=lambda r: r.text == "残疾人"):
        _ime_commit(room.search_edit, "残疾人")
    assert calls == [("残疾人", False)]
    rows = [room.model.row(r) for r in range(room.model.rowCount())]
    assert rows and all("残疾人" in " ".join(str(v) for v in dataclasses.astuple(r)) for r in rows)
    assert room.ui.countLabel.text().startswith(f"{len(rows)} / ")


def test_every_word_must_match_and_an_exact_id_comes_first(room, qtbot):
    with qtbot.waitSignal(room.results_shown):
        room.set_filters(text="残联 奖励")
    assert WINDOW_ITEM in _ids(room)
    with qtbot.waitSignal(room.results_shown):
        room.set_filters(text=WINDOW_ITEM)
    assert _ids(room)[0] == WINDOW_ITEM
    with qtbot.waitSignal(room.results_shown):
        room.set_filters(text="没有这种事项")
    assert room.model.rowCount() == 0
    assert room.message() == "没有找到相符的事项，可换个词，或取消方式、部门筛选"


def test_mode_and_department_filters(room, qtbot, cat_db):
    with qtbot.waitSignal(room.results_shown):
        room.ui.modeCombo.setCurrentIndex(room.ui.modeCombo.findData("auto"))
    assert set(_ids(room)) == {i.id for i in _in_force(cat_db) if i.mode == "auto"}
    departments = [room.ui.departmentCombo.itemText(i) for i in range(1, room.ui.departmentCombo.count())]
    assert departments == sorted({i.department for i in _in_force(cat_db)})
    with qtbot.waitSignal(room.results_shown):
        room.set_filters(mode="", department="市残疾人联合会")
    assert set(_ids(room)) == {i.id for i in _in_force(cat_db) if i.department == "市残疾人联合会"}
    with qtbot.waitSignal(room.results_shown):
        room.set_filters(department="")
    assert len(_ids(room)) == len(_in_force(cat_db))


def test_a_typed_department_is_chosen_or_named_as_unknown(room, qtbot):
    combo = room.ui.departmentCombo
    combo.lineEdit().setText("市残疾人联合会")
    with qtbot.waitSignal(room.results_shown):
        combo.lineEdit().editingFinished.emit()
    assert combo.currentData() == "市残疾人联合会"
    combo.lineEdit().setText("火星局")
    combo.lineEdit().editingFinished.emit()
    assert room.message() == "没有名为「火星局」的主管部门，请从列表中选择"
    assert combo.lineEdit().text() == "市残疾人联合会"


def test_the_selected_item_reads_in_full(room, qtbot):
    text = _show(room, qtbot)
    for expected in (
        "残疾人就业超比例奖励", WINDOW_ITEM, "窗口申请", "市残疾人联合会", "鲁残联发〔2024〕5号",
        "2024-01-01 — 2027-12-31", "常年受理", "20 个工作日", "可以：缺少材料时先受理",
        "超比例安排残疾人就业奖励申请表", "社保缴费明细", "同时满足以下全部条件",
        "安排残疾人就业比例 > 1.5%", "第六条", "排除情形：是失信主体", "第九条",
        "聊城市政务服务中心残联窗口", "对超出部分按每人每年3000元给予奖励",
    ):
        assert expected in text, expected
    assert room.item.item_id == WINDOW_ITEM and room.ui.outreachButton.isEnabled()


def test_nested_any_and_all_conditions_keep_their_shape():
    months = ConditionView("参保满 12 个月", "insured_months", ">=", "第二条(一)")
    low_rate = ConditionView("裁员率 ≤ 5.5%", "layoff_rate", "<=", None)
    small = ConditionView("参保职工 ≤ 30 人", "insured_employees", "<=", None)
    rate = ConditionView("裁员率 ≤ 20%", "layoff_rate", "<=", None)
    item = PolicyItemDetail(
        "x", "稳岗返还", "auto", "人社局", None, DocumentView("d", None, "文件", "人社局", "市级", "371500", None, None, None),
        None, None, None, BenefitView(None, None, None, None),
        apply_from=None, apply_to=None, allows_deferred=False, where=None, body=None, materials=(),
        rule=RuleGroup("all", (months, RuleGroup("any", (low_rate, RuleGroup("all", (small, rate)))))),
        rule_source={}, tests=0,
    )
    page = item_html(item)
    assert page.index("同时满足以下全部条件") < page.index("参保满 12 个月") < page.index("满足以下任一条件")
    assert page.index("满足以下任一条件") < page.index("裁员率 ≤ 5.5%") < page.index("裁员率 ≤ 20%")
    assert item.conditions == (months, low_rate, small, rate)  # the leaves, in rule order


def test_a_deduction_reads_as_one_and_a_national_document_as_national():
    months = ConditionView("研发费用 > 0", "rd_expense", ">", None)
    item = PolicyItemDetail(
        "x", "研发费用税前加计扣除", "auto", "税务局", None,
        DocumentView("d", "财政部 税务总局公告2023年第7号", "公告", "财政部 税务总局", "国家级", "100000", None, None, None),
        None, None, None, BenefitView(Decimal("800000"), None, None, None, "deduction"),
        apply_from=None, apply_to=None, allows_deferred=False, where=None, body=None, materials=(),
        rule=RuleGroup("all", (months,)), rule_source={}, tests=0,
    )
    assert item.document.reaches("371502") and item.document.reaches("Z01")
    page = item_html(item)
    assert "加计扣除（非现金）" in page and "可加计扣除额 约 800,000.00 元" in page and "国家级" in page


_HOSTILE = """\
    format: 1
    documents:
      - id: evil-doc
        doc_no: 聊测〔2026〕1号 <i>
        title: 测试文件 & <b>粗体</b>
        issuer: 测试局
        level: 市级
        region: "371500"
        effective_from: 2024-01-01
        items:
          - id: evil-item
            title: "<script>alert(1)</script>补贴"
            department: 测试局 <u>
            mode: window
            where: "<a href='http://x'>点我</a>"
            body: "第一段 <img src=x>\\n第二段 &amp;"
            materials:
              - {name: "<b>申请表</b>", required: true, originals: 1, copies: 0}
            rule:
              all:
                - {fact: employees, op: ">=", value: 1, clause: "第<1>条"}
            benefit: {amount: "100"}
    """


def test_catalogue_text_is_escaped_not_interpreted(make_room, qtbot, db, tmp_path):
    source = tmp_path / "hostile.yaml"
    source.write_text(textwrap.dedent(_HOSTILE), encoding="utf-8")
    import_catalogue(db, source)
    room = make_room(db=db)
    assert _ids(room) == ["evil-item"]
    assert room.model.data(room.model.index(0, CatalogueModel.TITLE)) == "<script>alert(1)</script>补贴"
    text = _show(room, qtbot, "evil-item")
    for literal in ("<script>alert(1)</script>补贴", "测试文件 & <b>粗体</b>", "聊测〔2026〕1号 <i>",
                    "<a href='http://x'>点我</a>", "第一段 <img src=x>", "第二段 &amp;", "<b>申请表</b>", "第<1>条",
                    "100.00 元"):
        assert literal in text, literal


def test_find_enterprises_by_button_and_ctrl_r(room, qtbot):
    with qtbot.assertNotEmitted(room.outreach_requested):
        room.request_outreach()  # nothing selected yet
    _show(room, qtbot)
    with qtbot.waitSignal(room.outreach_requested) as blocker:
        room.ui.outreachButton.click()
    assert blocker.args == [WINDOW_ITEM]
    with qtbot.waitExposed(room):
        room.show()
    with qtbot.waitActive(room):
        room.activateWindow()
    with qtbot.waitSignal(room.outreach_requested) as blocker:
        qtbot.keyClick(room.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [WINDOW_ITEM]


def test_keyboard_moves_between_search_and_list(room, qtbot):
    with qtbot.waitExposed(room):
        room.show()
    with qtbot.waitActive(room):
        room.activateWindow()
    qtbot.keyClick(room.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(room.search_edit.hasFocus)
    with qtbot.waitSignal(room.item_shown) as blocker:
        qtbot.keyClick(room.search_edit, Qt.Key.Key_Down)
    assert room.view.hasFocus() and blocker.args == [_ids(room)[0]]
    qtbot.keyClick(room.view, Qt.Key.Key_Escape)
    assert room.search_edit.hasFocus()


def test_an_empty_catalogue_says_what_to_do(make_room, db):
    room = make_room(db=db)
    assert room.model.rowCount() == 0
    assert room.message() == "本机还没有政策目录：请先同步，或由管理员导入目录"


@pytest.fixture(scope="module")
def full_catalogue_path(demo_db_path, tmp_path_factory):
    """The platform's whole catalogue (2,728 items): about 15 seconds to build, once."""
    path = tmp_path_factory.mktemp("full-catalogue") / "full.sqlite3"
    shutil.copyfile(demo_db_path, path)
    database = open_client_db(path)
    load_demo_catalogue(database, full=True, seed=3)
    database.close()
    return path


@pytest.fixture
def full_db(full_catalogue_path):
    database = open_client_db(full_catalogue_path)
    yield database
    database.close()


def test_the_full_catalogue_fits_in_one_model(full_db, make_room, qtbot, qtmodeltester):
    # full_db comes first: it is closed after the room's runner has stopped.
    assert len(compiled_catalogue(full_db).items) == 2728
    room = make_room(db=full_db)
    expected = _in_force(full_db)
    assert room.model.rowCount() == len(expected) > 2000
    qtmodeltester.check(room.model)
    with qtbot.waitSignal(room.results_shown):
        room.set_filters(text="补贴")
    assert 0 < room.model.rowCount() < len(expected)
    with qtbot.waitSignal(room.item_shown):
        room.select_item(_ids(room)[-1])
    assert "申请条件" in room.item_text()
