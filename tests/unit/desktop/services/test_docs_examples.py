"""The catalogue files of docs/examples are what docs/rules.md teaches from: each must import,
pass its golden tests (``kuaixiang rules test``) and lint clean (``kuaixiang rules lint``), so
the documentation cannot rot. The 残保金 example's tier group is what lint checks: moving one
bound makes the tiers overlap or leave a gap, and lint says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kuaixiang_desktop.cli import main

ROOT = Path(__file__).resolve().parents[4]
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
WORKED = ("wengang-fanhuan.yaml", "canbaojin-tiers.yaml", "liushui-liangfei.yaml", "gaoqi-shoutaitao-caps.yaml")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_worked_examples_are_there_and_the_guide_names_each_file():
    names = {path.name for path in EXAMPLES}
    assert set(WORKED) <= names
    guide = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for name in names:
        assert f"docs/examples/{name}" in guide, name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_passes_its_golden_tests(capsys, path):
    code, out, _ = run(capsys, "rules", "test", str(path), "--json")
    answer = json.loads(out)
    assert code == 0 and answer["errors"] == [] and answer["failures"] == [], answer
    assert answer["passed"] >= 3 and re.fullmatch(r"\d+ passed, 0 failed", answer["summary"])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_lints_without_errors_or_warnings(capsys, path):
    code, out, _ = run(capsys, "rules", "lint", str(path), "--json")
    answer = json.loads(out)
    assert code == 0 and answer["imports"] is True, answer
    assert answer["errors"] == 0 and answer["warnings"] == 0, answer["findings"]


def _lint_with(capsys, tmp_path, old: str, new: str) -> dict:
    text = (ROOT / "docs" / "examples" / "canbaojin-tiers.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "c.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, out, _ = run(capsys, "rules", "lint", str(path), "--json")
    answer = json.loads(out)
    assert answer["imports"] is True
    return {"code": code, **answer}


def test_lint_finds_the_tiers_overlapping_when_both_take_one_percent(capsys, tmp_path):
    answer = _lint_with(capsys, tmp_path, 'op: "<", value: 1, clause', 'op: "<=", value: 1, clause')
    assert answer["code"] == 1 and answer["errors"] == 1
    (finding,) = answer["findings"]
    assert finding["kind"] == "tier_overlap" and finding["file"] == "c.yaml" and finding["line"]
    assert "canbaojin-tier-90" in finding["message"] and "[1, 1]" in finding["message"]


def test_lint_finds_a_gap_when_the_lower_tier_stops_short(capsys, tmp_path):
    answer = _lint_with(capsys, tmp_path, 'op: "<", value: 1, clause', 'op: "<", value: 0.9, clause')
    assert answer["code"] == 0 and answer["errors"] == 0 and answer["warnings"] == 1
    (finding,) = answer["findings"]
    assert finding["kind"] == "tier_gap" and "[0.9, 1)" in finding["message"]


def _sections(guide: str) -> set[str]:
    return set(re.findall(r"^#{2,3} (§?A?\d+)\.", guide, flags=re.M))


def test_every_reference_to_a_section_of_the_guide_names_one_that_exists():
    guide = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = {s.lstrip("§") for s in _sections(guide)}
    assert {"1", "12", "15", "A1", "A7"} <= sections
    refs = re.compile(r"rules\.md,? (§[^\s)）,.:]+(?:[,–] ?§[^\s)）,.:]+)*)")
    bad = []
    for path in [*ROOT.glob("kuaixiang_*/**/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("docs/**/*"),
                 *ROOT.glob("*.md"), *ROOT.glob("benchmarks/*.md"), ROOT / "resources" / "catalogue" / "demo.yaml"]:
        if not path.is_file() or path.suffix not in {".py", ".md", ".json", ".yaml"}:
            continue
        for match in refs.finditer(path.read_text(encoding="utf-8")):
            for number in re.findall(r"§(A?\d+)", match.group(1)):
                if number not in sections:
                    bad.append((path.relative_to(ROOT).as_posix(), match.group(0)))
    assert bad == []


def test_the_guides_own_links_lead_to_its_headings():
    guide = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    # GitHub's anchors: lower case, punctuation dropped, spaces as '-'.
    anchors = {re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
               for title in re.findall(r"^#{1,6} (.*)$", guide, flags=re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", guide)
    assert links and set(links) <= anchors
