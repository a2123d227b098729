"""The policy panel under caps (issue 15, item 6): an item whose yearly cap is partly used
shows the lowered amount, the words saying so and the cap's line; one whose claim limit is
reached is not offered."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord, FactValue, Tag
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.models.policy_tree_model import PolicyTreeModel
from kuaixiang_desktop.ui.policy_panel import PolicyPanel
from kuaixiang_desktop.ui.print_actions import DocumentPrinter
from kuaixiang_desktop.ui.tasks import TaskRunner

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "issue15-history-caps.yaml"
CODE = make_uscc("91371502MA3C00007")
AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def capped_db(db):
    import_catalogue(db, EXAMPLES)
    rec = EnterpriseRecord(
        credit_code=CODE, name="聊城市示例科技有限公司", region_code="371502", industry_code="3451",
        employees=80, established=dt.date(2019, 5, 1),
        tags=[Tag("高新技术企业", dt.date(2025, 1, 1), dt.date(2027, 12, 31))],
        facts=[FactValue("rd_expense", "20000000", dt.date(2024, 12, 31))],
    )
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
        for item, day, fen in (("kj-gaoqi-first", "2025-03-01", 200_000_000), ("kj-rd-subsidy", "2025-04-15", 220_000_000)):
            conn.execute(text(
                "INSERT INTO application (id, enterprise_id, item_id, item_version, status, trace_json, sync_state, "
                "benefit_amount_fen, created_at, updated_at) SELECT :id, e.id, :item, 1, 'approved', '{}', 'local', "
                ":fen, :at, :at FROM enterprise e WHERE e.credit_code = :code"),
                {"id": str(uuid.uuid4()), "item": item, "fen": fen, "code": CODE, "at": f"{day} 02:00:00.000000"})
    return db


@pytest.fixture
def panel(qtbot, capped_db, tmp_path):
    runner = TaskRunner()
    printer = DocumentPrinter(runner, lambda: PrintSettings(printer="pdf:" + str(tmp_path / "o.pdf"), paper="a4",
                                                            preview=False))
    widget = PolicyPanel(capped_db, runner, printer)
    qtbot.addWidget(widget)
    yield widget
    runner.shutdown()


def _row_of(model: PolicyTreeModel, item_id: str):
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            index = model.index(r, 0, group)
            if model.data(index, PolicyTreeModel.ItemIdRole) == item_id:
                return index
    return None


def test_the_panel_shows_the_amount_the_yearly_cap_leaves_and_why(qtbot, panel):
    with qtbot.waitSignal(panel.match_shown, timeout=20_000) as shown:
        panel.show_enterprise(CODE, AS_OF)
    result = shown.args[0]
    (capped,) = [i.item for i in result.items if i.item.item_id == "kj-rd-subsidy"]
    assert capped.benefit.amount == Decimal("800000.00")
    index = _row_of(panel.model, "kj-rd-subsidy")
    assert index is not None
    panel.tree.setCurrentIndex(index)
    hint = panel.ui.hintLabel.text()
    assert "优惠内容：已按年度上限 500 万元核减：本年度已申请 420 万元" in hint
    assert "上限：同一企业年度累计不超过 500 万元（本年度已申请 420 万元，尚余 80 万元）" in hint
    # The reward for a first certification was applied for already: not offered again.
    assert _row_of(panel.model, "kj-gaoqi-first") is None
