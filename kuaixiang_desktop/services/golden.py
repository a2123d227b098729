"""``kuaixiang rules test``: every golden test of every item in a catalogue file or folder."""

from __future__ import annotations

from pathlib import Path

from kuaixiang_core.domain.rules.match import run_golden
from .policies import PolicyImportRejected, read_catalogue
from kuaixiang_core.reference import base_facts


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json"))
    return [path]


def run_path(path: Path) -> dict:
    passed = failed = 0
    failures: list[dict] = []
    errors: list[str] = []
    files = _files(path)
    if not files:
        errors.append(f"{path}: 没有找到目录文件（.yaml/.yml/.json）")
    for file in files:
        known = {f.name: f for f in base_facts()}
        try:
            catalogue = read_catalogue(file, known)
        except PolicyImportRejected as exc:
            errors.extend(exc.lines())
            continue
        declared = {**known, **{f.name: f for f in catalogue.facts}}
        for item in catalogue.items:
            for result in run_golden(item, declared):
                if result.passed:
                    passed += 1
                else:
                    failed += 1
                    failures.append(
                        {"file": file.name, "item_id": item.id, "test": result.test.name, "line": result.test.line,
                         "message": result.message}
                    )
    summary = f"{passed} passed, {failed} failed"
    if errors:
        summary += f", {len(errors)} errors"
    return {"passed": passed, "failed": failed, "errors": errors, "failures": failures, "summary": summary}
