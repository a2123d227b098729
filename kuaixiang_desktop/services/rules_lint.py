"""``kuaixiang rules lint FILE``: a catalogue file's findings (kuaixiang_core.domain.rules.lint)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kuaixiang_core.catalogue_files import load_file
from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue
from kuaixiang_core.domain.rules.lint import ERROR, WARNING, Finding, from_problems, lint_catalogue
from kuaixiang_core.reference import base_facts, document_region_map
from kuaixiang_core.untrusted.files import FileLimits


@dataclass(frozen=True, slots=True)
class LintReport:
    file: str
    findings: tuple[Finding, ...]
    imports: bool  # the file would import (the findings are all of lint's own)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def summary(self) -> str:
        return f"{self.file}：{self.errors} 个错误，{self.warnings} 个警告"

    def to_json(self) -> dict:
        return {"file": self.file, "imports": self.imports, "errors": self.errors, "warnings": self.warnings,
                "findings": [f.to_json() for f in self.findings]}


def lint_file(path: Path, limits: FileLimits | None = None) -> LintReport:
    """Raises ``catalogue_files.CatalogueFileError`` for a file that cannot be read as a
    catalogue at all (not YAML or JSON, not found…), naming the file and the line."""
    data = load_file(path, limits)
    known = {f.name: f for f in base_facts()}
    try:
        catalogue = check_catalogue(data, known, set(document_region_map()))
    except CatalogueRejected as exc:
        return LintReport(path.name, tuple(from_problems(path.name, exc.problems)), False)
    return LintReport(path.name, tuple(lint_catalogue(path.name, data, catalogue)), True)  # type: ignore[arg-type]
