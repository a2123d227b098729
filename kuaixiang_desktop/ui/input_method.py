"""Which Qt input-method plugin the window uses, chosen before the QApplication exists.

The PySide6 wheels (and so the frozen build) carry only the ``ibus`` and ``compose``
input-context plugins. The clerks' Linux desktops type Chinese through fcitx5 (统信UOS, newer
麒麟) or ibus, and their sessions set ``QT_IM_MODULE=fcitx``: with no fcitx plugin beside our Qt,
Qt would quietly fall back to ``compose`` and no Chinese could be typed. fcitx5 serves the
ibus protocol too (its ibus frontend, on by default), so ``ibus`` reaches either daemon: an
IM variable that names a plugin we do not have, or none set while the session's other
toolkits name fcitx or ibus, becomes ``QT_IM_MODULE=ibus``. A plugin we do have is left alone,
and so is a session that names no input method at all.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping, MutableMapping
from pathlib import Path

from PySide6.QtCore import QLibraryInfo

log = logging.getLogger(__name__)

IBUS = "ibus"
# Input-method frameworks whose daemon answers on the ibus protocol.
SERVED_BY_IBUS = ("ibus", "fcitx", "fcitx5")
_PLUGIN_PREFIX = "lib"
_PLUGIN_SUFFIX = "platforminputcontextplugin"


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


def choose(env: Mapping[str, str], available: Iterable[str]) -> dict[str, str]:
    """The variables to set (empty: leave the environment as it is)."""
    have = set(available)
    if IBUS not in have:
        return {}
    modules = env.get("QT_IM_MODULES", "").strip()  # Qt 6.8+: a ';'-separated list, first usable wins
    if modules:
        names = [m.strip().lower() for m in modules.split(";") if m.strip()]
        if any(n in have for n in names) or not any(n in SERVED_BY_IBUS for n in names):
            return {}
        return {"QT_IM_MODULES": ";".join([IBUS, *names])}
    current = env.get("QT_IM_MODULE", "").strip().lower()
    if current:
        return {"QT_IM_MODULE": IBUS} if current not in have and current in SERVED_BY_IBUS else {}
    framework = _session_framework(env)
    return {"QT_IM_MODULE": IBUS} if framework in SERVED_BY_IBUS else {}


def select(env: MutableMapping[str, str] | None = None, plugin_dir: Path | None = None) -> dict[str, str]:
    """Apply :func:`choose` to ``env`` (the process environment) before Qt reads it; what was
    set, for :func:`log_choice` once logging is up."""
    env = os.environ if env is None else env
    changes = choose(env, available_plugins(plugin_dir))
    env.update(changes)
    return changes


def log_choice(changes: Mapping[str, str]) -> None:
    for name, value in changes.items():
        log.info("input method: %s=%s (fcitx5 and ibus both serve Qt's ibus plugin)", name, value)
