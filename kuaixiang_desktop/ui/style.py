"""The application stylesheet (resources/style/app.qss) and the fonts the UI prefers."""

from __future__ import annotations

import logging
import re
import sys

from PySide6.QtGui import QFont, QFontDatabase

from kuaixiang_core.resources import resources_dir

log = logging.getLogger(__name__)

# CJK UI fonts in order of preference: Windows, 统信UOS/麒麟, other Linux, macOS.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
)


def register_shipped_fonts() -> list[str]:
    """Make the fonts a frozen build ships (resources/fonts/) known to Qt, so that a desktop
    without a Chinese font still shows the window in Chinese; the families added."""
    folder = resources_dir() / "fonts"
    if not folder.is_dir():
        return []  # a source checkout: the system's fonts
    families: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".ttf", ".ttc"):
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("shipped font not loaded: %s", path)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def stylesheet_path():
    return resources_dir() / "style" / "app.qss"


def load_stylesheet() -> str:
    try:
        return stylesheet_path().read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("stylesheet not loaded: %s", exc)
        return ""


_PIXEL_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)px")


def scaled_stylesheet(qss: str, factor: float) -> str:
    """``qss`` with every ``font-size: Npx`` multiplied by ``factor`` (the clerk's text size)."""
    if abs(factor - 1.0) < 0.001:
        return qss
    return _PIXEL_SIZE.sub(lambda m: f"font-size: {max(1, round(float(m.group(1)) * factor))}px", qss)


def ui_font(base: QFont, family: str = "", size: float | None = None) -> QFont:
    """``base`` with the CJK families as fallbacks and a size readable at the counter;
    ``family`` and ``size`` are the clerk's choice from the settings, when made."""
    font = QFont(base)
    font.setFamilies([f for f in (family, base.family(), *CJK_FAMILIES) if f])
    if size:
        font.setPointSizeF(size)
    elif font.pointSizeF() > 0 and font.pointSizeF() < 10.5 and sys.platform != "darwin":
        font.setPointSizeF(10.5)
    return font
