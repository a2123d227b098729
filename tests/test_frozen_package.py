"""The frozen client as a clerk's machine gets it: the one build command makes the .deb; the
package is unpacked into a scratch root (a folder with a Chinese name, as C:\\Users\\张三 has);
the installed binaries run with no Python on PATH and no venv (``env -i``), file and print a
receipt, show the window under Xvfb (a screenshot), load nothing from the build's Python,
write nothing into the install folder, and type through ibus.

Opt-in, it takes minutes (docs/delivery.md has the figures):

    KUAIXIANG_TEST_FROZEN=1 .venv/bin/python -m pytest -m frozen tests/test_frozen_package.py

``KUAIXIANG_FROZEN_DEB=dist/….deb`` tests an existing package instead of building one;
``KUAIXIANG_FROZEN_SHOTS=DIR`` keeps the screenshots and the receipt's PNG there.
As root with ``KUAIXIANG_TEST_DPKG=1`` it also installs and removes the package with dpkg.
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
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "tools" / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle  # noqa: E402
import im_daemons as im  # noqa: E402

pytestmark = [
    pytest.mark.frozen,
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("KUAIXIANG_TEST_FROZEN") != "1",
                       reason="builds the frozen client (minutes): KUAIXIANG_TEST_FROZEN=1"),
]

CODE, ITEM = "91371502MA0RE9BH1U", "lc-canji-chaobili-2024"
MATERIALS = ("超比例安排残疾人就业奖励申请表", "营业执照复印件", "残疾职工残疾人证复印件", "劳动合同", "社保缴费明细")
# Paths of the Python that runs the tests: the frozen app must map none of them.
BUILD_PYTHON = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)} | {ROOT}


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


@pytest.fixture(scope="module")
def deb_file(tmp_path_factory) -> Path:
    given = os.environ.get("KUAIXIANG_FROZEN_DEB")
    if given:
        return Path(given).resolve()
    _need("dpkg-deb")
    out = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--out", str(out), "--work", str(out / "work")],
                   check=True, timeout=3600)
    print(f"build.py: {time.monotonic() - started:.0f} s")
    (deb,) = out.glob("*.deb")
    return deb


@pytest.fixture(scope="module")
def app_dir(deb_file, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scratch") / "装机 根目录"
    subprocess.run(["dpkg-deb", "-x", str(deb_file), str(root)], check=True, timeout=600)
    return root / "opt" / "apps" / bundle.APP_ID


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "张三 的家"
    folder.mkdir()
    return folder


@pytest.fixture
def short_home() -> Iterator[Path]:
    """A home with a short path: ibus listens on a socket under ~/.cache, and libdbus (Qt's
    ibus plugin) refuses socket paths over 99 bytes, which pytest's tmp_path can exceed."""
    folder = Path(tempfile.mkdtemp(prefix="kx", dir="/tmp"))
    try:
        (folder / "张三").mkdir()
        yield folder / "张三"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _env(home: Path, **extra: str) -> dict[str, str]:
    """What ``env -i PATH=/usr/bin:/bin HOME=…`` leaves: no Python, no venv, no PYTHONPATH."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "KUAIXIANG_INSECURE_KEYRING": "1", **extra}


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in folder.rglob("*")}


def _cli(app_dir: Path, home: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(app_dir / "files" / bundle.CLI_EXE), *args], capture_output=True, text=True,
                          env=_env(home), cwd=home, timeout=timeout)


def _keep(path: Path) -> None:
    keep = os.environ.get("KUAIXIANG_FROZEN_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


def test_the_package_has_the_store_layout(deb_file, app_dir):
    info = json.loads((app_dir / "info").read_text(encoding="utf-8"))
    assert info["appid"] == bundle.APP_ID and info["version"].startswith(bundle.version() + ".")
    assert (app_dir / "entries" / "applications" / f"{bundle.APP_ID}.desktop").is_file()
    assert (app_dir / "entries" / "icons" / "hicolor" / "scalable" / "apps" / f"{bundle.APP_ID}.svg").is_file()
    files = app_dir / "files"
    assert (files / "VERSION").read_text().strip() == bundle.version()
    for exe in (bundle.GUI_EXE, bundle.CLI_EXE):
        assert os.access(files / exe, os.X_OK)
    internal = files / "_internal"
    assert (internal / bundle.FONT_DIR / bundle.DEFAULT_FONT.name).is_file()
    assert (internal / bundle.FONT_DIR / "licence" / "copyright").is_file()
    assert (internal / "kuaixiang_desktop/_shipped/db/env.py").is_file()
    assert (internal / "kuaixiang_core/_shipped/resources/i18n/kuaixiang_en.qm").is_file()
    assert (internal / "kuaixiang_server/migrations/env.py").is_file()
    contexts = {p.name for p in (internal / "PySide6/Qt/plugins/platforminputcontexts").iterdir()}
    assert {f"lib{name}.so" for name in bundle.QT_INPUT_PLUGINS} <= contexts
    # Nothing outside /opt/apps/<app-id>/, no maintainer scripts (the store refuses both).
    listing = subprocess.run(["dpkg-deb", "-c", str(deb_file)], capture_output=True, text=True, check=True).stdout
    paths = [line.split()[5] for line in listing.splitlines()]
    assert all(p.startswith(("./opt/apps/", "./opt/")) or p in ("./", "./opt/") for p in paths), paths[:5]
    control = subprocess.run(["dpkg-deb", "-I", str(deb_file)], capture_output=True, text=True, check=True).stdout
    assert "postinst" not in control and "prerm" not in control
    assert f"Package: {bundle.APP_ID}" in control


def test_every_library_resolves_inside_the_folder_or_the_system(app_dir):
    internal = app_dir / "files" / "_internal"
    elves = [p for p in (app_dir / "files").rglob("*") if p.is_file() and p.read_bytes()[:4] == b"\x7fELF"]
    bad = []
    for path in elves:
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                             env={"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": str(internal)}).stdout
        for line in out.splitlines():
            if "not found" in line or any(str(p) in line for p in BUILD_PYTHON):
                bad.append(f"{path.relative_to(app_dir)}: {line.strip()}")
    # Plugins of Qt modules we leave out (Wayland compositors' extras, Qt Quick) may miss theirs.
    bad = [b for b in bad if "wayland" not in b and "Quick" not in b and "Qml" not in b]
    assert not bad, "\n".join(bad[:20])


def test_the_package_depends_on_the_glibc_its_binaries_need(deb_file, app_dir):
    """The Depends line build.py writes (deb.glibc_needed scans the bytes) agrees with what
    objdump reads from the dynamic symbol tables: the newest GLIBC_ version any bundled ELF
    file needs (docs/delivery.md has the figures: 2.36 when built on Debian 12)."""
    _need("objdump")
    newest = (2, 0)
    for path in (app_dir / "files").rglob("*"):
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
            symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
            for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", symbols):
                newest = max(newest, (int(major), int(minor)))
    control = subprocess.run(["dpkg-deb", "-f", str(deb_file), "Depends"], capture_output=True, text=True,
                             check=True).stdout
    print(f"needs glibc {newest[0]}.{newest[1]}; Depends: {control.strip()}")
    assert f"libc6 (>= {newest[0]}.{newest[1]})" in control


def test_the_command_files_and_prints_a_receipt(app_dir, home, tmp_path):
    before = _snapshot(app_dir)
    version = _cli(app_dir, home, "--version")
    assert version.returncode == 0 and version.stdout.strip() == f"kuaixiang {bundle.version()}"
    demo = _cli(app_dir, home, "--demo", "demo")
    assert demo.returncode == 0, demo.stderr
    args = ["--demo", "apply", CODE, ITEM, "--agent-name", "张三", "--agent-id", "11010519491231002X",
            "--agent-phone", "13812345678", "--json"]
    for material in MATERIALS:
        args += ["--material", material]
    applied = _cli(app_dir, home, *args)
    assert applied.returncode == 0, applied.stderr
    receipt_no = json.loads(applied.stdout)["receipt_no"]
    pdf = home / "回执.pdf"
    printed = _cli(app_dir, home, "--demo", "receipt", receipt_no, "--format", "80mm", "--out", str(pdf))
    assert printed.returncode == 0, printed.stderr
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("WenQuanYi" in f for f in fonts), fonts  # the shipped font, embedded
    assert receipt_no in "".join(page.extract_text() for page in reader.pages)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), str(tmp_path / "receipt")],
                       check=True, timeout=120)
        _keep(tmp_path / "receipt.png")
    assert _cli(app_dir, home, "--demo", "audit", "verify").returncode == 0
    assert _snapshot(app_dir) == before  # nothing written into the install folder


@pytest.fixture
def display() -> Iterator[str]:
    _need("Xvfb", "xdotool")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=60)


def _window(display: str, title: str, timeout: float = 300) -> str:
    """The id of the first visible window whose name holds ``title`` (xdotool waits for it)."""
    out = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", title], capture_output=True,
                         text=True, env={"DISPLAY": display, "PATH": "/usr/bin:/bin"}, timeout=timeout)
    return out.stdout.split()[0]


def _screenshot(display: str, path: Path) -> None:
    if shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(path)], env={"DISPLAY": display, "PATH": "/usr/bin:/bin"},
                       check=True, timeout=120)
    else:
        subprocess.run(["xwd", "-root", "-silent", "-out", str(path.with_suffix(".xwd"))],
                       env={"DISPLAY": display}, check=True, timeout=120)
        path = path.with_suffix(".xwd")
    assert path.stat().st_size > 10_000
    _keep(path)


def _mapped_files(pid: int) -> set[Path]:
    files = set()
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            files.add(Path(parts[5].replace(" (deleted)", "")))
    return files


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_window_starts_without_python_and_shows_the_log_in(app_dir, home, display, tmp_path):
    before = _snapshot(app_dir)
    log = open(tmp_path / "window.log", "wb")  # noqa: SIM115 - closed below
    window = subprocess.Popen([str(app_dir / "files" / bundle.GUI_EXE)], env=_env(home, DISPLAY=display), cwd=home,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        _window(display, "登录")  # no server is reachable: the log-in asks, offline allowed
        _screenshot(display, tmp_path / "frozen-login.png")
        mapped = _mapped_files(window.pid)
        internal = (app_dir / "files" / "_internal").resolve()
        assert any(internal in p.parents for p in mapped if p.name.startswith("libQt6Gui"))
        assert any(p.name.startswith("libpython3") and internal in p.parents for p in mapped)
        from_build = [p for p in mapped if any(b == p or b in p.parents for b in BUILD_PYTHON)]
        assert not from_build, from_build
    finally:
        _stop(window)
        log.close()
    assert _snapshot(app_dir) == before, "the app wrote into its install folder"


@contextlib.contextmanager
def _ibus(display: str, home: Path) -> Iterator[tuple[subprocess.Popen, dict[str, str]]]:
    _need("ibus-daemon", "ibus", "gdbus", "dbus-run-session")
    env = _env(home, DISPLAY=display)
    # Its own session bus, which ends with it (and takes the portals the daemon starts along).
    daemon = subprocess.Popen(["dbus-run-session", "--", "ibus-daemon", "--replace", "--panel=disable"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    address = ""
    while time.monotonic() < deadline and not address:
        address = subprocess.run(["ibus", "address"], capture_output=True, text=True, env=env).stdout.strip()
        if address in ("", "(null)"):
            address = ""
            try:
                daemon.wait(timeout=0.5)  # not sleeping blind: notices a daemon that died
                pytest.fail("ibus-daemon exited")
            except subprocess.TimeoutExpired:
                pass
    assert address, "ibus-daemon did not write its address"
    try:
        yield daemon, {**env, "IBUS_ADDRESS_FOR_TEST": address}
    finally:
        subprocess.run(["ibus", "exit"], env=env, capture_output=True, timeout=60)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            _stop(daemon)


def _current_input_context(address: str) -> str:
    out = subprocess.run(
        ["gdbus", "call", "--address", address, "--dest", "org.freedesktop.IBus", "--object-path",
         "/org/freedesktop/IBus", "--method", "org.freedesktop.DBus.Properties.Get", "org.freedesktop.IBus",
         "CurrentInputContext"], capture_output=True, text=True, timeout=60)
    return out.stdout + out.stderr


def test_a_fcitx_session_types_through_the_ibus_plugin(app_dir, short_home, display, tmp_path):
    """A 统信UOS-style fcitx5 session (QT_IM_MODULE=fcitx): the app switches to Qt's ibus plugin,
    which opens an input context on the running daemon when the log-in's user field has focus."""
    with _ibus(display, short_home) as (_daemon, env):
        address = env.pop("IBUS_ADDRESS_FOR_TEST")
        # ibus's own stand-in context (focused when no application's is), or none
        before = _current_input_context(address)
        log = open(tmp_path / "window.log", "wb")  # noqa: SIM115 - closed below
        window = subprocess.Popen(
            [str(app_dir / "files" / bundle.GUI_EXE)],
            env={**env, "QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx",
                 "QT_LOGGING_RULES": "qt.qpa.input.methods*=true"},
            cwd=short_home, stdout=log, stderr=subprocess.STDOUT)
        try:
            window_id = _window(display, "登录")
            # The test's X server runs no window manager: give the log-in the keyboard focus
            # directly, as a desktop would on showing it.
            subprocess.run(["xdotool", "windowfocus", "--sync", window_id], env={"DISPLAY": display},
                           timeout=60, check=False)
            deadline = time.monotonic() + 120
            context = ""
            while time.monotonic() < deadline and ("InputContext_" not in context or context == before):
                context = _current_input_context(address)
                try:
                    window.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    pass
            mapped = _mapped_files(window.pid) if window.poll() is None else set()
            _screenshot(display, tmp_path / "frozen-ibus.png")
        finally:
            _stop(window)
            log.close()
        text = (tmp_path / "window.log").read_text(errors="replace")
        assert any(p.name == "libibusplatforminputcontextplugin.so" for p in mapped), text[-3000:]
        assert "InputContext_" in context and context != before, before + context + text[-3000:]
        app_log = (short_home / ".local/share/kuaixiang/logs/kuaixiang-desktop.log").read_text(encoding="utf-8")
        assert "QT_IM_MODULE=ibus" in app_log


def test_a_fcitx5_desktop_types_chinese_into_the_installed_window(app_dir, tmp_path):
    """A 统信UOS-style desktop for real: fcitx5 with its ibus frontend and the Rime engine on a
    session bus and X server of the test's own, no ibus installed. The installed window takes
    fcitx5's ibus portal, fcitx5 lists its focused input context, and 拼音 typed on the
    keyboard becomes 你好 in the log-in's user field."""
    im.need_rime()
    with im.private_session() as session:
        home = Path(session["HOME"])
        rime = im.prepare_rime(home)
        with im.daemon(["fcitx5"], {**session, "PATH": "/usr/bin:/bin"}, im.IBUS_PORTAL,
                       tmp_path / "fcitx5.log") as daemon:
            im.wait_for(lambda: im.rime_deployed(rime), daemon, "Rime's first deployment")
            log = open(tmp_path / "window.log", "wb")  # noqa: SIM115 - closed below
            window = subprocess.Popen(
                [str(app_dir / "files" / bundle.GUI_EXE)],
                env=_env(home, DISPLAY=session["DISPLAY"], DBUS_SESSION_BUS_ADDRESS=session["DBUS_SESSION_BUS_ADDRESS"],
                         **im.FCITX_SESSION, QT_LOGGING_RULES="qt.qpa.input.methods*=true"),
                cwd=home, stdout=log, stderr=subprocess.STDOUT)
            try:
                window_id = _window(session["DISPLAY"], "登录")
                subprocess.run(["xdotool", "windowfocus", "--sync", window_id], env=session, timeout=60, check=True)
                im.wait_for(lambda: im.FOCUSED_IBUS_CONTEXT.search(im.input_contexts(session)), window,
                            "the window's input context on fcitx5")
                internal = (app_dir / "files" / "_internal").resolve()
                plugins = [p for p in _mapped_files(window.pid) if p.name == "libibusplatforminputcontextplugin.so"]
                assert plugins and all(internal in p.parents for p in plugins), plugins
                im.activate_input_method(session)
                im.type_keys(session, "nihao", "space", "ctrl+a")  # select-all sets the X selection
                typed = im.wait_for(lambda: im.read_selection(session) == "你好", window, "你好 in the user field")
                _screenshot(session["DISPLAY"], tmp_path / "frozen-fcitx5.png")
            finally:
                _stop(window)
                log.close()
        assert typed
        app_log = (home / ".local/share/kuaixiang/logs/kuaixiang-desktop.log").read_text(encoding="utf-8")
        assert "QT_IM_MODULE=ibus" in app_log and "IBUS_USE_PORTAL=1" in app_log, app_log[-2000:]


@pytest.mark.skipif(os.environ.get("KUAIXIANG_TEST_DPKG") != "1" or os.geteuid() != 0,
                    reason="installs into this machine: root and KUAIXIANG_TEST_DPKG=1")
def test_dpkg_installs_and_removes_it_without_a_trace(deb_file):
    target = Path("/opt/apps") / bundle.APP_ID
    assert not target.exists(), "already installed here"
    subprocess.run(["dpkg", "-i", str(deb_file)], check=True, capture_output=True, timeout=900)
    try:
        status = subprocess.run(["dpkg", "-s", bundle.APP_ID], capture_output=True, text=True).stdout
        assert "Status: install ok installed" in status
        assert (target / "files" / bundle.GUI_EXE).is_file()
    finally:
        subprocess.run(["dpkg", "-r", bundle.APP_ID], check=True, capture_output=True, timeout=900)
    assert not target.exists()
    assert subprocess.run(["dpkg", "-s", bundle.APP_ID], capture_output=True).returncode != 0
