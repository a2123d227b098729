"""The window's background calls into the services are listed in ui/operations.py: no room,
dialog or wizard hands a service function to a task runner itself."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "kuaixiang_desktop" / "ui"


def _service_names(tree: ast.Module) -> set[str]:
    """Names a module binds from ``…services…`` (modules and functions alike)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and "services" in (node.module or "").split("."):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level and node.module is None:
            names.update(alias.asname or alias.name for alias in node.names if alias.name == "services")
    return names


def _root(expr: ast.expr) -> str | None:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def _submitted(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "submit" and node.args:
                yield node, node.args[0]
            elif node.func.attr in ("_submit", "submit_task") and len(node.args) > 1:  # the wizard's: (kind, fn, …)
                yield node, node.args[1]


def test_every_background_call_into_the_services_goes_through_operations():
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if "generated" in path.parts or path.name == "operations.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        services = _service_names(tree)
        for call, fn in _submitted(tree):
            if _root(fn) in services:
                offenders.append(f"{path.relative_to(UI)}:{call.lineno} submits {ast.unparse(fn)}")
    assert not offenders, offenders


def test_the_check_sees_a_service_function_submitted_directly():
    source = "from ..services import statistics as stats\nrunner.submit(stats.statistics, db)\n"
    tree = ast.parse(source)
    assert [_root(fn) for _call, fn in _submitted(tree)] == ["stats"] and "stats" in _service_names(tree)
