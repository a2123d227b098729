"""The window's dates and file names on the hall's day (issue 14, point 9): at 23:30 UTC on
5 December it is 07:30 on the 6th in Liaocheng, whatever the machine's zone."""

from __future__ import annotations

import datetime as dt

from kuaixiang_desktop.ui.print_actions import fallback_path
from kuaixiang_desktop.ui.rooms.outreach_room import OutreachRoom, _file_name
from kuaixiang_desktop.ui.tasks import TaskRunner

HALL_DAY = dt.date(2026, 12, 6)  # EVENING_UTC (tests/conftest.py) in Liaocheng


def test_a_pdf_printed_to_file_is_named_by_the_hall_clock(hall_morning):
    assert fallback_path("受理回执").name.startswith("20261206-073000-")


def test_the_outreach_export_is_dated_and_named_the_hall_day(hall_morning, qtbot, db):
    runner = TaskRunner()
    try:
        room = OutreachRoom(db, runner)  # today_fn left to the product's default
        qtbot.addWidget(room)
        assert room.as_of() == HALL_DAY
        assert _file_name("失业保险稳岗返还", room.as_of()) == "失业保险稳岗返还-符合条件企业-2026-12-06.xlsx"
    finally:
        runner.shutdown()
