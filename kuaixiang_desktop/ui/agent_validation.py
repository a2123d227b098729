"""经办人 details checked as the clerk types them, so a slip is named before Next is pressed.

While a field is still being typed, what is there so far is judged: a letter in an ID
number or a phone number that does not start with 1 is an error at once; an ID that is
simply not long enough yet is only a hint ("还差 5 位").  ``final=True`` (the field lost
focus, or the clerk pressed Enter) turns an incomplete value into an error too.  The full
checks are the domain's (``domain.codes.check_resident_id``) and the filing service's
(``services.applications.check_agent``), so the wizard cannot accept what filing refuses.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.codes import check_resident_id, normalize_text

from ..services.applications import Agent, ApplyRefused, check_agent

OK, HINT, ERROR = "ok", "hint", "error"
_CONTEXT = "AgentValidation"
ID_LENGTH = 18
PHONE_LENGTH = 11
NAME_MIN, NAME_MAX = 2, 30
_EARLIEST_BIRTH_YEAR = 1850

_MESSAGES = {
    "name_empty": QT_TRANSLATE_NOOP("AgentValidation", "请输入经办人姓名"),
    "name_digits": QT_TRANSLATE_NOOP("AgentValidation", "姓名中不应有数字：身份证号码请填在下一栏"),
    "name_length": QT_TRANSLATE_NOOP("AgentValidation", "经办人姓名应为 2–30 个字，实际为 {count} 个字"),
    "id_empty": QT_TRANSLATE_NOOP("AgentValidation", "请输入经办人的18位居民身份证号码"),
    "id_character": QT_TRANSLATE_NOOP("AgentValidation", "第{position}位「{char}」不是数字（身份证号前17位应为数字）"),
    "id_too_long": QT_TRANSLATE_NOOP("AgentValidation", "身份证号码应为18位，已输入{count}位"),
    "id_too_short": QT_TRANSLATE_NOOP("AgentValidation", "身份证号码应为18位，实际为{count}位"),
    "id_invalid": QT_TRANSLATE_NOOP("AgentValidation", "身份证号码无效"),
    "birth_invalid": QT_TRANSLATE_NOOP("AgentValidation", "第7–14位出生日期「{raw}」不是有效日期"),
    "birth_future": QT_TRANSLATE_NOOP("AgentValidation", "第7–14位出生日期「{raw}」晚于今天"),
    "birth_too_early": QT_TRANSLATE_NOOP("AgentValidation", "第7–14位出生日期「{raw}」不合理（早于1850年）"),
    "phone_empty": QT_TRANSLATE_NOOP("AgentValidation", "请输入经办人的11位手机号码"),
    "phone_character": QT_TRANSLATE_NOOP("AgentValidation", "手机号码只能是数字，「{char}」不是数字"),
    "phone_first": QT_TRANSLATE_NOOP("AgentValidation", "手机号码应以 1 开头，实际以「{digit}」开头"),
    "phone_second": QT_TRANSLATE_NOOP("AgentValidation", "手机号码第2位应为 3–9，实际为「{digit}」"),
    "phone_too_long": QT_TRANSLATE_NOOP("AgentValidation", "手机号码应为11位，已输入{count}位"),
    "phone_too_short": QT_TRANSLATE_NOOP("AgentValidation", "手机号码应为11位，实际为{count}位"),
    "left": QT_TRANSLATE_NOOP("AgentValidation", "已输入{count}位，还差{left}位"),
}


def _say(key: str, **values: object) -> str:
    return QCoreApplication.translate(_CONTEXT, _MESSAGES[key]).format(**values)


@dataclass(frozen=True)
class FieldCheck:
    state: str  # OK, HINT (not finished yet) or ERROR
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.state == OK


def _incomplete(message: str, final: bool) -> FieldCheck:
    return FieldCheck(ERROR if final else HINT, message)


def check_name(text: str, *, final: bool = False) -> FieldCheck:
    name = text.strip()
    if not name:
        return _incomplete(_say("name_empty"), final)
    if any(ch.isdigit() for ch in name):
        return FieldCheck(ERROR, _say("name_digits"))
    if len(name) > NAME_MAX:
        return FieldCheck(ERROR, _say("name_length", count=len(name)))
    if len(name) < NAME_MIN:
        return _incomplete(_say("name_length", count=len(name)), final)
    return FieldCheck(OK)


def _birth_date_fault(digits: str, today: dt.date) -> str | None:
    raw = digits[6:14]
    try:
        born = dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return _say("birth_invalid", raw=raw)
    if born > today:
        return _say("birth_future", raw=raw)
    if born.year < _EARLIEST_BIRTH_YEAR:
        return _say("birth_too_early", raw=raw)
    return None


def check_id_number(text: str, *, final: bool = False, today: dt.date | None = None) -> FieldCheck:
    today = today or clock.today()
    value = normalize_text(text)
    if not value:
        return _incomplete(_say("id_empty"), final)
    for position, ch in enumerate(value[: ID_LENGTH - 1], start=1):
        if not ch.isdigit():
            return FieldCheck(ERROR, _say("id_character", position=position, char=ch))
    if len(value) > ID_LENGTH:
        return FieldCheck(ERROR, _say("id_too_long", count=len(value)))
    if len(value) >= 14:  # the birth date is complete: judge it before the rest is typed
        fault = _birth_date_fault(value, today)
        if fault:
            return FieldCheck(ERROR, fault)
    if len(value) < ID_LENGTH:
        if final:
            return FieldCheck(ERROR, _say("id_too_short", count=len(value)))
        return FieldCheck(HINT, _say("left", count=len(value), left=ID_LENGTH - len(value)))
    check = check_resident_id(value, today=today)  # region, check digit: the domain's words
    if not check.valid:
        return FieldCheck(ERROR, check.error or _say("id_invalid"))
    return FieldCheck(OK)


def _phone_digits(text: str) -> str:
    value = re.sub(r"[\s\-]", "", text)
    return value.removeprefix("+86")


def check_phone(text: str, *, final: bool = False) -> FieldCheck:
    value = _phone_digits(text)
    if not value:
        return _incomplete(_say("phone_empty"), final)
    if not value.isdigit():
        return FieldCheck(ERROR, _say("phone_character", char=next(ch for ch in value if not ch.isdigit())))
    if value[0] != "1":
        return FieldCheck(ERROR, _say("phone_first", digit=value[0]))
    if len(value) >= 2 and value[1] not in "3456789":
        return FieldCheck(ERROR, _say("phone_second", digit=value[1]))
    if len(value) > PHONE_LENGTH:
        return FieldCheck(ERROR, _say("phone_too_long", count=len(value)))
    if len(value) < PHONE_LENGTH:
        if final:
            return FieldCheck(ERROR, _say("phone_too_short", count=len(value)))
        return FieldCheck(HINT, _say("left", count=len(value), left=PHONE_LENGTH - len(value)))
    return FieldCheck(OK)


def confirmed_agent(name: str, id_number: str, phone: str) -> Agent:
    """The agent as filing will store it; raises ``ApplyRefused`` (with ``field``) exactly
    where filing would."""
    return check_agent(Agent(name, id_number, phone))


__all__ = [
    "ERROR", "HINT", "OK", "ApplyRefused", "FieldCheck", "check_id_number", "check_name", "check_phone",
    "confirmed_agent",
]
