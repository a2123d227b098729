"""Process-wide settings (kuaixiang_desktop/process.py): applied by configure(), undone by
what it returns."""

from __future__ import annotations

import sys

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

from kuaixiang_desktop import process


def test_the_window_gets_a_short_switch_interval_and_gives_it_back():
    before = sys.getswitchinterval()
    restore = process.configure(gui=True)
    try:
        assert sys.getswitchinterval() == process.GUI_SWITCH_INTERVAL_S < before
    finally:
        restore()
    assert sys.getswitchinterval() == before


def test_the_command_line_leaves_the_switch_interval_alone():
    before = sys.getswitchinterval()
    process.configure(gui=False)()
    assert sys.getswitchinterval() == before


def test_no_line_starts_with_a_full_width_comma_or_closing_bracket():
    process.configure(gui=False)
    for module in (paragraph, textsplit):
        assert all(c in module.ALL_CANNOT_START for c in "，：；！？、。）》」』】")


def test_the_young_generation_is_collected_less_often_and_given_back():
    import gc

    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    try:
        restore = process.configure(gui=False)
        try:
            assert gc.get_threshold() == (process.YOUNG_GC_THRESHOLD, *before[1:])
        finally:
            restore()
        assert gc.get_threshold() == (700, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_a_higher_threshold_or_the_collector_off_is_kept():
    import gc

    before = gc.get_threshold()
    try:
        for setting in (process.YOUNG_GC_THRESHOLD * 10, 0):
            gc.set_threshold(setting, *before[1:])
            restore = process.configure(gui=False)
            assert gc.get_threshold()[0] == setting
            restore()
    finally:
        gc.set_threshold(*before)
