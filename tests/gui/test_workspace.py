"""The counter window as a whole: rooms, shortcuts, scans from anywhere, and the visit from a
scan to a printed receipt in a handful of key presses."""

from __future__ import annotations

import datetime as dt

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from kuaixiang_core.domain import clock
from kuaixiang_desktop.services import applications, receipts
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.scan import ReceiptScan
from kuaixiang_desktop.ui.app_settings import PrintSettings
from kuaixiang_desktop.ui.main_window import ROOMS, MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
VALID_ID = "11010519491231002X"
PHONE = "13812345678"


class ScannerClock:
    """A keyboard-wedge scanner: a few milliseconds per character."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 4
        return self.now


def _appliable(db, today: dt.date, limit: int = 400) -> tuple[str, list[str]]:
    """An enterprise whose 可申请 items can all be applied for today (in force and open)."""
    cat = compiled_catalogue(db)
    with db.engine.connect() as conn:
        codes = [r[0] for r in conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT :n"), {"n": limit})]
    for code in codes:
        items = [i for i in match_enterprise(db, code, today, catalogue=cat).items if i.group == "eligible"]
        if not items:
            continue
        open_today = all(
            (cat.by_id[i.item_id].apply_from or today) <= today <= (cat.by_id[i.item_id].apply_to or today)
            for i in items
        )
        if open_today:
            return code, [i.item_id for i in items]
    pytest.skip("no enterprise in the demo data has an item open for applications today")


@pytest.fixture
def counter(qtbot, counter_db, tmp_path):
    window = MainWindow(counter_db)
    out = tmp_path / "printed.pdf"
    window.printer._settings_fn = lambda: PrintSettings(printer=f"pdf:{out}", paper="a4", preview=False)
    window.printed_to = out
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.enterprise_count is not None)
    yield window
    window.shutdown()


def _focus():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _scan(qtbot, window: MainWindow, payload: str) -> None:
    window.scan_detector.clock = ScannerClock()
    qtbot.keyClicks(_focus(), payload)
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)


def _commit_chinese(widget, value: str) -> None:
    from PySide6.QtGui import QInputMethodEvent

    for char in value:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


# -- the walkthrough -------------------------------------------------------------------------


def test_from_a_scan_to_a_printed_receipt_in_at_most_ten_presses(qtbot, counter, counter_db):
    code, eligible = _appliable(counter_db, clock.today())
    presses: list[str] = []

    def press(key, modifiers=NONE, label=""):
        presses.append(label)
        qtbot.keyClick(_focus(), key, modifiers)

    # The scanner types the code anywhere; nothing of it lands in a field.
    with qtbot.waitSignal(counter.workspace.policy_panel.match_shown, timeout=30000):
        _scan(qtbot, counter, code)
    assert counter.workspace.card.credit_code == code
    assert counter.workspace.search_edit.text() == code

    with qtbot.waitSignal(counter.wizard_opened, timeout=10000) as opened:
        press(Qt.Key.Key_F3, label="F3")
        assert counter.workspace.policy_panel.current_item_id() in eligible
        press(Qt.Key.Key_Return, label="Enter")
    wizard = opened.args[0]
    qtbot.waitUntil(lambda: wizard.isActiveWindow() or QApplication.focusWidget() is not None)
    qtbot.waitUntil(lambda: wizard.model.rowCount() > 0, timeout=10000)
    press(Qt.Key.Key_A, CTRL | SHIFT, "Ctrl+Shift+A")
    press(Qt.Key.Key_Return, label="Enter")
    _commit_chinese(_focus(), wizard.context.legal_rep)  # in person; typing the agent's details is not counted
    press(Qt.Key.Key_Tab, label="Tab")
    qtbot.keyClicks(_focus(), VALID_ID)
    press(Qt.Key.Key_Tab, label="Tab")
    qtbot.keyClicks(_focus(), PHONE)
    press(Qt.Key.Key_Return, label="Enter")
    with qtbot.waitSignal(wizard.filed, timeout=30000) as filed:
        press(Qt.Key.Key_Return, label="Enter (受理)")
    result = filed.args[0]
    assert result.status == "accepted" and result.receipt_no
    with qtbot.waitSignal(counter.printer.printed, timeout=30000) as printed:
        press(Qt.Key.Key_P, CTRL, "Ctrl+P")

    assert len(presses) <= 10, presses
    assert printed.args[0].destination == str(counter.printed_to)
    reader = pypdf.PdfReader(str(counter.printed_to))
    assert len(reader.pages) >= 1
    record = applications.show(counter_db, result.application_id)
    assert record.status == "accepted" and record.credit_code == code
    qtbot.keyClick(_focus(), Qt.Key.Key_Return)  # closes the wizard
    qtbot.waitUntil(lambda: counter.workspace._wizard is None)
    # Ready for the next in the queue (the window gets its activation back from the platform).
    qtbot.waitUntil(lambda: counter.focusWidget() is counter.workspace.search_edit)


# -- scans -------------------------------------------------------------------------------------


def test_a_scan_in_another_room_opens_the_enterprise_in_the_workspace(qtbot, counter, counter_db):
    code, _ = _appliable(counter_db, clock.today())
    counter.show_room("catalogue")
    assert counter.current_room() == "catalogue"
    with qtbot.waitSignal(counter.workspace.card_shown, timeout=30000) as shown:
        _scan(qtbot, counter, code)
    assert shown.args == [code]
    assert counter.current_room() == "workspace"


def test_our_receipt_qr_opens_its_application(qtbot, counter, counter_db):
    code, eligible = _appliable(counter_db, clock.today())
    item = compiled_catalogue(counter_db).by_id[eligible[0]]
    filed = applications.file_application(
        counter_db, code, item.id, applications.Agent("李四", VALID_ID, PHONE),
        [applications.MaterialInput(m.name) for m in item.materials], device_id=local_device(counter_db).short_id,
    )
    qr = receipts.print_receipt(counter_db, filed.application_id).qr_text
    with qtbot.waitSignal(counter.scan_routed, timeout=30000) as routed:
        _scan(qtbot, counter, qr)
    assert isinstance(routed.args[0], ReceiptScan) and routed.args[0].application_id == filed.application_id
    assert counter.current_room() == "applications"
    room = counter.room("applications")
    qtbot.waitUntil(lambda: room.current_id == filed.application_id, timeout=20000)


def test_an_altered_receipt_qr_is_refused_and_opens_nothing(qtbot, counter, counter_db):
    code, eligible = _appliable(counter_db, clock.today())
    item = compiled_catalogue(counter_db).by_id[eligible[0]]
    filed = applications.file_application(
        counter_db, code, item.id, applications.Agent("李四", VALID_ID, PHONE),
        [applications.MaterialInput(m.name) for m in item.materials], device_id=local_device(counter_db).short_id,
    )
    qr = receipts.print_receipt(counter_db, filed.application_id).qr_text
    forged = qr[:-6] + ("A" if qr[-6] != "A" else "B") + qr[-5:]
    with qtbot.waitSignal(counter.scan_routed, timeout=30000) as routed:
        _scan(qtbot, counter, forged)
    assert isinstance(routed.args[0], ReceiptScan) and not routed.args[0].valid
    assert "不是一张有效的政策快享回执二维码" in (counter.workspace.message() or "")
    assert counter.current_room() == "workspace"
    assert counter.workspace.card.credit_code is None


def test_a_licence_link_scan_says_what_to_do_instead(qtbot, counter):
    with qtbot.waitSignal(counter.workspace.licence_checked, timeout=30000):
        _scan(qtbot, counter, "https://zzlz.gsxt.gov.cn/businessCheck/verifyCert?serial=abcdef1234567890")
    message = counter.workspace.message() or ""
    assert message and "现在无法核验" in message and "统一社会信用代码" in message
    assert counter.workspace.card.credit_code is None  # nothing opened on the code's word
    assert _focus() is counter.workspace.search_edit and counter.workspace.search_edit.selectedText()


def test_an_e_licence_the_server_vouches_for_opens_that_enterprise(qtbot, counter, monkeypatch):
    from kuaixiang_desktop.services.licence import LicenceCheck
    from kuaixiang_desktop.services.lookup import lookup

    code = lookup(counter._db, "聊城", 1).hits[0].credit_code
    asked = []

    def server_says(db, text):
        asked.append(text)
        return LicenceCheck(True, "电子营业执照已由中心核验：演示企业", code, "演示企业")

    monkeypatch.setattr("kuaixiang_desktop.ui.operations.check_licence", server_says)
    licence = "https://zzlz.gsxt.gov.cn/demo/e/abcdefghijklmnopqrstuvwx"
    with qtbot.waitSignal(counter.workspace.licence_checked, timeout=30000):
        _scan(qtbot, counter, licence)
    assert asked == [licence]
    qtbot.waitUntil(lambda: counter.workspace.card.credit_code == code, timeout=30000)
    assert counter.workspace.message() == "电子营业执照已由中心核验：演示企业"


# -- rooms, menus, shortcuts -----------------------------------------------------------------------


@pytest.mark.parametrize("n,room", list(enumerate(ROOMS, start=1)))
def test_ctrl_number_opens_each_room(qtbot, counter, n, room):
    with qtbot.waitSignal(counter.room_changed) as changed:
        qtbot.keyClick(_focus(), getattr(Qt.Key, f"Key_{n}"), CTRL)
    assert changed.args == [room]
    assert counter.ui.roomList.currentRow() == n - 1
    counter.runner.wait()


def test_every_menu_action_shows_its_shortcut_and_f1_lists_them(qtbot, counter):
    rows = dict(counter.shortcut_rows())
    for name, keys in {"查找企业": "F2", "政策清单": "F3", "立即同步": "F5", "打印一企一策清单": "Ctrl+Shift+P",
                       "工作台": "Ctrl+1", "同步": "Ctrl+6", "设置": "Ctrl+,"}.items():
        assert rows.get(name) == keys, (name, rows)
    with qtbot.waitSignal(counter.dialog_opened) as opened:
        qtbot.keyClick(_focus(), Qt.Key.Key_F1)
    dialog = opened.args[0]
    assert dialog.table.rowCount() == len(counter.shortcut_rows())
    dialog.close()


def test_settings_and_about_open_from_the_keyboard(qtbot, counter):
    with qtbot.waitSignal(counter.dialog_opened) as opened:
        qtbot.keyClick(_focus(), Qt.Key.Key_Comma, CTRL)
    opened.args[0].reject()
    with qtbot.waitSignal(counter.dialog_opened) as opened:
        counter.ui.actionAbout.trigger()
    about = opened.args[0]
    about.close()
    counter.runner.wait()


def test_the_window_remembers_its_size(qtbot, counter_db):
    first = MainWindow(counter_db)
    qtbot.addWidget(first)
    first.resize(1111, 666)
    first.show()
    qtbot.waitExposed(first)
    first.close()
    saved = first.settings.geometry("main")
    assert saved is not None
    second = MainWindow(counter_db)
    qtbot.addWidget(second)
    # The offscreen screen is 800×600, so the platform clamps the width to the window's
    # minimum; the height and the saved state are what can be compared here.
    assert second.height() == 666
    assert second.settings.geometry("main") == saved
    second.shutdown()


def test_the_hall_and_window_come_with_the_account(qtbot, counter):
    from kuaixiang_desktop.services.auth import SessionInfo

    counter.set_session(SessionInfo("demo", "演示窗口", "371502-01", "东昌府区政务服务中心", "01", "clerk", "offline",
                                    None, "", None, False))
    title = counter.windowTitle()
    assert "东昌府区政务服务中心" in title and "01 号窗口" in title and "离线" in title
