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
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..domain.rules.facts import BUILTIN_FACTS, FactSpec, coerce
from ..domain.rules.tree import describe
from .reference import base_facts

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
        if kind.city.startswith("市"):
            return kind.city, "聊城" + kind.city
        if kind.city.startswith("市委"):
            return kind.city, "中共聊城" + kind.city
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


