"""The enterprise card: 万元, Chinese size class, red 失信, greyed expired tags, masked phone."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from kuaixiang_desktop.services.lookup import (
    CardApplication,
    DeclaredFact,
    EnterpriseDetail,
    Qualification,
    enterprise_detail,
    lookup,
)
from kuaixiang_desktop.ui.enterprise_card import EnterpriseCard
from kuaixiang_desktop.ui.style import load_stylesheet

TODAY = dt.date(2026, 6, 1)

DETAIL = EnterpriseDetail(
    credit_code="91371502MA3C1234X5",
    name="聊城市恒达机械制造有限公司",
    legal_rep="王建国",
    region_code="371502",
    region_name="东昌府区",
    industry_code="3411",
    industry_name="锅炉及辅助设备制造",
    industry_group="工业",
    reg_type="有限责任公司",
    is_individual=False,
    established=dt.date(2012, 3, 15),
    registered_capital=Decimal("5000000.00"),
    employees=148,
    insured_employees=124,
    revenue=Decimal("13590000.00"),
    total_assets=Decimal("215960000.50"),
    tax_credit_rating="B",
    dishonest=True,
    contact_phone="139****5551",
    size_class="medium",
    tags=(
        Qualification("高新技术企业", dt.date(2023, 1, 1), dt.date(2025, 12, 31), valid_today=False),
        Qualification("专精特新中小企业", dt.date(2025, 1, 1), dt.date(2027, 12, 31), valid_today=True),
        Qualification("瞪羚企业", dt.date(2026, 9, 1), None, valid_today=False),
    ),
    facts=(
        DeclaredFact(
            name="rd_expense",
            label="上年度研发费用",
            value="6700.00",
            unit="元",
            valid_on=dt.date(2025, 12, 31),
            source="市科学技术局",
        ),
    ),
    updated_at=dt.datetime(2026, 5, 1, 2, 0, tzinfo=dt.UTC),
    version=1,
    applications=(),
    applications_total=0,
)


@pytest.fixture
def card(qtbot):
    widget = EnterpriseCard()
    widget.setStyleSheet(load_stylesheet())  # the app sets it on the application
    qtbot.addWidget(widget)
    return widget


def test_placeholder_until_an_enterprise_is_shown(card):
    assert card.ui.stack.currentIndex() == EnterpriseCard.PLACEHOLDER_PAGE
    assert "选中一家企业" in card.ui.placeholderLabel.text()
    assert card.credit_code is None


def test_fields_read_as_chinese_forms_write_them(card):
    card.show_detail(DETAIL, today=TODAY)
    ui = card.ui
    assert ui.stack.currentIndex() == EnterpriseCard.DETAIL_PAGE
    assert card.credit_code == "91371502MA3C1234X5"
    assert ui.nameLabel.text() == "聊城市恒达机械制造有限公司"
    assert ui.codeValue.text() == "91371502MA3C1234X5"
    assert ui.legalRepValue.text() == "王建国"
    assert ui.regionValue.text() == "东昌府区"
    assert ui.industryValue.text() == "锅炉及辅助设备制造（3411）"
    assert ui.establishedValue.text() == "2012-03-15"
    assert ui.employeesValue.text() == "148 人（参保 124 人）"
    assert ui.revenueValue.text() == "1,359.00 万元"
    assert ui.assetsValue.text() == "21,596.00 万元"
    assert ui.sizeClassValue.text() == "中型"
    assert ui.sizeBadge.text() == "中型企业"
    assert ui.taxRatingValue.text() == "B"
    assert ui.phoneValue.text() == "139****5551"


def test_dishonest_flag_is_red(card):
    card.show()
    card.show_detail(DETAIL, today=TODAY)
    value = card.ui.dishonestValue
    assert value.text().startswith("是")
    assert value.property("alert") is True
    assert card.ui.dishonestBadge.isVisible() and card.ui.dishonestBadge.text() == "失信"
    value.ensurePolished()
    red = value.palette().color(QPalette.ColorRole.WindowText)
    assert red == QColor("#c62828")

    card.show_detail(replace(DETAIL, dishonest=False), today=TODAY)
    assert value.text() == "否"
    assert value.property("alert") is False
    assert not card.ui.dishonestBadge.isVisible()
    assert value.palette().color(QPalette.ColorRole.WindowText) != red


def test_tags_show_validity_and_expired_ones_are_greyed(card):
    card.show_detail(DETAIL, today=TODAY)
    labels = card.tag_labels()
    texts = [label.text() for label in labels]
    assert texts == [
        "专精特新中小企业　2025-01-01 至 2027-12-31",
        "瞪羚企业　2026-09-01 起长期有效（尚未生效）",
        "高新技术企业　2023-01-01 至 2025-12-31（已过期）",
    ]
    assert [label.isEnabled() for label in labels] == [True, False, False]
    assert [label.property("validToday") for label in labels] == [True, False, False]


def test_showing_another_enterprise_replaces_tags_and_facts(card, qapp):
    card.show_detail(DETAIL, today=TODAY)
    assert len(card.fact_texts()) == 1
    card.show_detail(replace(DETAIL, tags=(), facts=(), revenue=None, employees=None), today=TODAY)
    assert [label.text() for label in card.tag_labels()] == ["无"]
    assert card.fact_texts() == []
    assert not card.ui.factsGroup.isVisibleTo(card)
    assert card.ui.revenueValue.text() == "—"
    assert card.ui.employeesValue.text() == "—"
    card.show_detail(DETAIL, today=TODAY)  # the kept row comes back with the fact
    assert card.fact_texts() == [("上年度研发费用", "6700.00 元\n市科学技术局 · 2025-12-31")]
    assert card.ui.factsForm.rowCount() == 1


def test_names_are_plain_text_never_markup(card):
    card.show_detail(replace(DETAIL, name="<b>聊城</b>&amp;公司"), today=TODAY)
    assert card.ui.nameLabel.text() == "<b>聊城</b>&amp;公司"
    assert card.ui.nameLabel.textFormat().name == "PlainText"


def test_card_of_a_real_demo_enterprise(card, demo_db):
    code = lookup(demo_db, "聊城", 1).hits[0].credit_code
    detail = enterprise_detail(demo_db, code)
    card.show_detail(detail)
    assert card.ui.nameLabel.text() == detail.name
    assert "*" in card.ui.phoneValue.text()  # masked by the service, shown as given
    assert len(card.fact_texts()) == len(detail.facts)


# -- 办理记录 -----------------------------------------------------------------------------------


def _application(n: int, **changes) -> CardApplication:
    return replace(CardApplication(
        id=f"00000000-0000-4000-8000-{n:012d}",
        receipt_no=f"371502-01-20260301-TEST-{n:04d}",
        item_id="lc-wengang",
        item_title=f"失业保险稳岗返还{n}",
        status="accepted",
        status_name="已受理",
        created_at=dt.datetime.fromisoformat(f"2026-03-{n + 1:02d}T09:30:00+08:00"),
    ), **changes)


def test_no_applications_says_so(card):
    card.show_detail(DETAIL, today=TODAY)
    assert not card.ui.appsEmptyLabel.isHidden() and card.ui.appsEmptyLabel.text() == "暂无办理记录"
    assert card.ui.appsList.isHidden() and card.ui.appsMoreLabel.isHidden()
    card.show_detail(replace(DETAIL, applications=(), applications_total=0), today=TODAY)
    assert not card.ui.appsEmptyLabel.isHidden() and card.application_items() == []


def test_applications_newest_first_with_receipt_title_status_and_date(card):
    apps = (_application(1), _application(3, receipt_no=None, status="draft", status_name="草稿"), _application(2))
    card.show_detail(replace(DETAIL, applications=apps, applications_total=3), today=TODAY)
    items = card.application_items()
    assert [i.text().splitlines() for i in items] == [
        ["失业保险稳岗返还3", "草稿 · 2026-03-04 09:30", "尚未受理，没有回执"],
        ["失业保险稳岗返还2", "已受理 · 2026-03-03 09:30", "回执 371502-01-20260301-TEST-0002"],
        ["失业保险稳岗返还1", "已受理 · 2026-03-02 09:30", "回执 371502-01-20260301-TEST-0001"],
    ]
    assert "00000000-0000-4000-8000-000000000003" in items[0].toolTip()
    assert card.ui.appsEmptyLabel.isHidden() and card.ui.appsMoreLabel.isHidden()
    # As tall as its rows: the card scrolls, the list does not.
    rows = sum(card.ui.appsList.sizeHintForRow(r) for r in range(3))
    assert card.ui.appsList.height() >= rows


def test_at_most_ten_are_listed_and_the_rest_counted(card):
    apps = tuple(_application(n) for n in range(12))
    card.show_detail(replace(DETAIL, applications=apps, applications_total=25), today=TODAY)
    items = card.application_items()
    assert len(items) == EnterpriseCard.MAX_APPLICATIONS == 10
    assert items[0].text().startswith("失业保险稳岗返还11")
    assert not card.ui.appsMoreLabel.isHidden() and "共 25 条" in card.ui.appsMoreLabel.text()
    card.show_detail(replace(DETAIL, applications=apps[:1], applications_total=1), today=TODAY)
    assert len(card.application_items()) == 1 and card.ui.appsMoreLabel.isHidden()


def test_clicking_or_enter_on_an_application_opens_it(card, qtbot):
    apps = (_application(1), _application(2))
    card.show()
    qtbot.waitExposed(card)
    card.show_detail(replace(DETAIL, applications=apps, applications_total=2), today=TODAY)
    view = card.ui.appsList
    with qtbot.waitSignal(card.application_activated) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(view.item(1)).center())
    assert clicked.args == ["00000000-0000-4000-8000-000000000001"]
    view.setCurrentRow(0)
    with qtbot.waitSignal(card.application_activated) as entered:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert entered.args == ["00000000-0000-4000-8000-000000000002"]
    assert view.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable with Tab


def test_card_lists_an_application_filed_for_a_demo_enterprise(card, writable_demo_db):
    from kuaixiang_desktop.demo.loader import load_demo_catalogue
    from kuaixiang_desktop.services import applications as services
    from kuaixiang_desktop.services.device import local_device
    from kuaixiang_desktop.services.matching import match_enterprise

    db = writable_demo_db
    load_demo_catalogue(db)  # a private copy: the shared demo database is never written to
    code = item = None
    for hit in lookup(db, "聊城", 20).hits:
        eligible = [i for i in match_enterprise(db, hit.credit_code).items
                    if i.group in ("eligible", "unknown") and i.mode != "auto"]
        if eligible:
            code, item = hit.credit_code, eligible[0]
            break
    assert code, "no demo enterprise with an item to apply for"
    agent = services.Agent("张三", "11010519491231002x", "13812345678")
    filed = services.file_application(db, code, item.item_id, agent, [], device_id=local_device(db).short_id,
                                      accept_deferred=False)
    detail = enterprise_detail(db, code)
    card.show_detail(detail)
    [shown] = card.application_items()
    assert shown.text().splitlines()[0] == item.title
    assert shown.text().splitlines()[1].startswith("草稿 · ")
    assert shown.data(Qt.ItemDataRole.UserRole + 1) == filed.application_id
