"""好差评 rules: levels, the reasons a 差评 needs, 办件编号 shapes and the follow-up deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from kuaixiang_core.domain import ratings
from kuaixiang_core.domain.working_days import working_days_between


def test_levels_by_code_or_name():
    assert ratings.parse_level("非常不满意") == ratings.VERY_DISSATISFIED
    assert ratings.parse_level(" satisfied ") == ratings.SATISFIED
    with pytest.raises(ratings.RatingError, match="非常满意、满意"):
        ratings.parse_level("还行")
    assert ratings.parse_reason("多次跑动") == "repeat_visits"
    with pytest.raises(ratings.RatingError) as err:
        ratings.parse_reason("太热")
    assert err.value.field == "reason"


@pytest.mark.parametrize("level, reasons, comment, field", [
    (ratings.DISSATISFIED, [], None, "reason"),
    (ratings.VERY_DISSATISFIED, ["other"], "  ", "comment"),
    (ratings.SATISFIED, ["long_wait"], None, "reason"),
    (ratings.BASIC, [], "长" * 501, "comment"),
    (ratings.DISSATISFIED, ["nope"], None, "reason"),
    ("fine", [], None, "level"),
])
def test_refused_ratings_name_the_field(level, reasons, comment, field):
    with pytest.raises(ratings.RatingError) as err:
        ratings.check_rating(level, reasons, comment)
    assert err.value.field == field


def test_accepted_ratings_are_normalised():
    r = ratings.check_rating(ratings.DISSATISFIED, ["long_wait", "long_wait", "other"], "  叫号机坏了 ")
    assert r.reasons == ("long_wait", "other") and r.comment == "叫号机坏了" and r.negative
    good = ratings.check_rating(ratings.VERY_SATISFIED, [], "")
    assert good.comment is None and not good.negative


def test_numbers():
    assert ratings.number_kind("371502-01-20261206-EALH-0001") == "receipt"
    assert ratings.number_kind("371502-01-20261206-EALH-V0001") == "visit"
    assert ratings.visit_number("371502-01", dt.date(2026, 12, 6), "EALH", 7) == "371502-01-20261206-EALH-V0007"
    for bad in ("", "371502-01-2026126-EALH-0001", "371502-01-20261206-ealh-0001", "x" * 70, None):
        assert ratings.number_kind(bad) is None


def test_followup_deadline_is_fifteen_working_days():
    rated = dt.date(2026, 9, 28)  # the National Day holiday follows
    deadline = ratings.followup_deadline(rated)
    assert working_days_between(rated, deadline) == ratings.FOLLOWUP_WORKING_DAYS
    assert (deadline - rated).days > 21


def test_action_required_and_bounded():
    with pytest.raises(ratings.RatingError):
        ratings.check_action("   ")
    with pytest.raises(ratings.RatingError):
        ratings.check_action("x" * 2001)
    assert ratings.check_action(" 已回访 ") == "已回访"
