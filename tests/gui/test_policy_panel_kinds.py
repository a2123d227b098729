"""The policy panel with kinds of benefit and evidence (issue 15, items 5 and 10): only cash
reads as money and is totalled as 「约 X」; a deduction shows 「可加计扣除额 约 X」 and its own
total; a rate cut its words; a 需核实 line says what to bring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.evaluate import Condition
from kuaixiang_core.domain.rules.match import BenefitAmount, ItemHead, MatchedItem
from kuaixiang_desktop.services.matching import MatchCounts, PanelItem, PanelMatch
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.line_breaks import plain
from kuaixiang_desktop.ui.models.policy_tree_model import PolicyTreeModel
from kuaixiang_desktop.ui.policy_panel import PolicyPanel
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.tasks import TaskRunner

TODAY = clock.today()


def _unknown_line(fact: str, label: str) -> Condition:
    return Condition(f"{label} ≥ 1", fact, label, ">=", Decimal(1), None, None, "（无数据）", "unknown")


def _items() -> list[PanelItem]:
    def item(item_id, group, benefit, conditions=(), evidence=None):
        head = ItemHead(item_id, f"事项{item_id}", "online", "税务局", "d", None, evidence)
        return PanelItem(MatchedItem(head, "unknown" if group == "unknown" else "eligible", group, benefit,
                                     tuple(conditions)))

    return [
        item("cash", "eligible", BenefitAmount(Decimal("30000"), None)),
        item("deduct", "eligible", BenefitAmount(Decimal("800000"), None, "deduction")),
        item("rate", "eligible", BenefitAmount(None, "失业保险费率由 1% 降至 0.5%", "rate_cut")),
        item("space", "eligible", BenefitAmount(Decimal("12000"), "免费场地一年", "in_kind")),
        item("check", "unknown", BenefitAmount(Decimal("500"), None),
             [_unknown_line("rd_staff", "研发人员数"), _unknown_line("insured_months", "参保月数")],
             {"rd_staff": "研发人员花名册"}),
    ]


def _match() -> PanelMatch:
    return PanelMatch("x", TODAY, 5, MatchCounts(0, 4, 1, 0, 0), tuple(_items()))


def test_model_shows_each_kind_apart_and_what_to_bring(qtmodeltester):
    model = PolicyTreeModel()
    model.set_result(_match())
    qtmodeltester.check(model)
    group = model.group_index("eligible")
    amounts = {model.index(r, 0, group).data(PolicyTreeModel.ItemIdRole): model.index(r, PolicyTreeModel.AMOUNT, group).data()
               for r in range(model.rowCount(group))}
    assert amounts == {"cash": "3 万元", "deduct": "可加计扣除额 约 80 万元", "rate": "失业保险费率由 1% 降至 0.5%",
                       "space": "实物/服务 折合约 1.2 万元"}
    # The group's total is the cash alone; the deduction and the valued place have their own.
    assert group.siblingAtColumn(PolicyTreeModel.AMOUNT).data() == "合计 3 万元；可加计扣除额 约 80 万元；实物/服务 折合约 1.2 万元"
    assert group.siblingAtColumn(PolicyTreeModel.AMOUNT).data(PolicyTreeModel.AmountRole) == Decimal("30000")

    if model.can_fold():  # nothing known speaks for the item: folded until asked
        model.set_unfolded(True)
        qtmodeltester.check(model)
    unknown = model.group_index("unknown")
    check = model.index(0, 0, unknown)
    lines = [model.index(r, 0, check).data() for r in range(model.rowCount(check))]
    assert "请携带：研发人员花名册" in lines[0]
    assert "请携带：失业保险缴费证明" in lines[1]  # the built-in evidence of a shipped fact
    assert "请携带：研发人员花名册、失业保险缴费证明" in check.data(Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def runner():
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def test_summary_line_keeps_cash_and_deductions_apart(qtbot, db, runner, tmp_path):
    printer = DocumentPrinter(runner, lambda: PrintSettings(printer="pdf:" + str(tmp_path / "out.pdf"), paper="a4",
                                                            preview=False))
    panel = PolicyPanel(db, runner, printer, match_fn=lambda _db, _code, _as_of: _match())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.match_shown, timeout=20_000):
        panel.show_enterprise("x", dt.date(2025, 6, 30))
    summary = plain(panel.ui.summaryLabel.text())
    assert "可享 4 项，预计 3 万元" in summary
    assert "可加计扣除额 约 80 万元" in summary and "实物/服务 折合约 1.2 万元" in summary
    assert "83" not in summary and "84.2" not in summary  # never one total over the kinds
