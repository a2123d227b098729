"""Text size for the clerk who needs it (Ctrl+= / Ctrl+- / Ctrl+0, remembered), and the
window at 125 % and 150 % display scaling on a 1366×768 screen: no label cut short."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kuaixiang_desktop.ui.app_settings import DEFAULT_FONT_SIZE, AppSettings
from kuaixiang_desktop.ui.login_dialog import LoginDialog
from kuaixiang_desktop.ui.style import load_stylesheet, ui_font
from kuaixiang_desktop.ui.text_scale import SIZES

CTRL = Qt.KeyboardModifier.ControlModifier
SCREEN = (1366, 768)
TASKBAR_AND_TITLE = 48  # device-independent pixels the desktop keeps for itself


def _screen(scale: float) -> tuple[int, int]:
    return int(SCREEN[0] / scale), int(SCREEN[1] / scale) - TASKBAR_AND_TITLE


@pytest.fixture
def app_look(qapp):
    """The application's font and stylesheet as the app sets them, put back afterwards."""
    font, style = qapp.font(), qapp.styleSheet()
    qapp.setFont(ui_font(font))  # as app.py starts: 10.5 pt, the size the stylesheet is drawn for
    qapp.setStyleSheet(load_stylesheet())
    yield qapp
    qapp.setStyleSheet(style)
    qapp.setFont(font)


def _active(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def test_ctrl_plus_and_minus_change_the_text_size_and_it_is_remembered(qtbot, make_window, app_look):
    window = _active(qtbot, make_window())
    field = window.workspace.search_edit
    start, field_px = QApplication.font().pointSizeF(), field.font().pixelSize()
    bigger = next(s for s in SIZES if s > start + 0.01)
    qtbot.keyClick(field, Qt.Key.Key_Equal, CTRL)
    assert QApplication.font().pointSizeF() == bigger
    assert field.font().pixelSize() > field_px  # the stylesheet's own sizes grow as well
    assert AppSettings().font_size == bigger  # remembered for the next start
    qtbot.keyClick(field, Qt.Key.Key_Equal, CTRL)
    assert QApplication.font().pointSizeF() > bigger
    qtbot.keyClick(field, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Minus, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Minus, CTRL)
    smaller = QApplication.font().pointSizeF()
    assert smaller < start and AppSettings().font_size == smaller
    qtbot.keyClick(field, Qt.Key.Key_0, CTRL)
    nav = window.ui.roomList
    for _ in range(4):
        window.text_scaler.bigger.trigger()
    widest = max(nav.fontMetrics().horizontalAdvance(nav.item(i).text()) for i in range(nav.count()))
    assert widest <= nav.gridSize().width()  # the room list grew with its titles
    window.text_scaler.reset.trigger()
    assert QApplication.font().pointSizeF() == DEFAULT_FONT_SIZE == AppSettings().font_size
    assert field.text() == ""  # the shortcuts typed nothing into the search field


def test_the_text_size_holds_at_the_limits(qtbot, make_window, app_look):
    window = _active(qtbot, make_window())
    for _ in range(len(SIZES) + 2):
        window.text_scaler.bigger.trigger()
    assert QApplication.font().pointSizeF() == SIZES[-1] == AppSettings().font_size
    for _ in range(len(SIZES) + 2):
        window.text_scaler.smaller.trigger()
    assert QApplication.font().pointSizeF() == SIZES[0] == AppSettings().font_size


def _plain(text: str) -> str:
    return re.sub(r"&(?!&)", "", text)


def cut_labels(top: QWidget) -> list[str]:
    """Visible one-line labels whose text is wider than the room they were given."""
    cut = []
    for label in top.findChildren(QLabel):
        if not label.isVisibleTo(top) or label.wordWrap() or not label.text() or label.textFormat() == Qt.TextFormat.RichText:
            continue
        if label.text().startswith("<") or label.pixmap() is not None and not label.pixmap().isNull():
            continue
        needed = max(label.fontMetrics().horizontalAdvance(_plain(line)) for line in label.text().splitlines())
        room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
        if needed > room + 1:
            cut.append(f"{label.objectName() or type(label.parent()).__name__}: {label.text()!r} needs {needed}px, has {room}px")
    return cut


@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_the_main_room_fits_at_display_scaling(qtbot, make_window, app_look, scale):
    # QT_SCALE_FACTOR=1.5 on 1366×768 gives the window 911×512 device-independent pixels.
    width, height = _screen(scale)
    window = make_window()
    window.resize(width, height)
    _active(qtbot, window)
    status = window.enable_sync("http://127.0.0.1:8765", start=False)
    status.refresh_pending()
    qtbot.waitUntil(lambda: status.pending_label.text() != "" and window.count_label.text() != "")
    assert (window.width(), window.height()) == (width, height)  # its minimum size fits the screen
    qtbot.waitUntil(lambda: not cut_labels(window), timeout=3000)  # once the layout has settled
    assert cut_labels(window) == []


@pytest.mark.parametrize("scale", [1.25, 1.5])
def test_the_login_dialog_fits_at_display_scaling(qtbot, db, app_look, scale):
    dialog = LoginDialog(db, "https://zwfw.liaocheng.gov.cn:8765", quit_on_cancel=True)
    qtbot.addWidget(dialog)
    _active(qtbot, dialog)
    dialog.show_error("无法连接中心服务器：[Errno 111] Connection refused")
    dialog.adjustSize()
    width, height = _screen(scale)
    assert dialog.width() <= width and dialog.height() <= height
    qtbot.waitUntil(lambda: not cut_labels(dialog), timeout=3000)
    assert cut_labels(dialog) == []


def test_the_window_opens_no_larger_than_the_screen(qtbot, make_window):
    # The form's 1366×768, or a size remembered before the clerk turned scaling up to 150 %.
    window = make_window()
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    window.resize(room.width() + 400, room.height() + 300)
    window.settings.set_geometry("main", window.saveGeometry())
    again = make_window()
    assert again.width() <= room.width() and again.height() <= room.height()


def test_the_settings_dialog_keeps_its_buttons_on_the_screen(qtbot, app_look):
    from kuaixiang_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(AppSettings(), printers=[])
    qtbot.addWidget(dialog)
    _active(qtbot, dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height()
    buttons = dialog.ui.buttonBox
    assert buttons.isVisible() and buttons.mapTo(dialog, buttons.rect().bottomLeft()).y() <= dialog.height()
    # The groups scroll instead; Tab still reaches the last field.
    assert dialog.scroll.widget().isAncestorOf(dialog.ui.scannerEdit)


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_the_item_title_keeps_its_share_of_the_policy_tree_at_display_scaling(qtbot, make_window, app_look, scale):
    """At 125 % the title column had shrunk to one character (「残…」) beside fixed-width
    department and amount columns; the title is the column the clerk reads."""
    from kuaixiang_desktop.ui.models.policy_tree_model import PolicyTreeModel

    width, height = _screen(scale)
    window = make_window()
    window.resize(width, height)
    _active(qtbot, window)
    tree = window.workspace.policy_panel.tree
    qtbot.waitUntil(lambda: tree.viewport().width() > 0)
    header = tree.header()
    qtbot.waitUntil(lambda: header.sectionSize(PolicyTreeModel.TITLE) * 5 >= tree.viewport().width() * 2 - 5,
                    timeout=3000)
    if scale == 1.0:  # with the room, department and amount keep their full widths
        assert header.sectionSize(PolicyTreeModel.DEPARTMENT) == 150
