"""The dependency rule of the design card (§3), as import-linter contracts in pyproject.toml.

The real tree keeps every contract. Then each contract is shown to catch what it forbids: a
copy of the packages gets one deliberately wrong import (absolute or relative, at the end of
a module), and that contract, checked on the copy, must fail naming that import.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("kuaixiang_core", "kuaixiang_desktop", "kuaixiang_server")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACTS = {c["id"]: c for c in CONFIG["contracts"]}

# contract id → (module file, the line added to it, what the failure must name)
BREAKS = {
    "domain-pure": ("kuaixiang_core/domain/money.py", "from kuaixiang_core import wire",
                    "kuaixiang_core.domain.money -> kuaixiang_core.wire"),
    "domain-pure/sql": ("kuaixiang_core/domain/size_class.py", "import sqlalchemy",
                        "kuaixiang_core.domain.size_class -> sqlalchemy"),
    "core-shared": ("kuaixiang_core/reference.py", "from kuaixiang_desktop import paths",
                    "kuaixiang_core.reference -> kuaixiang_desktop.paths"),
    "server-alone": ("kuaixiang_server/demo.py", "from kuaixiang_desktop.services import lookup",
                     "kuaixiang_server.demo -> kuaixiang_desktop.services.lookup"),
    "server-only-for-demo": ("kuaixiang_desktop/app.py", "import kuaixiang_server.app",
                             "kuaixiang_desktop.app -> kuaixiang_server.app"),
    "no-qt-below-ui": ("kuaixiang_desktop/services/lookup.py", "from PySide6.QtCore import QObject",
                       "kuaixiang_desktop.services.lookup -> PySide6"),
    "ui-through-services": ("kuaixiang_desktop/ui/labels.py", "from ..store.models import Enterprise",
                            "kuaixiang_desktop.ui.labels -> kuaixiang_desktop.store.models"),
    "ui-through-services/sql": ("kuaixiang_desktop/ui/labels.py", "from sqlalchemy import select",
                                "kuaixiang_desktop.ui.labels -> sqlalchemy"),
    "desktop-layers": ("kuaixiang_desktop/store/enterprises.py", "from ..services import lookup",
                       "kuaixiang_desktop.store.enterprises -> kuaixiang_desktop.services.lookup"),
}


def _lint(folder: Path, *contracts: str) -> subprocess.CompletedProcess:
    """``lint-imports`` on the packages in ``folder``, with the project's contracts."""
    args = [arg for c in contracts for arg in ("--contract", c)]
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; c()",
         "--no-cache", "--no-logo", *args, str(ROOT / "pyproject.toml")],
        cwd=folder, env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"},
        capture_output=True, text=True, timeout=300,
    )


def test_the_tree_keeps_every_contract():
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    for contract in CONTRACTS.values():
        assert f"{contract['name']} KEPT" in done.stdout


def test_every_contract_is_shown_failing():
    assert {key.split("/")[0] for key in BREAKS} == set(CONTRACTS)


def test_the_domain_contract_names_every_other_part_of_the_core():
    core = ROOT / "kuaixiang_core"
    parts = {p.stem for p in core.glob("*.py") if p.stem != "__init__"}
    parts |= {p.name for p in core.iterdir() if (p / "__init__.py").is_file()}
    forbidden = set(CONTRACTS["domain-pure"]["forbidden_modules"])
    missing = {f"kuaixiang_core.{p}" for p in parts - {"domain"}} - forbidden
    assert not missing, f"add to the domain-pure contract: {sorted(missing)}"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tree")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__", "_shipped"))
    return folder


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_forbidden_import_breaks_its_contract(case, pristine, tmp_path):
    module, line, named = BREAKS[case]
    contract = case.split("/")[0]
    folder = tmp_path / "tree"
    shutil.copytree(pristine, folder)
    path = folder / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # deliberately broken\n", encoding="utf-8")
    done = _lint(folder, contract)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{CONTRACTS[contract]['name']} BROKEN" in done.stdout
    assert named in " ".join(done.stdout.split()), done.stdout


def test_unit_tests_mirror_the_package_tree():
    """tests/unit/core/… and tests/unit/desktop/… follow kuaixiang_core/… and kuaixiang_desktop/…,
    so a module's tests are found where the module is."""
    unit = ROOT / "tests" / "unit"
    packages = {"core": "kuaixiang_core", "desktop": "kuaixiang_desktop"}
    assert {p.name for p in unit.iterdir() if p.is_dir() and p.name != "__pycache__"} <= set(packages)
    assert not list(unit.glob("test_*.py")), "a unit test belongs in the folder of its package"
    for folder in (p for p in unit.rglob("*") if p.is_dir() and p.name != "__pycache__"):
        parts = folder.relative_to(unit).parts
        assert (ROOT / packages[parts[0]]).joinpath(*parts[1:]).is_dir(), f"{folder} has no package to mirror"
