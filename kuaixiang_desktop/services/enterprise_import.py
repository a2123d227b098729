"""Importing enterprises from a file: ``kuaixiang enterprise import FILE`` (DESIGN §4, §7, §8).

Formats: ``.csv`` (UTF-8, UTF-8 with BOM, or GB18030/GBK as Excel on a Chinese Windows saves
it), ``.xlsx`` (first worksheet) and ``.json`` (a list of objects, or ``{"enterprises": [...]}``).

All or nothing: every row is parsed and checked first and every problem is collected as a
:class:`RowError` (file, row, column, value, reason in Chinese). Only a file without a single
error is written, in one transaction; otherwise :class:`ImportRejected` carries the errors and
the database is untouched. Clerks fix a spreadsheet in one pass when they see every mistake at
once, which is why nothing stops at the first error.

The pipeline:

1. a reader turns the file into rows of raw cells (``_read_csv``, ``_read_xlsx``, ``_read_json``);
2. the header (or each JSON key) is resolved against the column table ``FIELDS`` and the
   declared facts (``_Resolver``);
3. each row is parsed into an :class:`EnterpriseRecord` (``_RowParser``); raw values go through
   small parsers that raise ``_Bad`` with the reason;
4. checks across rows (duplicate credit codes) run as rows go by.

Row numbers are what the user sees: for CSV/XLSX the spreadsheet row (header = row 1), for JSON
the 1-based position of the object in the list.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import functools
import io
import json
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.codes import check_uscc
from ..domain.enterprise import EnterpriseRecord, FactValue, Tag
from ..domain.size_class import industry_group
from ..store.database import Database
from ..store.enterprises import fact_definitions as load_fact_definitions
from ..store.enterprises import write_enterprises
from ..store.models import FactDefinition
from .reference import industries, industry_name_map, regions

__all__ = [
    "FIELDS",
    "MAX_ERRORS",
    "SUPPORTED_SUFFIXES",
    "ImportRejected",
    "ImportReport",
    "RowError",
    "import_file",
    "read_file",
]

#: More errors than this are counted but not listed: nobody reads ten thousand lines, and the
#: first thousand show the pattern.
MAX_ERRORS = 1000

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json")

IMPORT_SOURCE = "import"

_WAN = Decimal(10_000)
_ONE = Decimal(1)
_MAX_FEN = 2**63 - 1  # the BIGINT the *_fen columns hold
_MAX_HEADCOUNT = 10_000_000  # more than any employer has: a number this big is a typo


# ---------------------------------------------------------------------------------------------
# Errors and results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in an import file. ``row`` is None for problems of the whole file (missing,
    unreadable, bad header); ``column`` is the header or JSON key as the user wrote it."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            # A JSON "row" is the n-th object, which a user would not call a 行.
            unit = "条" if self.file.lower().endswith(".json") else "行"
            where += f" 第{self.row}{unit}"
        if self.column:
            where += f"「{self.column}」"
        text = f"{where}: {self.reason}"
        if self.value not in (None, ""):
            text += f"（值：{_shorten(self.value)}）"
        return text

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "message": str(self),
        }


class ImportRejected(Exception):
    """The file was not imported; ``errors`` lists the problems (at most ``MAX_ERRORS``),
    ``total`` counts all of them."""

    def __init__(self, file: str, errors: list[RowError], total: int | None = None):
        self.file = file
        self.errors = list(errors)
        self.total = len(self.errors) if total is None else total
        super().__init__(self._message())

    @property
    def omitted(self) -> int:
        return self.total - len(self.errors)

    def _message(self) -> str:
        lines = [f"{self.file}：发现 {self.total} 处错误，未导入任何数据。"]
        lines += [str(e) for e in self.errors[:20]]
        rest = self.total - min(len(self.errors), 20)
        if rest > 0:
            lines.append(f"……另有 {rest} 处错误")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "error": "import_rejected",
            "file": self.file,
            "message": f"{self.file}：发现 {self.total} 处错误，未导入任何数据",
            "error_count": self.total,
            "omitted": self.omitted,
            "errors": [e.to_json() for e in self.errors],
        }


@dataclass(frozen=True)
class ImportReport:
    file: str
    rows: int
    inserted: int
    updated: int

    def to_json(self) -> dict:
        return {"file": self.file, "rows": self.rows, "inserted": self.inserted, "updated": self.updated}


class _ErrorLog:
    """Collects errors for one file, keeping the first ``MAX_ERRORS`` and counting the rest."""

    def __init__(self, file: str, limit: int = MAX_ERRORS):
        self.file = file
        self.limit = limit
        self.errors: list[RowError] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, raw: object, reason: str) -> None:
        self.total += 1
        if len(self.errors) < self.limit:
            value = None if _is_empty(raw) else _show(raw)
            self.errors.append(RowError(self.file, row, column, value, reason))

    def file_error(self, reason: str, column: str | None = None) -> None:
        self.add(None, column, None, reason)

    def reject(self) -> ImportRejected:
        return ImportRejected(self.file, self.errors, self.total)


class _Bad(ValueError):
    """A raw value (or header) that cannot be used; the argument is the reason, in Chinese."""

    @property
    def reason(self) -> str:
        return str(self.args[0])


class _FileBad(Exception):
    """The whole file cannot be read; nothing row-level can be said about it."""


# ---------------------------------------------------------------------------------------------
# Raw values
# ---------------------------------------------------------------------------------------------


def _is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == [] or raw == {}


def _plain(d: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros: 1E+3 → 1000, 2.50 → 2.5."""
    text = format(d.normalize(), "f")
    return "0" if text == "-0" else text


def _show(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, Decimal):
        return _plain(raw)
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (list, dict)):
        return json.dumps(raw, ensure_ascii=False, default=_show)
    return str(raw)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _decimal_from_float(value: float) -> Decimal:
    # Excel keeps 15 significant digits; anything past them in a float is binary noise
    # (0.1 + 0.2 arrives as 0.30000000000000004), so round there before going decimal.
    return Decimal(format(value, ".15g"))


def _nfkc(text: str) -> str:
    # Full-width digits, commas and brackets are what a Chinese IME types.
    return unicodedata.normalize("NFKC", text).strip()


def _as_text(raw: object, what: str = "文本") -> str:
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool) or isinstance(raw, (list, dict, dt.date)):
        raise _Bad(f"应为{what}")
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, Decimal):
        return _plain(raw)
    if isinstance(raw, float):
        return _plain(_decimal_from_float(raw))
    raise _Bad(f"应为{what}")


def _to_decimal(raw: object, what: str) -> Decimal:
    """A number from a cell: int, Decimal, or text with thousands separators."""
    if isinstance(raw, bool):
        raise _Bad(f"{what}应为数字，不是是/否")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        value = _decimal_from_float(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = re.sub(r"[,\s]", "", _nfkc(raw))
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _Bad(f"无法识别的{what}：应为数字") from None
    else:
        raise _Bad(f"{what}应为数字")
    if not value.is_finite():
        raise _Bad(f"无法识别的{what}：应为有限的数字")
    return value


# ---------------------------------------------------------------------------------------------
# Value parsers: raw cell → Python value; each raises _Bad with the reason
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Opts:
    """What a parser may need beyond the raw value."""

    today: dt.date
    scale: Decimal = _ONE  # 元 per unit of the column: 1, or 10,000 for a （万元） column


def _text_parser(max_len: int, what: str) -> Callable[[object, _Opts], str]:
    def parse(raw: object, _opts: _Opts) -> str:
        text = _as_text(raw)
        if len(text) > max_len:
            raise _Bad(f"{what}过长：最多{max_len}个字，实际{len(text)}个字")
        return text

    return parse


def _parse_credit_code(raw: object, _opts: _Opts) -> str:
    check = check_uscc(_as_text(raw, "18位统一社会信用代码"))
    if check.valid:
        assert check.normalized is not None
        return check.normalized
    reason = check.error or "不是有效的统一社会信用代码"
    if isinstance(raw, (int, float, Decimal)):
        reason += "（此单元格是数字格式，Excel 会丢掉数字超过15位的部分：请把该列设为文本后重新填写）"
    raise _Bad(reason)


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


def _parse_region(raw: object, _opts: _Opts) -> str:
    text = _nfkc(_as_text(raw)).upper()
    code = _region_lookup().get(text)
    if code is None:
        raise _Bad(f"不是本系统的行政区划代码，应为以下之一：{_current_regions_text()}")
    return code


_INDUSTRY_RE = re.compile(r"([A-T])?(\d{2,4})?")


@functools.cache
def _division_sections() -> dict[str, str]:
    return {i["code"]: i["section"] for i in industries() if i["level"] == "division"}


def _parse_industry(raw: object, _opts: _Opts) -> str:
    text = _nfkc(_as_text(raw)).upper()
    if isinstance(raw, (int, Decimal, float)) and len(text) in (1, 3):
        # 01–09 divisions: a number cell has eaten the leading zero (0141 → 141).
        raise _Bad(
            "行业代码被存成了数字，开头的 0 可能已丢失（如 0141 变成 141）：请把该列设为文本格式后重新填写"
        )
    match = _INDUSTRY_RE.fullmatch(text)
    if not text or match is None:
        raise _Bad("不是 GB/T 4754-2017 行业代码：应为门类字母（如 C）或 2–4 位数字（如 13、1391）")
    letter, digits = match.group(1), match.group(2)
    if letter and digits:
        # "C1391" is written on some forms; the database keeps the digits only.
        section = _division_sections().get(digits[:2])
        if section != letter:
            raise _Bad(f"行业代码的门类「{letter}」与大类「{digits[:2]}」不符")
        text = digits
    if text not in industry_name_map() and industry_group(text) is None:
        raise _Bad("不是 GB/T 4754-2017 行业代码（大类不存在）")
    return text


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def _parse_date(raw: object, _opts: _Opts | None = None) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _nfkc(_as_text(raw, "日期"))
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d)
            except ValueError:
                raise _Bad(f"日期不存在（{y}年{mo}月{d}日）") from None
    raise _Bad("无法识别的日期：请写成 2024-01-31、2024/1/31 或 2024年1月31日")


def _parse_established(raw: object, opts: _Opts) -> dt.date:
    day = _parse_date(raw)
    if day > opts.today:
        raise _Bad(f"成立日期晚于今天（{opts.today.isoformat()}）")
    return day


def _amount_yuan(raw: object, opts: _Opts, what: str = "金额") -> Decimal:
    """An amount in 元. A 万/万元/元 written after the number wins over the column's unit."""
    scale = opts.scale
    if isinstance(raw, str):
        text = _nfkc(raw)
        text = text.removeprefix("¥").removeprefix("￥").strip()
        for suffix, unit in (("万元", _WAN), ("万", _WAN), ("元", _ONE)):
            if text.endswith(suffix):
                text, scale = text[: -len(suffix)].strip(), unit
                break
        raw = text
    return _to_decimal(raw, what) * scale


def _yuan_to_fen_exact(yuan: Decimal) -> int:
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise _Bad("金额最多精确到分（元的小数点后两位）")
    if abs(fen) > _MAX_FEN:
        # Caught here, not by the database halfway through the write.
        raise _Bad("金额过大，超出可以保存的范围")
    return int(fen)


def _parse_money_fen(raw: object, opts: _Opts) -> int:
    yuan = _amount_yuan(raw, opts)
    if yuan < 0:
        raise _Bad("金额不能为负数")
    return _yuan_to_fen_exact(yuan)


def _parse_headcount(raw: object, _opts: _Opts) -> int:
    if isinstance(raw, str):
        raw = _nfkc(raw).removesuffix("人").strip()
    value = _to_decimal(raw, "人数")
    if value != value.to_integral_value():
        raise _Bad("人数应为整数")
    if value < 0:
        raise _Bad("人数不能为负数")
    if value > _MAX_HEADCOUNT:
        raise _Bad(f"人数不合理（超过{_MAX_HEADCOUNT:,}人）")
    return int(value)


_RATINGS = "ABMCD"


def _parse_rating(raw: object, _opts: _Opts) -> str:
    text = _nfkc(_as_text(raw)).upper().removesuffix("级")
    if len(text) != 1 or text not in _RATINGS:
        raise _Bad("纳税信用等级应为 A、B、M、C、D 之一")
    return text


_TRUE = frozenset({"是", "true", "1", "y", "yes", "t"})
_FALSE = frozenset({"否", "false", "0", "n", "no", "f"})


def _parse_bool(raw: object, _opts: _Opts | None = None) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, Decimal)) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = _nfkc(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _Bad("应为 是/否（或 true/false、1/0）")


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
        raise _Bad(f"资质「{name}」的有效期应写成「开始日期~结束日期」（一端可空）")
    return _checked_tag(name, bounds[0].strip() or None, bounds[1].strip() or None)


def _tag_from_object(item: dict) -> Tag:
    unknown = set(item) - _TAG_KEYS
    if unknown:
        raise _Bad(f"资质对象中有未知的键：{'、'.join(sorted(unknown))}（可用：tag、valid_from、valid_to）")
    name = item.get("tag")
    if not isinstance(name, str):
        raise _Bad("资质对象缺少「tag」（资质名称）")
    return _checked_tag(name.strip(), item.get("valid_from"), item.get("valid_to"))


def _checked_tag(name: str, valid_from: object, valid_to: object) -> Tag:
    if not name:
        raise _Bad("资质名称为空")
    if len(name) > 64:
        raise _Bad(f"资质名称过长：最多64个字（「{_shorten(name, 20)}」）")
    try:
        start = None if _is_empty(valid_from) else _parse_date(valid_from)
        end = None if _is_empty(valid_to) else _parse_date(valid_to)
    except _Bad as bad:
        raise _Bad(f"资质「{name}」的有效期：{bad.reason}") from None
    if start and end and end < start:
        raise _Bad(f"资质「{name}」的有效期结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    return Tag(name, start, end)


def _parse_tags(raw: object, _opts: _Opts) -> list[Tag]:
    if isinstance(raw, str):
        items: list[object] = [p.strip() for p in _TAG_SPLIT.split(raw) if p.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise _Bad("资质应为文本（如「高新技术企业:2024-01-01~2026-12-31;规上企业」）或列表")
    tags: list[Tag] = []
    seen: set[tuple[str, dt.date | None]] = set()
    for item in items:
        if isinstance(item, str):
            tag = _tag_from_text(item.strip())
        elif isinstance(item, dict):
            tag = _tag_from_object(item)
        else:
            raise _Bad("资质列表的每一项应为文本或 {tag, valid_from, valid_to} 对象")
        # The store keeps one row per (tag, valid_from); a second one would vanish silently.
        if (tag.tag, tag.valid_from) in seen:
            raise _Bad(f"资质「{tag.tag}」重复出现")
        seen.add((tag.tag, tag.valid_from))
        tags.append(tag)
    return tags


# ---------------------------------------------------------------------------------------------
# Declared facts: typed values stored in their canonical text form (FactValue.value)
# ---------------------------------------------------------------------------------------------


def _fact_number(raw: object, defn: FactDefinition, opts: _Opts) -> str:
    if isinstance(raw, str) and defn.unit:
        raw = _nfkc(raw).removesuffix(defn.unit).strip()
    return _plain(_to_decimal(raw, "数值"))


def _fact_money(raw: object, _defn: FactDefinition, opts: _Opts) -> str:
    # Unlike the enterprise columns a money fact may be negative (应纳税所得额 of a loss year).
    fen = _yuan_to_fen_exact(_amount_yuan(raw, opts))
    return f"{Decimal(fen) / 100:.2f}"


def _fact_percent(raw: object, _defn: FactDefinition, _opts: _Opts) -> str:
    if isinstance(raw, str):
        raw = _nfkc(raw).removesuffix("%").strip()
    return _plain(_to_decimal(raw, "百分数"))


def _fact_date(raw: object, _defn: FactDefinition, _opts: _Opts) -> str:
    return _parse_date(raw).isoformat()


def _fact_bool(raw: object, _defn: FactDefinition, _opts: _Opts) -> str:
    return "true" if _parse_bool(raw) else "false"


def _fact_text(raw: object, _defn: FactDefinition, _opts: _Opts) -> str:
    return _as_text(raw)


def _fact_list(raw: object, _defn: FactDefinition, _opts: _Opts) -> str:
    if isinstance(raw, str) and raw.strip().startswith("["):
        try:
            raw = json.loads(raw, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise _Bad(f"不是有效的 JSON 列表：{exc.msg}") from None
    if isinstance(raw, str):
        items: list[object] = [p.strip() for p in re.split(r"[；;]", raw) if p.strip()]
    elif isinstance(raw, list):
        items = raw
    else:
        raise _Bad("应为列表：JSON 列表，或用「；」分隔的多项")
    out = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, (str, int, Decimal)):
            raise _Bad("列表的每一项应为文本或数字")
        out.append(_as_text(item))
    return json.dumps(out, ensure_ascii=False)


_FACT_PARSERS: dict[str, Callable[[object, FactDefinition, _Opts], str]] = {
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


def _parse_fact(raw: object, defn: FactDefinition, opts: _Opts) -> str:
    parser = _FACT_PARSERS.get(defn.type)
    if parser is None:
        raise _Bad(f"事实「{defn.label}」的类型「{defn.type}」不受支持")
    try:
        return parser(raw, defn, opts)
    except _Bad as bad:
        kind = _FACT_TYPE_NAMES.get(defn.type, defn.type)
        raise _Bad(f"「{defn.label}」应为{kind}：{bad.reason}") from None


# ---------------------------------------------------------------------------------------------
# The column table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One enterprise column: its English name (CSV header and JSON key), its Chinese header,
    other headers seen in the registries' exports, and how a cell becomes a value."""

    name: str
    label: str
    attr: str  # EnterpriseRecord attribute
    parse: Callable[[object, _Opts], object]
    aliases: tuple[str, ...] = ()
    required: bool = False
    money: bool = False  # header may say （元）/（万元） or _yuan/_wan
    unit: str | None = None  # a unit the header may carry, e.g. 从业人员（人）


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("credit_code", "统一社会信用代码", "credit_code", _parse_credit_code,
              ("社会信用代码", "信用代码", "uscc"), required=True),
    FieldSpec("name", "企业名称", "name", _text_parser(200, "企业名称"),
              ("名称", "单位名称", "市场主体名称"), required=True),
    FieldSpec("legal_rep", "法定代表人", "legal_rep", _text_parser(64, "法定代表人"),
              ("法人", "法人代表", "负责人", "经营者")),
    FieldSpec("region_code", "行政区划代码", "region_code", _parse_region,
              ("区划代码", "行政区划", "所属区县"), required=True),
    FieldSpec("industry_code", "行业代码", "industry_code", _parse_industry,
              ("国民经济行业代码", "所属行业代码")),
    FieldSpec("reg_type", "登记注册类型", "reg_type", _text_parser(64, "登记注册类型"),
              ("企业类型", "市场主体类型")),
    FieldSpec("established", "成立日期", "established", _parse_established, ("注册日期", "成立时间")),
    FieldSpec("registered_capital", "注册资本", "registered_capital_fen", _parse_money_fen, money=True),
    FieldSpec("employees", "从业人员", "employees", _parse_headcount,
              ("从业人数", "从业人员数", "职工人数"), unit="人"),
    FieldSpec("insured_employees", "参保人数", "insured_employees", _parse_headcount,
              ("参保职工人数",), unit="人"),
    FieldSpec("revenue", "营业收入", "revenue_fen", _parse_money_fen, money=True),
    FieldSpec("total_assets", "资产总额", "total_assets_fen", _parse_money_fen, money=True),
    FieldSpec("tax_credit_rating", "纳税信用等级", "tax_credit_rating", _parse_rating, ("纳税信用级别",)),
    FieldSpec("dishonest", "失信", "dishonest", _parse_bool, ("是否失信", "失信被执行人")),
    FieldSpec("contact_phone", "联系电话", "contact_phone", _text_parser(32, "联系电话"), ("电话",)),
    FieldSpec("tags", "资质", "tags", _parse_tags, ("企业资质", "标签")),
)

_VALID_ON_NAMES = ("facts_valid_on", "数据日期")
_JSON_FACTS_KEY = "facts"
_FACT_PREFIX = "fact:"
_MONEY_UNITS = {"元": _ONE, "万元": _WAN, "yuan": _ONE, "wan": _WAN}
_UNIT_RE = re.compile(r"(.+?)\s*\(([^()]+)\)")
_EN_UNIT_RE = re.compile(r"(.+?)_(wan|yuan)")


def _norm_header(text: str) -> str:
    # NFKC turns （万元） into (万元); templates often mark required columns with *.
    return _nfkc(text).strip("*").strip().lower()


@dataclass(frozen=True)
class _Column:
    header: str  # as written in the file: errors name it so the user finds the column
    kind: str  # "field" | "fact" | "valid_on" | "facts" (a JSON block of facts)
    spec: FieldSpec | None = None
    fact: FactDefinition | None = None
    scale: Decimal = _ONE

    @property
    def key(self) -> str:
        """What the column feeds: two columns with the same key would fight over one value."""
        if self.spec is not None:
            return self.spec.name
        if self.fact is not None:
            return _FACT_PREFIX + self.fact.name
        return self.kind


class _Resolver:
    """Header (or JSON key) → _Column; raises _Bad naming what is wrong with the header."""

    def __init__(self, definitions: dict[str, FactDefinition], *, json_keys: bool):
        self.json_keys = json_keys
        self._fields: dict[str, FieldSpec] = {}
        for spec in FIELDS:
            for alias in (spec.name, spec.label, *spec.aliases):
                self._fields[_norm_header(alias)] = spec
        self._fact_names = {_norm_header(d.name): d for d in definitions.values()}
        self._facts: dict[str, FactDefinition] = dict(self._fact_names)
        for defn in definitions.values():
            self._facts.setdefault(_norm_header(defn.label), defn)
        self._cache: dict[str, _Column | _Bad] = {}

    def resolve(self, header: str) -> _Column:
        found = self._cache.get(header)
        if found is None:
            try:
                found = self._resolve(header)
            except _Bad as bad:
                found = bad
            self._cache[header] = found
        if isinstance(found, _Bad):
            raise found
        return found

    def fact(self, name: str) -> FactDefinition:
        """A fact named in a JSON "facts" block: its name, its label, or fact:NAME."""
        norm = _norm_header(name).removeprefix(_FACT_PREFIX)
        defn = self._facts.get(norm)
        if defn is None:
            raise _Bad(f"未声明的事实「{name}」：请先在政策目录中声明该事实{self._hint(norm, self._facts)}")
        return defn

    def _resolve(self, header: str) -> _Column:
        norm = _norm_header(header)
        if not norm:
            raise _Bad("列名为空")
        if norm.startswith(_FACT_PREFIX):
            return self._prefixed_fact(header, norm.removeprefix(_FACT_PREFIX).strip())
        if self.json_keys and norm == _JSON_FACTS_KEY:
            return _Column(header, "facts")
        if norm in _VALID_ON_NAMES:
            return _Column(header, "valid_on")
        column = self._known(header, norm, None)
        if column is not None:
            return column
        base, unit = self._split_unit(norm)
        if unit is not None:
            column = self._known(header, base, unit)
            if column is not None:
                return column
        raise _Bad(
            "未知的列：既不是企业字段，也不是已声明的事实，这一列的数据不会被导入"
            + self._hint(norm, {**self._fields, **self._facts})
        )

    def _prefixed_fact(self, header: str, name: str) -> _Column:
        """fact:NAME, or fact:NAME_wan / fact:NAME（万元） for a money fact given in 万元."""
        defn, unit = self._fact_names.get(name), None
        if defn is None:
            base, unit = self._split_unit(name)
            defn = self._fact_names.get(base)
        if defn is None:
            raise _Bad(f"未声明的事实「{name}」：请先在政策目录中声明该事实{self._hint(name, self._fact_names)}")
        return self._fact_column(header, defn, unit)

    @staticmethod
    def _split_unit(norm: str) -> tuple[str, str | None]:
        m = _UNIT_RE.fullmatch(norm) or _EN_UNIT_RE.fullmatch(norm)
        return (m.group(1).strip(), m.group(2).strip()) if m else (norm, None)

    def _known(self, header: str, norm: str, unit: str | None) -> _Column | None:
        spec = self._fields.get(norm)
        if spec is not None:
            return _Column(header, "field", spec=spec, scale=self._scale(spec.money, spec.unit, unit, spec.label))
        defn = self._facts.get(norm)
        if defn is not None:
            return self._fact_column(header, defn, unit)
        return None

    def _fact_column(self, header: str, defn: FactDefinition, unit: str | None) -> _Column:
        scale = self._scale(defn.type == "money", defn.unit, unit, defn.label)
        return _Column(header, "fact", fact=defn, scale=scale)

    @staticmethod
    def _scale(money: bool, own_unit: str | None, unit: str | None, label: str) -> Decimal:
        if unit is None:
            return _ONE
        if money and unit in _MONEY_UNITS:
            return _MONEY_UNITS[unit]
        if not money and own_unit and unit == own_unit.lower():
            return _ONE
        allowed = "元 或 万元" if money else (own_unit or "无单位")
        raise _Bad(f"「{label}」列的单位「{unit}」不认识（应为 {allowed}）")

    @staticmethod
    def _hint(norm: str, known: Iterable[str]) -> str:
        close = difflib.get_close_matches(norm, list(known), n=1, cutoff=0.6)
        return f"；是否应为「{close[0]}」？" if close else ""


# ---------------------------------------------------------------------------------------------
# Readers: file → rows of raw cells
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RawRow:
    number: int  # spreadsheet row, or 1-based JSON index
    cells: list[tuple[_Column, object]]


def _decode_text(data: bytes) -> str:
    """Excel on a Chinese Windows saves "CSV (逗号分隔)" as GBK; "CSV UTF-8" adds a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _FileBad(f"文件以 UTF-8 标记开头，但第 {exc.start + 3} 字节处不是有效的 UTF-8 字符") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _FileBad("无法识别文件的编码：请另存为「CSV UTF-8」或 GBK 编码的 CSV")


def _read_csv(data: bytes) -> list[tuple[int, list[object]]]:
    text = _decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise _FileBad(f"CSV 格式错误：{exc}") from None
    # One CSV record is one spreadsheet row, even when a quoted cell spans several lines.
    return [(number, list(cells)) for number, cells in enumerate(records, start=1)]


def _xlsx_value(cell) -> object:
    value = cell.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        number = _decimal_from_float(value) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", None) or ""):
            # A cell formatted as 3.5% holds 0.035; the user means 3.5 (percent).
            return f"{_plain(number * 100)}%"
        return value if isinstance(value, int) else number
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def _read_xlsx(path: Path) -> list[tuple[int, list[object]]]:
    import openpyxl  # imported here: only spreadsheet imports pay for it

    try:
        with warnings.catch_warnings():
            # Excel features openpyxl cannot keep (data validation, extensions) only warn,
            # and do not change cell values.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors: every one means "not readable"
        raise _FileBad(f"不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名（{type(exc).__name__}）") from None
    try:
        if not book.worksheets:
            raise _FileBad("工作簿中没有工作表")
        sheet = book.worksheets[0]
        # Some generators write a wrong <dimension>; without it openpyxl reads what is there.
        sheet.reset_dimensions()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [
                (number, [_xlsx_value(c) for c in row])
                for number, row in enumerate(sheet.iter_rows(), start=1)
            ]
    except _FileBad:
        raise
    except Exception as exc:
        raise _FileBad(f"Excel 文件内容已损坏，无法读取（{type(exc).__name__}）") from None
    finally:
        book.close()


class _JsonObject(dict):
    """A JSON object that remembers keys given twice (json.loads would keep the last)."""

    duplicates: list[str]


def _json_object(pairs: list[tuple[str, object]]) -> _JsonObject:
    obj = _JsonObject()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


_JSON_MESSAGES = {
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting value": "缺少值（或有多余的逗号）",
    "Expecting property name enclosed in double quotes": "键名应使用英文双引号（或有多余的逗号）",
    "Unterminated string starting at": "字符串缺少结束的引号",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Extra data": "JSON 结束后还有多余的内容",
}


def _read_json(data: bytes) -> list[object]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _FileBad(f"JSON 文件应为 UTF-8 编码（第 {exc.start + 1} 字节处不是有效的 UTF-8）") from None
    if not text.strip():
        raise _FileBad("文件为空")
    try:
        # Decimal, never float: money must arrive exactly as written.
        doc = json.loads(text, parse_float=Decimal, parse_constant=Decimal, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        what = _JSON_MESSAGES.get(exc.msg, exc.msg)
        raise _FileBad(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{what}") from None
    if isinstance(doc, dict) and isinstance(doc.get("enterprises"), list):
        return doc["enterprises"]
    if isinstance(doc, list):
        return doc
    raise _FileBad("JSON 顶层应为企业对象的列表，或含「enterprises」列表的对象")


# ---------------------------------------------------------------------------------------------
# Rows: header resolution for spreadsheets, key resolution for JSON
# ---------------------------------------------------------------------------------------------

_TITLE_ROWS = 5  # a template may open with a title row (e.g. 企业信息导入表) above the header


def _find_header(rows: list[tuple[int, list[object]]], resolver: _Resolver) -> int | None:
    """Index of the header row: the first with a known column name, if every row above it is
    a title (at most one filled cell)."""
    for index, (_number, cells) in enumerate(rows[:_TITLE_ROWS]):
        for cell in cells:
            if isinstance(cell, str) and cell.strip():
                try:
                    resolver.resolve(cell)
                    return index
                except _Bad:
                    pass
        if sum(not _is_empty(c) for c in cells) > 1:
            return None
    return None


_NUMBER_OR_DATE = re.compile(r"[\d,.\-/年月日\s]+")


def _looks_like_data(cells: list[object]) -> bool:
    for cell in cells:
        if _is_empty(cell):
            continue
        if not isinstance(cell, str) or check_uscc(cell).valid or _NUMBER_OR_DATE.fullmatch(_nfkc(cell)):
            return True
    return False


def _sheet_columns(header: list[object], resolver: _Resolver, log: _ErrorLog) -> list[_Column | None]:
    columns: list[_Column | None] = []
    seen: dict[str, str] = {}
    for cell in header:
        if _is_empty(cell):
            columns.append(None)
            continue
        name = _show(cell).strip()
        try:
            column = resolver.resolve(name)
        except _Bad as bad:
            log.file_error(bad.reason, column=name)
            columns.append(None)
            continue
        if column.key in seen:
            log.file_error(f"与列「{seen[column.key]}」重复：两列填的是同一项", column=name)
            columns.append(None)
            continue
        seen[column.key] = name
        columns.append(column)
    for spec in FIELDS:
        if spec.required and spec.name not in seen:
            log.file_error(f"缺少必需的列「{spec.label}」（{spec.name}）", column=spec.label)
    return columns


def _sheet_rows(rows: list[tuple[int, list[object]]], resolver: _Resolver, log: _ErrorLog) -> list[_RawRow]:
    if not any(not _is_empty(c) for _n, cells in rows for c in cells):
        raise _FileBad("文件为空")
    index = _find_header(rows, resolver)
    if index is None:
        # No known column name: either every name is misspelt (report each one, with a
        # suggestion) or the first row is already data (say that the header is missing).
        index = next(i for i, (_n, cells) in enumerate(rows) if any(not _is_empty(c) for c in cells))
        if _looks_like_data(rows[index][1]):
            shown = "、".join(_shorten(_show(c), 20) for c in rows[index][1][:4] if not _is_empty(c))
            raise _FileBad(
                "缺少表头：第一行应为列名（如 统一社会信用代码、企业名称、行政区划代码 或 credit_code、"
                f"name、region_code），实际为「{shown}」"
            )
    header_number, header = rows[index]
    columns = _sheet_columns(header, resolver, log)
    unnamed = _UnnamedColumns(header, log)
    out: list[_RawRow] = []
    for number, cells in rows[index + 1:]:
        if all(_is_empty(c) for c in cells):
            continue  # Excel keeps formatted but empty rows at the end
        bound = []
        for col_index, value in enumerate(cells):
            column = columns[col_index] if col_index < len(columns) else None
            if column is not None:
                bound.append((column, value))
            elif not _is_empty(value):
                unnamed.check(number, col_index, value)
        out.append(_RawRow(number, bound))
    if not out:
        raise _FileBad(f"表头（第{header_number}行）之后没有企业数据")
    return out


@dataclass
class _UnnamedColumns:
    """Data under a blank header cell would be dropped unnoticed: report it, once per column."""

    header: list[object]
    log: _ErrorLog
    reported: set[int] = field(default_factory=set)

    def check(self, number: int, col_index: int, value: object) -> None:
        named = col_index < len(self.header) and not _is_empty(self.header[col_index])
        if named or col_index in self.reported:
            return  # a named but unknown column was reported with the header
        self.reported.add(col_index)
        self.log.add(number, f"第{col_index + 1}列", value, "这一列没有列名，其中的数据无法导入")


def _json_rows(items: list[object], resolver: _Resolver, log: _ErrorLog) -> list[_RawRow]:
    if not items:
        raise _FileBad("文件中没有企业数据")
    out: list[_RawRow] = []
    for number, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            log.add(number, None, obj, "应为一个企业对象（{…}）")
            continue
        for key in getattr(obj, "duplicates", ()):
            log.add(number, key, None, "同一对象中此键出现了多次")
        bound = []
        seen: dict[str, str] = {}
        for key, value in obj.items():
            try:
                column = resolver.resolve(key)
            except _Bad as bad:
                log.add(number, key, value, bad.reason)
                continue
            if column.key in seen:
                log.add(number, key, value, f"与键「{seen[column.key]}」重复：两个键填的是同一项")
                continue
            seen[column.key] = key
            bound.append((column, value))
        out.append(_RawRow(number, bound))
    return out


# ---------------------------------------------------------------------------------------------
# Row → EnterpriseRecord
# ---------------------------------------------------------------------------------------------


@dataclass
class _FactCell:
    column: str  # for messages: the header, or facts.NAME in JSON
    defn: FactDefinition
    raw: object
    valid_on: dt.date
    scale: Decimal = _ONE


@dataclass
class _RowParser:
    """Turns raw rows into records, logging every problem; remembers credit codes across rows."""

    log: _ErrorLog
    resolver: _Resolver
    today: dt.date
    json_rows: bool
    seen_codes: dict[str, int] = field(default_factory=dict)

    def parse(self, row: _RawRow) -> EnterpriseRecord | None:
        errors_before = self.log.total
        values: dict[str, object] = {}
        headers: dict[str, str] = {}  # field name → header, for cross-field messages
        failed: set[str] = set()
        valid_on = self._valid_on(row)
        facts: list[_FactCell] = []
        for column, raw in row.cells:
            if column.kind == "field":
                assert column.spec is not None
                headers[column.spec.name] = column.header
                self._field(row.number, column, raw, values, failed)
            elif column.kind == "fact" and not _is_empty(raw):
                assert column.fact is not None
                facts.append(_FactCell(column.header, column.fact, raw, valid_on, column.scale))
            elif column.kind == "facts":
                facts.extend(self._json_facts(row.number, column.header, raw, valid_on))
        self._required(row, values, failed, headers)
        self._cross_checks(row.number, values, headers)
        fact_values = self._facts(row.number, facts)
        if self.log.total > errors_before or any(s.required and s.attr not in values for s in FIELDS):
            return None  # (a missing required column was reported once for the whole file)
        return EnterpriseRecord(**values, facts=fact_values)  # type: ignore[arg-type]

    def _field(self, number: int, column: _Column, raw: object, values: dict, failed: set[str]) -> None:
        spec = column.spec
        assert spec is not None
        if _is_empty(raw):
            return
        try:
            value = spec.parse(raw, _Opts(self.today, column.scale))
        except _Bad as bad:
            self.log.add(number, column.header, raw, bad.reason)
            failed.add(spec.name)
            return
        if spec.name == "credit_code":
            value = self._unique_code(number, column.header, raw, value, failed)
        if value is not None:
            values[spec.attr] = value

    def _unique_code(self, number: int, header: str, raw: object, code: str, failed: set[str]) -> str | None:
        earlier = self.seen_codes.get(code)
        if earlier is not None:
            unit = "条" if self.json_rows else "行"
            self.log.add(number, header, raw, f"统一社会信用代码与第{earlier}{unit}重复：同一企业在文件中只能出现一次")
            failed.add("credit_code")
            return None
        self.seen_codes[code] = number
        return code

    def _required(self, row: _RawRow, values: dict, failed: set[str], headers: dict[str, str]) -> None:
        for spec in FIELDS:
            if not spec.required or spec.attr in values or spec.name in failed:
                continue
            if spec.name in headers:
                self.log.add(row.number, headers[spec.name], None, f"「{spec.label}」为必填项，不能为空")
            elif self.json_rows:
                self.log.add(row.number, spec.name, None, f"缺少必填项「{spec.name}」（{spec.label}）")
            # A spreadsheet without the column was already reported once for the whole file.

    def _cross_checks(self, number: int, values: dict, headers: dict[str, str]) -> None:
        employees, insured = values.get("employees"), values.get("insured_employees")
        if isinstance(employees, int) and isinstance(insured, int) and insured > employees:
            self.log.add(
                number, headers.get("insured_employees"), insured,
                f"参保人数（{insured}）大于从业人员（{employees}）",
            )

    def _valid_on(self, row: _RawRow) -> dt.date:
        for column, raw in row.cells:
            if column.kind == "valid_on" and not _is_empty(raw):
                try:
                    return _parse_date(raw)
                except _Bad as bad:
                    self.log.add(row.number, column.header, raw, f"数据日期：{bad.reason}")
        # Facts without a date are what the source knew on the day they were imported.
        return self.today

    def _json_facts(self, number: int, header: str, raw: object, valid_on: dt.date) -> Iterator[_FactCell]:
        if isinstance(raw, dict):
            for name, value in raw.items():
                cell = self._json_fact(number, f"{header}.{name}", name, value, valid_on)
                if cell is not None:
                    yield cell
        elif isinstance(raw, list):
            for index, item in enumerate(raw, start=1):
                cell = self._json_fact_item(number, f"{header}[{index}]", item, valid_on)
                if cell is not None:
                    yield cell
        elif not _is_empty(raw):
            self.log.add(number, header, raw, "facts 应为对象 {名称: 值}，或 [{name, value, valid_on}] 列表")

    def _json_fact(self, number: int, column: str, name: str, value: object, valid_on: dt.date) -> _FactCell | None:
        try:
            defn = self.resolver.fact(name)
        except _Bad as bad:
            self.log.add(number, column, value, bad.reason)
            return None
        return None if _is_empty(value) else _FactCell(column, defn, value, valid_on)

    def _json_fact_item(self, number: int, column: str, item: object, valid_on: dt.date) -> _FactCell | None:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            self.log.add(number, column, item, "应为 {\"name\": …, \"value\": …, \"valid_on\": …} 对象")
            return None
        unknown = set(item) - {"name", "value", "valid_on"}
        if unknown:
            self.log.add(number, column, None, f"未知的键：{'、'.join(sorted(unknown))}（可用：name、value、valid_on）")
            return None
        column = f"{column.split('[')[0]}.{item['name']}"
        if not _is_empty(item.get("valid_on")):
            try:
                valid_on = _parse_date(item["valid_on"])
            except _Bad as bad:
                self.log.add(number, column, item["valid_on"], f"valid_on：{bad.reason}")
                return None
        return self._json_fact(number, column, item["name"], item.get("value"), valid_on)

    def _facts(self, number: int, cells: list[_FactCell]) -> list[FactValue]:
        out: list[FactValue] = []
        seen: set[tuple[str, dt.date]] = set()
        for cell in cells:
            try:
                value = _parse_fact(cell.raw, cell.defn, _Opts(self.today, cell.scale))
            except _Bad as bad:
                self.log.add(number, cell.column, cell.raw, bad.reason)
                continue
            if (cell.defn.name, cell.valid_on) in seen:
                self.log.add(number, cell.column, cell.raw,
                             f"事实「{cell.defn.label}」在 {cell.valid_on.isoformat()} 的值给了两次")
                continue
            seen.add((cell.defn.name, cell.valid_on))
            out.append(FactValue(cell.defn.name, value, cell.valid_on))
        return out


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _raw_rows(path: Path, suffix: str, resolver: _Resolver, log: _ErrorLog) -> list[_RawRow]:
    if suffix in (".xlsx", ".xlsm"):
        if path.stat().st_size == 0:
            raise _FileBad("文件为空")
        return _sheet_rows(_read_xlsx(path), resolver, log)
    data = path.read_bytes()
    if suffix == ".json":
        return _json_rows(_read_json(data), resolver, log)
    if not data.strip(codecs.BOM_UTF8 + b" \t\r\n"):
        raise _FileBad("文件为空")
    return _sheet_rows(_read_csv(data), resolver, log)


def _check_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = "；旧版 Excel（.xls）或 WPS（.et）文件请另存为 .xlsx" if suffix in (".xls", ".et") else ""
        raise _FileBad(f"不支持的文件类型「{path.suffix or '无扩展名'}」：应为 .csv、.xlsx 或 .json{hint}")
    if not path.exists():
        raise _FileBad(f"文件不存在：{path}")
    if not path.is_file():
        raise _FileBad(f"不是文件：{path}")
    return suffix


def read_file(
    path: Path | str,
    fact_definitions: dict[str, FactDefinition],
    *,
    today: dt.date | None = None,
) -> list[EnterpriseRecord]:
    """Parse and check every row of *path*; return the records, or raise :class:`ImportRejected`
    listing every problem found. ``today`` (default: the real today) is the date facts without
    a 数据日期 are valid on, and the latest acceptable 成立日期."""
    path = Path(path)
    today = today or dt.date.today()
    log = _ErrorLog(path.name)
    try:
        suffix = _check_path(path)
        resolver = _Resolver(fact_definitions, json_keys=suffix == ".json")
        rows = _raw_rows(path, suffix, resolver, log)
    except _FileBad as bad:
        log.file_error(str(bad))
        raise log.reject() from None
    except OSError as exc:
        log.file_error(f"无法读取文件：{exc.strerror or exc}")
        raise log.reject() from None
    parser = _RowParser(log, resolver, today, json_rows=suffix == ".json")
    records = [record for row in rows if (record := parser.parse(row)) is not None]
    if log.total:
        raise log.reject()
    return records


def import_file(db: Database, path: Path | str, *, today: dt.date | None = None) -> ImportReport:
    """Import *path* all or nothing: every row is checked first, and the records are written in
    one transaction only when there is no error (existing credit codes are updated)."""
    path = Path(path)
    with db.sessions() as session:
        definitions = load_fact_definitions(session)
    records = read_file(path, definitions, today=today)
    with db.engine.begin() as conn:
        counts = write_enterprises(conn, records, source=IMPORT_SOURCE)
    return ImportReport(file=str(path), rows=len(records), inserted=counts.inserted, updated=counts.updated)
