"""``kuaixiang rules test``: every golden test of every item in a catalogue file or folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kuaixiang_core.catalogue_files import CatalogueFileRejected
from kuaixiang_core.domain.rules.match import run_golden
from kuaixiang_core.reference import base_facts

from .policies import read_catalogue


@dataclass(frozen=True, slots=True)
class GoldenFailure:
    file: str  # the file's name
    item_id: str
    test: str  # the test's name
    line: int | None  # of the test in the file
    message: str

    def to_json(self) -> dict:
        return {"file": self.file, "item_id": self.item_id, "test": self.test, "line": self.line,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class GoldenRun:
    passed: int
    failed: int
    errors: tuple[str, ...]  # files that could not be read or checked, one line each
    failures: tuple[GoldenFailure, ...]

    @property
    def summary(self) -> str:
        """The pytest-like line ``kuaixiang rules test`` ends with."""
        line = f"{self.passed} passed, {self.failed} failed"
        return line + f", {len(self.errors)} errors" if self.errors else line

    def to_json(self) -> dict:
        return {"passed": self.passed, "failed": self.failed, "errors": list(self.errors),
                "failures": [f.to_json() for f in self.failures], "summary": self.summary}


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json"))
    return [path]


def run_path(path: Path) -> GoldenRun:
    passed = failed = 0
    failures: list[GoldenFailure] = []
    errors: list[str] = []
    files = _files(path)
    if not files:
        errors.append(f"{path}: 没有找到目录文件（.yaml/.yml/.json）")
    for file in files:
        known = {f.name: f for f in base_facts()}
        try:
            catalogue = read_catalogue(file, known)
        except CatalogueFileRejected as exc:
            errors.extend(exc.lines())
            continue
        declared = {**known, **{f.name: f for f in catalogue.facts}}
        for item in catalogue.items:
            for result in run_golden(item, declared):
                if result.passed:
                    passed += 1
                else:
                    failed += 1
                    test = result.test
                    failures.append(GoldenFailure(file.name, item.id, test.name, test.line, result.message))
    return GoldenRun(passed, failed, tuple(errors), tuple(failures))
