"""How codes and values read on screen: size classes in Chinese, money in 万元, dates, gaps.

Labels are marked with ``QT_TRANSLATE_NOOP`` so ``lupdate`` finds them, and translated when
shown, so that an English build shows "Small" where the Chinese one shows 小型.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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
