"""Chinese input against the real daemons, not stand-ins: a private D-Bus session bus, an Xvfb
and the distribution's fcitx5 (with its ibus frontend, as 统信UOS runs it) or fcitx 4 (older
麒麟 V10); then a QApplication that chose its plugin with ``input_method.select()`` from a
session's variables (``QT_IM_MODULE=fcitx``, ``XMODIFIERS=@im=fcitx``).

- fcitx5: the choice is the ibus plugin through fcitx5's portal, the plugin is loaded, fcitx5
  lists an input context of its ``ibus`` frontend for our process that has the focus, and a key
  typed on the X server goes through fcitx5 into the line edit; with Rime, 拼音 becomes 你好.
- fcitx 4: it owns no ibus name, so the choice is ``compose`` (and the window warns), and Qt
  loads compose, not ibus.

Each test skips, naming the Debian packages, when its daemon is not installed (Debian's fcitx5
and fcitx 4 conflict: one machine has one). Selection logic without daemons:
tests/gui/test_input_method.py. The same for the installed .deb: tests/test_frozen_package.py.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import im_daemons as im
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


@pytest.fixture
def session() -> Iterator[dict[str, str]]:
    with im.private_session() as env:
        yield {**env, "PYTHONPATH": str(ROOT)}


@contextlib.contextmanager
def _child(env: dict[str, str], log: Path) -> Iterator[tuple[subprocess.Popen, dict[str, str], list[str]]]:
    """The window, its choice, and the lines it prints (read by a thread as they come)."""
    with open(log, "wb") as errors:
        child = subprocess.Popen([sys.executable, "-c", CHILD],
                                 env={**env, **im.FCITX_SESSION, "QT_QPA_PLATFORM": "xcb",
                                      "QT_LOGGING_RULES": "qt.qpa.input.methods*=true"},
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(line.strip() for line in child.stdout), daemon=True)
    reader.start()
    try:
        im.wait_for(lambda: lines, child, "the window's choice of input method")
        changes = json.loads(lines[0])
        out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", "kx-im-probe"],
                             capture_output=True, text=True, env=env, timeout=im.TIMEOUT)
        # No window manager on the test's X server: give the window the keyboard focus as a desktop would.
        subprocess.run(["xdotool", "windowfocus", "--sync", out.stdout.split()[0]], env=env, timeout=60, check=True)
        yield child, changes, lines
    finally:
        im.stop(child)
        reader.join(timeout=30)
        child.stdout.close()


def test_fcitx5_serves_the_window_through_qt_s_ibus_plugin(session, tmp_path):
    im.need("fcitx5", packages="fcitx5 (its ibus frontend is in fcitx5-modules)")
    with im.daemon(["fcitx5"], session, im.IBUS_PORTAL, tmp_path / "fcitx5.log"), \
            _child(session, tmp_path / "window.log") as (child, changes, lines):
        assert changes == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
        assert "libibusplatforminputcontextplugin.so" in im.loaded_plugins(child.pid)
        # fcitx5 lists each input context with its frontend and focus; ours is the only client.
        im.wait_for(lambda: im.FOCUSED_IBUS_CONTEXT.findall(im.input_contexts(session)), child,
                    "an input context of fcitx5's ibus frontend with the focus")
        # A key typed on the X server: Qt hands it to fcitx5 (ProcessKeyEvent), which passes it back.
        im.type_keys(session, "kx")
        assert im.wait_for(lambda: "text:kx" in lines, child, "the typed text")
    log = (tmp_path / "window.log").read_text(errors="replace")
    assert "use IBus portal" in log, log[-3000:]


def test_fcitx5_with_a_pinyin_engine_types_chinese_into_the_window(session, tmp_path):
    """拼音 typed on the keyboard becomes 你好 in the line edit: fcitx5's Rime engine, through
    its ibus frontend and Qt's ibus plugin."""
    im.need_rime()
    rime = im.prepare_rime(Path(session["HOME"]))
    with im.daemon(["fcitx5"], session, im.IBUS_PORTAL, tmp_path / "fcitx5.log") as daemon:
        im.wait_for(lambda: im.rime_deployed(rime), daemon, "Rime's first deployment")
        with _child(session, tmp_path / "window.log") as (child, changes, lines):
            assert changes == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}
            im.wait_for(lambda: im.FOCUSED_IBUS_CONTEXT.search(im.input_contexts(session)), child,
                        "the window's input context")
            im.activate_input_method(session)
            im.type_keys(session, "nihao", "space")
            assert im.wait_for(lambda: "text:你好" in lines, child, "你好 in the line edit"), lines
    # None of the pinyin reached the field as letters: it went through the engine (as preedit).
    assert not [line for line in lines if line.startswith("text:") and "n" in line], lines


def test_fcitx4_gets_compose_and_no_ibus_attempt(session, tmp_path):
    im.need("fcitx", packages="fcitx-bin fcitx-data fcitx-modules fcitx-module-dbus fcitx-module-x11 fcitx-ui-classic")
    if shutil.which("ibus-daemon"):
        pytest.skip("ibus is installed here: the ibus route is then kept on fcitx 4 (tests/gui/test_input_method.py)")
    with im.daemon(["fcitx", "-D"], session, im.FCITX4, tmp_path / "fcitx.log"), \
            _child(session, tmp_path / "window.log") as (child, changes, _lines):
        assert not im.owner(session, im.IBUS_PORTAL)  # fcitx 4 serves no ibus protocol
        assert changes == {"QT_IM_MODULE": "compose"}
        plugins = im.wait_for(lambda: im.loaded_plugins(child.pid), child, "Qt to load an input-context plugin")
        assert plugins == {"libcomposeplatforminputcontextplugin.so"}
