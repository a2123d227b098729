"""一企一策清单: the data (services.checklist) and the A4 PDF (printing.checklist), read back with pypdf."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.money import format_yuan, in_words
from kuaixiang_desktop.printing.checklist import ESTIMATE_NOTE, render_checklist
from kuaixiang_desktop.printing.checklist_data import ChecklistData, ChecklistItem, ChecklistMaterial
from kuaixiang_desktop.printing.fonts import cjk_font
from kuaixiang_desktop.services.checklist import UnknownEnterprise, checklist_data
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import EnterpriseNotFound, match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue

TODAY = clock.today()


@pytest.fixture(scope="module")
def font():
    chosen = cjk_font()
    if not chosen.embedded:
        pytest.skip("没有可嵌入的中文 TrueType 字体（请安装 fonts-wqy-zenhei）")
    return chosen


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    """Text without the line breaks and spaces the layout adds (table cells wrap anywhere)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def cat_db(counter_db_path):
    """The counter database, shared: the tests only read it."""
    database = open_client_db(counter_db_path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def rich_code(counter_db_path) -> str:
    """A demo enterprise with an item to apply for (online/window) and a known amount due to it."""
    db = open_client_db(counter_db_path)
    try:
        with db.engine.connect() as conn:
            codes = [r[0] for r in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 400"))]
        for code in codes:
            items = match_enterprise(db, code, TODAY).items
            applicable = [i for i in items if i.group == "eligible" and i.mode in ("online", "window")]
            paid = [i for i in items if i.group in ("due", "eligible") and i.benefit.amount is not None]
            if applicable and paid:
                return code
    finally:
        db.close()
    pytest.fail("no demo enterprise with an eligible item and an amount in the first 400")


def test_checklist_data_has_the_groups_the_counter_shows(cat_db, rich_code):
    data = checklist_data(cat_db, rich_code, TODAY)
    match = match_enterprise(cat_db, rich_code, TODAY)
    expected = [(i.item_id, i.group) for g in ("due", "eligible", "unknown") for i in match.items if i.group == g]
    assert [(i.item_id, i.group) for i in data.items] == expected
    assert data.credit_code == rich_code and data.as_of == TODAY
    assert data.enterprise_name
    assert data.hall_name == "东昌府区政务服务中心" and data.hall_code == "371502-01"  # the demo clerk's hall
    assert not [i for i in data.items if i.group == "near_miss"]

    cat = compiled_catalogue(cat_db)
    for item in data.items:
        source = cat.by_id[item.item_id]
        assert item.title == source.title and item.department == source.department
        assert item.doc_no == cat.documents[source.document_id]["doc_no"]
        assert [m.name for m in item.materials] == [m.name for m in source.materials]
        assert [(m.originals, m.copies) for m in item.materials] == [(m.originals, m.copies) for m in source.materials]
        assert item.where == source.where and item.promised_days == source.promised_days
        assert item.deadline == (source.apply_to or source.effective_to)
        assert item.amount is None or isinstance(item.amount, Decimal)
        if item.group == "unknown":
            assert item.to_check, f"{item.item_id} needs checking but names nothing to check"
    line = {i.item_id: i for i in match.items}
    assert data.total() == sum(  # cash only: a deduction is not money paid
        (line[i.item_id].benefit.cash for i in data.items
         if i.group in ("due", "eligible") and line[i.item_id].benefit.cash is not None),
        Decimal(0),
    )
    assert data.total() > 0


def test_the_pdf_lists_the_items_amounts_materials_and_the_estimate_note(cat_db, rich_code, font):
    data = checklist_data(cat_db, rich_code, TODAY)
    pdf = render_checklist(data, font)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.pages and float(reader.pages[0].mediabox.width) == pytest.approx(595.27, abs=0.1)
    body = _flat(_pdf_text(pdf))
    assert "一企一策政策清单" in body
    assert data.enterprise_name in body and rich_code in body
    assert f"{TODAY.year}年{TODAY.month:02d}月{TODAY.day:02d}日" in body
    for item in data.items:
        assert _flat(item.title) in body, item.title
        if item.cash is not None:
            assert f"￥{format_yuan(item.cash)}" in body
    assert _flat(in_words(data.total())) in body  # the total in 大写
    applied = [i for i in data.items if i.group == "eligible"]
    for material in applied[0].materials:
        assert _flat(material.name) in body
    if applied[0].where:
        assert _flat(applied[0].where) in body
    assert _flat(ESTIMATE_NOTE) in body
    pages = len(reader.pages)
    assert f"第1页/共{pages}页" in body and f"第{pages}页/共{pages}页" in body


def test_same_data_same_bytes(cat_db, rich_code, font):
    data = checklist_data(cat_db, rich_code, TODAY)
    assert render_checklist(data, font) == render_checklist(data, font)


def test_nothing_in_force_gives_a_short_sensible_list(cat_db, rich_code, font):
    # Before any demo policy took effect nothing matches: the list says so instead of
    # printing empty tables.
    data = checklist_data(cat_db, rich_code, dt.date(2000, 1, 1))
    assert data.items == ()
    pdf = render_checklist(data, font)
    body = _flat(_pdf_text(pdf))
    assert "暂未发现贵单位符合条件的政策事项" in body
    assert "免申即享（" not in body and "申请指南" not in body
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1


def test_unknown_or_empty_code_is_refused_clearly(cat_db):
    with pytest.raises(UnknownEnterprise) as caught:
        checklist_data(cat_db, "91371502MA3C0000X0", TODAY)
    assert "91371502MA3C0000X0" in str(caught.value) and "没有" in str(caught.value)
    assert isinstance(caught.value, EnterpriseNotFound)  # callers catching the matcher's error still do
    with pytest.raises(ValueError, match="统一社会信用代码"):
        checklist_data(cat_db, "  ", TODAY)


def _item(n: int, **changes) -> ChecklistItem:
    base = ChecklistItem(
        item_id=f"x-{n}", group="eligible", title=f"测试事项{n}", doc_no="聊测发〔2025〕1号", document_title="测试文件",
        department="市测试局", mode="online", amount=Decimal("12345.60"), benefit_text=None,
        materials=(ChecklistMaterial("申请表", True, 1, 0), ChecklistMaterial("营业执照复印件", False, 0, 2, "加盖公章")),
        apply_from=dt.date(2025, 3, 1), apply_to=dt.date(2025, 6, 30), deadline=dt.date(2025, 6, 30),
        promised_days=15, where="市政务服务中心 3 号窗口",
    )
    return dataclasses.replace(base, **changes)


def test_long_lists_flow_onto_numbered_pages_with_the_note_on_each(font):
    items = tuple(_item(n) for n in range(1, 31)) + (_item(99, group="due", mode="auto", amount=None, benefit_text="减半征收"),)
    data = ChecklistData("聊城市<测试>&公司", "91371502MA3C8YYY1Y", dt.date(2025, 5, 6), None, None, items)
    pdf = render_checklist(data, font)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 3
    for number, page in enumerate(reader.pages, start=1):
        flat = _flat(page.extract_text())
        assert f"第{number}页/共{len(reader.pages)}页" in flat
        assert "以主管部门审核为准" in flat
    body = _flat(_pdf_text(pdf))
    assert "聊城市<测试>&公司" in body  # markup in names is printed literally
    assert "2025年03月01日至2025年06月30日" in body
    assert "减半征收" in body and "可选" in body and "加盖公章" in body
    # 30 items of 12,345.60 each: the 小计 and the total, in figures and in words.
    assert "￥370,368.00" in body and _flat(in_words(Decimal("370368.00"))) in body


def _kind_item(item_id: str, group: str, amount, kind: str, text: str | None = None, **kw) -> ChecklistItem:
    return ChecklistItem(item_id, group, f"事项{item_id}", None, None, "税务局", "online",
                         None if amount is None else Decimal(amount), text, (), None, None, None, None, None,
                         kind=kind, **kw)


def test_the_pdf_keeps_each_kind_apart_and_lists_what_to_bring_once(font):
    data = ChecklistData("测试企业", "91371502000000001X", TODAY, "东昌府区政务服务中心", "371502-01", (
        _kind_item("cash", "eligible", "30000", "cash"),
        _kind_item("deduct", "eligible", "800000", "deduction"),
        _kind_item("rate", "due", None, "rate_cut", "失业保险费率由1%降至0.5%"),
        _kind_item("space", "eligible", "12000", "in_kind"),
        _kind_item("u1", "unknown", "500", "cash", to_check=("研发人员数",), bring=("研发人员花名册", "失业保险缴费证明")),
        _kind_item("u2", "unknown", "600", "cash", to_check=("参保月数",), bring=("失业保险缴费证明",)),
    ))
    assert data.total() == Decimal("30000")
    assert data.totals() == {"cash": Decimal("30000"), "deduction": Decimal("800000"), "in_kind": Decimal("12000")}
    body = _flat(_pdf_text(render_checklist(data, font)))
    assert _flat(f"可测算现金补贴合计 ￥{format_yuan(Decimal(30000))}（大写：{in_words(Decimal(30000))}）") in body
    assert _flat("可加计扣除额 约 800,000.00 元") in body and _flat("实物/服务 折合约 12,000.00 元") in body
    assert "￥842,000.00" not in body and "￥830,000.00" not in body  # never one total over the kinds
    assert _flat("失业保险费率由1%降至0.5%") in body
    # Once across the items in the summary, and under each item that needs it.
    assert _flat("请携带：研发人员花名册、失业保险缴费证明。") in body
    assert body.count("请携带：失业保险缴费证明") == 1  # u2's own line (u1's starts with 研发人员花名册)
