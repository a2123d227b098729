"""政策沙盘 (``rules diff``, docs/rules.md §13): the counts and amounts worked out in SQL agree
with the engine's Python matching over the same enterprises, item by item; bad files are
refused naming file and line, and nothing is written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import text

from kuaixiang_core.domain.rules.evaluate import Facts, TagValue
from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_desktop.services.policies import compiled_catalogue, import_catalogue
from kuaixiang_desktop.services.rules_diff import (
    DiffInputError,
    Version,
    diff_catalogues,
    diff_versions,
    enterprise_facts_bulk,
    file_version,
    installed_version,
)

AS_OF = dt.date(2025, 6, 30)

HEAD = """\
format: 1
documents:
  - id: d-city
    title: 市级文件
    issuer: 市局
    level: 市级
    region: "371500"
    effective_from: 2024-01-01
    items:
"""
COUNTY = """\
  - id: d-county
    title: 县级文件
    issuer: 区局
    level: 县级
    region: "371502"
    effective_from: 2024-01-01
    items:
"""


def item(ident: str, rule: str, benefit: str) -> str:
    return (f"      - id: {ident}\n        title: 事项{ident}\n        department: 局\n        mode: online\n"
            f"        rule: {rule}\n        benefit: {benefit}\n")


OLD = HEAD + "".join([
    item("gain", '{fact: employees, op: ">=", value: 50}', '{amount: "1000"}'),
    item("lose", '{fact: employees, op: "<", value: 100}', '{formula: "revenue * 0.001"}'),
    item("paid", '{fact: revenue, op: ">=", value: 1000000}', '{amount: "500"}'),
    item("formula", '{fact: employees, op: ">=", value: 10}', '{formula: "registered_capital * 0.0005"}'),
    item("rounded", '{fact: employees, op: ">=", value: 20}', '{formula: "round(revenue / 3, 1)"}'),
    item("gone", '{fact: size_class, op: in, value: [small, micro]}', '{amount: "300"}'),
    item("words", '{fact: employees, op: ">=", value: 10}', '{text: 旧说法}'),
    item("same", '{fact: dishonest, op: "==", value: false}', '{amount: "10"}'),
]) + COUNTY + item("county", '{fact: employees, op: ">=", value: 5}', '{amount: "200"}')

NEW = HEAD + "".join([
    item("gain", '{fact: employees, op: ">=", value: 20}', '{amount: "1000"}'),
    item("lose", '{all: [{fact: employees, op: "<", value: 100}, {fact: layoff_rate, op: "<=", value: 3}]}',
         '{formula: "revenue * 0.001"}'),
    item("paid", '{fact: revenue, op: ">=", value: 1000000}', '{amount: "800"}'),
    item("formula", '{fact: employees, op: ">=", value: 10}', '{formula: "registered_capital * 0.0006"}'),
    item("rounded", '{fact: employees, op: ">=", value: 40}', '{formula: "round(revenue / 3, 1)"}'),
    item("words", '{fact: employees, op: ">=", value: 10}', '{text: 新说法}'),
    item("same", '{fact: dishonest, op: "==", value: false}', '{amount: "10"}'),
    item("new", '{all: [{fact: tags, op: has, value: 高新技术企业}, {fact: age_years, op: ">=", value: 3}]}',
         '{formula: "min(rd_expense * 0.1, 500000)"}'),
]) + COUNTY + item("county", '{fact: employees, op: ">=", value: 8}', '{amount: "200"}')


def write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def population(db) -> list[Facts]:
    with db.engine.connect() as conn:
        ids = list(conn.execute(text("SELECT id FROM enterprise ORDER BY id")).scalars())
        tags = defaultdict(list)
        for eid, tag, vf, vt in conn.execute(text("SELECT enterprise_id, tag, valid_from, valid_to FROM enterprise_tag")):
            tags[eid].append(TagValue(tag, vf and dt.date.fromisoformat(vf), vt and dt.date.fromisoformat(vt)))
        declared = compiled_catalogue(db).declared
        return [Facts(f.values, tags.get(eid, ()), AS_OF) for eid, f in enterprise_facts_bulk(conn, ids, AS_OF, declared)]


def python_impact(version_old: Version, version_new: Version, item_id: str, facts_list: list[Facts]):
    """What matching each enterprise in Python says: gain, lose, amount change by kind."""
    def eligible(version, facts):
        entry = version.items.get(item_id)
        if entry is None or not entry[0].in_force(AS_OF) or entry[1] not in ("371500", facts.get("region_code")):
            return None
        return entry[0] if entry[0].rule.verdict(facts, near_miss=False)[0] == "eligible" else None

    gain = lose = 0
    change: dict[str, Decimal] = defaultdict(Decimal)
    for facts in facts_list:
        before, after = eligible(version_old, facts), eligible(version_new, facts)
        gain += bool(after and not before)
        lose += bool(before and not after)
        for found, sign in ((before, -1), (after, 1)):
            if found is not None:
                facts.amounts.clear()
                amount = benefit_amount(found.benefit, facts)
                if amount is not None:
                    change[found.benefit.kind] += sign * amount
    return gain, lose, {k: v for k, v in change.items() if v or k}


@pytest.fixture
def files(tmp_path):
    return write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW)


def test_sql_counts_and_amounts_agree_with_python_matching_item_by_item(writable_demo_db, files):
    db = writable_demo_db
    old, new = file_version(db, files[0]), file_version(db, files[1])
    report = diff_versions(db, old, new, AS_OF)
    rows = {r.item_id: r for r in report.items}
    assert {i: r.change for i, r in rows.items()} == {
        "gain": "changed", "lose": "changed", "paid": "changed", "formula": "changed", "rounded": "changed",
        "words": "changed", "gone": "removed", "new": "added", "county": "changed"}
    assert report.totals.unchanged == 1 and report.enterprises == 3000
    everyone = population(db)
    for item_id, row in rows.items():
        gain, lose, change = python_impact(old, new, item_id, everyone)
        assert (row.gain, row.lose) == (gain, lose), item_id
        assert {k: v for k, v in row.amount_change.items() if v} == {k: v for k, v in change.items() if v}, item_id
    # The cases are not empty: each moves somebody or some money.
    assert rows["gain"].gain > 0 and rows["gain"].lose == 0
    assert rows["lose"].lose > 0 and rows["lose"].gain == 0
    assert rows["gone"].lose > 0 and rows["new"].gain > 0 and rows["county"].lose > 0
    assert rows["paid"].amount_change["cash"] > 0 and rows["formula"].amount_change["cash"] > 0
    assert rows["words"].gain == rows["words"].lose == 0 and rows["words"].amount_change == {}
    assert report.python_amounts == ("rounded",)  # round() has no SQL form


def test_the_change_is_counted_by_benefit_kind(writable_demo_db, files):
    db = writable_demo_db
    old, new = file_version(db, files[0]), file_version(db, files[1])
    for version, kind in ((old, "cash"), (new, "deduction")):
        entry = version.items["formula"][0]
        entry.benefit = dataclasses.replace(entry.benefit, kind=kind)
    row = next(r for r in diff_versions(db, old, new, AS_OF).items if r.item_id == "formula")
    gain, lose, change = python_impact(old, new, "formula", population(db))
    assert row.amount_change == change and change["cash"] < 0 < change["deduction"]


def test_the_installed_catalogue_against_a_file(writable_demo_db, files):
    db = writable_demo_db
    import_catalogue(db, files[0])
    by_files = diff_catalogues(db, files[0], files[1], AS_OF)
    installed = diff_catalogues(db, None, files[1], AS_OF)
    assert installed.old_name == "本机目录"
    assert [r.to_json() for r in installed.items] == [r.to_json() for r in by_files.items]
    assert installed.to_json()["totals"] == by_files.to_json()["totals"]


@pytest.mark.parametrize("name, body, where", [
    ("bad.yaml", HEAD + "      - id: [unclosed\n", "bad.yaml"),
    ("enterprises.csv", "统一社会信用代码,名称\n", "enterprises.csv"),
    ("list.json", '[{"credit_code": "x"}]', "list.json"),
    ("typo.yaml", HEAD + item("x", '{fact: employees, op: ">=", value: "五十"}', '{amount: "1"}'), "typo.yaml"),
])
def test_a_file_that_is_not_a_catalogue_is_refused_naming_it_and_changes_nothing(writable_demo_db, tmp_path, files, name, body, where):
    db = writable_demo_db
    import_catalogue(db, files[0])
    before = installed_version(db).items.keys()
    with pytest.raises(DiffInputError) as caught:
        diff_catalogues(db, None, write(tmp_path, name, body), AS_OF)
    assert caught.value.file == where and caught.value.lines and all(line.startswith(where) for line in caught.value.lines)
    assert installed_version(db).items.keys() == before
