"""The results table model: model-tester clean, Chinese headers and size classes."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt

from kuaixiang_desktop.services.lookup import EnterpriseHit, lookup
from kuaixiang_desktop.ui.models.search_results_model import SearchResultsModel

HITS = (
    EnterpriseHit(
        credit_code="91371502MA3C1234X5",
        name="聊城市恒达机械制造有限公司",
        region_code="371502",
        region_name="东昌府区",
        size_class="small",
        legal_rep="王建国",
        match="name_prefix",
    ),
    EnterpriseHit(
        credit_code="92371521MA3D7654Y1",
        name="阳谷县李记面馆",
        region_code="371521",
        region_name=None,
        size_class=None,
        legal_rep=None,
        match="name_substring",
    ),
)


def test_model_tester_empty_filled_and_reset(qtmodeltester):
    model = SearchResultsModel()
    qtmodeltester.check(model)
    model.set_hits(HITS, "聊城")
    qtmodeltester.check(model)
    model.set_hits(HITS[:1], "恒达")
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_model_tester_on_real_search_results(qtmodeltester, demo_db):
    model = SearchResultsModel()
    result = lookup(demo_db, "聊城", 50)
    assert result.hits
    model.set_hits(result.hits, result.query)
    qtmodeltester.check(model)
    assert model.rowCount() == len(result.hits)


def test_headers_and_cells_read_in_chinese(qapp):
    model = SearchResultsModel()
    model.set_hits(HITS, "聊城")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["企业名称", "统一社会信用代码", "所在地", "企业规模", "法定代表人"]
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == ["聊城市恒达机械制造有限公司", "91371502MA3C1234X5", "东昌府区", "小型", "王建国"]
    # Gaps read as a dash, never "None".
    assert [model.data(model.index(1, c)) for c in (2, 3, 4)] == ["—", "—", "—"]


def test_every_size_class_has_its_chinese_name(qapp):
    model = SearchResultsModel()
    model.set_hits([replace(HITS[0], size_class=s) for s in ("large", "medium", "small", "micro")])
    assert [model.data(model.index(r, SearchResultsModel.SIZE_CLASS)) for r in range(4)] == [
        "大型",
        "中型",
        "小型",
        "微型",
    ]


def test_credit_code_role_and_lookup_helpers(qapp):
    model = SearchResultsModel()
    model.set_hits(HITS, "x")
    for column in range(model.columnCount()):
        assert model.data(model.index(1, column), SearchResultsModel.CreditCodeRole) == "92371521MA3D7654Y1"
    assert model.row_of("92371521MA3D7654Y1") == 1
    assert model.row_of("nope") == -1
    assert model.hit(5) is None
    assert model.query == "x"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
