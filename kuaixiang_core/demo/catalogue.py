"""A deterministic, realistic policy catalogue to top the demo up to the platform's figures.

The hand-written demo catalogue holds a few dozen items; the platform publishes 1,394 policy
documents with 2,728 items, 466 of them 免申即享 and 2,115 online (DESIGN §1). For load and
screen tests at that scale, ``kuaixiang demo --full-catalogue`` adds the remainder made by
``generate_catalogue``::

    extra = generate_catalogue(**full_catalogue_remainder(21, 45, 8, 30), seed=0)

The result is plain data in the docs/rules.md format (dates as ISO text), accepted by
``check_catalogue`` with the built-in and base facts only. Documents come from the city's and
the eight counties' 186 departments, with unique 文号; items are made from templates per
policy type (稳岗返还, 高企奖励, 六税两费减征 …) with varied thresholds, every condition carries
its clause, county items carry their county's region condition, and every item has one or
two golden tests built to pass: the enterprise of an ``eligible`` test satisfies every
condition by construction, an ``ineligible`` one breaks exactly one, an ``unknown`` one
lacks the facts of exactly one. Same arguments, same catalogue.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..domain.rules.facts import BUILTIN_FACTS, FactSpec, coerce
from ..domain.rules.tree import describe
from kuaixiang_core.reference import base_facts, industry_name_map

__all__ = [
    "PLATFORM_DOCUMENTS",
    "PLATFORM_ITEMS",
    "PLATFORM_AUTO",
    "PLATFORM_ONLINE",
    "MAX_ITEMS_PER_DOCUMENT",
    "generate_catalogue",
    "full_catalogue_remainder",
]

# The platform's published figures (DESIGN §1, reference/liaocheng.md).
PLATFORM_DOCUMENTS = 1394
PLATFORM_ITEMS = 2728
PLATFORM_AUTO = 466
PLATFORM_ONLINE = 2115
MAX_ITEMS_PER_DOCUMENT = 4

AS_OF_REFERENCE = dt.date(2026, 11, 26)  # "most documents in force" is judged on this day
_FEN = Decimal("0.01")
_PREFIX = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")


def full_catalogue_remainder(
    existing_documents: int, existing_items: int, existing_auto: int, existing_online: int
) -> dict:
    """The ``generate_catalogue`` keyword arguments that bring an existing catalogue of these
    counts up to the platform's figures; ValueError when the existing one already exceeds
    them (documents, items, auto, online or window items) or cannot be topped up."""
    existing = {
        "documents": existing_documents, "items": existing_items,
        "auto": existing_auto, "online": existing_online,
    }
    for name, value in existing.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"existing {name} must be a non-negative integer, not {value!r}")
    if existing_auto + existing_online > existing_items:
        raise ValueError("existing auto + online items exceed the existing items")
    targets = {
        "documents": PLATFORM_DOCUMENTS, "items": PLATFORM_ITEMS,
        "auto": PLATFORM_AUTO, "online": PLATFORM_ONLINE,
    }
    out = {}
    for name, target in targets.items():
        if existing[name] > target:
            raise ValueError(f"existing {name} ({existing[name]}) exceed the platform's {target}")
        out[name] = target - existing[name]
    window_target = PLATFORM_ITEMS - PLATFORM_AUTO - PLATFORM_ONLINE
    existing_window = existing_items - existing_auto - existing_online
    if existing_window > window_target:
        raise ValueError(f"existing window items ({existing_window}) exceed the platform's {window_target}")
    _check_counts(**out)
    return out


def _check_counts(*, documents: int, items: int, auto: int, online: int) -> None:
    for name, value in (("documents", documents), ("items", items), ("auto", auto), ("online", online)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, not {value!r}")
    if auto + online > items:
        raise ValueError(f"auto ({auto}) + online ({online}) exceed items ({items})")
    if items < documents:
        raise ValueError(f"{documents} documents need at least as many items, not {items}")
    if items > documents * MAX_ITEMS_PER_DOCUMENT:
        raise ValueError(f"{items} items do not fit in {documents} documents of at most {MAX_ITEMS_PER_DOCUMENT}")


# --------------------------------------------------------------------------------------------
# Places and departments

_CITY = ("371500", "聊城市", "聊", "lc")
# (code, name, 文号 prefix, id slug)
_COUNTIES = (
    ("371502", "东昌府区", "东", "dcf"),
    ("371503", "茌平区", "茌", "cp"),
    ("371521", "阳谷县", "阳", "yg"),
    ("371522", "莘县", "莘", "shen"),
    ("371524", "东阿县", "阿", "dea"),
    ("371525", "冠县", "冠", "guan"),
    ("371526", "高唐县", "高", "gt"),
    ("371581", "临清市", "临", "lq"),
)


@dataclass(frozen=True)
class _Kind:
    key: str  # id slug
    city: str  # the city department's name as an item's department
    county: str | None  # the county department's name after the county's, or None: city only
    abbr: str  # in the 文号: 聊人社发
    window: str  # the counter in the hall: 人社
    weight: int
    category: str


_KINDS = (
    _Kind("rs", "市人力资源和社会保障局", "人力资源和社会保障局", "人社", "人社", 14, "就业创业"),
    _Kind("kj", "市科学技术局", "科学技术局", "科", "科技", 9, "科技创新"),
    _Kind("gx", "市工业和信息化局", "工业和信息化局", "工信", "工信", 11, "工业发展"),
    _Kind("sw", "市商务局", "商务局", "商务", "商务", 6, "商贸流通"),
    _Kind("ny", "市农业农村局", "农业农村局", "农", "农业农村", 7, "农业农村"),
    _Kind("wl", "市文化和旅游局", "文化和旅游局", "文旅", "文旅", 4, "文化旅游"),
    _Kind("cz", "市财政局", "财政局", "财", "财政", 4, "财政金融"),
    _Kind("swj", "国家税务总局聊城市税务局", "税务局", "税", "税务", 6, "税费优惠"),
    _Kind("scjg", "市市场监督管理局", "市场监督管理局", "市监", "市场监管", 5, "市场监管"),
    _Kind("cl", "市残疾人联合会", "残疾人联合会", "残联", "残联", 3, "助残帮扶"),
    _Kind("fg", "市发展和改革委员会", "发展和改革局", "发改", "发改", 3, "产业发展"),
    _Kind("zj", "市住房和城乡建设局", "住房和城乡建设局", "建", "住建", 2, "建筑业"),
    _Kind("jt", "市交通运输局", "交通运输局", "交", "交通运输", 2, "交通物流"),
    _Kind("ty", "市退役军人事务局", "退役军人事务局", "退役军人", "退役军人", 2, "就业创业"),
    _Kind("yb", "市医疗保障局", "医疗保障局", "医保", "医保", 2, "社会保障"),
    _Kind("mz", "市民政局", "民政局", "民", "民政", 1, "社会服务"),
    _Kind("sp", "市行政审批服务局", "行政审批服务局", "审批", "行政审批", 1, "营商环境"),
    _Kind("sl", "市水利局", "水利局", "水", "水利", 1, "节能环保"),
    _Kind("yj", "市应急管理局", "应急管理局", "应急", "应急管理", 1, "安全生产"),
    # city only
    _Kind("hb", "市生态环境局", None, "环", "生态环境", 1, "节能环保"),
    _Kind("jr", "市地方金融监督管理局", None, "金", "金融", 2, "财政金融"),
    _Kind("jyt", "市教育和体育局", None, "教体", "教育体育", 1, "文化旅游"),
    _Kind("wj", "市卫生健康委员会", None, "卫健", "卫生健康", 1, "社会服务"),
    _Kind("zr", "市自然资源和规划局", None, "自然资规", "自然资源", 1, "要素保障"),
    _Kind("dsj", "市大数据局", None, "大数据", "大数据", 1, "数字经济"),
    _Kind("tc", "市投资促进中心", None, "投促", "投资促进", 2, "招商引资"),
    _Kind("rc", "市委人才工作领导小组办公室", None, "人才办", "人才", 3, "人才支持"),
    _Kind("gh", "市总工会", None, "工", "工会", 1, "就业创业"),
    _Kind("tw", "共青团聊城市委员会", None, "团", "共青团", 1, "就业创业"),
    _Kind("fl", "市妇女联合会", None, "妇", "妇联", 1, "就业创业"),
    _Kind("gsl", "市工商业联合会", None, "工商联", "工商联", 1, "营商环境"),
    _Kind("rh", "中国人民银行聊城市分行", None, "银", "人民银行", 1, "财政金融"),
    _Kind("tj", "市统计局", None, "统", "统计", 1, "工业发展"),
    _Kind("kx", "市科学技术协会", None, "科协", "科协", 1, "科技创新"),
)


def _department(kind: _Kind, county: tuple | None) -> tuple[str, str]:
    """(department as items name it, issuer as the document names it)."""
    if county is None:
        if kind.city.startswith("市委"):
            return kind.city, "中共聊城" + kind.city
        if kind.city.startswith("市"):
            return kind.city, "聊城" + kind.city
        return kind.city, kind.city
    if kind.key == "swj":
        name = f"国家税务总局{county[1]}税务局"
        return name, name
    name = county[1] + kind.county
    return name, name


# 186 departments feed the platform (DESIGN §1): 34 of the city, 19 in each of 8 counties.
DEPARTMENTS = tuple(
    [_department(k, None)[0] for k in _KINDS]
    + [_department(k, c)[0] for c in _COUNTIES for k in _KINDS if k.county]
)

# --------------------------------------------------------------------------------------------
# Conditions, built together with the facts that satisfy and that break them

_SIZES = ("large", "medium", "small", "micro")
_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRST")
_DIVISIONS = ("01", "05", "13", "14", "17", "22", "26", "27", "29", "30", "32", "33", "34", "35",
              "36", "38", "39", "47", "48", "51", "52", "54", "59", "61", "62", "65", "70", "72", "80")
_CN = "零一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n - 10] if n > 10 else "")
    return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")


@functools.cache
def _specs() -> dict[str, FactSpec]:
    return {**BUILTIN_FACTS, **{f.name: f for f in base_facts()}}


# Facts one of which is computed from the other: a rule uses at most one of each group, so
# that taking one away from a test enterprise really makes it unknown.
_FACT_GROUP = {"established": "age_years"}


@dataclass
class _Node:
    """One top-level condition of a rule (a leaf, or an any / not / all of leaves), with the
    facts that make it hold (``yes``) and fail (``no``); tags appear as ``tag:名称`` → bool."""

    data: dict
    yes: dict
    no: dict
    phrase: str  # how the item's body states it
    reason: str  # what an enterprise that fails it lacks (names the ineligible test)
    negative: bool = False  # a disqualifier (失信, 纳税信用): cited from the exclusion article

    @property
    def facts(self) -> list[str]:
        return list(dict.fromkeys([*self.yes, *self.no]))

    def groups(self) -> set[str]:
        return {_FACT_GROUP.get(f, f) for f in self.facts}


def _plain_phrase(fact: str, op: str, value: object) -> str:
    if fact in ("industry_section", "industry_division") and op in ("==", "in"):
        names = industry_name_map()
        codes = value if isinstance(value, list) else [value]
        shown = "、".join(f"{names.get(str(c), '')}（{c}）" for c in codes)
        return f"所属行业为{shown}" + ("之一" if len(codes) > 1 else "")
    spec = _specs()[fact]
    if op == "has":
        typed: object = value
    elif op == "between" or op in ("in", "not_in"):
        typed = tuple(coerce(spec.type, v) for v in value)  # type: ignore[union-attr]
    else:
        typed = coerce(spec.type, value)
    return describe(spec, op, typed)


def _leaf(fact: str, op: str, value: object, yes: object, no: object, *, reason: str | None = None,
          text: str | None = None, negative: bool = False) -> _Node:
    data: dict = {"fact": fact, "op": op, "value": value}
    if text:
        data["text"] = text
    key = f"tag:{value}" if fact == "tags" else fact
    label = _specs()[fact].label
    return _Node(data, {key: yes}, {key: no}, text or _plain_phrase(fact, op, value),
                 reason or f"{label}不符合条件", negative)


def _not(node: _Node, *, phrase: str, reason: str, negative: bool = False) -> _Node:
    return _Node({"not": node.data}, dict(node.no), dict(node.yes), phrase, reason, negative)


def _set_clause(data: dict, clause: str) -> None:
    if "fact" in data:
        data["clause"] = clause
        return
    for key in ("all", "any"):
        for child in data.get(key, ()):
            _set_clause(child, clause)
    if "not" in data:
        _set_clause(data["not"], clause)


Factory = Callable[[random.Random, "_Context"], _Node]


@dataclass(frozen=True)
class _Context:
    county: tuple | None  # (code, name, 文号 prefix, slug) or None for the city
    start: dt.date  # the document's effective_from


def _ge(fact: str, choices: tuple[int, ...], step: int = 1, reason: str | None = None) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        n = r.choice(choices)
        yes = n + r.randint(0, max(1, n // step)) * step
        no = r.randint(0, (n - 1) // step) * step
        return _leaf(fact, ">=", n, yes, no, reason=reason)

    return make


def _le(fact: str, choices: tuple[int, ...], step: int = 1, reason: str | None = None) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        n = r.choice(choices)
        yes = r.randint(0, n // step) * step
        no = n + r.randint(1, max(1, n // step)) * step
        return _leaf(fact, "<=", n, yes, no, reason=reason)

    return make


def _between(fact: str, ranges: tuple[tuple[int, int], ...], step: int = 1, reason: str | None = None) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        low, high = r.choice(ranges)
        span = (high - low) // step
        yes = low + r.randint(0, span) * step
        no = high + r.randint(1, max(1, span)) * step
        return _leaf(fact, "between", [low, high], yes, no, reason=reason)

    return make


def _gt0(fact: str, reason: str) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        return _leaf(fact, ">", 0, r.randint(5, 5000) * 1000, 0, reason=reason)

    return make


def _in(fact: str, choices: tuple[tuple[str, ...], ...], universe: tuple[str, ...], reason: str) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        allowed = r.choice(choices)
        outside = [u for u in universe if u not in allowed]
        yes, no = r.choice(allowed), r.choice(outside)
        if len(allowed) == 1 and r.random() < 0.6:
            return _leaf(fact, "==", allowed[0], yes, no, reason=reason)
        return _leaf(fact, "in", list(allowed), yes, no, reason=reason)

    return make


def _sections(*choices: str) -> Factory:
    return _in("industry_section", tuple(tuple(c) for c in choices), _SECTIONS, "所属行业不在支持范围")


def _divisions(*choices: tuple[str, ...]) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        universe = tuple(dict.fromkeys([*_DIVISIONS, *(d for c in choices for d in c)]))
        return _in("industry_division", choices, universe, "所属行业大类不在支持范围")(r, ctx)

    return make


def _not_sections(*choices: str) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        banned = list(r.choice(choices))
        inner = _leaf("industry_section", "in", banned, r.choice(banned),
                      r.choice([s for s in _SECTIONS if s not in banned]))
        shown = inner.phrase.removeprefix("所属行业为").removesuffix("之一")
        return _not(inner, phrase=f"所属行业不属于{shown}", reason="属于限制类行业")

    return make


def _tag(name: str) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        return _leaf("tags", "has", name, True, False, reason=f"未取得「{name}」资质")

    return make


def _any_tag(first: str, second: str) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        a, b = _leaf("tags", "has", first, True, False), _leaf("tags", "has", second, True, False)
        holds = r.choice((first, second))
        yes = {f"tag:{first}": holds == first, f"tag:{second}": holds == second or r.random() < 0.3}
        return _Node({"any": [a.data, b.data]}, yes, {f"tag:{first}": False, f"tag:{second}": False},
                     f"具有有效的「{first}」或「{second}」资质", f"未取得「{first}」或「{second}」资质")

    return make


def _not_dishonest(r: random.Random, ctx: _Context) -> _Node:
    if r.random() < 0.3:
        inner = _leaf("dishonest", "==", True, True, False)
        return _not(inner, phrase="不是失信主体", reason="属于失信主体", negative=True)
    return _leaf("dishonest", "==", False, False, True, reason="属于失信主体", negative=True)


def _credit(r: random.Random, ctx: _Context) -> _Node:
    op, value = r.choice((("in", ["A", "B"]), ("in", ["A", "B", "M"]), ("not_in", ["C", "D"]), ("!=", "D")))
    allowed = {"in": value, "not_in": ["A", "B", "M"], "!=": ["A", "B", "M", "C"]}[op]
    yes = r.choice(allowed)
    no = r.choice([g for g in "ABMCD" if g not in allowed])
    return _leaf("tax_credit_rating", op, value, yes, no, reason="纳税信用等级不符合要求", negative=True)


def _credit_ab(r: random.Random, ctx: _Context) -> _Node:
    return _leaf("tax_credit_rating", "in", ["A", "B"], r.choice("AB"), r.choice("MCD"),
                 reason="纳税信用等级低于B级", negative=True)


def _enterprise(r: random.Random, ctx: _Context) -> _Node:
    return _leaf("is_individual", "==", False, False, True, reason="个体工商户不适用")


def _individual(r: random.Random, ctx: _Context) -> _Node:
    return _leaf("is_individual", "==", True, True, False, reason="非个体工商户")


def _sme(r: random.Random, ctx: _Context) -> _Node:
    op, value = r.choice((("in", ["medium", "small", "micro"]), ("!=", "large"), ("not_in", ["large"])))
    return _leaf("size_class", op, value, r.choice(("medium", "small", "micro")), "large", reason="大型企业不适用")


def _small_micro(r: random.Random, ctx: _Context) -> _Node:
    return _leaf("size_class", "in", ["small", "micro"], r.choice(("small", "micro")),
                 r.choice(("medium", "large")), reason="非小型、微型企业")


def _layoff(r: random.Random, ctx: _Context) -> _Node:
    """稳岗返还 (人社部发〔2024〕40号): no layoffs or a layoff rate within 5.5%; firms of at most
    30 insured staff within 20%."""
    if r.random() < 0.35:
        return _leaf("layoff_rate", "<=", 5.5, r.randint(0, 55) / 10, r.randint(56, 300) / 10,
                     reason="上年度裁员率超过5.5%")
    first = _leaf("layoff_rate", "<=", 5.5, True, False)
    small = _leaf("insured_employees", "<=", 30, True, False)
    second = _leaf("layoff_rate", "<=", 20, True, False)
    if r.random() < 0.6:
        yes: dict = {"layoff_rate": r.randint(0, 55) / 10}
    else:
        yes = {"layoff_rate": r.randint(56, 200) / 10, "insured_employees": r.randint(1, 30)}
    if r.random() < 0.6:
        no = {"layoff_rate": r.randint(56, 200) / 10, "insured_employees": r.randint(31, 400)}
    else:
        no = {"layoff_rate": r.randint(201, 400) / 10, "insured_employees": r.randint(1, 30)}
    data = {"any": [first.data, {"all": [small.data, second.data]}]}
    return _Node(data, yes, no, "上年度未裁员或裁员率不高于5.5%，参保职工30人（含）以下的裁员率不高于20%",
                 "上年度裁员率超过规定比例")


def _six_taxes(r: random.Random, ctx: _Context) -> _Node:
    """六税两费 (公告2023年第12号): 个体工商户 or 小型微利企业."""
    ind = _leaf("is_individual", "==", True, True, False)
    small = _leaf("size_class", "in", ["small", "micro"], True, False)
    if r.random() < 0.5:
        yes: dict = {"is_individual": True}
    else:
        yes = {"is_individual": False, "size_class": r.choice(("small", "micro"))}
    no = {"is_individual": False, "size_class": r.choice(("medium", "large"))}
    return _Node({"any": [ind.data, small.data]}, yes, no, "属于个体工商户或小型、微型企业",
                 "非个体工商户且非小型、微型企业")


def _revenue_or_rd(r: random.Random, ctx: _Context) -> _Node:
    revenue = r.choice((20_000_000, 50_000_000, 100_000_000))
    rd = r.choice((1_000_000, 2_000_000, 3_000_000))
    a = _leaf("revenue", ">=", revenue, True, False)
    b = _leaf("rd_expense", ">=", rd, True, False)
    below_rev = r.randint(1, revenue // 10_000 - 1) * 10_000
    below_rd = r.randint(1, rd // 1000 - 1) * 1000
    if r.random() < 0.5:
        yes: dict = {"revenue": revenue + r.randint(0, 500) * 10_000}
    else:
        yes = {"revenue": below_rev, "rd_expense": rd + r.randint(0, 2000) * 1000}
    return _Node({"any": [a.data, b.data]}, yes, {"revenue": below_rev, "rd_expense": below_rd},
                 f"{a.phrase}，或{b.phrase}", "营业收入和研发费用均未达到规定标准")


def _new_firm(years: tuple[int, ...]) -> Factory:
    def make(r: random.Random, ctx: _Context) -> _Node:
        since = dt.date(ctx.start.year - r.choice(years), 1, 1)
        room = max(0, (ctx.start - since).days)
        yes = since + dt.timedelta(days=r.randint(0, room))
        no = since - dt.timedelta(days=r.randint(30, 3000))
        return _leaf("established", ">=", since.isoformat(), yes.isoformat(), no.isoformat(),
                     reason="成立时间早于规定日期")

    return make


def _region(r: random.Random, ctx: _Context) -> _Node:
    code, name = ctx.county[0], ctx.county[1]  # type: ignore[index]
    other = r.choice([c[0] for c in _COUNTIES if c[0] != code])
    return _leaf("region_code", "==", code, code, other, reason=f"非{name}登记注册的企业", text=f"在{name}登记注册")


# Named factories the templates below use.
D, CR, CRAB, ENT, IND, SME, SM = _not_dishonest, _credit, _credit_ab, _enterprise, _individual, _sme, _small_micro
LAYOFF, SIX, REVRD = _layoff, _six_taxes, _revenue_or_rd
AGE1 = _ge("age_years", (1, 2, 3), reason="成立年限不足")


def AGE_GE(*c: int) -> Factory:
    return _ge("age_years", c, reason="成立年限不足")


def AGE_LE(*c: int) -> Factory:
    return _le("age_years", c, reason="成立年限超过规定")


def EMP_GE(*c: int) -> Factory:
    return _ge("employees", c, reason="从业人员人数不足")


def EMP_LE(*c: int) -> Factory:
    return _le("employees", c, reason="从业人员人数超过规定")


def INS_GE(*c: int) -> Factory:
    return _ge("insured_employees", c, reason="参保职工人数不足")


def MONTHS(*c: int) -> Factory:
    return _ge("insured_months", c, reason="连续足额缴纳失业保险月数不足")


def REV_GE(*c: int) -> Factory:
    return _ge("revenue", c, 10_000, reason="营业收入未达到规定标准")


def REV_LE(*c: int) -> Factory:
    return _le("revenue", c, 10_000, reason="营业收入超过规定上限")


def ASSETS_LE(*c: int) -> Factory:
    return _le("total_assets", c, 10_000, reason="资产总额超过规定上限")


def CAP_GE(*c: int) -> Factory:
    return _ge("registered_capital", c, 10_000, reason="注册资本未达到规定标准")


def RD_GE(*c: int) -> Factory:
    return _ge("rd_expense", c, 1000, reason="研发费用未达到规定标准")


RD_POS = _gt0("rd_expense", "上年度无研发投入")
PREMIUM_POS = _gt0("unemployment_premium_paid", "上年度未缴纳失业保险费")
SECS, DIVS, NOTSECS, TAG, ANYTAG, NEWFIRM = _sections, _divisions, _not_sections, _tag, _any_tag, _new_firm
REV_BAND = _between("revenue", ((3_000_000, 400_000_000), (20_000_000, 400_000_000)), 10_000,
                    reason="营业收入不在规定区间")
EMP_BAND = _between("employees", ((10, 300), (20, 1000)), reason="从业人员人数不在规定区间")

# --------------------------------------------------------------------------------------------
# Benefits


@dataclass(frozen=True)
class _Benefit:
    data: dict
    sentence: str
    compute: Callable[[dict], Decimal] | None = None  # the amount, from the enterprise's values
    needs: tuple = ()  # (fact, value maker) for facts the formula reads


def _trim(d: Decimal) -> str:
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _yuan(n: int) -> str:
    if n >= 10_000 and n % 1000 == 0:
        return _trim(Decimal(n) / 10_000) + "万元"
    return f"{n}元"


def _amount(choices: tuple[int, ...], verb: str = "给予一次性奖励", note: str | None = None) -> Callable:
    def make(r: random.Random) -> _Benefit:
        n = r.choice(choices)
        data: dict = {"amount": str(n)}
        if note:
            data["note"] = note
        return _Benefit(data, f"{verb}{_yuan(n)}。", lambda v, n=n: Decimal(n))

    return make


def _text(*choices: str | Callable[[random.Random], str]) -> Callable:
    def make(r: random.Random) -> _Benefit:
        pick = r.choice(choices)
        words = pick(r) if callable(pick) else pick
        return _Benefit({"text": words}, words)

    return make


def _money(low: int, high: int) -> Callable[[random.Random], str]:
    return lambda r: f"{r.randint(low, high)}.{r.randint(0, 99):02d}"


def _count(low: int, high: int) -> Callable[[random.Random], int]:
    return lambda r: r.randint(low, high)


def _pct(rate: str) -> str:
    return _trim(Decimal(rate) * 100) + "%"


def _wengang(r: random.Random) -> _Benefit:
    large, small = r.choice((("0.3", "0.6"), ("0.3", "0.6"), ("0.5", "0.9"), ("0.3", "0.75")))
    source = f"if(size_class == 'large', unemployment_premium_paid * {large}, unemployment_premium_paid * {small})"
    return _Benefit(
        {"formula": source},
        f"大型企业按上年度实际缴纳失业保险费的{_pct(large)}返还，中小微企业按{_pct(small)}返还。",
        lambda v: v["unemployment_premium_paid"] * Decimal(large if v["size_class"] == "large" else small),
        (("unemployment_premium_paid", _money(3_000, 900_000)), ("size_class", lambda r: r.choice(_SIZES))),
    )


def _rd_subsidy(r: random.Random) -> _Benefit:
    rate, cap = r.choice((("0.1", 300_000), ("0.1", 500_000), ("0.05", 200_000), ("0.15", 1_000_000), ("0.2", 500_000)))
    return _Benefit(
        {"formula": f"min(rd_expense * {rate}, {cap})"},
        f"按上年度研发费用的{_pct(rate)}给予补助，最高{_yuan(cap)}。",
        lambda v: min(v["rd_expense"] * Decimal(rate), Decimal(cap)),
        (("rd_expense", _money(200_000, 30_000_000)),),
    )


def _per_insured(r: random.Random) -> _Benefit:
    per, cap = r.choice(((500, 100_000), (300, 50_000), (600, 200_000)))
    return _Benefit(
        {"formula": f"min(insured_employees * {per}, {cap})", "note": "按参保职工人数计发"},
        f"按参保职工每人{per}元给予补贴，每家企业最高{_yuan(cap)}。",
        lambda v: min(v["insured_employees"] * per, Decimal(cap)),
        (("insured_employees", _count(1, 800)),),
    )


def _sales_reward(r: random.Random) -> _Benefit:
    rate, cap = r.choice((("0.0005", 200_000), ("0.001", 300_000), ("0.0003", 100_000)))
    return _Benefit(
        {"formula": f"min(revenue * {rate}, {cap})"},
        f"按上年度营业收入的{_pct(rate)}给予奖励，最高{_yuan(cap)}。",
        lambda v: min(v["revenue"] * Decimal(rate), Decimal(cap)),
        (("revenue", _money(5_000_000, 900_000_000)),),
    )


def _tiered_sme(r: random.Random) -> _Benefit:
    micro, other = r.choice(((50_000, 100_000), (30_000, 80_000), (100_000, 200_000)))
    return _Benefit(
        {"formula": f"if(size_class == 'micro', {micro}, {other})"},
        f"微型企业给予一次性奖励{_yuan(micro)}，其他企业{_yuan(other)}。",
        lambda v: Decimal(micro if v["size_class"] == "micro" else other),
        (("size_class", lambda r: r.choice(_SIZES)),),
    )


def _equipment(r: random.Random) -> str:
    pct, cap = r.choice(((10, 200), (8, 300), (15, 100), (12, 500)))
    return f"按项目设备投资额的{pct}%给予补助，单个项目最高{cap}万元。"


# --------------------------------------------------------------------------------------------
# Item templates, one per policy type

_COMMON_EXTRAS: tuple[Factory, ...] = (D, CR, ENT, AGE1)


@dataclass(frozen=True)
class _Template:
    key: str  # in item ids
    title: str
    kinds: tuple[str, ...]  # the departments that issue it
    core: tuple[Factory, ...]  # conditions it always has
    extras: tuple[Factory, ...]  # conditions it may have
    benefit: Callable[[random.Random], _Benefit]
    materials: tuple[str, ...]  # its own materials (common ones are added)
    auto: int = 0  # 0–3: how suited to 免申即享
    window: int = 1  # 0–3: how much it needs the counter
    subject: str = "企业"
    category: str | None = None  # default: the department's
    counties: tuple[str, ...] = ()  # only in these counties' documents


_T = _Template
TEMPLATES: tuple[_Template, ...] = (
    # 人社 ---------------------------------------------------------------------------------------
    _T("wengang", "失业保险稳岗返还", ("rs",), (MONTHS(12), LAYOFF), (PREMIUM_POS, D, CR, ENT), _wengang,
       ("稳岗返还申请表", "上年度失业保险缴费明细", "银行基本存款账户信息"), auto=3, window=0, subject="参保单位"),
    _T("kuogang", "一次性扩岗补助", ("rs", "tw"), (INS_GE(1, 3, 5), MONTHS(1, 3)), (D, ENT, SME),
       _amount((1500, 1500, 1000, 2000), "按每招用1人给予补助", "按新招用高校毕业生等青年人数计发"),
       ("新招用人员劳动合同", "新招用人员花名册", "社会保险缴费明细"), auto=3, window=0, subject="用人单位"),
    _T("jineng", "职工技能提升补贴", ("rs", "gh"), (MONTHS(12), INS_GE(1)), (D, ENT),
       _text("取得初级（五级）职业资格证书或职业技能等级证书的补贴1000元，中级（四级）1500元，高级（三级）2000元，每人每年最多享受3次。"),
       ("职业资格证书或职业技能等级证书", "社会保障卡复印件", "技能提升补贴申领花名册"), auto=1, subject="参保职工所在单位"),
    _T("shebao", "吸纳就业困难人员社会保险补贴", ("rs", "cl"), (INS_GE(1, 5), MONTHS(6, 12), ENT), (D, SME, AGE1),
       _text("按单位为就业困难人员实际缴纳的基本养老、基本医疗和失业保险费给予补贴，补贴期限最长不超过3年。"),
       ("就业困难人员认定证明", "劳动合同复印件", "社会保险缴费明细"), auto=1, window=2, subject="用人单位"),
    _T("chuangye", "一次性创业补贴", ("rs", "tw", "fl", "ty"), (NEWFIRM((1, 2)), INS_GE(1)), (D, CR),
       _amount((10000, 5000, 8000), "给予一次性创业补贴"),
       ("创业者身份证复印件", "经营场所租赁合同或产权证明", "一次性创业补贴申请表"), auto=1, window=2, subject="首次创业的市场主体"),
    _T("dbdk", "创业担保贷款贴息", ("rs", "cz", "rh", "tw", "fl", "ty"), (SM, AGE_LE(3, 5)), (D, CR, INS_GE(5, 10), ENT),
       _text("小微企业贷款额度最高300万元，期限不超过2年，按贷款合同签订日贷款市场报价利率（LPR）的50%给予贴息。",
             "个人创业贷款额度最高20万元，期限不超过3年，财政全额贴息。"),
       ("创业担保贷款申请书", "借款合同复印件", "还款付息凭证"), window=3, subject="小微企业"),
    _T("jianxi", "就业见习补贴", ("rs", "tw"), (INS_GE(10, 20), AGE_GE(1, 2)), (D, CR, ENT, EMP_BAND),
       _text("按当地最低工资标准的60%给予见习补贴，见习期满留用率达到50%以上的提高到70%。"),
       ("就业见习协议", "见习人员花名册", "见习补贴发放明细"), auto=1, subject="就业见习基地"),
    _T("yigong", "以工代训补贴", ("rs",), (SME, INS_GE(5, 10, 20)), (D, MONTHS(6, 12), ENT), _per_insured,
       ("以工代训人员花名册", "以工代训记录"), auto=2, window=0, subject="中小微企业"),
    _T("rencai", "人才引进补贴", ("rs", "rc", "tc"), (ENT, SECS("CIM", "CM", "CIMN")), (CR, D, AGE1, REV_GE(5_000_000)),
       _amount((50000, 100000, 200000), "给予人才引进补贴"),
       ("学历学位证书", "劳动合同", "人才认定文件", "社会保险缴费证明"), window=2, subject="用人单位", category="人才支持"),
    # 科技 ---------------------------------------------------------------------------------------
    _T("gaoqi", "首次认定高新技术企业奖励", ("kj",), (TAG("高新技术企业"), SME), (D, CR, RD_POS),
       _amount((100000, 100000, 50000, 200000)), ("高新技术企业证书复印件", "高新技术企业认定申报书"),
       auto=3, window=0, subject="首次认定的高新技术企业"),
    _T("gaoqi2", "高新技术企业培育奖励", ("kj",), (TAG("高新技术企业"), SME), (D, CR), _tiered_sme,
       ("高新技术企业证书复印件", "企业承诺书"), auto=2, window=0),
    _T("yanfa", "企业研发费用后补助", ("kj", "cz"), (ANYTAG("高新技术企业", "科技型中小企业"), RD_GE(500_000, 1_000_000, 3_000_000)),
       (D, CR, ENT), _rd_subsidy, ("研发费用专项审计报告", "研发费用辅助账", "企业所得税年度纳税申报表"), auto=2, window=0,
       category="科技创新"),
    _T("kjxzx", "科技型中小企业入库奖励", ("kj",), (TAG("科技型中小企业"), EMP_LE(500), REV_LE(200_000_000)), (D,),
       _amount((10000, 20000, 30000)), ("科技型中小企业入库登记编号", "企业情况说明"), auto=3, window=0),
    _T("cxpt", "工程技术研究中心建设奖励", ("kj", "kx"), (RD_GE(1_000_000, 2_000_000), SECS("C", "CM")),
       (TAG("高新技术企业"), D, CR), _amount((100000, 300000, 500000)),
       ("工程技术研究中心认定文件", "研发场地及仪器设备清单", "研发人员名册"), window=2, category="科技创新"),
    _T("zhuanhua", "科技成果转化补助", ("kj",), (ENT, RD_POS), (D, CR, AGE1),
       _text("按技术合同实际成交额的10%给予补助，单个企业每年最高50万元。"),
       ("技术合同登记证明", "技术交易发票复印件", "成果转化项目说明")),
    _T("chuangxin", "创新型中小企业奖励", ("kj", "gx"), (TAG("创新型中小企业"), SME), (D, CR),
       _amount((20000, 30000, 50000)), ("创新型中小企业公告文件", "企业承诺书"), auto=3, window=0, category="科技创新"),
    _T("dengling", "瞪羚企业奖励", ("kj", "gx"), (_between("age_years", ((3, 10), (2, 8))), REVRD), (TAG("高新技术企业"), D),
       _amount((200000, 300000)), ("瞪羚企业认定文件", "近两年财务审计报告"), auto=2, category="科技创新"),
    _T("yuanshi", "院士（专家）工作站建站补助", ("kx", "rc"), (RD_GE(1_000_000), ENT), (TAG("高新技术企业"), D),
       _amount((200000, 300000)), ("院士（专家）工作站建站协议", "专家合作项目计划书"), window=2, category="科技创新"),
    _T("xiehui", "企业科协组织建设奖励", ("kx",), (ENT, RD_POS), (D, EMP_GE(50, 100)),
       _amount((10000, 20000)), ("企业科协成立批复", "企业科协工作总结"), window=1, category="科技创新"),
    # 工信 ---------------------------------------------------------------------------------------
    _T("zjtx", "专精特新中小企业奖励", ("gx",), (TAG("专精特新中小企业"), SME), (SECS("C", "CI"), D, CR, RD_POS),
       _amount((100000, 200000, 50000)), ("专精特新中小企业认定文件", "企业承诺书"), auto=3, window=0),
    _T("xiaojuren", "专精特新“小巨人”企业奖励", ("gx",), (TAG("专精特新小巨人"), SME), (D, CR),
       _amount((500000, 1000000, 300000)), ("国家级专精特新“小巨人”企业公示文件", "企业承诺书"), auto=2),
    _T("shenggui", "工业企业升规纳统奖励", ("gx", "tj"), (TAG("规上企业"), SECS("C", "BCD"), REV_GE(20_000_000)), (AGE1, D),
       _amount((50000, 100000, 200000)), ("统计部门入库证明", "上年度财务报表"), auto=3, window=0,
       subject="首次纳入规模以上统计的工业企业", category="工业发展"),
    _T("jigai", "技术改造项目补助", ("gx", "fg"), (SECS("C"), REV_GE(5_000_000, 20_000_000)), (D, CR, TAG("规上企业"), ENT),
       _text(_equipment), ("技术改造项目备案证明", "设备购置合同及发票复印件", "项目竣工验收报告", "项目资金专项审计报告"),
       window=3, category="工业发展"),
    _T("shoutai", "首台（套）技术装备奖励", ("gx",), (DIVS(("34", "35", "38", "39", "40"), ("34", "35"), ("38", "39", "40")),),
       (TAG("高新技术企业"), D, CR, SECS("C")), _amount((1500000, 1000000, 500000)),
       ("首台（套）技术装备认定文件", "产品销售合同及发票", "产品检测报告"), window=2),
    _T("shuzi", "智能化改造和数字化转型补助", ("gx", "dsj"), (SECS("C", "CFG"), SME), (D, CR, REV_BAND, EMP_BAND),
       _text("按软件和智能化设备投入的20%给予补助，单个企业最高100万元。"),
       ("数字化转型项目实施方案", "软件及设备采购合同", "发票复印件"), category="数字经济"),
    _T("lvse", "绿色工厂奖励", ("gx", "hb", "fg"), (SECS("C"), TAG("绿色工厂")), (D, CR),
       _amount((300000, 500000, 100000)), ("绿色工厂认定文件", "能源消费统计报表"), auto=2, category="节能环保"),
    _T("zhongxiao", "中小企业发展专项资金", ("cz", "gx"), (SME, SECS("C", "CI")), (D, CR, REV_BAND),
       _text("按项目投资额的10%给予补助，单个项目最高100万元。"),
       ("项目申报书", "项目投资证明材料", "上年度财务报表"), window=2, category="财政金融"),
    _T("zhoucheng", "轴承产业提质升级奖励", ("gx",), (DIVS(("34",)), REV_GE(5_000_000)), (D, CR),
       _amount((50000, 100000)), ("轴承产品质量认证证书", "上年度财务报表"), auto=1, counties=("371581",)),
    _T("lvye", "铝精深加工产业扶持", ("gx",), (DIVS(("32", "33")),), (D, CR, REV_GE(20_000_000)),
       _text("对铝精深加工项目按设备投资额的10%给予补助，最高300万元。"),
       ("项目备案证明", "设备购置发票复印件"), window=2, counties=("371503",)),
    _T("dianlan", "电线电缆产业升级奖励", ("gx",), (DIVS(("38",)),), (D, CR, TAG("高新技术企业")),
       _amount((100000, 200000)), ("产品认证证书", "技术改造项目说明"), window=2, counties=("371521",)),
    _T("zaozhi", "造纸及纸制品产业技改补助", ("gx",), (DIVS(("22",)),), (D, CR, REV_GE(20_000_000)),
       _text(_equipment), ("项目备案证明", "环评批复文件", "设备购置发票复印件"), window=2, counties=("371526",)),
    _T("bancai", "钢板及金属制品产业扶持", ("gx",), (DIVS(("31", "33")),), (D, CR),
       _text(_equipment), ("项目备案证明", "设备购置发票复印件"), window=2, counties=("371525",)),
    _T("gangguan", "钢管产业高质量发展奖励", ("gx",), (DIVS(("31", "33")), REV_GE(20_000_000)), (D, CR),
       _amount((100000, 300000)), ("上年度财务审计报告", "产品质量认证证书"), auto=1, counties=("371502",)),
    _T("ejiao", "阿胶及中医药产业扶持", ("gx", "ny"), (DIVS(("27", "14"), ("27",)),), (D, CR, SME),
       _text("对阿胶及中医药企业新建生产线按设备投资额的10%给予补助，最高200万元。"),
       ("项目备案证明", "药品生产许可证或食品生产许可证", "设备购置发票复印件"), window=2, counties=("371524",)),
    # 商务 ---------------------------------------------------------------------------------------
    _T("xinbao", "出口信用保险保费补贴", ("sw",), (ENT, TAG("对外贸易经营者备案")), (D, CR, SME),
       _text("按企业实际缴纳短期出口信用保险保费的50%给予补贴，单个企业最高50万元。",
             "按企业实际缴纳短期出口信用保险保费的30%给予补贴，单个企业最高30万元。"),
       ("出口信用保险保单", "保费缴纳发票复印件"), auto=2, window=0),
    _T("kuajing", "跨境电商发展奖励", ("sw",), (SECS("FI", "F"), TAG("对外贸易经营者备案")), (D,),
       _amount((50000, 100000)), ("跨境电商出口报关单", "跨境电商平台店铺证明")),
    _T("canzhan", "境外展会参展补贴", ("sw", "tc"), (ENT, TAG("对外贸易经营者备案")), (D, CR, SME),
       _text("对参加境外重点展会的企业，按展位费的70%给予补贴，每个展会最高5万元。"),
       ("参展合同及展位费发票", "参展照片", "参展总结报告")),
    _T("xianshang", "限上商贸企业升限入统奖励", ("sw", "tj"), (SECS("FH", "F"), REV_GE(5_000_000, 20_000_000)), (D, AGE1),
       _sales_reward, ("统计部门入库证明", "上年度财务报表"), auto=3, window=0, category="商贸流通"),
    _T("xiaofei", "促消费活动商户补贴", ("sw", "wl"), (SECS("FH"),), (D, CR),
       _text("参与政府消费券活动的商户，按消费券核销金额1:1兑付。"), ("消费券核销明细", "商户收款账户信息"), auto=1),
    # 农业农村 -----------------------------------------------------------------------------------
    _T("hezuoshe", "农民专业合作社示范社奖补", ("ny",), (SECS("A"), TAG("农民专业合作社示范社")), (D, AGE1),
       _amount((50000, 100000, 200000), "给予一次性奖补"), ("合作社章程", "示范社认定文件", "上年度财务报表"), window=2,
       subject="农民专业合作社"),
    _T("nongchang", "示范家庭农场奖补", ("ny",), (SECS("A"), TAG("示范家庭农场")), (D,),
       _amount((20000, 30000), "给予一次性奖补"), ("示范家庭农场认定文件", "土地流转合同"), window=2, subject="家庭农场"),
    _T("longtou", "农业产业化龙头企业奖励", ("ny",), (TAG("农业产业化重点龙头企业"), REV_GE(20_000_000, 50_000_000)), (D, CR, ENT),
       _amount((200000, 300000, 500000)), ("龙头企业认定文件", "上年度财务审计报告"), auto=2),
    _T("nongji", "农机购置与应用补贴", ("ny",), (SECS("A"),), (D, IND),
       _text("按《山东省农机购置与应用补贴机具补贴额一览表》定额补贴，先购后补、县级结算、直补到卡（户）。"),
       ("农机购置发票", "机具铭牌照片", "农机购置补贴申请表"), subject="农业生产经营组织"),
    _T("shucai", "设施蔬菜产业发展补贴", ("ny",), (DIVS(("01",)),), (D,),
       _text("新建高标准冬暖式蔬菜大棚每亩补贴2000元，单个主体最高50万元。"),
       ("大棚建设验收单", "土地流转合同", "补贴申请表"), window=2, counties=("371522",)),
    # 文化和旅游 ---------------------------------------------------------------------------------
    _T("wenlvquan", "文旅消费券兑付", ("wl", "jyt"), (SECS("HR", "HNR"),), (D,),
       _text("参与文旅消费券活动的商户，按消费券核销金额1:1兑付。"), ("消费券核销明细", "商户收款账户信息"), auto=1,
       category="文化旅游"),
    _T("ajingqu", "A级旅游景区创建奖励", ("wl",), (SECS("NR"), TAG("A级旅游景区")), (D, CR),
       _amount((100000, 300000, 500000)), ("A级旅游景区评定文件", "景区运营情况报告"), window=2),
    _T("lvxingshe", "旅行社招徕游客奖励", ("wl",), (DIVS(("72",)), ENT), (D, CR),
       _text("每招徕1名外地游客在聊城过夜游奖励20元，单家旅行社每年最高30万元。"),
       ("旅游团队行程单", "住宿发票复印件", "游客名单")),
    _T("xingji", "星级饭店创建奖励", ("wl",), (DIVS(("61",)),), (D, CR),
       _amount((100000, 200000)), ("星级饭店评定文件", "饭店经营情况报告"), window=2),
    _T("tiyu", "体育产业发展专项资金", ("jyt",), (DIVS(("89",), ("88", "89")), ENT), (D,),
       _amount((50000, 100000)), ("体育产业项目申报书", "项目投资证明材料"), window=2),
    # 财政、金融 ---------------------------------------------------------------------------------
    _T("zhuandai", "应急转贷资金支持", ("cz", "jr", "rh", "gsl"), (SM, D), (CR, ENT, AGE1),
       _text("转贷资金使用费按日万分之一收取，单笔最高1000万元，使用期限不超过15天。"),
       ("转贷申请书", "银行续贷承诺函", "借款合同复印件"), window=3, subject="小微企业", category="财政金融"),
    _T("zhengcai", "政府采购合同融资", ("cz", "gsl"), (SME, ENT), (D, CR),
       _text("凭政府采购合同向合作银行申请无抵押信用贷款，利率不高于同期LPR加50个基点。"),
       ("政府采购合同", "融资申请书"), category="财政金融"),
    _T("xindai", "普惠小微贷款贴息", ("jr", "rh", "cz", "gsl"), (SM, D), (CR, ENT),
       _text("按新发放普惠小微贷款金额的1%给予贴息，单户最高5万元。"), ("借款合同复印件", "付息凭证"), auto=1,
       category="财政金融"),
    _T("zaidai", "支小再贷款优惠利率贷款", ("rh",), (SM, ENT), (D, CR),
       _text("合作银行运用支小再贷款资金发放的贷款，利率不高于贷款市场报价利率（LPR）加50个基点。"),
       ("贷款申请书", "上年度财务报表"), category="财政金融"),
    _T("shangshi", "企业上市挂牌奖励", ("jr",), (ENT, REV_GE(50_000_000, 100_000_000), CRAB), (D,),
       _text("境内外首发上市分阶段奖励最高500万元；在齐鲁股权交易中心挂牌的奖励10万元。"),
       ("上市辅导备案或挂牌证明", "中介机构服务协议", "奖励申请表"), window=2, category="财政金融"),
    # 税务 ---------------------------------------------------------------------------------------
    _T("liushui", "“六税两费”减征", ("swj",), (SIX,), (),
       _text("按50%的税额幅度减征资源税、城市维护建设税、房产税、城镇土地使用税、印花税（不含证券交易印花税）、耕地占用税和教育费附加、地方教育附加。"),
       ("纳税申报表", "财务会计报表"), auto=3, window=0, subject="纳税人"),
    _T("xiaowei", "小型微利企业所得税优惠", ("swj",), (ENT, EMP_LE(300), ASSETS_LE(50_000_000)), (NOTSECS("K", "KJ"),),
       _text("年应纳税所得额不超过300万元的部分，减按25%计入应纳税所得额，按20%的税率缴纳企业所得税。"),
       ("企业所得税预缴纳税申报表", "财务会计报表"), auto=3, window=0, subject="小型微利企业"),
    _T("jiaji", "研发费用加计扣除", ("swj", "kj"), (RD_POS, NOTSECS("FHKL")), (ENT,),
       _text("研发费用未形成无形资产计入当期损益的，按实际发生额的100%在税前加计扣除；形成无形资产的，按无形资产成本的200%在税前摊销。"),
       ("研发项目立项文件", "研发费用辅助账", "企业所得税年度纳税申报表"), auto=2, window=0, category="税费优惠"),
    _T("liudi", "增值税期末留抵退税", ("swj",), (CRAB, D), (SECS("C", "CDI"),),
       _text("符合条件的纳税人可向主管税务机关申请退还增量留抵税额，制造业等行业可申请退还存量留抵税额。"),
       ("退（抵）税申请表", "增值税纳税申报表")),
    _T("canbaojin", "残疾人就业保障金减免", ("swj", "cl"), (EMP_LE(30),), (ENT,),
       _text("在职职工总数30人（含）以下的，暂免征收残疾人就业保障金。"), ("残疾人就业保障金申报表", "在职职工花名册"),
       auto=3, window=0, subject="用人单位", category="税费优惠"),
    _T("tuiyishui", "招用退役士兵税费扣减", ("swj", "ty"), (ENT, INS_GE(1)), (D,),
       _text("招用自主就业退役士兵的，按每人每年6000元定额依次扣减增值税、城市维护建设税、教育费附加、地方教育附加和企业所得税。"),
       ("退役士兵退役证件", "劳动合同", "社会保险缴费明细"), category="税费优惠"),
    # 市场监管 -----------------------------------------------------------------------------------
    _T("zhuanli", "发明专利资助", ("scjg",), (ENT, AGE1), (D, CR, RD_POS),
       _amount((5000, 3000, 10000), "每件给予资助", "按当年授权发明专利件数计发"), ("发明专利证书复印件", "专利年费缴纳凭证")),
    _T("shangbiao", "地理标志与驰名商标奖励", ("scjg",), (ENT, AGE_GE(2, 3)), (D, CR),
       _amount((100000, 500000)), ("商标注册证或地理标志认定文件", "商标使用证明"), window=2),
    _T("zhiliang", "市长质量奖", ("scjg",), (REV_GE(50_000_000, 100_000_000), CRAB), (D, AGE_GE(3, 5)),
       _amount((500000, 300000)), ("质量奖申报书", "质量管理体系认证证书", "近三年财务审计报告"), window=3),
    _T("gezhuanqi", "个体工商户转型升级为企业奖励", ("scjg",), (ENT, AGE_LE(1)), (D,),
       _amount((5000, 10000)), ("个体工商户注销证明", "新设企业营业执照复印件"), auto=1, subject="“个转企”企业"),
    _T("biaozhun", "标准制定奖励", ("scjg", "gx"), (ENT, SECS("C", "CM")), (D, CR),
       _text("主导制定国际标准的奖励50万元，国家标准30万元，行业标准20万元，地方标准10万元。"),
       ("标准文本", "标准发布公告", "起草单位排名证明"), window=2, category="市场监管"),
    # 残联 ---------------------------------------------------------------------------------------
    _T("chaobili", "超比例安排残疾人就业奖励", ("cl",), (EMP_GE(20, 30, 50), INS_GE(20, 30)), (D, ENT),
       _amount((5000, 3000), "每超比例安排1人奖励", "按超比例安排人数计发"),
       ("残疾职工残疾人证复印件", "劳动合同", "工资发放记录"), window=2, subject="用人单位"),
    _T("canzhu", "残疾人自主创业扶持", ("cl",), (IND, AGE_LE(3)), (D,),
       _amount((5000, 8000, 10000), "给予一次性创业扶持"), ("残疾人证复印件", "经营场所证明"), window=3,
       subject="残疾人创办的个体工商户"),
    _T("fuzhu", "残疾人就业创业基地补贴", ("cl",), (EMP_GE(20), ENT), (D, CR),
       _amount((50000, 100000), "给予一次性补贴"), ("残疾人就业基地认定文件", "残疾职工花名册"), window=2),
    # 发改、住建、交通、生态、水利、应急 -----------------------------------------------------------
    _T("fuwuye", "服务业发展引导资金", ("fg",), (SECS("GILM", "GM"), ENT), (D, CR, REV_BAND, EMP_BAND),
       _text("对服务业重点项目按实际投资额的5%给予补助，单个项目最高100万元。"),
       ("项目申报书", "项目投资证明材料", "项目备案证明"), window=2, category="产业发展"),
    _T("jieneng", "节能降碳技术改造补助", ("fg", "hb", "sl"), (SECS("CD"),), (D, CR, TAG("规上企业")),
       _text("按节能改造项目投资额的10%给予补助，单个项目最高200万元。"),
       ("节能量审核报告", "项目备案证明", "设备购置发票复印件"), window=2, category="节能环保"),
    _T("xinxing", "战略性新兴产业项目奖励", ("fg",), (DIVS(("26", "27", "38", "39")),), (TAG("高新技术企业"), D),
       _amount((300000, 500000)), ("项目申报书", "项目备案证明"), window=2),
    _T("zizhi", "建筑业企业资质升级奖励", ("zj",), (SECS("E"), ENT), (D, CR),
       _amount((200000, 500000, 1000000)), ("建筑业企业资质证书", "资质升级批复文件"), window=2),
    _T("zhuangpei", "装配式建筑示范奖励", ("zj",), (SECS("EC"),), (D,),
       _text("对装配式建筑示范项目按建筑面积每平方米补助100元，单个项目最高200万元。"),
       ("示范项目认定文件", "竣工验收备案表"), window=2),
    _T("shuicheng", "“水城优才”住房补贴", ("rc", "zj"), (ENT,), (D, CR, AGE1),
       _text("新引进的博士研究生每月发放住房补贴2000元，硕士研究生1000元，连续发放3年。"),
       ("学历学位证书", "劳动合同", "社会保险缴费证明"), subject="引进人才所在单位", category="人才支持"),
    _T("wuliu", "A级物流企业奖励", ("jt",), (SECS("G"), TAG("A级物流企业")), (D, CR),
       _amount((100000, 200000, 300000)), ("A级物流企业评定文件", "上年度财务报表"), auto=1),
    _T("wangluo", "网络货运平台发展奖励", ("jt",), (DIVS(("54",)), REV_GE(10_000_000)), (D,),
       _text("按平台年度实际运营额的0.5%给予奖励，单个平台最高100万元。"), ("网络货运经营许可证", "平台运营数据报告")),
    _T("duoshi", "多式联运示范工程补助", ("jt",), (SECS("G"), ENT), (D, CR),
       _text("对列入多式联运示范工程的项目，按年度实际投资额的10%给予补助，最高300万元。"),
       ("示范工程认定文件", "项目投资证明材料"), window=2),
    _T("jixiao", "环保绩效A级企业奖励", ("hb",), (SECS("C"), TAG("环保绩效A级企业")), (D, CR),
       _amount((200000, 500000)), ("环保绩效分级认定文件", "排污许可证复印件"), auto=2),
    _T("jieshui", "节水型企业奖励", ("sl",), (SECS("C"), TAG("节水型企业")), (D,),
       _amount((30000, 50000)), ("节水型企业认定文件", "用水计量记录"), auto=2, category="节能环保"),
    _T("anquan", "安全生产标准化达标奖励", ("yj",), (SECS("BC", "C"), TAG("安全生产标准化二级企业")), (D,),
       _amount((50000, 100000)), ("安全生产标准化达标证书", "安全生产情况说明"), auto=1),
    _T("yingji", "应急物资储备企业补助", ("yj",), (ENT, SECS("CF")), (D, CR),
       _text("对承担政府应急物资储备任务的企业，按储备物资金额的3%给予补助。"),
       ("应急物资储备协议", "储备物资清单"), window=2),
    # 退役军人、医保、民政、卫健、审批、自然资源、大数据、投促、人才、工会、妇联、工商联 ---------------------
    _T("tuiyicy", "退役军人创业扶持", ("ty",), (AGE_LE(3),), (D, CR),
       _amount((10000, 20000), "给予一次性创业补贴"), ("退役证件复印件", "经营场所证明"), window=2,
       subject="退役军人创办的市场主体"),
    _T("yibao", "职工医保单位缴费阶段性减征", ("yb",), (SM, MONTHS(12)), (D,),
       _text("阶段性减半征收职工基本医疗保险单位缴费，期限6个月。"), ("医保缴费明细", "单位参保登记信息"), auto=3,
       window=0, category="社会保障"),
    _T("changhu", "长期护理保险定点机构补助", ("yb", "mz", "wj"), (DIVS(("84", "85")),), (D, ENT),
       _text("对新纳入长期护理保险定点的护理机构给予一次性建设补助5万元。"), ("定点协议", "护理机构执业许可证"),
       window=2, category="社会服务"),
    _T("yanglao", "养老服务机构运营补贴", ("mz",), (DIVS(("85",)),), (D, AGE1),
       _text("按实际入住老年人数每人每月100元给予运营补贴，失能老年人每人每月200元。"),
       ("养老机构备案回执", "入住老年人名册"), window=2),
    _T("tuoyu", "普惠托育机构建设补助", ("wj", "mz"), (DIVS(("80",), ("80", "85")), ENT), (D,),
       _text("新增普惠性托位每个一次性补助1万元。"), ("托育机构备案回执", "托位建设情况说明"), window=2),
    _T("kaiban", "企业开办“零成本”", ("sp",), (ENT, AGE_LE(1)), (),
       _text("新开办企业免费刻制公章、财务专用章、发票专用章、合同专用章等4枚印章，免费邮寄营业执照和印章。"),
       ("营业执照", "印章刻制备案信息"), auto=3, window=0, subject="新开办企业"),
    _T("yizheng", "“一业一证”行业综合许可", ("sp",), (ENT, SECS("FHR", "HR")), (D,),
       _text("实行一次告知、一表申请、一窗受理、一证准营，办理时限压减至法定时限的30%以内。"),
       ("行业综合许可申请表", "经营场所证明"), window=2, category="营商环境"),
    _T("daiban", "重点项目全程帮办代办", ("sp", "tc", "gsl"), (ENT, CAP_GE(10_000_000, 50_000_000)), (D,),
       _text("为重点项目提供立项、用地、规划、施工许可等全流程免费帮办代办服务。"),
       ("项目帮办代办申请表", "项目备案证明"), window=3, category="营商环境"),
    _T("yongdi", "工业用地弹性出让", ("zr",), (SECS("C"), ENT), (D, CR),
       _text("工业用地可采取长期租赁、先租后让、弹性年期出让等方式供应，出让年限最长不超过20年。"),
       ("用地申请书", "项目备案证明", "投资协议"), window=3),
    _T("biaozhundi", "“标准地”出让项目支持", ("zr",), (SECS("C"), CAP_GE(10_000_000)), (D,),
       _text("对“标准地”出让项目实行“拿地即开工”，相关评估费用由政府承担。"),
       ("“标准地”出让合同", "项目履约承诺书"), window=2),
    _T("zhengqi", "重点建设项目用地保障", ("zr",), (ENT, REV_GE(20_000_000)), (D, CR),
       _text("对省市重点项目优先保障用地指标，新增建设用地计划指标予以倾斜。"),
       ("用地申请书", "重点项目认定文件"), window=3),
    _T("tiaoyue", "存量土地盘活奖励", ("zr",), (SECS("CF"), ENT), (D,),
       _text("企业盘活闲置低效用地用于扩大生产的，不再增收土地价款。"), ("不动产权证书", "盘活项目说明"), window=2),
    _T("shangyun", "企业上云用云补贴", ("dsj", "gsl"), (SME, ENT), (D,),
       _text("按企业购买云服务费用的30%给予补贴，每家企业最高5万元。"), ("云服务合同", "云服务费发票复印件"), auto=1,
       category="数字经济"),
    _T("shuju", "数据资产登记奖励", ("dsj",), (ENT, SECS("I", "CI")), (D, CR),
       _amount((20000, 50000)), ("数据资产登记证书", "数据产品说明")),
    _T("yunsuan", "算力券补贴", ("dsj",), (SME, RD_POS), (D,),
       _text("发放算力券，按企业使用算力服务费用的30%抵扣，每家企业每年最高20万元。"), ("算力服务合同", "算力服务费发票")),
    _T("luohu", "招商引资项目落户奖励", ("tc",), (ENT, CAP_GE(50_000_000, 100_000_000), AGE_LE(2)), (D,),
       _text("对新落户的重大产业项目，按实际到位外来资金的1%给予奖励，最高500万元。"),
       ("投资协议", "验资报告或资金到位证明", "项目备案证明"), window=3, subject="新落户企业"),
    _T("zongbu", "总部企业认定奖励", ("tc",), (ENT, REV_GE(100_000_000)), (D, CR),
       _amount((500000, 1000000)), ("总部企业认定申请书", "近两年财务审计报告"), window=3),
    _T("gaocengci", "高层次人才创业项目扶持", ("rc",), (ENT, AGE_LE(3, 5)), (D, SECS("CIM")),
       _amount((500000, 1000000, 300000), "给予创业项目扶持资金"), ("人才认定证书", "创业项目计划书", "股权结构证明"),
       window=3, category="人才支持"),
    _T("zhigongjia", "模范职工之家奖励", ("gh",), (ENT, INS_GE(25)), (D,),
       _amount((10000, 20000)), ("模范职工之家命名文件", "工会组织建设情况报告")),
    _T("gongjiang", "劳模和工匠人才创新工作室补助", ("gh",), (ENT, INS_GE(50)), (D, SECS("C")),
       _amount((20000, 50000), "给予一次性补助"), ("创新工作室命名文件", "创新成果材料")),
    _T("jinguo", "巾帼创业创新示范基地奖补", ("fl",), (ENT, EMP_GE(10)), (D,),
       _amount((20000, 50000), "给予一次性奖补"), ("示范基地命名文件", "女职工花名册"), window=2),
    _T("jiazheng", "家政服务企业员工制奖补", ("fl", "sw"), (DIVS(("80",)), INS_GE(10)), (D,),
       _text("对实行员工制管理的家政服务企业，按每名员工每月200元给予补贴，最长12个月。"),
       ("员工制家政服务员花名册", "社会保险缴费明细")),
    _T("baiqiang", "民营企业创新发展奖励", ("gsl",), (ENT, REV_GE(50_000_000)), (D, CR),
       _amount((100000, 200000)), ("奖励申请表", "上年度财务审计报告"), window=2),
    _T("fuwuyeru", "规上服务业企业入统奖励", ("tj", "fg"), (SECS("ILMN"), REV_GE(10_000_000)), (D, AGE1),
       _amount((30000, 50000)), ("统计部门入库证明", "上年度财务报表"), auto=2, category="产业发展"),
    _T("tongji", "统计数据质量示范单位奖励", ("tj",), (ENT, TAG("规上企业")), (D,),
       _amount((5000, 10000)), ("统计台账", "统计人员培训证明"), auto=1, category="产业发展"),
)

_KIND_BY_KEY = {k.key: k for k in _KINDS}


def _pool(kind: _Kind, county: tuple | None) -> list[_Template]:
    code = county[0] if county else None
    return [t for t in TEMPLATES if kind.key in t.kinds and (not t.counties or code in t.counties)]


# --------------------------------------------------------------------------------------------
# Documents

_PLACE_WEIGHTS = (42, 16, 8, 8, 9, 6, 8, 7, 10)  # city, then the counties in _COUNTIES order
_COUNTY_KINDS = tuple(k for k in _KINDS if k.county)
_THEMES = {
    "rs": ("进一步稳就业促创业", "援企稳岗扩就业", "促进高校毕业生等青年就业创业"),
    "kj": ("支持科技创新发展", "加快建设省级创新型城市", "强化企业科技创新主体地位"),
    "gx": ("推动制造业高质量发展", "支持工业企业提质增效", "加快新型工业化"),
    "sw": ("稳外贸稳外资促消费", "促进商贸流通高质量发展"),
    "ny": ("推进乡村振兴", "支持新型农业经营主体发展"),
    "wl": ("促进文化和旅游消费", "推动文旅产业高质量发展"),
    "cz": ("财政支持中小企业发展", "强化财政金融协同支持实体经济"),
    "swj": ("落实结构性减税降费政策", "支持小微企业和个体工商户发展税费优惠政策"),
    "scjg": ("实施质量强市和知识产权强市战略", "支持个体工商户发展"),
    "cl": ("促进残疾人就业创业", "残疾人就业帮扶"),
    "fg": ("促进服务业和新兴产业发展", "推动绿色低碳高质量发展"),
    "zj": ("支持建筑业做大做强", "推进建筑业转型升级"),
    "jt": ("促进现代物流业发展", "推动交通物流降本提质增效"),
    "ty": ("促进退役军人就业创业",),
    "yb": ("医疗保障惠企助企", "支持医养结合发展"),
    "mz": ("加快发展养老服务业",),
    "sp": ("优化营商环境“高效办成一件事”", "深化“放管服”改革"),
    "sl": ("推进节水型社会建设",),
    "yj": ("安全生产激励约束",),
    "hb": ("生态环境领域支持企业绿色发展",),
    "jr": ("金融支持实体经济发展", "推动企业上市挂牌"),
    "jyt": ("促进体育消费", "加快发展体育产业"),
    "wj": ("促进3岁以下婴幼儿照护服务发展",),
    "zr": ("自然资源要素保障助企发展", "节约集约用地"),
    "dsj": ("加快数字经济发展", "推进企业数字化转型"),
    "tc": ("招商引资激励", "支持总部经济发展"),
    "rc": ("“水城优才”人才集聚", "加快建设人才强市"),
    "gh": ("服务职工助企发展", "弘扬劳模精神和工匠精神"),
    "tw": ("服务青年就业创业",),
    "fl": ("巾帼创业创新", "支持妇女就业创业"),
    "gsl": ("促进民营经济发展壮大", "助力民营企业纾困发展"),
    "rh": ("金融支持小微企业发展", "货币政策工具直达实体经济"),
    "tj": ("企业入库纳统激励", "提升统计数据质量"),
    "kx": ("科协服务企业创新", "院士专家工作站建设"),
}


@dataclass
class _Plan:
    kind: _Kind
    county: tuple | None
    pool: list[_Template]
    published: dt.date
    start: dt.date
    end: dt.date | None
    templates: list[_Template] = field(default_factory=list)


def _day(r: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=r.randint(0, (last - first).days))


def _dates(r: random.Random) -> tuple[dt.date, dt.date, dt.date | None]:
    """(published, effective_from, effective_to): most in force on AS_OF_REFERENCE."""
    if r.random() < 0.16:  # expired
        published = _day(r, dt.date(2021, 1, 4), dt.date(2024, 9, 30))
        start = published if r.random() < 0.5 else dt.date(published.year, 1, 1)
        end = dt.date(r.randint(published.year + 1, 2025), 12, 31) if r.random() < 0.9 else dt.date(2026, 6, 30)
        return published, start, end
    published = _day(r, dt.date(2021, 1, 4), dt.date(2026, 11, 10))
    if r.random() < 0.3:
        start = dt.date(published.year, 1, 1)
    else:
        start = min(published + dt.timedelta(days=r.choice((0, 0, 0, 10, 30))), AS_OF_REFERENCE)
    end = None if r.random() < 0.4 else dt.date(max(2026, published.year + r.randint(2, 5)), 12, 31)
    return published, start, end


def _plan(r: random.Random, *, county_index: int | None = None, kind: _Kind | None = None) -> _Plan:
    if county_index is None:
        county_index = r.choices(range(len(_PLACE_WEIGHTS)), weights=_PLACE_WEIGHTS)[0] - 1
    county = _COUNTIES[county_index] if county_index >= 0 else None
    kinds = _COUNTY_KINDS if county else _KINDS
    if kind is None:
        kind = r.choices(kinds, weights=[k.weight for k in kinds])[0]
    published, start, end = _dates(r)
    return _Plan(kind, county, _pool(kind, county), published, start, end)


def _capacity(plan: _Plan) -> int:
    return min(MAX_ITEMS_PER_DOCUMENT, len(plan.pool)) - 1


def _item_counts(r: random.Random, plans: list[_Plan], items: int) -> list[int]:
    """1–4 items a document, summing to ``items``; no template twice in a document."""
    extra = items - len(plans)
    while sum(_capacity(p) for p in plans) < extra:  # only with tiny, odd requests
        smallest = min(range(len(plans)), key=lambda i: (_capacity(plans[i]), i))
        old = plans[smallest]
        index = _COUNTIES.index(old.county) if old.county else -1
        plans[smallest] = _plan(r, county_index=index, kind=_KIND_BY_KEY["gx"])
    slots = [i for i, p in enumerate(plans) for _ in range(_capacity(p))]
    counts = [1] * len(plans)
    for i in r.sample(slots, extra):
        counts[i] += 1
    return counts


def _assign_modes(r: random.Random, templates: list[_Template], auto: int, online: int) -> list[str]:
    """Exactly ``auto`` auto and ``online`` online items; the likeliest 免申即享 templates get
    auto, those that most need the counter get window."""
    n = len(templates)
    noise = [r.random() * 1.5 for _ in range(n)]
    modes = ["online"] * n
    for i in sorted(range(n), key=lambda i: (-(templates[i].auto + noise[i]), i))[:auto]:
        modes[i] = "auto"
    noise = [r.random() * 1.5 for _ in range(n)]
    rest = sorted((i for i in range(n) if modes[i] != "auto"), key=lambda i: (-(templates[i].window + noise[i]), i))
    for i in rest[: n - auto - online]:
        modes[i] = "window"
    return modes


def generate_catalogue(
    *, documents: int, items: int, auto: int, online: int, seed: int = 0, id_prefix: str = "gen"
) -> dict:
    """A catalogue (plain data, docs/rules.md format) of exactly ``documents`` documents and
    ``items`` items, ``auto`` of them 免申即享, ``online`` online and the rest window.

    Deterministic in ``seed``; ``id_prefix`` starts every document and item id. Zero documents
    and items give an empty ``documents`` list (which ``check_catalogue`` alone would refuse).
    ValueError when the counts cannot be met (each document has 1–4 items)."""
    _check_counts(documents=documents, items=items, auto=auto, online=online)
    if not isinstance(id_prefix, str) or not _PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix must be lower-case letters, digits and '-', at most 24: {id_prefix!r}")
    if documents == 0:
        return {"format": 1, "documents": []}
    r = random.Random(f"kuaixiang-catalogue:{seed}")
    # Every department issues something (when there are documents enough), the rest by weight.
    everyone = [(-1, k) for k in _KINDS] + [(c, k) for c in range(len(_COUNTIES)) for k in _COUNTY_KINDS]
    r.shuffle(everyone)
    plans = [_plan(r, county_index=c, kind=k) for c, k in everyone[:documents]]
    plans += [_plan(r) for _ in range(documents - len(plans))]
    r.shuffle(plans)
    for plan, count in zip(plans, _item_counts(r, plans, items), strict=True):
        plan.templates = r.sample(plan.pool, count)
    modes = iter(_assign_modes(r, [t for p in plans for t in p.templates], auto, online))
    numbers: dict[tuple[str, str, int], int] = {}
    doc_nos: set[str] = set()
    out = []
    for plan in plans:
        out.append(_document(r, plan, [next(modes) for _ in plan.templates], numbers, doc_nos, id_prefix))
    return {"format": 1, "documents": out}


def _document(r: random.Random, plan: _Plan, modes: list[str], numbers: dict, doc_nos: set[str], prefix: str) -> dict:
    kind, county = plan.kind, plan.county
    place = county or _CITY
    department, issuer = _department(kind, county)
    year = plan.published.year
    key = (place[2], kind.key, year)
    while True:
        number = numbers.get(key, 0) + (r.randint(1, 15) if key not in numbers else r.randint(1, 4))
        numbers[key] = number
        doc_no = f"{place[2]}{kind.abbr}{r.choice('发发发字字')}〔{year}〕{number}号"
        if doc_no not in doc_nos:
            break
    doc_nos.add(doc_no)
    doc_id = f"{prefix}-{place[3]}-{kind.key}-{year}-{number}"
    place_name = place[1]
    if len(plan.templates) == 1:
        t, mode = plan.templates[0], modes[0]
        patterns = [f"关于做好{year}年度{t.title}工作的通知", f"关于印发《{place_name}{t.title}实施细则》的通知",
                    f"{place_name}{t.title}管理办法"]
        if mode == "auto":
            patterns.append(f"关于{t.title}实行“免申即享”的通知")
        else:
            patterns.append(f"关于开展{year}年{t.title}申报工作的通知")
        title = r.choice(patterns)
    else:
        theme = r.choice(_THEMES.get(kind.key, (f"支持{kind.category}发展",)))
        title = r.choice((f"关于印发《{place_name}关于{theme}的若干措施》的通知", f"{place_name}关于{theme}的若干政策措施",
                          f"关于印发《{place_name}{theme}实施方案》的通知"))
    document: dict = {
        "id": doc_id,
        "doc_no": doc_no,
        "title": title,
        "issuer": issuer,
        "level": "县级" if county else "市级",
        "region": place[0],
        "published": plan.published.isoformat(),
        "effective_from": plan.start.isoformat(),
    }
    if plan.end:
        document["effective_to"] = plan.end.isoformat()
    ctx = _Context(county, plan.start)
    seen: set[str] = set()
    articles = iter(range(2, 100))  # 第一条 states the document's purpose
    document["items"] = [
        _item(r, plan, ctx, t, mode, articles, doc_id, department, seen)
        for t, mode in zip(plan.templates, modes, strict=True)
    ]
    return document


# --------------------------------------------------------------------------------------------
# Items


def _item(r: random.Random, plan: _Plan, ctx: _Context, t: _Template, mode: str, articles: Iterator[int],
          doc_id: str, department: str, seen: set[str]) -> dict:
    kind, county = plan.kind, plan.county
    item_id = f"{doc_id}-{t.key}"
    while item_id in seen:
        item_id += "x"
    seen.add(item_id)
    children = _conditions(r, ctx, t)
    positive = [c for c in children if not c.negative]
    negative = [c for c in children if c.negative]
    article = next(articles)
    exclusion = next(articles) if negative else None
    payment = next(articles)
    for i, c in enumerate(positive, 1):
        _set_clause(c.data, f"第{_cn(article)}条({_cn(i)})")
    for c in negative:
        _set_clause(c.data, f"第{_cn(exclusion)}条")  # type: ignore[arg-type]
    benefit = t.benefit(r)
    place = county[1] if county else "聊城市"
    item: dict = {
        "id": item_id,
        "title": t.title,
        "department": department,
        "category": t.category or kind.category,
        "mode": mode,
    }
    if mode != "auto" and r.random() < 0.25:
        last = min(plan.end.year if plan.end else 2026, 2026)
        year = r.randint(plan.start.year, max(plan.start.year, last))
        item["apply_from"] = f"{year}-{r.randint(3, 6):02d}-01"
        item["apply_to"] = f"{year}-{r.randint(9, 11):02d}-30"
    item["promised_days"] = r.choice({"auto": (0, 3, 5), "online": (5, 7, 10, 15, 20)}.get(mode, (5, 10, 15, 20, 30)))
    item["allows_deferred"] = mode != "auto" and r.random() < 0.3
    hall = "聊城市政务服务中心" if county is None else f"{county[1]}政务服务中心"
    counter = f"{hall}{kind.window}窗口" if kind.key != "swj" else f"{department}办税服务厅"
    item["where"] = {
        "auto": "免申即享：主管部门依据共享数据比对后直接兑付，无需申请",
        "online": f"爱山东APP“政策快享”专区在线申请；线下：{counter}",
        "window": counter,
    }[mode]
    lines = [f"第{_cn(article)}条 同时符合下列条件的{t.subject}，可享受{t.title}政策："]
    for i, c in enumerate(positive, 1):
        lines.append(f"（{_cn(i)}）{c.phrase}{'。' if i == len(positive) else '；'}")
    if negative:
        lines.append(f"第{_cn(exclusion)}条 申请主体应当{'，'.join(c.phrase for c in negative)}。")  # type: ignore[arg-type]
    lines.append(f"第{_cn(payment)}条 {benefit.sentence}")
    if mode == "auto":
        lines.append(f"本事项在{place}实行“免申即享”，由主管部门依据共享数据直接兑付，企业无需申请。")
    item["body"] = "\n".join(lines) + "\n"
    item["materials"] = _materials(r, t, mode)
    item["rule"] = {"all": [c.data for c in children]}
    item["benefit"] = dict(benefit.data)
    item["tests"] = _tests(r, t, children, benefit)
    return item


def _conditions(r: random.Random, ctx: _Context, t: _Template) -> list[_Node]:
    """2–6 top-level conditions over distinct facts: the county's first, disqualifiers last."""
    children: list[_Node] = []
    used: set[str] = set()

    def add(node: _Node) -> None:
        groups = node.groups()
        if not groups & used:
            children.append(node)
            used.update(groups)

    if ctx.county:
        add(_region(r, ctx))
    for make in t.core:
        add(make(r, ctx))
    target = min(6, max(len(children), 2, r.choice((2, 3, 3, 4, 4, 5, 6))))
    own = list(t.extras)
    r.shuffle(own)
    common = [f for f in _COMMON_EXTRAS if f not in t.extras]
    r.shuffle(common)
    for make in own + common:
        if len(children) >= target:
            break
        add(make(r, ctx))
    return [c for c in children if not c.negative] + [c for c in children if c.negative]


def _materials(r: random.Random, t: _Template, mode: str) -> list[dict]:
    if mode == "auto":
        return [
            {"name": "兑付账户信息确认书", "required": True, "originals": 1, "copies": 0},
            {"name": t.materials[0], "required": False, "originals": 0, "copies": 0,
             "note": "由主管部门共享获取，无需提交"},
        ]
    originals = 1 if mode == "window" else 0
    n = r.randint(2, 6)
    own = list(t.materials)[: r.randint(1, len(t.materials))]
    names = [f"{t.title}申请表", *own]
    common = ["营业执照副本复印件", "法定代表人身份证复印件", "信用承诺书", "银行基本存款账户信息"]
    r.shuffle(common)
    names += common
    names = list(dict.fromkeys(names))[:n]
    out = []
    for name in names:
        if name.endswith(("申请表", "申请书", "承诺书")):
            out.append({"name": name, "required": True, "originals": 1, "copies": 0})
        else:
            out.append({"name": name, "required": True, "originals": originals, "copies": 1})
    if mode == "window" and len(out) < 6 and r.random() < 0.4:
        out.append({"name": "授权委托书及经办人身份证复印件", "required": False, "originals": 1, "copies": 1,
                    "note": "委托他人办理的提供"})
    return out


# --------------------------------------------------------------------------------------------
# Golden tests


def _numeric(fact: str) -> bool:
    return _specs()[fact].type in ("number", "money", "percent")


def _enterprise_json(facts: dict) -> dict:
    out = {k: v for k, v in facts.items() if not k.startswith("tag:")}
    if any(k.startswith("tag:") for k in facts):
        out["tags"] = sorted(k[4:] for k, v in facts.items() if k.startswith("tag:") and v)
    return out


def _expected(benefit: _Benefit, facts: dict) -> str | None:
    if benefit.compute is None:
        return None
    values = {k: (Decimal(str(v)) if _numeric(k) else v) for k, v in facts.items() if not k.startswith("tag:")}
    return str(benefit.compute(values).quantize(_FEN, rounding=ROUND_HALF_UP))


def _tests(r: random.Random, t: _Template, children: list[_Node], benefit: _Benefit) -> list[dict]:
    eligible: dict = {}
    for c in children:
        eligible.update(c.yes)
    for fact, make in benefit.needs:
        if fact not in eligible:
            eligible[fact] = make(r)
    amount = _expected(benefit, eligible)
    first: dict = {
        "name": f"符合全部条件的{t.subject}" + (f"：{amount}元" if amount is not None else ""),
        "enterprise": _enterprise_json(eligible),
        "verdict": "eligible",
    }
    if amount is not None:
        first["amount"] = amount
    tests = [first]
    roll = r.random()
    unknowable = [c for c in children if not any(f.startswith("tag:") for f in c.facts)]
    if roll < 0.7:
        broken = r.choice(children)
        facts = {k: v for k, v in eligible.items() if k not in broken.yes}
        facts.update(broken.no)
        tests.append({"name": f"{broken.reason}：不符合", "enterprise": _enterprise_json(facts), "verdict": "ineligible"})
    elif roll < 0.85 and unknowable:
        missing = r.choice(unknowable)
        facts = {k: v for k, v in eligible.items() if k not in missing.facts}
        labels = "、".join(_specs()[f].label for f in missing.facts)
        tests.append({"name": f"缺少{labels}数据：待核实", "enterprise": _enterprise_json(facts), "verdict": "unknown"})
    return tests
