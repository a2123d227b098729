"""The enterprise card: 万元, Chinese size class, red 失信, greyed expired tags, masked phone."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QColor, QPalette

from kuaixiang_desktop.services.lookup import enterprise_detail, lookup
from kuaixiang_desktop.ui.enterprise_card import EnterpriseCard
from kuaixiang_desktop.ui.style import load_stylesheet

TODAY = dt.date(2026, 6, 1)

DETAIL = {
    "credit_code": "91371502MA3C1234X5",
    "name": "聊城市恒达机械制造有限公司",
    "legal_rep": "王建国",
    "region_code": "371502",
    "region_name": "东昌府区",
    "industry_code": "3411",
    "industry_name": "锅炉及辅助设备制造",
    "established": "2012-03-15",
    "employees": 148,
    "insured_employees": 124,
    "revenue": "13590000.00",
    "total_assets": "215960000.50",
    "tax_credit_rating": "B",
    "dishonest": True,
    "contact_phone": "139****5551",
    "size_class": "medium",
    "tags": [
        {"tag": "高新技术企业", "valid_from": "2023-01-01", "valid_to": "2025-12-31", "valid_today": False},
        {"tag": "专精特新中小企业", "valid_from": "2025-01-01", "valid_to": "2027-12-31", "valid_today": True},
        {"tag": "瞪羚企业", "valid_from": "2026-09-01", "valid_to": None, "valid_today": False},
    ],
    "facts": [
        {
            "name": "rd_expense",
            "label": "上年度研发费用",
            "value": "6700.00",
            "unit": "元",
            "valid_on": "2025-12-31",
            "source": "市科学技术局",
        },
    ],
}


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

    card.show_detail(dict(DETAIL, dishonest=False), today=TODAY)
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
    assert card.ui.factsForm.rowCount() == 1
    card.show_detail(dict(DETAIL, tags=[], facts=[], revenue=None, employees=None), today=TODAY)
    assert [label.text() for label in card.tag_labels()] == ["无"]
    assert card.ui.factsForm.rowCount() == 0
    assert card.ui.revenueValue.text() == "—"
    assert card.ui.employeesValue.text() == "—"


def test_names_are_plain_text_never_markup(card):
    card.show_detail(dict(DETAIL, name="<b>聊城</b>&amp;公司"), today=TODAY)
    assert card.ui.nameLabel.text() == "<b>聊城</b>&amp;公司"
    assert card.ui.nameLabel.textFormat().name == "PlainText"


def test_card_of_a_real_demo_enterprise(card, demo_db):
    code = lookup(demo_db, "聊城", 1).hits[0]["credit_code"]
    detail = enterprise_detail(demo_db, code)
    card.show_detail(detail)
    assert card.ui.nameLabel.text() == detail["name"]
    assert "*" in card.ui.phoneValue.text()  # masked by the service, shown as given
    assert card.ui.factsForm.rowCount() == len(detail["facts"])
