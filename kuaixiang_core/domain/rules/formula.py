"""Benefit formulas: a small expression language of our own, parsed and evaluated in Decimal.

Grammar (precedence low to high)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("=="|"!="|"<"|"<="|">"|">=") sum)?
    sum     := product (("+"|"-") product)*
    product := unary (("*"|"/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | STRING | NAME | NAME "(" args ")" | "(" expr ")"

Functions: min, max (any number of arguments), round(x, n), if(condition, then, else).
A fact the record lacks makes the result unknown (None), except in the branch ``if`` does
not take. Nothing is ever handed to Python's ``eval``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/(),<>]))"
)
MAX_LENGTH = 2000
MAX_DEPTH = 50
FEN = Decimal("0.01")


class FormulaError(ValueError):
    """A formula that does not parse; ``column`` is 1-based within the formula text."""

    def __init__(self, message: str, column: int):
        super().__init__(f"{message}（第 {column} 个字符）")
        self.message = message
        self.column = column


@dataclass(frozen=True)
class _Tok:
    kind: str  # num str name op end
    text: str
    pos: int


def _tokens(source: str) -> list[_Tok]:
    out, pos = [], 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = _TOKEN.match(source, pos)
        if not match or match.end() == pos:
            stripped = len(source[pos:]) - len(source[pos:].lstrip())
            raise FormulaError(f"无法识别的字符「{source[pos + stripped]}」", pos + stripped + 1)
        kind = match.lastgroup or "op"
        start = match.start(kind)
        out.append(_Tok(kind, match.group(kind), start))
        pos = match.end()
    out.append(_Tok("end", "", len(source)))
    return out


Value = Decimal | str | bool | None
Evaluator = Callable[[Mapping[str, object]], Value]


@dataclass(frozen=True)
class Formula:
    source: str
    facts: frozenset[str]
    _run: Evaluator

    def evaluate(self, values: Mapping[str, object]) -> Decimal | None:
        """The amount in 元, rounded half-up to 分; None when a fact it needs is missing."""
        try:
            result = self._run(values)
            if result is None:
                return None
            if not isinstance(result, Decimal):
                raise FormulaError("公式的结果不是数值", 1)
            # Inside the try: an amount too large to hold to 分 is no amount, not a crash.
            return result.quantize(FEN, rounding=ROUND_HALF_UP)
        except (DivisionByZero, InvalidOperation):
            return None


_FUNCTIONS = {"min", "max", "round", "if"}
_KEYWORDS = {"and", "or", "not"}


class _Parser:
    def __init__(self, source: str, known: Callable[[str], bool]):
        self.toks = _tokens(source)
        self.i = 0
        self.known = known
        self.names: set[str] = set()
        self.depth = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self, text: str | None = None) -> _Tok:
        tok = self.toks[self.i]
        if text is not None and tok.text != text:
            raise FormulaError(f"此处应为「{text}」，实际是「{tok.text or '结尾'}」", tok.pos + 1)
        self.i += 1
        return tok

    def nested(self, fn):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("公式嵌套过深", self.peek().pos + 1)
        try:
            return fn()
        finally:
            self.depth -= 1

    def parse(self) -> Evaluator:
        run = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise FormulaError(f"多余的「{tok.text}」", tok.pos + 1)
        return run

    def expr(self) -> Evaluator:
        return self.nested(self.or_)

    def or_(self) -> Evaluator:
        terms = [self.and_()]
        while self.peek().text == "or":
            self.take()
            terms.append(self.and_())
        return terms[0] if len(terms) == 1 else _or(terms)

    def and_(self) -> Evaluator:
        terms = [self.not_()]
        while self.peek().text == "and":
            self.take()
            terms.append(self.not_())
        return terms[0] if len(terms) == 1 else _and(terms)

    def not_(self) -> Evaluator:
        if self.peek().text == "not":
            self.take()
            inner = self.nested(self.not_)
            return lambda v: None if (x := inner(v)) is None else not _truth(x)
        return self.compare()

    def compare(self) -> Evaluator:
        left = self.sum()
        if self.peek().text in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take().text
            return _compare(op, left, self.sum())
        return left

    # A run of + - (or * /) is one flat chain, not a closure per operator: a 2,000-character
    # '1+1+…+1' would otherwise nest a thousand calls deep and exhaust Python's stack.
    def sum(self) -> Evaluator:
        first, rest = self.product(), []
        while self.peek().text in ("+", "-"):
            op = self.take().text
            rest.append((op, self.product()))
        return _arith(first, rest) if rest else first

    def product(self) -> Evaluator:
        first, rest = self.unary(), []
        while self.peek().text in ("*", "/"):
            op = self.take().text
            rest.append((op, self.unary()))
        return _arith(first, rest) if rest else first

    def unary(self) -> Evaluator:
        if self.peek().text == "-":
            self.take()
            inner = self.nested(self.unary)
            return lambda v: None if (x := inner(v)) is None else -_num(x)
        return self.atom()

    def atom(self) -> Evaluator:
        tok = self.take()
        if tok.kind == "num":
            number = Decimal(tok.text)
            return lambda v: number
        if tok.kind == "str":
            text = tok.text[1:-1]
            return lambda v: text
        if tok.text == "(":
            inner = self.expr()
            self.take(")")
            return inner
        if tok.kind == "name" and tok.text not in _KEYWORDS:
            if self.peek().text == "(":
                return self.call(tok)
            if tok.text in ("true", "false"):
                flag = tok.text == "true"
                return lambda v: flag
            if not self.known(tok.text):
                raise FormulaError(f"未知的事实「{tok.text}」", tok.pos + 1)
            self.names.add(tok.text)
            name = tok.text
            return lambda v: v.get(name)
        raise FormulaError(f"此处应为数字、事实或括号，实际是「{tok.text or '结尾'}」", tok.pos + 1)

    def call(self, name: _Tok) -> Evaluator:
        if name.text not in _FUNCTIONS:
            raise FormulaError(f"未知的函数「{name.text}」，可用：min max round if", name.pos + 1)
        self.take("(")
        args = [self.expr()]
        while self.peek().text == ",":
            self.take()
            args.append(self.expr())
        self.take(")")
        fn = name.text
        if fn in ("min", "max"):
            if len(args) < 2:
                raise FormulaError(f"{fn} 至少需要两个参数", name.pos + 1)
            return _minmax(min if fn == "min" else max, args)
        if fn == "round":
            if len(args) != 2:
                raise FormulaError("round 需要两个参数：round(数值, 小数位数)", name.pos + 1)
            return _round(*args)
        if len(args) != 3:
            raise FormulaError("if 需要三个参数：if(条件, 成立时, 不成立时)", name.pos + 1)
        return _if(*args)


def _num(x: Value) -> Decimal:
    if isinstance(x, bool) or not isinstance(x, Decimal):
        raise InvalidOperation(f"not a number: {x!r}")
    return x


def _truth(x: Value) -> bool:
    if isinstance(x, bool):
        return x
    raise InvalidOperation(f"not a condition: {x!r}")


def _arith(first: Evaluator, rest: list[tuple[str, Evaluator]]) -> Evaluator:
    def run(v):
        values = [first(v), *(b(v) for _op, b in rest)]
        if any(x is None for x in values):
            return None
        total = _num(values[0])
        for (op, _b), y in zip(rest, values[1:]):
            y = _num(y)
            if op == "+":
                total += y
            elif op == "-":
                total -= y
            elif op == "*":
                total *= y
            else:
                total /= y
        return total

    return run


def _compare(op: str, a: Evaluator, b: Evaluator) -> Evaluator:
    def run(v):
        x, y = a(v), b(v)
        if x is None or y is None:
            return None
        if isinstance(x, Decimal) != isinstance(y, Decimal):
            raise InvalidOperation("comparing a number with text")
        if op == "==":
            return x == y
        if op == "!=":
            return x != y
        try:
            # A date, a flag or a list ordered against quoted text has no answer: no amount.
            return {"<": lambda: x < y, "<=": lambda: x <= y, ">": lambda: x > y, ">=": lambda: x >= y}[op]()
        except TypeError:
            raise InvalidOperation(f"cannot order {type(x).__name__} against {type(y).__name__}") from None

    return run


def _and(terms: list[Evaluator]) -> Evaluator:
    # Three-valued: one false term decides, else one unknown leaves it unknown.
    def run(v):
        values = [t(v) for t in terms]
        if any(x is False for x in values):
            return False
        if any(x is None for x in values):
            return None
        return all([_truth(x) for x in values])

    return run


def _or(terms: list[Evaluator]) -> Evaluator:
    def run(v):
        values = [t(v) for t in terms]
        if any(x is True for x in values):
            return True
        if any(x is None for x in values):
            return None
        return any([_truth(x) for x in values])

    return run


def _minmax(pick, args: list[Evaluator]) -> Evaluator:
    def run(v):
        values = [a(v) for a in args]
        if any(x is None for x in values):
            return None
        return pick(_num(x) for x in values)

    return run


def _round(a: Evaluator, places: Evaluator) -> Evaluator:
    def run(v):
        x, n = a(v), places(v)
        if x is None or n is None:
            return None
        n = _num(n)
        if n != n.to_integral_value() or not 0 <= n <= 8:
            raise InvalidOperation("round places")
        return _num(x).quantize(Decimal(1).scaleb(-int(n)), rounding=ROUND_HALF_UP)

    return run


def _if(cond: Evaluator, then: Evaluator, other: Evaluator) -> Evaluator:
    def run(v):
        c = cond(v)
        if c is None:
            return None
        return then(v) if _truth(c) else other(v)

    return run


def parse_formula(source: str, known: Callable[[str], bool]) -> Formula:
    """Parse ``source``; ``known(name)`` says whether a fact name exists."""
    if not isinstance(source, str) or not source.strip():
        raise FormulaError("公式为空", 1)
    if len(source) > MAX_LENGTH:
        raise FormulaError(f"公式超过 {MAX_LENGTH} 个字符", MAX_LENGTH)
    parser = _Parser(source, known)
    run = parser.parse()
    return Formula(source, frozenset(parser.names), run)
