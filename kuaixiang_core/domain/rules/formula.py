"""Benefit formulas: a small expression language of our own, parsed, typed and evaluated in Decimal.

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

Every sub-expression is typed when the formula is parsed (docs/rules.md §5, §A2): a fact has its
declared type, a literal is a number, a text or true/false, and a quoted text compared with a
date fact is read as a date ('YYYY-MM-DD'), and one compared with 企业规模 must be its code (large). A
formula that mixes types, or whose result is not a number, is refused with its column, so
that a formula which parses can only give an amount or no amount (None): a fact the record
lacks makes the result unknown, except in the branch ``if`` does not take. Nothing is ever
handed to Python's ``eval``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Protocol

from .facts import NUMERIC_TYPES, SIZE_CLASS_NAMES, FactSpec, display
from .named import Parameter, Quantity, show_quantity

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/(),<>]))"
)
MAX_LENGTH = 2000
MAX_DEPTH = 50
FEN = Decimal("0.01")

# The types of the language. A fact's declared type maps onto one of them (see _fact_type).
NUM, DATE, BOOL, TEXT, LIST, SIZE = "number", "date", "bool", "text", "list", "size_class"
TYPE_NAMES = {NUM: "数值", DATE: "日期", BOOL: "条件（是/否）", TEXT: "文字", LIST: "列表", SIZE: "企业规模"}
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SIZE_BY_NAME = {**{code: code for code in SIZE_CLASS_NAMES}, **{name: code for code, name in SIZE_CLASS_NAMES.items()}}
_SIZES_SHOWN = "、".join(f"'{code}'（{name}）" for code, name in SIZE_CLASS_NAMES.items())


class FormulaError(ValueError):
    """A formula that cannot be accepted; ``column`` is 1-based within the formula text."""

    def __init__(self, message: str, column: int):
        super().__init__(f"{message}（第 {column} 个字符）")
        self.message = message
        self.column = column


class FormulaTypeError(FormulaError):
    """A formula that parses but puts together values of the wrong types."""


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


Value = Decimal | str | bool | dt.date | None
Evaluator = Callable[[Mapping[str, object]], Value]
# A name in a formula: a fact, a catalogue parameter or a quantity (named.py).
Named = FactSpec | Parameter | Quantity
FactLookup = Mapping[str, Named] | Callable[[str], "Named | None"]


class SqlContext(Protocol):
    """What compiling a formula to SQL needs from the compiler (store.rule_sql): SQL of a
    fact's value in the engine's units (NULL when unknown), a bound value, a parameter's
    value on the as-of date, and division (NULL on a zero divisor, never integer division)."""

    def fact(self, name: str, spec: FactSpec) -> str: ...

    def bind(self, value: object) -> str: ...

    def param(self, parameter: Parameter) -> str: ...

    def divide(self, a: str, b: str) -> str: ...


SqlBuilder = Callable[[SqlContext], str]


@dataclass(frozen=True)
class _Expr:
    """A parsed sub-expression: its type, how to work it out, and where it starts (0-based).

    ``literal`` is the text of a quoted literal, which takes the type of what it is compared
    with (a date, a size class) and is a plain text otherwise; ``shown`` names it in messages."""

    type: str
    run: Evaluator
    pos: int
    shown: str
    literal: str | None = None
    const: Decimal | None = None  # the value of a number written out (round's places)
    sql: SqlBuilder | None = None  # the same in SQL (see SqlContext)


@dataclass(frozen=True)
class Formula:
    source: str
    facts: frozenset[str]  # the facts it reads, through the quantities it uses too
    _run: Evaluator
    params: tuple[Parameter, ...] = ()  # the parameters it reads, likewise
    _sql: SqlBuilder | None = field(default=None, repr=False)
    # name -> how it is shown in the 'why' (fact, parameter or quantity), for render()
    _shows: Mapping[str, Callable[[Mapping[str, object]], str]] = field(default_factory=dict, repr=False)
    type: str = "number"
    uses: frozenset[str] = frozenset()  # the parameters and quantities named in it

    def prepare(self, values: dict, as_of: dt.date | None) -> dict:
        """``values`` with the value in force on ``as_of`` of every parameter read (under
        keys no fact can have); a parameter without one there is unknown."""
        for p in self.params:
            if p.key not in values:
                values[p.key] = p.value_on(as_of)
        return values

    def value(self, values: Mapping[str, object], as_of: dt.date | None = None) -> Value:
        """The raw result (a number, a condition's True/False), or None when unknown."""
        if self.params:
            values = self.prepare(values if isinstance(values, dict) else dict(values), as_of)
        try:
            return self._run(values)
        except ArithmeticError:  # decimal's InvalidOperation, Overflow …
            return None

    def evaluate(self, values: Mapping[str, object], as_of: dt.date | None = None) -> Decimal | None:
        """The amount in 元, rounded half-up to 分; None when a fact it needs is missing or
        the arithmetic has no answer (division by zero, an amount too large to hold to 分)."""
        try:
            result = self.value(values, as_of)
            if not isinstance(result, Decimal):  # None; the parse made sure of the type
                return None
            # Inside the try: an amount too large to hold to 分 is no amount, not a crash.
            return result.quantize(FEN, rounding=ROUND_HALF_UP)
        except ArithmeticError:  # decimal's DivisionByZero, InvalidOperation, Overflow …
            return None

    def sql(self, ctx: SqlContext) -> str:
        assert self._sql is not None
        return self._sql(ctx)

    def render(self, values: Mapping[str, object]) -> str:
        """The formula with each name replaced by its value, as the 'why' shows its inputs:
        ``disabled_employees / employees`` → 「3 人 / 250 人」."""
        out = []
        for tok in _tokens(self.source):
            if tok.kind == "name" and tok.text in self._shows:
                out.append(self._shows[tok.text](values))
            elif tok.kind != "end":
                out.append(_PRETTY.get(tok.text, tok.text))
        text = " ".join(out)
        return text.replace("( ", "(").replace(" )", ")").replace(" ,", ",")


_PRETTY = {"*": "×", ">=": "≥", "<=": "≤", "==": "=", "!=": "≠", "and": "且", "or": "或", "not": "非"}


_FUNCTIONS = {"min", "max", "round", "if"}
_KEYWORDS = {"and", "or", "not"}
_ORDERING = ("<", "<=", ">", ">=")


def _fact_type(spec: FactSpec) -> str:
    if spec.name == "size_class":
        return SIZE
    if spec.type in NUMERIC_TYPES:
        return NUM
    return spec.type if spec.type in (DATE, BOOL, TEXT, LIST) else TEXT


def _type_error(message: str, pos: int) -> FormulaTypeError:
    return FormulaTypeError(message, pos + 1)


def _bool_sql(flag: bool) -> SqlBuilder:
    text = "(1 = 1)" if flag else "(1 = 0)"  # TRUE / FALSE in every dialect
    return lambda ctx: text


_SQL_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class _Parser:
    def __init__(self, source: str, lookup: Callable[[str], Named | None], *, condition: bool = False):
        self.source = source
        self.toks = _tokens(source)
        self.i = 0
        self.lookup = lookup
        self.names: set[str] = set()
        self.params: dict[str, Parameter] = {}
        self.uses: set[str] = set()
        self.shows: dict[str, Callable[[Mapping[str, object]], str]] = {}
        self.depth = 0
        # A rule's condition or a quantity (compiled to SQL too): no round, whose half-up on
        # binary floating point in SQL could not agree with the engine's decimal.
        self.condition = condition

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self, text: str | None = None) -> _Tok:
        tok = self.toks[self.i]
        if text is not None and tok.text != text:
            raise FormulaError(f"此处应为「{text}」，实际是「{tok.text or '结尾'}」", tok.pos + 1)
        self.i += 1
        return tok

    def made(self, type_: str, run: Evaluator, pos: int, **more) -> _Expr:
        """An expression from ``pos`` up to the next token, named by its text in messages."""
        text = " ".join(self.source[pos:self.peek().pos].split())
        shown = f"「{text if len(text) <= 30 else text[:29] + '…'}」"
        return _Expr(type_, run, pos, shown, **more)

    def nested(self, fn):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError("公式嵌套过深", self.peek().pos + 1)
        try:
            return fn()
        finally:
            self.depth -= 1

    def parse(self, result_type: str = NUM) -> _Expr:
        result = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            raise FormulaError(f"多余的「{tok.text}」", tok.pos + 1)
        if result.type != result_type:
            if result_type == BOOL:
                raise _type_error(
                    f"条件表达式的结果应为是/否（比较，如 a >= b * 0.03），此处是{TYPE_NAMES[result.type]}", result.pos)
            raise _type_error(f"公式的结果应为金额（数值），此处是{TYPE_NAMES[result.type]}", result.pos)
        return result

    def expr(self) -> _Expr:
        return self.nested(self.or_)

    def or_(self) -> _Expr:
        terms = [self.and_()]
        while self.peek().text == "or":
            op = self.take()
            terms.append(self.and_())
            _need_conditions(terms, op.text)
        if len(terms) == 1:
            return terms[0]
        return self.made(BOOL, _or([t.run for t in terms]), terms[0].pos, sql=_join_sql(" OR ", terms))

    def and_(self) -> _Expr:
        terms = [self.not_()]
        while self.peek().text == "and":
            op = self.take()
            terms.append(self.not_())
            _need_conditions(terms, op.text)
        if len(terms) == 1:
            return terms[0]
        return self.made(BOOL, _and([t.run for t in terms]), terms[0].pos, sql=_join_sql(" AND ", terms))

    def not_(self) -> _Expr:
        if self.peek().text == "not":
            tok = self.take()
            inner = self.nested(self.not_)
            _need_conditions([inner], "not")
            run, inner_sql = inner.run, inner.sql
            return self.made(BOOL, lambda v: None if (x := run(v)) is None else not _truth(x), tok.pos,
                             sql=lambda ctx: f"(NOT {inner_sql(ctx)})")
        return self.compare()

    def compare(self) -> _Expr:
        left = self.sum()
        if self.peek().text in ("==", "!=", *_ORDERING):
            tok = self.take()
            right = self.sum()
            left, right = _unify(left, right, f"「{tok.text}」两边", tok.pos)
            if tok.text in _ORDERING and left.type not in (NUM, DATE):
                raise _type_error(
                    f"「{tok.text}」只能比较两个数值或两个日期，{left.shown}是{TYPE_NAMES[left.type]}", tok.pos)
            a, b, op = left.sql, right.sql, _SQL_OPS[tok.text]
            return self.made(BOOL, _compare(tok.text, left.run, right.run), left.pos,
                             sql=lambda ctx: f"({a(ctx)} {op} {b(ctx)})")
        return left

    # A run of + - (or * /) is one flat chain, not a closure per operator: a 2,000-character
    # '1+1+…+1' would otherwise nest a thousand calls deep and exhaust Python's stack.
    def sum(self) -> _Expr:
        return self._chain(self.product, ("+", "-"))

    def product(self) -> _Expr:
        return self._chain(self.unary, ("*", "/"))

    def _chain(self, operand: Callable[[], _Expr], ops: tuple[str, str]) -> _Expr:
        first, rest = operand(), []
        while self.peek().text in ops:
            op = self.take().text
            if not rest:
                _need_numbers([first], op)
            right = operand()
            _need_numbers([right], op)
            rest.append((op, right))
        if not rest:
            return first
        return self.made(NUM, _arith(first.run, [(op, r.run) for op, r in rest]), first.pos,
                         sql=_chain_sql(first.sql, [(op, r.sql) for op, r in rest]))

    def unary(self) -> _Expr:
        if self.peek().text == "-":
            tok = self.take()
            inner = self.nested(self.unary)
            _need_numbers([inner], "-")
            run, inner_sql = inner.run, inner.sql
            const = None if inner.const is None else -inner.const
            return self.made(NUM, lambda v: None if (x := run(v)) is None else -_num(x), tok.pos, const=const,
                             sql=lambda ctx: f"(-{inner_sql(ctx)})")
        return self.atom()

    def atom(self) -> _Expr:
        tok = self.take()
        if tok.kind == "num":
            number = Decimal(tok.text)
            return self.made(NUM, lambda v: number, tok.pos, const=number, sql=lambda ctx: ctx.bind(number))
        if tok.kind == "str":
            text = tok.text[1:-1]
            return self.made(TEXT, lambda v: text, tok.pos, literal=text, sql=lambda ctx: ctx.bind(text))
        if tok.text == "(":
            inner = self.expr()
            self.take(")")
            return replace(inner, pos=tok.pos, shown=self.made(inner.type, inner.run, tok.pos).shown)
        if tok.kind == "name" and tok.text not in _KEYWORDS:
            if self.peek().text == "(":
                return self.call(tok)
            if tok.text in ("true", "false"):
                flag = tok.text == "true"
                return self.made(BOOL, lambda v: flag, tok.pos, sql=_bool_sql(flag))
            return self.name(tok)
        raise FormulaError(f"此处应为数字、事实或括号，实际是「{tok.text or '结尾'}」", tok.pos + 1)

    def name(self, tok: _Tok) -> _Expr:
        found = self.lookup(tok.text)
        if found is None:
            raise FormulaError(f"未知的事实「{tok.text}」", tok.pos + 1)
        if isinstance(found, (Parameter, Quantity)):
            self.uses.add(found.name)
        if isinstance(found, Parameter):
            self.params[found.name] = found
            key, spec = found.key, found.spec
            self.shows[tok.text] = lambda v: _shown(spec, v.get(key))
            return self.made(NUM, lambda v: v.get(key), tok.pos, sql=lambda ctx: ctx.param(found))
        if isinstance(found, Quantity):
            inner: Formula = found.formula  # type: ignore[assignment]
            self.names.update(inner.facts)
            self.params.update({p.name: p for p in inner.params})
            run, scale, spec = inner._run, found.scale, found.spec
            if scale is None:
                value_run: Evaluator = run
                value_sql: SqlBuilder = inner.sql
            else:
                def value_run(v, run=run, scale=scale):
                    x = run(v)
                    return None if x is None else x * scale

                def value_sql(ctx, inner=inner, scale=scale):
                    return f"({inner.sql(ctx)} * {ctx.bind(scale)})"
            self.shows[tok.text] = lambda v: show_quantity(spec, value_run(v))
            return self.made(NUM, value_run, tok.pos, sql=value_sql)
        ftype = _fact_type(found)
        if ftype == LIST:
            raise _type_error(f"「{tok.text}」是列表，不能用在公式里（资质等请在申请条件里用 has 判断）", tok.pos)
        self.names.add(tok.text)
        name, spec = tok.text, found
        self.shows[name] = lambda v: _shown(spec, v.get(name))
        return self.made(ftype, _reader(name, ftype), tok.pos, sql=lambda ctx: ctx.fact(name, spec))

    def call(self, name: _Tok) -> _Expr:
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
            _need_numbers(args, fn)
            return self.made(NUM, _minmax(min if fn == "min" else max, [a.run for a in args]), name.pos,
                             sql=_minmax_sql("<=" if fn == "min" else ">=", [a.sql for a in args]))
        if fn == "round":
            if self.condition:
                raise FormulaError("round 只能用于金额公式，不能用于申请条件或定义", name.pos + 1)
            if len(args) != 2:
                raise FormulaError("round 需要两个参数：round(数值, 小数位数)", name.pos + 1)
            _need_numbers(args, fn)
            places = args[1]
            if places.const is not None and (places.const != places.const.to_integral_value() or not 0 <= places.const <= 8):
                raise _type_error(f"round 的小数位数应为 0 到 8 的整数，实际是{places.shown}", places.pos)
            return self.made(NUM, _round(args[0].run, places.run), name.pos)
        if len(args) != 3:
            raise FormulaError("if 需要三个参数：if(条件, 成立时, 不成立时)", name.pos + 1)
        cond, then, other = args
        if cond.type != BOOL:
            raise _type_error(
                f"if 的条件应为比较（如 a > 1）或是/否的事实，{cond.shown}是{TYPE_NAMES[cond.type]}", cond.pos)
        then, other = _unify(then, other, "if 的两个结果", other.pos)
        c, a, b = cond.sql, then.sql, other.sql
        return self.made(then.type, _if(cond.run, then.run, other.run), name.pos,
                         sql=lambda ctx: f"(CASE WHEN {c(ctx)} IS NULL THEN NULL WHEN {c(ctx)} THEN {a(ctx)} ELSE {b(ctx)} END)")


def _shown(spec: FactSpec, value: object) -> str:
    # An input the record lacks is named, with a question mark: 「安排残疾人就业人数？ / 250 人」.
    return f"{spec.label}？" if value is None else display(spec, value)


def _join_sql(joiner: str, terms: list[_Expr]) -> SqlBuilder:
    parts = [t.sql for t in terms]
    return lambda ctx: "(" + joiner.join(p(ctx) for p in parts) + ")"  # type: ignore[misc]


def _chain_sql(first: SqlBuilder | None, rest: list[tuple[str, SqlBuilder | None]]) -> SqlBuilder:
    def build(ctx: SqlContext) -> str:
        out = first(ctx)  # type: ignore[misc]
        for op, b in rest:
            out = ctx.divide(out, b(ctx)) if op == "/" else f"({out} {op} {b(ctx)})"  # type: ignore[misc]
        return out

    return build


def _minmax_sql(keep_left: str, args: list) -> SqlBuilder:
    # min(a, b): NULL when either is (as the engine's), else the one kept.
    def build(ctx: SqlContext) -> str:
        out = args[0](ctx)
        for b in args[1:]:
            right = b(ctx)
            out = (f"(CASE WHEN {out} IS NULL OR {right} IS NULL THEN NULL "
                   f"WHEN {out} {keep_left} {right} THEN {out} ELSE {right} END)")
        return out

    return build


def _need_numbers(args: list[_Expr], op: str) -> None:
    for a in args:
        if a.type != NUM:
            hint = "（数值不加引号）" if a.literal is not None and _is_number(a.literal) else ""
            raise _type_error(f"「{op}」只能用于数值，{a.shown}是{TYPE_NAMES[a.type]}{hint}", a.pos)


def _need_conditions(args: list[_Expr], op: str) -> None:
    for a in args:
        if a.type != BOOL:
            raise _type_error(f"「{op}」只能用于条件（比较或是/否的事实），{a.shown}是{TYPE_NAMES[a.type]}", a.pos)


def _is_number(text: str) -> bool:
    return re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", text) is not None


def _read_literal(lit: _Expr, target: str) -> _Expr:
    """A quoted literal read as ``target`` (a date or a size class); text stays text."""
    text = lit.literal or ""
    if target == DATE:
        try:
            if not _DATE_TEXT.match(text):
                raise ValueError
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise _type_error(f"日期应写作 'YYYY-MM-DD'（如 '2025-01-01'），{lit.shown}不是有效的日期", lit.pos) from None
        return _Expr(DATE, lambda v: day, lit.pos, lit.shown, sql=lambda ctx: ctx.bind(day))
    if target == SIZE:
        # The code, as in a rule's value (tree.py): the engine holds the code, so '大型' would
        # never be equal to it; it is refused with the code to write instead.
        code = text if text in SIZE_CLASS_NAMES else None
        if code is None:
            meant = _SIZE_BY_NAME.get(text.strip())
            hint = f"；{lit.shown}请写作 '{meant}'" if meant else ""
            raise _type_error(f"企业规模只能是 {_SIZES_SHOWN}（写代码）{hint}", lit.pos)
        return _Expr(SIZE, lambda v: code, lit.pos, lit.shown, sql=lambda ctx: ctx.bind(code))
    return lit


def _unify(a: _Expr, b: _Expr, where: str, op_pos: int) -> tuple[_Expr, _Expr]:
    """``a`` and ``b`` of one type, a quoted literal read as the other side's; or refused."""
    if a.literal is not None and b.literal is None:
        a = _read_literal(a, b.type)
    elif b.literal is not None and a.literal is None:
        b = _read_literal(b, a.type)
    if a.type == b.type:
        return a, b
    lit, other = (a, b) if a.literal is not None else (b, a)
    if lit.literal is not None:
        hint = ""
        if other.type == BOOL and lit.literal.strip().lower() in ("true", "false", "是", "否", "1", "0", "yes", "no"):
            flag = "true" if lit.literal.strip().lower() in ("true", "是", "1", "yes") else "false"
            hint = f"；是/否请写 true 或 false，不加引号：「{other.shown[1:-1]} == {flag}」"
        elif other.type == NUM:
            hint = "；数值不加引号" if _is_number(lit.literal) else ""
        raise _type_error(
            f"{where}类型不同：{other.shown}是{TYPE_NAMES[other.type]}，{lit.shown}是文字{hint}", lit.pos)
    hint = ""
    if TEXT in (a.type, b.type) and NUM in (a.type, b.type):
        hint = "；文字请加引号，如 region_code == '371502'"
    elif DATE in (a.type, b.type):
        hint = "；日期请加引号写作 'YYYY-MM-DD'，如 established >= '2020-01-01'"
    raise _type_error(
        f"{where}类型不同：{a.shown}是{TYPE_NAMES[a.type]}，{b.shown}是{TYPE_NAMES[b.type]}{hint}", op_pos)


def _reader(name: str, ftype: str) -> Evaluator:
    """A fact's value as its type; a value of another kind (a float slipped in, a bad value
    from a department) counts as missing, so that it can never make an amount or an error."""
    if ftype == NUM:
        def run(v):
            x = v.get(name)
            if isinstance(x, Decimal):
                return x if x.is_finite() else None
            if isinstance(x, int) and not isinstance(x, bool):
                return Decimal(x)
            return None  # floats included: money is never worked out in binary floating point
    elif ftype == DATE:
        def run(v):
            x = v.get(name)
            if isinstance(x, dt.datetime):
                return x.date()
            return x if isinstance(x, dt.date) else None
    elif ftype == BOOL:
        def run(v):
            x = v.get(name)
            return x if isinstance(x, bool) else None
    else:  # text and the size class (its code, compared as a rule compares it)
        def run(v):
            x = v.get(name)
            return x if isinstance(x, str) else None
    return run


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
            elif y == 0:  # no answer (unknown), as SQL's NULLIF gives
                return None
            else:
                total /= y
        return total

    return run


def _compare(op: str, a: Evaluator, b: Evaluator) -> Evaluator:
    # Both sides are of one type (the parse made sure): the comparison is the type's own.
    def run(v):
        x, y = a(v), b(v)
        if x is None or y is None:
            return None
        if op == "==":
            return x == y
        if op == "!=":
            return x != y
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]

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


def parse_formula(source: str, facts: FactLookup, *, result: str = NUM, condition: bool = False) -> Formula:
    """Parse and type ``source``; ``facts`` gives what each name stands for (a FactSpec, a
    Parameter or a Quantity: a mapping, or a function returning None for a name that does
    not exist). ``result``: the type the whole must have (a number; ``bool`` for a rule's
    condition). ``condition``: it is also compiled to SQL (no round). Raises FormulaError (a
    FormulaTypeError for values of the wrong types) naming the column."""
    if not isinstance(source, str) or not source.strip():
        raise FormulaError("公式为空", 1)
    if len(source) > MAX_LENGTH:
        raise FormulaError(f"公式超过 {MAX_LENGTH} 个字符", MAX_LENGTH)
    lookup = facts.get if isinstance(facts, Mapping) else facts
    parser = _Parser(source, lookup, condition=condition)
    top = parser.parse(result)
    return Formula(source, frozenset(parser.names), top.run, tuple(parser.params.values()), top.sql,
                   dict(parser.shows), top.type, frozenset(parser.uses))
