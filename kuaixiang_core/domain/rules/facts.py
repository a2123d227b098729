"""What a rule may talk about: the built-in facts of an enterprise and declared ones.

Values inside the engine are typed: number, money and percent are ``Decimal`` (money in 元),
date is ``datetime.date``, bool is ``bool``, text is ``str``, list is a tuple of ``str``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

FACT_TYPES = ("number", "money", "percent", "date", "bool", "text", "list")
ORDERED_TYPES = ("number", "money", "percent", "date")
NUMERIC_TYPES = ("number", "money", "percent")


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: str
    label: str
    unit: str | None = None
    source: str | None = None
    kind: str = "declared"  # column | computed | tags | declared
    evidence: str | None = None  # the document that proves it (rules/evidence.py)


BUILTIN_FACTS: dict[str, FactSpec] = {
    f.name: f
    for f in (
        FactSpec("employees", "number", "从业人员", "人", kind="column"),
        FactSpec("insured_employees", "number", "参保职工人数", "人", kind="column"),
        FactSpec("revenue", "money", "营业收入", "元", kind="column"),
        FactSpec("total_assets", "money", "资产总额", "元", kind="column"),
        FactSpec("registered_capital", "money", "注册资本", "元", kind="column"),
        FactSpec("established", "date", "成立日期", kind="column"),
        FactSpec("region_code", "text", "所在县（市、区）", kind="column"),
        FactSpec("industry_code", "text", "行业代码", kind="column"),
        FactSpec("reg_type", "text", "登记注册类型", kind="column"),
        FactSpec("is_individual", "bool", "个体工商户", kind="column"),
        FactSpec("tax_credit_rating", "text", "纳税信用等级", kind="column"),
        FactSpec("dishonest", "bool", "失信主体", kind="column"),
        FactSpec("age_years", "number", "成立年限", "年", kind="computed"),
        FactSpec("size_class", "text", "企业规模", kind="computed"),
        FactSpec("industry_section", "text", "行业门类", kind="computed"),
        FactSpec("industry_division", "text", "行业大类", kind="computed"),
        FactSpec("tags", "list", "资质", kind="tags"),
    )
}

SIZE_CLASS_NAMES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}


class FactValueError(ValueError):
    """A value cannot be read as its fact's type; the message says what was expected."""


def coerce(spec_type: str, value: object) -> object:
    """The engine's form of ``value`` for a fact of ``spec_type``; raises FactValueError."""
    if value is None:
        return None
    if spec_type in NUMERIC_TYPES:
        if isinstance(value, bool) or isinstance(value, float):
            # YAML and JSON give floats for 5.5; their text is what the author wrote.
            if isinstance(value, bool):
                raise FactValueError("应为数字，不是是/否")
            value = repr(value)
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            raise FactValueError(f"应为数字：{value!r}") from None
        if not number.is_finite():
            raise FactValueError(f"应为有限的数字：{value!r}")
        return number
    if spec_type == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise FactValueError(f"应为日期 YYYY-MM-DD：{value!r}") from None
    if spec_type == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "是", "yes"):
            return True
        if text in ("false", "0", "否", "no"):
            return False
        raise FactValueError(f"应为是/否（true/false）：{value!r}")
    if spec_type == "text":
        if isinstance(value, (dict, list, tuple, bool)):
            raise FactValueError(f"应为文字：{value!r}")
        return str(value)
    if spec_type == "list":
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except json.JSONDecodeError:
                    raise FactValueError(f"应为列表：{value!r}") from None
            else:
                value = [p for p in text.replace("；", ";").split(";") if p.strip()]
        if not isinstance(value, (list, tuple)):
            raise FactValueError(f"应为列表：{value!r}")
        return tuple(str(v).strip() for v in value)
    raise FactValueError(f"未知的事实类型 {spec_type}")


def tag_entries(raw: object) -> list[tuple[str, dt.date | None, dt.date | None]]:
    """A golden test's ``tags``: a list of names, or of ``{tag, valid_from, valid_to}``, as
    (name, valid from, valid to); raises FactValueError saying what was expected."""
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        raise FactValueError(f"应为列表：{raw!r}")
    out: list[tuple[str, dt.date | None, dt.date | None]] = []
    for t in raw:
        if isinstance(t, Mapping):
            name = t.get("tag")
            if set(t) - {"tag", "valid_from", "valid_to"} or not isinstance(name, str) or not name.strip():
                raise FactValueError(f"每项应为名称或 {{tag, valid_from, valid_to}}：{t!r}")
            out.append((name.strip(), coerce("date", t.get("valid_from")), coerce("date", t.get("valid_to"))))  # type: ignore[arg-type]
        elif isinstance(t, str) and t.strip():
            out.append((t.strip(), None, None))
        else:
            raise FactValueError(f"每项应为名称或 {{tag, valid_from, valid_to}}：{t!r}")
    return out


def values_on(rows: Iterable[tuple[str, dt.date | str, object]], as_of: dt.date,
              declared: Mapping[str, FactSpec]) -> dict[str, object]:
    """Each declared fact's value on ``as_of``, from its dated values ``(name, valid_on,
    stored value)`` in any order: the latest one valid on or before that day, read by the
    fact's type. A stored value the type cannot read counts as missing (None): one bad value
    from a department must not stop every match. Facts not declared are left out.

    The one rule both sides use (the client's matching, the server's re-evaluation of an
    application), so that they judge an enterprise on the same values."""
    day = as_of.isoformat()
    latest: dict[str, tuple[str, object]] = {}
    for name, valid_on, value in rows:
        on = valid_on if isinstance(valid_on, str) else valid_on.isoformat()
        if on <= day and (name not in latest or latest[name][0] <= on):
            latest[name] = (on, value)
    values: dict[str, object] = {}
    for name, (_on, value) in latest.items():
        spec = declared.get(name)
        if spec is None:
            continue
        try:
            values[name] = coerce(spec.type, value)
        except FactValueError:
            values[name] = None
    return values


def canonical_text(spec_type: str, value: object) -> str:
    """The stored text form of a coerced value (what enterprise_fact.value holds)."""
    if spec_type == "bool":
        return "true" if value else "false"
    if spec_type == "date":
        return value.isoformat()  # type: ignore[union-attr]
    if spec_type == "list":
        return json.dumps(list(value), ensure_ascii=False)  # type: ignore[arg-type]
    return str(value)


def display(spec: FactSpec, value: object) -> str:
    """A value as the clerk reads it: 50 人, 5.5%, 是, 小型."""
    if value is None:
        return "（无数据）"
    if spec.name == "size_class":
        return SIZE_CLASS_NAMES.get(str(value), str(value))
    if spec.type == "bool":
        return "是" if value else "否"
    if spec.type == "date":
        return value.isoformat()  # type: ignore[union-attr]
    if spec.type == "list":
        return "、".join(value) or "无"  # type: ignore[arg-type]
    if spec.type == "money":
        return f"{value:,.2f} 元"
    if spec.type == "percent":
        return f"{value}%"
    if spec.unit:
        return f"{value} {spec.unit}"
    return str(value)
