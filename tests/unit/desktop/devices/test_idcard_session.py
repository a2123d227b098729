"""The counter's rules around any reader, tried on the simulated one: read once, lift
before the next read, refuse an expired card with its date, every error in words."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kuaixiang_desktop.devices import idcard_sim
from kuaixiang_desktop.devices.health import READY, UNPLUGGED
from kuaixiang_desktop.devices.idcard import ALREADY_READ, ReaderSession, refusal
from kuaixiang_desktop.devices.idcard_sim import DEMO_CARD, SimulatedReader

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def feed(tmp_path):
    return tmp_path / "reader.json"


@pytest.fixture
def session(feed):
    return ReaderSession(SimulatedReader(feed), today=lambda: TODAY)


def test_a_placed_card_is_read_once_until_it_is_lifted(session, feed):
    assert session.poll() is None and session.status.state == READY
    idcard_sim.place_card(feed)
    outcome = session.poll()
    assert outcome.card == DEMO_CARD and outcome.card.photo.startswith(b"BM")
    assert session.poll() is None, "a card left on the reader is not read again"
    assert session.read_now().error == ALREADY_READ
    idcard_sim.place_card(feed, dataclasses.replace(DEMO_CARD, name="王五"))  # swapped without a lift in between
    assert session.poll() is None
    idcard_sim.lift_card(feed)
    assert session.poll() is None
    idcard_sim.place_card(feed, dataclasses.replace(DEMO_CARD, name="王五"))
    assert session.poll().card.name == "王五"


def test_the_read_key_reads_what_is_there_and_says_when_nothing_is(session, feed):
    assert session.read_now().error == "阅读器上没有身份证"
    idcard_sim.place_card(feed)
    assert session.read_now().card.name == DEMO_CARD.name


def test_an_expired_card_is_refused_with_its_date(session, feed):
    idcard_sim.place_card(feed, dataclasses.replace(DEMO_CARD, valid_to=dt.date(2026, 12, 5)))
    outcome = session.poll()
    assert outcome.card is None
    assert outcome.refused == "身份证已于 2026-12-05 过期（今天是 2026-12-06）：请经办人出示有效证件"
    assert session.poll() is None  # refused once, not again and again while it lies there


def test_the_last_valid_day_is_still_valid_and_the_hall_calendar_decides():
    card = dataclasses.replace(DEMO_CARD, valid_to=TODAY)
    assert refusal(card, TODAY) is None
    assert "2026-12-06 过期" in refusal(card, TODAY + dt.timedelta(days=1))
    assert "尚未生效" in refusal(dataclasses.replace(DEMO_CARD, valid_from=TODAY + dt.timedelta(days=1)), TODAY)


def test_a_chip_number_with_a_wrong_check_character_is_refused(session, feed):
    idcard_sim.place_card(feed, dataclasses.replace(DEMO_CARD, id_number="110105194912310021"))
    assert "未通过校验" in session.poll().refused


def test_a_card_removed_mid_read_says_so_and_is_read_when_placed_again(session, feed):
    idcard_sim.place_card(feed, remove_during_read=True)
    assert session.poll().error.startswith("读卡时身份证被移开")
    idcard_sim.lift_card(feed)
    assert session.poll() is None
    idcard_sim.place_card(feed)
    assert session.poll().card is not None


def test_an_unplugged_reader_is_a_health_state_and_comes_back(session, feed):
    idcard_sim.unplug(feed)
    assert session.poll() is None
    assert session.status.state == UNPLUGGED and "未连接" in session.status.detail
    assert session.read_now().error == session.status.detail
    idcard_sim.place_card(feed)  # plugged in again, a card on it
    assert session.poll().card is not None and session.status.state == READY


def test_a_broken_feed_file_is_a_fault_not_a_crash(session, feed):
    feed.write_text("{not json", encoding="utf-8")
    assert session.poll() is None
    assert session.status.state == "fault" and "JSON" in session.status.detail
