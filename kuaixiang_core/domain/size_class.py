"""企业划型: 统计上大中小微型企业划分办法(2017) (国统字〔2017〕213号).

Pure data and arithmetic: no Qt, no SQL, nothing else of ours.

The rule, in the standard's words: 大型、中型和小型企业须同时满足所列指标的下限，否则下划一档；
微型企业只须满足所列指标中的一项即可.  Lower limits are inclusive (>=).  So an enterprise is
large only if every indicator of its industry group reaches the large lower limit; otherwise
it is tried as medium, then small; below small it is micro.  Equivalently: each indicator
alone gives a class, and the enterprise gets the lowest of them.

Units: employees (从业人员 X) in persons; revenue (营业收入 Y) and assets (资产总额 Z) in 万元,
as ``Decimal`` or ``int`` (never ``float``).

Unknown inputs: an indicator that the group needs and that is ``None`` makes the result
``None``, unless the known indicators already put the enterprise at micro (nothing unknown
can raise it again), in which case the answer is micro.

Industry codes (GB/T 4754-2017) are accepted as a section letter ("C"), a division ("13"),
a group ("591"), a class ("7010"), or a letter followed by digits ("C13", "C1310").  A 3- or
4-digit code is resolved by its division, and within divisions 59 and 70 by its group, since
the standard splits those two; it is not checked against the full list of groups and classes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

__all__ = [
    "SIZE_CLASSES",
    "THRESHOLDS",
    "NOT_APPLICABLE_PREFIX",
    "SizeResult",
    "industry_group",
    "classify",
    "size_class_of_fen",
]

SIZE_CLASSES = ("large", "medium", "small", "micro")

#: Prefix of ``industry_group`` for industries the standard does not cover.
NOT_APPLICABLE_PREFIX = "不适用："

EMPLOYEES = "employees"  # 从业人员 X, persons
REVENUE = "revenue"  # 营业收入 Y, 万元
ASSETS = "assets"  # 资产总额 Z, 万元

_D = Decimal

# Lower limits of (large, medium, small) per indicator and industry group; micro is below
# the small lower limit.  Straight from the table of the 2017 standard.
_Limits = tuple[int | Decimal, int | Decimal, int | Decimal]

THRESHOLDS: Mapping[str, Mapping[str, _Limits]] = MappingProxyType(
    {
        "农、林、牧、渔业": MappingProxyType({
            REVENUE: (_D(20000), _D(500), _D(50)),
        }),
        "工业": MappingProxyType({
            EMPLOYEES: (1000, 300, 20),
            REVENUE: (_D(40000), _D(2000), _D(300)),
        }),
        "建筑业": MappingProxyType({
            REVENUE: (_D(80000), _D(6000), _D(300)),
            ASSETS: (_D(80000), _D(5000), _D(300)),
        }),
        "批发业": MappingProxyType({
            EMPLOYEES: (200, 20, 5),
            REVENUE: (_D(40000), _D(5000), _D(1000)),
        }),
        "零售业": MappingProxyType({
            EMPLOYEES: (300, 50, 10),
            REVENUE: (_D(20000), _D(500), _D(100)),
        }),
        "交通运输业": MappingProxyType({
            EMPLOYEES: (1000, 300, 20),
            REVENUE: (_D(30000), _D(3000), _D(200)),
        }),
        "仓储业": MappingProxyType({
            EMPLOYEES: (200, 100, 20),
            REVENUE: (_D(30000), _D(1000), _D(100)),
        }),
        "邮政业": MappingProxyType({
            EMPLOYEES: (1000, 300, 20),
            REVENUE: (_D(30000), _D(2000), _D(100)),
        }),
        "住宿业": MappingProxyType({
            EMPLOYEES: (300, 100, 10),
            REVENUE: (_D(10000), _D(2000), _D(100)),
        }),
        "餐饮业": MappingProxyType({
            EMPLOYEES: (300, 100, 10),
            REVENUE: (_D(10000), _D(2000), _D(100)),
        }),
        "信息传输业": MappingProxyType({
            EMPLOYEES: (2000, 100, 10),
            REVENUE: (_D(100000), _D(1000), _D(100)),
        }),
        "软件和信息技术服务业": MappingProxyType({
            EMPLOYEES: (300, 100, 10),
            REVENUE: (_D(10000), _D(1000), _D(50)),
        }),
        "房地产开发经营": MappingProxyType({
            REVENUE: (_D(200000), _D(1000), _D(100)),
            ASSETS: (_D(10000), _D(5000), _D(2000)),
        }),
        "物业管理": MappingProxyType({
            EMPLOYEES: (1000, 300, 100),
            REVENUE: (_D(5000), _D(1000), _D(500)),
        }),
        "租赁和商务服务业": MappingProxyType({
            EMPLOYEES: (300, 100, 10),
            ASSETS: (_D(120000), _D(8000), _D(100)),
        }),
        "其他未列明行业": MappingProxyType({
            EMPLOYEES: (300, 100, 10),
        }),
    }
)

# GB/T 4754-2017 sections (门类) and their divisions (大类), inclusive ranges.
SECTION_DIVISIONS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50),
    "F": (51, 52), "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69),
    "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79), "O": (80, 82),
    "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
})

_NA_FINANCE = NOT_APPLICABLE_PREFIX + "金融业"
_NA_EDUCATION = NOT_APPLICABLE_PREFIX + "教育"
_NA_HEALTH = NOT_APPLICABLE_PREFIX + "卫生"
_NA_PUBLIC = NOT_APPLICABLE_PREFIX + "公共管理、社会保障和社会组织"
_NA_RAILWAY = NOT_APPLICABLE_PREFIX + "铁路运输业"
_NA_INTERNATIONAL = NOT_APPLICABLE_PREFIX + "国际组织"
# The standard excludes 自有房地产经营活动 (GB/T 4754-2011 704), which GB/T 4754-2017 names
# 704 房地产租赁经营.
_NA_OWN_REAL_ESTATE = NOT_APPLICABLE_PREFIX + "房地产租赁经营（自有房地产经营活动）"

_OTHER = "其他未列明行业"


def _division_groups() -> dict[int, str | None]:
    """Division number -> group name; None where the group depends on the 中类 (59, 70)."""
    groups: dict[int, str | None] = {}

    def put(first: int, last: int, name: str | None) -> None:
        for number in range(first, last + 1):
            groups[number] = name

    put(1, 5, "农、林、牧、渔业")
    put(6, 46, "工业")  # B 采矿业, C 制造业, D 电力、热力、燃气及水生产和供应业
    put(47, 50, "建筑业")
    put(51, 51, "批发业")
    put(52, 52, "零售业")
    put(53, 53, _NA_RAILWAY)
    put(54, 58, "交通运输业")
    put(59, 59, None)  # 591 装卸搬运 -> 交通运输业; 592-599 -> 仓储业
    put(60, 60, "邮政业")
    put(61, 61, "住宿业")
    put(62, 62, "餐饮业")
    put(63, 64, "信息传输业")
    put(65, 65, "软件和信息技术服务业")
    put(66, 69, _NA_FINANCE)
    put(70, 70, None)  # 701 开发经营, 702 物业管理, 703/709 其他未列明, 704 excluded
    put(71, 72, "租赁和商务服务业")
    put(73, 82, _OTHER)  # M, N, O
    put(83, 83, _NA_EDUCATION)
    put(84, 84, _NA_HEALTH)
    put(85, 85, _OTHER)  # 社会工作
    put(86, 90, _OTHER)  # R
    put(91, 96, _NA_PUBLIC)
    put(97, 97, _NA_INTERNATIONAL)
    return groups


_DIVISION_GROUP: Mapping[int, str | None] = MappingProxyType(_division_groups())

# 中类 within the two divisions that the standard splits.
_GROUP_GROUP: Mapping[str, str] = MappingProxyType({
    "591": "交通运输业",
    "592": "仓储业", "593": "仓储业", "594": "仓储业", "595": "仓储业",
    "596": "仓储业", "599": "仓储业",
    "701": "房地产开发经营",
    "702": "物业管理",
    "703": _OTHER,
    "704": _NA_OWN_REAL_ESTATE,
    "709": _OTHER,
})
_SPLIT_DIVISIONS = frozenset({59, 70})

_CODE_RE = re.compile(r"([A-T])?(\d{2,4})?")


def _section_group(section: str) -> str | None:
    first, last = SECTION_DIVISIONS[section]
    names = {_DIVISION_GROUP[number] for number in range(first, last + 1)}
    if len(names) == 1:
        return names.pop()  # None for K: its only division, 70, is split by 中类
    return None  # the section spans several groups (F, G, H, I, Q): the division is needed


@functools.lru_cache(maxsize=4096)  # a few hundred codes in use, asked for per enterprise
def industry_group(industry_code: str) -> str | None:
    """The size-class industry group of a GB/T 4754-2017 code.

    Returns the group name (a key of ``THRESHOLDS``), ``"不适用：…"`` for industries that the
    standard does not cover, or ``None`` when the code is not a known GB/T 4754-2017 code
    or is too coarse to decide the group (e.g. "F", "59", "70").
    """
    if not isinstance(industry_code, str):
        return None
    code = industry_code.strip().upper()
    match = _CODE_RE.fullmatch(code)
    if not code or match is None:
        return None
    letter, digits = match.group(1), match.group(2)
    if digits is None:
        return _section_group(letter)
    division = int(digits[:2])
    if division not in _DIVISION_GROUP:
        return None
    if letter is not None:
        first, last = SECTION_DIVISIONS[letter]
        if not first <= division <= last:
            return None
    if division in _SPLIT_DIVISIONS:
        if len(digits) == 2:
            return None
        return _GROUP_GROUP.get(digits[:3])
    return _DIVISION_GROUP[division]


@dataclass(frozen=True)
class SizeResult:
    size_class: str | None
    """"large" / "medium" / "small" / "micro"; None when undetermined or not covered."""
    industry_group: str | None
    """Group name, "不适用：…" when not covered, None when the industry code is unknown."""

    def to_json(self) -> dict:
        return {"size_class": self.size_class, "industry_group": self.industry_group}


def _check_employees(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"employees must be an int or None, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"employees must not be negative: {value}")
    return value


def _check_money(name: str, value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        kind = type(value).__name__
        raise TypeError(f"{name} (万元) must be a Decimal, an int or None, not {kind}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"{name} (万元) must be a finite number: {value}")
    if amount < 0:
        raise ValueError(f"{name} (万元) must not be negative: {value}")
    return amount


def _class_index(value: int | Decimal, limits: _Limits) -> int:
    for index, lower in enumerate(limits):
        if value >= lower:
            return index
    return len(limits)  # micro


def classify(
    industry_code: str | None,
    employees: int | None,
    revenue_wan: Decimal | None,
    assets_wan: Decimal | None,
) -> SizeResult:
    """企业划型 by the 2017 standard; see the module docstring for the rule and units."""
    values: dict[str, int | Decimal | None] = {
        EMPLOYEES: _check_employees(employees),
        REVENUE: _check_money("revenue", revenue_wan),
        ASSETS: _check_money("assets", assets_wan),
    }
    group = industry_group(industry_code) if industry_code is not None else None
    if group is None or group not in THRESHOLDS:
        return SizeResult(None, group)

    micro = SIZE_CLASSES.index("micro")
    worst = 0
    missing = False
    for indicator, limits in THRESHOLDS[group].items():
        value = values[indicator]
        if value is None:
            missing = True
            continue
        worst = max(worst, _class_index(value, limits))
    if worst == micro:
        # Micro needs one indicator only: no unknown indicator can lift the class again.
        return SizeResult("micro", group)
    if missing:
        return SizeResult(None, group)
    return SizeResult(SIZE_CLASSES[worst], group)


def normalized_industry_code(industry_code: str | None) -> str | None:
    """The form a code is stored in: full-width characters made plain (NFKC), no spaces
    around, letters upper-case ("ｃ１３ " → "C13"). Rules read the stored form in SQL and in
    Python alike (kuaixiang_core.rule_sql.computed_facts), so every writer stores this one."""
    if industry_code is None:
        return None
    return unicodedata.normalize("NFKC", industry_code).strip().upper() or None


def division_of(industry_code: str | None) -> str | None:
    """The GB/T 4754-2017 division (大类): the code's first two characters, when they are
    ASCII digits ("3451" → "34"); None otherwise ("1", "C34")."""
    if not industry_code or len(industry_code) < 2:
        return None
    head = industry_code[:2]
    return head if head.isascii() and head.isdigit() else None


def section_of(industry_code: str | None) -> str | None:
    """The GB/T 4754-2017 section letter (门类) of a code: "3451" → "C", "C34" → "C"."""
    if not industry_code:
        return None
    code = industry_code.strip().upper()
    if code[:1].isalpha():
        return code[:1] if code[:1] in SECTION_DIVISIONS else None
    if division_of(code) is None:
        return None
    division = int(code[:2])
    for letter, (first, last) in SECTION_DIVISIONS.items():
        if first <= division <= last:
            return letter
    return None


_FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分 (domain.enterprise.FEN_PER_WAN)
# THRESHOLDS with money in 分, as the library stores it: every limit is a whole number of 万元,
# so ``fen >= limit_wan * 1,000,000`` is exactly ``fen / 1,000,000 >= limit_wan``.
_FEN_THRESHOLDS: Mapping[str, tuple[tuple[int, tuple[int, int, int]], ...]] = MappingProxyType({
    group: tuple(((EMPLOYEES, REVENUE, ASSETS).index(indicator),
                  tuple(int(limit) if indicator == EMPLOYEES else int(limit * _FEN_PER_WAN) for limit in limits))
                 for indicator, limits in table.items())
    for group, table in THRESHOLDS.items()
})
assert all(int(limit) == limit for table in THRESHOLDS.values() for limits in table.values() for limit in limits)


def _count(name: str, value: object) -> int | None:
    if value is None or (type(value) is int and value >= 0):
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative: {value}")
    return int(value)


def size_class_of_fen(industry_code: str | None, employees: int | None, revenue_fen: int | None,
                      assets_fen: int | None) -> str | None:
    """``classify(...).size_class`` with money in 分 (ints), as the library stores it: the
    same rule in integer arithmetic, a sixth of the time (a pull of registry changes sizes
    every enterprise whose employees or revenue changed)."""
    values = (_count("employees", employees), _count("revenue_fen", revenue_fen), _count("assets_fen", assets_fen))
    if industry_code is None:
        return None
    limits_of = _FEN_THRESHOLDS.get(industry_group(industry_code))  # type: ignore[arg-type]
    if limits_of is None:
        return None
    worst, missing = 0, False
    for at, limits in limits_of:
        value = values[at]
        if value is None:
            missing = True
            continue
        index = 3  # micro: below the small lower limit
        for n, lower in enumerate(limits):
            if value >= lower:
                index = n
                break
        if index > worst:
            worst = index
    if worst == 3:
        return "micro"  # one indicator suffices for micro, whatever is unknown
    return None if missing else SIZE_CLASSES[worst]
