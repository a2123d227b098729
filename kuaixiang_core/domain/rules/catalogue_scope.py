"""A catalogue's parameters and definitions, checked, and looked up by the rules that use them.

Definitions are resolved once, in file order, each naming its own line in any problem; a
definition that uses itself, directly or through others, is refused with the cycle spelled
out. While an item is parsed, every parameter and definition it reaches (through others
too) is noted, so that the item's stored content carries a copy of them (Item.content):
a stored item compiles on its own, and a changed definition makes a new version of each item
that uses it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal

from .facts import BUILTIN_FACTS, FactSpec, FactValueError, coerce
from .formula import FormulaError, FormulaTypeError, parse_formula
from .named import QUANTITY_TYPES, Parameter, Period, Predicate, Quantity
from .tree import RuleError, Scope, line_of, parse_rule

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_PARAM_KEYS = {"name", "label", "type", "unit", "values"}
_PERIOD_KEYS = {"from", "to", "value", "source"}
_DEF_KEYS = {"name", "label", "version", "source", "rule", "formula", "type", "unit"}

# (line, field, message): how problems are reported back (catalogue.Problem)
Report = Callable[[int | None, str, str], None]


class CatalogueScope(Scope):
    def __init__(self, known: Mapping[str, FactSpec], params: list[tuple[str, object]],
                 defs: list[tuple[str, object]], report: Report):
        self.known = {**BUILTIN_FACTS, **known}
        self.report = report
        self.parameters: dict[str, Parameter] = {}
        self.param_where: dict[str, str] = {}
        self.param_lines: dict[str, int | None] = {}
        self.raw_defs: dict[str, tuple[str, Mapping]] = {}
        self.quantities: dict[str, Quantity | None] = {}
        self.predicates: dict[str, Predicate | None] = {}
        self.deps: dict[str, frozenset[str]] = {}
        self.used: set[str] = set()
        self._stack: list[str] = []
        for where, raw in params:
            self._parameter(where, raw)
        for where, raw in defs:
            self._register(where, raw)
        for name in list(self.raw_defs):
            self._resolve(name)

    # -- what rules see -------------------------------------------------------------------

    def lookup(self, name: str) -> object:
        if name in self.known:
            return self.known[name]
        if name in self.parameters:
            self.used.add(name)
            return self.parameters[name]
        if name in self.raw_defs:
            quantity = self.quantity(name)
            if quantity is None and self.predicates.get(name) is not None:
                raise FormulaTypeError(f"「{name}」是条件定义，请在申请条件里用 {{def: {name}}}", 1)
            if quantity is None:
                raise FormulaError(f"定义「{name}」本身有错误（见其定义）", 1)
            return quantity
        return None

    def quantity(self, name: str) -> Quantity | None:
        if name not in self.raw_defs or "formula" not in self.raw_defs[name][1]:
            return None
        found = self._resolve(name)
        if isinstance(found, Quantity):
            self.used.add(name)
            self.used.update(self.deps.get(name, ()))
            return found
        return None

    @contextmanager
    def predicate(self, name: str) -> Iterator[tuple[object, str]]:
        if name not in self.raw_defs:
            raise RuleError(f"未知的定义「{name}」")
        where, raw = self.raw_defs[name]
        if "rule" not in raw:
            raise RuleError(f"「{name}」是数量定义，请用 {{fact: {name}, op: …, value: …}} 或在 expr 里使用")
        if name in self._stack:
            raise RuleError("定义循环引用：" + " → ".join([*self._stack[self._stack.index(name):], name]))
        if self.predicates.get(name, True) is None:
            raise RuleError(f"定义「{name}」本身有错误（见其定义）")
        self.used.add(name)
        self._stack.append(name)
        try:
            yield raw["rule"], str(raw.get("label") or name)
        finally:
            self._stack.pop()

    def fingerprint(self, names: frozenset[str]) -> str:
        closure: set[str] = set()
        for name in names:
            closure.add(name)
            closure.update(self.deps.get(name, ()))
        return json.dumps(sorted(self.content_of(n) for n in closure), ensure_ascii=False, sort_keys=True, default=str)

    # -- what items keep ------------------------------------------------------------------

    def content_of(self, name: str) -> str:
        if name in self.parameters:
            return json.dumps(["parameter", self.parameters[name].content()], ensure_ascii=False, sort_keys=True)
        return json.dumps(["definition", plain_def(self.raw_defs[name][1])], ensure_ascii=False, sort_keys=True,
                          default=str)

    def snapshot(self, names: set[str]) -> tuple[list[dict], list[dict]]:
        """(definitions, parameters) the item uses, as stored with it, sorted by name."""
        defs = [plain_def(self.raw_defs[n][1]) for n in sorted(names) if n in self.raw_defs]
        params = [self.parameters[n].content() for n in sorted(names) if n in self.parameters]
        return defs, params

    def coverage_problems(self, names: set[str], start: dt.date | None, end: dt.date | None) -> list[tuple]:
        """(line, field, message) for each parameter used without a value on some day of
        [start, end]."""
        out = []
        for name in sorted(names):
            param = self.parameters.get(name)
            if param is None:
                continue
            gap = param.gap(start, end)
            if gap:
                span = f"{start.isoformat() if start else '不限'} 至 {end.isoformat() if end else '长期'}"
                out.append((self.param_lines[name], f"{self.param_where[name]}.values",
                            f"参数「{param.label}」在事项生效期间（{span}）{gap}"))
        return out

    # -- reading the definitions ----------------------------------------------------------

    def _parameter(self, where: str, raw: object) -> None:
        if not isinstance(raw, Mapping):
            self.report(line_of(raw), where, "参数应为对象 {name, label, type, values}")
            return
        for key in raw:
            if key not in _PARAM_KEYS:
                self.report(line_of(raw, key), f"{where}.{key}", f"未知的键，可用：{'、'.join(sorted(_PARAM_KEYS))}")
        name, label, ptype = raw.get("name"), raw.get("label"), raw.get("type", "number")
        if not self._name_ok(raw, where, name):
            return
        if not isinstance(label, str) or not label.strip():
            self.report(line_of(raw), f"{where}.label", "缺少此项（参数的中文名称）")
            return
        if ptype not in QUANTITY_TYPES:
            self.report(line_of(raw, "type"), f"{where}.type", f"参数的类型应为 {'、'.join(QUANTITY_TYPES)}，实际是 {ptype!r}")
            return
        values = raw.get("values")
        if not isinstance(values, list) or not values:
            self.report(line_of(raw, "values") or line_of(raw), f"{where}.values", "应为非空列表：[{from, to, value, source}]")
            return
        periods = []
        for k, entry in enumerate(values):
            period = self._period(f"{where}.values[{k}]", entry, ptype)
            if period is None:
                return
            periods.append(period)
        periods.sort(key=lambda p: p.start or dt.date.min)
        for before, after in zip(periods, periods[1:], strict=False):
            if before.end is None or (after.start is not None and after.start <= before.end) or after.start is None:
                self.report(after.line, f"{where}.values", f"取值的期间重叠：{_span(before)} 与 {_span(after)}")
                return
        unit = raw.get("unit")
        self.parameters[name] = Parameter(name, label.strip(), ptype, unit if isinstance(unit, str) else None,
                                          tuple(periods), line_of(raw))
        self.param_where[name] = where
        self.param_lines[name] = line_of(raw, "values") or line_of(raw)

    def _period(self, where: str, entry: object, ptype: str) -> Period | None:
        if not isinstance(entry, Mapping):
            self.report(line_of(entry), where, "每个取值应为 {from, to, value, source}")
            return None
        for key in entry:
            if key not in _PERIOD_KEYS:
                self.report(line_of(entry, key), f"{where}.{key}", f"未知的键，可用：{'、'.join(sorted(_PERIOD_KEYS))}")
                return None
        days = []
        for key in ("from", "to"):
            raw = entry.get(key)
            try:
                days.append(coerce("date", raw))
            except FactValueError as exc:
                self.report(line_of(entry, key), f"{where}.{key}", str(exc))
                return None
        if days[0] and days[1] and days[1] < days[0]:
            self.report(line_of(entry, "to"), f"{where}.to", "截止日期早于起始日期")
            return None
        value = entry.get("value")
        if value is None or isinstance(value, (bool, list, dict)):
            self.report(line_of(entry, "value") or line_of(entry), f"{where}.value", f"应为数值，实际是 {value!r}")
            return None
        try:
            number = coerce(ptype, value)
        except FactValueError as exc:
            self.report(line_of(entry, "value"), f"{where}.value", str(exc))
            return None
        source = entry.get("source")
        return Period(days[0], days[1], number, str(source) if source is not None else None, line_of(entry))  # type: ignore[arg-type]

    def _name_ok(self, raw: Mapping, where: str, name: object) -> bool:
        if not isinstance(name, str) or not _NAME.match(name):
            self.report(line_of(raw, "name") or line_of(raw), f"{where}.name", "名称只能用小写字母、数字和下划线，以字母开头")
            return False
        if name in self.known:
            self.report(line_of(raw, "name"), f"{where}.name", f"「{name}」已是事实的名称")
            return False
        if name in self.parameters or name in self.raw_defs:
            self.report(line_of(raw, "name"), f"{where}.name", f"名称「{name}」重复")
            return False
        return True

    def _register(self, where: str, raw: object) -> None:
        if not isinstance(raw, Mapping):
            self.report(line_of(raw), where, "定义应为对象 {name, label, rule 或 formula}")
            return
        for key in raw:
            if key not in _DEF_KEYS:
                self.report(line_of(raw, key), f"{where}.{key}", f"未知的键，可用：{'、'.join(sorted(_DEF_KEYS))}")
        name = raw.get("name")
        if not self._name_ok(raw, where, name):
            return
        if not isinstance(raw.get("label"), str) or not raw["label"].strip():
            self.report(line_of(raw), f"{where}.label", "缺少此项（定义的中文名称，显示在判断依据里）")
            return
        kinds = [k for k in ("rule", "formula") if k in raw]
        if len(kinds) != 1:
            self.report(line_of(raw), where, "rule（条件定义）和 formula（数量定义）应有且只有一项")
            return
        if "formula" in raw and raw.get("type", "number") not in QUANTITY_TYPES:
            self.report(line_of(raw, "type"), f"{where}.type", f"数量的类型应为 {'、'.join(QUANTITY_TYPES)}")
            return
        if "rule" in raw and ("type" in raw or "unit" in raw):
            self.report(line_of(raw), where, "条件定义没有 type 和 unit")
            return
        self.raw_defs[name] = (where, raw)  # type: ignore[index]

    def _resolve(self, name: str) -> Quantity | Predicate | None:
        """The definition, checked on first use (its problems named at its own line)."""
        if name in self.quantities:
            return self.quantities[name]
        if name in self.predicates:
            return self.predicates[name]
        where, raw = self.raw_defs[name]
        if name in self._stack:
            raise _Cycle([*self._stack[self._stack.index(name):], name])
        outer = self.used
        self.used = set()
        self._stack.append(name)
        try:
            if "formula" in raw:
                self.quantities[name] = self._quantity(name, where, raw)
            else:
                self.predicates[name] = self._predicate(name, where, raw)
        except _Cycle as cycle:
            if cycle.names[0] != name:
                raise
            self.report(line_of(raw, "formula" if "formula" in raw else "rule"), f"{where}.{'formula' if 'formula' in raw else 'rule'}",
                        "定义循环引用：" + " → ".join(cycle.names))
            self.quantities.pop(name, None)
            self.predicates.pop(name, None)
            if "formula" in raw:
                self.quantities[name] = None
            else:
                self.predicates[name] = None
        finally:
            self._stack.pop()
            self.deps[name] = frozenset(self.used)
            self.used = outer | self.used
        return self.quantities.get(name) or self.predicates.get(name)

    def _quantity(self, name: str, where: str, raw: Mapping) -> Quantity | None:
        try:
            formula = parse_formula(raw["formula"], self.lookup, condition=True)
        except _Cycle:
            raise
        except FormulaError as exc:
            why = "公式的类型不对" if isinstance(exc, FormulaTypeError) else "公式无法解析"
            self.report(line_of(raw, "formula"), f"{where}.formula", f"{why}：{exc}")
            return None
        unit, version = raw.get("unit"), raw.get("version")
        return Quantity(name, raw["label"].strip(), raw.get("type", "number"), unit if isinstance(unit, str) else None,
                        str(version) if version is not None else None, formula, dict(raw), line_of(raw))

    def _predicate(self, name: str, where: str, raw: Mapping) -> Predicate | None:
        try:
            node = parse_rule(raw["rule"], self.known, path=f"{where}.rule", scope=self)
        except _Cycle:
            raise
        except RuleError as exc:
            if exc.message.startswith("定义循环引用："):
                raise _Cycle(exc.message.removeprefix("定义循环引用：").split(" → ")) from None
            self.report(exc.line or line_of(raw, "rule"), exc.path + (f".{exc.field}" if exc.field else ""), exc.message)
            return None
        version = raw.get("version")
        return Predicate(name, raw["label"].strip(), str(version) if version is not None else None, node, dict(raw),
                         line_of(raw))


class _Cycle(RuleError):
    def __init__(self, names: list[str]):
        super().__init__("定义循环引用：" + " → ".join(names))
        self.names = names


def _span(p: Period) -> str:
    return f"{p.start.isoformat() if p.start else '不限'}–{p.end.isoformat() if p.end else '长期'}"


def plain_def(raw: Mapping) -> dict:
    from .catalogue import plain  # the loader's line numbers stripped

    return plain(raw)  # type: ignore[return-value]


__all__ = ["CatalogueScope", "Decimal"]
