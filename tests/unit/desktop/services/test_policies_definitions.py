"""Definitions, parameters and expressions through ``policy import`` (issue 15, items 1–3, 8).

The worked examples of docs/rules.md import, keep their golden answers once stored, and
compile from the database alone (each item carries copies of the definitions and parameters
it uses); a changed definition makes new versions of exactly the items that use it. Each
catalogue that must be refused is refused naming file, line and field, and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.catalogue_files import CatalogueFileRejected
from kuaixiang_core.domain.rules.match import Matcher, facts_from_mapping, run_golden
from kuaixiang_desktop.services import policies
from kuaixiang_desktop.services.policies import import_catalogue

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples" / "issue15-features.yaml"


def _counts(db):
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                     for t in ("policy_document", "policy_item", "policy_item_version", "fact_definition"))


def test_the_worked_examples_import_and_compile_from_the_database_alone(db):
    written = import_catalogue(db, EXAMPLES)
    assert written.items_new == 5
    policies._cache.clear()
    cat = policies.compiled_catalogue(db)
    for item_id in ("cbj-tier-50", "cbj-tier-90", "liushui-liangfei", "rd-share-3pct"):
        item = cat.by_id[item_id]
        results = run_golden(item, cat.declared)
        assert results and all(r.passed for r in results), [r.message for r in results]
    stored = cat.by_id["cbj-tier-50"]
    assert [d["name"] for d in stored.definitions] == ["levy_due", "placement_ratio"]
    assert [p["name"] for p in stored.parameters] == ["local_avg_wage"]
    assert cat.by_id["cbj-exempt-30"].definitions == [] and cat.by_id["cbj-exempt-30"].parameters == []
    # The why of a stored item: the computed value with its inputs.
    facts = facts_from_mapping({"employees": 250, "disabled_employees": 3, "avg_salary": 90000}, cat.declared,
                               dt.date(2024, 6, 30))
    (found,) = [m for m in Matcher([stored]).match(facts, include_ineligible=True)]
    lines = found.matched().conditions
    assert lines[1].text == "安排比例 ≥ 1%" and lines[1].actual_text == "1.2%（3 人 / 250 人）"
    assert found.amount == Decimal("33750.00")


def test_reimporting_changes_only_the_items_a_changed_definition_reaches(db, tmp_path):
    import_catalogue(db, EXAMPLES)
    again = import_catalogue(db, EXAMPLES)
    assert (again.items_new, again.items_changed) == (0, 0)
    changed = tmp_path / "changed.yaml"
    changed.write_text(EXAMPLES.read_text(encoding="utf-8").replace(
        "{fact: employees, op: \"<=\", value: 300, clause: 第三条}",
        "{fact: employees, op: \"<=\", value: 299, clause: 第三条}"), encoding="utf-8")
    written = import_catalogue(db, changed)
    assert (written.items_new, written.items_changed) == (0, 1)  # only 六税两费 uses 小型微利企业
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT current_version FROM policy_item WHERE id = 'liushui-liangfei'")).scalar() == 2


_HEAD = """\
format: 1
facts:
  - {name: first_cert, type: bool, label: 首次认定}
  - {name: disabled_employees, type: number, label: 安排残疾人就业人数}
"""
_DOC = """\
documents:
  - id: d-1
    title: 测试文件
    issuer: 测试局
    level: 市级
    region: "371500"
    effective_from: 2024-01-01
    items:
      - id: x-1
        title: 测试事项
        department: 测试局
        mode: online
"""

REFUSED = {
    "an expression comparing a bool with quoted text": (
        _HEAD + _DOC + "        rule: {expr: \"first_cert == 'true'\"}\n",
        "documents[0].items[0].rule.expr", "first_cert == 'true'", "表达式的类型不对"),
    "an expression that is not a condition": (
        _HEAD + _DOC + "        rule: {expr: \"employees * 2\"}\n",
        "documents[0].items[0].rule.expr", "employees * 2", "结果应为是/否"),
    "round in a condition": (
        _HEAD + _DOC + "        rule: {expr: \"round(employees, 0) > 2\"}\n",
        "documents[0].items[0].rule.expr", "round(employees", "round 只能用于金额公式"),
    "a cycle among quantity definitions": (
        _HEAD + "definitions:\n"
        "  - {name: a, label: 甲, formula: \"b + 1\"}\n"
        "  - {name: b, label: 乙, formula: \"a * 2\"}\n"
        + _DOC + "        rule: {fact: a, op: \">\", value: 1}\n",
        "definitions[0].formula", "b + 1", "定义循环引用：a → b → a"),
    "a cycle among predicate definitions": (
        _HEAD + "definitions:\n"
        "  - name: p\n    label: 甲条件\n    rule: {all: [{def: q}, {fact: employees, op: \">\", value: 1}]}\n"
        "  - name: q\n    label: 乙条件\n    rule: {any: [{def: p}]}\n"
        + _DOC + "        rule: {def: p}\n",
        "definitions[0].rule", "rule: {all: [{def: q}", "定义循环引用：p → q → p"),
    "an unknown definition": (
        _HEAD + _DOC + "        rule: {def: small_low_profit}\n",
        "documents[0].items[0].rule.def", "def: small_low_profit", "未知的定义「small_low_profit」"),
    "a parameter without a value on a day the item is in force": (
        _HEAD + "parameters:\n"
        "  - name: wage\n    label: 平均工资\n    type: money\n    values:\n"
        "      - {from: 2024-01-01, to: 2024-12-31, value: 80000, source: 甲文}\n"
        + _DOC + "        rule: {expr: \"revenue >= wage * 10\"}\n",
        "parameters[0].values", "values:", "参数「平均工资」在事项生效期间（2024-01-01 至 长期）2025-01-01 没有取值"),
    "a quantity of the wrong types": (
        _HEAD + "definitions:\n"
        "  - {name: ratio, label: 比例, type: percent, formula: \"disabled_employees / region_code\"}\n"
        + _DOC + "        rule: {fact: ratio, op: \">=\", value: 1.5}\n",
        "definitions[0].formula", "disabled_employees / region_code", "「/」只能用于数值"),
    "a definition named like a fact": (
        _HEAD + "definitions:\n  - {name: employees, label: 人数, formula: \"1 + 1\"}\n"
        + _DOC + "        rule: {fact: employees, op: \">=\", value: 1}\n",
        "definitions[0].name", "name: employees", "已是事实的名称"),
    "overlapping parameter periods": (
        _HEAD + "parameters:\n"
        "  - name: wage\n    label: 平均工资\n    values:\n"
        "      - {from: 2024-01-01, value: 1}\n"
        "      - {from: 2025-01-01, value: 2}\n"
        + _DOC + "        rule: {expr: \"employees >= wage\"}\n",
        "parameters[0].values", "from: 2025-01-01", "取值的期间重叠"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_each_bad_catalogue_is_refused_naming_file_line_and_field_and_nothing_is_written(db, tmp_path, name):
    source, field, on_line, words = REFUSED[name]
    before = _counts(db)
    path = tmp_path / "bad.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(CatalogueFileRejected) as info:
        import_catalogue(db, path)
    exc = info.value
    assert exc.file == "bad.yaml"
    found = [p for p in exc.problems if p.field == field]
    assert found, exc.lines()
    problem = found[0]
    assert words in problem.message, problem.message
    assert problem.line is not None and on_line in source.splitlines()[problem.line - 1], (problem.line, exc.lines())
    assert _counts(db) == before
