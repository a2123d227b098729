"""What the frozen client carries, for every platform: one list that the PyInstaller spec
(Linux and Windows alike) reads and the default test suite checks.

Kept free of PyInstaller imports so that the suite can read it without PyInstaller installed:
:func:`datas` and :func:`hidden_imports` return plain (source, destination) pairs and module
names; the spec adds what PyInstaller's own hooks find.

The frozen folder (``dist/kuaixiang/``, and ``/opt/apps/<APP_ID>/files/`` once packaged):

    kuaixiang-desktop[.exe]      the window (on Windows: no console)
    kuaixiang[.exe]              the ``kuaixiang`` command (console)
    VERSION                      the client's version, one line (what the updater compares)
    _internal/                   Python, Qt and the libraries; our data files at the paths the
                                 code looks for them in a wheel (see DATA below)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The 统信/麒麟 app-store id (reverse domain, lower case) and the names shown to people.
APP_ID = "cn.gov.liaocheng.kuaixiang"
NAME = "政策快享"
NAME_EN = "Kuaixiang"
GUI_EXE = "kuaixiang-desktop"
CLI_EXE = "kuaixiang"
FOLDER = "kuaixiang"  # dist/FOLDER is the frozen folder

# Repository folder -> where it lands inside the bundle (relative to _internal/): the places
# kuaixiang_core.resources.shipped() and kuaixiang_server.db look, as in the wheel.
DATA = (
    ("resources", "kuaixiang_core/_shipped/resources"),
    ("db", "kuaixiang_desktop/_shipped/db"),
    ("kuaixiang_server/migrations", "kuaixiang_server/migrations"),
)
# Files the code opens by name at run time: each must exist in the source tree (tested).
REQUIRED_FILES = (
    "resources/i18n/kuaixiang_en.qm",
    "resources/catalogue/demo.yaml",
    "resources/reference/regions.json",
    "resources/reference/industries.json",
    "resources/reference/facts.json",
    "resources/style/app.qss",
    "resources/icons/app.svg",
    "db/env.py",
    "db/script.py.mako",
    "kuaixiang_server/migrations/env.py",
)

# The CJK font the receipts are set in and the window falls back to, shipped so that a
# machine without one still prints Chinese. WenQuanYi Zen Hei: GPL-2 with a font-embedding
# exception (PDFs that embed it are not covered by the GPL); redistributed unmodified with its
# licence beside it. Taken from Debian's fonts-wqy-zenhei on the build machine.
FONT_DIR = "kuaixiang_core/_shipped/resources/fonts"
DEFAULT_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT_LICENCE_FILES = (
    Path("/usr/share/doc/fonts-wqy-zenhei/copyright"),
    Path("/usr/share/common-licenses/GPL-2"),
)

# Our own packages go in whole: Alembic loads the migration scripts from files (not through
# imports PyInstaller can see), ``-m kuaixiang_desktop.ui.spool`` and the 一企一策 child are
# started by module name, and uvicorn finds its protocol modules by name.
OWN_PACKAGES = ("kuaixiang_core", "kuaixiang_desktop", "kuaixiang_server")
# Packages whose modules are found by name at run time, taken whole: ours, and reportlab's
# barcodes (its widgets exec "from reportlab.graphics.barcode.code128 import …" strings).
WHOLE_PACKAGES = (*OWN_PACKAGES, "reportlab.graphics.barcode")
HIDDEN_IMPORTS = (
    # What the migration scripts import (they are data files to PyInstaller).
    "alembic.op",
    "alembic.context",
    "alembic.runtime.migration",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "sqlalchemy.dialects.sqlite",
    # Modules run as children by name (print spooling, the 一企一策清单).
    "kuaixiang_desktop.ui.spool",
    "kuaixiang_desktop.services.checklist_job",
    # The in-process demo server: uvicorn picks these by name from its config.
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.lifespan.on",
    # Keyring backends are found through entry points (PyInstaller's keyring hook copies the
    # metadata); the Linux one talks D-Bus through these.
    "keyring.backends.SecretService",
    "keyring.backends.Windows",
    "keyring.backends.fail",
)
# Large things nobody imports at run time.
EXCLUDES = (
    "tkinter",
    "pytest",
    "hypothesis",
    "IPython",
    "numpy",
    "psycopg",  # the server's PostgreSQL driver: the client's in-process demo server uses SQLite
    "psycopg_binary",
    "psycopg_pool",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtWebEngineCore",
)
# Qt plugins left out, with the system libraries they alone pull in: the GTK 3 platform theme
# would bring the build machine's GTK stack (and load the desktop's GTK modules into it);
# the window draws with Qt's own style and the xdg-desktop-portal theme stays.
DROP_QT_PLUGINS = ("platformthemes/libqgtk3",)
DROP_LIBRARIES = (
    "libgtk-3", "libgdk-3", "libgdk_pixbuf", "libatk-1.0", "libatk-bridge", "libatspi", "libcairo",
    "libpango", "libepoxy", "libpixman", "libthai", "libdatrie", "libfribidi", "libXcomposite",
    "libXdamage", "libXinerama", "libXi.", "libXcursor", "libXrandr", "libgraphite2",
)
# Qt input-method plugins the package relies on (platforminputcontexts/): ibus serves ibus
# and fcitx5 (through fcitx5's ibus frontend); compose is the fallback for dead keys.
QT_INPUT_PLUGINS = ("ibusplatforminputcontextplugin", "composeplatforminputcontextplugin")


def version() -> str:
    text = (ROOT / "kuaixiang_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise RuntimeError("kuaixiang_desktop/__init__.py has no __version__")
    return match.group(1)


def datas(font: Path | None = DEFAULT_FONT) -> list[tuple[str, str]]:
    """(source folder or file, destination folder) pairs for PyInstaller's ``datas``."""
    pairs = [(str(ROOT / src), dest) for src, dest in DATA]
    if font is not None:
        pairs.append((str(font), FONT_DIR))
        pairs += [(str(p), FONT_DIR + "/licence") for p in FONT_LICENCE_FILES if p.is_file()]
    return pairs


def hidden_imports() -> list[str]:
    names = list(HIDDEN_IMPORTS)
    if sys.platform != "win32":
        names.remove("keyring.backends.Windows")
    return names


def missing_inputs(font: Path | None = DEFAULT_FONT) -> list[str]:
    """Every listed input that is not there (empty when the build can start)."""
    missing = [src for src, _ in DATA if not (ROOT / src).is_dir()]
    missing += [name for name in REQUIRED_FILES if not (ROOT / name).is_file()]
    if font is not None and not Path(font).is_file():
        missing.append(str(font))
    return missing
