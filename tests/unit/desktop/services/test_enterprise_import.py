"""Enterprise import (kuaixiang_desktop.services.enterprise_import): formats, every row error,
all-or-nothing writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from kuaixiang_core import enterprise_files as enterprise_import
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.enterprise_files import MAX_ERRORS, ImportRejected, RowError, read_file
from kuaixiang_desktop.services.enterprise_import import ImportReport, import_file
from kuaixiang_desktop.store.models import FactDefinition

TODAY = dt.date(2025, 6, 1)
DATA = Path(__file__).resolve().parents[3] / "data" / "import"

# Declared facts the tests import (one per type).
FACTS = (
    ("insured_months", "number", "月", "连续足额缴纳失业保险月数"),
    ("layoff_rate", "percent", "%", "上年度裁员率"),
    ("rd_expense", "money", "元", "上年度研发费用"),
    ("taxable_income", "money", "元", "应纳税所得额"),
    ("cert_date", "date", None, "认定日期"),
    ("is_exporter", "bool", None, "是否出口企业"),
    ("export_markets", "list", None, "出口市场"),
    ("remark", "text", None, "备注"),
)


def definitions() -> dict[str, FactSpec]:
    return {n: FactSpec(n, t, label, u) for n, t, u, label in FACTS}


@pytest.fixture
def fdb(db):
    """The fresh database with the test facts declared."""
    with db.sessions.begin() as session:
        for d in definitions().values():
            # The base facts (resources/reference/facts.json) are there already.
            session.merge(FactDefinition(name=d.name, type=d.type, unit=d.unit, label=d.label))
    return db


def code(n: int, region: str = "371502", kind: str = "91") -> str:
    return make_uscc(f"{kind}{region}{n:09d}")


BASE_HEADER = [
    "credit_code", "name", "legal_rep", "region_code", "industry_code", "reg_type", "established",
    "registered_capital", "employees", "insured_employees", "revenue", "total_assets",
    "tax_credit_rating", "dishonest", "contact_phone", "tags",
]


def good_row(n: int, **override: object) -> dict[str, object]:
    row: dict[str, object] = {
        "credit_code": code(n),
        "name": f"聊城市测试{n}机械有限公司",
        "legal_rep": "张三",
        "region_code": "371502",
        "industry_code": "3411",
        "reg_type": "有限责任公司",
        "established": "2015-03-20",
        "registered_capital": "5000000",
        "employees": "56",
        "insured_employees": "50",
        "revenue": "12,345,678.90",
        "total_assets": "8000000元",
        "tax_credit_rating": "A",
        "dishonest": "否",
        "contact_phone": "13812345678",
        "tags": "高新技术企业:2024-01-01~2026-12-31;规上企业",
    }
    row.update(override)
    return row


def write_csv(path: Path, rows: list[dict[str, object]], header: list[str] | None = None,
              encoding: str = "utf-8") -> Path:
    header = header or list(rows[0])
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h) for h in header])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def rejected(path: Path, defs: dict | None = None) -> list[RowError]:
    with pytest.raises(ImportRejected) as info:
        read_file(path, definitions() if defs is None else defs, today=TODAY)
    return info.value.errors


def only_error(path: Path) -> RowError:
    errors = rejected(path)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def counts(db) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("enterprise", "enterprise_fact", "enterprise_tag", "enterprise_search")
        }


def enterprise(db, credit_code: str) -> dict:
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM enterprise WHERE credit_code = :c"), {"c": credit_code})
        return dict(row.mappings().one())


def facts_of(db, credit_code: str) -> dict[str, tuple[str, str]]:
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT f.fact_name, f.value, f.valid_on FROM enterprise_fact f "
            "JOIN enterprise e ON e.id = f.enterprise_id WHERE e.credit_code = :c"), {"c": credit_code})
        return {name: (value, str(valid_on)) for name, value, valid_on in rows}


def tags_of(db, credit_code: str) -> list[tuple]:
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT t.tag, t.valid_from, t.valid_to FROM enterprise_tag t "
            "JOIN enterprise e ON e.id = t.enterprise_id WHERE e.credit_code = :c ORDER BY t.tag"),
            {"c": credit_code})
        return [tuple(r) for r in rows]


# ---------------------------------------------------------------------------------------------
# Formats that import
# ---------------------------------------------------------------------------------------------


def test_csv_imports_every_column(fdb, tmp_path):
    rows = [good_row(1), good_row(2, dishonest="是", tags="", tax_credit_rating="m", established="2020/1/5")]
    report = import_file(fdb, write_csv(tmp_path / "enterprises.csv", rows), today=TODAY)

    assert report == ImportReport(str(tmp_path / "enterprises.csv"), rows=2, inserted=2, updated=0)
    first = enterprise(fdb, code(1))
    assert first["name"] == "聊城市测试1机械有限公司"
    assert first["region_code"] == "371502"
    assert first["industry_code"] == "3411"
    assert first["established"] == "2015-03-20"
    assert first["registered_capital_fen"] == 500_000_000
    assert first["revenue_fen"] == 1_234_567_890
    assert first["total_assets_fen"] == 800_000_000
    assert (first["employees"], first["insured_employees"]) == (56, 50)
    assert first["tax_credit_rating"] == "A"
    assert first["dishonest"] == 0
    assert first["contact_phone"] == "13812345678"
    assert first["source"] == "import"
    assert first["size_class"] is not None
    assert tags_of(fdb, code(1)) == [("规上企业", None, None), ("高新技术企业", "2024-01-01", "2026-12-31")]
    second = enterprise(fdb, code(2))
    assert (second["dishonest"], second["tax_credit_rating"], second["established"]) == (1, "M", "2020-01-05")
    assert tags_of(fdb, code(2)) == []


def test_report_to_json(fdb, tmp_path):
    report = import_file(fdb, write_csv(tmp_path / "e.csv", [good_row(1)]), today=TODAY)
    assert report.to_json() == {"file": str(tmp_path / "e.csv"), "rows": 1, "inserted": 1, "updated": 0}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encodings_with_chinese_headers(fdb, tmp_path, encoding):
    header = ["统一社会信用代码", "企业名称", "法定代表人", "行政区划代码", "行业代码", "成立日期",
              "注册资本（万元）", "从业人员", "参保人数", "营业收入(万元)", "资产总额", "纳税信用等级",
              "失信", "联系电话", "资质"]
    row = dict(zip(header, [code(7), "冠县恒达纺织有限公司", "李四", "371525", "1711",
                            "2018年6月1日", "500", "120", "100", "2,500.5", "30000000", "B", "否",
                            "0635-1234567", "专精特新中小企业:2023-07-01~2026-06-30"]))
    path = write_csv(tmp_path / "企业.csv", [row], header, encoding=encoding)
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    report = import_file(fdb, path, today=TODAY)

    assert report.inserted == 1
    e = enterprise(fdb, code(7))
    assert e["name"] == "冠县恒达纺织有限公司"
    assert e["legal_rep"] == "李四"
    assert e["established"] == "2018-06-01"
    assert e["registered_capital_fen"] == 500 * 1_000_000  # 万元 column
    assert e["revenue_fen"] == 2_500_5 * 100_000  # 2,500.5 万元
    assert e["total_assets_fen"] == 3_000_000_000
    assert tags_of(fdb, code(7)) == [("专精特新中小企业", "2023-07-01", "2026-06-30")]


def test_xlsx_with_number_date_and_percent_cells(fdb, tmp_path):
    header = ["统一社会信用代码", "企业名称", "行政区划代码", "行业代码", "成立日期", "从业人员",
              "参保人数", "营业收入", "资产总额（万元）", "失信", "上年度裁员率", "fact:rd_expense"]
    path = tmp_path / "enterprises.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append([code(1), "阳谷县甲公司", 371521, "3411", dt.datetime(2019, 4, 2), 30, 28.0,
                  1234.5, 0.1 + 0.2, False, 0.035, 1000])
    sheet["K2"].number_format = "0.0%"  # Excel holds 3.5% as 0.035
    sheet.append([None] * len(header))  # a formatted but empty row: skipped
    sheet.append([code(2), "阳谷县乙公司", "371521", "C1711", dt.date(2020, 1, 1), 5, 5,
                  "88", 12, True, "1.5", 2500.75])
    book.save(path)

    report = import_file(fdb, path, today=TODAY)

    assert (report.rows, report.inserted) == (2, 2)
    a = enterprise(fdb, code(1))
    assert a["region_code"] == "371521"
    assert a["established"] == "2019-04-02"
    assert (a["employees"], a["insured_employees"]) == (30, 28)
    assert a["revenue_fen"] == 123_450
    assert a["total_assets_fen"] == 300_000  # 0.30000000000000004 万元 read as 0.3 万元
    assert facts_of(fdb, code(1)) == {
        "layoff_rate": ("3.5", TODAY.isoformat()),
        "rd_expense": ("1000.00", TODAY.isoformat()),
    }
    b = enterprise(fdb, code(2))
    assert b["industry_code"] == "1711"  # C1711 stored as its digits
    assert b["dishonest"] == 1
    assert facts_of(fdb, code(2))["rd_expense"] == ("2500.75", TODAY.isoformat())


def test_xlsx_title_row_above_header_keeps_spreadsheet_row_numbers(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["聊城市企业信息导入表"],
        ["统一社会信用代码", "企业名称", "行政区划代码"],
        [code(1), "甲公司", "371502"],
        [code(2), "乙公司", "999999"],
    ])
    error = only_error(path)
    assert (error.row, error.column) == (4, "行政区划代码")


def test_json_list_with_facts_and_tags(fdb, tmp_path):
    doc = [
        {
            "credit_code": code(1), "name": "东阿县甲公司", "region_code": "371524",
            "registered_capital": 1234.56, "revenue_wan": 300, "employees": 12, "dishonest": False,
            "established": "2016-08-08",
            "tags": [{"tag": "高新技术企业", "valid_from": "2023-01-01", "valid_to": "2025-12-31"},
                     "规上企业"],
            "facts_valid_on": "2024-12-31",
            "facts": {"insured_months": 36, "上年度研发费用": "12.5万元", "is_exporter": "是",
                      "export_markets": ["韩国", "日本"]},
        },
        {
            "统一社会信用代码": code(2), "企业名称": "东阿县乙公司", "行政区划代码": "371524",
            "facts": [
                {"name": "layoff_rate", "value": 2.5, "valid_on": "2023-12-31"},
                {"name": "layoff_rate", "value": "3%", "valid_on": "2024-12-31"},
                {"name": "cert_date", "value": "2024/3/1"},
                {"name": "remark", "value": "  重点企业 "},
                {"name": "taxable_income", "value": "-1000"},
            ],
            "export_markets": "美国；德国",
        },
    ]
    report = import_file(fdb, write_json(tmp_path / "enterprises.json", doc), today=TODAY)

    assert (report.inserted, report.updated) == (2, 0)
    a = enterprise(fdb, code(1))
    assert a["registered_capital_fen"] == 123_456  # a JSON number, read as Decimal
    assert a["revenue_fen"] == 300 * 1_000_000
    assert tags_of(fdb, code(1)) == [("规上企业", None, None), ("高新技术企业", "2023-01-01", "2025-12-31")]
    assert facts_of(fdb, code(1)) == {
        "insured_months": ("36", "2024-12-31"),
        "rd_expense": ("125000.00", "2024-12-31"),
        "is_exporter": ("true", "2024-12-31"),
        "export_markets": ('["韩国", "日本"]', "2024-12-31"),
    }
    with fdb.engine.connect() as conn:
        rates = conn.execute(text(
            "SELECT valid_on, value FROM enterprise_fact WHERE fact_name = 'layoff_rate' ORDER BY valid_on"
        )).all()
    assert [tuple(r) for r in rates] == [("2023-12-31", "2.5"), ("2024-12-31", "3")]
    b = facts_of(fdb, code(2))
    assert b["cert_date"] == ("2024-03-01", TODAY.isoformat())
    assert b["remark"][0] == "重点企业"
    assert b["taxable_income"][0] == "-1000.00"  # a money fact may be negative (a loss year)
    assert b["export_markets"][0] == '["美国", "德国"]'


def test_json_enterprises_object_form(fdb, tmp_path):
    doc = {"generated": "2025-05-01", "enterprises": [{"credit_code": code(3), "name": "甲", "region_code": "371502"}]}
    assert import_file(fdb, write_json(tmp_path / "e.json", doc), today=TODAY).inserted == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_reimport_updates_instead_of_duplicating(fdb, tmp_path, fmt):
    def write(name_suffix: str, tags: str) -> Path:
        rows = [good_row(n, name=f"甲{n}{name_suffix}", tags=tags) for n in (1, 2, 3)]
        path = tmp_path / f"e.{fmt}"
        if fmt == "csv":
            return write_csv(path, rows)
        if fmt == "xlsx":
            return write_xlsx(path, [list(rows[0])] + [list(r.values()) for r in rows])
        return write_json(path, rows)

    first = import_file(fdb, write("", "高新技术企业:2024-01-01~2026-12-31;规上企业"), today=TODAY)
    before = counts(fdb)
    second = import_file(fdb, write("（新）", "规上企业"), today=TODAY)

    assert (first.inserted, first.updated) == (3, 0)
    assert (second.inserted, second.updated) == (0, 3)
    after = counts(fdb)
    assert after["enterprise"] == before["enterprise"] == 3
    assert after["enterprise_search"] == 3
    assert after["enterprise_tag"] == 3  # tags replaced, not added to
    e = enterprise(fdb, code(2))
    assert (e["name"], e["version"]) == ("甲2（新）", 2)


def test_facts_via_columns_named_by_name_label_and_prefix(fdb, tmp_path):
    row = good_row(1)
    row.update({
        "fact:insured_months": "24",
        "上年度裁员率": "1.5%",
        "rd_expense_wan": "3.5",
        "认定日期": "2024年5月6日",
        "是否出口企业": "0",
        "出口市场": "韩国；越南",
        "数据日期": "2024/12/31",
    })
    import_file(fdb, write_csv(tmp_path / "e.csv", [row]), today=TODAY)
    assert facts_of(fdb, code(1)) == {
        "insured_months": ("24", "2024-12-31"),
        "layoff_rate": ("1.5", "2024-12-31"),
        "rd_expense": ("35000.00", "2024-12-31"),
        "cert_date": ("2024-05-06", "2024-12-31"),
        "is_exporter": ("false", "2024-12-31"),
        "export_markets": ('["韩国", "越南"]', "2024-12-31"),
    }


def test_empty_fact_cells_store_nothing(fdb, tmp_path):
    row = good_row(1)
    row.update({"fact:insured_months": "", "remark": ""})
    import_file(fdb, write_csv(tmp_path / "e.csv", [row]), today=TODAY)
    assert facts_of(fdb, code(1)) == {}


def test_facts_default_to_the_import_day(fdb, tmp_path):
    row = good_row(1)
    row["fact:insured_months"] = "6"
    report = import_file(fdb, write_csv(tmp_path / "e.csv", [row]), today=TODAY)
    assert facts_of(fdb, code(1)) == {"insured_months": ("6", TODAY.isoformat())}
    # ... and say so, naming the facts (issue 15, item 8).
    assert report.undated == {"insured_months": 1}
    (warning,) = report.warnings
    assert "insured_months（1 行）" in warning and TODAY.isoformat() in warning and "数据日期" in warning
    assert report.to_json()["undated_facts"] == {"insured_months": 1}
    assert report.to_json()["undated_facts_valid_on"] == TODAY.isoformat()


def test_dated_facts_give_no_warning(fdb, tmp_path):
    row = good_row(1)
    row.update({"fact:insured_months": "6", "数据日期": "2024/12/31"})
    report = import_file(fdb, write_csv(tmp_path / "e.csv", [row]), today=TODAY)
    assert report.undated == {} and report.warnings == [] and "warnings" not in report.to_json()


def test_the_cli_prints_the_warning(fdb, tmp_path, capsys):
    from kuaixiang_desktop.cli import main

    row = good_row(1)
    row["fact:insured_months"] = "6"
    assert main(["--db", str(fdb.path), "enterprise", "import", str(write_csv(tmp_path / "e.csv", [row]))]) == 0
    out = capsys.readouterr().out
    assert "注意：以下事实没有「数据日期」" in out and "insured_months（1 行）" in out


def test_abolished_region_maps_to_its_successor(fdb, tmp_path):
    import_file(fdb, write_csv(tmp_path / "e.csv", [good_row(1, region_code="371523")]), today=TODAY)
    assert enterprise(fdb, code(1))["region_code"] == "371503"


@pytest.mark.parametrize("written", ["2024-01-31", "2024/1/31", "2024年1月31日", "2024.01.31", "20240131",
                                     "2024-01-31 00:00:00", "２０２４－０１－３１"])
def test_date_forms(tmp_path, written):
    [record] = read_file(write_csv(tmp_path / "e.csv", [good_row(1, established=written)]), definitions(),
                         today=TODAY)
    assert record.established == dt.date(2024, 1, 31)


@pytest.mark.parametrize(("written", "fen"), [
    ("1,234.50", 123_450), ("1234.5元", 123_450), ("¥88", 8_800), ("12万元", 12_000_000), ("0", 0),
    (" 7 ", 700),
])
def test_money_forms(tmp_path, written, fen):
    [record] = read_file(write_csv(tmp_path / "e.csv", [good_row(1, revenue=written)]), definitions(),
                         today=TODAY)
    assert record.revenue_fen == fen


def test_fixture_files_import(fdb):
    """Files as an Excel on a Chinese Windows writes them (GBK CSV) and a hand-written JSON."""
    csv_report = import_file(fdb, DATA / "enterprises_gbk.csv", today=TODAY)
    json_report = import_file(fdb, DATA / "enterprises.json", today=TODAY)
    assert (csv_report.inserted, json_report.inserted) == (3, 2)
    with fdb.engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM enterprise")).scalars())
    assert "莘县鑫源纺织有限公司" in names


# ---------------------------------------------------------------------------------------------
# Row errors: each names the row, the column and the reason
# ---------------------------------------------------------------------------------------------

BAD_CHECK = code(5)[:17] + ("0" if code(5)[17] != "0" else "1")

ROW_ERRORS = [
    # id, override for row 3, column, words the reason must contain
    ("check_character", {"credit_code": BAD_CHECK}, "credit_code", f"校验位应为「{code(5)[17]}」"),
    ("length", {"credit_code": code(5)[:16]}, "credit_code", "长度应为18位，实际为16位"),
    ("character", {"credit_code": "91371502MA3CIO0001"}, "credit_code", "不是允许的字符"),
    ("missing_code", {"credit_code": ""}, "credit_code", "必填"),
    ("missing_name", {"name": " "}, "name", "必填"),
    ("missing_region", {"region_code": ""}, "region_code", "必填"),
    ("unknown_region", {"region_code": "371599"}, "region_code", "不是本系统的行政区划代码"),
    ("unknown_industry", {"industry_code": "9999"}, "industry_code", "不是 GB/T 4754-2017 行业代码"),
    ("industry_section_mismatch", {"industry_code": "A3411"}, "industry_code", "不符"),
    ("negative_employees", {"employees": "-3"}, "employees", "不能为负数"),
    ("fractional_employees", {"employees": "3.5"}, "employees", "整数"),
    ("insured_over_employees", {"employees": "10", "insured_employees": "11"}, "insured_employees",
     "参保人数（11）大于从业人员（10）"),
    ("bad_date", {"established": "去年三月"}, "established", "无法识别的日期"),
    ("impossible_date", {"established": "2023-02-30"}, "established", "日期不存在"),
    ("future_established", {"established": "2025-06-02"}, "established", "晚于今天"),
    ("bad_money", {"revenue": "一百万"}, "revenue", "无法识别的金额"),
    ("negative_money", {"registered_capital": "-100"}, "registered_capital", "不能为负数"),
    ("sub_fen_money", {"total_assets": "1.005"}, "total_assets", "精确到分"),
    ("bad_rating", {"tax_credit_rating": "AA"}, "tax_credit_rating", "A、B、M、C、D"),
    ("bad_bool", {"dishonest": "也许"}, "dishonest", "是/否"),
    ("tag_dates_reversed", {"tags": "高新技术企业:2026-01-01~2024-01-01"}, "tags", "早于开始日期"),
    ("tag_bad_date", {"tags": "规上企业:2024-13-01~"}, "tags", "日期不存在"),
    ("tag_lone_date", {"tags": "规上企业:2024-01-01"}, "tags", "开始日期~结束日期"),
    ("tag_repeated", {"tags": "规上企业;规上企业"}, "tags", "重复"),
    ("name_too_long", {"name": "长" * 201}, "name", "过长"),
    ("money_too_large", {"revenue": "1e30"}, "revenue", "金额过大"),
    ("headcount_absurd", {"employees": "99999999"}, "employees", "人数不合理"),
]


@pytest.mark.parametrize(("override", "column", "reason"), [r[1:] for r in ROW_ERRORS],
                         ids=[r[0] for r in ROW_ERRORS])
def test_row_error(tmp_path, override, column, reason):
    rows = [good_row(1), good_row(2, **override), good_row(3)]
    error = only_error(write_csv(tmp_path / "enterprises.csv", rows))
    assert (error.file, error.row, error.column) == ("enterprises.csv", 3, column)
    assert reason in error.reason, error.reason


def test_bad_check_character_uses_check_uscc_message(tmp_path):
    error = only_error(write_csv(tmp_path / "enterprises.csv", [good_row(1), good_row(2, credit_code=BAD_CHECK)]))
    assert error.value == BAD_CHECK
    assert str(error) == (
        f"enterprises.csv 第3行「credit_code」: 第18位校验位应为「{code(5)[17]}」，实际为「{BAD_CHECK[17]}」"
        f"：代码中有字符抄错或相邻两位颠倒，请逐位核对（值：{BAD_CHECK}）"
    )


def test_duplicate_credit_code_names_the_earlier_row(tmp_path):
    rows = [good_row(1), good_row(2), good_row(1, name="又一家")]
    error = only_error(write_csv(tmp_path / "e.csv", rows))
    assert (error.row, error.column) == (4, "credit_code")
    assert "与第2行重复" in error.reason


def test_duplicate_after_normalisation(tmp_path):
    rows = [good_row(1), good_row(2, credit_code=" " + code(1).lower())]
    error = only_error(write_csv(tmp_path / "e.csv", rows))
    assert (error.row, "与第2行重复" in error.reason) == (3, True)


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("fact:insured_months", "很多", "应为数值"),
    ("上年度裁员率", "高", "应为百分数"),
    ("rd_expense", "-", "应为金额"),
    ("认定日期", "上周", "应为日期"),
    ("是否出口企业", "不知道", "应为是/否"),
    ("出口市场", "[1, 2", "不是有效的 JSON 列表"),
])
def test_bad_fact_value(tmp_path, column, value, reason):
    rows = [good_row(1), good_row(2)]
    rows[1][column] = value
    rows[0][column] = ""
    error = only_error(write_csv(tmp_path / "e.csv", rows))
    assert (error.row, error.column, error.value) == (3, column, value)
    assert reason in error.reason


def test_bad_facts_valid_on(tmp_path):
    row = good_row(1)
    row.update({"fact:insured_months": "3", "facts_valid_on": "明年"})
    error = only_error(write_csv(tmp_path / "e.csv", [row]))
    assert (error.row, error.column) == (2, "facts_valid_on")


def test_unknown_fact_column(tmp_path):
    row = good_row(1)
    row["fact:export_valu"] = "100"
    error = only_error(write_csv(tmp_path / "e.csv", [row]))
    assert (error.row, error.column) == (None, "fact:export_valu")
    assert "未声明的事实「export_valu」" in error.reason


def test_unknown_extra_column_is_named(tmp_path):
    row = good_row(1)
    row["revnue"] = "100"
    row["备用"] = "x"
    errors = rejected(write_csv(tmp_path / "e.csv", [row]))
    assert [(e.row, e.column) for e in errors] == [(None, "revnue"), (None, "备用")]
    assert "未知的列" in errors[0].reason
    assert "是否应为「revenue」" in errors[0].reason


def test_unit_in_header_must_fit_the_column(tmp_path):
    rows = [{"统一社会信用代码": code(1), "企业名称": "甲", "行政区划代码": "371502", "营业收入（美元）": "5"}]
    error = only_error(write_csv(tmp_path / "e.csv", rows))
    assert (error.row, error.column) == (None, "营业收入（美元）")
    assert "单位" in error.reason


def test_two_columns_for_one_field(tmp_path):
    rows = [{"credit_code": code(1), "name": "甲", "企业名称": "甲", "region_code": "371502"}]
    error = only_error(write_csv(tmp_path / "e.csv", rows))
    assert (error.row, error.column) == (None, "企业名称")
    assert "与列「name」重复" in error.reason


def test_missing_required_column_reported_once(tmp_path):
    rows = [{"credit_code": code(n), "name": f"甲{n}"} for n in range(1, 4)]
    error = only_error(write_csv(tmp_path / "e.csv", rows))
    assert (error.row, error.column) == (None, "行政区划代码")
    assert "缺少必需的列" in error.reason


def test_data_under_an_unnamed_column(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(f"credit_code,name,region_code\n{code(1)},甲,371502,多出来的\n", encoding="utf-8")
    error = only_error(path)
    assert (error.row, error.column, error.value) == (2, "第4列", "多出来的")


def test_every_error_is_reported_not_just_the_first(tmp_path):
    rows = [
        good_row(1, credit_code=BAD_CHECK, employees="-1"),
        good_row(2),
        good_row(3, region_code="000000"),
        good_row(4, established="2030-01-01", revenue="abc"),
    ]
    errors = rejected(write_csv(tmp_path / "e.csv", rows))
    assert [(e.row, e.column) for e in errors] == [
        (2, "credit_code"), (2, "employees"), (4, "region_code"), (5, "established"), (5, "revenue"),
    ]


def test_error_list_is_capped(tmp_path):
    rows = [good_row(n, region_code="000000") for n in range(1, MAX_ERRORS + 251)]
    with pytest.raises(ImportRejected) as info:
        read_file(write_csv(tmp_path / "e.csv", rows), definitions(), today=TODAY)
    assert len(info.value.errors) == MAX_ERRORS
    assert (info.value.total, info.value.omitted) == (MAX_ERRORS + 250, 250)
    assert f"发现 {MAX_ERRORS + 250} 处错误" in str(info.value)
    payload = info.value.to_json()
    assert payload["error_count"] == MAX_ERRORS + 250 and payload["omitted"] == 250
    assert len(payload["errors"]) == MAX_ERRORS
    json.dumps(payload, ensure_ascii=False)


def test_row_error_str_and_json():
    error = RowError("e.json", 3, "revenue", "abc", "无法识别的金额：应为数字")
    assert str(error) == "e.json 第3条「revenue」: 无法识别的金额：应为数字（值：abc）"
    assert error.to_json() == {
        "file": "e.json", "row": 3, "column": "revenue", "value": "abc",
        "reason": "无法识别的金额：应为数字", "message": str(error),
    }
    assert str(RowError("e.csv", None, None, None, "文件为空")) == "e.csv: 文件为空"


# --- JSON rows ---


def test_json_row_errors_use_the_object_index(tmp_path):
    doc = [
        {"credit_code": code(1), "name": "甲", "region_code": "371502"},
        "not an object",
        {"credit_code": code(3), "name": "丙", "region_code": "371502", "revenue": -5, "revnue": 5},
        {"credit_code": code(4), "region_code": "371502",
         "facts": {"nope": 1, "insured_months": "x"},
         "tags": [{"tag": "高新技术企业", "valid_from": "2025-01-01", "valid_to": "2024-01-01"}]},
        {"credit_code": code(1), "name": "甲2", "region_code": "371502"},
    ]
    errors = rejected(write_json(tmp_path / "e.json", doc))
    got = [(e.row, e.column) for e in errors]
    assert got == [
        (2, None),
        (3, "revnue"),
        (3, "revenue"),
        (4, "facts.nope"),
        (4, "tags"),
        (4, "name"),
        (4, "facts.insured_months"),
        (5, "credit_code"),
    ]
    assert "与第1条重复" in errors[-1].reason
    assert str(errors[-1]).startswith("e.json 第5条「credit_code」")


def test_json_duplicate_key(tmp_path):
    path = tmp_path / "e.json"
    path.write_text('[{"credit_code": "%s", "name": "甲", "name": "乙", "region_code": "371502"}]' % code(1),
                    encoding="utf-8")
    error = only_error(path)
    assert (error.row, error.column) == (1, "name")


def test_json_numbers_never_become_floats(tmp_path):
    path = tmp_path / "e.json"
    path.write_text('[{"credit_code": "%s", "name": "甲", "region_code": "371502", '
                    '"revenue": 0.29, "total_assets": 1e3}]' % code(1), encoding="utf-8")
    [record] = read_file(path, {}, today=TODAY)
    assert (record.revenue_fen, record.total_assets_fen) == (29, 100_000)


def test_json_fact_list_item_with_unknown_key(tmp_path):
    doc = [{"credit_code": code(1), "name": "甲", "region_code": "371502",
            "facts": [{"name": "insured_months", "value": 3, "unit": "月"}]}]
    error = only_error(write_json(tmp_path / "e.json", doc))
    assert (error.row, error.column) == (1, "facts[1]")
    assert "unit" in error.reason


# --- XLSX rows ---


def test_xlsx_row_errors_use_spreadsheet_rows(tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [
        ["credit_code", "name", "region_code", "industry_code", "employees", "established"],
        [code(1), "甲", "371502", "3411", 10, dt.datetime(2020, 1, 1)],
        [code(2), "乙", "371502", 141, 10, dt.datetime(2020, 1, 1)],  # lost its leading 0
        [int(code(3)[:15]), "丙", "371502", "3411", -1, dt.datetime(2030, 1, 1)],
    ])
    errors = rejected(path)
    assert [(e.row, e.column) for e in errors] == [
        (3, "industry_code"), (4, "credit_code"), (4, "employees"), (4, "established"),
    ]
    assert "开头的 0" in errors[0].reason
    assert "数字格式" in errors[1].reason


# ---------------------------------------------------------------------------------------------
# File-level errors
# ---------------------------------------------------------------------------------------------


def test_missing_file(tmp_path):
    error = only_error(tmp_path / "nope.csv")
    assert (error.file, error.row, error.column) == ("nope.csv", None, None)
    assert "文件不存在" in error.reason


@pytest.mark.parametrize(("name", "words"), [("e.txt", "不支持的文件类型「.txt」"), ("e.xls", "另存为 .xlsx"),
                                             ("e", "无扩展名")])
def test_unsupported_extension(tmp_path, name, words):
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    error = only_error(path)
    assert error.row is None and words in error.reason


@pytest.mark.parametrize(("name", "content"), [
    ("e.csv", b""), ("e.csv", b"\xef\xbb\xbf\r\n"), ("e.json", b"  \n"), ("e.xlsx", b""),
])
def test_empty_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    error = only_error(path)
    assert (error.row, error.reason) == (None, "文件为空")


@pytest.mark.parametrize(("name", "doc"), [("e.json", []), ("e.json", {"enterprises": []})])
def test_json_without_enterprises(tmp_path, name, doc):
    error = only_error(write_json(tmp_path / name, doc))
    assert error.row is None and "没有企业数据" in error.reason


def test_json_of_the_wrong_shape(tmp_path):
    error = only_error(write_json(tmp_path / "e.json", {"data": []}))
    assert error.row is None and "顶层" in error.reason


def test_header_only(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("credit_code,name,region_code\n,,\n", encoding="utf-8")
    error = only_error(path)
    assert error.row is None and "没有企业数据" in error.reason


def test_missing_header(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(f"{code(1)},甲公司,371502\n{code(2)},乙公司,371502\n", encoding="utf-8")
    error = only_error(path)
    assert error.row is None and "缺少表头" in error.reason
    assert code(1) in error.reason


def test_misspelt_header_names_every_column(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(f"credt_code,nmae,regin_code\n{code(1)},甲,371502\n", encoding="utf-8")
    errors = rejected(path)
    unknown = [e for e in errors if "未知的列" in e.reason]
    assert [(e.row, e.column) for e in unknown] == [(None, "credt_code"), (None, "nmae"), (None, "regin_code")]
    assert "是否应为「credit_code」" in unknown[0].reason
    assert {e.column for e in errors if "缺少必需的列" in e.reason} == {"统一社会信用代码", "企业名称", "行政区划代码"}


def test_malformed_json_gives_line_and_column(tmp_path):
    path = tmp_path / "e.json"
    path.write_text('[\n  {"credit_code": "x", "name": "甲"\n   "region_code": "371502"}\n]', encoding="utf-8")
    error = only_error(path)
    assert error.row is None
    assert "第 3 行第 4 列" in error.reason and "缺少逗号" in error.reason


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "e.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file" * 10)
    error = only_error(path)
    assert error.row is None and "不是有效的 Excel" in error.reason


def test_csv_renamed_to_xlsx(tmp_path):
    path = write_csv(tmp_path / "e.csv", [good_row(1)])
    error = only_error(path.rename(tmp_path / "e.xlsx"))
    assert "不是有效的 Excel" in error.reason


def test_undecodable_csv(tmp_path):
    path = tmp_path / "e.csv"
    path.write_bytes(b"credit_code,name,region_code\n\x80\xff\xfe\x81\x30,\xff,\xff\n")
    error = only_error(path)
    assert error.row is None and "编码" in error.reason


# ---------------------------------------------------------------------------------------------
# All or nothing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_one_bad_row_changes_nothing(fdb, tmp_path, fmt):
    existing = [good_row(n) for n in (1, 2)]
    for row in existing:
        row["fact:insured_months"] = "12"
    import_file(fdb, write_csv(tmp_path / "first.csv", existing), today=TODAY)
    before = counts(fdb)
    version_before = enterprise(fdb, code(1))["version"]

    rows = [good_row(1, name="改过的名字"), good_row(10), good_row(11, tax_credit_rating="Z"), good_row(12)]
    for row in rows:
        row["fact:insured_months"] = "24"
    path = write_csv(tmp_path / "e.csv", rows) if fmt == "csv" else write_json(tmp_path / "e.json", rows)
    with pytest.raises(ImportRejected) as info:
        import_file(fdb, path, today=TODAY)

    bad_row = 4 if fmt == "csv" else 3  # spreadsheet row (header is row 1) / object index
    assert [(e.row, e.column) for e in info.value.errors] == [(bad_row, "tax_credit_rating")]
    assert counts(fdb) == before
    e = enterprise(fdb, code(1))
    assert (e["name"], e["version"]) == ("聊城市测试1机械有限公司", version_before)
    assert facts_of(fdb, code(1))["insured_months"][0] == "12"


def test_rejected_file_level_error_changes_nothing(fdb, tmp_path):
    before = counts(fdb)
    path = tmp_path / "e.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(ImportRejected):
        import_file(fdb, path, today=TODAY)
    assert counts(fdb) == before


def test_five_thousand_rows_in_one_go(fdb, tmp_path):
    regions = ["371502", "371503", "371521", "371522", "371524", "371525", "371526", "371581"]
    rows = []
    for n in range(1, 5001):
        row = good_row(n, region_code=regions[n % len(regions)], name=f"聊城市第{n}号测试有限公司",
                       tags="规上企业" if n % 3 else "")
        row["fact:insured_months"] = str(n % 120)
        rows.append(row)
    path = write_csv(tmp_path / "big.csv", rows)

    report = import_file(fdb, path, today=TODAY)

    assert (report.rows, report.inserted, report.updated) == (5000, 5000, 0)
    c = counts(fdb)
    assert (c["enterprise"], c["enterprise_fact"], c["enterprise_search"]) == (5000, 5000, 5000)
    assert c["enterprise_tag"] == sum(1 for n in range(1, 5001) if n % 3)


def test_read_file_does_not_need_a_database(tmp_path):
    records = read_file(write_csv(tmp_path / "e.csv", [good_row(1)]), {}, today=TODAY)
    assert records[0].revenue_fen == 1_234_567_890
    assert records[0].tags[0].valid_to == dt.date(2026, 12, 31)
    assert isinstance(enterprise_import.FIELDS[0].label, str)
    assert all(not isinstance(v, float) for v in vars(records[0]).values())
    assert Decimal(records[0].revenue_fen) == Decimal("1234567890")
