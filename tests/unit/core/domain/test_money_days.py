"""domain/money.py (分, 元, 大写金额) and domain/working_days.py (承诺时限 in Chinese working days)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain.money import MoneyError, fen_to_yuan, format_yuan, in_words, to_fen
from kuaixiang_core.domain.working_days import (
    CalendarUnknownYear,
    add_working_days,
    is_working_day,
    known_years,
    working_days_between,
)

D = dt.date

# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "人民币零元整"),
        ("0.00", "人民币零元整"),
        ("0.05", "人民币伍分"),
        ("0.10", "人民币壹角整"),
        ("0.11", "人民币壹角壹分"),
        ("1.10", "人民币壹元壹角整"),
        ("1.05", "人民币壹元零伍分"),
        ("10.00", "人民币壹拾元整"),
        ("10.05", "人民币壹拾元零伍分"),
        ("105000.00", "人民币壹拾万伍仟元整"),
        ("100000.00", "人民币壹拾万元整"),
        ("1001.00", "人民币壹仟零壹元整"),
        ("1010.01", "人民币壹仟零壹拾元零壹分"),
        ("1000000.01", "人民币壹佰万元零壹分"),
        ("1000001.00", "人民币壹佰万零壹元整"),
        ("100010000.00", "人民币壹亿零壹万元整"),
        ("12345.60", "人民币壹万贰仟叁佰肆拾伍元陆角整"),
        ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
        ("123456789.12", "人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
        # 《支付结算办法》 allows both forms here; we print cn2an's (no 零 before 仟 after 万).
        ("107000.53", "人民币壹拾万柒仟元伍角叁分"),
        ("1680.32", "人民币壹仟陆佰捌拾元叁角贰分"),
    ],
)
def test_in_words_follows_the_accounting_convention(amount, words):
    assert in_words(Decimal(amount)) == words


def test_in_words_prefix_can_be_dropped():
    assert in_words(Decimal("3.00"), prefix="") == "叁元整"


# An independent 大写 writer (no cn2an), from the rules of 《支付结算办法》: digits by groups of
# four (元/万/亿/万亿); a zero (or a run of zeros) between non-zero digits is written 零 once;
# where the run ends at a 万/亿 boundary and the next digit is a 仟, 零 may be left out, and cn2an
# leaves it out (¥107,000.53 → 壹拾万柒仟元…, the rule's own example); 零 before 分 when 角 is 0;
# 整 unless there are 分.
_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _reference_words(fen: int) -> str:
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    out = ""
    if yuan:
        digits = str(yuan)
        units = ["", "拾", "佰", "仟"]
        groups = ["", "万", "亿", "万亿"]
        previous_zero = False
        n = len(digits)
        for i, ch in enumerate(digits):
            pos = n - 1 - i
            d = int(ch)
            if d == 0:
                previous_zero = True
            else:
                if previous_zero and pos % 4 != 3:
                    out += "零"
                previous_zero = False
                out += _DIGITS[d] + units[pos % 4]
            if pos % 4 == 0 and pos and int(digits[max(0, i - 3) : i + 1]):
                out += groups[pos // 4]
        out += "元"
    if jiao:
        out += _DIGITS[jiao] + "角"
    if fen_digit:
        if yuan and not jiao:
            out += "零"
        out += _DIGITS[fen_digit] + "分"
    if not out:
        return "零元整"
    return out if fen_digit else out + "整"


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**14))
def test_in_words_agrees_with_an_independent_writer(fen):
    assert in_words(fen_to_yuan(fen), prefix="") == _reference_words(fen)


def test_to_fen_and_back():
    assert to_fen(Decimal("12.30")) == 1230
    assert to_fen("12,345.60") == 1234560
    assert to_fen("￥1,000") == 100000
    assert to_fen(Decimal("0")) == 0
    assert fen_to_yuan(1230) == Decimal("12.30")
    assert str(fen_to_yuan(5)) == "0.05"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_fen_round_trip(fen):
    assert to_fen(fen_to_yuan(fen)) == fen
    assert to_fen(format_yuan(fen_to_yuan(fen))) == fen


@pytest.mark.parametrize("bad", [1.5, "12.345", "abc", "", "NaN", "Infinity", Decimal("0.001"), True, 5, None])
def test_to_fen_refuses_what_is_not_money(bad):
    with pytest.raises(MoneyError):
        to_fen(bad)


def test_fen_to_yuan_wants_an_integer():
    with pytest.raises(MoneyError):
        fen_to_yuan(12.0)  # type: ignore[arg-type]


def test_format_yuan():
    assert format_yuan(Decimal("12345.6")) == "12,345.60"
    assert format_yuan(Decimal("0")) == "0.00"
    assert format_yuan(Decimal("1000000.01")) == "1,000,000.01"
    assert format_yuan(Decimal("-5")) == "-5.00"


def test_in_words_refuses_negative_and_fractions_of_a_fen():
    with pytest.raises(MoneyError):
        in_words(Decimal("-1"))
    with pytest.raises(MoneyError):
        in_words(Decimal("1.005"))


# --- working days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 9, 28), True),  # Sunday, 调休 for 国庆/中秋 2025
        (D(2025, 9, 30), True),
        (D(2025, 10, 1), False),  # 国庆
        (D(2025, 10, 8), False),  # 中秋 joined to 国庆 in 2025
        (D(2025, 10, 11), True),  # Saturday, 调休
        (D(2025, 10, 12), False),  # plain Sunday
        (D(2026, 9, 20), True),  # Sunday, 调休 for 国庆 2026
        (D(2026, 9, 25), False),  # 中秋 2026 (Friday)
        (D(2026, 10, 7), False),
        (D(2026, 10, 10), True),  # Saturday, 调休
        (D(2026, 2, 14), True),  # Saturday, 调休 for 春节 2026
        (D(2026, 2, 16), False),  # 春节
    ],
)
def test_is_working_day_knows_holidays_and_make_up_days(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 9, 30), 0, D(2025, 9, 30)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # the whole 国庆/中秋 break is skipped
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # …and the 调休 Saturday counts
        (D(2025, 9, 30), 5, D(2025, 10, 14)),
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Friday → the 调休 Sunday
        (D(2025, 10, 1), 1, D(2025, 10, 9)),  # accepted on a holiday: day 1 is still "next working day"
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # 中秋 Friday + weekend
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 20, D(2026, 11, 3)),
    ],
)
def test_add_working_days_over_real_holidays(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_accepts_a_datetime_as_its_day():
    assert add_working_days(dt.datetime(2025, 9, 30, 23, 59), 1) == D(2025, 10, 9)


@pytest.mark.parametrize("bad", [-1, 1.0, True, 10_000])
def test_add_working_days_refuses_bad_counts(bad):
    with pytest.raises((ValueError, TypeError)):
        add_working_days(D(2025, 9, 30), bad)


def test_a_year_the_calendar_does_not_know_is_an_error_naming_it():
    first, last = known_years()
    with pytest.raises(CalendarUnknownYear) as info:
        is_working_day(D(last + 1, 1, 5))
    assert info.value.year == last + 1
    assert str(last + 1) in str(info.value)
    with pytest.raises(CalendarUnknownYear) as info:
        add_working_days(D(last, 12, 20), 30)  # runs into the unknown year: no guessing
    assert info.value.year == last + 1
    with pytest.raises(CalendarUnknownYear) as info:
        is_working_day(D(first - 1, 6, 1))
    assert info.value.year == first - 1


def test_the_calendar_knows_this_and_next_year():
    first, last = known_years()
    assert first <= 2025 and last >= 2026


@settings(deadline=None, max_examples=60)
@given(st.dates(min_value=D(2025, 1, 1), max_value=D(2026, 10, 31)), st.integers(min_value=0, max_value=40))
def test_working_days_between_inverts_add(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert n == 0 or is_working_day(end)
