"""Deterministic Liaocheng demo enterprises: believable names, codes, sizes, ages and tags.

The same ``(count, seed)`` always yields the same records, so a demo database, a benchmark
and a bug report can be rebuilt exactly. Names are composed from parts whose search keys are
computed once, which is what lets half a million records load in under two minutes.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from ..cancellation import raise_if_cancelled
from ..domain import names
from ..domain.codes import make_uscc
from ..domain.enterprise import EnterpriseRecord, FactValue, Tag
from ..domain.search_keys import SearchKeys

# (code, name prefix, short name, weight): weights roughly follow each unit's share of the
# city's registered market entities.
REGIONS = (
    ("371502", "聊城市东昌府区", "东昌府区", 26),
    ("371503", "聊城市茌平区", "茌平区", 10),
    ("371521", "阳谷县", "阳谷县", 11),
    ("371522", "莘县", "莘县", 13),
    ("371524", "东阿县", "东阿县", 7),
    ("371525", "冠县", "冠县", 10),
    ("371526", "高唐县", "高唐县", 8),
    ("371581", "临清市", "临清市", 15),
)
_CHIPING_OLD_CODE = "371523"  # 茌平县 until 2019-06-27: older licences still carry it
_CHIPING_CHANGE = dt.date(2019, 6, 27)

_BRAND_CHARS = (
    "恒达鑫源华泰瑞丰盛宏金隆昌兴安通博信德嘉利诚宇航中天正阳明海新福润祥凯辉永宝东方"
    "晟弘锦程远鸿益和顺康泽万发聚汇佳合力众创惠民富军伟志广"
)

# (industry code, word in the name, weight, mostly-individual?) — Liaocheng is industrial:
# bearings in 临清, steel pipe and auto parts, 阿胶 in 东阿, vegetables in 莘县.
_FIRM_TRADES = (
    ("3451", "轴承制造", 7),
    ("3311", "钢结构", 3),
    ("3130", "钢管", 4),
    ("3670", "汽车零部件", 4),
    ("3420", "机械制造", 6),
    ("2614", "化工", 3),
    ("1371", "食品", 3),
    ("2740", "阿胶", 1),
    ("1713", "纺织", 3),
    ("2110", "家具", 2),
    ("3032", "建材", 2),
    ("0141", "蔬菜种植", 4),
    ("0313", "畜牧养殖", 2),
    ("4710", "建筑工程", 5),
    ("4910", "电力安装", 1),
    ("5191", "商贸", 8),
    ("5171", "五金机电", 3),
    ("5436", "物流", 4),
    ("5990", "仓储", 1),
    ("6513", "软件科技", 3),
    ("6531", "信息技术", 2),
    ("7010", "房地产开发", 1),
    ("7020", "物业管理", 1),
    ("7211", "企业管理咨询", 2),
    ("7251", "广告传媒", 2),
    ("7320", "生物科技", 1),
    ("7520", "新材料科技", 1),
    ("8010", "家政服务", 1),
    ("6110", "酒店管理", 1),
    ("6210", "餐饮管理", 2),
)
_FIRM_SUFFIXES = (("有限公司", 80), ("有限责任公司", 10), ("股份有限公司", 3), ("专业合作社", 7))

_SHOP_TRADES = (
    ("5211", "百货超市", 8),
    ("5212", "便利店", 5),
    ("5222", "烟酒副食", 4),
    ("6210", "家常菜馆", 7),
    ("6220", "面馆", 3),
    ("6232", "小吃店", 4),
    ("5271", "手机维修", 2),
    ("5246", "五金店", 4),
    ("5234", "服装店", 5),
    ("8040", "理发店", 4),
    ("8051", "洗车行", 2),
    ("5264", "建材门市", 2),
    ("5132", "农资店", 3),
    ("5293", "药店", 1),
    ("8070", "汽车修理", 2),
)

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志强海燕春梅文斌辉宇浩凯鹏飞波宁东亮成林晨晓峰俊"
_RATINGS = (("A", 8), ("B", 55), ("M", 25), ("C", 9), ("D", 3))

# GB 32100 character set for the organisation-code body (no I, O, Z, S, V).
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class DemoEnterprise:
    record: EnterpriseRecord
    keys: SearchKeys


def _org_code(body8: str) -> str:
    """GB 11714 organisation code: 8 characters and their check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch, 36) * w for ch, w in zip(body8, weights, strict=True))
    check = 11 - total % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def _body(n: int) -> str:
    out = []
    for _ in range(6):
        n, r = divmod(n, len(_CODE_CHARS))
        out.append(_CODE_CHARS[r])
    return "MA" + "".join(out)


class _Keys:
    """Search keys composed from name parts, each part's initials computed once."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def initials(self, part: str) -> str:
        got = self._cache.get(part)
        if got is None:
            got = self._cache[part] = names.initials(part)
        return got

    def brand_initials(self, brand: str) -> str:
        # Brands are random strings with no phrase reading: taking them character by
        # character keeps the cache small instead of segmenting every new brand.
        return "".join(self.initials(ch) for ch in brand)

    def make(self, prefix: str, core_parts: tuple[str, ...], legal_rep: str) -> SearchKeys:
        prefix = names.normalize(prefix)
        core = names.normalize("".join(core_parts))
        brand, *rest = core_parts
        core_ini = self.brand_initials(brand) + "".join(self.initials(p) for p in rest)
        return SearchKeys(
            name_norm=prefix + core,
            core_norm=core,
            legal_rep_norm=legal_rep,
            initials=self.initials(names.spoken_prefix(prefix)) + core_ini,
            core_initials=core_ini,
            full_initials=self.initials(prefix) + core_ini,
        )


@functools.cache
def _cumulative(table: tuple) -> list[int]:
    return list(itertools.accumulate(row[-1] for row in table))


def _weighted(rng: random.Random, table: tuple):
    return rng.choices(table, cum_weights=_cumulative(table))[0]


CHUNK = 10_000
_CHECK_EVERY = 256  # records between two looks at the cancel event (a few milliseconds)


def generate(count: int, seed: int = 0, today: dt.date | None = None) -> Iterator[DemoEnterprise]:
    """Yield ``count`` demo enterprises; ``today`` anchors ages and tag validity."""
    for start in range(0, count, CHUNK):
        yield from generate_chunk(seed, start, min(CHUNK, count - start), today)


def generate_chunk(seed: int, start: int, count: int, today: dt.date | None = None) -> list[DemoEnterprise]:
    """Enterprises ``start`` … ``start + count - 1`` of the demo set for ``seed``.

    Each chunk has its own random stream, so chunks can be made in parallel processes and
    still give the same data as one sequential run.  Making a chunk takes most of a second:
    inside a cancellable task it raises :class:`~.cancellation.Cancelled` as soon as the
    task is asked to stop.
    """
    today = today or dt.date(2026, 11, 1)
    rng = random.Random(f"{seed}:{start}")
    # The department facts added later draw from a stream of their own, so that the
    # enterprises themselves (names, codes, sizes) stay what they were for each seed.
    extra = random.Random(f"{seed}:{start}:facts")
    keys = _Keys()
    used_names: set[str] = set()
    out: list[DemoEnterprise] = []
    # A bijective scramble of the running number keeps codes unique without bookkeeping.
    space = len(_CODE_CHARS) ** 6
    mult = 387_420_489  # 3**18: coprime with 31**6
    offset = random.Random(seed).randrange(space)
    for i in range(start, start + count):
        if (i - start) % _CHECK_EVERY == 0:
            raise_if_cancelled("生成演示企业已取消")
        region_code, prefix, short, _ = _weighted(rng, REGIONS)
        individual = rng.random() < 0.35
        legal_rep = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        brand_len = 2 if rng.random() < 0.8 else 3
        for _attempt in range(8):
            brand = "".join(rng.choice(_BRAND_CHARS) for _ in range(brand_len))
            if individual:
                industry, trade, _w = _weighted(rng, _SHOP_TRADES)
                # 个体工商户 are often named after their keeper: 老王家常菜馆, 小李百货超市.
                owner = rng.random() < 0.3
                parts = ((("老" if rng.random() < 0.5 else "小") + legal_rep[0] if owner else brand), trade)
                name_prefix = short
            else:
                industry, trade, _w = _weighted(rng, _FIRM_TRADES)
                suffix, _w = _weighted(rng, _FIRM_SUFFIXES)
                if suffix == "专业合作社":
                    industry, trade = "0141", rng.choice(("蔬菜种植", "果蔬种植", "粮食种植", "畜牧养殖"))
                parts = (brand, trade, suffix)
                # Firms registered at city or provincial level carry 聊城市 or 山东 instead of
                # their county.
                level = rng.random()
                name_prefix = "聊城市" if level < 0.12 else ("山东" if level < 0.2 else prefix)
            name = name_prefix + "".join(parts)
            if name not in used_names:
                break
            brand_len = 3
        used_names.add(name)
        if individual and rng.random() < 0.2:
            name += "（个体工商户）"
            parts += ("个体工商户",)

        age_days = int(rng.triangular(30, 365 * 30, 365 * 5))
        established = today - dt.timedelta(days=age_days)
        code_region = (
            _CHIPING_OLD_CODE if region_code == "371503" and established < _CHIPING_CHANGE else region_code
        )
        kind = "92" if individual else ("93" if name.endswith("专业合作社") else "91")
        org = _org_code(_body((i * mult + offset) % space))
        credit_code = make_uscc(kind + code_region + org)

        employees, revenue_wan, assets_wan = _size(rng, individual, industry)
        insured = 0 if individual and rng.random() < 0.6 else max(0, employees - rng.randrange(0, max(1, employees // 5 + 1)))
        tags = [] if individual else _tags(rng, industry, revenue_wan, employees, today)
        record = EnterpriseRecord(
            credit_code=credit_code,
            name=name,
            region_code=region_code,
            legal_rep=legal_rep,
            industry_code=industry,
            reg_type="个体工商户" if individual else ("农民专业合作社" if kind == "93" else "有限责任公司"),
            established=established,
            registered_capital_fen=None if individual else rng.choice((10, 50, 100, 200, 300, 500, 1000, 5000)) * 1_000_000,
            employees=employees,
            insured_employees=insured,
            revenue_fen=revenue_wan * 1_000_000,
            total_assets_fen=assets_wan * 1_000_000,
            tax_credit_rating=None if individual else _weighted(rng, _RATINGS)[0],
            dishonest=rng.random() < 0.004,
            contact_phone=rng.choice(("138", "139", "150", "152", "158", "186", "187", "135", "177"))
            + f"{rng.randrange(10**8):08d}",
            tags=tags,
            facts=(_shop_facts(extra, revenue_wan, today) if individual
                   else _facts(rng, employees, insured, revenue_wan, today, industry, extra)),
        )
        out.append(DemoEnterprise(record, keys.make(name_prefix, parts, legal_rep)))
    return out


def _size(rng: random.Random, individual: bool, industry: str) -> tuple[int, int, int]:
    """(employees, revenue 万元, assets 万元): mostly micro, a long tail of large firms."""
    if individual:
        return rng.randint(1, 8), rng.randint(3, 200), rng.randint(1, 80)
    roll = rng.random()
    if roll < 0.78:
        emp, rev = rng.randint(1, 19), rng.randint(10, 299)
    elif roll < 0.95:
        emp, rev = rng.randint(20, 299), rng.randint(300, 1999)
    elif roll < 0.995:
        emp, rev = rng.randint(300, 999), rng.randint(2000, 39999)
    else:
        emp, rev = rng.randint(1000, 8000), rng.randint(40000, 600000)
    assets = max(1, int(rev * rng.uniform(0.4, 1.8)))
    return emp, rev, assets


def _tags(rng: random.Random, industry: str, revenue_wan: int, employees: int, today: dt.date) -> list[Tag]:
    tags: list[Tag] = []
    tech = industry[:2] in {"26", "27", "34", "36", "65", "73", "75", "31", "33", "17"}
    if tech and rng.random() < 0.06:
        start = dt.date(rng.randint(today.year - 5, today.year), rng.randint(1, 12), rng.randint(1, 28))
        tags.append(Tag("高新技术企业", start, start.replace(year=start.year + 3) - dt.timedelta(days=1)))
    if tech and rng.random() < 0.10:
        year = rng.randint(today.year - 2, today.year)
        tags.append(Tag("科技型中小企业", dt.date(year, 5, 1), dt.date(year, 12, 31)))
    if employees >= 20 and rng.random() < 0.03:
        start = dt.date(rng.randint(today.year - 4, today.year), rng.choice((3, 7, 11)), 1)
        tags.append(Tag("专精特新中小企业", start, start.replace(year=start.year + 3) - dt.timedelta(days=1)))
        if rng.random() < 0.1:
            tags.append(Tag("专精特新小巨人", start, start.replace(year=start.year + 3) - dt.timedelta(days=1)))
    if industry[0] in "0123" and industry[:2] >= "06" and revenue_wan >= 2000:
        tags.append(Tag("规上企业", dt.date(rng.randint(today.year - 8, today.year - 1), 1, 1), None))
    if employees >= 10 and rng.random() < 0.04:
        year = rng.randint(today.year - 2, today.year)
        tags.append(Tag("创新型中小企业", dt.date(year, 6, 1), dt.date(year + 3, 5, 31)))
    return tags


# Where exports are at all likely: manufacturing (and mining, utilities, building) and
# wholesale; a barber, a restaurant or a software house has no customs record.
def _may_export(industry: str) -> bool:
    return industry[:1] in "1234" or industry[:2] == "51"


def _facts(rng: random.Random, employees: int, insured: int, revenue_wan: int, today: dt.date, industry: str = "",
           extra: random.Random | None = None) -> list[FactValue]:
    """一企一档 facts from the departments that hold them (resources/reference/facts.json and
    the demo catalogue's declared facts). A department's register says "none" as a value: no
    hires of a kind, no exports, no loan are 0, not a missing fact, so the items that need them
    are decided rather than left to the clerk to ask about (a missing fact means 需核实).

    ``rng`` draws exactly what it drew before these registers were added (the enterprises'
    stream); everything newer draws from ``extra``."""
    extra = extra or random.Random(0)
    year_end = dt.date(today.year - 1, 12, 31)
    this_year = dt.date(today.year, 1, 1)
    fact = FactValue
    facts = [
        fact("insured_months", str(rng.randint(0, 120)), year_end),
        fact("layoff_rate", str(rng.choice((0, 0, 0, 1.2, 3.5, 6.0, 12.0))), year_end),
        fact("small_scale_vat_payer", "true" if revenue_wan < 500 else "false", year_end),
        fact("restricted_industry", "true" if rng.random() < 0.02 else "false", year_end),
        fact("taxable_income", f"{int(revenue_wan * rng.uniform(-0.02, 0.12) * 10000)}.00", year_end),
    ]
    if insured:
        premium = insured * rng.randint(600, 1400)  # 元 a year of unemployment insurance
        facts.append(fact("unemployment_premium_paid", f"{premium}.00", year_end))
    # 人社: this year's hires of each kind, from social-security registrations.
    youth = rng.choice((0, 1, 1, 2, 3, 5)) if rng.random() < 0.3 else 0
    facts.append(fact("youth_hires", str(youth), year_end))
    if youth:
        facts.append(fact("youth_insured_months", str(extra.randint(1, 10)), this_year))
    hard = extra.choice((1, 1, 2)) if insured >= 5 and extra.random() < 0.08 else 0
    facts.append(fact("hard_to_employ_hires", str(hard), this_year))
    if hard:
        facts.append(fact("hard_to_employ_premium_paid", f"{hard * extra.randint(4000, 9000)}.00", this_year))
    poor = extra.choice((1, 2)) if insured >= 5 and extra.random() < 0.05 else 0
    facts.append(fact("poverty_alleviated_hires", str(poor), this_year))
    talent = employees >= 50 and extra.random() < 0.15
    facts.append(fact("new_doctorate_hires", str(extra.choice((0, 0, 1)) if talent else 0), this_year))
    facts.append(fact("new_master_hires", str(extra.randint(1, 4) if talent else 0), this_year))
    # Skill certificates issued to the firm's insured staff this year.
    certified = insured >= 5 and extra.random() < 0.12
    for level, top in (("primary", 6), ("intermediate", 3), ("advanced", 1)):
        facts.append(fact(f"skill_cert_{level}", str(extra.randint(0, top) if certified else 0), this_year))
    # 税务: R&D declared for the super deduction; the others declared none.
    rd = int(revenue_wan * rng.uniform(0, 0.08) * 10000) if rng.random() < 0.5 else 0
    facts.append(fact("rd_expense", f"{rd}.00", year_end))
    # 商务 (customs records): the export figure and its growth; a firm with no customs record
    # exported nothing. (Credit-insurance premiums are the insurer's: the clerk asks.)
    if _may_export(industry) and rng.random() < 0.18:
        export = int(revenue_wan * rng.uniform(0.05, 0.6) * 10000)
        facts.append(fact("export_value", f"{export}.00", year_end))
        facts.append(fact("export_growth", f"{extra.uniform(-20, 40):.1f}", year_end))
    else:
        facts.append(fact("export_value", "0.00", year_end))
    if employees > 30:
        facts.append(fact("disabled_employment_ratio", str(rng.choice((0, 0.5, 1.0, 1.5, 1.8, 2.5))), year_end))
    # 财政 (the guarantee centre) and 市场监管: loans, IP pledges, a conversion from 个体户.
    facts.extend(_loan_facts(extra, year_end, 3_000_000))
    pledge = extra.randint(5000, 80000) if extra.random() < 0.02 else 0
    facts.append(fact("ip_pledge_interest_paid", f"{pledge}.00", this_year))
    converted = extra.random() < 0.03
    facts.append(fact("converted_from_individual", "true" if converted else "false", year_end))
    if converted:
        day = dt.date(extra.randint(today.year - 3, today.year), extra.randint(1, 9), extra.randint(1, 28))
        facts.append(fact("conversion_date", day.isoformat(), year_end))
    return facts


def _loan_facts(rng: random.Random, valid_on: dt.date, most: int) -> list[FactValue]:
    """创业担保贷款 from the guarantee centre's register: most have none (0)."""
    if rng.random() < 0.05:
        loan = rng.randrange(50_000, most + 1, 10_000)
        return [FactValue("guaranteed_loan_amount", f"{loan}.00", valid_on),
                FactValue("loan_interest_paid", f"{int(loan * rng.uniform(0.02, 0.04))}.00", valid_on)]
    return [FactValue("guaranteed_loan_amount", "0.00", valid_on)]


def _shop_facts(rng: random.Random, revenue_wan: int, today: dt.date) -> list[FactValue]:
    """The few department facts a 个体工商户 carries: 税务 (nearly all are small-scale VAT
    payers), 商务 (none exports) and the guarantee centre's loans."""
    year_end = dt.date(today.year - 1, 12, 31)
    return [
        FactValue("small_scale_vat_payer", "true" if revenue_wan < 500 else "false", year_end),
        FactValue("export_value", "0.00", year_end),
        *_loan_facts(rng, year_end, 150_000),
    ]
