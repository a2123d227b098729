"""A declared fact's value on a date (kuaixiang_core.domain.rules.facts.values_on): the rule
the client's matching and the server's re-evaluation share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kuaixiang_core.domain.rules.facts import FactSpec, values_on

DECLARED = {
    "layoff_rate": FactSpec("layoff_rate", "percent", "裁员率"),
    "cert_date": FactSpec("cert_date", "date", "认定日期"),
    "exporter": FactSpec("exporter", "bool", "出口企业"),
}
DAY = dt.date(2025, 6, 1)


def test_the_latest_value_on_or_before_the_day_wins_in_any_order():
    rows = [("layoff_rate", dt.date(2025, 6, 2), "9"), ("layoff_rate", dt.date(2024, 1, 1), "5"),
            ("layoff_rate", dt.date(2025, 6, 1), "3"), ("layoff_rate", dt.date(2025, 1, 1), "4")]
    assert values_on(rows, DAY, DECLARED) == {"layoff_rate": Decimal(3)}
    assert values_on(list(reversed(rows)), DAY, DECLARED) == {"layoff_rate": Decimal(3)}
    assert values_on(rows, dt.date(2023, 12, 31), DECLARED) == {}


def test_stored_text_dates_read_like_dates():
    rows = [("cert_date", "2024-03-01", "2024-02-20"), ("cert_date", "2025-07-01", "2025-06-30")]
    assert values_on(rows, DAY, DECLARED) == {"cert_date": dt.date(2024, 2, 20)}


def test_an_unreadable_value_is_missing_and_an_undeclared_fact_is_left_out():
    rows = [("exporter", DAY, "perhaps"), ("unheard_of", DAY, "1"), ("layoff_rate", DAY, "x%")]
    assert values_on(rows, DAY, DECLARED) == {"exporter": None, "layoff_rate": None}
