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


def test_domain_imports_nothing_of_ours():
    for path in _modules("domain"):
        ours = {m for m in _imports(path) if m.startswith("..") or m.startswith("kuaixiang")}
        assert not ours, f"{path.relative_to(PKG)} imports {ours}"


def test_store_does_not_reach_up_into_services_or_ui():
    for path in _modules("store"):
        up = {m for m in _imports(path) if m.startswith(("..services", "..ui", "..cli", "..app"))}
        assert not up, f"{path.relative_to(PKG)} imports {up}"
