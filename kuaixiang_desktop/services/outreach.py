"""政策找企业, the whole list: every enterprise that qualifies for an item, written to .xlsx.

``services.reach`` answers the room's question (how many, and the first page); a hall
supervisor who calls or visits enterprises needs all of them, with whom to ask for and how to
reach them.  The list is streamed from one SQL query (the rule compiled by
``kuaixiang_core.rule_sql``, as reach does) into openpyxl's write-only workbook, so ten thousand rows
cost no more memory than ten.

The file appears complete or not at all: rows go to a temporary file in the target folder,
which replaces the target only once the workbook is saved.

Every cell from data is text (``_text_cells``): a name that begins with ``=`` would
otherwise be written as a live formula (``=HYPERLINK(…)``, ``=cmd|…``), and one that begins
with ``+``, ``-`` or ``@`` would become one when a clerk edits the cell.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.enterprise import mask_phone
from kuaixiang_core.domain.rules.facts import SIZE_CLASS_NAMES
from kuaixiang_core.reference import industry_name, region_name_map

from ..paths import create_private, temp_beside
from ..store.database import Database
from .policies import PolicyItemView, compiled_catalogue, item_view
from .reach import ItemNotFound, reach_condition

COLUMNS = ("企业名称", "统一社会信用代码", "所在地", "行业", "规模", "法定代表人", "联系电话")
_WIDTHS = (42, 22, 12, 30, 8, 12, 14)
SHEET_TITLE = "符合条件的企业"
HEADER_ROWS = 5  # heading, document, count line, blank line, column titles


class ExportError(Exception):
    """The list was not written; ``message`` says why in words the clerk can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ReachExport:
    path: Path
    item_id: str
    title: str
    as_of: dt.date
    count: int


@dataclass(frozen=True, slots=True)
class ReachRow:
    name: str
    credit_code: str
    region: str | None
    industry: str | None
    size_class: str | None
    legal_rep: str | None
    phone: str | None  # masked

    def cells(self) -> tuple[str, ...]:
        return (self.name, self.credit_code, self.region or "", self.industry or "", self.size_class or "",
                self.legal_rep or "", self.phone or "")


@dataclass(frozen=True, slots=True)
class ReachQuery:
    """What a list is written from: the item its heading names, and the very condition (over
    ``enterprise e``) that reach counts with."""

    item: PolicyItemView
    in_force: bool
    condition: str
    params: Mapping[str, object]


def _query(db: Database, item_id: str, as_of: dt.date) -> ReachQuery:
    cat = compiled_catalogue(db)
    item = cat.by_id.get(item_id)
    if item is None:
        raise ItemNotFound(item_id)
    condition, params = reach_condition(cat, item, as_of)
    return ReachQuery(item_view(cat, item), item.in_force(as_of), condition, params)


def count_matches(conn: Connection, condition: str, params: Mapping[str, object]) -> int:
    return conn.execute(text(f"SELECT count(*) FROM enterprise e WHERE {condition}"), params).scalar_one()


def stream_matches(conn: Connection, condition: str, params: Mapping[str, object]) -> Iterator[ReachRow]:
    """Every qualifying enterprise in the order the room lists them (region, then id)."""
    regions = region_name_map()
    result = conn.execute(
        text(
            "SELECT e.name, e.credit_code, e.region_code, e.industry_code, e.size_class, e.legal_rep, e.contact_phone "
            f"FROM enterprise e WHERE {condition} ORDER BY e.region_code, e.id"
        ),
        params,
    )
    for r in result:
        yield ReachRow(
            name=r.name,
            credit_code=r.credit_code,
            region=regions.get(r.region_code, r.region_code),
            industry=industry_name(r.industry_code) or r.industry_code,
            size_class=SIZE_CLASS_NAMES.get(r.size_class or "", r.size_class),
            legal_rep=r.legal_rep,
            phone=mask_phone(r.contact_phone),
        )


# What spreadsheet programs read as the start of a formula; a leading tab or CR is stripped
# by some before they look.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters an .xlsx (XML 1.0) cannot hold at all; openpyxl refuses the whole value.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value: str) -> str:
    return _NOT_IN_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def _text_cells(ws, values: Iterable[str]) -> list:
    """Each value as a string cell. openpyxl turns a string that starts with ``=`` into a
    formula; those, and the other formula starts, become string cells with Excel's quote
    prefix, which shows the text as written and keeps it text when edited."""
    from openpyxl.cell import WriteOnlyCell

    out: list = []
    for value in values:
        text = _xml_text(value)
        if text.startswith(_FORMULA_START):
            cell = WriteOnlyCell(ws, value=text)
            cell.data_type = "s"
            cell.quotePrefix = True
            out.append(cell)
        else:
            out.append(text)
    return out


def _check_target(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise ExportError(f"导出文件应为 Excel 工作簿（.xlsx），而不是「{path.name}」")
    if path.is_dir():
        raise ExportError(f"「{path}」是一个文件夹，请另选文件名")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"文件夹不存在：{folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"没有权限写入文件夹：{folder}")
    return path


def _os_message(exc: OSError, path: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，未能写入 {path}"
    if isinstance(exc, PermissionError):
        return f"没有权限写入 {path}（文件是否正被 Excel 打开？）"
    if isinstance(exc, FileNotFoundError):
        return f"文件夹不存在：{path.parent}"
    return f"写入 {path} 失败：{exc.strerror or exc}"


def export_reach_xlsx(db: Database, item_id: str, path: Path | str, as_of: dt.date | None = None) -> ReachExport:
    """Write every enterprise that qualifies for ``item_id`` on ``as_of`` to ``path`` (.xlsx).

    Raises :class:`ItemNotFound` for an unknown item and :class:`ExportError` when nothing
    was written (no match, the item not in force, a bad path, a disk error)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    as_of = as_of or clock.today()
    path = _check_target(Path(path))
    query = _query(db, item_id, as_of)
    item, condition, params = query.item, query.condition, query.params
    if not query.in_force:
        raise ExportError(f"「{item.title}」在 {as_of.isoformat()} 不在有效期内，没有可导出的企业")

    # Owner-only from its first byte (0600: the list names enterprises and their people, and
    # a shared folder must not make it everyone's); the random part keeps two exports apart.
    tmp = temp_beside(path)
    try:
        with db.engine.connect() as conn, conn.begin():
            # One read transaction: the count in the header and the rows below it come from
            # the same snapshot even if a sync writes enterprises meanwhile.
            total = count_matches(conn, condition, params)
            if total == 0:
                raise ExportError(f"在 {as_of.isoformat()} 没有符合「{item.title}」条件的企业，未导出")
            wb = Workbook(write_only=True)
            ws = wb.create_sheet(SHEET_TITLE)
            for i, width in enumerate(_WIDTHS, 1):
                ws.column_dimensions[get_column_letter(i)].width = width
            bold = Font(bold=True)
            heading = WriteOnlyCell(ws, value=_xml_text(f"政策事项：{item.title}（{item.item_id}）"))
            heading.font = Font(bold=True, size=13)
            ws.append([heading])
            doc_no = item.document.doc_no or "—"
            ws.append(_text_cells(ws, [f"政策文件：{item.document.title}（{doc_no}）；主管部门：{item.department}"]))
            ws.append([f"判定日期：{as_of.isoformat()}；符合条件的企业共 {total} 家；"
                       f"导出时间：{clock.shanghai_now().strftime('%Y-%m-%d %H:%M')}"])
            ws.append([])
            header_row = []
            for title in COLUMNS:
                cell = WriteOnlyCell(ws, value=title)
                cell.font = bold
                header_row.append(cell)
            ws.append(header_row)
            written = 0
            for row in stream_matches(conn, condition, params):
                ws.append(_text_cells(ws, row.cells()))
                written += 1
            with os.fdopen(create_private(tmp), "wb") as handle:
                wb.save(handle)
        if written != total:  # cannot happen inside one snapshot; a guard, not a feature
            raise ExportError(f"导出的企业数（{written}）与统计数（{total}）不一致，请重试")
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(_os_message(exc, path)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return ReachExport(path, item.item_id, item.title, as_of, total)
