"""The window picks Qt's ibus plugin on fcitx and ibus desktops, and leaves other sessions alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuaixiang_desktop.ui import input_method

SHIPPED = {"ibus", "compose"}  # what the PySide6 wheels (and so the frozen build) carry


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # fcitx5 sessions (统信UOS, 麒麟) name fcitx: no such plugin beside our Qt -> ibus
        ({"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}, {"QT_IM_MODULE": "ibus"}),
        ({"QT_IM_MODULE": "fcitx5"}, {"QT_IM_MODULE": "ibus"}),
        ({"QT_IM_MODULE": " FCITX "}, {"QT_IM_MODULE": "ibus"}),
        # nothing for Qt, but the session's other toolkits are on fcitx or ibus
        ({"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}, {"QT_IM_MODULE": "ibus"}),
        ({"GTK_IM_MODULE": "ibus"}, {"QT_IM_MODULE": "ibus"}),
        ({"QT_IM_MODULE": "", "XMODIFIERS": "@im=ibus"}, {"QT_IM_MODULE": "ibus"}),
        # Qt 6.8's list: ibus goes first when none of the named plugins is here
        ({"QT_IM_MODULES": "wayland;fcitx"}, {"QT_IM_MODULES": "ibus;wayland;fcitx"}),
        # left alone: a plugin we have, a session with no input method, one we cannot serve
        ({"QT_IM_MODULES": "ibus;fcitx"}, {}),
        ({"QT_IM_MODULES": "wayland"}, {}),
        ({"QT_IM_MODULE": "ibus"}, {}),
        ({"QT_IM_MODULE": "compose"}, {}),
        ({}, {}),
        ({"XMODIFIERS": "@im=none"}, {}),
        ({"QT_IM_MODULE": "qtvirtualkeyboard"}, {}),
        ({"XMODIFIERS": "@im=SCIM"}, {}),
    ],
)
def test_choice(env, expected):
    assert input_method.choose(env, SHIPPED) == expected


def test_without_the_ibus_plugin_nothing_changes():
    assert input_method.choose({"QT_IM_MODULE": "fcitx"}, {"compose"}) == {}
    # a Qt that has fcitx5-qt's plugin (a distribution's own Qt) keeps it
    assert input_method.choose({"QT_IM_MODULE": "fcitx"}, {"ibus", "compose", "fcitx"}) == {}


def test_the_plugins_beside_this_qt_include_ibus():
    # The wheels' plugin folder, which the frozen build copies (tools/packaging/bundle.py).
    assert {"ibus", "compose"} <= input_method.available_plugins()


def test_plugin_names_are_read_from_file_names(tmp_path):
    folder = tmp_path / "platforminputcontexts"
    folder.mkdir()
    for name in ("libibusplatforminputcontextplugin.so", "composeplatforminputcontextplugin.dll",
                 "libfcitx5platforminputcontextplugin.so", "README"):
        (folder / name).write_bytes(b"")
    assert input_method.available_plugins(tmp_path) == {"ibus", "compose", "fcitx5"}
    assert input_method.available_plugins(tmp_path / "nowhere") == set()


def test_select_sets_the_process_environment_and_says_so(tmp_path, caplog):
    folder = Path(tmp_path) / "platforminputcontexts"
    folder.mkdir()
    (folder / "libibusplatforminputcontextplugin.so").write_bytes(b"")
    env = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}
    changes = input_method.select(env, tmp_path)
    assert env["QT_IM_MODULE"] == "ibus" and changes == {"QT_IM_MODULE": "ibus"}
    caplog.set_level("INFO")
    input_method.log_choice(changes)
    assert "QT_IM_MODULE=ibus" in caplog.text
