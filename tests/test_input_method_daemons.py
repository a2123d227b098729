"""Chinese input against the real daemons, not stand-ins: a private D-Bus session bus, an Xvfb
and the distribution's fcitx5 (with its ibus frontend, as 统信UOS runs it) or fcitx 4 (older
麒麟 V10); then a QApplication that chose its plugin with ``input_method.select()`` from a
session's variables (``QT_IM_MODULE=fcitx``, ``XMODIFIERS=@im=fcitx``).

- fcitx5: the choice is the ibus plugin through fcitx5's portal, the plugin is loaded, fcitx5
  lists an input context of its ``ibus`` frontend for our process that has the focus, and a key
  typed on the X server goes through fcitx5 into the line edit.
- fcitx 4: it owns no ibus name, so the choice is ``compose`` (and the window warns), and Qt
  loads compose, not ibus.

Each test skips, naming the Debian packages, when its daemon is not installed (Debian's fcitx5
and fcitx 4 conflict: one machine has one). Selection logic without daemons:
tests/gui/test_input_method.py. The same for the installed .deb: tests/test_frozen_package.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

# The app's own choice, then a window with a focused line edit that reports what it receives.
CHILD = r"""
import json, sys
from kuaixiang_desktop.ui import input_method
changes = input_method.select()
print(json.dumps(changes), flush=True)
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication(["kx-im-probe"])
edit = QLineEdit()
edit.setWindowTitle("kx-im-probe")
edit.textChanged.connect(lambda text: print("text:" + text, flush=True))
edit.show()
edit.activateWindow()
edit.setFocus()
sys.exit(app.exec())
"""
FCITX_SESSION = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}
TIMEOUT = 120


def _need(*tools: str, packages: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: apt-get install {packages})")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(check, process: subprocess.Popen, what: str, timeout: float = TIMEOUT):
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


@pytest.fixture
def session() -> Iterator[dict[str, str]]:
    """An X server and a session bus of the test's own, and a short HOME (libdbus refuses
    socket paths over 99 bytes; fcitx5 and ibus keep files under ~/.config)."""
    _need("Xvfb", "dbus-daemon", "gdbus", "xdotool", packages="xvfb dbus libglib2.0-bin xdotool")
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
           "DBUS_SESSION_BUS_ADDRESS": address, "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    try:
        assert address.startswith("unix:"), address
        yield env
    finally:
        _stop(bus)
        bus.stdout.close()
        _stop(xvfb)
        shutil.rmtree(home, ignore_errors=True)


def _owner(env: dict[str, str], name: str) -> bool:
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus", "--object-path",
                          "/org/freedesktop/DBus", "--method", "org.freedesktop.DBus.NameHasOwner", name],
                         capture_output=True, text=True, env=env, timeout=60)
    return out.stdout.strip() == "(true,)"


@contextlib.contextmanager
def _daemon(args: list[str], env: dict[str, str], name: str, log: Path) -> Iterator[subprocess.Popen]:
    with open(log, "wb") as out:
        daemon = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: _owner(env, name), daemon, f"{args[0]} to own {name}")
        yield daemon
    finally:
        _stop(daemon)


@contextlib.contextmanager
def _child(env: dict[str, str], log: Path) -> Iterator[tuple[subprocess.Popen, dict[str, str], list[str]]]:
    """The window, its choice, and the lines it prints (read by a thread as they come)."""
    with open(log, "wb") as errors:
        child = subprocess.Popen([sys.executable, "-c", CHILD],
                                 env={**env, **FCITX_SESSION, "QT_QPA_PLATFORM": "xcb",
                                      "QT_LOGGING_RULES": "qt.qpa.input.methods*=true"},
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(line.strip() for line in child.stdout), daemon=True)
    reader.start()
    try:
        _wait_for(lambda: lines, child, "the window's choice of input method")
        changes = json.loads(lines[0])
        out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "kx-im-probe"],
                             capture_output=True, text=True, env=env, timeout=TIMEOUT)
        # No window manager on the test's X server: give the window the keyboard focus as a desktop would.
        subprocess.run(["xdotool", "windowfocus", "--sync", out.stdout.split()[0]], env=env, timeout=60, check=True)
        yield child, changes, lines
    finally:
        _stop(child)
        reader.join(timeout=30)
        child.stdout.close()


def _input_contexts(env: dict[str, str]) -> str:
    """fcitx5's own account of its input contexts (what fcitx5-diagnose asks for)."""
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.fcitx.Fcitx5", "--object-path", "/controller",
                          "--method", "org.fcitx.Fcitx.Controller1.DebugInfo"],
                         capture_output=True, text=True, env=env, timeout=60)
    return out.stdout.encode().decode("unicode_escape")


def _loaded_plugins(pid: int) -> set[str]:
    return {Path(line.split()[-1]).name for line in Path(f"/proc/{pid}/maps").read_text().splitlines()
            if "platforminputcontexts" in line}


def test_fcitx5_serves_the_window_through_qt_s_ibus_plugin(session, tmp_path):
    _need("fcitx5", packages="fcitx5 (its ibus frontend is in fcitx5-modules)")
    with _daemon(["fcitx5"], session, "org.freedesktop.portal.IBus", tmp_path / "fcitx5.log"), \
            _child(session, tmp_path / "window.log") as (child, changes, lines):
        assert changes == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
        assert "libibusplatforminputcontextplugin.so" in _loaded_plugins(child.pid)
        # fcitx5 lists each input context with its frontend, program and focus.
        pattern = re.compile(r"IC \[[0-9a-f]+\] program:(\S*) frontend:ibus cap:[0-9a-f]+ focus:1")
        contexts = _wait_for(lambda: pattern.findall(_input_contexts(session)), child,
                             "an input context of fcitx5's ibus frontend with the focus")
        assert contexts
        # A key typed on the X server: Qt hands it to fcitx5 (ProcessKeyEvent), which passes it back.
        subprocess.run(["xdotool", "type", "--delay", "50", "kx"], env=session, timeout=60, check=True)
        assert _wait_for(lambda: "text:kx" in lines, child, "the typed text")
    log = (tmp_path / "window.log").read_text(errors="replace")
    assert "bus connected" in log or "use IBus portal" in log, log[-3000:]


def test_fcitx4_gets_compose_and_no_ibus_attempt(session, tmp_path):
    _need("fcitx", packages="fcitx-bin fcitx-data fcitx-modules fcitx-module-dbus fcitx-module-x11 fcitx-ui-classic")
    if shutil.which("ibus-daemon"):
        pytest.skip("ibus is installed here: the ibus route is then kept on fcitx 4 (tests/gui/test_input_method.py)")
    with _daemon(["fcitx", "-D"], session, "org.fcitx.Fcitx", tmp_path / "fcitx.log"), \
            _child(session, tmp_path / "window.log") as (child, changes, _lines):
        assert not _owner(session, "org.freedesktop.portal.IBus")  # fcitx 4 serves no ibus protocol
        assert changes == {"QT_IM_MODULE": "compose"}
        plugins = _wait_for(lambda: _loaded_plugins(child.pid), child, "Qt to load an input-context plugin")
        assert plugins == {"libcomposeplatforminputcontextplugin.so"}


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


def test_fcitx5_with_a_pinyin_engine_types_chinese_into_the_window(session, tmp_path):
    """拼音 typed on the keyboard becomes 你好 in the line edit: fcitx5's Rime engine, through
    its ibus frontend and Qt's ibus plugin."""
    _need("fcitx5", "fcitx5-remote", packages="fcitx5 fcitx5-rime rime-data-pinyin-simp")
    if not any(Path(p, "pinyin_simp.schema.yaml").is_file() for p in ("/usr/share/rime-data", "/usr/share/rime")) \
            or not list(Path("/usr/lib").glob("*/fcitx5/rime.so")):
        pytest.skip("needs fcitx5's Rime engine and its 拼音 schema (Debian: fcitx5-rime rime-data-pinyin-simp)")
    home = Path(session["HOME"])
    (home / ".config/fcitx5").mkdir(parents=True)
    (home / ".config/fcitx5/profile").write_text(FCITX5_PROFILE, encoding="utf-8")
    rime = home / ".local/share/fcitx5/rime"
    rime.mkdir(parents=True)
    (rime / "default.custom.yaml").write_text(RIME_SCHEMAS, encoding="utf-8")
    with _daemon(["fcitx5"], session, "org.freedesktop.portal.IBus", tmp_path / "fcitx5.log") as daemon:
        # Rime compiles its schema on first start (a few seconds) and notes when it has.
        _wait_for(lambda: (rime / "user.yaml").is_file() and "last_build_time" in (rime / "user.yaml").read_text(),
                  daemon, "Rime's first deployment")
        with _child(session, tmp_path / "window.log") as (child, changes, lines):
            assert changes == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
            pattern = re.compile(r"frontend:ibus cap:[0-9a-f]+ focus:1")
            _wait_for(lambda: pattern.search(_input_contexts(session)), child, "the window's input context")
            # Switch the focused input context to Rime, as the clerk's Ctrl+Space would.
            subprocess.run(["fcitx5-remote", "-o"], env=session, timeout=60, check=True)
            state = subprocess.run(["fcitx5-remote"], env=session, capture_output=True, text=True, timeout=60)
            assert state.stdout.strip() == "2", state  # 2: an input method is active
            subprocess.run(["xdotool", "type", "--delay", "50", "nihao"], env=session, timeout=60, check=True)
            subprocess.run(["xdotool", "key", "space"], env=session, timeout=60, check=True)
            assert _wait_for(lambda: "text:你好" in lines, child, "你好 in the line edit"), lines
        # Nothing of the pinyin reached the field as letters: it went through the engine.
        assert not [line for line in lines if line.startswith("text:") and "n" in line], lines
