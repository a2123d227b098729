"""History conditions and caps through ``policy import`` (issue 15, items 6–7): the worked
examples import, keep their golden answers once stored and carry their caps in each item's
content; each catalogue that must be refused is refused naming file, line and field, and
nothing is written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.catalogue_files import CatalogueFileRejected
from kuaixiang_core.domain.rules.match import run_golden
from kuaixiang_desktop.services import policies
from kuaixiang_desktop.services.policies import import_catalogue

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples" / "issue15-history-caps.yaml"


def _counts(db):
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                     for t in ("policy_document", "policy_item", "policy_item_version", "fact_definition"))


def test_the_worked_examples_import_and_keep_their_caps_and_answers_from_the_database(db, tmp_path):
    written = import_catalogue(db, EXAMPLES)
    assert written.items_new == 3
    policies._cache.clear()
    cat = policies.compiled_catalogue(db)
    rd = cat.by_id["kj-rd-subsidy"]
    assert [(c.per, c.amount, c.count, c.items) for c in rd.caps] == [
        ("year", None, 3, ("kj-rd-subsidy",)),
        ("year", Decimal("5000000.00"), None, ("kj-rd-subsidy", "kj-gaoqi-first", "kj-zjtx-keep")),
    ]
    for item in cat.items:
        results = run_golden(item, cat.declared)
        assert results and all(r.passed for r in results), [r.message for r in results]
    again = import_catalogue(db, EXAMPLES)
    assert (again.items_new, again.items_changed) == (0, 0)  # caps and history stored as written
    lowered = tmp_path / "lowered.yaml"
    lowered.write_text(EXAMPLES.read_text(encoding="utf-8").replace('amount: "5000000"', 'amount: "4000000"'),
                       encoding="utf-8")
    assert import_catalogue(db, lowered).items_changed == 3  # a document's cap is every item's content


_DOC = """\
format: 1
documents:
  - id: d-1
    title: 测试文件
    issuer: 测试局
    level: 市级
    region: "371500"
    effective_from: 2024-01-01
{caps}    items:
      - id: x-1
        title: 测试事项
        department: 测试局
        mode: online
        benefit: {benefit}
        rule: {rule}
      - id: x-2
        title: 另一事项
        department: 测试局
        mode: online
        rule: {{fact: employees, op: ">", value: 1}}
"""


def _file(rule='{fact: employees, op: ">", value: 1}', caps="", benefit='{amount: "1000"}'):
    return _DOC.format(rule=rule, caps=caps, benefit=benefit)


REFUSED = {
    "a cap with no limit": (
        _file(caps="    caps:\n      - {per: year, clause: 第九条}\n"),
        "documents[0].caps[0].amount", "- {per: year, clause", "上限缺少限额"),
    "a cap with both an amount and a count": (
        _file(caps="    caps:\n      - {per: year, amount: \"100\", count: 2}\n"),
        "documents[0].caps[0].count", "count: 2", "只能写一项"),
    "a cap of a zero amount": (
        _file(caps="    caps:\n      - {per: year, amount: 0}\n"),
        "documents[0].caps[0].amount", "amount: 0", "大于 0"),
    "a cap per an unknown period": (
        _file(caps="    caps:\n      - {per: month, count: 2}\n"),
        "documents[0].caps[0].per", "per: month", "year（自然年度）或 period"),
    "a cap naming an item of no document of its own": (
        _file(caps="    caps:\n      - {items: [x-1, x-9], count: 2}\n"),
        "documents[0].caps[0].items", "items: [x-1, x-9]", "「x-9」不是本政策文件的事项"),
    "an amount cap over an item without an amount": (
        _file(caps="    caps:\n      - {items: [x-2], amount: \"100\"}\n"),
        "documents[0].caps[0].amount", "items: [x-2]", "事项「x-2」的待遇没有金额"),
    "an item's own cap with no limit": (
        _file().replace("        benefit: {amount: \"1000\"}\n",
                        "        benefit: {amount: \"1000\"}\n        caps: [{per: year}]\n"),
        "documents[0].items[0].caps[0].amount", "caps: [{per: year}]", "上限缺少限额"),
    "a held condition on an undeclared tag": (
        _file(rule="{held: {tag: 示范企业, years: 2}}"),
        "documents[0].items[0].rule.held.tag", "rule: {held:", "未知的资质「示范企业」"),
    "a first time on an undeclared item": (
        _file(rule="{first_time: {application: x-9}}"),
        "documents[0].items[0].rule.first_time.application", "rule: {first_time:", "未知的事项「x-9」"),
    "within more months than allowed": (
        _file(rule="{within: {fact: established, months: 601}}"),
        "documents[0].items[0].rule.within.months", "months: 601", "months 应为 1–600 的整数"),
    "held for more years than allowed": (
        _file(rule="{all: [{held: {tag: 高新技术企业, years: 21}}]}"),
        "documents[0].items[0].rule.all[0].held.years", "years: 21", "years 应为 1–20 的整数"),
    "within of a fact that is no date": (
        _file(rule="{within: {fact: employees, months: 12}}"),
        "documents[0].items[0].rule.within.fact", "fact: employees", "只能用于日期事实"),
    "within with both months and years": (
        _file(rule="{within: {fact: established, months: 12, years: 1}}"),
        "documents[0].items[0].rule.within.years", "years: 1", "应有且只有 months 或 years 之一"),
    "a golden test's earlier application of an unknown item": (
        _file() + "        tests:\n          - verdict: eligible\n            enterprise: {employees: 5}\n"
        "            history: [{item: x-9, date: 2024-03-01}]\n",
        "documents[0].items[1].tests[0].history[0].item", "item: x-9", "未知的事项「x-9」"),
    "a golden test's earlier application without a date": (
        _file() + "        tests:\n          - verdict: eligible\n            enterprise: {employees: 5}\n"
        "            history: [{item: x-1, amount: \"10\"}]\n",
        "documents[0].items[1].tests[0].history[0].date", "item: x-1", "缺少申请日期"),
}
# (The golden tests are appended to the file's last item, x-2.)


def _refused(db, tmp_path, source):
    before = _counts(db)
    path = tmp_path / "bad.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(CatalogueFileRejected) as info:
        import_catalogue(db, path)
    assert _counts(db) == before
    assert info.value.file == "bad.yaml"
    return info.value


@pytest.mark.parametrize("name", REFUSED)
def test_each_bad_catalogue_is_refused_naming_file_line_and_field_and_nothing_is_written(db, tmp_path, name):
    source, field, on_line, words = REFUSED[name]
    exc = _refused(db, tmp_path, source)
    found = [p for p in exc.problems if p.field == field]
    assert found, exc.lines()
    problem = found[0]
    assert words in problem.message, problem.message
    assert problem.line is not None and on_line in source.splitlines()[problem.line - 1], (problem.line, exc.lines())


@pytest.mark.parametrize("kind", ["deduction", "in_kind"])
def test_an_amount_cap_over_a_benefit_that_is_not_cash_is_refused(db, tmp_path, kind):
    """A deduction base or a value in kind (Benefit.kind) has an amount, but a sum of 元 paid
    cannot cap it."""
    source = _file(caps="    caps:\n      - {items: [x-1], amount: \"100\", clause: 第九条}\n",
                   benefit=f'{{kind: {kind}, amount: "1000"}}')
    exc = _refused(db, tmp_path, source)
    (problem,) = [p for p in exc.problems if p.field == "documents[0].caps[0].amount"]
    assert f"只适用于现金待遇：事项「x-1」的待遇类别是「{kind}」" in problem.message
    assert "items: [x-1]" in source.splitlines()[problem.line - 1]
