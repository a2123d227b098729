"""Compiling a rule tree to one SQL condition over ``enterprise e`` ("which enterprises qualify").

SQL's NULL logic is Kleene's three-valued logic, the same as the Python evaluator's: a fact
the record lacks is NULL, a comparison with NULL is NULL (unknown), AND/OR/NOT combine as
in ``domain.rules.evaluate.result``. So ``WHERE <condition>`` keeps exactly the enterprises
whose verdict is eligible; a hypothesis test holds the two to that.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kuaixiang_core.domain.rules.tree import All, AnyOf, Leaf, Node, Not

from . import computed_facts
from .computed_facts import SECTIONS

_MONEY_COLUMNS = {"revenue": "revenue_fen", "total_assets": "total_assets_fen", "registered_capital": "registered_capital_fen"}
_PLAIN_COLUMNS = {
    "employees", "insured_employees", "established", "region_code", "industry_code", "reg_type",
    "is_individual", "tax_credit_rating", "dishonest", "size_class",
}
# The one value of a fact valid on the as-of date: written on or before it, not yet replaced.
_VALID_ON_AS_OF = "{t}.valid_on <= :as_of AND ({t}.valid_until IS NULL OR {t}.valid_until > :as_of)"
_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class _Compiler:
    def __init__(self, as_of: dt.date, semijoins: bool):
        self.as_of = as_of
        self.params: dict[str, object] = {"as_of": as_of.isoformat()}
        self.semijoins = semijoins

    def bind(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def node(self, node: Node, positive: bool = True) -> str:
        """``positive``: no ``not`` encloses this node. There only TRUE matters (AND and OR
        are monotone), so a condition may be written in a form that gives FALSE where the
        exact form gives NULL; under a ``not`` the exact three-valued form is kept."""
        if isinstance(node, Leaf):
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

    def fact_sql(self, leaf: Leaf) -> tuple[str, bool]:
        """(expression, money_in_fen): the SQL value of the fact, NULL where it is unknown."""
        name = leaf.fact
        if name in _MONEY_COLUMNS:
            return f"e.{_MONEY_COLUMNS[name]}", True
        if name in _PLAIN_COLUMNS:
            return f"e.{name}", False
        if name == "age_years":
            # Full years, as domain.rules.evaluate.age_years counts them.
            return (
                "(CAST(substr(:as_of, 1, 4) AS INTEGER) - CAST(substr(e.established, 1, 4) AS INTEGER)"
                " - (substr(:as_of, 6, 5) < substr(e.established, 6, 5)))"
            ), False
        if name == "industry_division":
            return "(CASE WHEN substr(e.industry_code, 1, 2) GLOB '[0-9][0-9]' THEN substr(e.industry_code, 1, 2) END)", False
        if name == "industry_section":
            cases = " ".join(
                f"WHEN CAST(substr(e.industry_code, 1, 2) AS INTEGER) BETWEEN {lo} AND {hi} THEN '{s}'"
                for s, lo, hi in SECTIONS
            )
            return (
                "(CASE WHEN substr(e.industry_code, 1, 1) GLOB '[A-T]' THEN substr(e.industry_code, 1, 1) "
                f"WHEN substr(e.industry_code, 1, 2) GLOB '[0-9][0-9]' THEN (CASE {cases} END) END)"
            ), False
        # A declared fact: the value valid on the as-of date (at most one row; see
        # migration 0006 for valid_until).
        latest = (
            "(SELECT f.value FROM enterprise_fact f WHERE f.enterprise_id = e.id AND f.fact_name = "
            f"{self.bind(name)} AND {_VALID_ON_AS_OF.format(t='f')})"
        )
        if leaf.spec.type in ("number", "money", "percent"):
            return f"CAST({latest} AS REAL)", False
        return latest, False

    def value(self, leaf: Leaf, value: object, fen: bool) -> str:
        if isinstance(value, Decimal):
            if fen:
                value = value * 100
            # SQLite integers are 64-bit: beyond that, a float compares correctly enough.
            integral = value == value.to_integral_value() and abs(value) < 2**63
            return self.bind(int(value) if integral else float(value))
        if isinstance(value, bool):
            if leaf.spec.kind == "declared":
                return self.bind("true" if value else "false")
            return self.bind(1 if value else 0)
        if isinstance(value, dt.date):
            return self.bind(value.isoformat())
        return self.bind(value)

    def declared_semijoin(self, leaf: Leaf) -> str:
        """TRUE exactly where the value on the as-of date meets the test: one pass over that
        fact's rows (the index ix_enterprise_fact_name covers it) instead of a subquery per
        enterprise."""
        name = self.bind(leaf.fact)
        numeric = leaf.spec.type in ("number", "money", "percent")
        test = self.test("CAST(g.value AS REAL)" if numeric else "g.value", leaf, fen=False)
        return (
            f"(e.id IN (SELECT g.enterprise_id FROM enterprise_fact g WHERE g.fact_name = {name} "
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
        expr, fen = self.fact_sql(leaf)
        return self.test(expr, leaf, fen)

    def computed_as_range(self, leaf: Leaf, positive: bool) -> str | None:
        """A computed fact as a comparison of its stored column, where the operator allows."""
        if leaf.fact == "age_years":
            return computed_facts.age_years(leaf, self.as_of, self.bind)
        if leaf.fact == "industry_section":
            return computed_facts.industry_section(leaf, positive)
        if leaf.fact == "industry_division":
            return computed_facts.industry_division(leaf, positive)
        return None

    def test(self, expr: str, leaf: Leaf, fen: bool) -> str:
        """The leaf's operator applied to ``expr`` (NULL stays NULL, as unknown)."""
        op, value = leaf.op, leaf.value
        if op == "has":  # a declared list fact, stored as a JSON array
            return (
                f"(CASE WHEN {expr} IS NULL THEN NULL ELSE "
                f"EXISTS (SELECT 1 FROM json_each({expr}) j WHERE j.value = {self.bind(value)}) END)"
            )
        if op == "between":
            low, high = value  # type: ignore[misc]
            return f"({expr} BETWEEN {self.value(leaf, low, fen)} AND {self.value(leaf, high, fen)})"
        if op in ("in", "not_in"):
            members = ", ".join(self.value(leaf, v, fen) for v in value)  # type: ignore[union-attr]
            return f"({expr} {'IN' if op == 'in' else 'NOT IN'} ({members}))"
        return f"({expr} {_OPS[op]} {self.value(leaf, value, fen)})"


def _cost(node: Node) -> int:
    """0 a column (covered by ix_enterprise_rule_facts), 1 computed from columns, 2 a tag
    lookup, 3 a declared fact's subquery; an inner node costs its dearest leaf."""
    if isinstance(node, Leaf):
        if node.fact in _MONEY_COLUMNS or node.fact in _PLAIN_COLUMNS:
            return 0
        if node.fact in ("age_years", "industry_division", "industry_section"):
            return 1  # mostly range tests on a column (computed_facts); else substr()
        return 2 if node.fact == "tags" else 3
    if isinstance(node, Not):
        return _cost(node.child)
    return max(_cost(c) for c in node.children)  # type: ignore[attr-defined]


def compile_rule(node: Node, as_of: dt.date, *, few_rows: bool = False) -> tuple[str, dict[str, object]]:
    """(SQL condition over ``enterprise e``, parameters) true exactly for eligible enterprises.

    ``few_rows``: the caller already narrows the scan (one county's enterprises), so a
    declared fact is read per remaining row rather than as one list over the whole city."""
    compiler = _Compiler(as_of, semijoins=not few_rows)
    return compiler.node(node), compiler.params
