"""Bigger or smaller text for the clerk who needs it.

Ctrl+= (or Ctrl++) and Ctrl+- step the application font through :data:`SIZES`, Ctrl+0 goes
back to the default; the size is remembered (``AppSettings.font_size``, the same setting as
the settings dialog's 字号) and applied at the next start.  The stylesheet gives a few widgets
pixel sizes of their own (the search field, the card's name, the result table); those are
scaled by the same factor, or the most-read text would be the one that did not grow.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from .app_settings import DEFAULT_FONT_SIZE, AppSettings
from .qtcompat import emit
from .style import load_stylesheet, scaled_stylesheet, ui_font

log = logging.getLogger(__name__)

# Point sizes a step goes through; AppSettings accepts 8–24.
SIZES = (8.0, 9.0, 10.0, 10.5, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 22.0, 24.0)


def stylesheet_factor(settings: AppSettings) -> float:
    """How much the stylesheet's pixel sizes grow for the remembered font size."""
    return settings.font_size / DEFAULT_FONT_SIZE if settings.has_font_size() else 1.0


class TextScaler(QObject):
    """The three actions (added to ``menu``, shortcuts across the window) and what they do.

    ``changed(float)``: the new point size."""

    changed = Signal(float)

    def __init__(self, window: QWidget, settings: AppSettings, menu: QMenu | None = None):
        super().__init__(window)
        self._settings = settings
        self.bigger = QAction(self.tr("放大文字"), window)
        self.bigger.setObjectName("actionTextBigger")
        # Ctrl+= is the key a clerk presses for "+" without Shift; Ctrl++ where the layout has one.
        self.bigger.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.smaller = QAction(self.tr("缩小文字"), window)
        self.smaller.setObjectName("actionTextSmaller")
        self.smaller.setShortcuts([QKeySequence("Ctrl+-")])
        self.reset = QAction(self.tr("文字恢复默认大小"), window)
        self.reset.setObjectName("actionTextReset")
        self.reset.setShortcut(QKeySequence("Ctrl+0"))
        for action, slot in ((self.bigger, self.step_up), (self.smaller, self.step_down), (self.reset, self.reset_size)):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            window.addAction(action)
        if menu is not None:
            menu.addSeparator()
            menu.addActions([self.bigger, self.smaller, self.reset])

    @staticmethod
    def size() -> float:
        return QApplication.font().pointSizeF()

    def step_up(self) -> None:
        current = self.size()
        self.set_size(next((s for s in SIZES if s > current + 0.01), SIZES[-1]))

    def step_down(self) -> None:
        current = self.size()
        self.set_size(next((s for s in reversed(SIZES) if s < current - 0.01), SIZES[0]))

    def reset_size(self) -> None:
        self.set_size(DEFAULT_FONT_SIZE)

    def set_size(self, size: float) -> None:
        """Apply and remember ``size`` (points)."""
        app = QApplication.instance()
        if not isinstance(app, QApplication) or abs(size - self.size()) < 0.01:
            return
        self._settings.font_size = size
        self._settings.sync()
        self.apply(app, self._settings)
        log.info("text size %.1f pt", size)
        emit(self.changed, size)

    @staticmethod
    def apply(app: QApplication, settings: AppSettings) -> None:
        """The remembered family and size on the application, and the stylesheet scaled to
        match (only when the app has one: tests run without it)."""
        size = settings.font_size if settings.has_font_size() else None
        app.setFont(ui_font(app.font(), settings.font_family, size))
        if app.styleSheet():
            app.setStyleSheet(scaled_stylesheet(load_stylesheet(), stylesheet_factor(settings)))
