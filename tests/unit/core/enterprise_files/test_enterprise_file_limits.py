"""Enterprise files with bounds (issue 13, item 12): rows and bytes, by argument or by the
environment; the first limit reached rejects the file with an error that names the file and
the limit, and the rest of the file is not read."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.enterprise_files import ImportRejected, read_file

# The documented names (the import commands' --help says them too).
ENV_MAX_ROWS, ENV_MAX_MB = "KUAIXIANG_IMPORT_MAX_ROWS", "KUAIXIANG_IMPORT_MAX_MB"
HEADER = "credit_code,name,region_code\n"


def code(n: int) -> str:
    return make_uscc(f"91371502{n:09d}")


def good_lines(count: int) -> str:
    return "".join(f"{code(n)},聊城市测试{n}有限公司,371502\n" for n in range(1, count + 1))


def rejection(path: Path, **kwargs) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        read_file(path, {}, **kwargs)
    return info.value


@pytest.fixture(autouse=True)
def _no_limits_from_outside(monkeypatch):
    monkeypatch.delenv(ENV_MAX_ROWS, raising=False)
    monkeypatch.delenv(ENV_MAX_MB, raising=False)


# --- rows ---------------------------------------------------------------------------------------------------


def test_a_csv_beyond_the_row_limit_is_rejected_and_the_rest_is_not_read(tmp_path, monkeypatch):
    # 20 good rows, then rows that would each be an error if they were read.
    path = tmp_path / "企业.csv"
    path.write_text(HEADER + good_lines(20) + "不是代码,x,000000\n" * 5000, encoding="utf-8")
    monkeypatch.setenv(ENV_MAX_ROWS, "21")
    rejected = rejection(path)
    assert rejected.total == 1, rejected.errors[:3]  # only the limit: no row past it was looked at
    [error] = rejected.errors
    assert error.file == "企业.csv" and error.row is None
    assert "最多 21 行" in error.reason and "--max-rows" in error.reason and ENV_MAX_ROWS in error.reason
    assert str(rejected).startswith("企业.csv：")


def test_the_row_limit_counts_every_row_of_the_file_header_included(tmp_path, monkeypatch):
    from kuaixiang_core.untrusted.files import FileLimits

    path = tmp_path / "e.csv"
    path.write_text(HEADER + good_lines(20), encoding="utf-8")
    monkeypatch.setenv(ENV_MAX_ROWS, "21")
    assert len(read_file(path, {})) == 20
    # An argument wins over the environment.
    assert "最多 20 行" in rejection(path, limits=FileLimits(max_rows=20)).errors[0].reason


def test_an_xlsx_beyond_the_row_limit_stops_at_it(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["credit_code", "name", "region_code"])
    for n in range(1, 31):
        sheet.append([code(n), f"测试{n}有限公司", "371502"])
    for _ in range(3000):
        sheet.append(["不是代码", "x", "000000"])
    book.save(tmp_path / "e.xlsx")
    monkeypatch.setenv(ENV_MAX_ROWS, "31")
    rejected = rejection(tmp_path / "e.xlsx")
    assert rejected.total == 1 and "最多 31 行" in rejected.errors[0].reason


def test_a_json_list_beyond_the_limit_is_rejected(tmp_path, monkeypatch):
    doc = [{"credit_code": code(n), "name": f"测试{n}", "region_code": "371502"} for n in range(1, 12)]
    (tmp_path / "e.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv(ENV_MAX_ROWS, "10")
    rejected = rejection(tmp_path / "e.json")
    assert rejected.total == 1 and "最多 10 条" in rejected.errors[0].reason


def test_a_json_file_nested_beyond_the_interpreter_is_a_clear_error(tmp_path):
    (tmp_path / "e.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    rejected = rejection(tmp_path / "e.json")
    assert "嵌套过深" in rejected.errors[0].reason


def test_the_limit_error_comes_first_when_rows_before_it_had_errors(tmp_path, monkeypatch):
    path = tmp_path / "e.csv"
    path.write_text(HEADER + "不是代码,x,371502\n" * 3000, encoding="utf-8")
    monkeypatch.setenv(ENV_MAX_ROWS, "2001")
    rejected = rejection(path)
    assert "最多 2001 行" in rejected.errors[0].reason
    assert rejected.total > 2000


# --- bytes --------------------------------------------------------------------------------------------------


def test_a_csv_beyond_the_byte_limit_is_refused_having_read_no_more_than_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    with open(path, "wb") as fh:
        fh.write(HEADER.encode())
        fh.write(b"x" * (40 * 1024 * 1024))
    monkeypatch.setenv(ENV_MAX_MB, "1")
    tracemalloc.start()
    try:
        rejected = rejection(path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "超过 1 MB 的大小上限" in rejected.errors[0].reason and ENV_MAX_MB in rejected.errors[0].reason
    assert peak < 4 * 1024 * 1024, f"{peak // 1024} KB held while refusing a 40 MB file"


def _xlsx_of_many_rows(path: Path, rows: int) -> Path:
    """An .xlsx whose sheet holds ``rows`` identical rows: its XML packs a thousandfold, as the
    1.2 MB file of three million rows of issue 13 did."""
    small = path.with_name("small.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["credit_code", "name", "region_code"])
    book.save(small)
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>不是代码</t></is></c><c r="B{n}" t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = "".join(row.format(n=n) for n in range(2, rows + 2)).encode()
                head, end = data.split(b"</sheetData>")
                data = head + body + b"</sheetData>" + end
            out.writestr(info.filename, data)
    return path


def test_an_xlsx_that_unpacks_beyond_the_byte_limit_is_refused_before_openpyxl_reads_it(tmp_path, monkeypatch):
    path = _xlsx_of_many_rows(tmp_path / "bomb.xlsx", 200_000)
    assert path.stat().st_size < 2 * 1024 * 1024  # the file itself is well within the limit
    monkeypatch.setenv(ENV_MAX_MB, "5")

    def never(*_args, **_kwargs):
        raise AssertionError("openpyxl was asked to read the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    rejected = rejection(path)
    assert rejected.total == 1
    reason = rejected.errors[0].reason
    assert reason.startswith("解压后共") and "超过 5 MB 的大小上限" in reason and rejected.file == "bomb.xlsx"


def test_a_bad_limit_in_the_environment_is_a_clear_rejection(tmp_path, monkeypatch):
    path = tmp_path / "e.csv"
    path.write_text(HEADER + good_lines(2), encoding="utf-8")
    monkeypatch.setenv(ENV_MAX_ROWS, "many")
    rejected = rejection(path)
    assert ENV_MAX_ROWS in rejected.errors[0].reason and "正整数" in rejected.errors[0].reason


def test_limits_resolve_argument_then_environment_then_default():
    from kuaixiang_core.untrusted.files import FileLimits

    assert FileLimits.resolve(environ={}) == FileLimits(1_000_000, 200 * 1024 * 1024)
    env = {ENV_MAX_ROWS: "5", ENV_MAX_MB: "0.5"}
    assert FileLimits.resolve(environ=env) == FileLimits(5, 512 * 1024)
    assert FileLimits.resolve(max_rows=7, max_mb=2, environ=env) == FileLimits(7, 2 * 1024 * 1024)
