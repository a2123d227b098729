"""Rule trees: parsing the declarative form (DESIGN §5) into checked, compiled nodes.

Parsing checks everything that can be checked before an enterprise is seen — the fact
exists, the operator suits its type, the value has the fact's type, the tree is not too
deep — so that evaluation cannot fail on a well-formed catalogue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .facts import (
    BUILTIN_FACTS,
    NUMERIC_TYPES,
    ORDERED_TYPES,
    SIZE_CLASS_NAMES,
    FactSpec,
    FactValueError,
    coerce,
    display,
)
from .formula import BOOL, Formula, FormulaError, parse_formula
from .named import Quantity, show_quantity

MAX_DEPTH = 8
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "has", "between")
_OP_TEXT = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


class RuleError(ValueError):
    """A rule that cannot be accepted: ``path`` says where in the tree, ``line`` where in the file."""

    def __init__(self, message: str, *, path: str = "rule", line: int | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.field = field


def line_of(obj: object, key: str | None = None) -> int | None:
    """The source line of a parsed YAML/JSON node (see services.catalogue_loader), if known."""
    if key is not None:
        lines = getattr(obj, "key_lines", None)
        if lines and key in lines:
            return lines[key]
    return getattr(obj, "line", None)


class Node:
    __slots__ = ()


@dataclass(eq=False, slots=True)
class Leaf(Node):
    fact: str
    op: str
    value: object
    clause: str | None
    text: str
    spec: FactSpec
    # Leaves equal in (fact, op, value) share one evaluation per enterprise.
    key: tuple = field(default=())
    test: Callable[[object], bool] = field(default=lambda v: False, repr=False)
    # Leaves that read the same to the clerk (same condition, words and clause) share one
    # line of the 'why' per enterprise; a small int makes that cache cheap to consult.
    line_id: int = -1
    answer_id: int = -1  # the same for leaves with the same key: one answer per enterprise
    # The catalogue's half of this condition's line of the 'why', plain and under a not
    # (made once by evaluate.static_line, for every leaf when a Matcher is built).
    static_line: list = field(default_factory=lambda: [None, None], repr=False)
    # A computed condition (a quantity compared, or an expression): what works its value
    # out, and what it is multiplied by (a percent quantity: 100). ``fact`` is then a key
    # of its own, naming the formula and everything it reads (see _computed_key).
    formula: Formula | None = None
    scale: Decimal | None = None
    # An expression that is one ordering of numbers or dates: a near miss when it alone fails.
    near: bool = False

    @property
    def computed(self) -> bool:
        return self.formula is not None

    def show(self, value: object, values: Mapping[str, object]) -> str:
        """The value as the 'why' shows it; a computed one with its inputs, as in
        「安排比例 1.2%（3 人 / 250 人）」."""
        formula = self.formula
        if formula is None:
            return display(self.spec, value)
        inputs = formula.render(values)
        if self.spec.kind in ("expr", "history"):
            return inputs
        return f"{show_quantity(self.spec, value)}（{inputs}）"


class Scope:
    """What a rule may name besides facts: the catalogue's definitions and parameters
    (catalogue_scope.CatalogueScope). The base knows none."""

    def lookup(self, name: str) -> object:
        """A fact's spec, a Parameter or a Quantity, for formulas; None if unknown."""
        return None

    def quantity(self, name: str) -> Quantity | None:
        return None

    def predicate(self, name: str):
        """A context manager giving (rule data, label) of a predicate definition; raises
        RuleError for an unknown one or a cycle."""
        raise RuleError(f"未知的定义「{name}」")

    def fingerprint(self, names: frozenset[str]) -> str:
        return ""


@dataclass(eq=False, slots=True)
class All(Node):
    children: tuple[Node, ...]


@dataclass(eq=False, slots=True)
class AnyOf(Node):
    children: tuple[Node, ...]


@dataclass(eq=False, slots=True)
class Not(Node):
    child: Node


def leaves(node: Node) -> list[Leaf]:
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Not):
        return leaves(node.child)
    return [leaf for child in node.children for leaf in leaves(child)]  # type: ignore[attr-defined]


def parse_rule(data: object, facts: Mapping[str, FactSpec] | None = None, *, path: str = "rule",
               scope: Scope | None = None) -> Node:
    """Parse a rule tree; ``facts`` are the declared facts beyond the built-in ones, ``scope``
    the catalogue's definitions and parameters."""
    known = {**BUILTIN_FACTS, **(facts or {})}
    return _Parse(known, scope or Scope()).node(data, path, 1, None)


class _Parse:
    def __init__(self, known: Mapping[str, FactSpec], scope: Scope):
        self.known = known
        self.scope = scope

    def node(self, data: object, path: str, depth: int, within: tuple | None) -> Node:
        """``within``: (label, clause) of the predicate definition being expanded, if any."""
        if depth > MAX_DEPTH:
            raise RuleError(f"条件嵌套超过 {MAX_DEPTH} 层（含所用的定义）", path=path, line=line_of(data))
        if not isinstance(data, Mapping):
            raise RuleError("条件应为 all / any / not 或 {fact, op, value}（或 {def}、{expr}、{first_time}、{within}、{held}）", path=path, line=line_of(data))
        combinators = [k for k in ("all", "any", "not") if k in data]
        if combinators:
            if len(data) != 1:
                extra = sorted(set(data) - {combinators[0]})
                raise RuleError(f"「{combinators[0]}」旁不能再有其他键：{extra}", path=path, line=line_of(data))
            kind = combinators[0]
            body = data[kind]
            if kind == "not":
                return Not(self.node(body, f"{path}.not", depth + 1, within))
            if not isinstance(body, list) or not body:
                raise RuleError(f"「{kind}」后应为非空列表", path=f"{path}.{kind}", line=line_of(data, kind))
            children = tuple(self.node(c, f"{path}.{kind}[{i}]", depth + 1, within) for i, c in enumerate(body))
            return All(children) if kind == "all" else AnyOf(children)
        if "def" in data:
            return self.definition(data, path, depth, within)
        if "expr" in data:
            return self.expression(data, path, within)
        history = [k for k in ("first_time", "within", "held") if k in data]
        if history:
            from .history import parse_history  # it builds leaves of this module

            return parse_history(data, history[0], self.known, self.scope, path, within)
        return _parse_leaf(data, self.known, path, self.scope, within)

    def definition(self, data: Mapping, path: str, depth: int, within: tuple | None) -> Node:
        """A predicate definition used by name: its tree, in place, each condition's words
        saying whose it is (the 'why' shows the definition expanded)."""
        extra = sorted(set(data) - {"def", "clause"})
        if extra:
            raise RuleError(f"「def」旁只能有 clause，不能有：{extra}", path=path, line=line_of(data), field=extra[0])
        name = data["def"]
        if not isinstance(name, str):
            raise RuleError(f"def 后应为定义的名称，实际是 {name!r}", path=path, line=line_of(data, "def"), field="def")
        clause = data.get("clause")
        where = f"{path}.def"
        try:
            with self.scope.predicate(name) as (body, label):
                shown = label if within is None else f"{within[0]}：{label}"
                inherited = str(clause) if clause is not None else (within[1] if within else None)
                return self.node(body, f"{path}<{name}>", depth, (shown, inherited))
        except RuleError as exc:
            if exc.line is None or exc.path == "rule":
                raise RuleError(exc.message, path=where, line=line_of(data, "def")) from None
            raise

    def expression(self, data: Mapping, path: str, within: tuple | None) -> Leaf:
        extra = sorted(set(data) - {"expr", "clause", "text"})
        if extra:
            raise RuleError(f"条件中有未知的键：{extra}", path=path, line=line_of(data), field=extra[0])
        source = data["expr"]
        try:
            formula = parse_formula(source, self.scope.lookup, result=BOOL, condition=True)
        except FormulaError as exc:
            why = "表达式的类型不对" if type(exc).__name__ == "FormulaTypeError" else "表达式无法解析"
            raise RuleError(f"{why}：{exc}", path=path, line=line_of(data, "expr"), field="expr") from None
        spec = FactSpec("expr", "bool", "表达式", kind="expr")
        text = data.get("text")
        words = str(text) if text else "满足：" + _words(formula, self.scope, self.known)
        leaf = Leaf(fact=_computed_key("expr", formula, self.scope, self.known), op="expr", value=source,
                    clause=_clause(data, within), text=_within(words, within), spec=spec, formula=formula,
                    near=_one_ordering(source))
        return _finish(leaf, lambda v: v is True)


def _clause(data: Mapping, within: tuple | None) -> str | None:
    clause = data.get("clause")
    if clause is not None:
        return str(clause)
    return within[1] if within else None


def _within(text: str, within: tuple | None) -> str:
    return f"{within[0]}：{text}" if within else text


def _computed_key(name: str, formula: Formula, scope: Scope, known: Mapping[str, FactSpec]) -> str:
    """A key naming the formula and the content of everything it reads (the facts' labels
    and units too, which its line shows), so that two catalogues' like-named quantities never
    share an answer or a line of the 'why'."""
    facts = [(n, known[n].type, known[n].label, known[n].unit) if n in known else (n,) for n in sorted(formula.facts)]
    blob = formula.source + "\0" + scope.fingerprint(formula.uses) + "\0" + repr(facts)
    return f"{name}@{hashlib.sha256(blob.encode()).hexdigest()[:12]}"


def _one_ordering(source: str) -> bool:
    """One comparison of order (< <= > >=) and no and / or / not / if: the expression is a
    quantity short of (or past) a bound, as a numeric condition is."""
    from .formula import _tokens

    toks = [t.text for t in _tokens(source)]
    orderings = sum(t in ("<", "<=", ">", ">=") for t in toks)
    return orderings == 1 and not any(t in ("and", "or", "not", "if", "==", "!=") for t in toks)


def _words(formula: Formula, scope: Scope, known: Mapping[str, FactSpec]) -> str:
    """The expression with names read as their labels: 研发费用 ≥ 营业收入 × 0.03."""
    from .formula import _PRETTY, _tokens

    out = []
    for tok in _tokens(formula.source):
        if tok.kind == "name":
            found = known.get(tok.text) or scope.lookup(tok.text)
            out.append(getattr(found, "label", tok.text))
        elif tok.kind != "end":
            out.append(_PRETTY.get(tok.text, tok.text))
    return " ".join(out).replace("( ", "(").replace(" )", ")").replace(" ,", ",")


def _finish(leaf: Leaf, test: Callable[[object], bool]) -> Leaf:
    leaf.key = (leaf.fact, leaf.op, leaf.value)
    leaf.test = test
    leaf.line_id = _LINE_IDS.setdefault((leaf.key, leaf.text, leaf.clause), len(_LINE_IDS))
    leaf.answer_id = _ANSWER_IDS.setdefault(leaf.key, len(_ANSWER_IDS))
    return leaf


_LEAF_KEYS = {"fact", "op", "value", "clause", "text"}


def _parse_leaf(data: Mapping, known: Mapping[str, FactSpec], path: str, scope: Scope | None = None,
                within: tuple | None = None) -> Leaf:
    line = line_of(data)
    unknown_keys = sorted(set(data) - _LEAF_KEYS)
    if unknown_keys:
        raise RuleError(f"条件中有未知的键：{unknown_keys}", path=path, line=line, field=unknown_keys[0])
    for key in ("fact", "op", "value"):
        if key not in data:
            raise RuleError(f"条件缺少「{key}」", path=path, line=line, field=key)
    name, op, raw = data["fact"], data["op"], data["value"]
    quantity = scope.quantity(name) if scope is not None and isinstance(name, str) and name not in known else None
    if quantity is not None:
        spec = quantity.spec
    elif not isinstance(name, str) or name not in known:
        raise RuleError(f"未知的事实「{name}」", path=path, line=line_of(data, "fact"), field="fact")
    else:
        spec = known[name]
    if op not in OPERATORS:
        raise RuleError(f"未知的运算符「{op}」，可用：{' '.join(OPERATORS)}", path=path, line=line_of(data, "op"), field="op")
    value_line = line_of(data, "value")

    def bad(message: str) -> RuleError:
        return RuleError(f"事实「{name}」（{spec.type}）{message}", path=path, line=value_line, field="value")

    if spec.kind == "tags" and op != "has":
        raise RuleError("资质（tags）只能用 has 判断", path=path, line=line_of(data, "op"), field="op")
    if op == "has":
        if spec.type != "list":
            raise RuleError(f"has 只能用于列表或资质，「{name}」是 {spec.type}", path=path, line=line_of(data, "op"), field="op")
        if not isinstance(raw, str) or not raw.strip():
            raise bad("has 后应为一个名称")
        value: object = raw.strip()
    elif op in ("<", "<=", ">", ">="):
        if spec.type not in ORDERED_TYPES:
            raise RuleError(f"「{op}」只能比较数字、金额、百分比或日期，「{name}」是 {spec.type}", path=path, line=line_of(data, "op"), field="op")
        value = _coerce_scalar(spec, raw, bad)
    elif op == "between":
        if spec.type not in ORDERED_TYPES:
            raise RuleError(f"between 只能用于数字、金额、百分比或日期，「{name}」是 {spec.type}", path=path, line=line_of(data, "op"), field="op")
        if not isinstance(raw, list) or len(raw) != 2:
            raise bad("between 后应为 [下限, 上限]")
        low, high = (_coerce_scalar(spec, v, bad) for v in raw)
        if low > high:  # type: ignore[operator]
            raise bad(f"between 的下限 {raw[0]} 大于上限 {raw[1]}")
        value = (low, high)
    elif op in ("in", "not_in"):
        if spec.type == "list":
            raise RuleError(f"列表事实「{name}」请用 has", path=path, line=line_of(data, "op"), field="op")
        if not isinstance(raw, list) or not raw:
            raise bad(f"{op} 后应为非空列表")
        value = tuple(_coerce_scalar(spec, v, bad) for v in raw)
    else:  # == !=
        if spec.type == "list":
            raise RuleError(f"列表事实「{name}」请用 has", path=path, line=line_of(data, "op"), field="op")
        value = _coerce_scalar(spec, raw, bad)
    if name == "size_class":
        for v in value if isinstance(value, tuple) else (value,):
            if v not in SIZE_CLASS_NAMES:
                raise bad(f"企业规模只能是 {' '.join(SIZE_CLASS_NAMES)}：{v!r}")
    text = data.get("text")
    leaf = Leaf(
        fact=name,
        op=op,
        value=value,
        clause=_clause(data, within),
        text=_within(str(text) if text else describe(spec, op, value), within),
        spec=spec,
    )
    if quantity is not None:
        leaf.formula = quantity.formula  # type: ignore[assignment]
        leaf.scale = quantity.scale
        leaf.fact = _computed_key(name, leaf.formula, scope, known)  # type: ignore[arg-type]
    return _finish(leaf, _predicate(op, value))


_LINE_IDS: dict[tuple, int] = {}
_ANSWER_IDS: dict[tuple, int] = {}


def _coerce_scalar(spec: FactSpec, raw: object, bad: Callable[[str], RuleError]) -> object:
    # An empty `value:` in YAML is None; a leaf comparing with None would fail on the first
    # enterprise that has the fact, so it is refused here, where the line can be named.
    if raw is None:
        raise bad("缺少比较的值（value 为空）")
    if isinstance(raw, (list, dict)):
        raise bad(f"应为单个值，不是 {type(raw).__name__}")
    if spec.type in NUMERIC_TYPES and isinstance(raw, str):
        raise bad(f"不能与文字 {raw!r} 比较（数字不加引号）")
    if spec.type == "text" and not isinstance(raw, str):
        raise bad(f"应与文字比较，{raw!r} 请加引号")
    if spec.type == "bool" and not isinstance(raw, bool):
        raise bad(f"应为 true 或 false，不是 {raw!r}")
    try:
        return coerce(spec.type, raw)
    except FactValueError as exc:
        raise bad(str(exc)) from None


def _predicate(op: str, value: object) -> Callable[[object], bool]:
    """A test on a known (non-None) fact value."""
    if op == "==":
        return lambda v: v == value
    if op == "!=":
        return lambda v: v != value
    if op == "<":
        return lambda v: v < value  # type: ignore[operator]
    if op == "<=":
        return lambda v: v <= value  # type: ignore[operator]
    if op == ">":
        return lambda v: v > value  # type: ignore[operator]
    if op == ">=":
        return lambda v: v >= value  # type: ignore[operator]
    if op == "between":
        low, high = value  # type: ignore[misc]
        return lambda v: low <= v <= high
    if op == "in":
        members = frozenset(value)  # type: ignore[arg-type]
        return lambda v: v in members
    if op == "not_in":
        members = frozenset(value)  # type: ignore[arg-type]
        return lambda v: v not in members
    if op == "has":
        return lambda v: value in v
    raise AssertionError(op)


def _show(spec: FactSpec, value: object) -> str:
    if isinstance(value, Decimal) and spec.type in NUMERIC_TYPES:
        return display(spec, value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return display(spec, value)


_NEGATED_OP = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<", "in": "not_in", "not_in": "in"}


def describe_negated(leaf: Leaf) -> str:
    """The sentence for ``not`` over this condition, said positively where it can be."""
    if leaf.spec.kind == "history":
        return leaf.formula.negated  # type: ignore[union-attr]
    if leaf.text != describe(leaf.spec, leaf.op, leaf.value):  # the author wrote their own words
        return "不满足：" + leaf.text
    if leaf.op in _NEGATED_OP:
        return describe(leaf.spec, _NEGATED_OP[leaf.op], leaf.value)
    if leaf.op == "has":
        return "不" + describe(leaf.spec, "has", leaf.value)
    return "不满足：" + leaf.text


def describe(spec: FactSpec, op: str, value: object) -> str:
    """The condition as a sentence a clerk can read aloud."""
    label = spec.label
    if op == "has":
        return f"具有有效的「{value}」{'资质' if spec.kind == 'tags' else ''}"
    if spec.type == "bool" and op in ("==", "!="):
        positive = (value is True) == (op == "==")
        return f"{'是' if positive else '不是'}{label}"
    if op == "between":
        low, high = value  # type: ignore[misc]
        return f"{label}在 {_show(spec, low)} 至 {_show(spec, high)} 之间"
    if op in ("in", "not_in"):
        shown = "、".join(_show(spec, v) for v in value)  # type: ignore[union-attr]
        return f"{label}{'为' if op == 'in' else '不为'}{shown}{'之一' if op == 'in' and len(value) > 1 else ''}"  # type: ignore[arg-type]
    if spec.type == "date":
        word = {"<": "早于", "<=": "不晚于", ">": "晚于", ">=": "不早于", "==": "为", "!=": "不为"}[op]
        return f"{label}{word} {_show(spec, value)}"
    return f"{label} {_OP_TEXT[op]} {_show(spec, value)}"
