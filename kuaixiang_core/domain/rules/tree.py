"""Rule trees: parsing the declarative form (DESIGN §5) into checked, compiled nodes.

Parsing checks everything that can be checked before an enterprise is seen — the fact
exists, the operator suits its type, the value has the fact's type, the tree is not too
deep — so that evaluation cannot fail on a well-formed catalogue.
"""

from __future__ import annotations

import datetime as dt
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


def parse_rule(data: object, facts: Mapping[str, FactSpec] | None = None, *, path: str = "rule") -> Node:
    """Parse a rule tree; ``facts`` are the declared facts beyond the built-in ones."""
    known = {**BUILTIN_FACTS, **(facts or {})}
    return _parse(data, known, path, 1)


def _parse(data: object, known: Mapping[str, FactSpec], path: str, depth: int) -> Node:
    if depth > MAX_DEPTH:
        raise RuleError(f"条件嵌套超过 {MAX_DEPTH} 层", path=path, line=line_of(data))
    if not isinstance(data, Mapping):
        raise RuleError("条件应为 all / any / not 或 {fact, op, value}", path=path, line=line_of(data))
    combinators = [k for k in ("all", "any", "not") if k in data]
    if combinators:
        if len(data) != 1:
            extra = sorted(set(data) - {combinators[0]})
            raise RuleError(f"「{combinators[0]}」旁不能再有其他键：{extra}", path=path, line=line_of(data))
        kind = combinators[0]
        body = data[kind]
        if kind == "not":
            return Not(_parse(body, known, f"{path}.not", depth + 1))
        if not isinstance(body, list) or not body:
            raise RuleError(f"「{kind}」后应为非空列表", path=f"{path}.{kind}", line=line_of(data, kind))
        children = tuple(_parse(c, known, f"{path}.{kind}[{i}]", depth + 1) for i, c in enumerate(body))
        return All(children) if kind == "all" else AnyOf(children)
    return _parse_leaf(data, known, path)


_LEAF_KEYS = {"fact", "op", "value", "clause", "text"}


def _parse_leaf(data: Mapping, known: Mapping[str, FactSpec], path: str) -> Leaf:
    line = line_of(data)
    unknown_keys = sorted(set(data) - _LEAF_KEYS)
    if unknown_keys:
        raise RuleError(f"条件中有未知的键：{unknown_keys}", path=path, line=line, field=unknown_keys[0])
    for key in ("fact", "op", "value"):
        if key not in data:
            raise RuleError(f"条件缺少「{key}」", path=path, line=line, field=key)
    name, op, raw = data["fact"], data["op"], data["value"]
    if not isinstance(name, str) or name not in known:
        raise RuleError(f"未知的事实「{name}」", path=path, line=line_of(data, "fact"), field="fact")
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
    clause = data.get("clause")
    text = data.get("text")
    leaf = Leaf(
        fact=name,
        op=op,
        value=value,
        clause=str(clause) if clause is not None else None,
        text=str(text) if text else describe(spec, op, value),
        spec=spec,
    )
    leaf.key = (name, op, value)
    leaf.test = _predicate(op, value)
    leaf.line_id = _LINE_IDS.setdefault((leaf.key, leaf.text, leaf.clause), len(_LINE_IDS))
    leaf.answer_id = _ANSWER_IDS.setdefault(leaf.key, len(_ANSWER_IDS))
    return leaf


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
