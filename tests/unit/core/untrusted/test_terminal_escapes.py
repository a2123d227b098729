"""untrusted.terminal: data on its way to a terminal (issue 13, item 11)."""

from __future__ import annotations

import re

import pytest

from kuaixiang_core.untrusted.terminal import printable, printable_lines

RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


@pytest.mark.parametrize(("value", "shown"), [
    ("\x1b[2J", "\\x1b[2J"),  # ESC: clear the screen
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # OSC: retitle the window, BEL
    ("a\rb", "a\\x0db"),  # overwrite what was printed
    ("\x9b31m", "\\x9b31m"),  # C1 CSI
    ("x\x7f", "x\\x7f"),
    ("\x00\t", "\\x00\\x09"),
    ("12\u202e34", "12\\u202e34"),  # right-to-left override
    ("\u2066a\u2069", "\\u2066a\\u2069"),
    ("a\u2028b", "a\\u2028b"),
    ("bad\udcff", "bad\\udcff"),  # a file name that is not UTF-8
    ("line\nfake", "line\\x0afake"),
])
def test_controls_are_shown_as_escapes(value, shown):
    assert printable(value) == shown
    assert not RAW.search(printable(value))


def test_ordinary_text_is_unchanged():
    text = "聊城市恒达机械有限公司（东昌府区）· 91371502MA3C… 😀 \\ 100%"
    assert printable(text) == text
    assert printable(None) == "None" and printable(12) == "12"


def test_a_whole_answer_keeps_its_own_lines():
    assert printable_lines("第一行\n\x1b[31m第二行\r") == "第一行\n\\x1b[31m第二行\\x0d"
