"""Formulas typed at import (issue 15, item 8): a comparison of the wrong types is refused by
``policy import`` naming file, line, field and column, every one at once, and nothing is
written; what is accepted matches without a crash."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from kuaixiang_core.catalogue_files import CatalogueFileRejected
from kuaixiang_core.domain.rules.catalogue import check_catalogue
from kuaixiang_core.domain.rules.match import facts_from_mapping
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services.policies import import_catalogue

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"

_HEAD = """\
format: 1
facts:
  - {name: first_cert, type: bool, label: 首次认定}
  - {name: certified_on, type: date, label: 认定日期}
documents:
  - id: d-1
    title: 测试文件
    issuer: 测试局
    level: 市级
    region: "371500"
    items:
"""


def _item(n: int, formula: str) -> str:
    return f"""\
      - id: x-{n}
        title: 测试事项{n}
        department: 测试局
        mode: online
        rule: {{fact: employees, op: ">=", value: 1}}
        benefit:
          formula: "{formula}"
"""


def _catalogue(*formulas: str) -> str:
    return _HEAD + "".join(_item(n, f) for n, f in enumerate(formulas, 1))


def _counts(db):
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                     for t in ("policy_document", "policy_item", "policy_item_version", "fact_definition"))


BAD = [
    # formula, the words, the column within the formula
    ("if(first_cert == 'true', 150000, 100000)", "是/否请写 true 或 false，不加引号：「first_cert == true」", 18),
    ("if(certified_on >= '2025-13-01', 150000, 100000)", "日期应写作 'YYYY-MM-DD'", 20),
    ("if(size_class == '大型', 1, 2)", "企业规模只能是 'large'（大型）、'medium'（中型）、'small'（小型）、'micro'（微型）（写代码）；「'大型'」请写作 'large'", 18),
    ("employees + region_code", "「+」只能用于数值，「region_code」是文字", 13),
    ("if(employees, 1, 2)", "if 的条件应为比较", 4),
    ("if(first_cert, 1, 'x')", "if 的两个结果类型不同", 19),
    ("certified_on", "公式的结果应为金额（数值），此处是日期", 1),
]


def test_every_formula_of_the_wrong_types_is_named_with_file_line_field_and_column_and_nothing_is_written(
        db, tmp_path):
    import_catalogue(db, MINI)
    before = _counts(db)
    path = tmp_path / "typed.yaml"
    path.write_text(_catalogue(*(f for f, _w, _c in BAD)), encoding="utf-8")
    with pytest.raises(CatalogueFileRejected) as info:
        import_catalogue(db, path)
    exc = info.value
    assert exc.file == "typed.yaml"
    assert len(exc.problems) == len(BAD), exc.lines()  # all at once, one each
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, (problem, (formula, words, column)) in enumerate(zip(exc.problems, BAD)):
        assert problem.field == f"documents[0].items[{n}].benefit.formula"
        assert problem.message.startswith("公式的类型不对："), problem.message
        assert words in problem.message, problem.message
        assert f"（第 {column} 个字符）" in problem.message, problem.message
        assert formula in lines[problem.line - 1]  # the line is the formula's own
    assert _counts(db) == before


def test_policy_import_prints_the_file_line_field_and_column(db, tmp_path, capsys):
    before = _counts(db)
    path = tmp_path / "one.yaml"
    path.write_text(_catalogue("if(first_cert == 'true', 150000, 100000)"), encoding="utf-8")
    assert main(["--db", str(db.path), "policy", "import", str(path), "--json"]) == 2
    (error,) = json.loads(capsys.readouterr().err)["errors"]
    assert error["file"] == "one.yaml" and error["line"] == 18
    assert error["field"] == "documents[0].items[0].benefit.formula"
    assert "（第 18 个字符）" in error["message"] and "first_cert == true" in error["message"]
    assert _counts(db) == before


def test_the_issue_formulas_written_right_are_accepted_and_take_the_right_branch():
    import yaml

    data = yaml.safe_load(_catalogue(
        "if(first_cert == true, 150000, 100000)",
        "if(certified_on >= '2025-01-01', 150000, 100000)",
        "if(size_class == 'large', 1, 2)",
    ))
    cat = check_catalogue(data)
    declared = {f.name: f for f in cat.facts}
    first, certified, size = (i.benefit.formula for i in cat.items)
    as_of = dt.date(2026, 1, 1)

    def amount(formula, **enterprise):
        return formula.evaluate(facts_from_mapping(enterprise, declared, as_of).values)

    assert amount(first, first_cert=True) == Decimal("150000.00")
    assert amount(first, first_cert="否") == Decimal("100000.00")
    assert amount(certified, certified_on="2025-01-01") == Decimal("150000.00")
    assert amount(certified, certified_on="2024-12-31") == Decimal("100000.00")
    assert amount(size, size_class="large") == Decimal("1.00")
    assert amount(size, size_class="small") == Decimal("2.00")
    assert amount(size) is None  # unknown size: no amount, not the else branch



def test_a_formula_stored_before_formulas_were_typed_gives_no_amount_and_the_catalogue_still_compiles(db, tmp_path):
    from kuaixiang_desktop.services import policies

    path = tmp_path / "good.yaml"
    path.write_text(_catalogue("if(first_cert == true, 150000, 100000)", "employees * 10"), encoding="utf-8")
    import_catalogue(db, path)
    with db.engine.begin() as conn:  # as an import before this check would have stored it
        changed = conn.execute(text(
            "UPDATE policy_item_version SET content_json = replace(content_json, 'first_cert == true', "
            "'first_cert == ''true''') WHERE item_id = 'x-1'")).rowcount
    assert changed == 1
    policies._cache.clear()
    cat = policies.compiled_catalogue(db)
    wrong, right = cat.by_id["x-1"], cat.by_id["x-2"]
    assert wrong.benefit.formula.source == "if(first_cert == 'true', 150000, 100000)"
    assert wrong.benefit.formula.evaluate({"first_cert": True}) is None  # no amount, not the wrong one
    assert right.benefit.formula.evaluate({"employees": Decimal(3)}) == Decimal("30.00")
