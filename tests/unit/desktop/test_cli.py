"""The `kuaixiang` command contract: JSON shapes and exit codes of DESIGN §7."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_desktop.cli import main

HUAWEI = "914403001922038216"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_code_check_valid(capsys):
    code, out, _ = run(capsys, "code", "check", " 9144 0300-1922 0382 16 ", "--json")
    assert code == 0
    assert json.loads(out) == {"valid": True, "kind": "uscc", "normalized": HUAWEI, "error": None}


def test_code_check_invalid_is_a_negative_answer(capsys):
    code, out, _ = run(capsys, "--json", "code", "check", HUAWEI[:-1] + "7")
    body = json.loads(out)
    assert code == 1
    assert body["valid"] is False and "校验位" in body["error"]


def test_code_check_resident_id(capsys):
    code, out, _ = run(capsys, "code", "check", "11010519491231002x", "--json")
    assert code == 0
    assert json.loads(out)["kind"] == "resident_id"
    assert json.loads(out)["normalized"] == "11010519491231002X"


def test_usage_error_is_exit_2_with_json_on_stderr(capsys):
    code, out, err = run(capsys, "--json", "code", "frobnicate")
    assert code == 2 and out == ""
    assert "error" in json.loads(err)


def test_size_class(capsys):
    code, out, _ = run(capsys, "size-class", "--industry", "C34", "--employees", "1000", "--revenue", "40000", "--json")
    assert code == 0
    assert json.loads(out) == {"size_class": "large", "industry_group": "工业"}
    code, out, _ = run(capsys, "size-class", "--industry", "34", "--employees", "999", "--revenue", "40000", "--json")
    assert json.loads(out)["size_class"] == "medium"


@pytest.mark.parametrize(
    "argv",
    [
        ["--industry", "ZZ"],
        ["--industry", "34", "--revenue", "abc"],
        ["--industry", "34", "--revenue", "-5"],
        ["--industry", "34", "--employees", "-1"],
        ["--industry", "34", "--revenue", "NaN"],
    ],
)
def test_size_class_bad_input(capsys, argv):
    code, out, err = run(capsys, "size-class", *argv, "--json")
    assert code == 2 and out == ""
    assert json.loads(err)["error"]


def test_enterprise_search_and_show(capsys, demo_db_path):
    code, out, _ = run(capsys, "--db", str(demo_db_path), "enterprise", "search", "有限公司", "--limit", "3", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 3
    assert set(hits[0]) == {"credit_code", "name", "region_code", "region_name", "size_class"}
    code, out, _ = run(capsys, "enterprise", "show", hits[0]["credit_code"].lower(), "--db", str(demo_db_path), "--json")
    record = json.loads(out)
    assert code == 0
    assert record["credit_code"] == hits[0]["credit_code"]
    assert record["size_class"] in ("large", "medium", "small", "micro", None)
    assert isinstance(record["tags"], list)
    assert "*" in (record["contact_phone"] or "*")


def test_enterprise_show_unknown_and_invalid(capsys, db):
    code, _, err = run(capsys, "--db", str(db.path), "enterprise", "show", make_uscc("91371502MA3C99999"), "--json")
    assert code == 1 and "没有" in json.loads(err)["error"]
    code, _, err = run(capsys, "--db", str(db.path), "enterprise", "show", "9137150", "--json")
    assert code == 2 and "长度" in json.loads(err)["error"]


def test_licence_link_search_says_so(capsys, db):
    code, _, err = run(capsys, "--db", str(db.path), "enterprise", "search", "https://www.gsxt.gov.cn/%7BABCDEF%7D", "--json")
    assert code == 2
    assert "国家企业信用信息公示系统" in json.loads(err)["error"]


def test_unusable_database_is_an_environment_error(capsys, tmp_path):
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    code, _, err = run(capsys, "--db", str(bad), "init", "--json")
    assert code == 3
    assert json.loads(err)["error"]


def test_demo_and_bench(capsys, tmp_path):
    dbp = str(tmp_path / "b.sqlite3")
    code, out, _ = run(capsys, "--db", dbp, "demo", "--enterprises", "300", "--seed", "4", "--json")
    assert code == 0 and json.loads(out)["enterprises"] == 300
    report_path = tmp_path / "bench.json"
    code, out, _ = run(capsys, "--db", dbp, "bench", "--enterprises", "300", "--repeat", "10", "--search-only", "--out", str(report_path), "--json")
    assert code == 0
    report = json.loads(report_path.read_text(encoding="utf-8"))
    names = {m["name"] for m in report["metrics"]}
    assert {"search_code_exact", "search_name_1char", "search_name_2char", "search_name_4char",
            "search_pinyin_initials", "demo_load", "db_size"} <= names
    for m in report["metrics"]:
        if "p95_ms" in m:
            assert set(m) >= {"name", "p50_ms", "p95_ms", "baseline_p95_ms", "ratio"}


def test_console_script_runs():
    # The installed entry point, not just main(): packaging must expose it.
    exe = Path(sys.executable).parent / "kuaixiang"
    proc = subprocess.run([str(exe), "code", "check", HUAWEI, "--json"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["valid"] is True
