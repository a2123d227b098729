"""The window picks Qt's ibus plugin on fcitx5 and ibus desktops (through fcitx5's ibus portal
when the session bus has it), compose with a warning on fcitx 4, and leaves other sessions alone.
Against real daemons: tests/deploy/test_input_method_daemons.py."""

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


FCITX5_SESSION = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}
PORTAL = {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}


@pytest.mark.parametrize(
    ("env", "services", "ibus_installed", "expected"),
    [
        # fcitx5 with its ibus frontend (统信UOS, seen: it owns the portal name): the portal route,
        # as Qt's plugin would otherwise want an ibus-daemon executable, which UOS does not have
        (FCITX5_SESSION, {input_method.IBUS_PORTAL, input_method.FCITX5}, False, PORTAL),
        ({"XMODIFIERS": "@im=fcitx"}, {input_method.IBUS_PORTAL, input_method.FCITX5}, True, PORTAL),
        ({"QT_IM_MODULES": "wayland;fcitx"}, {input_method.IBUS_PORTAL}, False,
         {"QT_IM_MODULES": "ibus;wayland;fcitx", "IBUS_USE_PORTAL": "1"}),
        # an ibus desktop whose portal already runs
        ({"GTK_IM_MODULE": "ibus"}, {input_method.IBUS_PORTAL}, True, PORTAL),
        # the user's own IBUS_USE_PORTAL is theirs
        ({**FCITX5_SESSION, "IBUS_USE_PORTAL": "0"}, {input_method.IBUS_PORTAL}, False, {"QT_IM_MODULE": "ibus"}),
        # fcitx 4 (older 麒麟 V10): no ibus protocol and no plugin of ours reaches it -> compose
        (FCITX5_SESSION, {input_method.FCITX4}, False, {"QT_IM_MODULE": "compose"}),
        ({"QT_IM_MODULES": "fcitx"}, {input_method.FCITX4}, False, {"QT_IM_MODULES": "compose"}),
        # fcitx5 with the ibus frontend switched off: the same
        (FCITX5_SESSION, {input_method.FCITX5}, False, {"QT_IM_MODULE": "compose"}),
        # ... unless ibus is installed beside it: Qt reaches a running ibus-daemon by its address file
        (FCITX5_SESSION, {input_method.FCITX4}, True, {"QT_IM_MODULE": "ibus"}),
        # nothing on the bus yet (an ibus desktop starts its portal on demand), or no bus to ask
        ({"XMODIFIERS": "@im=ibus"}, set(), True, {"QT_IM_MODULE": "ibus"}),
        (FCITX5_SESSION, None, False, {"QT_IM_MODULE": "ibus"}),
        # sessions left alone stay alone whatever the bus holds
        ({}, {input_method.FCITX4}, False, {}),
        ({"QT_IM_MODULE": "compose"}, {input_method.IBUS_PORTAL}, False, {}),
    ],
)
def test_the_route_follows_the_daemons_on_the_session_bus(env, services, ibus_installed, expected):
    assert input_method.choose(env, SHIPPED, services, ibus_installed) == expected


def test_without_compose_a_fcitx4_session_keeps_the_ibus_attempt():
    assert input_method.choose({"QT_IM_MODULE": "fcitx"}, {"ibus"}, {input_method.FCITX4}) == {"QT_IM_MODULE": "ibus"}


def _plugins(tmp_path: Path, *names: str) -> Path:
    folder = Path(tmp_path) / "platforminputcontexts"
    folder.mkdir()
    for name in names:
        (folder / f"lib{name}platforminputcontextplugin.so").write_bytes(b"")
    return tmp_path


def test_select_sets_the_process_environment_and_says_so(tmp_path, caplog):
    env = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "PATH": str(tmp_path)}
    changes = input_method.select(env, _plugins(tmp_path, "ibus", "compose"),
                                  probe=lambda _env: {input_method.IBUS_PORTAL})
    assert changes == PORTAL and env["QT_IM_MODULE"] == "ibus" and env["IBUS_USE_PORTAL"] == "1"
    caplog.set_level("INFO")
    input_method.log_choice(changes)
    assert "QT_IM_MODULE=ibus" in caplog.text and "IBUS_USE_PORTAL=1" in caplog.text


@pytest.mark.allow_log_warnings
def test_a_fcitx4_session_gets_compose_and_a_warning_that_says_what_to_install(tmp_path, caplog):
    env = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "PATH": str(tmp_path)}  # no ibus-daemon
    changes = input_method.select(env, _plugins(tmp_path, "ibus", "compose"), probe=lambda _env: {input_method.FCITX4})
    assert changes == {"QT_IM_MODULE": "compose"} and env["QT_IM_MODULE"] == "compose"
    caplog.set_level("INFO")
    input_method.log_choice(changes)
    (record,) = caplog.records
    assert record.levelname == "WARNING" and "fcitx5" in record.getMessage() and "ibus" in record.getMessage()


def test_an_installed_ibus_daemon_keeps_the_ibus_route_on_fcitx4(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ibus-daemon").write_text("#!/bin/sh\n")
    (bin_dir / "ibus-daemon").chmod(0o755)
    env = {"QT_IM_MODULE": "fcitx", "PATH": str(bin_dir)}
    assert input_method.select(env, _plugins(tmp_path, "ibus", "compose"),
                               probe=lambda _env: {input_method.FCITX4}) == {"QT_IM_MODULE": "ibus"}


def test_the_bus_is_asked_only_when_the_session_names_an_input_method_we_lack(tmp_path):
    asked = []
    plugins = _plugins(tmp_path, "ibus", "compose")
    for env in ({}, {"QT_IM_MODULE": "ibus"}, {"XMODIFIERS": "@im=none"}, {"QT_IM_MODULE": "compose"}):
        assert input_method.select(dict(env), plugins, probe=asked.append) == {}
    assert asked == []
    input_method.select({"QT_IM_MODULE": "fcitx"}, plugins, probe=lambda env: asked.append(dict(env)))
    assert asked == [{"QT_IM_MODULE": "fcitx"}]


def test_no_session_bus_is_not_asked_for(monkeypatch):
    # Without an address, libdbus would launch a bus of its own (X11 autolaunch): not ours to do.
    assert input_method.session_services({"XDG_RUNTIME_DIR": "/nonexistent"}) is None
    assert input_method.session_services({}) is None
