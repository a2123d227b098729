"""Every control a clerk can reach by keyboard has a Chinese accessible name, and no table
keeps the Tab key for itself.

A screen reader (NVDA on the hall's Windows desktops) reads a control's accessible name when
it takes the focus; without one it reads "edit" or "table" and a clerk who relies on it cannot
tell the search box from the filter. Most controls already say what they are somewhere a
sighted clerk reads it: the label whose buddy they are, their own text, their placeholder or
their tooltip. :func:`name_controls` gives each focusable control the first of these it has,
so names follow the words on screen (and their translation) instead of a second copy that
would drift; the few controls with no words of their own carry an ``accessibleName`` in their
form.

Item views: a ``QTableView`` moves between cells on Tab by default, so Tab never leaves it
and a keyboard user is trapped in the table. Arrows move between cells; Tab moves on.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

_TAGS = re.compile(r"<[^>]+>")
_MNEMONIC = re.compile(r"&(?!&)|\s*\(&?[A-Za-z0-9]\)")
# "刷新 (Ctrl+Shift+R)": the reader announces a control's shortcut itself; in the name it is noise.
_SHORTCUT_HINT = re.compile(r"\s*[(（](?:F\d+|Ctrl|Alt|Shift|Esc|Enter)[^()（）]*[)）]\s*$")


def _clean(text: str) -> str:
    """On-screen words as a name: no markup, no mnemonic ampersand, no trailing colon."""
    text = _TAGS.sub("", text)
    text = _MNEMONIC.sub("", text).replace("&&", "&")
    text = _SHORTCUT_HINT.sub("", " ".join(text.split()))
    return text.rstrip("：:…").strip()


def focusable(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` that the keyboard can reach (focus proxies stand for their
    owners, which hand the focus on)."""
    window = root.window()
    return [w for w in root.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None
            and w.window() is window]  # not a combo box's popup list, a window of its own


def _group_title(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QGroupBox) and parent.title():
            return _clean(parent.title())
        parent = parent.parentWidget()
    return ""


def derived_name(widget: QWidget, buddies: dict[int, QLabel]) -> str:
    """The words on screen that say what ``widget`` is, or "" when there are none."""
    label = buddies.get(id(widget))
    if label is not None and _clean(label.text()):
        return _clean(label.text())
    if isinstance(widget, QAbstractButton) and _clean(widget.text()):
        return _clean(widget.text())
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return _clean(widget.placeholderText())
    if isinstance(widget, QComboBox) and widget.isEditable() and widget.lineEdit().placeholderText():
        return _clean(widget.lineEdit().placeholderText())
    if isinstance(widget, QAbstractScrollArea):
        # A view's tooltip says what to do in it, not what it is: its form must name it.
        return ""
    if widget.toolTip() and _clean(widget.toolTip()):
        return _clean(widget.toolTip()).split("。")[0]
    return _group_title(widget)


def name_controls(root: QWidget) -> list[QWidget]:
    """Name every focusable control under ``root`` that has no accessible name yet and keep
    Tab out of item views; returns the controls left without a name (a form to fix)."""
    buddies = {id(label.buddy()): label for label in root.findChildren(QLabel) if label.buddy() is not None}
    unnamed = []
    for widget in focusable(root):
        if isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)
        if widget.accessibleName():
            continue
        name = derived_name(widget, buddies)
        if name:
            widget.setAccessibleName(name)
        else:
            unnamed.append(widget)
    return unnamed
