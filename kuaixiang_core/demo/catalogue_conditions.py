"""The building blocks of the generated catalogue (kuaixiang_core.demo.catalogue): the city's
places and departments, conditions built together with the facts that satisfy and break them,
and benefits."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..domain.rules.facts import BUILTIN_FACTS, FactSpec, coerce
from ..domain.rules.tree import describe
from ..reference import base_facts, industry_name_map

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
    if "fact" in data or "expr" in data:
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
    if rd == 3_000_000:
        # R&D intensity, an expression over two facts (docs/rules.md §7), decided by the draws
        # already made so that the rest of the catalogue stays as it was: any revenue below
        # 1亿 makes 3% of it less than the 300万 of R&D the eligible test holds.
        intensity = {"expr": "rd_expense >= revenue * 0.03", "text": "研发费用不低于营业收入的3%"}
        no_rd = max(0, min(below_rd, below_rev * 3 // 100 - 1000))
        return _Node({"any": [a.data, intensity]}, yes, {"revenue": below_rev, "rd_expense": no_rd},
                     f"{a.phrase}，或研发费用不低于营业收入的3%", "营业收入和研发投入强度均未达到规定标准")
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
