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
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .catalogue_conditions import (
    _CITY,
    _COUNTIES,
    _KINDS,
    DEPARTMENTS,
    _Benefit,
    _cn,
    _Context,
    _department,
    _Kind,
    _Node,
    _region,
    _set_clause,
    _specs,
)
from .catalogue_templates import (
    _COMMON_EXTRAS,
    _KIND_BY_KEY,
    _pool,
    _Template,
)

__all__ = [
    "PLATFORM_DOCUMENTS",
    "PLATFORM_ITEMS",
    "PLATFORM_AUTO",
    "PLATFORM_ONLINE",
    "MAX_ITEMS_PER_DOCUMENT",
    "DEPARTMENTS",
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
    _add_caps(document)
    return document


def _add_caps(document: dict) -> None:
    """Claim limits and yearly caps as real documents write them (「每年限申报一次」,
    「同一企业年度累计不超过 X 万元」), on some items and documents, drawn from a stream of
    their own so that adding them changed nothing else of a seed's catalogue. Set so that an
    enterprise without earlier applications is estimated as before (each amount cap at
    least the largest of its items' amounts): the golden tests hold, and a match still pays
    for looking the caps up."""
    r = random.Random(f"kuaixiang-caps:{document['id']}")
    items = document["items"]
    for item in items:
        if item["mode"] != "auto" and r.random() < 0.15:
            count = r.choice((1, 1, 1, 2, 3))
            cap: dict = {"per": "year", "count": count}
            if count == 1:
                cap["text"] = "每年限申报一次"  # else the default: 每年最多申报 N 次
            item["caps"] = [cap]
    fixed = [(item["id"], Decimal(item["benefit"]["amount"])) for item in items
             if "amount" in item["benefit"] and item["benefit"].get("kind", "cash") == "cash"]
    if len(fixed) >= 2 and r.random() < 0.4:
        largest, total = max(a for _, a in fixed), sum(a for _, a in fixed)
        amount = max(largest, total * 6 // 10 // 10_000 * 10_000)  # about 60% of all, in whole 万元
        # the sentence is the default one: 同一企业年度累计不超过 X 万元
        document["caps"] = [{"items": [i for i, _ in fixed], "per": "year", "amount": str(amount)}]


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
    if item["allows_deferred"]:
        deferred = _deferred(item_id, item["materials"])
        if deferred:
            item["deferred"] = deferred
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


# Materials a hall commonly lets follow after 容缺受理: none of them decides eligibility.
_FOLLOWING = ("银行基本存款账户信息", "营业执照副本复印件", "法定代表人身份证复印件")


def _deferred(item_id: str, materials: list[dict]) -> dict | None:
    """About half of the 容缺 items name which materials may follow and when. A generator of
    its own (seeded by the item) so that the rest of the catalogue stays as it was."""
    own = random.Random(f"deferred:{item_id}")
    names = [m["name"] for m in materials if m["required"] and m["name"] in _FOLLOWING]
    if not names or own.random() < 0.5:
        return None
    return {"working_days": own.choice((3, 5, 5, 10)), "materials": names}


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
        tests.append({"name": f"缺少{labels}数据：需核实", "enterprise": _enterprise_json(facts), "verdict": "unknown"})
    return tests
