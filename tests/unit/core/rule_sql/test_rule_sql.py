"""The SQL form of a rule (kuaixiang_core.rule_sql) agrees with the Python evaluator (domain.rules.evaluate).

``SELECT e.credit_code FROM enterprise e WHERE <compile_rule(...)>`` must return exactly the
enterprises whose verdict is ``eligible``: 政策找企业 (reach) and 智能匹配 (match) may never
tell a clerk two different stories. The property tests generate random populations and random
rule trees over every fact kind and every operator, with values on and next to the
enterprises' own values; the plain tests pin each operator and the edge cases by hand.

Beyond the contract (the WHERE set) the tests also hold the SQL condition's own three-valued
answer (1 / 0 / NULL) to the Python verdict (eligible / ineligible / unknown).

Every test runs on SQLite (the client) and on PostgreSQL (the server): ``backend``, conftest.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from sqlalchemy import text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import KNOWN_TAGS, EnterpriseRecord, FactValue, Tag
from kuaixiang_core.domain.rules.evaluate import CompiledRule
from kuaixiang_core.domain.rules.facts import BUILTIN_FACTS, FactSpec, coerce
from kuaixiang_core.domain.rules.tree import parse_rule
from kuaixiang_core.domain.size_class import THRESHOLDS, industry_group, section_of
from kuaixiang_core.rule_sql.compiler import compile_rule
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import enterprise_facts
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import FactDefinition
from kuaixiang_desktop.store.policies import declared_facts

# --------------------------------------------------------------------------------------------
# The world the tests draw from
# --------------------------------------------------------------------------------------------

# Liaocheng's county-level units, and 茌平县's code from before 2019 (older licences carry it).
COUNTIES = ("371502", "371503", "371521", "371522", "371524", "371525", "371526", "371581", "371523")

# Declared facts the test adds to the four every client ships (resources/reference/facts.json).
EXTRA_FACTS = (
    ("has_export", "bool", "有进出口实绩"),
    ("certified_on", "date", "认定日期"),
    ("park", "text", "所在园区"),
    ("products", "list", "主要产品"),
)
SHIPPED_FACTS = ("insured_months", "layoff_rate", "unemployment_premium_paid", "rd_expense")
DECLARED_NAMES = SHIPPED_FACTS + tuple(name for name, _, _ in EXTRA_FACTS)

PARKS = ("高新区", "经济开发区", "东昌府工业园", "江北水城旅游度假区")
PRODUCTS = ("轴承", "钢球", "纺织品", "农机")
REG_TYPES = ("有限责任公司", "股份有限公司", "个人独资企业", "个体工商户")
TAGS = KNOWN_TAGS[:4]

# Every valid 4-digit class code the size-class table resolves, across all sections A–T, and
# the shorter forms enterprise_import also stores: a section letter, a division, a group.
INDUSTRY_CODES = tuple(
    code
    for code in (f"{d:02d}{m:02d}" for d in range(1, 98) for m in (10, 11, 20, 40, 90, 99))
    if industry_group(code) is not None
)
SHORT_INDUSTRY_CODES = tuple(
    code
    for code in (*"ABCDEFGHIJKLMNOPQRST", *(f"{d:02d}" for d in range(1, 98)), "591", "599", "701", "704", "341")
    if industry_group(code) is not None or section_of(code) is not None
)

# Month-days that make anniversaries and leap days likely to meet.
_MONTH_DAYS = ((1, 1), (2, 28), (2, 29), (3, 1), (6, 29), (6, 30), (7, 1), (12, 31))


def _dates(years: range) -> tuple[dt.date, ...]:
    out = []
    for y in years:
        for m, d in _MONTH_DAYS:
            try:
                out.append(dt.date(y, m, d))
            except ValueError:  # 29 February of a common year
                pass
    return tuple(out)


AS_OF_DATES = _dates(range(2023, 2027))
NEAR_DATES = _dates(range(2022, 2028))  # tag validity, declared facts' valid_on, date facts
ESTABLISHED_DATES = _dates(range(1996, 2027))

_EMPLOYEE_LIMITS = sorted({int(v) for g in THRESHOLDS.values() for k, lim in g.items() if k == "employees" for v in lim})
_WAN_LIMITS = sorted({Decimal(v) for g in THRESHOLDS.values() for k, lim in g.items() if k != "employees" for v in lim})
EMPLOYEE_ANCHORS = tuple(sorted({0, 1, *_EMPLOYEE_LIMITS, *(v - 1 for v in _EMPLOYEE_LIMITS if v)}))
FEN_ANCHORS = tuple(
    sorted({0, 1, *(int(w * 1_000_000) + delta for w in _WAN_LIMITS for delta in (-1, 0, 1))} - {-1})
)
LAYOFF_RATES = ("0", "0.01", "5", "5.49", "5.5", "5.51", "19.99", "20", "20.01", "100")
PREMIUMS = ("0.00", "0.01", "9999.99", "10000.00", "10000.01", "123456.78", "500000.00")

_HUNDRED = Decimal(100)


# --------------------------------------------------------------------------------------------
# Choosing: the same generators serve a seeded random.Random and hypothesis' data.draw
# --------------------------------------------------------------------------------------------


class _Seeded:
    def __init__(self, seed: int | random.Random):
        self._r = seed if isinstance(seed, random.Random) else random.Random(seed)

    def choice(self, seq):
        return self._r.choice(list(seq))

    def chance(self, percent: int) -> bool:
        return self._r.randrange(100) < percent

    def integer(self, lo: int, hi: int) -> int:
        return self._r.randint(lo, hi)


class _Drawn:
    def __init__(self, data):
        self._data = data

    def choice(self, seq):
        return self._data.draw(st.sampled_from(list(seq)))

    def chance(self, percent: int) -> bool:
        return self._data.draw(st.integers(0, 99)) < percent

    def integer(self, lo: int, hi: int) -> int:
        return self._data.draw(st.integers(lo, hi))


def _maybe(c, percent_none: int, make):
    return None if c.chance(percent_none) else make()


def _fen(c) -> int:
    if c.chance(60):
        return c.choice(FEN_ANCHORS)
    return c.integer(0, 50_000_000_000)


def _declared_value(c, name: str) -> str:
    """A canonical stored value (as enterprise_import writes it) of a declared fact."""
    if name == "insured_months":
        return c.choice(("0", "6", "11", "12", "13", "24", "36", "12.5")) if c.chance(70) else str(c.integer(0, 120))
    if name == "layoff_rate":
        return c.choice(LAYOFF_RATES)
    if name in ("unemployment_premium_paid", "rd_expense"):
        return c.choice(PREMIUMS) if c.chance(60) else f"{Decimal(c.integer(0, 100_000_000)) / _HUNDRED:.2f}"
    if name == "has_export":
        return c.choice(("true", "false"))
    if name == "certified_on":
        return c.choice(NEAR_DATES).isoformat()
    if name == "park":
        return c.choice(PARKS)
    if name == "products":
        return json.dumps([p for p in PRODUCTS if c.chance(40)], ensure_ascii=False)
    raise AssertionError(name)


def make_record(c, i: int) -> EnterpriseRecord:
    individual = c.chance(25)
    region = c.choice(COUNTIES)
    code = make_uscc(f"{'92' if individual else '91'}{region}{i:09d}")
    tags = []
    for _ in range(c.integer(0, 3)):
        tags.append(
            Tag(
                c.choice(TAGS),
                _maybe(c, 40, lambda: c.choice(NEAR_DATES)),
                _maybe(c, 40, lambda: c.choice(NEAR_DATES)),
            )
        )
    facts = []
    for name in DECLARED_NAMES:
        if c.chance(25):
            continue  # this enterprise has no value of the fact at all
        for day in {c.choice(NEAR_DATES) for _ in range(c.integer(1, 3))}:
            facts.append(FactValue(name, _declared_value(c, name), day))
    return EnterpriseRecord(
        credit_code=code,
        name=f"测试企业{i}",
        region_code=region,
        industry_code=_maybe(c, 15, lambda: c.choice(INDUSTRY_CODES if c.chance(80) else SHORT_INDUSTRY_CODES)),
        reg_type=_maybe(c, 30, lambda: c.choice(REG_TYPES)),
        established=_maybe(c, 15, lambda: c.choice(ESTABLISHED_DATES)),
        registered_capital_fen=_maybe(c, 20, lambda: _fen(c)),
        employees=_maybe(c, 20, lambda: c.choice(EMPLOYEE_ANCHORS) if c.chance(60) else c.integer(0, 3000)),
        insured_employees=_maybe(c, 20, lambda: c.choice(EMPLOYEE_ANCHORS) if c.chance(60) else c.integer(0, 3000)),
        revenue_fen=_maybe(c, 20, lambda: _fen(c)),
        total_assets_fen=_maybe(c, 20, lambda: _fen(c)),
        tax_credit_rating=_maybe(c, 25, lambda: c.choice("ABMCD")),
        dishonest=c.chance(20),
        tags=tags,
        facts=facts,
    )


# --------------------------------------------------------------------------------------------
# Rules: random trees whose leaf values sit on and beside the population's own values
# --------------------------------------------------------------------------------------------

_ORDERED_OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "between")
_EQUALITY_OPS = ("==", "!=", "in", "not_in")


def value_pools(records: list[EnterpriseRecord], declared: dict[str, FactSpec]) -> dict[str, list]:
    """For every fact, the engine-typed values the population holds (plus a few beyond)."""
    pools: dict[str, set] = {name: set() for name in (*BUILTIN_FACTS, *DECLARED_NAMES)}

    def money(fen):
        return None if fen is None else Decimal(fen) / _HUNDRED

    for r in records:
        for name, value in (
            ("employees", None if r.employees is None else Decimal(r.employees)),
            ("insured_employees", None if r.insured_employees is None else Decimal(r.insured_employees)),
            ("revenue", money(r.revenue_fen)),
            ("total_assets", money(r.total_assets_fen)),
            ("registered_capital", money(r.registered_capital_fen)),
            ("established", r.established),
            ("region_code", r.region_code),
            ("industry_code", r.industry_code),
            ("industry_section", section_of(r.industry_code)),
            ("industry_division", r.industry_code[:2] if r.industry_code and r.industry_code[:2].isdigit() else None),
            ("reg_type", r.reg_type),
            ("tax_credit_rating", r.tax_credit_rating),
        ):
            if value is not None:
                pools[name].add(value)
        pools["tags"].update(t.tag for t in r.tags)
        for f in r.facts:
            spec = declared[f.name]
            value = coerce(spec.type, f.value)
            if spec.type == "list":
                pools[f.name].update(value)  # type: ignore[arg-type]
            else:
                pools[f.name].add(value)
    pools["age_years"] = {Decimal(n) for n in range(0, 32)}
    pools["size_class"] = {"large", "medium", "small", "micro"}
    for name in ("is_individual", "dishonest", "has_export"):
        pools[name] = {True, False}
    pools["tags"].add("瞪羚企业")  # a tag nobody holds
    pools["products"].update(PRODUCTS)
    for name in ("region_code", "industry_code", "industry_section", "industry_division", "reg_type",
                 "tax_credit_rating", "park"):
        pools[name].add({"industry_section": "U", "industry_division": "99"}.get(name, "不存在"))
    defaults = {"number": Decimal(12), "money": Decimal("10000.00"), "percent": Decimal("5.5"), "date": dt.date(2024, 6, 30)}
    for name, values in pools.items():
        spec = BUILTIN_FACTS.get(name) or declared[name]
        if not values and spec.type in defaults:
            values.add(defaults[spec.type])
    return {name: sorted(values, key=repr) for name, values in pools.items()}


_STEPS = {
    "number": (Decimal(0), Decimal(0), Decimal(1), Decimal(-1), Decimal("0.5"), Decimal("-0.5")),
    "money": (Decimal(0), Decimal(0), Decimal("0.01"), Decimal("-0.01"), Decimal(1), Decimal("0.005")),
    "percent": (Decimal(0), Decimal(0), Decimal("0.01"), Decimal("-0.01"), Decimal("0.1"), Decimal(-1)),
}


def _near(c, spec: FactSpec, pool: list):
    base = c.choice(pool)
    if spec.type in _STEPS:
        return base + c.choice(_STEPS[spec.type])
    if spec.type == "date":
        return base + dt.timedelta(days=c.choice((0, 0, 1, -1, 365, -365)))
    return base


def _as_written(spec: FactSpec, value):
    """The value as a catalogue author would write it (YAML gives int, float, date, str)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else value
    if isinstance(value, dt.date) and spec.name == "certified_on":
        return value.isoformat()  # declared dates as quoted text: coerce reads both
    return value


def make_leaf(c, pools: dict[str, list], known: dict[str, FactSpec]) -> dict:
    name = c.choice(sorted(known))
    spec = known[name]
    pool = pools[name]
    if spec.type == "list":
        return {"fact": name, "op": "has", "value": c.choice(pool)}
    op = c.choice(_ORDERED_OPS if spec.type in _STEPS or spec.type == "date" else _EQUALITY_OPS)
    if op == "between":
        low, high = sorted((_near(c, spec, pool), _near(c, spec, pool)))
        value: object = [_as_written(spec, low), _as_written(spec, high)]
    elif op in ("in", "not_in"):
        value = [_as_written(spec, _near(c, spec, pool)) for _ in range(c.integer(1, 3))]
    else:
        value = _as_written(spec, _near(c, spec, pool))
    return {"fact": name, "op": op, "value": value}


def make_rule(c, pools: dict[str, list], known: dict[str, FactSpec], depth: int = 4) -> dict:
    kind = "leaf" if depth == 0 else c.choice(("leaf", "leaf", "all", "any", "not"))
    if kind == "leaf":
        return make_leaf(c, pools, known)
    if kind == "not":
        return {"not": make_rule(c, pools, known, depth - 1)}
    return {kind: [make_rule(c, pools, known, depth - 1) for _ in range(c.integer(1, 3))]}


# --------------------------------------------------------------------------------------------
# The two sides
# --------------------------------------------------------------------------------------------


def add_fact_definitions(db) -> dict[str, FactSpec]:
    """Declare the test's facts; returns every declared fact of the database (facts.json may
    ship more than the four the test fills in: those stay unknown for every enterprise)."""
    with db.sessions.begin() as session:
        for name, kind, label in EXTRA_FACTS:
            if session.get(FactDefinition, name) is None:
                session.add(FactDefinition(name=name, type=kind, label=label, declared_by="test_rule_sql"))
    with db.sessions() as session:
        declared = declared_facts(session)
    for name, kind, _ in EXTRA_FACTS:
        assert declared[name].type == kind, declared[name]
    return declared


@contextlib.contextmanager
def scratch_db():
    """A fresh client database outside pytest's function-scoped ``db`` fixture."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_client_db(Path(tmp) / "client.sqlite3")
        try:
            yield db
        finally:
            db.close()


def load(db, records: list[EnterpriseRecord]) -> None:
    with db.engine.begin() as conn:
        write_enterprises(conn, records)


class World:
    """A loaded population and both ways of asking it; Python facts cached per (code, as_of).
    The Python side reads the client database ``db``; the SQL runs on ``backend``'s."""

    def __init__(self, db, records: list[EnterpriseRecord], declared: dict[str, FactSpec], backend):
        self.db = db
        self.backend = backend
        self.schema = backend.load(records) if backend.name == "postgresql" else None
        self.records = records
        self.codes = [r.credit_code for r in records]
        self.declared = declared
        # Rules talk about the built-in facts and the declared facts the population fills in.
        self.known = {**BUILTIN_FACTS, **{name: declared[name] for name in DECLARED_NAMES}}
        self.pools = value_pools(records, declared)
        self._facts: dict[tuple[str, dt.date], object] = {}
        # Definitions and parameters the rules may name (test_rule_sql_expressions).
        self.scope = None

    def sql(self, query: str, params: dict) -> list:
        if self.schema is not None:
            return self.backend.query(self.schema, query, params)
        with self.db.engine.connect() as conn:
            return conn.execute(text(query), params).all()

    def compile(self, node, as_of: dt.date, **kw):
        # The server's applications name their enterprise by credit code (history conditions).
        by = "credit_code" if self.backend.name == "postgresql" else "enterprise_id"
        return compile_rule(node, as_of, dialect=self.backend.dialect, fact_column=self.backend.fact_column,
                            applications_by=by, **kw)

    def facts(self, conn, code: str, as_of: dt.date):
        key = (code, as_of)
        if key not in self._facts:
            self._facts[key] = enterprise_facts(conn, code, as_of, self.declared)
        return self._facts[key]

    def check_both(self, rule: dict, as_of: dt.date) -> None:
        """The rule and its negation: together their WHERE sets pin all three answers (the
        enterprises SQL keeps for ``not rule`` are exactly the Python-ineligible ones)."""
        verdicts = self.check(rule, as_of)
        negated = self.check({"not": rule}, as_of)
        flip = {"eligible": "ineligible", "ineligible": "eligible", "unknown": "unknown"}
        assert all(negated[code] == flip[v] for code, v in verdicts.items())

    def check(self, rule: dict, as_of: dt.date) -> dict[str, str]:
        """Assert SQL and Python agree on ``rule``; return the Python verdict per enterprise."""
        node = parse_rule(rule, self.declared, scope=self.scope)
        compiled = CompiledRule(node)
        condition, params = self.compile(node, as_of)
        selected = {r[0] for r in self.sql(f"SELECT e.credit_code FROM enterprise e WHERE {condition}", params)}
        three_valued = dict(self.sql(f"SELECT e.credit_code, ({condition}) FROM enterprise e", params))
        with self.db.engine.connect() as conn:
            verdicts = {code: compiled.verdict(self.facts(conn, code, as_of))[0] for code in self.codes}
        eligible = {code for code, v in verdicts.items() if v == "eligible"}
        # The per-row form (few_rows=True: declared facts read per enterprise) must select the same.
        per_row_condition, per_row_params = self.compile(node, as_of, few_rows=True)
        per_row = {r[0] for r in self.sql(f"SELECT e.credit_code FROM enterprise e WHERE {per_row_condition}",
                                          per_row_params)}
        if per_row != eligible:
            raise AssertionError(self._explain("per-row WHERE set differs from Python eligible set", rule, as_of,
                                               per_row ^ eligible, per_row, verdicts, three_valued))
        if selected != eligible:
            raise AssertionError(self._explain("WHERE set differs from Python eligible set", rule, as_of,
                                               selected ^ eligible, selected, verdicts, three_valued))
        # Outside any ``not`` the compiler may give FALSE where the exact answer is NULL (only
        # TRUE matters there), never more: false <= unknown <= true, SQL at most Python.
        rank = {"ineligible": 0, "unknown": 1, "eligible": 2}
        sql_rank = {code: 1 if v is None else 2 if v else 0 for code, v in three_valued.items()}
        above = {code for code in self.codes if sql_rank[code] > rank[verdicts[code]]}
        if above:
            raise AssertionError(self._explain("SQL's three-valued answer exceeds the Python verdict", rule, as_of,
                                               above, selected, verdicts, three_valued))
        if currently_in_test_context():  # what the examples were like: --hypothesis-show-statistics
            self._events(verdicts)
        return verdicts

    @staticmethod
    def _events(verdicts: dict[str, str]) -> None:
        counts = {v: sum(1 for x in verdicts.values() if x == v) for v in ("eligible", "ineligible", "unknown")}
        event("eligible: " + ("none" if not counts["eligible"] else "all" if counts["eligible"] == len(verdicts) else "some"))
        event("unknown: " + ("none" if not counts["unknown"] else "some"))

    def _explain(self, what, rule, as_of, codes, selected, verdicts, three_valued) -> str:
        lines = [f"{what}", f"rule = {rule!r}", f"as_of = {as_of}"]
        with self.db.engine.connect() as conn:
            for code in sorted(codes):
                facts = self.facts(conn, code, as_of)
                shown = {k: v for k, v in facts.values.items() if v is not None}  # type: ignore[attr-defined]
                lines.append(
                    f"  {code}: SQL selects={code in selected} SQL value={three_valued.get(code)!r} "
                    f"Python={verdicts[code]} facts={shown} tags={facts.tags}"  # type: ignore[attr-defined]
                )
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------------------------


@pytest.fixture
def fixed_world(db, backend):
    """Sixty seeded enterprises loaded once; hypothesis draws rules against them."""
    declared = add_fact_definitions(db)
    chooser = _Seeded(20240630)
    records = [make_record(chooser, i) for i in range(1, 61)]
    load(db, records)
    return World(db, records, declared, backend)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_sql_agrees_with_python_on_random_rules(fixed_world, data):
    c = _Drawn(data)
    rule = make_rule(c, fixed_world.pools, fixed_world.known)
    as_of = c.choice(AS_OF_DATES)
    fixed_world.check_both(rule, as_of)


@pytest.fixture(scope="module")
def template_db_path():
    """A migrated database with the test's fact definitions, copied for each drawn population."""
    with scratch_db() as db:
        add_fact_definitions(db)
        yield db.path


def _fresh_copy(template: Path, directory: str):
    path = Path(directory) / "client.sqlite3"
    src, dst = sqlite3.connect(template), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return open_client_db(path)


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_sql_agrees_with_python_on_random_populations(template_db_path, backend, data):
    c = _Drawn(data)
    size = data.draw(st.integers(30, 60), label="enterprises")
    # The population comes from one drawn seed (drawing each of its ~3,000 choices through
    # hypothesis would cost most of the time budget); rules and dates are drawn and shrunk.
    seeded = _Seeded(data.draw(st.randoms(use_true_random=True), label="population"))
    records = [make_record(seeded, i) for i in range(1, size + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        db = _fresh_copy(template_db_path, tmp)
        try:
            with db.sessions() as session:
                declared = declared_facts(session)
            load(db, records)
            world = World(db, records, declared, backend)
            dates = [c.choice(AS_OF_DATES) for _ in range(2)]  # Python facts are read once per date
            for _ in range(8):
                world.check_both(make_rule(c, world.pools, world.known), c.choice(dates))
        finally:
            db.close()


# --------------------------------------------------------------------------------------------
# Hand-made: three enterprises, each operator on each fact kind
# --------------------------------------------------------------------------------------------

AS_OF = dt.date(2024, 6, 30)
LOW, HIGH, NONE = "low", "high", "none"  # the enterprise with the lower value, the higher, none


def _code(n: int, individual: bool = False) -> str:
    return make_uscc(f"{'92' if individual else '91'}371502{n:09d}")


CODES = {LOW: _code(1), HIGH: _code(2, individual=True), NONE: _code(3)}


def _three_records() -> list[EnterpriseRecord]:
    y = dt.date(2023, 12, 31)
    low = EnterpriseRecord(
        credit_code=CODES[LOW], name="低值企业", region_code="371502", industry_code="3451", reg_type="有限责任公司",
        established=dt.date(2014, 6, 30),  # the tenth anniversary falls on the as-of date
        registered_capital_fen=100_000_000, employees=10, insured_employees=8,
        revenue_fen=123_456, total_assets_fen=10_000_000, tax_credit_rating="A", dishonest=False,
        tags=[Tag("高新技术企业", dt.date(2023, 1, 1), AS_OF)],  # valid to the as-of date itself
        facts=[
            FactValue("insured_months", "11", y), FactValue("layoff_rate", "5.5", y),
            FactValue("unemployment_premium_paid", "10000.00", y), FactValue("rd_expense", "0.00", y),
            FactValue("has_export", "false", y), FactValue("certified_on", "2024-01-01", y),
            FactValue("park", "东昌府工业园", y), FactValue("products", '["轴承"]', y),
        ],
    )
    high = EnterpriseRecord(
        credit_code=CODES[HIGH], name="高值个体户", region_code="371581", industry_code="5211", reg_type="个体工商户",
        established=dt.date(2014, 7, 1),  # a day short of ten years on the as-of date
        registered_capital_fen=100_000_001, employees=20, insured_employees=12,
        revenue_fen=123_457, total_assets_fen=10_000_001, tax_credit_rating="B", dishonest=True,
        tags=[Tag("高新技术企业", dt.date(2021, 1, 1), dt.date(2024, 6, 29))],  # expired the day before
        facts=[
            FactValue("insured_months", "12", y), FactValue("layoff_rate", "5.51", y),
            FactValue("unemployment_premium_paid", "10000.01", y), FactValue("rd_expense", "0.01", y),
            FactValue("has_export", "true", y), FactValue("certified_on", "2024-01-02", y),
            FactValue("park", "高新区", y), FactValue("products", '["轴承", "钢球"]', y),
        ],
    )
    none = EnterpriseRecord(
        credit_code=CODES[NONE], name="无数据企业", region_code="371503",
        tags=[Tag("高新技术企业", dt.date(2024, 7, 1), None)],  # not yet valid
        facts=[FactValue("insured_months", "24", dt.date(2024, 7, 1))],  # only after the as-of date
    )
    return [low, high, none]


@pytest.fixture(scope="module")
def three(backend):
    with scratch_db() as db:
        declared = add_fact_definitions(db)
        records = _three_records()
        load(db, records)
        yield World(db, records, declared, backend)


# fact -> (value of LOW, value of HIGH), as a catalogue writes them; NONE lacks the fact.
ORDERED_FACTS = {
    "employees": (10, 20),                                   # number, column
    "insured_months": (11, 12),                               # number, declared
    "revenue": (1234.56, 1234.57),                            # money, column (fen)
    "unemployment_premium_paid": (10000, 10000.01),           # money, declared
    "rd_expense": (Decimal("0.00"), Decimal("0.01")),         # money, declared, as Decimal
    "layoff_rate": (5.5, 5.51),                               # percent, declared
    "established": (dt.date(2014, 6, 30), dt.date(2014, 7, 1)),  # date, column
    "certified_on": ("2024-01-01", "2024-01-02"),             # date, declared
}
# (op, value from (low, high)) -> expected eligible set
ORDERED_CASES = [
    ("==", lambda lo, hi: lo, {LOW}),
    ("==", lambda lo, hi: hi, {HIGH}),
    ("!=", lambda lo, hi: lo, {HIGH}),
    ("<", lambda lo, hi: hi, {LOW}),
    ("<", lambda lo, hi: lo, set()),
    ("<=", lambda lo, hi: lo, {LOW}),
    ("<=", lambda lo, hi: hi, {LOW, HIGH}),
    (">", lambda lo, hi: lo, {HIGH}),
    (">", lambda lo, hi: hi, set()),
    (">=", lambda lo, hi: hi, {HIGH}),
    (">=", lambda lo, hi: lo, {LOW, HIGH}),
    ("in", lambda lo, hi: [lo], {LOW}),
    ("in", lambda lo, hi: [lo, hi], {LOW, HIGH}),
    ("not_in", lambda lo, hi: [lo], {HIGH}),
    ("not_in", lambda lo, hi: [lo, hi], set()),
    ("between", lambda lo, hi: [lo, hi], {LOW, HIGH}),
    ("between", lambda lo, hi: [lo, lo], {LOW}),
    ("between", lambda lo, hi: [hi, hi], {HIGH}),
]


def _expect(world: World, rule: dict, expected: set[str], as_of: dt.date = AS_OF) -> dict[str, str]:
    verdicts = world.check(rule, as_of)
    assert {k for k, code in CODES.items() if verdicts[code] == "eligible"} == expected, rule
    return verdicts


@pytest.mark.parametrize("fact", sorted(ORDERED_FACTS))
def test_each_operator_on_ordered_facts(three, fact):
    lo, hi = ORDERED_FACTS[fact]
    for op, pick, expected in ORDERED_CASES:
        verdicts = _expect(three, {"fact": fact, "op": op, "value": pick(lo, hi)}, expected)
        assert verdicts[CODES[NONE]] == "unknown"


# fact -> [(op, value, expected eligible set)] for the unordered kinds
EQUALITY_CASES = {
    # bool column: never unknown (NOT NULL); NONE is not dishonest and not an individual.
    "dishonest": [("==", True, {HIGH}), ("==", False, {LOW, NONE}), ("!=", True, {LOW, NONE}),
                  ("in", [True], {HIGH}), ("in", [True, False], {LOW, HIGH, NONE}), ("not_in", [False], {HIGH})],
    "is_individual": [("==", True, {HIGH}), ("!=", True, {LOW, NONE}), ("not_in", [True], {LOW, NONE})],
    # bool, declared
    "has_export": [("==", True, {HIGH}), ("==", False, {LOW}), ("!=", False, {HIGH}),
                   ("in", [False], {LOW}), ("not_in", [False], {HIGH}), ("in", [True, False], {LOW, HIGH})],
    # text columns
    "tax_credit_rating": [("==", "A", {LOW}), ("!=", "A", {HIGH}), ("in", ["A", "B"], {LOW, HIGH}),
                          ("not_in", ["B", "M"], {LOW}), ("==", "D", set())],
    "industry_code": [("==", "3451", {LOW}), ("!=", "3451", {HIGH}), ("in", ["5211", "0111"], {HIGH}),
                      ("not_in", ["5211"], {LOW})],
    "reg_type": [("==", "个体工商户", {HIGH}), ("not_in", ["个体工商户"], {LOW})],
    "region_code": [("==", "371502", {LOW}), ("!=", "371502", {HIGH, NONE}), ("in", ["371503", "371581"], {HIGH, NONE}),
                    ("not_in", ["371503"], {LOW, HIGH})],
    # computed text
    "industry_section": [("==", "C", {LOW}), ("!=", "C", {HIGH}), ("in", ["F", "G"], {HIGH}), ("not_in", ["F"], {LOW})],
    "industry_division": [("==", "34", {LOW}), ("!=", "34", {HIGH}), ("in", ["52"], {HIGH}), ("not_in", ["52"], {LOW})],
    # text, declared
    "park": [("==", "高新区", {HIGH}), ("!=", "高新区", {LOW}), ("in", ["高新区", "东昌府工业园"], {LOW, HIGH}),
             ("not_in", ["高新区"], {LOW})],
}


@pytest.mark.parametrize("fact", sorted(EQUALITY_CASES))
def test_each_operator_on_bool_and_text_facts(three, fact):
    for op, value, expected in EQUALITY_CASES[fact]:
        _expect(three, {"fact": fact, "op": op, "value": value}, expected)


def test_size_class_is_the_cached_class_on_both_sides(three):
    cached = dict(three.sql("SELECT credit_code, size_class FROM enterprise", {}))
    assert cached[CODES[LOW]] is not None and cached[CODES[NONE]] is None
    for name in ("large", "medium", "small", "micro"):
        _expect(three, {"fact": "size_class", "op": "==", "value": name},
                {k for k, code in CODES.items() if cached[code] == name})
    _expect(three, {"fact": "size_class", "op": "not_in", "value": ["large"]},
            {k for k, code in CODES.items() if cached[code] not in (None, "large")})


def test_has_on_a_declared_list_and_on_tags(three):
    _expect(three, {"fact": "products", "op": "has", "value": "钢球"}, {HIGH})
    _expect(three, {"fact": "products", "op": "has", "value": "轴承"}, {LOW, HIGH})
    _expect(three, {"fact": "products", "op": "has", "value": "农机"}, set())
    v = _expect(three, {"not": {"fact": "products", "op": "has", "value": "钢球"}}, {LOW})
    assert v[CODES[NONE]] == "unknown"
    # Tags are never unknown: an enterprise without a valid tag plainly lacks it.
    _expect(three, {"fact": "tags", "op": "has", "value": "高新技术企业"}, {LOW})
    _expect(three, {"not": {"fact": "tags", "op": "has", "value": "高新技术企业"}}, {HIGH, NONE})


# --------------------------------------------------------------------------------------------
# Unknown facts, Kleene logic
# --------------------------------------------------------------------------------------------

UNKNOWN_LEAVES = [
    {"fact": "employees", "op": ">=", "value": 0},
    {"fact": "insured_employees", "op": "!=", "value": 5},
    {"fact": "revenue", "op": "not_in", "value": [1]},
    {"fact": "total_assets", "op": "between", "value": [0, 10**9]},
    {"fact": "registered_capital", "op": "<", "value": 10**9},
    {"fact": "established", "op": "!=", "value": dt.date(2000, 1, 1)},
    {"fact": "age_years", "op": ">=", "value": 0},
    {"fact": "industry_code", "op": "!=", "value": "3451"},
    {"fact": "industry_section", "op": "not_in", "value": ["C"]},
    {"fact": "industry_division", "op": "!=", "value": "34"},
    {"fact": "size_class", "op": "!=", "value": "large"},
    {"fact": "reg_type", "op": "!=", "value": "x"},
    {"fact": "tax_credit_rating", "op": "not_in", "value": ["D"]},
    {"fact": "insured_months", "op": ">=", "value": 0},   # has a value, but only after the as-of date
    {"fact": "layoff_rate", "op": "<=", "value": 100},
    {"fact": "unemployment_premium_paid", "op": ">=", "value": 0},
    {"fact": "rd_expense", "op": "!=", "value": 1},
    {"fact": "has_export", "op": "!=", "value": True},
    {"fact": "certified_on", "op": "!=", "value": "2000-01-01"},
    {"fact": "park", "op": "!=", "value": "x"},
    {"fact": "products", "op": "has", "value": "轴承"},
]


@pytest.mark.parametrize("leaf", UNKNOWN_LEAVES, ids=lambda leaf: f"{leaf['fact']}{leaf['op']}")
def test_unknown_fact_is_excluded_by_sql_and_unknown_in_python(three, leaf):
    none = CODES[NONE]
    for rule in (leaf, {"not": leaf}, {"not": {"not": leaf}}):
        verdicts = three.check(rule, AS_OF)
        assert verdicts[none] == "unknown", rule
    # The exact form (under a ``not``) is NULL; outside one SQL may say FALSE instead.
    for rule, allowed in ((leaf, (None, 0)), ({"not": leaf}, (None,))):
        condition, params = three.compile(parse_rule(rule, three.declared), AS_OF)
        [(value,)] = three.sql(f"SELECT ({condition}) FROM enterprise e WHERE e.credit_code = :c", {**params, "c": none})
        assert value in allowed, (rule, value)


def test_kleene_logic_over_an_unknown(three):
    t = {"fact": "region_code", "op": "==", "value": "371503"}  # true for NONE
    f = {"fact": "region_code", "op": "==", "value": "371502"}  # false for NONE
    u = {"fact": "employees", "op": ">", "value": 0}            # unknown for NONE
    none = CODES[NONE]
    cases = [
        ({"all": [t, u]}, "unknown"),
        ({"all": [f, u]}, "ineligible"),
        ({"all": [u, f]}, "ineligible"),
        ({"any": [t, u]}, "eligible"),
        ({"any": [u, t]}, "eligible"),
        ({"any": [f, u]}, "unknown"),
        ({"not": {"all": [t, u]}}, "unknown"),
        ({"not": {"all": [f, u]}}, "eligible"),
        ({"not": {"any": [f, u]}}, "unknown"),
        ({"all": [t, {"not": u}]}, "unknown"),
        ({"any": [{"all": [t, u]}, {"not": f}]}, "eligible"),
        ({"all": [t, {"any": [u, {"not": t}]}]}, "unknown"),
    ]
    for rule, expected in cases:
        assert three.check(rule, AS_OF)[none] == expected, rule


# --------------------------------------------------------------------------------------------
# Dates: age on anniversaries and 29 February, tag validity, the latest declared value
# --------------------------------------------------------------------------------------------


AGE_CASES = [
    (dt.date(2014, 6, 30), dt.date(2024, 6, 29), 9),
    (dt.date(2014, 6, 30), dt.date(2024, 6, 30), 10),   # the anniversary itself counts
    (dt.date(2014, 6, 30), dt.date(2024, 7, 1), 10),
    (dt.date(2020, 2, 29), dt.date(2021, 2, 28), 0),    # no 29 February in 2021
    (dt.date(2020, 2, 29), dt.date(2021, 3, 1), 1),
    (dt.date(2020, 2, 29), dt.date(2024, 2, 28), 3),
    (dt.date(2020, 2, 29), dt.date(2024, 2, 29), 4),
    (dt.date(2019, 2, 28), dt.date(2020, 2, 29), 1),
    (dt.date(2019, 3, 1), dt.date(2020, 2, 29), 0),
    (dt.date(2023, 12, 31), dt.date(2024, 1, 1), 0),
    (dt.date(2024, 7, 1), dt.date(2024, 6, 30), -1),    # established after the as-of date
]
TAG_CASES = [
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2023, 12, 31), False),
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 1, 1), True),
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2024, 12, 31), True),
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 1, 1), False),
    (None, dt.date(2024, 2, 29), dt.date(2024, 2, 29), True),
    (None, dt.date(2024, 2, 29), dt.date(2024, 3, 1), False),
    (dt.date(2024, 2, 29), None, dt.date(2024, 2, 28), False),
    (dt.date(2024, 2, 29), None, dt.date(2030, 1, 1), True),
    (None, None, dt.date(2024, 6, 30), True),
]
TAG = "高新技术企业"
TWICE, HISTORY = _code(300), _code(301)


@pytest.fixture(scope="module")
def dated(backend):
    """One enterprise per age case and per tag case, one holding a tag twice, one with a
    history of declared values; every check also compares all the others."""
    records = [
        EnterpriseRecord(credit_code=_code(100 + i), name=f"成立日期企业{i}", region_code="371502", established=est)
        for i, (est, _, _) in enumerate(AGE_CASES)
    ] + [
        EnterpriseRecord(credit_code=_code(200 + i), name=f"资质企业{i}", region_code="371502", tags=[Tag(TAG, vf, vt)])
        for i, (vf, vt, _, _) in enumerate(TAG_CASES)
    ] + [
        EnterpriseRecord(credit_code=TWICE, name="重新认定企业", region_code="371502",
                         tags=[Tag(TAG, dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
                               Tag(TAG, dt.date(2022, 1, 1), dt.date(2024, 12, 31))]),
        EnterpriseRecord(credit_code=HISTORY, name="一企一档企业", region_code="371502", facts=[
            FactValue("insured_months", "10", dt.date(2023, 12, 31)),
            FactValue("insured_months", "20", dt.date(2024, 6, 30)),
            FactValue("insured_months", "30", dt.date(2024, 12, 31)),
            FactValue("layoff_rate", "5.5", dt.date(2023, 12, 31)),
            FactValue("layoff_rate", "0.01", dt.date(2024, 12, 31)),
            FactValue("certified_on", "2020-02-29", dt.date(2023, 12, 31)),
            FactValue("certified_on", "2024-02-29", dt.date(2024, 12, 31)),
        ]),
    ]
    with scratch_db() as db:
        declared = add_fact_definitions(db)
        load(db, records)
        yield World(db, records, declared, backend)


@pytest.mark.parametrize(("case", "established", "as_of", "age"), [(i, *c) for i, c in enumerate(AGE_CASES)])
def test_age_years_on_anniversaries_and_29_february(dated, case, established, as_of, age):
    code = _code(100 + case)
    assert dated.check({"fact": "age_years", "op": "==", "value": age}, as_of)[code] == "eligible"
    assert dated.check({"fact": "age_years", "op": ">=", "value": age + 1}, as_of)[code] == "ineligible"
    assert dated.check({"fact": "age_years", "op": "between", "value": [age - 1, age]}, as_of)[code] == "eligible"
    assert dated.check({"not": {"fact": "age_years", "op": "<", "value": age}}, as_of)[code] == "eligible"


@pytest.mark.parametrize(("case", "valid_from", "valid_to", "as_of", "holds"), [(i, *c) for i, c in enumerate(TAG_CASES)])
def test_tags_hold_only_within_their_dates(dated, case, valid_from, valid_to, as_of, holds):
    code = _code(200 + case)
    has = {"fact": "tags", "op": "has", "value": TAG}
    assert dated.check(has, as_of)[code] == ("eligible" if holds else "ineligible")
    assert dated.check({"not": has}, as_of)[code] == ("ineligible" if holds else "eligible")


def test_a_tag_held_twice_holds_if_either_period_covers_the_date(dated):
    has = {"fact": "tags", "op": "has", "value": TAG}
    for as_of, expected in ((dt.date(2019, 6, 30), "eligible"), (dt.date(2021, 6, 30), "ineligible"),
                            (dt.date(2024, 12, 31), "eligible"), (dt.date(2025, 1, 1), "ineligible")):
        assert dated.check(has, as_of)[TWICE] == expected, as_of


@pytest.mark.parametrize(
    ("as_of", "months", "rate", "certified"),
    [
        (dt.date(2023, 12, 30), None, None, None),     # before any value: unknown
        (dt.date(2023, 12, 31), 10, "5.5", "2020-02-29"),
        (dt.date(2024, 6, 29), 10, "5.5", "2020-02-29"),
        (dt.date(2024, 6, 30), 20, "5.5", "2020-02-29"),       # a value dated the as-of date is used
        (dt.date(2024, 12, 30), 20, "5.5", "2020-02-29"),
        (dt.date(2025, 1, 1), 30, "0.01", "2024-02-29"),
    ],
)
def test_the_latest_declared_value_on_or_before_the_as_of_date_is_used(dated, as_of, months, rate, certified):
    def expect(value, current):
        return "unknown" if current is None else ("eligible" if value == current else "ineligible")

    for value in (10, 20, 30):
        verdict = dated.check({"fact": "insured_months", "op": "==", "value": value}, as_of)[HISTORY]
        assert verdict == expect(value, months)
    for value in ("5.5", "0.01"):
        verdict = dated.check({"fact": "layoff_rate", "op": "==", "value": float(value)}, as_of)[HISTORY]
        assert verdict == expect(value, rate)
    for value in ("2020-02-29", "2024-02-29"):
        verdict = dated.check({"fact": "certified_on", "op": "==", "value": value}, as_of)[HISTORY]
        assert verdict == expect(value, certified)


# Codes at the edges of sections and divisions (computed_fact_sql compares the column with the
# bounds of divisions): a tens digit crossed inside section C (19 → 20), the last division
# (97), codes that are no division (00, 98), letters, and a malformed "1A" that sorts between
# "13" and "44" as text but is no division at all.
EDGE_INDUSTRY_CODES = ("1299", "1310", "1999", "2011", "4399", "4411", "97", "9799", "98", "00", "C", "T", "U",
                       "1A", "13", None,
                       # as sync may bring them: stored in one form (store.enterprises.prepare)
                       "c13", " 13", "１３", "1", "9", "t97", "٣٤", "1３")


@pytest.fixture(scope="module")
def edges(backend):
    records = [
        EnterpriseRecord(credit_code=_code(400 + i), name=f"行业边界企业{i}", region_code="371502",
                         industry_code=code, established=dt.date(2021, 6, 30) + dt.timedelta(days=200 * i))
        for i, code in enumerate(EDGE_INDUSTRY_CODES)
    ]
    with scratch_db() as db:
        declared = add_fact_definitions(db)
        load(db, records)
        yield World(db, records, declared, backend)


@pytest.mark.parametrize("rule", [
    {"fact": "industry_section", "op": "==", "value": "C"},
    {"fact": "industry_section", "op": "==", "value": "B"},
    {"fact": "industry_section", "op": "==", "value": "T"},
    {"fact": "industry_section", "op": "==", "value": "Z"},
    {"fact": "industry_section", "op": "in", "value": ["C", "D"]},
    {"fact": "industry_section", "op": "not_in", "value": ["B", "T"]},
    {"fact": "industry_division", "op": "==", "value": "19"},
    {"fact": "industry_division", "op": "==", "value": "98"},
    {"fact": "industry_division", "op": "==", "value": "1A"},
    {"fact": "industry_division", "op": "in", "value": ["43", "44", "00"]},
    {"fact": "industry_division", "op": "!=", "value": "13"},
    {"fact": "age_years", "op": ">=", "value": 2.5},
    {"fact": "age_years", "op": "==", "value": 2.5},
    {"fact": "age_years", "op": "in", "value": [2.5, 3]},
    {"fact": "age_years", "op": "not_in", "value": [1, 4]},
    {"fact": "age_years", "op": "between", "value": [0.5, 3.5]},
    {"fact": "age_years", "op": ">=", "value": 3000},
    {"fact": "age_years", "op": ">", "value": -1},
], ids=lambda r: f"{r['fact']}{r['op']}{r['value']}")
def test_computed_facts_as_column_ranges_at_their_edges(edges, rule):
    """Both the rule and its negation (the exact three-valued form under a ``not``)."""
    for as_of in (dt.date(2024, 6, 29), dt.date(2024, 6, 30), dt.date(2028, 2, 29)):
        edges.check_both(rule, as_of)
