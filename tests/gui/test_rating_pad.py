"""好差评 on the hall's evaluator pad (评价器): where the settings name a pad, 「请企业评价…」 asks
the pad, which waits for the enterprise's press on a worker (the window goes on), and the
rating is recorded as from the screen; a pad that gets no press or is unplugged says so and
records nothing."""

from __future__ import annotations

from sqlalchemy import select

from kuaixiang_desktop.devices.evaluator import LATER, SimulatedPad
from kuaixiang_desktop.store.models import Rating

from .test_applications_room import _open, filed, make_room  # noqa: F401 - fixtures


def _ratings(db) -> list[Rating]:
    with db.sessions() as session:
        return list(session.scalars(select(Rating)))


def _ask(qtbot, room, filed, pad):  # noqa: F811 - the fixture's value
    db, results = filed
    accepted = results["accepted0"]
    _open(room, qtbot, accepted.application_id)
    qtbot.waitUntil(room.ui.rateButton.isEnabled, timeout=20000)
    room.ui.rateButton.click()
    return db, accepted


def test_the_enterprise_rates_on_the_pad_while_the_window_goes_on(qtbot, make_room, filed):  # noqa: F811
    pad = SimulatedPad()
    room = make_room(pad_fn=lambda: pad)
    db, accepted = _ask(qtbot, room, filed, pad)
    qtbot.waitUntil(lambda: len(pad.requests) == 1, timeout=20000)  # the worker waits for a press
    assert pad.requests[0][0] == accepted.receipt_no
    assert "评价器" in room.message_label.text() and not room.ui.rateButton.isEnabled()
    assert _ratings(db) == []  # nothing until the enterprise presses
    pad.press(2)  # 不满意 without a reason: refused as bad input, nothing stored, asked again
    qtbot.waitUntil(lambda: room._pad_asking is None, timeout=20000)
    assert "原因" in room.message_label.text() and _ratings(db) == []
    qtbot.waitUntil(room.ui.rateButton.isEnabled, timeout=20000)  # the record reloaded: it may be asked again
    room.ui.rateButton.click()
    qtbot.waitUntil(lambda: len(pad.requests) == 2, timeout=20000)
    pad.press(5)
    qtbot.waitUntil(lambda: "企业已评价" in room.message_label.text(), timeout=20000)
    stored = _ratings(db)
    assert [(r.banjian_no, r.level) for r in stored] == [(accepted.receipt_no, "very_satisfied")]
    qtbot.waitUntil(lambda: not room.ui.rateButton.isEnabled() and "已评价" in room.ui.rateButton.text(), timeout=20000)


def test_no_press_and_an_unplugged_pad_say_so_and_record_nothing(qtbot, make_room, filed):  # noqa: F811
    class Silent(SimulatedPad):
        def request(self, receipt_no, window, timeout_s):
            self.requests.append((receipt_no, window))
            return LATER

    silent = Silent()
    room = make_room(pad_fn=lambda: silent)
    db, _accepted = _ask(qtbot, room, filed, silent)
    qtbot.waitUntil(lambda: "没有收到评价" in room.message_label.text(), timeout=20000)
    qtbot.waitUntil(room.ui.rateButton.isEnabled, timeout=20000)  # the record reloaded: it may be asked again
    assert _ratings(db) == []

    unplugged = SimulatedPad(plugged=False)
    room2 = make_room(pad_fn=lambda: unplugged)
    _ask(qtbot, room2, filed, unplugged)
    qtbot.waitUntil(lambda: "评价器未连接" in room2.message_label.text(), timeout=20000)
    assert _ratings(db) == []
