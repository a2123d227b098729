"""The one-line message under a room's controls: a QLabel whose dynamic property ``level``
(info, warning or error) the stylesheet (resources/style/app.qss) colours by.

Qt does not re-evaluate property selectors when a dynamic property changes, hence the
unpolish/polish in ``set_level``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def set_level(label: QLabel, level: str) -> None:
    label.setProperty("level", level)
    label.style().unpolish(label)
    label.style().polish(label)


def show_message(label: QLabel, text: str, level: str = "info") -> None:
    set_level(label, level)
    label.setText(text)
    label.show()


def clear_message(label: QLabel) -> None:
    label.clear()
    label.hide()


def message_of(label: QLabel) -> str | None:
    """The message the clerk sees, None when the label is hidden."""
    return None if label.isHidden() else label.text()


class MessageLineMixin:
    """``show_message`` / ``clear_message`` / ``message`` for a widget whose message line is
    its ``message_label`` (the rooms; the main window delegates to the functions)."""

    message_label: QLabel

    def show_message(self, text: str, level: str = "info") -> None:
        """A message under the widget's controls; ``level`` is info, warning or error."""
        show_message(self.message_label, text, level)

    def clear_message(self) -> None:
        clear_message(self.message_label)

    def message(self) -> str | None:
        return message_of(self.message_label)
