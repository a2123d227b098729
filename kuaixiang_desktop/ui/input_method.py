"""Which Qt input-method plugin the window uses, chosen before the QApplication exists.

The PySide6 wheels (and so the frozen build) carry only the ``ibus`` and ``compose``
input-context plugins. The clerks' Linux desktops type Chinese through fcitx5 (统信UOS, newer
麒麟), ibus, or fcitx 4 (older 麒麟 V10), and their sessions set ``QT_IM_MODULE=fcitx``: with no
fcitx plugin beside our Qt, Qt would quietly fall back to ``compose`` and no Chinese could be
typed. fcitx5 serves the ibus protocol too (its ibus frontend, on by default), so an IM
variable that names a plugin we do not have, or none set while the session's other toolkits
name fcitx or ibus, becomes ``QT_IM_MODULE=ibus``. A plugin we do have is left alone, and so
is a session that names no input method at all.

Which ibus route, from the names the session bus holds (docs/delivery.md, "Chinese input"):

- ``org.freedesktop.portal.IBus`` is owned (fcitx5's ibus frontend, or ibus's portal): also
  ``IBUS_USE_PORTAL=1``. Qt's plugin otherwise reads ibus's address file and, before even
  trying, gives up unless an ``ibus-daemon`` executable is on PATH, which a fcitx5 desktop
  (统信UOS) does not have: seen against a real fcitx5 5.0.21.
- only a fcitx daemon that serves no ibus protocol (fcitx 4, or fcitx5 with its ibus frontend
  off) and no ibus installed: ``compose`` and a warning that says what to install; no plugin
  we can ship reaches fcitx 4 (docs/delivery.md says why).
- no session bus to ask, or none of these names yet (an ibus desktop starts its portal on
  demand): plain ``ibus``, as Qt's plugin reaches a running ibus-daemon by its address file.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from pathlib import Path

from PySide6.QtCore import QLibraryInfo

log = logging.getLogger(__name__)

IBUS = "ibus"
COMPOSE = "compose"
# Input-method frameworks whose daemon may answer on the ibus protocol.
SERVED_BY_IBUS = ("ibus", "fcitx", "fcitx5")
_PLUGIN_PREFIX = "lib"
_PLUGIN_SUFFIX = "platforminputcontextplugin"

# Session-bus names of the daemons (what fcitx5 5.0, fcitx 4.2 and ibus 1.5 own).
IBUS_PORTAL = "org.freedesktop.portal.IBus"
FCITX5 = "org.fcitx.Fcitx5"
FCITX4 = "org.fcitx.Fcitx"  # fcitx 4 also owns org.fcitx.Fcitx-<display>
USE_PORTAL = "IBUS_USE_PORTAL"


def available_plugins(plugin_dir: Path | None = None) -> set[str]:
    """The input-context plugins beside this Qt: {'ibus', 'compose', …}."""
    folder = Path(plugin_dir or QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforminputcontexts"
    found = set()
    if folder.is_dir():
        for path in folder.iterdir():
            stem = path.name.split(".", 1)[0]
            stem = stem[len(_PLUGIN_PREFIX):] if stem.startswith(_PLUGIN_PREFIX) else stem
            if stem.endswith(_PLUGIN_SUFFIX):
                found.add(stem[: -len(_PLUGIN_SUFFIX)])
    return found


def _session_framework(env: Mapping[str, str]) -> str | None:
    """The framework the session runs, as the other toolkits are told it."""
    modifiers = env.get("XMODIFIERS", "")
    if "@im=" in modifiers:
        name = modifiers.split("@im=", 1)[1].split("@", 1)[0].strip().lower()
        if name:
            return name
    for variable in ("GTK_IM_MODULE", "SDL_IM_MODULE"):
        name = env.get(variable, "").strip().lower()
        if name:
            return name
    return None


def _wants_ibus(env: Mapping[str, str], have: set[str]) -> tuple[str, list[str]] | None:
    """The variable to point at ibus and the names it held before, or None to leave Qt be."""
    modules = env.get("QT_IM_MODULES", "").strip()  # Qt 6.8+: a ';'-separated list, first usable wins
    if modules:
        names = [m.strip().lower() for m in modules.split(";") if m.strip()]
        if any(n in have for n in names) or not any(n in SERVED_BY_IBUS for n in names):
            return None
        return "QT_IM_MODULES", names
    current = env.get("QT_IM_MODULE", "").strip().lower()
    if current:
        return ("QT_IM_MODULE", []) if current not in have and current in SERVED_BY_IBUS else None
    return ("QT_IM_MODULE", []) if _session_framework(env) in SERVED_BY_IBUS else None


def choose(env: Mapping[str, str], available: Iterable[str], services: Iterable[str] | None = None,
           ibus_installed: bool = False) -> dict[str, str]:
    """The variables to set (empty: leave the environment as it is).

    ``services``: the input-method names owned on the session bus (:func:`session_services`),
    None when there is no bus to ask; ``ibus_installed``: an ``ibus-daemon`` is on PATH."""
    have = set(available)
    if IBUS not in have:
        return {}
    wanted = _wants_ibus(env, have)
    if wanted is None:
        return {}
    variable, names = wanted

    def pick(first: str) -> dict[str, str]:
        value = ";".join([first, *names]) if variable == "QT_IM_MODULES" and first == IBUS else first
        return {variable: value}

    if services is None:
        return pick(IBUS)
    owned = set(services)
    if IBUS_PORTAL in owned:
        return {**pick(IBUS), **({} if USE_PORTAL in env else {USE_PORTAL: "1"})}
    if owned & {FCITX4, FCITX5} and not ibus_installed and COMPOSE in have:
        return pick(COMPOSE)
    return pick(IBUS)


def session_services(env: Mapping[str, str]) -> set[str] | None:
    """Which of the input-method daemons' names the session bus holds; None without a session
    bus (asking would make libdbus launch one). A few milliseconds; before the QApplication."""
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if not env.get("DBUS_SESSION_BUS_ADDRESS") and not (runtime and Path(runtime, "bus").exists()):
        return None
    from PySide6.QtDBus import QDBusConnection

    name = "kuaixiang-input-method-probe"
    bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
    try:
        if not bus.isConnected():
            return None
        interface = bus.interface()
        owned = set()
        for service in (IBUS_PORTAL, FCITX5, FCITX4):
            reply = interface.isServiceRegistered(service)
            if reply.isValid() and reply.value():
                owned.add(service)
        return owned
    finally:
        QDBusConnection.disconnectFromBus(name)


def select(env: MutableMapping[str, str] | None = None, plugin_dir: Path | None = None,
           probe: Callable[[Mapping[str, str]], set[str] | None] = session_services) -> dict[str, str]:
    """Apply :func:`choose` to ``env`` (the process environment) before Qt reads it; what was
    set, for :func:`log_choice` once logging is up. The session bus is asked (``probe``) only
    when the session's variables would have Qt switched to ibus, so that a desktop with no
    input method, or one Qt already serves, pays nothing at start."""
    env = os.environ if env is None else env
    have = available_plugins(plugin_dir)
    services, ibus_installed = None, False
    if IBUS in have and _wants_ibus(env, have) is not None:
        services = probe(env)
        ibus_installed = shutil.which("ibus-daemon", path=env.get("PATH", os.defpath)) is not None
    changes = choose(env, have, services, ibus_installed)
    env.update(changes)
    return changes


def log_choice(changes: Mapping[str, str]) -> None:
    for name, value in changes.items():
        if value == COMPOSE:
            log.warning("input method: %s=%s: the session's fcitx daemon serves no protocol this Qt's plugins "
                        "reach (fcitx 4, or fcitx5 with its ibus frontend off), so no Chinese input here; install "
                        "fcitx5 (ibus frontend on) or ibus (docs/delivery.md)", name, value)
        else:
            log.info("input method: %s=%s (fcitx5 and ibus both serve Qt's ibus plugin)", name, value)
