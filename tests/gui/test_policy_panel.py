"""The policy panel and its tree model: groups, items and the 'why', keys, apply, the 一企一策清单."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.match import BenefitAmount, ItemHead, MatchedItem
from kuaixiang_core.domain.rules.verification import likelihood
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import MatchCounts, PanelItem, PanelMatch
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.line_breaks import plain
from kuaixiang_desktop.ui.models.policy_tree_model import (
    RESULT_COLOURS,
    PolicyTreeModel,
    actual_text,
    amount_text,
    wan_text,
)
from kuaixiang_desktop.ui.operations import match_for_panel
from kuaixiang_desktop.ui.policy_panel import PolicyPanel
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.style import load_stylesheet
from kuaixiang_desktop.ui.tasks import TaskRunner

TODAY = clock.today()
ItemId, Group, Result, Kind = (PolicyTreeModel.ItemIdRole, PolicyTreeModel.GroupRole, PolicyTreeModel.ResultRole,
                               PolicyTreeModel.KindRole)


# -- data -----------------------------------------------------------------------------------


@pytest.fixture
def policy_db(counter_db_path):
    """The counter database, shared: the tests only read it."""
    database = open_client_db(counter_db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def samples(counter_db_path) -> dict[str, PanelMatch]:
    """Match results of demo enterprises picked for what they show (found by matching, in id order):

    ``apply``: an online/window item in 可申请 and a known amount; ``alternatives``: an item
    whose rule has an ``any``; ``near``: a near miss that is online/window, beside 免申即享 and
    需核实 items shown (not folded)."""
    db = open_client_db(counter_db_path)
    found: dict[str, PanelMatch] = {}
    try:
        with db.engine.connect() as conn:
            codes = [r[0] for r in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 400"))]
        for code in codes:
            result = match_for_panel(db, code, TODAY)
            items = [i.item for i in result.items]
            if "apply" not in found and any(i.group == "eligible" and i.mode != "auto" for i in items) and any(
                i.group in ("due", "eligible") and i.benefit.amount is not None for i in items
            ):
                found["apply"] = result
            if "alternatives" not in found and any("any[" in p for i in items for p in i.structure or ()):
                found["alternatives"] = result
            if "near" not in found and any(i.group == "near_miss" and i.mode != "auto" for i in items) and any(
                i.group == "due" for i in items
            ) and any(i.group == "unknown" and not likelihood(i).folded for i in items):
                found["near"] = result
            if len(found) == 3:
                return found
    finally:
        db.close()
    pytest.fail(f"demo enterprises for {set(('apply', 'alternatives', 'near')) - set(found)} not found")


def _first(result: PanelMatch, group: str, mode: str | None = None) -> MatchedItem:
    return next(i.item for i in result.items
                if i.item.group == group and (mode is None or (i.item.mode == "auto") == (mode == "auto")))


def _fake(items=(), credit_code: str = "x", as_of: dt.date = TODAY, in_force: int = 0) -> PanelMatch:
    """A panel match of the given PanelItems, as a fake match function returns it."""
    return PanelMatch(credit_code, as_of, in_force, MatchCounts(0, 0, 0, 0, in_force), tuple(items))


# -- the model ------------------------------------------------------------------------------


def test_model_tester_on_results_replaced_and_emptied(qtmodeltester, samples):
    model = PolicyTreeModel()
    qtmodeltester.check(model)
    for name in ("apply", "alternatives", "near"):
        model.set_result(samples[name])
        qtmodeltester.check(model)
    model.set_result(_fake())
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    model.set_result(samples["apply"])
    model.clear()
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.result is None


def test_groups_items_and_conditions(samples):
    result = samples["apply"]
    model = PolicyTreeModel()
    model.set_result(result)
    groups = [g for g in ("due", "eligible", "unknown", "near_miss") if any(i.item.group == g for i in result.items)]
    assert model.groups() == groups
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == ["事项", "部门", "预计金额", "办理方式", "承诺时限"]

    eligible = model.group_index("eligible")
    members = [i for i in result.items if i.item.group == "eligible"]
    assert eligible.data() == f"可申请（{len(members)} 项）"
    assert model.rowCount(eligible) == len(members)
    assert eligible.data(Kind) == "group" and eligible.data(ItemId) is None

    entry = members[0]
    item = entry.item
    row = model.index(0, 0, eligible)
    assert row.data(Kind) == "item" and row.data(ItemId) == item.item_id and row.data(Group) == "eligible"
    assert row.data() == item.title
    assert row.siblingAtColumn(PolicyTreeModel.DEPARTMENT).data() == item.department
    assert row.siblingAtColumn(PolicyTreeModel.MODE).data() in ("网上申请", "窗口申请")
    assert row.siblingAtColumn(PolicyTreeModel.PROMISED).data() == f"{entry.details.promised_days} 个工作日"
    assert model.item_at(row).item.item_id == item.item_id

    # The 'why': every condition, its mark, the value used and the clause.
    assert model.rowCount(row) == len(item.conditions)
    for n, cond in enumerate(item.conditions):
        line = model.index(n, 0, row)
        assert line.data(Kind) == "condition" and line.data(ItemId) == item.item_id
        assert line.data(Result) == cond.result
        shown = line.data()
        assert shown.startswith({"pass": "✓", "fail": "✗", "unknown": "?"}[cond.result])
        assert cond.text in shown and actual_text(cond) in shown
        assert "（实际 （" not in shown  # "（无数据）" is not nested in our brackets
        if cond.clause:
            assert cond.clause in shown and cond.clause in line.data(Qt.ItemDataRole.ToolTipRole)
        assert line.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(RESULT_COLOURS[cond.result])
        assert line.siblingAtColumn(PolicyTreeModel.AMOUNT).data() is None  # shown across the row

    # Group header: the sum of the known amounts.
    for group in groups:
        index = model.group_index(group)
        amounts = [i.item.benefit.amount for i in result.items
                   if i.item.group == group and i.item.benefit.amount is not None]
        total = index.siblingAtColumn(PolicyTreeModel.AMOUNT).data()
        assert total == (f"合计 {wan_text(sum(amounts))}" if amounts else None)
        assert index.data(PolicyTreeModel.AmountRole) == (sum(amounts) if amounts else None)


def test_unknown_items_name_what_to_check_and_near_misses_what_is_missing(samples):
    model = PolicyTreeModel()
    model.set_result(samples["near"])
    unknown = model.index(0, 0, model.group_index("unknown"))
    tip = unknown.data(Qt.ItemDataRole.ToolTipRole)
    item = model.item_at(unknown).item
    labels = [c.label for c in item.conditions if c.result == "unknown"]
    assert "需向企业核实" in tip and all(label in tip for label in labels)
    near = model.index(0, 0, model.group_index("near_miss"))
    tip = near.data(Qt.ItemDataRole.ToolTipRole)
    missing = model.item_at(near).item.missing[0]
    assert "差一项条件" in tip and missing.text in tip and actual_text(missing) in tip


def test_alternatives_of_an_any_rule_are_labelled(samples):
    model = PolicyTreeModel()
    model.set_result(samples["alternatives"])
    item = next(i.item for i in samples["alternatives"].items if any("any[" in p for p in i.item.structure or ()))
    index = model.item_index(item.item_id)
    texts = [model.index(n, 0, index).data() for n in range(model.rowCount(index))]
    for path, shown in zip(item.structure, texts, strict=True):
        assert ("〔或" in shown) == ("any[" in path), (path, shown)
        assert "（实际 （" not in shown
    assert "满足其中一组即可" in model.index(0, 0, index).data(Qt.ItemDataRole.ToolTipRole) or "any[" not in item.structure[0]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("50000.00", "5 万元"),
        ("125000.00", "12.5 万元"),
        ("5000.00", "5,000 元"),
        ("12345.60", "12,345.60 元"),
        ("12345.00", "12,345 元"),  # not whole hundreds: 万元 would round away 元
        ("0.50", "0.50 元"),
    ],
)
def test_amounts_read_as_a_clerk_says_them(amount, shown):
    assert amount_text(Decimal(amount)) == shown


def test_benefit_text_where_there_is_no_amount():
    model = PolicyTreeModel()
    model.set_result(_fake([
        PanelItem(MatchedItem(ItemHead("a", "甲", "auto", "税务局", "d"), "eligible", "due", BenefitAmount(None, "减半征收"), ())),
        PanelItem(MatchedItem(ItemHead("b", "乙", "online", "人社局", "d"), "eligible", "due", BenefitAmount(None, None), ())),
    ]))
    group = model.group_index("due")
    assert model.index(0, PolicyTreeModel.AMOUNT, group).data() == "减半征收"
    assert model.index(1, PolicyTreeModel.AMOUNT, group).data() == "以部门核定为准"
    assert model.index(0, PolicyTreeModel.PROMISED, group).data() == "—"
    assert group.siblingAtColumn(PolicyTreeModel.AMOUNT).data() is None
    assert "2 项为减免等非现金优惠" in group.data(Qt.ItemDataRole.ToolTipRole)


# -- the panel ------------------------------------------------------------------------------


@pytest.fixture
def runner():
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def out_pdf(tmp_path):
    return tmp_path / "out.pdf"


@pytest.fixture
def printer(runner, out_pdf):
    return DocumentPrinter(runner, lambda: PrintSettings(printer="pdf:" + str(out_pdf), paper="a4", preview=False))


@pytest.fixture
def make_panel(qtbot, policy_db, runner, printer):
    def make(**kwargs) -> PolicyPanel:
        panel = PolicyPanel(policy_db, runner, printer, **kwargs)
        panel.setStyleSheet(load_stylesheet())
        panel.resize(1000, 700)
        qtbot.addWidget(panel)
        return panel

    return make


@pytest.fixture
def panel(make_panel):
    return make_panel()


def _show(qtbot, panel: PolicyPanel, code: str) -> PanelMatch:
    with qtbot.waitSignal(panel.match_shown, timeout=20_000) as shown:
        panel.show_enterprise(code, TODAY)
    return shown.args[0]


def _select(panel: PolicyPanel, index: QModelIndex) -> None:
    panel.tree.setCurrentIndex(index)


def _activate(qtbot, panel: PolicyPanel) -> None:
    panel.show()
    qtbot.waitExposed(panel)  # offscreen: a window activated before it is exposed stays inactive
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)


def test_placeholder_until_an_enterprise_is_shown(panel):
    assert panel.ui.stack.currentIndex() == PolicyPanel.PLACEHOLDER_PAGE
    assert "选中一家企业" in panel.ui.placeholderLabel.text()
    assert not panel.ui.applyButton.isEnabled() and not panel.ui.printButton.isEnabled()
    assert panel.current_item_id() is None
    assert "Ctrl+Enter" in panel.ui.applyButton.text() and "Ctrl+Shift+P" in panel.ui.printButton.text()


def test_a_match_shows_grouped_items_summary_and_why(qtbot, panel, samples):
    code = samples["apply"].credit_code
    panel.show_placeholder()
    with qtbot.waitSignal(panel.match_shown, timeout=20_000) as shown:
        panel.show_enterprise(code, TODAY)
        assert "正在匹配" in panel.ui.placeholderLabel.text()  # while the worker runs
        assert not panel.ui.printButton.isEnabled()
    result = shown.args[0]
    assert result.credit_code == code
    assert panel.ui.stack.currentIndex() == PolicyPanel.TREE_PAGE
    assert panel.credit_code == code and panel.as_of == TODAY

    counts = {g: sum(i.item.group == g for i in result.items) for g in ("due", "eligible")}
    total = sum((i.item.benefit.cash for i in result.items  # cash only: a deduction is totalled apart
                 if i.item.group in ("due", "eligible") and i.item.benefit.cash is not None), Decimal(0))
    summary = plain(panel.ui.summaryLabel.text())  # without the joiners that keep "免申即享 2 项" on one line
    assert summary.startswith(f"可享 {counts['due'] + counts['eligible']} 项，预计 {wan_text(total)}")
    assert f"免申即享 {counts['due']} 项" in summary

    model = panel.model
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        assert panel.tree.isExpanded(group)
        item = model.index(0, 0, group)
        assert not panel.tree.isExpanded(item)  # the 'why' opens on demand
        if model.rowCount(item):
            panel.tree.expand(item)  # its lines span the row once it is open
            assert panel.tree.isFirstColumnSpanned(0, item)
            panel.tree.collapse(item)
    assert panel.ui.printButton.isEnabled()
    # Current without taking focus: the first item that can be applied for, not a 免申即享 row.
    assert panel.current_item_id() == _first(result, "eligible", "online").item_id
    assert panel.ui.hintLabel.text()


def _appliable_ids(panel: PolicyPanel) -> list[str]:
    """Item ids in tree order that the panel would apply for (no refusal)."""
    found = []
    for g in range(panel.model.rowCount()):
        group = panel.model.index(g, 0)
        for r in range(panel.model.rowCount(group)):
            item = panel.model.item_at(panel.model.index(r, 0, group))
            if item is not None and panel.refusal(item) is None:
                found.append(item.item.item_id)
    return found


@pytest.mark.parametrize("sample", ["apply", "near"])
def test_the_current_item_after_a_match_is_the_first_one_ctrl_enter_can_apply_for(qtbot, panel, samples, sample):
    """Issue 14: with 免申即享 first in the tree, its first row was current and Ctrl+Enter said 无需申请."""
    result = samples[sample]
    _show(qtbot, panel, result.credit_code)
    assert panel.model.groups()[0] == "due"  # the row that used to be picked is there
    appliable = _appliable_ids(panel)
    assert panel.current_item_id() == (appliable[0] if appliable else None)
    requested: list[str] = []
    panel.apply_requested.connect(requested.append)
    panel.apply_current()
    assert requested == appliable[:1]
    assert "无需申请" not in panel.ui.messageLabel.text()


def test_with_nothing_to_apply_for_no_item_is_current(qtbot, make_panel, samples):
    result = samples["apply"]

    def only_auto(db, code, as_of):
        out = match_for_panel(db, code, as_of)
        return dataclasses.replace(out, items=tuple(i for i in out.items if i.item.mode == "auto"))

    panel = make_panel(match_fn=only_auto)
    _show(qtbot, panel, result.credit_code)
    assert panel.model.rowCount() > 0
    assert panel.current_item_id() is None and not panel.tree.currentIndex().isValid()
    assert not panel.ui.applyButton.isEnabled()


def test_focus_items_picks_the_first_item_to_apply_for_and_keys_work(qtbot, panel, samples):
    result = samples["apply"]
    _show(qtbot, panel, result.credit_code)
    _activate(qtbot, panel)
    panel.focus_items()
    first = _first(result, "eligible")
    assert panel.tree.hasFocus()
    assert panel.current_item_id() == first.item_id
    assert "符合全部条件" in panel.ui.hintLabel.text()
    assert panel.ui.applyButton.isEnabled()

    # → opens the 'why', ← closes it.
    index = panel.tree.currentIndex()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Right)
    assert panel.tree.isExpanded(index)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Left)
    assert not panel.tree.isExpanded(index)

    requested: list[str] = []
    panel.apply_requested.connect(requested.append)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert requested == [first.item_id]
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert requested == [first.item_id] * 2
    panel.ui.applyButton.click()
    assert requested == [first.item_id] * 3

    # On a condition row the item above it is the one applied for.
    qtbot.keyClick(panel.tree, Qt.Key.Key_Right)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)
    assert panel.tree.currentIndex().data(Kind) == "condition"
    assert panel.current_item_id() == first.item_id

    # A double click on the item applies too.
    item_index = panel.model.item_index(first.item_id)
    panel.tree.scrollTo(item_index)
    centre = panel.tree.visualRect(item_index).center()
    with qtbot.waitSignal(panel.apply_requested) as applied:
        # QTest's double click is the second click only: the first one comes before it.
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert applied.args == [first.item_id]


def test_enter_on_a_group_opens_and_closes_it(qtbot, panel, samples):
    _show(qtbot, panel, samples["apply"].credit_code)
    group = panel.model.group_index("due")
    _select(panel, group)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert not panel.tree.isExpanded(group)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert panel.tree.isExpanded(group)
    assert panel.current_item_id() is None and not panel.ui.applyButton.isEnabled()


def test_an_auto_item_or_a_near_miss_explains_instead_of_applying(qtbot, panel, samples):
    result = samples["near"]
    _show(qtbot, panel, result.credit_code)
    requested: list[str] = []
    panel.apply_requested.connect(requested.append)

    due = _first(result, "due")
    _select(panel, panel.model.item_index(due.item_id))
    panel.ui.applyButton.click()
    message = panel.ui.messageLabel
    assert requested == [] and not message.isHidden()
    assert "免申即享" in message.text() and "无需申请" in message.text() and due.title in message.text()

    near = _first(result, "near_miss", "window")
    _select(panel, panel.model.item_index(near.item_id))
    assert message.isHidden()  # a new item, a fresh start
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert requested == []
    assert "暂不能申请" in message.text() and near.missing[0].text in message.text()


def test_outside_the_application_window_is_explained(qtbot, make_panel, samples):
    result = samples["apply"]
    first = _first(result, "eligible", "online")

    def closed_window(db, code, as_of):
        out = match_for_panel(db, code, as_of)
        shut = {"apply_from": dt.date(2001, 1, 1), "apply_to": dt.date(2001, 3, 31)}
        items = tuple(
            dataclasses.replace(i, details=dataclasses.replace(i.details, **shut)) if i.item.item_id == first.item_id else i
            for i in out.items
        )
        return dataclasses.replace(out, items=items)

    panel = make_panel(match_fn=closed_window)
    _show(qtbot, panel, result.credit_code)
    panel.focus_items()
    assert panel.current_item_id() != first.item_id  # F3 lands on what can be applied for today
    _select(panel, panel.model.item_index(first.item_id))
    requested: list[str] = []
    panel.apply_requested.connect(requested.append)
    panel.apply_current()
    assert requested == []
    assert "2001-01-01 至 2001-03-31" in panel.ui.messageLabel.text()


def test_an_unknown_enterprise_says_so(qtbot, panel, runner):
    panel.show_enterprise("91371502MA3C0000X0", TODAY)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=20_000)
    assert panel.ui.stack.currentIndex() == PolicyPanel.PLACEHOLDER_PAGE
    assert "没有统一社会信用代码为 91371502MA3C0000X0 的企业" in panel.ui.placeholderLabel.text()
    assert not panel.ui.printButton.isEnabled() and panel.result is None


@pytest.mark.allow_log_warnings
def test_a_failing_match_shows_a_clear_error(qtbot, make_panel, runner):
    def broken(db, code, as_of):
        raise RuntimeError("数据库已锁定")

    panel = make_panel(match_fn=broken)
    panel.show_enterprise("91371502MA3C8YYY1Y")
    qtbot.waitUntil(lambda: not runner.busy(), timeout=20_000)
    assert "匹配政策时出错：数据库已锁定" in panel.ui.placeholderLabel.text()
    assert panel.ui.stack.currentIndex() == PolicyPanel.PLACEHOLDER_PAGE


@pytest.mark.allow_log_warnings
def test_a_failing_match_after_a_shown_enterprise_shows_its_error(qtbot, make_panel, samples, runner):
    """The tree page stays up while the next enterprise is matched; a failure must not leave
    an empty tree with the message on the hidden page."""
    calls: list[str] = []

    def first_works_then_breaks(db, code, as_of):
        calls.append(code)
        if len(calls) > 1:
            raise RuntimeError("数据库已锁定")
        return samples["apply"]

    panel = make_panel(match_fn=first_works_then_breaks)
    with qtbot.waitSignal(panel.match_shown, timeout=20_000):
        panel.show_enterprise(samples["apply"].credit_code, TODAY)
    assert panel.ui.stack.currentIndex() == PolicyPanel.TREE_PAGE
    panel.show_enterprise("91371502MA3C8YYY1Y", TODAY)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=20_000)
    assert panel.ui.stack.currentIndex() == PolicyPanel.PLACEHOLDER_PAGE
    assert "匹配政策时出错：数据库已锁定" in panel.ui.placeholderLabel.text()
    assert panel.model.rowCount() == 0 and not panel.ui.applyButton.isEnabled()


def test_only_the_latest_enterprise_is_shown(qtbot, panel, samples, runner):
    first, second = samples["near"].credit_code, samples["apply"].credit_code
    assert first != second
    shown: list[str] = []
    panel.match_shown.connect(lambda r: shown.append(r.credit_code))
    panel.show_enterprise(first, TODAY)
    panel.show_enterprise(second, TODAY)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=20_000)
    assert shown == [second] and panel.credit_code == second
    panel.show_placeholder("请先查找企业")
    assert panel.ui.placeholderLabel.text() == "请先查找企业"
    assert panel.model.rowCount() == 0 and panel.credit_code is None and not panel.ui.printButton.isEnabled()


def test_nothing_matched_says_so_and_can_still_print(qtbot, make_panel):
    def nothing(db, code, as_of):
        return _fake(credit_code=code, as_of=dt.date(2025, 5, 6), in_force=38)

    panel = make_panel(match_fn=nothing)
    with qtbot.waitSignal(panel.match_shown):
        panel.show_enterprise("91371502MA3C8YYY1Y")  # no date: the match's own date is used
    assert panel.ui.stack.currentIndex() == PolicyPanel.PLACEHOLDER_PAGE
    assert "暂无符合条件的政策事项" in panel.ui.placeholderLabel.text() and "38" in panel.ui.placeholderLabel.text()
    assert plain(panel.ui.summaryLabel.text()).startswith("暂无可直接享受的政策")
    assert panel.ui.printButton.isEnabled() and panel.as_of == dt.date(2025, 5, 6)


def test_print_checklist_prints_the_list_through_the_printer(qtbot, panel, printer, samples, out_pdf):
    code = samples["apply"].credit_code
    _show(qtbot, panel, code)
    _activate(qtbot, panel)
    with qtbot.waitSignal(printer.printed, timeout=60_000) as printed:
        qtbot.keyClick(panel.tree, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert "正在生成" in panel.ui.messageLabel.text()
    outcome = printed.args[0]
    assert outcome.to_file and outcome.destination == str(out_pdf) and outcome.title.startswith("一企一策政策清单")
    assert out_pdf.is_file()
    assert len(pypdf.PdfReader(io.BytesIO(out_pdf.read_bytes())).pages) == outcome.pages >= 1
    assert "已打印" in panel.ui.messageLabel.text()
    assert panel.ui.printButton.isEnabled()


@pytest.mark.allow_log_warnings
def test_a_failing_checklist_says_why(qtbot, make_panel, samples, runner):
    def broken(db, code, as_of):
        raise OSError("磁盘已满")

    panel = make_panel(checklist_fn=broken)
    _show(qtbot, panel, samples["apply"].credit_code)
    panel.print_checklist()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=20_000)
    assert panel.ui.messageLabel.property("level") == "error"
    assert "生成一企一策清单失败：磁盘已满" in panel.ui.messageLabel.text()


def test_print_before_a_match_asks_for_an_enterprise(panel):
    panel.print_checklist()
    assert "请先选择企业" in panel.ui.messageLabel.text()


# -- drawing the rows ---------------------------------------------------------------------------


def test_a_tree_prepared_in_a_worker_is_the_tree_set_from_the_result(qtmodeltester, samples):
    from kuaixiang_desktop.ui.models.policy_tree_model import prepare_tree

    def rows(model: PolicyTreeModel, parent=QModelIndex()) -> list:
        out = []
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append((model.texts(index), model.row_style(index), model.amount_right_aligned(index.siblingAtColumn(2)),
                        [model.index(row, c, parent).data() for c in range(model.columnCount())], rows(model, index)))
        return out

    direct, prepared = PolicyTreeModel(), PolicyTreeModel()
    direct.set_result(samples["near"])
    prepared.set_result(prepare_tree(samples["near"]))
    qtmodeltester.check(prepared)
    assert rows(prepared) == rows(direct)
    assert prepared.result is samples["near"]  # frozen: shared, not copied


def test_rows_are_drawn_with_the_group_tint_selection_and_result_colours(qtbot, panel, samples):
    from PySide6.QtGui import QImage

    from kuaixiang_desktop.ui.policy_delegate import SELECTED_BACKGROUND

    _show(qtbot, panel, samples["near"].credit_code)
    panel.show()
    qtbot.waitExposed(panel)
    tree, model = panel.tree, panel.model

    def colours(index: QModelIndex) -> set[str]:
        image = tree.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        rect = tree.visualRect(index).intersected(image.rect())
        assert not rect.isEmpty(), "the row is not on screen"
        return {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())
                for y in range(rect.top(), rect.bottom())}

    top = model.index(0, 0)
    assert QColor("#eef3fa").name() in colours(top)  # a group row's tint
    assert SELECTED_BACKGROUND.name() in colours(tree.currentIndex())  # the current item, selected

    near = model.group_index("near_miss")
    item = model.index(0, 0, near)
    tree.expand(item)
    failed = next(model.index(r, 0, item) for r in range(model.rowCount(item))
                  if model.index(r, 0, item).data(Result) == "fail")
    tree.scrollTo(failed)
    assert QColor(RESULT_COLOURS["fail"]).name() in colours(failed)  # the ✗ line in its colour
    assert tree.visualRect(failed).width() > tree.columnWidth(0)  # spanning the row


def test_long_titles_are_elided_and_the_row_height_reads_comfortably(qtbot, panel, samples):
    _show(qtbot, panel, samples["apply"].credit_code)
    tree, model = panel.tree, panel.model
    delegate = tree.itemDelegate()
    first = model.index(0, 0, model.group_index(model.groups()[0]))
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(tree)
    height = delegate.sizeHint(option, first).height()
    assert height >= tree.fontMetrics().height() + 8  # the stylesheet's 4 px above and below, at least
    tree.setColumnWidth(0, 60)
    panel.show()
    qtbot.waitExposed(panel)
    tree.viewport().grab()  # paints: a title far wider than 60 px is elided, not overflowing
    elided = [text for (_text, _width, _font), text in delegate._elided.items() if text.endswith("…")]
    assert elided


def test_opening_the_why_on_the_last_visible_row_scrolls_it_into_view(qtbot, make_panel, samples):
    panel = make_panel()
    panel.resize(1000, 320)  # fewer rows than the enterprise has items
    _activate(qtbot, panel)
    _show(qtbot, panel, samples["near"].credit_code)
    model, tree = panel.model, panel.tree
    viewport = tree.viewport().rect()
    items = [model.index(r, 0, model.index(g, 0)) for g in range(model.rowCount())
             for r in range(model.rowCount(model.index(g, 0)))]
    items = [i for i in items if not model.is_fold(i)]  # a fold row has no 'why' to open
    visible = [i for i in items if viewport.contains(tree.visualRect(i))]
    assert len(visible) < len(items), "every item fits: the test needs a taller list"
    last = visible[-1]
    assert model.rowCount(last) > 0
    tree.setFocus()
    _select(panel, last)
    qtbot.keyClick(tree, Qt.Key.Key_Right)
    assert tree.isExpanded(last)
    why_end = model.index(model.rowCount(last) - 1, 0, last)
    qtbot.waitUntil(lambda: tree.viewport().rect().contains(tree.visualRect(why_end)))
    assert tree.viewport().rect().contains(tree.visualRect(last))


def test_the_summary_keeps_each_count_with_its_label(qtbot, panel, samples):
    _show(qtbot, panel, samples["near"].credit_code)
    summary = panel.ui.summaryLabel.text()
    # Joined: never 「免申即享」 at the end of one line and 「3 项」 on the next.
    assert "免\u2060申\u2060即\u2060享\u2060\u00a0" in summary
    assert "；免申即享 " in plain(summary)
