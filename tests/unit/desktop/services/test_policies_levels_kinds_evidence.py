"""Issue 15, items 4, 5 and 10: document levels (国家级 … 县级), kinds of benefit and the
evidence that proves a fact. The catalogue tests/data/catalogue/levels_kinds_evidence.yaml
passes its golden tests, imports, and matches and reaches by level; every new refusal names
file, line and field and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.catalogue_files import CatalogueFileRejected
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord, FactValue
from kuaixiang_core.domain.rules.benefit_kinds import totals_by_kind
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue, import_catalogue
from kuaixiang_desktop.services.reach import reach
from kuaixiang_desktop.store.enterprises import write_enterprises

CATALOGUE = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "levels_kinds_evidence.yaml"
MINI = CATALOGUE.with_name("mini.yaml")
AS_OF = dt.date(2025, 6, 30)


def _counts(db):
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                     for t in ("policy_document", "policy_item", "policy_item_version", "fact_definition"))


def _code(region: str, n: int) -> str:
    return make_uscc(f"91{region}{n:09d}")


def _records():
    facts = [FactValue("rd_expense", "800000", dt.date(2025, 1, 1)), FactValue("export_credit_premium", "20000", dt.date(2025, 1, 1))]
    return [
        EnterpriseRecord(credit_code=_code("371502", 1), name="东昌府企业", region_code="371502", insured_employees=5,
                         established=dt.date(2024, 3, 1), facts=facts),
        EnterpriseRecord(credit_code=_code("371581", 2), name="临清企业", region_code="371581", insured_employees=5,
                         established=dt.date(2024, 3, 1), facts=facts),
        EnterpriseRecord(credit_code=_code("371502", 3), name="开发区企业", region_code="Z01", insured_employees=5,
                         established=dt.date(2024, 3, 1)),
    ]


@pytest.fixture
def loaded(db):
    import_catalogue(db, CATALOGUE)
    with db.engine.begin() as conn:
        write_enterprises(conn, _records())
    return db


def test_the_catalogue_passes_its_golden_tests(capsys):
    assert main(["rules", "test", str(CATALOGUE), "--json"]) == 0
    run = json.loads(capsys.readouterr().out)
    assert run["failed"] == 0 and run["passed"] == 6, run


def test_each_level_reaches_its_regions_in_match_and_in_reach(loaded):
    cat = compiled_catalogue(loaded)
    seen = {region: {i.id for i in cat.for_region(region)} for region in ("371502", "371581", "Z01")}
    assert seen["371502"] == {"gj-rd-deduction", "sd-ui-rate", "lc-export-premium", "dcf-space-free"}
    assert seen["371581"] == seen["Z01"] == {"gj-rd-deduction", "sd-ui-rate", "lc-export-premium"}
    # reach agrees: the 省级 rate cut reaches all three (the zone lies within the province),
    # the 县级 place only 东昌府区's enterprise.
    assert reach(loaded, "sd-ui-rate", AS_OF).total == 3
    page = reach(loaded, "dcf-space-free", AS_OF)
    assert [e.region_code for e in page.enterprises] == ["371502"]


def test_amounts_keep_their_kind_and_missing_facts_name_their_evidence(loaded):
    result = match_enterprise(loaded, _code("371502", 1), AS_OF)
    by_id = {m.item_id: m for m in result.items}
    assert by_id["lc-export-premium"].benefit.kind == "cash"
    assert by_id["lc-export-premium"].benefit.cash == Decimal("10000.00")
    deduction = by_id["gj-rd-deduction"]  # rd_staff unknown: 需核实
    assert deduction.benefit.kind == "deduction" and deduction.benefit.cash is None
    assert deduction.verdict == "unknown" and deduction.bring == ("研发人员花名册",)
    assert deduction.to_json()["bring"] == ["研发人员花名册"]
    assert by_id["sd-ui-rate"].benefit.kind == "rate_cut" and by_id["sd-ui-rate"].benefit.amount is None
    assert by_id["dcf-space-free"].benefit.kind == "in_kind"
    totals = totals_by_kind((m.benefit.kind, m.benefit.amount) for m in result.items if m.group in ("due", "eligible"))
    assert totals == {"cash": Decimal("10000.00"), "in_kind": Decimal("12000.00")}
    # The stored item keeps the evidence its catalogue declared (and so does its content hash).
    item = compiled_catalogue(loaded).by_id["lc-export-premium"]
    assert item.evidence == {"export_credit_premium": "出口信用保险保单及缴费凭证"}


def test_an_enterprise_missing_a_built_in_fact_is_asked_for_its_built_in_evidence(loaded):
    result = match_enterprise(loaded, _code("371502", 3), AS_OF)
    export = next(m for m in result.items if m.item_id == "lc-export-premium")
    assert export.verdict == "unknown" and export.bring == ("出口信用保险保单及缴费凭证",)
    deduction = next(m for m in result.items if m.item_id == "gj-rd-deduction")
    # rd_expense's document is the built-in one (evidence.BUILTIN_EVIDENCE), rd_staff the catalogue's.
    assert set(deduction.bring) == {"研发费用加计扣除辅助账", "研发人员花名册"}


_BASE = """\
format: 1
facts:
  - {name: rd_staff, type: number, label: 研发人员数}
documents:
  - id: d-1
    title: 测试文件
    issuer: 测试局
    level: 市级
    region: "371500"
    items:
      - id: x-1
        title: 测试事项
        department: 测试局
        mode: online
        rule: {fact: employees, op: ">=", value: 1}
        benefit: {amount: "100"}
"""

REFUSED = [
    # what to change, the line, the field, words of the message
    (("level: 市级", "level: 乡级"), 8, "documents[0].level", "国家级、省级、市级、县级"),
    (('level: 市级\n    region: "371500"', 'level: 省级\n    region: "371502"'), 9, "documents[0].region", "省级文件的行政区划代码"),
    (('level: 市级\n    region: "371500"', 'level: 国家级\n    region: "370000"'), 9, "documents[0].region", "100000"),
    (('level: 市级\n    region: "371500"', 'level: 县级\n    region: "371500"'), 9, "documents[0].region", "县级文件"),
    (('level: 市级\n    region: "371500"', 'level: 省级\n    region: "110000"'), 9, "documents[0].region", "未知的行政区划代码"),
    (('benefit: {amount: "100"}', 'benefit: {amount: "100", kind: voucher}'), 16, "documents[0].items[0].benefit.kind",
     "未知的优惠类型"),
    (('benefit: {amount: "100"}', 'benefit: {amount: "100", kind: rate_cut}'), 16, "documents[0].items[0].benefit.kind",
     "不是一笔钱"),
    (("label: 研发人员数}", "label: 研发人员数, evidence: \"" + "证" * 61 + "\"}"), 3, "facts[0].evidence", "最多 60 个字"),
    (("label: 研发人员数}", "label: 研发人员数, evidence: [花名册]}"), 3, "facts[0].evidence", "证明材料的名称"),
    (('benefit: {amount: "100"}', 'benefit: {amount: "100"}\n        evidence: {no_such: 证明}'), 17,
     "documents[0].items[0].evidence.no_such", "未知的事实"),
]


@pytest.mark.parametrize(("change", "line", "field", "words"), REFUSED, ids=[r[2] + ":" + r[3] for r in REFUSED])
def test_each_new_refusal_names_file_line_and_field_and_writes_nothing(db, tmp_path, change, line, field, words):
    import_catalogue(db, MINI)
    before = _counts(db)
    old, new = change
    assert old in _BASE
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(_BASE.replace(old, new)), encoding="utf-8")
    with pytest.raises(CatalogueFileRejected) as info:
        import_catalogue(db, path)
    exc = info.value
    assert exc.file == "bad.yaml"
    assert [(p.line, p.field) for p in exc.problems] == [(line, field)], exc.lines()
    assert words in exc.problems[0].message, exc.problems[0].message
    assert _counts(db) == before


def test_policy_import_prints_file_line_and_field_of_a_level_mismatch(db, tmp_path, capsys):
    path = tmp_path / "one.yaml"
    path.write_text(_BASE.replace('level: 市级\n    region: "371500"', 'level: 省级\n    region: "371502"'), encoding="utf-8")
    assert main(["--db", str(db.path), "policy", "import", str(path), "--json"]) == 2
    (error,) = json.loads(capsys.readouterr().err)["errors"]
    assert (error["file"], error["line"], error["field"]) == ("one.yaml", 9, "documents[0].region")


def test_the_notice_asks_for_the_evidence_of_the_facts_the_application_was_filed_without(loaded):
    from kuaixiang_desktop.services.receipts import _bring_as_filed

    result = match_enterprise(loaded, _code("371502", 3), AS_OF)
    matched = next(m for m in result.items if m.item_id == "gj-rd-deduction")
    trace = json.dumps({"verdict": matched.verdict, "conditions": [c.to_json() for c in matched.conditions]})
    item = compiled_catalogue(loaded).by_id["gj-rd-deduction"]
    assert _bring_as_filed(trace, item) == ["研发费用加计扣除辅助账", "研发人员花名册"]
    assert _bring_as_filed("not json", item) == [] and _bring_as_filed(None, item) == []


def test_kuaixiang_match_says_amounts_as_their_kind_and_what_to_bring(loaded, capsys):
    assert main(["--db", str(loaded.path), "match", _code("371502", 3), "--as-of", AS_OF.isoformat(), "--all"]) == 0
    out = capsys.readouterr().out
    assert "请携带：研发费用加计扣除辅助账、研发人员花名册" in out
    assert main(["--db", str(loaded.path), "match", _code("371502", 1), "--as-of", AS_OF.isoformat(), "--all"]) == 0
    out = capsys.readouterr().out
    assert "可加计扣除额 约 800000.00 元" in out and "请携带：研发人员花名册" in out
    assert "约 10000.00 元" in out and "实物/服务 折合约 12000.00 元" in out
