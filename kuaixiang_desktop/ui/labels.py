"""How codes and values read on screen: size classes in Chinese, money in 万元, dates, gaps.

Labels are marked with ``QT_TRANSLATE_NOOP`` so ``lupdate`` finds them, and translated when
shown, so that an English build shows "Small" where the Chinese one shows 小型.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kuaixiang_core.domain.money import fen_to_yuan, format_yuan

_SIZE_CLASSES = {
    "large": QT_TRANSLATE_NOOP("SizeClass", "大型"),
    "medium": QT_TRANSLATE_NOOP("SizeClass", "中型"),
    "small": QT_TRANSLATE_NOOP("SizeClass", "小型"),
    "micro": QT_TRANSLATE_NOOP("SizeClass", "微型"),
}

MISSING = "—"  # shown where the record has no value


def size_class_label(size_class: str | None) -> str:
    """大型 / 中型 / 小型 / 微型 for the domain's large / medium / small / micro."""
    if not size_class:
        return MISSING
    source = _SIZE_CLASSES.get(size_class)
    return QCoreApplication.translate("SizeClass", source) if source else size_class


def yuan_to_wan_text(yuan: str | None) -> str:
    """'13590000.00' (元, as the services give money) → '1,359.00 万元'."""
    if yuan is None or yuan == "":
        return MISSING
    try:
        wan = Decimal(yuan) / Decimal(10_000)
    except InvalidOperation:
        return str(yuan)
    return QCoreApplication.translate("Money", "%1 万元").replace("%1", f"{wan:,.2f}")


def text_or_missing(value: object) -> str:
    return MISSING if value is None or value == "" else str(value)


# The department's steps after 受理 (kuaixiang_core.domain.payout_course.STEPS).
_COURSE_STEPS = {
    "review": QT_TRANSLATE_NOOP("CourseStep", "审核"),
    "correction": QT_TRANSLATE_NOOP("CourseStep", "补正"),
    "approve": QT_TRANSLATE_NOOP("CourseStep", "审核通过"),
    "publicity": QT_TRANSLATE_NOOP("CourseStep", "公示"),
    "pay": QT_TRANSLATE_NOOP("CourseStep", "拨付"),
    "refuse": QT_TRANSLATE_NOOP("CourseStep", "不予支持"),
}


def course_step_name(step: str) -> str:
    source = _COURSE_STEPS.get(step)
    return QCoreApplication.translate("CourseStep", source) if source else step


def _yuan(amount_fen: int) -> str:
    return QCoreApplication.translate("Money", "%1 元").replace("%1", format_yuan(fen_to_yuan(amount_fen)))


def course_line(step) -> str:
    """One step on screen (services.course.CourseStep): 「2026-12-20 拨付 6,000.00 元」; the
    printed 办理进度告知单 words it in Chinese whatever the window's language."""
    line = f"{step.on.isoformat()} {course_step_name(step.step)}"
    if step.step == "publicity" and step.until is not None:
        line += QCoreApplication.translate("CourseStep", "（至 %1）").replace("%1", step.until.isoformat())
    if step.amount_fen is not None:
        line += " " + _yuan(step.amount_fen)
    if step.reason:
        line += QCoreApplication.translate("CourseStep", "：%1").replace("%1", step.reason)
    return line


def course_summary(step) -> str:
    """The latest step in a few words, for the card: 「拨付 6,000.00 元（2026-12-20）」."""
    text = course_step_name(step.step)
    if step.amount_fen is not None:
        text += " " + _yuan(step.amount_fen)
    if step.step == "publicity" and step.until is not None:
        text += QCoreApplication.translate("CourseStep", " 至 %1").replace("%1", step.until.isoformat())
    return QCoreApplication.translate("CourseStep", "%1（%2）").replace("%1", text).replace("%2", step.on.isoformat())
