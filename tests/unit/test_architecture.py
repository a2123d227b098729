"""The dependency rule of DESIGN §3: nothing below ui/ imports Qt; domain/ imports nothing of ours."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "kuaixiang_desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def _modules(folder: str):
    return sorted((PKG / folder).rglob("*.py"))


def test_no_qt_below_ui():
    for folder in ("domain", "store", "services"):
        for path in _modules(folder):
            qt = {m for m in _imports(path) if m.startswith(("PySide6", "shiboken6"))}
            assert not qt, f"{path.relative_to(PKG)} imports {qt}"


def _absolute(path: Path, module: str) -> str:
    """The dotted name a (possibly relative) import in ``path`` refers to."""
    if not module.startswith("."):
        return module
    level = len(module) - len(module.lstrip("."))
    package = path.relative_to(PKG.parent).with_suffix("").parts[:-1]
    base = package[: len(package) - level + 1]
    rest = module.lstrip(".")
    return ".".join([*base, rest] if rest else base)


def test_domain_imports_nothing_of_ours_outside_domain():
    for path in _modules("domain"):
        ours = {
            m for m in (_absolute(path, m) for m in _imports(path))
            if m.startswith("kuaixiang") and not m.startswith("kuaixiang_core.domain")
        }
        assert not ours, f"{path.relative_to(PKG)} imports {ours}"


def test_store_does_not_reach_up_into_services_or_ui():
    for path in _modules("store"):
        up = {m for m in _imports(path) if m.startswith(("..services", "..ui", "..cli", "..app"))}
        assert not up, f"{path.relative_to(PKG)} imports {up}"
