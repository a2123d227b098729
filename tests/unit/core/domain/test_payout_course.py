"""The course after 受理: which step may follow which, and what each must carry."""

from __future__ import annotations

import datetime as dt

import pytest

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import payout_course as course
from kuaixiang_core.domain.payout_course import CourseError, Step

TODAY = dt.date(2026, 12, 20)
D = dt.date(2026, 12, 1)


def test_the_whole_course_and_the_status_each_step_gives():
    done: list[Step] = []
    status = states.SUBMITTED
    for step in (Step("review", D), Step("correction", D, reason="补交证明"), Step("review", D),
                 Step("approve", D), Step("publicity", D, until=dt.date(2026, 12, 7)),
                 Step("pay", dt.date(2026, 12, 8), amount_fen=600000)):
        status = course.check_step(status, done, step, TODAY)
        done.append(step)
    assert status == states.PAID
    assert course.allowed_steps(status, done) == ()


@pytest.mark.parametrize("status, done, step, message", [
    (states.SUBMITTED, [], Step("publicity", D, until=D), "不能记录「公示」"),
    (states.SUBMITTED, [], Step("correction", D, reason="x"), "不能记录「补正」"),
    (states.SUBMITTED, [Step("review", D), Step("correction", D, reason="x")], Step("approve", D), "可记录：审核、不予支持"),
    (states.SUBMITTED, [Step("review", D)], Step("correction", D), "须补正"),
    (states.SUBMITTED, [], Step("refuse", D), "原因"),
    (states.SUBMITTED, [], Step("review", dt.date(2026, 12, 21)), "晚于今天"),
    (states.SUBMITTED, [Step("review", D)], Step("approve", dt.date(2026, 11, 30)), "早于上一步"),
    (states.APPROVED, [Step("approve", D)], Step("refuse", D, reason="x"), "不能记录「不予支持」"),
    (states.APPROVED, [Step("approve", D)], Step("pay", D, amount_fen=0), "大于零"),
    (states.APPROVED, [Step("approve", D)], Step("publicity", D), "最后一天"),
    (states.APPROVED, [Step("approve", D), Step("publicity", D, until=dt.date(2026, 12, 7))],
     Step("pay", dt.date(2026, 12, 7), amount_fen=1), "公示期满"),
    (states.APPROVED, [Step("approve", D), Step("publicity", D, until=D)], Step("publicity", D, until=D), "不能记录"),
    (states.PAID, [Step("pay", D, amount_fen=1)], Step("pay", D, amount_fen=1), "已办结"),
    (states.REJECTED, [], Step("review", D), "已办结"),
    (states.ACCEPTED, [], Step("review", D), "尚未报送"),
    (states.SUBMITTED, [], Step("lottery", D), "未知"),
])
def test_impossible_steps_are_refused_saying_why(status, done, step, message):
    with pytest.raises(CourseError, match=message):
        course.check_step(status, done, step, TODAY)


def test_step_json():
    step = Step("pay", D, amount_fen=480050)
    assert course.step_to_json(step, at="2026-12-01T02:00:00Z", by="admin") == {
        "step": "pay", "name": "拨付", "on": "2026-12-01", "until": None, "amount_fen": 480050, "reason": None,
        "at": "2026-12-01T02:00:00Z", "by": "admin"}


def test_a_benefit_that_is_not_money_is_paid_without_an_amount():
    assert course.check_step(states.APPROVED, [Step("approve", D)], Step("pay", D), TODAY) == states.PAID
