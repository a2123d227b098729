#!/usr/bin/env python3
"""Compile every Qt Designer form in forms/ into kuaixiang_desktop/ui/generated/.

    python tools/compile_forms.py            regenerate ui_<name>.py for each forms/<name>.ui
    python tools/compile_forms.py --check    exit 1 and name the stale modules, change nothing

The .ui files are the truth; the generated modules are committed so that the app runs without
the Qt tools, and tests/gui/test_forms.py fails when one is out of date.  Output is compared
ignoring only the line that names the uic version.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS_DIR = ROOT / "forms"
GENERATED_DIR = ROOT / "kuaixiang_desktop" / "ui" / "generated"

_VERSION_LINE = re.compile(r"^## Created by: Qt User Interface Compiler version .*$", re.MULTILINE)


def find_uic() -> list[str]:
    """The command that runs uic for Python: pyside6-uic next to this interpreter, on PATH,
    or the uic binary inside the PySide6 package (then ``-g python`` is needed)."""
    bindir = Path(sys.executable).parent
    for name in ("pyside6-uic", "pyside6-uic.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    on_path = shutil.which("pyside6-uic")
    if on_path:
        return [on_path]
    import PySide6

    pkg = Path(PySide6.__file__).parent
    for candidate in (pkg / "Qt" / "libexec" / "uic", pkg / "uic", pkg / "uic.exe"):
        if candidate.is_file():
            return [str(candidate), "-g", "python"]
    raise FileNotFoundError("pyside6-uic not found: install PySide6 (PySide6-Essentials) in this environment")


def forms() -> list[Path]:
    return sorted(FORMS_DIR.glob("*.ui"))


def generated_path(form: Path) -> Path:
    return GENERATED_DIR / f"ui_{form.stem}.py"


def compile_form(form: Path) -> str:
    """The Python source uic makes of ``form`` (newlines normalised to \\n)."""
    # Run from forms/ with a bare file name: the generated header names the file, and it
    # must not depend on where the checkout lives.
    result = subprocess.run(
        [*find_uic(), form.name], cwd=form.parent, capture_output=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"uic failed on {form}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout.decode("utf-8").replace("\r\n", "\n")


def comparable(source: str) -> str:
    """``source`` without the uic version line, the only part that may differ between hosts."""
    return _VERSION_LINE.sub("## Created by: Qt User Interface Compiler", source.replace("\r\n", "\n"))


def stale_forms() -> list[tuple[Path, Path]]:
    """(form, generated module) for each module that is missing or differs from uic's output."""
    stale = []
    for form in forms():
        target = generated_path(form)
        if not target.is_file() or comparable(target.read_text(encoding="utf-8")) != comparable(
            compile_form(form)
        ):
            stale.append((form, target))
    return stale


def orphans() -> list[Path]:
    """Generated modules whose form was deleted."""
    wanted = {generated_path(f) for f in forms()}
    return [p for p in sorted(GENERATED_DIR.glob("ui_*.py")) if p not in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale modules, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        bad = [str(t.relative_to(ROOT)) for _, t in stale_forms()] + [str(p.relative_to(ROOT)) for p in orphans()]
        for path in bad:
            print(f"stale: {path}  (run python tools/compile_forms.py)", file=sys.stderr)
        return 1 if bad else 0
    GENERATED_DIR.mkdir(parents=True, exist_ok=True)
    for form in forms():
        target = generated_path(form)
        target.write_text(compile_form(form), encoding="utf-8", newline="\n")
        print(f"{form.relative_to(ROOT)} -> {target.relative_to(ROOT)}")
    for orphan in orphans():
        orphan.unlink()
        print(f"removed {orphan.relative_to(ROOT)} (its form is gone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
