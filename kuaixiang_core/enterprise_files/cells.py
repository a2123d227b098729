"""Cell parsers: a raw value → the value an :class:`EnterpriseRecord` holds. Each raises
:class:`Bad` with the reason; declared facts are typed by their :class:`FactSpec`."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..domain.codes import check_uscc
from ..domain.enterprise import Tag
from ..domain.rules.facts import FactSpec
from ..domain.size_class import industry_group
from ..reference import industries, industry_name_map, regions
from .errors import Bad
from .values import ONE, WAN, decimal_from_float, is_empty, nfkc, plain, shorten

MAX_FEN = 2**63 - 1  # the BIGINT the *_fen columns hold
MAX_HEADCOUNT = 10_000_000  # more than any employer has: a number this big is a typo


def as_text(raw: object, what: str = "文本") -> str:
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool) or isinstance(raw, (list, dict, dt.date)):
        raise Bad(f"应为{what}")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, Decimal):
        return plain(raw)
    if isinstance(raw, float):
        return plain(decimal_from_float(raw))
    raise Bad(f"应为{what}")


def to_decimal(raw: object, what: str) -> Decimal:
    """A number from a cell: int, Decimal, or text with thousands separators."""
    if isinstance(raw, bool):
        raise Bad(f"{what}应为数字，不是是/否")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        value = decimal_from_float(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = re.sub(r"[,\s]", "", nfkc(raw))
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise Bad(f"无法识别的{what}：应为数字") from None
    else:
        raise Bad(f"{what}应为数字")
    if not value.is_finite():
        raise Bad(f"无法识别的{what}：应为有限的数字")
    return value


@dataclass(frozen=True)
class Opts:
    """What a parser may need beyond the raw value."""

    today: dt.date
    scale: Decimal = ONE  # 元 per unit of the column: 1, or 10,000 for a （万元） column


def text_parser(max_len: int, what: str) -> Callable[[object, Opts], str]:
    def parse(raw: object, _opts: Opts) -> str:
        text = as_text(raw)
        if len(text) > max_len:
            raise Bad(f"{what}过长：最多{max_len}个字，实际{len(text)}个字")
        return text

    return parse


def parse_credit_code(raw: object, _opts: Opts) -> str:
    check = check_uscc(as_text(raw, "18位统一社会信用代码"))
    if check.valid:
        assert check.normalized is not None
        return check.normalized
    reason = check.error or "不是有效的统一社会信用代码"
    if isinstance(raw, (int, float, Decimal)):
        reason += "（此单元格是数字格式，Excel 会丢掉数字超过15位的部分：请把该列设为文本后重新填写）"
    raise Bad(reason)


@functools.cache
def _region_lookup() -> dict[str, str]:
    """Code or name → the code to store. An abolished division maps to its successor: old
    credit codes and old registry exports still carry 371523 (茌平县, now 茌平区 371503)."""
    table: dict[str, str] = {}
    for r in regions():
        target = r.get("successor") or r["code"]
        table[r["code"].upper()] = target
        table.setdefault(r["name"], target)
    return table


def _current_regions_text() -> str:
    return "、".join(f"{r['code']} {r['name']}" for r in regions() if not r.get("abolished"))


def parse_region(raw: object, _opts: Opts) -> str:
    text = nfkc(as_text(raw)).upper()
    code = _region_lookup().get(text)
    if code is None:
        raise Bad(f"不是本系统的行政区划代码，应为以下之一：{_current_regions_text()}")
    return code


_INDUSTRY_RE = re.compile(r"([A-T])?(\d{2,4})?")


@functools.cache
def _division_sections() -> dict[str, str]:
    return {i["code"]: i["section"] for i in industries() if i["level"] == "division"}


def parse_industry(raw: object, _opts: Opts) -> str:
    text = nfkc(as_text(raw)).upper()
    if isinstance(raw, (int, Decimal, float)) and len(text) in (1, 3):
        # 01–09 divisions: a number cell has eaten the leading zero (0141 → 141).
        raise Bad(
            "行业代码被存成了数字，开头的 0 可能已丢失（如 0141 变成 141）：请把该列设为文本格式后重新填写"
        )
    match = _INDUSTRY_RE.fullmatch(text)
    if not text or match is None:
        raise Bad("不是 GB/T 4754-2017 行业代码：应为门类字母（如 C）或 2–4 位数字（如 13、1391）")
    letter, digits = match.group(1), match.group(2)
    if letter and digits:
        # "C1391" is written on some forms; the database keeps the digits only.
        section = _division_sections().get(digits[:2])
        if section != letter:
            raise Bad(f"行业代码的门类「{letter}」与大类「{digits[:2]}」不符")
        text = digits
    if text not in industry_name_map() and industry_group(text) is None:
        raise Bad("不是 GB/T 4754-2017 行业代码（大类不存在）")
    return text


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(raw: object, _opts: Opts | None = None) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = nfkc(as_text(raw, "日期"))
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d)
            except ValueError:
                raise Bad(f"日期不存在（{y}年{mo}月{d}日）") from None
    raise Bad("无法识别的日期：请写成 2024-01-31、2024/1/31 或 2024年1月31日")


def parse_established(raw: object, opts: Opts) -> dt.date:
    day = parse_date(raw)
    if day > opts.today:
        raise Bad(f"成立日期晚于今天（{opts.today.isoformat()}）")
    return day


def _amount_yuan(raw: object, opts: Opts, what: str = "金额") -> Decimal:
    """An amount in 元. A 万/万元/元 written after the number wins over the column's unit."""
    scale = opts.scale
    if isinstance(raw, str):
        text = nfkc(raw)
        text = text.removeprefix("¥").removeprefix("￥").strip()
        for suffix, unit in (("万元", WAN), ("万", WAN), ("元", ONE)):
            if text.endswith(suffix):
                text, scale = text[: -len(suffix)].strip(), unit
                break
        raw = text
    return to_decimal(raw, what) * scale


def _yuan_to_fen_exact(yuan: Decimal) -> int:
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise Bad("金额最多精确到分（元的小数点后两位）")
    if abs(fen) > MAX_FEN:
        # Caught here, not by the database halfway through the write.
        raise Bad("金额过大，超出可以保存的范围")
    return int(fen)


def parse_money_fen(raw: object, opts: Opts) -> int:
    yuan = _amount_yuan(raw, opts)
    if yuan < 0:
        raise Bad("金额不能为负数")
    return _yuan_to_fen_exact(yuan)


def parse_headcount(raw: object, _opts: Opts) -> int:
    if isinstance(raw, str):
        raw = nfkc(raw).removesuffix("人").strip()
    value = to_decimal(raw, "人数")
    if value != value.to_integral_value():
        raise Bad("人数应为整数")
    if value < 0:
        raise Bad("人数不能为负数")
    if value > MAX_HEADCOUNT:
        raise Bad(f"人数不合理（超过{MAX_HEADCOUNT:,}人）")
    return int(value)


_RATINGS = "ABMCD"


def parse_rating(raw: object, _opts: Opts) -> str:
    text = nfkc(as_text(raw)).upper().removesuffix("级")
    if len(text) != 1 or text not in _RATINGS:
        raise Bad("纳税信用等级应为 A、B、M、C、D 之一")
    return text


_TRUE = frozenset({"是", "true", "1", "y", "yes", "t"})
_FALSE = frozenset({"否", "false", "0", "n", "no", "f"})


def parse_bool(raw: object, _opts: Opts | None = None) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, Decimal)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = nfkc(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise Bad("应为 是/否（或 true/false、1/0）")


# Tags in a cell: "高新技术企业:2024-01-01~2026-12-31;规上企业".
_TAG_SPLIT = re.compile(r"[;；\n]")
_TAG_NAME_SPLIT = re.compile(r"[:：]")
_RANGE_SPLIT = re.compile(r"~|～|至")
_TAG_KEYS = frozenset({"tag", "valid_from", "valid_to"})


def _tag_from_text(item: str) -> Tag:
    """"高新技术企业" or "高新技术企业:2024-01-01~2026-12-31" (either end may be left open)."""
    parts = _TAG_NAME_SPLIT.split(item, maxsplit=1)
    name = parts[0].strip()
    if len(parts) == 1:
        return _checked_tag(name, None, None)
    bounds = _RANGE_SPLIT.split(parts[1].strip())
    if len(bounds) != 2:
        # A lone date could be either end: guessing would put a wrong validity on record.
        raise Bad(f"资质「{name}」的有效期应写成「开始日期~结束日期」（一端可空）")
    return _checked_tag(name, bounds[0].strip() or None, bounds[1].strip() or None)


def _tag_from_object(item: dict) -> Tag:
    unknown = set(item) - _TAG_KEYS
    if unknown:
        raise Bad(f"资质对象中有未知的键：{'、'.join(sorted(unknown))}（可用：tag、valid_from、valid_to）")
    name = item.get("tag")
    if not isinstance(name, str):
        raise Bad("资质对象缺少「tag」（资质名称）")
    return _checked_tag(name.strip(), item.get("valid_from"), item.get("valid_to"))


def _checked_tag(name: str, valid_from: object, valid_to: object) -> Tag:
    if not name:
        raise Bad("资质名称为空")
    if len(name) > 64:
        raise Bad(f"资质名称过长：最多64个字（「{shorten(name, 20)}」）")
    try:
        start = None if is_empty(valid_from) else parse_date(valid_from)
        end = None if is_empty(valid_to) else parse_date(valid_to)
    except Bad as bad:
        raise Bad(f"资质「{name}」的有效期：{bad.reason}") from None
    if start and end and end < start:
        raise Bad(f"资质「{name}」的有效期结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    return Tag(name, start, end)


def parse_tags(raw: object, _opts: Opts) -> list[Tag]:
    if isinstance(raw, str):
        items: list[object] = [p.strip() for p in _TAG_SPLIT.split(raw) if p.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise Bad("资质应为文本（如「高新技术企业:2024-01-01~2026-12-31;规上企业」）或列表")
    tags: list[Tag] = []
    seen: set[tuple[str, dt.date | None]] = set()
    for item in items:
        if isinstance(item, str):
            tag = _tag_from_text(item.strip())
        elif isinstance(item, dict):
            tag = _tag_from_object(item)
        else:
            raise Bad("资质列表的每一项应为文本或 {tag, valid_from, valid_to} 对象")
        # The store keeps one row per (tag, valid_from); a second one would vanish silently.
        if (tag.tag, tag.valid_from) in seen:
            raise Bad(f"资质「{tag.tag}」重复出现")
        seen.add((tag.tag, tag.valid_from))
        tags.append(tag)
    return tags


# Declared facts: typed values stored in their canonical text form (FactValue.value)


def _fact_number(raw: object, defn: FactSpec, opts: Opts) -> str:
    if isinstance(raw, str) and defn.unit:
        raw = nfkc(raw).removesuffix(defn.unit).strip()
    return plain(to_decimal(raw, "数值"))


def _fact_money(raw: object, _defn: FactSpec, opts: Opts) -> str:
    # Unlike the enterprise columns a money fact may be negative (应纳税所得额 of a loss year).
    fen = _yuan_to_fen_exact(_amount_yuan(raw, opts))
    return f"{Decimal(fen) / 100:.2f}"


def _fact_percent(raw: object, _defn: FactSpec, _opts: Opts) -> str:
    if isinstance(raw, str):
        raw = nfkc(raw).removesuffix("%").strip()
    return plain(to_decimal(raw, "百分数"))


def _fact_date(raw: object, _defn: FactSpec, _opts: Opts) -> str:
    return parse_date(raw).isoformat()


def _fact_bool(raw: object, _defn: FactSpec, _opts: Opts) -> str:
    return "true" if parse_bool(raw) else "false"


def _fact_text(raw: object, _defn: FactSpec, _opts: Opts) -> str:
    return as_text(raw)


def _fact_list(raw: object, _defn: FactSpec, _opts: Opts) -> str:
    if isinstance(raw, str) and raw.strip().startswith("["):
        try:
            raw = json.loads(raw, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise Bad(f"不是有效的 JSON 列表：{exc.msg}") from None
    if isinstance(raw, str):
        items: list[object] = [p.strip() for p in re.split(r"[；;]", raw) if p.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise Bad("应为列表：JSON 列表，或用「；」分隔的多项")
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, Decimal)):
            raise Bad("列表的每一项应为文本或数字")
        out.append(as_text(item))
    return json.dumps(out, ensure_ascii=False)


_FACT_PARSERS: dict[str, Callable[[object, FactSpec, Opts], str]] = {
    "number": _fact_number,
    "money": _fact_money,
    "percent": _fact_percent,
    "date": _fact_date,
    "bool": _fact_bool,
    "text": _fact_text,
    "list": _fact_list,
}

_FACT_TYPE_NAMES = {
    "number": "数值",
    "money": "金额",
    "percent": "百分数",
    "date": "日期",
    "bool": "是/否",
    "text": "文本",
    "list": "列表",
}


def parse_fact(raw: object, defn: FactSpec, opts: Opts) -> str:
    parser = _FACT_PARSERS.get(defn.type)
    if parser is None:
        raise Bad(f"事实「{defn.label}」的类型「{defn.type}」不受支持")
    try:
        return parser(raw, defn, opts)
    except Bad as bad:
        kind = _FACT_TYPE_NAMES.get(defn.type, defn.type)
        raise Bad(f"「{defn.label}」应为{kind}：{bad.reason}") from None
