"""Loading translations: the UI is written in Chinese; other locales get the English build.

Chinese locales (and the unset C locale) load Qt's own Chinese strings (standard buttons, context menus) and nothing
of ours; every other locale loads ``resources/i18n/kuaixiang_en.qm`` and Qt's strings for
that locale when Qt ships them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kuaixiang_core.resources import resources_dir

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = QLocale.Language.Chinese
TRANSLATIONS = ("en",)  # languages we ship a .qm for, besides the Chinese source


def i18n_dir():
    return resources_dir() / "i18n"


def ui_language(locale: QLocale) -> str:
    """'zh' for Chinese locales (the source text), else the shipped translation to use.

    A machine with no locale configured (C/POSIX, common on freshly installed 统信UOS or
    麒麟 kiosks) gets Chinese too: every clerk reads it, not every clerk reads English."""
    if locale.language() in (SOURCE_LANGUAGE, QLocale.Language.C):
        return "zh"
    return "en"


def install_translations(app: QCoreApplication, locale: QLocale) -> list[QTranslator]:
    """Install the translators for ``locale`` on ``app``; returns them for ``remove``."""
    installed: list[QTranslator] = []

    def load(translator: QTranslator, *args) -> None:
        if translator.load(*args):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.info("no translation %s", args[:2])

    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    language = ui_language(locale)
    if language == "zh":
        load(QTranslator(app), QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", qt_dir)
    else:
        load(QTranslator(app), locale, "qtbase", "_", qt_dir)
        load(QTranslator(app), f"kuaixiang_{language}", str(i18n_dir()))
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
