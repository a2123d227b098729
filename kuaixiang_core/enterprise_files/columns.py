"""The column table: which header (or JSON key) feeds which enterprise field or declared fact,
in which unit."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..domain.rules.facts import FactSpec
from .cells import (
    Opts,
    parse_bool,
    parse_credit_code,
    parse_established,
    parse_headcount,
    parse_industry,
    parse_money_fen,
    parse_rating,
    parse_region,
    parse_tags,
    text_parser,
)
from .errors import Bad
from .values import ONE, WAN, nfkc


@dataclass(frozen=True)
class FieldSpec:
    """One enterprise column: its English name (CSV header and JSON key), its Chinese header,
    other headers seen in the registries' exports, and how a cell becomes a value."""

    name: str
    label: str
    attr: str  # EnterpriseRecord attribute
    parse: Callable[[object, Opts], object]
    aliases: tuple[str, ...] = ()
    required: bool = False
    money: bool = False  # header may say （元）/（万元） or _yuan/_wan
    unit: str | None = None  # a unit the header may carry, e.g. 从业人员（人）


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("credit_code", "统一社会信用代码", "credit_code", parse_credit_code,
              ("社会信用代码", "信用代码", "uscc"), required=True),
    FieldSpec("name", "企业名称", "name", text_parser(200, "企业名称"),
              ("名称", "单位名称", "市场主体名称"), required=True),
    FieldSpec("legal_rep", "法定代表人", "legal_rep", text_parser(64, "法定代表人"),
              ("法人", "法人代表", "负责人", "经营者")),
    FieldSpec("region_code", "行政区划代码", "region_code", parse_region,
              ("区划代码", "行政区划", "所属区县"), required=True),
    FieldSpec("industry_code", "行业代码", "industry_code", parse_industry,
              ("国民经济行业代码", "所属行业代码")),
    FieldSpec("reg_type", "登记注册类型", "reg_type", text_parser(64, "登记注册类型"),
              ("企业类型", "市场主体类型")),
    FieldSpec("established", "成立日期", "established", parse_established, ("注册日期", "成立时间")),
    FieldSpec("registered_capital", "注册资本", "registered_capital_fen", parse_money_fen, money=True),
    FieldSpec("employees", "从业人员", "employees", parse_headcount,
              ("从业人数", "从业人员数", "职工人数"), unit="人"),
    FieldSpec("insured_employees", "参保人数", "insured_employees", parse_headcount,
              ("参保职工人数",), unit="人"),
    FieldSpec("revenue", "营业收入", "revenue_fen", parse_money_fen, money=True),
    FieldSpec("total_assets", "资产总额", "total_assets_fen", parse_money_fen, money=True),
    FieldSpec("tax_credit_rating", "纳税信用等级", "tax_credit_rating", parse_rating, ("纳税信用级别",)),
    FieldSpec("dishonest", "失信", "dishonest", parse_bool, ("是否失信", "失信被执行人")),
    FieldSpec("contact_phone", "联系电话", "contact_phone", text_parser(32, "联系电话"), ("电话",)),
    FieldSpec("tags", "资质", "tags", parse_tags, ("企业资质", "标签")),
)

_VALID_ON_NAMES = ("facts_valid_on", "数据日期")
_JSON_FACTS_KEY = "facts"
FACT_PREFIX = "fact:"
_MONEY_UNITS = {"元": ONE, "万元": WAN, "yuan": ONE, "wan": WAN}
_UNIT_RE = re.compile(r"(.+?)\s*\(([^()]+)\)")
_EN_UNIT_RE = re.compile(r"(.+?)_(wan|yuan)")


def _norm_header(text: str) -> str:
    # NFKC turns （万元） into (万元); templates often mark required columns with *.
    return nfkc(text).strip("*").strip().lower()


@dataclass(frozen=True)
class Column:
    header: str  # as written in the file: errors name it so the user finds the column
    kind: str  # "field" | "fact" | "valid_on" | "facts" (a JSON block of facts)
    spec: FieldSpec | None = None
    fact: FactSpec | None = None
    scale: Decimal = ONE

    @property
    def key(self) -> str:
        """What the column feeds: two columns with the same key would fight over one value."""
        if self.spec is not None:
            return self.spec.name
        if self.fact is not None:
            return FACT_PREFIX + self.fact.name
        return self.kind


class Resolver:
    """Header (or JSON key) → Column; raises Bad naming what is wrong with the header."""

    def __init__(self, definitions: dict[str, FactSpec], *, json_keys: bool):
        self.json_keys = json_keys
        self._fields: dict[str, FieldSpec] = {}
        for spec in FIELDS:
            for alias in (spec.name, spec.label, *spec.aliases):
                self._fields[_norm_header(alias)] = spec
        self._fact_names = {_norm_header(d.name): d for d in definitions.values()}
        self._facts: dict[str, FactSpec] = dict(self._fact_names)
        for defn in definitions.values():
            self._facts.setdefault(_norm_header(defn.label), defn)
        self._cache: dict[str, Column | Bad] = {}

    def resolve(self, header: str) -> Column:
        found = self._cache.get(header)
        if found is None:
            try:
                found = self._resolve(header)
            except Bad as bad:
                found = bad
            self._cache[header] = found
        if isinstance(found, Bad):
            raise found
        return found

    def fact(self, name: str) -> FactSpec:
        """A fact named in a JSON "facts" block: its name, its label, or fact:NAME."""
        norm = _norm_header(name).removeprefix(FACT_PREFIX)
        defn = self._facts.get(norm)
        if defn is None:
            raise Bad(f"未声明的事实「{name}」：请先在政策目录中声明该事实{self._hint(norm, self._facts)}")
        return defn

    def _resolve(self, header: str) -> Column:
        norm = _norm_header(header)
        if not norm:
            raise Bad("列名为空")
        if norm.startswith(FACT_PREFIX):
            return self._prefixed_fact(header, norm.removeprefix(FACT_PREFIX).strip())
        if self.json_keys and norm == _JSON_FACTS_KEY:
            return Column(header, "facts")
        if norm in _VALID_ON_NAMES:
            return Column(header, "valid_on")
        column = self._known(header, norm, None)
        if column is not None:
            return column
        base, unit = self._split_unit(norm)
        if unit is not None:
            column = self._known(header, base, unit)
            if column is not None:
                return column
        raise Bad(
            "未知的列：既不是企业字段，也不是已声明的事实，这一列的数据不会被导入"
            + self._hint(norm, {**self._fields, **self._facts})
        )

    def _prefixed_fact(self, header: str, name: str) -> Column:
        """fact:NAME, or fact:NAME_wan / fact:NAME（万元） for a money fact given in 万元."""
        defn, unit = self._fact_names.get(name), None
        if defn is None:
            base, unit = self._split_unit(name)
            defn = self._fact_names.get(base)
        if defn is None:
            raise Bad(f"未声明的事实「{name}」：请先在政策目录中声明该事实{self._hint(name, self._fact_names)}")
        return self._fact_column(header, defn, unit)

    @staticmethod
    def _split_unit(norm: str) -> tuple[str, str | None]:
        m = _UNIT_RE.fullmatch(norm) or _EN_UNIT_RE.fullmatch(norm)
        return (m.group(1).strip(), m.group(2).strip()) if m else (norm, None)

    def _known(self, header: str, norm: str, unit: str | None) -> Column | None:
        spec = self._fields.get(norm)
        if spec is not None:
            return Column(header, "field", spec=spec, scale=self._scale(spec.money, spec.unit, unit, spec.label))
        defn = self._facts.get(norm)
        if defn is not None:
            return self._fact_column(header, defn, unit)
        return None

    def _fact_column(self, header: str, defn: FactSpec, unit: str | None) -> Column:
        scale = self._scale(defn.type == "money", defn.unit, unit, defn.label)
        return Column(header, "fact", fact=defn, scale=scale)

    @staticmethod
    def _scale(money: bool, own_unit: str | None, unit: str | None, label: str) -> Decimal:
        if unit is None:
            return ONE
        if money and unit in _MONEY_UNITS:
            return _MONEY_UNITS[unit]
        if not money and own_unit and unit == own_unit.lower():
            return ONE
        allowed = "元 或 万元" if money else (own_unit or "无单位")
        raise Bad(f"「{label}」列的单位「{unit}」不认识（应为 {allowed}）")

    @staticmethod
    def _hint(norm: str, known: Iterable[str]) -> str:
        close = difflib.get_close_matches(norm, list(known), n=1, cutoff=0.6)
        return f"；是否应为「{close[0]}」？" if close else ""
