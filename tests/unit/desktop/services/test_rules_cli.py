"""``kuaixiang rules lint`` and ``rules diff``: text and JSON answers, exit codes, refusals."""

from __future__ import annotations

import json

from test_rules_diff import AS_OF, NEW, OLD, write

from kuaixiang_desktop.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


LINTED = OLD.replace('value: 50}', 'value: 50}\n        tests: [{name: t, enterprise: {employees: 60}, verdict: eligible}]', 1)


def test_lint_lists_findings_and_fails_only_on_errors(capsys, tmp_path):
    path = write(tmp_path, "c.yaml", LINTED)
    code, out, _ = run(capsys, "rules", "lint", str(path))
    assert code == 0 and "c.yaml 第" in out and "no_tests" in out and out.strip().endswith("0 个错误，8 个警告")
    broken = write(tmp_path, "b.yaml", LINTED.replace('op: "<", value: 100}', 'op: "<", value: 100, bad: 1}'))
    code, out, _ = run(capsys, "rules", "lint", str(broken), "--json")
    answer = json.loads(out)
    assert code == 1 and answer["imports"] is False and answer["errors"] == 1
    (error,) = [f for f in answer["findings"] if f["severity"] == "error"]
    assert error["kind"] == "import_error" and error["file"] == "b.yaml" and error["line"] and "bad" in error["message"]


def test_lint_takes_the_catalogues_of_every_level_and_history_and_caps(capsys):
    """National and provincial documents (100000, 370000), history conditions and caps lint
    as they import: no region or leaf that import accepts is an error to lint."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[4]
    for path in (root / "resources" / "catalogue" / "demo.yaml", root / "docs" / "examples" / "issue15-history-caps.yaml",
                 root / "tests" / "data" / "catalogue" / "levels_kinds_evidence.yaml"):
        code, out, _ = run(capsys, "rules", "lint", str(path), "--json")
        answer = json.loads(out)
        assert code == 0 and answer["imports"] is True and answer["errors"] == 0, (path.name, answer["findings"][:3])


def test_lint_of_a_file_that_is_not_a_catalogue_exits_2_naming_it(capsys, tmp_path):
    path = write(tmp_path, "x.yaml", "documents: [\n  {id: a\n")
    code, _, err = run(capsys, "rules", "lint", str(path), "--json")
    answer = json.loads(err)
    assert code == 2 and answer["file"] == "x.yaml" and answer["line"] and "x.yaml" in answer["error"]


def test_diff_of_two_files_as_a_table_and_as_json(capsys, writable_demo_db, tmp_path):
    db = str(writable_demo_db.path)
    old, new = write(tmp_path, "old.yaml", OLD), write(tmp_path, "new.yaml", NEW)
    code, out, _ = run(capsys, "--db", db, "rules", "diff", str(old), str(new), "--as-of", AS_OF.isoformat())
    assert code == 0 and "old.yaml → new.yaml" in out and "新增  new" in out and "删去  gone" in out
    assert "合计：新增 1、删去 1、改动 7 个事项（未变 1）" in out
    code, out, _ = run(capsys, "--db", db, "rules", "diff", str(old), str(new), "--as-of", AS_OF.isoformat(), "--json")
    answer = json.loads(out)
    assert code == 0 and answer["as_of"] == AS_OF.isoformat() and answer["enterprises"] == 3000
    rows = {r["item_id"]: r for r in answer["items"]}
    assert rows["gain"]["gain"] > 0 and rows["paid"]["amount_change"]["cash"].endswith(".00")
    assert answer["amounts_in_python"] == ["rounded"]


def test_diff_refuses_a_bad_file_naming_file_line_and_field(capsys, writable_demo_db, tmp_path):
    bad = write(tmp_path, "new.yaml", NEW.replace('value: 20}', 'value: "二十"}'))
    code, _, err = run(capsys, "--db", str(writable_demo_db.path), "rules", "diff", str(bad), "--json")
    answer = json.loads(err)
    assert code == 2 and answer["file"] == "new.yaml"
    (error,) = answer["errors"]
    assert error["line"] and error["field"].endswith(".rule.value")
    code, _, err = run(capsys, "--db", str(writable_demo_db.path), "rules", "diff", str(bad), "--as-of", "2025-13-01")
    assert code == 2 and "--as-of" in err
