"""``rules lint`` (docs/rules.md §12): for each kind of finding a catalogue that triggers it,
naming the line and the item, and one close to it that does not."""

from __future__ import annotations

import pytest

from kuaixiang_core.catalogue_files import load_file
from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue
from kuaixiang_core.domain.rules.lint import ERROR, WARNING, from_problems, lint_catalogue

HEAD = """\
format: 1
facts:
  - {name: layoff_rate, type: percent, label: 裁员率}
  - {name: hires, type: number, unit: 人, label: 新招用人数}
definitions:
  - {name: ratio, label: 安排比例, type: percent, formula: hires / employees}
parameters:
  - name: wage
    label: 平均工资
    type: money
    values:
      - {from: 2024-01-01, to: 2024-12-31, value: 80000}
documents:
  - id: d1
    title: 文件
    issuer: 局
    level: 市级
    region: "371500"
    effective_from: 2024-01-01
    effective_to: 2024-12-31
    items:
"""
TEST = "        tests: [{name: t, enterprise: {employees: 1}, verdict: ineligible}]\n"


def item(ident: str, rule: str, *, tests: bool = True, benefit: str = '{amount: "100"}') -> str:
    body = (f"      - id: {ident}\n        title: 事项{ident}\n        department: 局\n        mode: window\n"
            f"        rule: {rule}\n        benefit: {benefit}\n")
    return body + (TEST if tests else "")


USES_ALL = item("uses", '{all: [{fact: layoff_rate, op: "<", value: 5}, {fact: hires, op: ">", value: 0}, '
                '{fact: ratio, op: ">", value: 0}, {expr: "revenue >= wage * 10"}]}')


def lint(tmp_path, *items: str, head: str = HEAD, tail: str = ""):
    path = tmp_path / "c.yaml"
    path.write_text(head + "".join(items) + tail, encoding="utf-8")
    data = load_file(path)
    try:
        cat = check_catalogue(data)
    except CatalogueRejected as exc:
        return from_problems("c.yaml", exc.problems)
    return lint_catalogue("c.yaml", data, cat)


def kinds(findings, kind):
    return [f for f in findings if f.kind == kind]


def line_of(tmp_path, text: str) -> int:
    lines = (tmp_path / "c.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_clean_catalogue_has_no_findings(tmp_path):
    assert lint(tmp_path, USES_ALL) == []


@pytest.mark.parametrize("low, kind, severity, shown", [
    ('{fact: ratio, op: ">=", value: 1}', "tier_overlap", ERROR, "[1, 1]"),   # both take exactly 1%
    ('{fact: ratio, op: ">", value: 1.2}', "tier_gap", WARNING, "(1, 1.2]"),  # nobody takes 1%–1.2%
])
def test_tiers_of_one_document_that_overlap_or_leave_a_gap(tmp_path, low, kind, severity, shown):
    found = lint(tmp_path, USES_ALL,
                 item("low", '{all: [{fact: employees, op: ">", value: 30}, {fact: ratio, op: "<=", value: 1}]}'),
                 item("high", f'{{all: [{{fact: employees, op: ">", value: 30}}, {low}, {{fact: ratio, op: "<", value: 1.5}}]}}'))
    (finding,) = found
    assert (finding.kind, finding.severity, finding.item) == (kind, severity, "high")
    assert shown in finding.message and "low" in finding.message and "安排比例" in finding.message
    assert finding.line == line_of(tmp_path, "id: high") + 4 and finding.advice


def test_adjoining_tiers_on_a_whole_number_fact_are_neither_overlap_nor_gap(tmp_path):
    # 0–10 人 and 11–50 人 leave no whole number between them; thresholds of two benefits
    # that add up (>= 10, >= 20) are not tiers.
    assert lint(tmp_path, USES_ALL,
                item("a", '{fact: employees, op: between, value: [0, 10]}'),
                item("b", '{fact: employees, op: between, value: [11, 50]}'),
                item("c", '{fact: insured_employees, op: ">=", value: 10}'),
                item("d", '{fact: insured_employees, op: ">=", value: 20}')) == []


def test_tiers_with_different_other_conditions_are_not_compared_unless_declared_a_group(tmp_path):
    a = item("a", '{all: [{fact: size_class, op: "==", value: small}, {fact: employees, op: "<=", value: 10}]}')
    b = item("b", '{all: [{fact: size_class, op: "==", value: micro}, {fact: employees, op: between, value: [5, 50]}]}')
    assert lint(tmp_path, USES_ALL, a, b) == []
    tail = "tiers:\n  - {name: 稳岗档次, items: [a, b], fact: employees}\n"
    (finding,) = lint(tmp_path, USES_ALL, a, b, tail=tail)
    assert finding.kind == "tier_overlap" and "稳岗档次" in finding.message and finding.item == "b"


def test_a_tier_group_naming_an_unknown_item_is_refused_at_import(tmp_path):
    (finding,) = lint(tmp_path, USES_ALL, tail="tiers:\n  - {name: g, items: [uses, ghost]}\n")
    assert finding.kind == "import_error" and "ghost" in finding.message and finding.line == line_of(tmp_path, "ghost")


def test_conditions_that_can_never_hold_together(tmp_path):
    found = lint(tmp_path, USES_ALL,
                 item("never", '{all: [{fact: employees, op: ">=", value: 50}, {fact: employees, op: "<", value: 50}]}'),
                 item("never-in", '{all: [{fact: tax_credit_rating, op: in, value: [A, B]}, '
                                  '{not: {fact: tax_credit_rating, op: in, value: [A, B]}}]}'),
                 item("branch", '{all: [{fact: employees, op: ">=", value: 50}, {any: ['
                                '{fact: employees, op: "<", value: 10}, {fact: layoff_rate, op: "<", value: 5}]}]}'))
    never = {f.item: f for f in kinds(found, "never_holds")}
    assert set(never) == {"never", "never-in", "branch"}
    assert never["never"].severity == ERROR and "从业人员 ≥ 50 人" in never["never"].message
    assert never["never"].line == line_of(tmp_path, "id: never") + 4
    assert never["never-in"].severity == ERROR
    assert never["branch"].severity == WARNING and "从业人员 < 10 人" in never["branch"].message


def test_conditions_that_may_hold_are_not_findings(tmp_path):
    assert kinds(lint(tmp_path, USES_ALL,
                      item("ok", '{all: [{fact: employees, op: ">=", value: 50}, {fact: employees, op: "<=", value: 50}]}'),
                      item("ok2", '{any: [{fact: employees, op: "<", value: 10}, {fact: employees, op: ">", value: 100}]}')),
                 "never_holds") == []


def test_a_parameter_without_a_value_while_an_item_is_in_force(tmp_path):
    head = HEAD.replace("effective_to: 2024-12-31", "effective_to: 2025-06-30")
    (finding,) = lint(tmp_path, USES_ALL, head=head)
    assert (finding.kind, finding.severity, finding.item) == ("parameter_gap", ERROR, "uses")
    assert "2025-01-01" in finding.message and finding.line == line_of(tmp_path, "values:")
    assert kinds(lint(tmp_path, USES_ALL), "parameter_gap") == []


def test_declared_facts_definitions_and_parameters_nothing_uses(tmp_path):
    found = lint(tmp_path, item("plain", '{fact: employees, op: ">", value: 1}'))
    assert {(f.kind, f.line) for f in found} == {
        ("unused_fact", line_of(tmp_path, "layoff_rate")), ("unused_fact", line_of(tmp_path, "name: hires")),
        ("unused_definition", line_of(tmp_path, "name: ratio")), ("unused_parameter", line_of(tmp_path, "name: wage")),
    }
    assert all(f.severity == WARNING for f in found)


def test_a_fact_used_only_in_a_benefit_formula_is_used(tmp_path):
    head = HEAD + ""
    found = lint(tmp_path, USES_ALL.replace("layoff_rate", "employees"),
                 item("pays", '{fact: employees, op: ">", value: 1}', benefit='{formula: "layoff_rate * 10"}'), head=head)
    assert kinds(found, "unused_fact") == []


def test_items_without_golden_tests(tmp_path):
    (finding,) = lint(tmp_path, USES_ALL, item("bare", '{fact: employees, op: ">", value: 1}', tests=False))
    assert (finding.kind, finding.severity, finding.item, finding.line) == (
        "no_tests", WARNING, "bare", line_of(tmp_path, "id: bare"))


def test_a_catalogue_that_does_not_import_gives_its_problems_as_errors(tmp_path):
    (finding,) = lint(tmp_path, item("bad", '{fact: employees, op: ">", value: "十"}'))
    assert finding.kind == "import_error" and finding.severity == ERROR and finding.line == line_of(tmp_path, "id: bad") + 4
    assert finding.to_json()["file"] == "c.yaml"


def test_a_declared_group_split_by_an_expression(tmp_path):
    low = item("lo", '{expr: "revenue / employees < 10000"}')
    high = item("hi", '{expr: "revenue / employees >= 9000"}')
    tail = "tiers:\n  - {name: 人均营收档, items: [lo, hi], fact: revenue/employees}\n"
    (finding,) = lint(tmp_path, USES_ALL, low, high, tail=tail)
    assert finding.kind == "tier_overlap" and "[9000, 10000)" in finding.message and "人均营收档" in finding.message
