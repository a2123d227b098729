"""Real input-method daemons for tests: a private X server and D-Bus session bus, fcitx5 (with
Rime), fcitx 4, and what they report. Used by tests/test_input_method_daemons.py (a minimal
window) and tests/test_frozen_package.py (the installed .deb)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

FCITX_SESSION = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}
TIMEOUT = 120


def need(*tools: str, packages: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: apt-get install {packages})")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(check, process: subprocess.Popen, what: str, timeout: float = TIMEOUT):
    """Poll ``check`` until it returns something true; fail if ``process`` dies first. Waiting
    on the process between polls, not sleeping blind."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        try:
            process.wait(timeout=0.3)
            pytest.fail(f"{process.args[0]} exited ({process.returncode}) before {what}")
        except subprocess.TimeoutExpired:
            pass
    pytest.fail(f"timed out waiting for {what}")


@contextlib.contextmanager
def private_session() -> Iterator[dict[str, str]]:
    """An X server and a session bus of the test's own, and a short HOME (libdbus refuses
    socket paths over 99 bytes; fcitx5 and ibus keep files under ~/.config)."""
    need("Xvfb", "dbus-daemon", "gdbus", "xdotool", packages="xvfb dbus libglib2.0-bin xdotool")
    home = Path(tempfile.mkdtemp(prefix="kxim", dir="/tmp"))
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = bus.stdout.readline().strip()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "DISPLAY": display,
           "DBUS_SESSION_BUS_ADDRESS": address, "LANG": "C.UTF-8"}
    try:
        assert address.startswith("unix:"), address
        yield env
    finally:
        stop(bus)
        bus.stdout.close()
        stop(xvfb)
        shutil.rmtree(home, ignore_errors=True)


def owner(env: dict[str, str], name: str) -> bool:
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus", "--object-path",
                          "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner", name],
                         capture_output=True, text=True, env=env, timeout=60)
    return out.stdout.strip() == "(true,)"


@contextlib.contextmanager
def daemon(args: list[str], env: dict[str, str], name: str, log: Path) -> Iterator[subprocess.Popen]:
    with open(log, "wb") as out:
        daemon = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: owner(env, name), daemon, f"{args[0]} to own {name}")
        yield daemon
    finally:
        stop(daemon)


def input_contexts(env: dict[str, str]) -> str:
    """fcitx5's own account of its input contexts (what fcitx5-diagnose asks for)."""
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.fcitx.Fcitx5", "--object-path", "/controller",
                          "--method", "org.fcitx.Fcitx.Controller1.DebugInfo"],
                         capture_output=True, text=True, env=env, timeout=60)
    return out.stdout.encode().decode("unicode_escape")


def loaded_plugins(pid: int) -> set[str]:
    return {Path(line.split()[-1]).name for line in Path(f"/proc/{pid}/maps").read_text().splitlines()
            if "platforminputcontexts" in line}


# fcitx5's input-method list: a keyboard and Rime, Rime first; Rime with one schema, 拼音 giving
# simplified characters (Debian's rime-data-pinyin-simp), so that its first deployment is short.
FCITX5_PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=rime

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=rime
Layout=

[GroupOrder]
0=Default
"""
RIME_SCHEMAS = "patch:\n  schema_list:\n    - schema: pinyin_simp\n"




def prepare_rime(home: Path) -> Path:
    """fcitx5's settings in ``home``: Rime first, with the 拼音 schema; Rime's user folder."""
    (home / ".config/fcitx5").mkdir(parents=True, exist_ok=True)
    (home / ".config/fcitx5/profile").write_text(FCITX5_PROFILE, encoding="utf-8")
    rime = home / ".local/share/fcitx5/rime"
    rime.mkdir(parents=True, exist_ok=True)
    (rime / "default.custom.yaml").write_text(RIME_SCHEMAS, encoding="utf-8")
    return rime


def need_rime() -> None:
    need("fcitx5", "fcitx5-remote", packages="fcitx5 fcitx5-rime rime-data-pinyin-simp")
    if not any(Path(p, "pinyin_simp.schema.yaml").is_file() for p in ("/usr/share/rime-data", "/usr/share/rime")) \
            or not list(Path("/usr/lib").glob("*/fcitx5/rime.so")):
        pytest.skip("needs fcitx5's Rime engine and its 拼音 schema (Debian: fcitx5-rime rime-data-pinyin-simp)")


def rime_deployed(rime: Path) -> bool:
    """Rime compiles its schema on first start (a few seconds) and notes when it has."""
    user = rime / "user.yaml"
    return user.is_file() and "last_build_time" in user.read_text(encoding="utf-8")


def activate_input_method(env: dict[str, str]) -> None:
    """Switch the focused input context to the input method (Rime), as Ctrl+Space would."""
    subprocess.run(["fcitx5-remote", "-o"], env=env, timeout=60, check=True)
    state = subprocess.run(["fcitx5-remote"], env=env, capture_output=True, text=True, timeout=60)
    assert state.stdout.strip() == "2", state  # 2: an input method is active


def type_keys(env: dict[str, str], text: str, *keys: str) -> None:
    subprocess.run(["xdotool", "type", "--delay", "50", text], env=env, timeout=60, check=True)
    for key in keys:
        subprocess.run(["xdotool", "key", key], env=env, timeout=60, check=True)


# How fcitx5 lists an input context of its ibus frontend that has the focus (DebugInfo).
FOCUSED_IBUS_CONTEXT = re.compile(r"IC \[[0-9a-f]+\] program:(\S*) frontend:ibus cap:[0-9a-f]+ focus:1")

_READ_SELECTION = """
from PySide6.QtGui import QClipboard, QGuiApplication
app = QGuiApplication(["kx-selection"])
print(app.clipboard().text(QClipboard.Mode.Selection))
"""


def read_selection(env: dict[str, str]) -> str:
    """The X PRIMARY selection (what a select-all in a Qt line edit sets), read by Qt itself:
    no xclip needed."""
    out = subprocess.run([sys.executable, "-c", _READ_SELECTION], env={**env, "QT_QPA_PLATFORM": "xcb"},
                         capture_output=True, text=True, timeout=TIMEOUT)
    return out.stdout.strip()

# The session-bus names, as the app asks for them (kuaixiang_desktop/ui/input_method.py).
IBUS_PORTAL = "org.freedesktop.portal.IBus"
FCITX4 = "org.fcitx.Fcitx"
