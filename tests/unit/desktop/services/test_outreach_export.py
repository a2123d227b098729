"""政策找企业 to Excel: every qualifying enterprise, read back with openpyxl, all or nothing."""

from __future__ import annotations

import datetime as dt
import errno
import os

import openpyxl
import pytest

from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.outreach import COLUMNS, HEADER_ROWS, ExportError, export_reach_xlsx
from kuaixiang_desktop.services.reach import ItemNotFound, reach

AS_OF = dt.date(2026, 6, 1)
CITY_ITEM = "lc-liushui-lianfei-2023"  # 免申即享, city-wide: thousands of demo enterprises
COUNTY_ITEM = "dcf-jiazheng-2024"  # a 东昌府区 document: that county's enterprises only


@pytest.fixture
def cat_db(counter_db_path):
    """The counter database, shared: the tests only read it."""
    database = open_client_db(counter_db_path)
    yield database
    database.close()


def _rows(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb.active.iter_rows(values_only=True)]
    finally:
        wb.close()


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def out(tmp_path):
    """An empty folder of the test's own (tmp_path also holds the data dir)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("item_id", [CITY_ITEM, COUNTY_ITEM])
def test_export_holds_every_enterprise_reach_counts(cat_db, out, item_id):
    found = reach(cat_db, item_id, AS_OF, limit=100_000)
    assert found.total > 0
    target = out / "名单.xlsx"

    result = export_reach_xlsx(cat_db, item_id, target, AS_OF)

    assert result.count == found.total and result.path == target and result.item_id == item_id
    rows = _rows(target)
    assert found.title in rows[0][0] and item_id in rows[0][0]
    assert "2026-06-01" in rows[2][0] and f"共 {found.total} 家" in rows[2][0]
    assert rows[HEADER_ROWS - 1][: len(COLUMNS)] == COLUMNS
    body = rows[HEADER_ROWS:]
    assert len(body) == found.total
    assert {r[1] for r in body} == {e.credit_code for e in found.enterprises}
    first = found.enterprises[0]
    assert body[0][:3] == (first.name, first.credit_code, first.region_name)
    assert _leftovers(out) == ["名单.xlsx"]  # no temporary file left behind


def test_phone_numbers_are_masked_and_values_are_readable(cat_db, out):
    export_reach_xlsx(cat_db, CITY_ITEM, out / "x.xlsx", AS_OF)
    body = _rows(out / "x.xlsx")[HEADER_ROWS:]
    phones = [r[6] for r in body if r[6]]
    assert phones and all("****" in p and len(p) == 11 for p in phones)
    assert {r[4] for r in body} <= {"大型", "中型", "小型", "微型", None}
    assert all(isinstance(r[1], str) and len(r[1]) == 18 for r in body)  # codes stay text
    assert any(r[3] and "业" in r[3] for r in body)  # industry names, not bare codes


def test_county_item_reaches_only_its_county(cat_db, out):
    export_reach_xlsx(cat_db, COUNTY_ITEM, out / "c.xlsx", AS_OF)
    body = _rows(out / "c.xlsx")[HEADER_ROWS:]
    assert {r[2] for r in body} == {"东昌府区"}


def test_missing_folder_is_a_clear_error_and_writes_nothing(cat_db, out):
    target = out / "没有这个文件夹" / "x.xlsx"
    with pytest.raises(ExportError) as err:
        export_reach_xlsx(cat_db, CITY_ITEM, target, AS_OF)
    assert "文件夹不存在" in err.value.message and "没有这个文件夹" in err.value.message
    assert not target.parent.exists() and _leftovers(out) == []


def test_read_only_folder_is_a_clear_error_and_writes_nothing(cat_db, out, monkeypatch):
    folder = out / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: make the folder read-only as a user sees it
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == str(folder) else real_access(p, mode, **kw))
    try:
        with pytest.raises(ExportError) as err:
            export_reach_xlsx(cat_db, CITY_ITEM, folder / "x.xlsx", AS_OF)
        assert "没有权限" in err.value.message and str(folder) in err.value.message
        assert _leftovers(folder) == []
    finally:
        folder.chmod(0o755)


def test_a_disk_error_midway_leaves_neither_a_partial_nor_a_temporary_file(cat_db, out, monkeypatch):
    # The folder check passes (as it would for a full disk); the failure comes while saving,
    # after bytes have reached the disk.
    real_save = openpyxl.Workbook.save

    def full_disk(self, filename):
        real_save(self, filename)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full_disk)
    target = out / "x.xlsx"
    with pytest.raises(ExportError) as err:
        export_reach_xlsx(cat_db, CITY_ITEM, target, AS_OF)
    assert "磁盘空间不足" in err.value.message
    assert _leftovers(out) == []


def test_a_failed_export_keeps_the_previous_file(cat_db, out, monkeypatch):
    target = out / "x.xlsx"
    target.write_bytes(b"last week's list")

    real_save = openpyxl.Workbook.save

    def fails(self, filename):
        real_save(self, filename)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(openpyxl.Workbook, "save", fails)
    with pytest.raises(ExportError) as err:
        export_reach_xlsx(cat_db, CITY_ITEM, target, AS_OF)
    assert "没有权限" in err.value.message
    assert target.read_bytes() == b"last week's list" and _leftovers(out) == ["x.xlsx"]


def test_bad_targets_and_items_are_refused_with_their_reason(cat_db, out):
    with pytest.raises(ExportError, match=r"\.xlsx"):
        export_reach_xlsx(cat_db, CITY_ITEM, out / "x.csv", AS_OF)
    (out / "dir.xlsx").mkdir()
    with pytest.raises(ExportError, match="是一个文件夹"):
        export_reach_xlsx(cat_db, CITY_ITEM, out / "dir.xlsx", AS_OF)
    with pytest.raises(ItemNotFound):
        export_reach_xlsx(cat_db, "no-such-item", out / "x.xlsx", AS_OF)
    with pytest.raises(ExportError, match="不在有效期内"):
        export_reach_xlsx(cat_db, CITY_ITEM, out / "x.xlsx", dt.date(2020, 1, 1))
    assert reach(cat_db, "cp-lv-yanfa-2024", AS_OF).total == 0
    with pytest.raises(ExportError, match="没有符合"):
        export_reach_xlsx(cat_db, "cp-lv-yanfa-2024", out / "x.xlsx", AS_OF)
    assert _leftovers(out) == ["dir.xlsx"]
