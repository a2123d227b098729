"""The ctypes bindings of both reader families, on a stand-in library built from
tests/data/fake_reader/fake_reader.c (the real ones cannot be had here): the card's bytes
cross the C boundary as the vendors' interfaces say, and every error path is named —
library missing, function missing, each non-success return code."""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
from pathlib import Path

import pytest

from kuaixiang_desktop.devices.health import FAULT, READY, UNPLUGGED
from kuaixiang_desktop.devices.idcard import CardRemoved, NoCard, ReaderError, ReaderSession, ReaderUnplugged
from kuaixiang_desktop.devices.idcard_layout import encode_text_block
from kuaixiang_desktop.devices.idcard_sdtapi import SdtapiReader
from kuaixiang_desktop.devices.idcard_sim import DEMO_CARD
from kuaixiang_desktop.devices.idcard_termb import TermbReader
from kuaixiang_desktop.devices.native import FunctionMissing, LibraryMissing, bind, load_library
from kuaixiang_desktop.devices.registry import reader_status

SOURCE = Path(__file__).parents[3] / "data" / "fake_reader" / "fake_reader.c"


@pytest.fixture(scope="module")
def fake_library(tmp_path_factory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build the stand-in reader library")
    out = tmp_path_factory.mktemp("fake-reader") / "libfakereader.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-o", str(out), str(SOURCE)], check=True, timeout=120)
    return out


@pytest.fixture
def card(tmp_path, monkeypatch):
    """Set what the stand-in reader does: ``card("ok")``, ``card("nocard")``, …"""
    mode = tmp_path / "mode"
    text = tmp_path / "text.bin"
    text.write_bytes(encode_text_block(DEMO_CARD))
    monkeypatch.setenv("FAKE_READER_MODE", str(mode))
    monkeypatch.setenv("FAKE_READER_TEXT", str(text))

    def set_mode(word: str) -> None:
        mode.write_text(word, encoding="ascii")

    set_mode("ok")
    return set_mode


@pytest.fixture(params=["termb", "sdtapi"])
def reader(request, fake_library, tmp_path):
    if request.param == "termb":
        return TermbReader(str(fake_library), 1001, tmp_path / "work")
    return SdtapiReader(str(fake_library), 1001)


def test_a_card_is_read_through_the_library(reader, card, tmp_path):
    reader.open()
    assert reader.card_present()
    read = reader.read()
    assert read == DEMO_CARD
    if reader.driver == "termb":
        assert read.photo == b"BMfakephoto"
        assert list((tmp_path / "work").iterdir()) == [], "wz.txt and zp.bmp are deleted at once"
    else:
        assert read.photo is None  # WLT needs the maker's decoder: not kept, not guessed


def test_no_card(reader, card):
    card("nocard")
    reader.open()
    assert not reader.card_present()
    if reader.driver == "sdtapi":
        with pytest.raises(NoCard):
            reader.read()


def test_an_unplugged_reader_names_the_port(reader, card):
    card("unplugged")
    with pytest.raises(ReaderUnplugged, match="端口 1001"):
        reader.open()


def test_a_failing_read_gives_the_return_code(reader, card):
    card("fail")
    reader.open()
    with pytest.raises(ReaderError, match="Read_Content 返回 -4" if reader.driver == "termb" else r"0x33（信息验证失败）"):
        reader.read()


def test_a_card_removed_mid_read(reader, card):
    card("removed")
    reader.open()
    with pytest.raises(CardRemoved):
        reader.read()


def test_the_session_over_a_library(reader, card):
    session = ReaderSession(reader)
    assert session.poll().card == DEMO_CARD and session.status.state == READY
    card("unplugged")
    if reader.driver == "sdtapi":
        assert session.poll() is None and session.status.state == UNPLUGGED


def test_a_missing_library_is_unplugged_with_its_path(tmp_path):
    missing = tmp_path / "libtermb.so"
    for reader in (TermbReader(str(missing), 1001, tmp_path), SdtapiReader(str(missing), 1001)):
        with pytest.raises(LibraryMissing, match="libtermb.so"):
            reader.open()
        status = reader_status(reader)
        assert status.state == UNPLUGGED and "无法载入" in status.detail
    with pytest.raises(LibraryMissing, match="未设置"):
        load_library("", "身份证阅读器")


def test_a_library_of_another_kind_lacks_the_function():
    libc = ctypes.util.find_library("c")
    if libc is None:
        pytest.skip("no C library to stand for a wrong choice")
    with pytest.raises(FunctionMissing, match="没有函数 InitComm"):
        TermbReader(libc, 1001, Path(".")).open()
    with pytest.raises(FunctionMissing, match="没有函数 SDT_OpenPort"):
        bind(load_library(libc, "身份证阅读器"), "SDT_OpenPort", [], "身份证阅读器")


def test_a_fault_is_a_health_state(reader, card, monkeypatch):
    session = ReaderSession(reader)

    def broken() -> bool:
        raise ReaderError("坏了")

    monkeypatch.setattr(reader, "card_present", broken)
    assert session.poll() is None and session.status.state == FAULT and session.status.detail == "坏了"
