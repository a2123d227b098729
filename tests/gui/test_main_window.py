"""The first room: type, see results, pick one, read its card."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kuaixiang_desktop.services.lookup import EnterpriseHit, Lookup, enterprise_detail, lookup
from kuaixiang_desktop.ui.main_window import SEARCH_LIMIT

SIZE_ZH = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
LICENCE_LINK = "https://www.gsxt.gov.cn/corp-query-entprise-info-hot-search-list.html?province=370000"


def _hit(code: str, name: str) -> EnterpriseHit:
    return EnterpriseHit(
        credit_code=code,
        name=name,
        region_code="371502",
        region_name="东昌府区",
        size_class="micro",
        legal_rep="张三",
        match="name",
    )


def _names(window) -> list[str]:
    return [window.workspace.model.hit(r).name for r in range(window.workspace.model.rowCount())]


def test_placeholder_and_status_bar_count(window):
    assert window.workspace.search_edit.placeholderText() == "输入统一社会信用代码、企业名称、拼音首字母或法定代表人"
    assert window.enterprise_count == 3000
    assert window.count_label.text() == "库中共有 3,000 家企业"
    assert window.workspace.message() is None
    assert window.workspace.card.credit_code is None


def _ime_commit(widget, text: str) -> None:
    """Chinese arrives through the input method, as a commit (QTest only types ASCII)."""
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def test_typing_searches_in_the_background_and_fills_the_table(qtbot, window, demo_db):
    with qtbot.waitSignal(window.workspace.results_shown, check_params_cb=lambda r: r.query == "聊城市") as blocker:
        _ime_commit(window.workspace.search_edit, "聊城市")
    assert window.workspace.search_edit.text() == "聊城市"
    expected = lookup(demo_db, "聊城市", SEARCH_LIMIT)
    assert blocker.args[0].kind == "results"
    assert _names(window) == [h.name for h in expected.hits]
    assert window.workspace.model.rowCount() == SEARCH_LIMIT
    assert window.statusBar().currentMessage().startswith("显示前 50 家企业")


def test_pinyin_initials_find_enterprises(qtbot, window, demo_db):
    with qtbot.waitSignal(window.workspace.results_shown):
        qtbot.keyClicks(window.workspace.search_edit, "lc")
    assert window.workspace.model.rowCount() > 0
    assert _names(window) == [h.name for h in lookup(demo_db, "lc", SEARCH_LIMIT).hits]


def test_keystrokes_are_debounced_into_one_lookup_off_the_gui_thread(qtbot, make_window):
    calls = []

    def counting_lookup(db, text, limit):
        calls.append((text, threading.current_thread() is threading.main_thread()))
        return Lookup("results", text, (_hit("91371502MA3C1234X5", text), _hit("91371502MA3C1235X1", text)))

    window = make_window(lookup_fn=counting_lookup)
    with qtbot.waitSignal(window.workspace.results_shown):
        qtbot.keyClicks(window.workspace.search_edit, "hengda")
    assert calls == [("hengda", False)]


def test_selecting_a_row_shows_the_card(qtbot, window, demo_db):
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.setText("聊城")
    assert window.workspace.model.rowCount() > 3
    code = window.workspace.model.hit(3).credit_code
    with qtbot.waitSignal(window.workspace.card_shown) as blocker:
        window.workspace.results_view.selectRow(3)
    assert blocker.args == [code]
    detail = enterprise_detail(demo_db, code)
    ui = window.workspace.card.ui
    assert ui.nameLabel.text() == detail.name
    assert ui.codeValue.text() == code
    assert ui.sizeClassValue.text() == SIZE_ZH[detail.size_class]
    assert ui.legalRepValue.text() == detail.legal_rep
    assert window.workspace.model.data(window.workspace.model.index(3, 3)) == SIZE_ZH[detail.size_class]


def test_double_click_shows_the_card(qtbot, make_window):
    window = make_window(show=True)
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.setText("聊城")
    view = window.workspace.results_view
    rect = view.visualRect(window.workspace.model.index(1, 0))
    with qtbot.waitSignal(window.workspace.card_shown) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [window.workspace.model.hit(1).credit_code]


def test_enter_shows_the_first_hit_at_once(qtbot, window):
    _ime_commit(window.workspace.search_edit, "聊城")
    with qtbot.waitSignal(window.workspace.card_shown) as blocker:
        qtbot.keyClick(window.workspace.search_edit, Qt.Key.Key_Return)  # before the debounce fires
    assert blocker.args == [window.workspace.model.hit(0).credit_code]
    assert window.workspace.search_edit.selectedText() == "聊城"  # the next scan replaces it


def test_scanned_code_shows_its_card(qtbot, window, demo_db):
    code = lookup(demo_db, "聊城", 5).hits[4].credit_code
    with qtbot.waitSignal(window.workspace.card_shown) as blocker:
        window.workspace.search_edit.setText(code)
        qtbot.keyClick(window.workspace.search_edit, Qt.Key.Key_Return)
    assert blocker.args == [code]
    assert window.workspace.card.ui.codeValue.text() == code
    assert window.workspace.model.rowCount() == 1


def test_licence_link_shows_the_service_message(qtbot, make_window, demo_db):
    expected = lookup(demo_db, LICENCE_LINK)
    assert expected.kind == "licence_link" and expected.message
    window = make_window(show=True)
    # The link is asked about at the server (services/licence); not logged in, it cannot be.
    with qtbot.waitSignal(window.workspace.licence_checked, timeout=20000) as checked:
        window.workspace.search_edit.setText(LICENCE_LINK)
    assert window.workspace.message_label.isVisible()
    assert window.workspace.message() == checked.args[0].message and checked.args[0].offline
    assert "统一社会信用代码" in window.workspace.message()
    assert window.workspace.message_label.property("level") == "warning"
    assert window.workspace.model.rowCount() == 0


def test_mistyped_code_names_the_fault_and_lists_lookalikes(qtbot, make_window, demo_db):
    code = lookup(demo_db, "聊城", 1).hits[0].credit_code
    typo = code[:17] + ("0" if code[17] != "0" else "1")
    expected = lookup(demo_db, typo, SEARCH_LIMIT)
    assert expected.kind == "invalid_code"
    window = make_window(show=True)
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.setText(typo)
    assert window.workspace.message_label.isVisible()
    assert window.workspace.message() == expected.message
    assert "校验位" in window.workspace.message()
    assert [h.credit_code for h in expected.hits] == [
        window.workspace.model.hit(r).credit_code for r in range(window.workspace.model.rowCount())
    ]
    assert window.workspace.card.credit_code is None  # a lookalike is the clerk's pick, not ours


def test_no_match_says_so_and_clearing_resets(qtbot, make_window):
    window = make_window(show=True)
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.setText("qqqqqqqqqq")
    assert window.workspace.model.rowCount() == 0
    assert "没有找到" in window.workspace.message()
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.clear()
    assert window.workspace.message() is None
    assert not window.workspace.message_label.isVisible()


def test_stale_results_are_dropped(qtbot, make_window):
    gate, started = threading.Event(), threading.Event()

    def fake_lookup(db, text, limit):
        if text == "慢":
            started.set()
            assert gate.wait(5)
        return Lookup("results", text, (_hit("91371502MA3C1234X5", f"{text}一"), _hit("91371502MA3C1235X1", f"{text}二")))

    window = make_window(lookup_fn=fake_lookup)
    window.workspace.search_edit.setText("慢")
    window.workspace.search_now()
    assert started.wait(5)
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.setText("快")
        window.workspace.search_now()
    assert _names(window) == ["快一", "快二"]
    with qtbot.waitSignal(window.runner.dropped) as dropped:
        gate.set()
    assert dropped.args[0] == "search"
    assert _names(window) == ["快一", "快二"]
    assert window.workspace.model.query == "快"


@pytest.mark.allow_log_warnings
def test_search_error_is_shown_not_raised(qtbot, make_window):
    def broken_lookup(db, text, limit):
        raise OSError("database is locked")

    window = make_window(lookup_fn=broken_lookup)
    window.workspace.search_edit.setText("聊城")
    qtbot.waitUntil(lambda: window.workspace.message() is not None)
    assert "database is locked" in window.workspace.message()
    assert window.workspace.message_label.property("level") == "error"


def test_f2_focuses_the_search_box(qtbot, make_window):
    window = make_window(show=True)
    window.activateWindow()
    qtbot.waitActive(window)
    window.workspace.results_view.setFocus()
    qtbot.waitUntil(window.workspace.results_view.hasFocus)
    qtbot.keyClick(window.workspace.results_view, Qt.Key.Key_F2)
    qtbot.waitUntil(window.workspace.search_edit.hasFocus)


def test_down_arrow_moves_from_search_to_results(qtbot, make_window):
    window = make_window(show=True)
    window.activateWindow()
    qtbot.waitActive(window)
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.setText("聊城")
    window.workspace.search_edit.setFocus()
    with qtbot.waitSignal(window.workspace.card_shown) as blocker:
        qtbot.keyClick(window.workspace.search_edit, Qt.Key.Key_Down)
    assert window.workspace.results_view.hasFocus()
    assert blocker.args == [window.workspace.model.hit(0).credit_code]
    qtbot.keyClick(window.workspace.results_view, Qt.Key.Key_Escape)
    assert window.workspace.search_edit.hasFocus()


def test_busy_while_preparing_data_then_searchable(qtbot, make_window):
    gate = threading.Event()
    window = make_window()
    window.run_startup_task(lambda: gate.wait(5), "正在准备演示数据")
    assert not window.is_ready()
    assert not window.workspace.search_edit.isEnabled()
    assert window.statusBar().currentMessage() == "正在准备演示数据"
    assert window.workspace.card.ui.placeholderLabel.text() == "正在准备演示数据"
    with qtbot.waitSignal(window.ready_changed) as blocker:
        gate.set()
    assert blocker.args == [True]
    assert window.workspace.search_edit.isEnabled()
    with qtbot.waitSignal(window.workspace.results_shown):
        window.workspace.search_edit.setText("聊城")
    qtbot.waitUntil(lambda: not window.runner.busy())


def test_matching_starts_after_the_card_and_only_for_the_card_shown(qtbot, window, demo_db):
    """The card is drawn first, then the match is asked for; a card replaced meanwhile (the
    clerk scanned again) has its match skipped, not shown under the newer card."""
    first, second = (hit.credit_code for hit in lookup(demo_db, "聊城", 2).hits)
    asked: list[str] = []
    real = window.workspace.policy_panel.show_enterprise
    window.workspace.policy_panel.show_enterprise = lambda code, as_of=None: (asked.append(code), real(code, as_of))

    def replace_card(code: str) -> None:
        if code == first:
            assert asked == []  # not in the same turn as the card
            window.workspace.card.show_detail(enterprise_detail(demo_db, second))

    window.workspace.card_shown.connect(replace_card)
    with qtbot.waitSignal(window.workspace.card_shown):
        window.workspace.show_enterprise(first)
    QApplication.processEvents()  # the queued start of the match runs here
    assert first not in asked
    window.workspace.card_shown.disconnect(replace_card)
    with qtbot.waitSignal(window.workspace.policy_panel.match_shown, timeout=20_000) as shown:
        window.workspace.show_enterprise(second, reload=True)
    assert asked == [second] and shown.args[0].credit_code == second


def test_closing_asks_every_background_task_to_stop_at_once(qtbot, make_window):
    """The idle lock's runner and the window's are cancelled together, so their bounded waits
    overlap: the lock's task sees the window's task asked to stop before it ends itself."""
    window = make_window()
    window.enable_idle_lock()
    lock_runner = window.idle_lock.runner
    saw_window_cancelled: list[bool] = []
    window_task_started, lock_task_started = threading.Event(), threading.Event()

    def window_task() -> None:
        window_task_started.set()
        window.runner.cancel_event.wait(10)

    def lock_task() -> None:
        lock_task_started.set()
        lock_runner.cancel_event.wait(10)
        saw_window_cancelled.append(window.runner.cancel_event.wait(1))  # within the lock's 3 s bound

    window.runner.submit(window_task)
    lock_runner.submit(lock_task)
    qtbot.waitUntil(lambda: window_task_started.is_set() and lock_task_started.is_set())
    assert window.shutdown()
    assert saw_window_cancelled == [True]
