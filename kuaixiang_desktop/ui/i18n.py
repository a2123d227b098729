"""Loading translations: the UI is written in Chinese; other locales get the English build.

Chinese locales (and the unset C locale) load Qt's own Chinese strings (standard buttons, context menus) and nothing
of ours; every other locale loads ``resources/i18n/kuaixiang_en.qm`` and Qt's strings for
that locale when Qt ships them.

Qt's Chinese catalogue lags behind Qt: when a string of Qt's own only gained a mnemonic
("Look in:" became "&Look in:" in QFileDialog), the catalogue has no entry for it and the
file dialog came up half in English. :class:`QtMnemonicGaps` answers those from the entry
for the string without the mnemonic.
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


class QtMnemonicGaps(QTranslator):
    """For Qt's own classes: a source text with a mnemonic that ``qt`` cannot translate is
    translated without it, and the mnemonic is added back the Chinese way: 查找范围(&L)：."""

    def __init__(self, qt: QTranslator, parent=None):
        super().__init__(parent)
        self._qt = qt

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt's signature
        # None where there is no answer: Qt takes "" for a translation and blanked every text.
        if not source_text or "&" not in source_text or not context or not context.startswith("Q"):
            return None
        at = source_text.find("&")
        if at + 1 >= len(source_text) or not source_text[at + 1].isalnum():
            return None
        plain = source_text[:at] + source_text[at + 1:]
        text = self._qt.translate(context, plain, disambiguation, n)
        if not text:
            return None
        colon = text[-1] if text[-1] in "：:" else ""
        body = text[:-1] if colon else text
        return f"{body}(&{source_text[at + 1].upper()}){colon}"


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
        qt = QTranslator(app)
        load(qt, QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", qt_dir)
        if qt in installed:
            gaps = QtMnemonicGaps(qt, app)
            app.installTranslator(gaps)
            installed.append(gaps)
    else:
        load(QTranslator(app), locale, "qtbase", "_", qt_dir)
        load(QTranslator(app), f"kuaixiang_{language}", str(i18n_dir()))
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
