"""需核实 in the policy panel: ranked, and the items nothing known speaks for folded behind one row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.evaluate import Condition
from kuaixiang_core.domain.rules.match import BenefitAmount, ItemHead, MatchedItem
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import MatchCounts, PanelItem, PanelMatch
from kuaixiang_desktop.ui.line_breaks import plain
from kuaixiang_desktop.ui.models.policy_tree_model import PolicyTreeModel, prepare_tree
from kuaixiang_desktop.ui.policy_panel import PolicyPanel
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.tasks import TaskRunner

TODAY = clock.today()
Kind, ItemId = PolicyTreeModel.KindRole, PolicyTreeModel.ItemIdRole


def _line(fact: str, result: str, op: str = ">=") -> Condition:
    return Condition(f"{fact} {op} 1", fact, fact, op, Decimal(1), "第一条", None if result == "unknown" else Decimal(1),
                     "（无数据）" if result == "unknown" else "1", result)


def _item(item_id: str, group: str, *lines: Condition, amount: str | None = "1000") -> PanelItem:
    verdict = {"unknown": "unknown", "near_miss": "ineligible"}.get(group, "eligible")
    head = ItemHead(item_id, f"事项{item_id}", "online", "部门", "doc")
    return PanelItem(MatchedItem(head, verdict, group, BenefitAmount(None if amount is None else Decimal(amount), None),
                                 tuple(lines)))


NOT_DISHONEST = _line("dishonest", "pass", "not ==")


def _match() -> PanelMatch:
    """As the service orders it: the two shown 需核实 items, then the two folded ones."""
    items = (
        _item("e1", "eligible", _line("employees", "pass")),
        _item("u-likely", "unknown", _line("insured_months", "pass"), _line("skill_cert_primary", "unknown")),
        _item("u-less", "unknown", _line("employees", "pass"), _line("a", "unknown"), _line("b", "unknown")),
        _item("f-export", "unknown", _line("export_value", "unknown"), _line("export_growth", "unknown"), NOT_DISHONEST,
              amount="50000"),
        _item("f-a-level", "unknown", _line("new_a_level", "unknown"), NOT_DISHONEST),
        _item("n1", "near_miss", _line("employees", "fail")),
    )
    return PanelMatch("91371502MA3C00001W", TODAY, 10, MatchCounts(0, 1, 4, 1, 4), items, folded=2)


def _rows(model: PolicyTreeModel, group: str) -> list[tuple[str, str | None]]:
    parent = model.group_index(group)
    return [(model.index(r, 0, parent).data(Kind), model.index(r, 0, parent).data(ItemId))
            for r in range(model.rowCount(parent))]


def test_folded_items_hide_behind_one_row_and_unfold_in_place(qtmodeltester):
    model = PolicyTreeModel()
    model.set_result(_match())
    qtmodeltester.check(model)
    assert _rows(model, "unknown") == [("item", "u-likely"), ("item", "u-less"), ("fold", None)]
    assert model.folded_count() == 2
    fold = model.index(2, 0, model.group_index("unknown"))
    assert "另有 2 项缺少全部关键信息" in fold.data() and "Ctrl+U" in fold.data()
    assert model.item_at(fold) is None and model.rowCount(fold) == 0
    assert model.item_index("f-export").isValid() is False  # folded: no row to point at
    # The group still counts every item; the other groups do not fold.
    assert model.group_index("unknown").data() == "需核实（4 项）"
    assert _rows(model, "near_miss") == [("item", "n1")]

    model.set_unfolded(True)
    qtmodeltester.check(model)
    assert _rows(model, "unknown") == [("item", "u-likely"), ("item", "u-less"), ("item", "f-export"),
                                       ("item", "f-a-level")]
    assert model.folded_count() == 0
    assert model.first_unfolded_index().data(ItemId) == "f-export"
    unfolded = model.item_index("f-a-level")
    assert unfolded.row() == 3 and model.rowCount(unfolded) == 2  # its 'why' comes with it
    assert model.parent(model.index(0, 0, unfolded)) == unfolded

    model.set_unfolded(False)
    qtmodeltester.check(model)
    assert _rows(model, "unknown")[-1] == ("fold", None)
    # A new result comes folded again.
    model.set_unfolded(True)
    model.set_result(prepare_tree(_match()))
    assert model.folded_count() == 2


def test_nothing_to_fold_means_no_fold_row(qtmodeltester):
    model = PolicyTreeModel()
    match = _match()
    shown = tuple(i for i in match.items if not i.item.item_id.startswith("f-"))
    model.set_result(PanelMatch(match.credit_code, TODAY, 10, match.counts, shown))
    qtmodeltester.check(model)
    assert [k for k, _ in _rows(model, "unknown")] == ["item", "item"]
    assert not model.can_fold()
    model.set_unfolded(True)  # nothing happens
    assert model.folded_count() == 0


@pytest.fixture
def panel(qtbot, counter_db_path):
    db = open_client_db(counter_db_path)
    runner = TaskRunner()
    printer = DocumentPrinter(runner, lambda: None)
    panel = PolicyPanel(db, runner, printer, match_fn=lambda _db, _code, _as_of: _match())
    panel.resize(1000, 700)
    qtbot.addWidget(panel)
    yield panel
    runner.shutdown()
    db.close()


def _show(qtbot, panel: PolicyPanel) -> None:
    with qtbot.waitSignal(panel.match_shown, timeout=20_000):
        panel.show_enterprise("91371502MA3C00001W", dt.date(2026, 6, 1))


def test_a_click_on_the_fold_row_unfolds_and_goes_on_from_the_first_unfolded_item(qtbot, panel):
    _show(qtbot, panel)
    model = panel.model
    group = model.group_index("unknown")
    fold = model.index(2, 0, group)
    assert fold.data(Kind) == "fold"
    assert panel.tree.isFirstColumnSpanned(2, group)  # the sentence reads across the row
    assert "需核实 4 项（其中 2 项缺少全部关键信息，已折叠）" in plain(panel.ui.summaryLabel.text())
    panel.show()
    qtbot.waitExposed(panel)
    rect = panel.tree.visualRect(fold)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: model.folded_count() == 0)
    assert [model.index(r, 0, group).data(ItemId) for r in range(model.rowCount(group))] == [
        "u-likely", "u-less", "f-export", "f-a-level"]
    assert panel.current_item_id() == "f-export"
    assert "已折叠" not in panel.ui.summaryLabel.text()


def test_enter_on_the_fold_row_and_ctrl_u_unfold_and_fold(qtbot, panel):
    _show(qtbot, panel)
    model = panel.model
    group = model.group_index("unknown")
    panel.tree.setCurrentIndex(model.index(2, 0, group))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert model.folded_count() == 0 and panel.current_item_id() == "f-export"
    assert panel.fold_shortcut.key() == QKeySequence("Ctrl+U")
    panel.fold_shortcut.activated.emit()
    assert model.folded_count() == 2 and model.rowCount(group) == 3
    assert panel.tree.isFirstColumnSpanned(2, group)
    panel.fold_shortcut.activated.emit()
    assert model.folded_count() == 0 and model.rowCount(group) == 4
