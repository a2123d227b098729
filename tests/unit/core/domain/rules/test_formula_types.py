"""Formulas are typed when parsed (issue 15, item 8): what parses cannot fail at evaluation.

The property: any formula over facts of every declared type is either refused at parse with
a FormulaError naming a column inside the text, or evaluates — for any enterprise values of
the facts' types, missing ones included — to an amount in 分 or to no amount, never raising.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain.rules.facts import BUILTIN_FACTS, SIZE_CLASS_NAMES, FactSpec
from kuaixiang_core.domain.rules.formula import FormulaError, FormulaTypeError, parse_formula

FACTS: dict[str, FactSpec] = {
    **BUILTIN_FACTS,  # number, money, date, bool, text, size class and the tags list
    "share": FactSpec("share", "percent", "占比"),
    "first_cert": FactSpec("first_cert", "bool", "首次认定"),
    "certified_on": FactSpec("certified_on", "date", "认定日期"),
    "level": FactSpec("level", "text", "等级"),
    "products": FactSpec("products", "list", "产品"),
}
NAMES = sorted(FACTS)

# Any finite Decimal, and the extremes of its exponent range (a product of two overflows).
_decimals = st.one_of(st.decimals(allow_nan=False, allow_infinity=False),
                      st.sampled_from([Decimal("1E+999990"), Decimal("-9.9E+999998"), Decimal("1E-999990")]))
_VALUE_OF_TYPE = {
    "number": st.one_of(_decimals, st.integers(-10**30, 10**30)),
    "money": _decimals,
    "percent": _decimals,
    "date": st.one_of(st.dates(), st.datetimes()),
    "bool": st.booleans(),
    "text": st.text(max_size=6),
    "list": st.lists(st.text(max_size=4), max_size=3).map(tuple),
}
_SIZE_VALUES = st.sampled_from([*SIZE_CLASS_NAMES, *SIZE_CLASS_NAMES.values(), "", "huge"])


def _value(spec: FactSpec):
    typed = _SIZE_VALUES if spec.name == "size_class" else _VALUE_OF_TYPE[spec.type]
    # None and a value of the wrong kind (a float slipped in) are both "the record lacks it".
    return st.one_of(st.none(), typed, st.floats(allow_nan=True))


ENTERPRISES = st.fixed_dictionaries({}, optional={name: _value(spec) for name, spec in FACTS.items()})

_LITERALS = st.one_of(
    st.sampled_from(["0", "1", "2.5", "100000", "8", "9", "true", "false"]),
    st.sampled_from(["'2025-01-01'", "'2025-13-01'", "'20250101'", "'大型'", "'large'", "'micro'", "'特大'",
                     "'true'", "'是'", "'x'", "''", "'100'", "'国家'"]),
)
_ATOMS = st.one_of(st.sampled_from(NAMES), _LITERALS)


def _combine(inner):
    binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "and", "or"]),
                       inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}")
    return st.one_of(
        binary,
        inner.map(lambda a: f"({a})"),
        inner.map(lambda a: f"-{a}"),
        inner.map(lambda a: f"not {a}"),
        st.tuples(inner, inner, inner).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, inner).map(lambda t: f"round({t[0]}, {t[1]})"),
    )


FORMULAS = st.recursive(_ATOMS, _combine, max_leaves=8)


def _check(source: str, enterprises: list[dict]) -> None:
    try:
        formula = parse_formula(source, FACTS)
    except FormulaError as exc:
        event("refused at parse")
        assert exc.message and 1 <= exc.column <= len(source) + 1, (source, exc.column)
        assert f"（第 {exc.column} 个字符）" in str(exc)
        return
    event("accepted")
    for values in enterprises:
        result = formula.evaluate(values)  # never raises
        assert result is None or (isinstance(result, Decimal) and result.as_tuple().exponent == -2), (source, values)


@settings(max_examples=800, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(FORMULAS, st.lists(ENTERPRISES, min_size=1, max_size=4))
def test_any_formula_is_refused_at_parse_or_evaluates_to_an_amount_or_none(source, enterprises):
    _check(source, enterprises)


_NUMERIC = sorted(n for n, f in FACTS.items() if f.type in ("number", "money", "percent"))
_ARITHMETIC = st.recursive(
    st.one_of(st.sampled_from(_NUMERIC), st.sampled_from(["0", "2", "0.5", "99999999999"])),
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(inner, st.sampled_from(["0", "2", "8"])).map(lambda t: f"round({t[0]}, {t[1]})"),
    ),
    max_leaves=6,
)
_NUMBERS = st.fixed_dictionaries({n: st.one_of(st.none(), _decimals, st.integers()) for n in _NUMERIC})


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ARITHMETIC, st.lists(_NUMBERS, min_size=1, max_size=4))
def test_arithmetic_over_any_numbers_gives_an_amount_or_none(source, enterprises):
    # Division by zero, the extremes of Decimal's range (Overflow is no InvalidOperation) and
    # amounts too long to hold to 分 are all no amount.
    _check(source, enterprises)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([
        "if(first_cert == true, 150000, 100000)",
        "if(certified_on >= '2025-01-01', share * revenue, 0)",
        "if(size_class == 'large', employees * 100, if(size_class == 'micro', 5000, 0))",
        "if(level == '国家' and not dishonest, min(revenue * 0.1, 500000), round(total_assets / 3, 2))",
        "max(round(employees - insured_employees * 0.015, 0), 0) * 3000",
        "if(established < certified_on or age_years > 3, registered_capital / employees, 1)",
    ]),
    st.lists(ENTERPRISES, min_size=1, max_size=8),
)
def test_well_typed_formulas_evaluate_for_any_values_of_their_types(source, enterprises):
    parse_formula(source, FACTS)  # accepted
    _check(source, enterprises)


def test_the_generator_reaches_both_outcomes():
    # The property above is not vacuous: generated formulas of both kinds exist.
    accepted = ["if(first_cert, 1, 2) + employees", "min(revenue, share) * 2"]
    refused = ["if(first_cert == 'true', 1, 2)", "employees + level", "if(products == 'x', 1, 2)"]
    for source in accepted:
        parse_formula(source, FACTS)
    for source in refused:
        try:
            parse_formula(source, FACTS)
        except FormulaTypeError:
            continue
        raise AssertionError(source)


def test_the_issue_examples_now_work_or_are_refused():
    cert = parse_formula("if(certified_on >= '2025-01-01', 150000, 100000)", FACTS)
    assert cert.evaluate({"certified_on": dt.date(2025, 1, 1)}) == Decimal("150000.00")
    assert cert.evaluate({"certified_on": dt.date(2024, 12, 31)}) == Decimal("100000.00")
    size = parse_formula("if(size_class == 'large', 1, 2)", FACTS)
    assert size.evaluate({"size_class": "large"}) == Decimal("1.00")  # the code the engine holds
    assert size.evaluate({"size_class": "small"}) == Decimal("2.00")
    try:
        parse_formula("if(size_class == '大型', 1, 2)", FACTS)  # was silently always the else branch
    except FormulaTypeError as exc:
        assert "'大型'」请写作 'large'" in exc.message
    else:
        raise AssertionError("accepted a size class compared with its Chinese name")
    try:
        parse_formula("if(first_cert == 'true', 150000, 100000)", FACTS)
    except FormulaTypeError as exc:
        assert exc.column == 18 and "first_cert == true" in exc.message
    else:
        raise AssertionError("accepted a bool compared with 'true'")
