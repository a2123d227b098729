"""Compiling a rule tree to one SQL condition over ``enterprise e`` ("which enterprises qualify").

SQL's NULL logic is Kleene's three-valued logic, the same as the Python evaluator's: a fact
the record lacks is NULL, a comparison with NULL is NULL (unknown), AND/OR/NOT combine as
in ``domain.rules.evaluate.result``. So ``WHERE <condition>`` keeps exactly the enterprises
whose verdict is eligible; a hypothesis test holds the two to that, on SQLite and PostgreSQL
(what differs between them is in ``dialect``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.domain.rules.named import Parameter
from kuaixiang_core.domain.rules.tree import All, AnyOf, Leaf, Node, Not

from . import computed_facts
from .computed_facts import SECTIONS
from .dialect import SQLITE, Dialect
from .history import history_sql

_MONEY_COLUMNS = {"revenue": "revenue_fen", "total_assets": "total_assets_fen", "registered_capital": "registered_capital_fen"}
_PLAIN_COLUMNS = {
    "employees", "insured_employees", "established", "region_code", "industry_code", "reg_type",
    "is_individual", "tax_credit_rating", "dishonest", "size_class",
}
# The one value of a fact valid on the as-of date: written on or before it, not yet replaced.
_VALID_ON_AS_OF = "{t}.valid_on <= :as_of AND ({t}.valid_until IS NULL OR {t}.valid_until > :as_of)"
_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_ORDERING = ("<", "<=", ">", ">=", "between")
_TEXT_COLUMNS = {"region_code", "industry_code", "reg_type", "tax_credit_rating", "size_class"}


class _Compiler:
    def __init__(self, as_of: dt.date, semijoins: bool, dialect: Dialect, fact_column: str,
                 applications_by: str = "enterprise_id"):
        self.as_of = as_of
        self.applications_by = applications_by
        self.dialect = dialect
        self.fact_column = fact_column
        self.params: dict[str, object] = {"as_of": dialect.date(as_of)}
        self.semijoins = semijoins

    def bind(self, value: object) -> str:
        # The engine's values as the database holds them: numbers as integers or doubles,
        # dates as ISO text (the dialect's specifics are here and in fact_sql).
        if isinstance(value, Decimal):
            integral = value == value.to_integral_value() and abs(value) < 2**63
            value = int(value) if integral else float(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    # -- formula.SqlContext: computed conditions (quantities, expressions) ---------------

    def fact(self, name: str, spec: FactSpec) -> str:
        """A fact's value in the engine's units (money in 元), NULL where unknown."""
        if spec.type == "bool":
            expr, _fen = self.fact_sql(name, spec)
            # Declared facts hold text; a built-in bool column is 0/1 on SQLite, boolean on PostgreSQL.
            true = self.bind("true") if spec.kind == "declared" else self.bind(self.dialect.boolean(True))
            return f"(CASE WHEN {expr} IS NULL THEN NULL ELSE {expr} = {true} END)"
        expr, fen = self.fact_sql(name, spec)
        if spec.type == "date":
            # Compared as ISO text on both sides (binds are ISO text too): a declared date is
            # stored so; a built-in date column is text on SQLite and a date on PostgreSQL.
            return self.dialect.iso_date_text(expr, column=spec.kind != "declared")
        return f"({expr} / 100.0)" if fen else expr

    def param(self, parameter: Parameter) -> str:
        value = parameter.value_on(self.as_of)  # a constant for the query's as-of date
        return "NULL" if value is None else self.number(value)

    def divide(self, a: str, b: str) -> str:
        # Never integer division (SQLite divides two integers so); NULL on a zero divisor,
        # as the engine gives no answer there.
        return f"(({a}) * 1.0 / NULLIF({b}, 0))"

    def number(self, value: Decimal) -> str:
        # SQLite integers are 64-bit: beyond that, a float compares correctly enough (bind).
        return self.bind(value)

    def history(self, check) -> str:
        """A history condition (domain.rules.history), through rule_sql.history."""
        return history_sql(check, self)

    def computed(self, leaf: Leaf) -> str:
        formula = leaf.formula
        assert formula is not None
        expr = formula.sql(self)
        if leaf.spec.kind in ("expr", "history"):
            return expr
        # A percent quantity is compared unscaled (the bound / 100): 7 / 100 and 0.07 are the
        # same double, while 7 / 100 * 100 is not 7.
        return self.test(expr, leaf, fen=False, scale=leaf.scale)

    def node(self, node: Node, positive: bool = True) -> str:
        """``positive``: no ``not`` encloses this node. There only TRUE matters (AND and OR
        are monotone), so a condition may be written in a form that gives FALSE where the
        exact form gives NULL; under a ``not`` the exact three-valued form is kept."""
        if isinstance(node, Leaf):
            if node.formula is not None:
                return self.computed(node)
            if positive and self.semijoins and node.spec.kind == "declared":
                return self.declared_semijoin(node)
            return self.leaf(node, positive)
        if isinstance(node, Not):
            return f"(NOT {self.node(node.child, positive=False)})"
        joiner = " AND " if isinstance(node, All) else " OR "
        assert isinstance(node, (All, AnyOf))
        # AND and OR are commutative in three-valued logic too, and SQLite stops at the
        # first deciding operand: cheap column tests first, per-row subqueries last.
        children = sorted(node.children, key=_cost)
        return "(" + joiner.join(self.node(c, positive) for c in children) + ")"

    def fact_sql(self, name: str, spec: FactSpec) -> tuple[str, bool]:
        """(expression, money_in_fen): the SQL value of the fact, NULL where it is unknown."""
        if name in _MONEY_COLUMNS:
            return f"e.{_MONEY_COLUMNS[name]}", True
        if name in _PLAIN_COLUMNS:
            return f"e.{name}", False
        if name == "age_years":
            # Full years, as domain.rules.evaluate.age_years counts them.
            return self.dialect.age_years("e.established", ":as_of"), False
        two = "substr(e.industry_code, 1, 2)"
        if name == "industry_division":
            return f"(CASE WHEN {self.dialect.two_digits(two)} THEN {two} END)", False
        if name == "industry_section":
            cases = " ".join(
                f"WHEN CAST(substr(e.industry_code, 1, 2) AS INTEGER) BETWEEN {lo} AND {hi} THEN '{s}'"
                for s, lo, hi in SECTIONS
            )
            one = "substr(e.industry_code, 1, 1)"
            return (
                f"(CASE WHEN {self.dialect.section_letter(one)} THEN {one} "
                f"WHEN {self.dialect.two_digits(two)} THEN (CASE {cases} END) END)"
            ), False
        # A declared fact: the value valid on the as-of date (at most one row; see
        # migration 0006 for valid_until).
        latest = (
            f"(SELECT f.value FROM enterprise_fact f WHERE f.enterprise_id = e.id AND f.{self.fact_column} = "
            f"{self.bind(name)} AND {_VALID_ON_AS_OF.format(t='f')})"
        )
        if spec.type in ("number", "money", "percent"):
            return self.dialect.number(latest), False
        return latest, False

    def value(self, leaf: Leaf, value: object, fen: bool, scale: Decimal | None = None) -> str:
        if isinstance(value, Decimal):
            if fen:
                value = value * 100
            if scale is not None:
                value = value / scale
            return self.number(value)
        if isinstance(value, bool):
            if leaf.spec.kind == "declared":
                return self.bind("true" if value else "false")
            return self.bind(self.dialect.boolean(value))
        if isinstance(value, dt.date):
            # A declared date is held as ISO text; ``established`` is a date column.
            return self.bind(value.isoformat() if leaf.spec.kind == "declared" else self.dialect.date(value))
        return self.bind(value)

    def declared_semijoin(self, leaf: Leaf) -> str:
        """TRUE exactly where the value on the as-of date meets the test: one pass over that
        fact's rows (the index ix_enterprise_fact_name covers it) instead of a subquery per
        enterprise."""
        name = self.bind(leaf.fact)
        numeric = leaf.spec.type in ("number", "money", "percent")
        test = self.test(self.dialect.number("g.value") if numeric else "g.value", leaf, fen=False)
        return (
            f"(e.id IN (SELECT g.enterprise_id FROM enterprise_fact g WHERE g.{self.fact_column} = {name} "
            f"AND {_VALID_ON_AS_OF.format(t='g')} AND {test}))"
        )

    def leaf(self, leaf: Leaf, positive: bool = False) -> str:
        ranged = self.computed_as_range(leaf, positive)
        if ranged is not None:
            return ranged
        if leaf.fact == "tags":
            # Never NULL, like the Python side; as one uncorrelated IN list the tag index is
            # read once per query rather than probed once per enterprise (tags are rare).
            return (
                "(e.id IN (SELECT t.enterprise_id FROM enterprise_tag t WHERE t.tag = "
                f"{self.bind(leaf.value)} AND (t.valid_from IS NULL OR t.valid_from <= :as_of) "
                "AND (t.valid_to IS NULL OR t.valid_to >= :as_of)))"
            )
        expr, fen = self.fact_sql(leaf.fact, leaf.spec)
        return self.test(expr, leaf, fen)

    def computed_as_range(self, leaf: Leaf, positive: bool) -> str | None:
        """A computed fact as a comparison of its stored column, where the operator allows."""
        if leaf.fact == "age_years":
            return computed_facts.age_years(leaf, self.as_of, self.bind, self.dialect)
        if leaf.fact == "industry_section":
            return computed_facts.industry_section(leaf, positive, self.dialect)
        if leaf.fact == "industry_division":
            return computed_facts.industry_division(leaf, positive, self.dialect)
        return None

    def test(self, expr: str, leaf: Leaf, fen: bool, scale: Decimal | None = None) -> str:
        """The leaf's operator applied to ``expr`` (NULL stays NULL, as unknown); ``scale``:
        ``expr`` is the leaf's value divided by it."""
        op, value = leaf.op, leaf.value
        if op == "has":  # a declared list fact, stored as a JSON array
            return f"(CASE WHEN {expr} IS NULL THEN NULL ELSE {self.dialect.list_has(expr, self.bind(value))} END)"
        if op in _ORDERING and (leaf.fact in _TEXT_COLUMNS or (leaf.spec.kind == "declared" and leaf.spec.type in ("text", "date"))):
            expr = self.dialect.ordered_text(expr)
        if op == "between":
            low, high = value  # type: ignore[misc]
            return f"({expr} BETWEEN {self.value(leaf, low, fen, scale)} AND {self.value(leaf, high, fen, scale)})"
        if op in ("in", "not_in"):
            members = ", ".join(self.value(leaf, v, fen, scale) for v in value)  # type: ignore[union-attr]
            return f"({expr} {'IN' if op == 'in' else 'NOT IN'} ({members}))"
        return f"({expr} {_OPS[op]} {self.value(leaf, value, fen, scale)})"


def _cost(node: Node) -> int:
    """0 a column (covered by ix_enterprise_rule_facts), 1 computed from columns, 2 a tag
    lookup, 3 a declared fact's subquery; an inner node costs its dearest leaf."""
    if isinstance(node, Leaf):
        if node.formula is not None:
            return 4  # arithmetic per row, over columns and declared facts alike
        if node.fact in _MONEY_COLUMNS or node.fact in _PLAIN_COLUMNS:
            return 0
        if node.fact in ("age_years", "industry_division", "industry_section"):
            return 1  # mostly range tests on a column (computed_facts); else substr()
        return 2 if node.fact == "tags" else 3
    if isinstance(node, Not):
        return _cost(node.child)
    return max(_cost(c) for c in node.children)  # type: ignore[attr-defined]


def compile_rule(node: Node, as_of: dt.date, *, few_rows: bool = False, dialect: Dialect = SQLITE,
                 fact_column: str = "fact_name", applications_by: str = "enterprise_id") -> tuple[str, dict[str, object]]:
    """(SQL condition over ``enterprise e``, parameters) true exactly for eligible enterprises.

    ``few_rows``: the caller already narrows the scan (one county's enterprises), so a
    declared fact is read per remaining row rather than as one list over the whole city.
    ``dialect``: the database's (``dialect_named(engine.dialect.name)``); ``fact_column``:
    the column of ``enterprise_fact`` that names the fact (the server's is ``name``);
    ``applications_by``: how ``application`` names its enterprise, for history conditions
    (the client's ``enterprise_id``, the server's ``credit_code``)."""
    compiler = _Compiler(as_of, not few_rows, dialect, fact_column, applications_by)
    return compiler.node(node), compiler.params
