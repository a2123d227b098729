"""Catalogue files with bounds (issue 13, item 12): bytes, YAML nodes, nesting and aliases.
A policy catalogue is a file from outside: a few lines of YAML aliases expand to billions of
nodes for whoever walks the result, and deep nesting overflowed the parser's recursion."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuaixiang_core.catalogue_files import CatalogueFileError, CatalogueFileRejected, load_file, read_catalogue

ENV_MAX_ROWS, ENV_MAX_MB = "KUAIXIANG_IMPORT_MAX_ROWS", "KUAIXIANG_IMPORT_MAX_MB"

DEMO = Path(__file__).resolve().parents[3] / "resources" / "catalogue" / "demo.yaml"


@pytest.fixture(autouse=True)
def _no_limits_from_outside(monkeypatch):
    monkeypatch.delenv(ENV_MAX_ROWS, raising=False)
    monkeypatch.delenv(ENV_MAX_MB, raising=False)


def refused(path: Path) -> CatalogueFileError:
    with pytest.raises(CatalogueFileError) as info:
        load_file(path)
    return info.value


def test_the_demo_catalogue_is_well_within_the_defaults():
    assert load_file(DEMO)["documents"]


def test_yaml_aliases_are_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]  # 10^9 leaves
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = refused(path)
    assert error.file == "laughs.yaml" and error.line == 2 and "别名" in error.message


def test_nesting_beyond_the_bound_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("rule: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    assert "嵌套过深" in refused(path).message


def test_nodes_beyond_the_row_limit_are_refused(monkeypatch):
    monkeypatch.setenv(ENV_MAX_ROWS, "1000")
    error = refused(DEMO)
    assert error.file == "demo.yaml" and error.line
    assert "最多 1000 个 YAML 节点" in error.message and ENV_MAX_ROWS in error.message


def test_a_file_beyond_the_byte_limit_is_refused_unread(monkeypatch):
    monkeypatch.setenv(ENV_MAX_MB, "0.05")
    error = refused(DEMO)
    assert "大小上限" in error.message and ENV_MAX_MB in error.message


def test_a_limit_reaches_the_importer_as_a_rejection_naming_the_file(monkeypatch):
    monkeypatch.setenv(ENV_MAX_MB, "0.05")
    with pytest.raises(CatalogueFileRejected) as info:
        read_catalogue(DEMO, {}, set(), {})
    [problem] = info.value.problems
    assert info.value.file == "demo.yaml" and "大小上限" in problem.message
