"""容缺受理 in the catalogue (the ``deferred`` block) and the pledge's rules: which materials
may follow, the deadline in working days, urgency, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from kuaixiang_core.domain.pledge import (
    DUE_SOON,
    OPEN,
    OVERDUE,
    DeferralRefused,
    due_within,
    plan_deferral,
    urgency,
    working_days_left,
)
from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue
from kuaixiang_core.domain.working_days import is_working_day

MONDAY = dt.date(2026, 6, 1)


def _catalogue(**item) -> dict:
    base = {
        "id": "x-1", "title": "事项", "department": "局", "mode": "window",
        "materials": [{"name": "申请表"}, {"name": "银行账户信息"}, {"name": "照片", "required": False}],
        "rule": {"fact": "employees", "op": ">=", "value": 1},
    }
    base.update(item)
    return {"documents": [{"id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
                           "items": [base]}]}


def _item(**item):
    return check_catalogue(_catalogue(**item)).items[0]


def test_without_a_block_every_required_material_may_follow_within_five_days():
    item = _item(allows_deferred=True)
    assert item.may_follow("申请表") and item.may_follow("银行账户信息") and not item.may_follow("照片")
    assert item.deferred_working_days == 5 and "deferred" not in item.content()


def test_a_block_names_what_may_follow_and_when():
    item = _item(allows_deferred=True, deferred={"working_days": 3, "materials": ["银行账户信息"]})
    assert item.may_follow("银行账户信息") and not item.may_follow("申请表")
    assert item.deferred_working_days == 3
    assert item.content()["deferred"] == {"working_days": 3, "materials": ["银行账户信息"]}
    assert item.content_hash() != _item(allows_deferred=True).content_hash()


def test_an_item_without_deferral_lets_nothing_follow():
    assert not _item().may_follow("申请表")


@pytest.mark.parametrize("item, field, words", [
    ({"deferred": {"materials": ["银行账户信息"]}}, "deferred", "allows_deferred: true"),
    ({"allows_deferred": True, "deferred": {"materials": ["营业执照"]}}, "deferred.materials[0]", "不是该事项的必需材料"),
    ({"allows_deferred": True, "deferred": {"materials": ["照片"]}}, "deferred.materials[0]", "不是该事项的必需材料"),
    ({"allows_deferred": True, "deferred": {"materials": ["银行账户信息", "银行账户信息"]}}, "deferred.materials[1]", "重复"),
    ({"allows_deferred": True, "deferred": {"materials": []}}, "deferred.materials", "非空"),
    ({"allows_deferred": True, "deferred": {"working_days": 0}}, "deferred.working_days", "1–60"),
    ({"allows_deferred": True, "deferred": {"working_days": 61}}, "deferred.working_days", "1–60"),
    ({"allows_deferred": True, "deferred": {"working_days": True}}, "deferred.working_days", "1–60"),
    ({"allows_deferred": True, "deferred": {"days": 3}}, "deferred.days", "未知的键"),
    ({"allows_deferred": True, "deferred": "5天"}, "deferred", "应为对象"),
])
def test_bad_blocks_are_named(item, field, words):
    with pytest.raises(CatalogueRejected) as info:
        check_catalogue(_catalogue(**item))
    problems = [p for p in info.value.problems if p.field.endswith(field)]
    assert problems and words in problems[0].message, info.value.problems


def test_plan_counts_working_days_and_skips_holidays():
    item = _item(allows_deferred=True, deferred={"working_days": 3, "materials": ["银行账户信息"]})
    assert plan_deferral(item, ["银行账户信息"], dishonest=False, today=MONDAY).deadline == dt.date(2026, 6, 4)
    before_national_day = plan_deferral(item, ["银行账户信息"], dishonest=False, today=dt.date(2026, 9, 30))
    assert before_national_day.deadline > dt.date(2026, 10, 7) and is_working_day(before_national_day.deadline)


@pytest.mark.parametrize("kwargs, field, words", [
    ({"missing": ["申请表"]}, "material", "不能容缺补交"),
    ({"missing": ["银行账户信息"], "dishonest": True}, "deferred", "失信"),
    ({"missing": ["银行账户信息"], "requested": ["营业执照"]}, "material", "不是"),
    ({"missing": ["银行账户信息", "申请表"], "requested": ["银行账户信息"]}, "material", "未列入"),
    ({"missing": []}, "material", "没有缺少"),
    ({"missing": ["银行账户信息"], "today": dt.date(2099, 1, 5)}, "calendar", "2099"),
])
def test_plan_refusals_name_the_reason(kwargs, field, words):
    item = _item(allows_deferred=True, deferred={"working_days": 3, "materials": ["银行账户信息"]})
    args = {"dishonest": False, "today": MONDAY, **kwargs}
    with pytest.raises(DeferralRefused) as info:
        plan_deferral(item, args.pop("missing"), **args)
    assert info.value.field == field and words in info.value.message


def test_an_item_that_does_not_allow_it_refuses():
    with pytest.raises(DeferralRefused, match="不允许容缺受理"):
        plan_deferral(_item(), ["申请表"], dishonest=False, today=MONDAY)


def test_urgency_by_working_days():
    deadline = dt.date(2026, 6, 10)  # a Wednesday
    assert urgency(deadline, dt.date(2026, 6, 1)) == OPEN  # 7 working days
    assert urgency(deadline, dt.date(2026, 6, 5)) == DUE_SOON  # Fri: Mon, Tue, Wed left
    assert urgency(deadline, deadline) == DUE_SOON and working_days_left(deadline, deadline) == 0
    assert urgency(deadline, dt.date(2026, 6, 11)) == OVERDUE
    assert working_days_left(deadline, dt.date(2026, 6, 13)) == -3
    assert due_within(deadline, dt.date(2026, 6, 1), 7) and not due_within(deadline, dt.date(2026, 6, 1), 6)
