"""好差评 (国办发〔2019〕51号): the five levels, the fixed reasons of a 差评, the 办件编号 a rating
belongs to and the deadline of the follow-up (整改) a 差评 opens.

A rating belongs to one 办件: an application's receipt number, or, for a visit without an
application, a visit number of the same shape with ``V`` before its sequence
(``371502-01-20261206-EALH-V0001``). One rating per 办件.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .working_days import add_working_days

VERY_SATISFIED, SATISFIED, BASIC, DISSATISFIED, VERY_DISSATISFIED = (
    "very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied",
)
LEVELS = (VERY_SATISFIED, SATISFIED, BASIC, DISSATISFIED, VERY_DISSATISFIED)
LEVEL_NAMES = {
    VERY_SATISFIED: "非常满意",
    SATISFIED: "满意",
    BASIC: "基本满意",
    DISSATISFIED: "不满意",
    VERY_DISSATISFIED: "非常不满意",
}
# 差评: a reason is required and a follow-up (整改) is opened.
NEGATIVE = frozenset({DISSATISFIED, VERY_DISSATISFIED})
# 满意度 counts the first three, as the national 好差评 system does.
SATISFIED_LEVELS = frozenset({VERY_SATISFIED, SATISFIED, BASIC})

OTHER = "other"
# The fixed reasons of a 差评, in the order the rating screen shows them; "other" needs a comment.
REASONS = {
    "long_wait": "排队等候时间长",
    "slow": "办理时间长、效率低",
    "repeat_visits": "多次跑动",
    "unclear_materials": "材料要求不清楚或前后不一",
    "attitude": "服务态度不好",
    "unskilled": "业务不熟练、解释不清",
    "policy_unclear": "政策告知不清楚",
    "system": "系统或设备故障",
    OTHER: "其他",
}
MAX_COMMENT = 500
MAX_ACTION = 2000
# 差评 are followed up (整改) and answered within 15 working days (国办发〔2019〕51号).
FOLLOWUP_WORKING_DAYS = 15

_RECEIPT = re.compile(r"^(.+)-(\d{8})-([A-Z2-7]{4})-(\d{4,6})$")
_VISIT = re.compile(r"^(.+)-(\d{8})-([A-Z2-7]{4})-V(\d{4,6})$")
MAX_NUMBER = 64


class RatingError(ValueError):
    """A rating the rules refuse; ``field`` names what is wrong."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class Rating:
    level: str
    reasons: tuple[str, ...]
    comment: str | None

    @property
    def negative(self) -> bool:
        return self.level in NEGATIVE


def parse_level(text: str) -> str:
    """A level from its code or its Chinese name."""
    value = (text or "").strip()
    if value in LEVELS:
        return value
    for code, name in LEVEL_NAMES.items():
        if value == name:
            return code
    raise RatingError(f"评价等级「{value[:20]}」无效：应为 {'、'.join(LEVEL_NAMES.values())} 之一", "level")


def parse_reason(text: str) -> str:
    value = (text or "").strip()
    if value in REASONS:
        return value
    for code, name in REASONS.items():
        if value == name:
            return code
    raise RatingError(f"差评原因「{value[:30]}」不在清单中：应为 {'、'.join(REASONS.values())} 之一", "reason")


def check_rating(level: str, reasons: list[str] | tuple[str, ...], comment: str | None) -> Rating:
    """The rating as the rules allow it: a 差评 needs at least one reason from the list (「其他」
    needs a comment saying what); a good rating takes no reasons; the comment is optional and
    at most ``MAX_COMMENT`` characters."""
    if level not in LEVELS:
        raise RatingError(f"评价等级「{str(level)[:20]}」无效", "level")
    codes: list[str] = []
    for r in reasons:
        if r not in REASONS:
            raise RatingError(f"差评原因「{str(r)[:30]}」不在清单中", "reason")
        if r not in codes:
            codes.append(r)
    text = (comment or "").strip() or None
    if text is not None and len(text) > MAX_COMMENT:
        raise RatingError(f"评价意见过长：最多 {MAX_COMMENT} 个字，实际 {len(text)} 个字", "comment")
    if level in NEGATIVE:
        if not codes:
            raise RatingError(f"「{LEVEL_NAMES[level]}」须选择至少一项原因", "reason")
        if OTHER in codes and text is None:
            raise RatingError("选择了「其他」原因，请写明具体意见", "comment")
    elif codes:
        raise RatingError(f"「{LEVEL_NAMES[level]}」不选择差评原因", "reason")
    return Rating(level, tuple(codes), text)


def number_kind(number: str) -> str | None:
    """``"receipt"`` or ``"visit"`` for a well-formed 办件编号, else None."""
    if not isinstance(number, str) or len(number) > MAX_NUMBER:
        return None
    if _VISIT.match(number):
        return "visit"
    if _RECEIPT.match(number):
        return "receipt"
    return None


def visit_number(hall: str, day: dt.date, device: str, seq: int) -> str:
    return f"{hall}-{day:%Y%m%d}-{device}-V{seq:04d}"


def followup_deadline(rated_on: dt.date) -> dt.date:
    return add_working_days(rated_on, FOLLOWUP_WORKING_DAYS)


def check_action(text: str | None) -> str:
    """What the supervisor did about a 差评: required, bounded."""
    value = (text or "").strip()
    if not value:
        raise RatingError("须写明整改情况（做了什么）", "action")
    if len(value) > MAX_ACTION:
        raise RatingError(f"整改情况过长：最多 {MAX_ACTION} 个字，实际 {len(value)} 个字", "action")
    return value
