#!/usr/bin/env python3
"""Refresh the translation sources and compile them.

    python tools/update_translations.py            lupdate the .ts files, then lrelease them
    python tools/update_translations.py --release  only compile .ts -> .qm
    python tools/update_translations.py --check    exit 1 if a string in the code is missing or
                                                   unfinished in a .ts, or a .qm is stale

The UI's source language is Chinese (zh_CN); resources/i18n/kuaixiang_<lang>.ts holds one
translation each (edit it with pyside6-linguist).  lupdate reads the Python modules of the GUI
(kuaixiang_desktop/ui/, app.py: tr(), QCoreApplication.translate, QT_TRANSLATE_NOOP) and forms/*.ui.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "resources" / "i18n"
LANGUAGES = ("en",)
SOURCE_LANGUAGE = "zh_CN"


def _tool(name: str) -> str:
    bindir = Path(sys.executable).parent
    for candidate in (bindir / f"pyside6-{name}", bindir / f"pyside6-{name}.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    import PySide6

    pkg = Path(PySide6.__file__).parent
    for candidate in (pkg / name, pkg / f"{name}.exe", pkg / "Qt" / "bin" / name):
        if candidate.is_file():
            return str(candidate)
    raise FileNotFoundError(f"pyside6-{name} not found: install PySide6 in this environment")


def sources() -> list[Path]:
    """Every file lupdate reads, relative paths sorted so the .ts does not churn."""
    # Only the GUI speaks Qt (DESIGN §3): ui/ and app.py; the forms are read as .ui, not
    # through their generated modules.
    package = ROOT / "kuaixiang_desktop"
    files = [p for p in (package / "ui").rglob("*.py") if "generated" not in p.parts]
    files += [package / "app.py", *(ROOT / "forms").glob("*.ui")]
    return sorted(files)


def ts_path(language: str) -> Path:
    return I18N_DIR / f"kuaixiang_{language}.ts"


def qm_path(language: str) -> Path:
    return I18N_DIR / f"kuaixiang_{language}.qm"


def lupdate(ts: Path, *, keep_obsolete: bool = False) -> None:
    """Write the strings of ``sources()`` into ``ts``, keeping existing translations."""
    args = [_tool("lupdate"), "-locations", "none", "-source-language", SOURCE_LANGUAGE]
    args += ["-target-language", ts.stem.split("_", 1)[1]]
    if not keep_obsolete:
        args.append("-no-obsolete")
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run([*args, *files, "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the <translation> element of every message in ``ts``."""
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.find("translation")
    return found


def _translated(translation: ET.Element | None) -> bool:
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return False
    forms = translation.findall("numerusform")
    if forms:
        return all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


def problems(language: str) -> list[str]:
    """What is wrong with ``language``'s .ts against the code: strings the code uses that
    the .ts lacks or leaves unfinished, and entries the code no longer uses."""
    ts = ts_path(language)
    if not ts.is_file():
        return [f"{ts.relative_to(ROOT)} is missing"]
    shipped = messages(ts)
    with tempfile.TemporaryDirectory() as tmp:
        fresh_ts = Path(tmp) / ts.name
        lupdate(fresh_ts)
        wanted = messages(fresh_ts)
    out = []
    for key in sorted(wanted):
        if key not in shipped:
            out.append(f"missing: [{key[0]}] {key[1]!r}")
        elif not _translated(shipped[key]):
            out.append(f"unfinished: [{key[0]}] {key[1]!r}")
    for key in sorted(set(shipped) - set(wanted)):
        out.append(f"no longer in the code: [{key[0]}] {key[1]!r}")
    return out


def qm_is_current(language: str) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.qm"
        lrelease(ts_path(language), fresh)
        return qm_path(language).is_file() and fresh.read_bytes() == qm_path(language).read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--release", action="store_true", help="only compile .ts into .qm")
    mode.add_argument("--check", action="store_true", help="report problems, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        bad = 0
        for language in LANGUAGES:
            for problem in problems(language):
                print(f"{ts_path(language).name}: {problem}", file=sys.stderr)
                bad += 1
            if not qm_is_current(language):
                print(f"{qm_path(language).name}: stale (run python tools/update_translations.py --release)", file=sys.stderr)
                bad += 1
        return 1 if bad else 0
    I18N_DIR.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        if not args.release:
            lupdate(ts_path(language))
            print(f"updated {ts_path(language).relative_to(ROOT)}")
        lrelease(ts_path(language), qm_path(language))
        print(f"compiled {qm_path(language).relative_to(ROOT)}")
    unfinished = sum(len(problems(lang)) for lang in LANGUAGES)
    if unfinished:
        print(f"{unfinished} string(s) still need translating: see --check", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
