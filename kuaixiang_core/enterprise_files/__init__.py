"""Reading enterprise files: what ``kuaixiang enterprise import FILE`` and the server's
``admin import-enterprises`` parse (DESIGN §4, §7, §8). Nothing here writes anything.

Formats: ``.csv`` (UTF-8, UTF-8 with BOM, or GB18030/GBK as Excel on a Chinese Windows saves
it), ``.xlsx`` (first worksheet) and ``.json`` (a list of objects, or ``{"enterprises": [...]}``).

All or nothing: every row is parsed and checked first and every problem is collected as a
:class:`RowError` (file, row, column, value, reason in Chinese). Only a file without a single
error is written, in one transaction; otherwise :class:`ImportRejected` carries the errors and
the database is untouched. Clerks fix a spreadsheet in one pass when they see every mistake at
once, which is why nothing stops at the first error.

The pipeline:

1. a reader turns the file into rows of raw cells (``readers``);
2. the header (or each JSON key) is resolved against the column table ``FIELDS`` and the
   declared facts (``columns.Resolver``);
3. each row is parsed into an :class:`EnterpriseRecord` (``rows.RowParser``); raw values go through
   small parsers (``cells``) that raise ``Bad`` with the reason;
4. checks across rows (duplicate credit codes) run as rows go by.

Rows stream through the pipeline, bounded by :class:`FileLimits` (rows and bytes; defaults
1,000,000 rows and 200 MB, or ``KUAIXIANG_IMPORT_MAX_ROWS`` / ``KUAIXIANG_IMPORT_MAX_MB``):
the first limit reached rejects the file with an error naming it, before the rest is read.

Row numbers are what the user sees: for CSV/XLSX the spreadsheet row (header = row 1), for JSON
the 1-based position of the object in the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..domain.clock import today as shanghai_today
from ..domain.enterprise import EnterpriseRecord
from ..domain.rules.facts import FactSpec
from ..untrusted.files import FileLimits, LimitExceeded, LimitSettingError, count_rows
from .columns import FIELDS, FieldSpec, Resolver
from .errors import MAX_ERRORS, ErrorLog, FileBad, ImportRejected, RowError
from .readers import RawRow, json_rows, read_csv, read_json, read_xlsx, sheet_rows
from .rows import RowParser

__all__ = ["FIELDS", "MAX_ERRORS", "SUPPORTED_SUFFIXES", "FieldSpec", "FileLimits", "ImportRejected", "RowError",
           "read_file"]

SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json")


def _raw_rows(path: Path, suffix: str, resolver: Resolver, log: ErrorLog, limits: FileLimits) -> Iterator[RawRow]:
    if suffix == ".json":
        return json_rows(count_rows(read_json(path, limits), limits, "条", "条数"), resolver, log)
    read = read_xlsx if suffix in (".xlsx", ".xlsm") else read_csv
    return sheet_rows(count_rows(read(path, limits), limits), resolver, log)


def _check_path(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        hint = "；旧版 Excel（.xls）或 WPS（.et）文件请另存为 .xlsx" if suffix in (".xls", ".et") else ""
        raise FileBad(f"不支持的文件类型「{path.suffix or '无扩展名'}」：应为 .csv、.xlsx 或 .json{hint}")
    if not path.exists():
        raise FileBad(f"文件不存在：{path}")
    if not path.is_file():
        raise FileBad(f"不是文件：{path}")
    return suffix


def read_file(
    path: Path | str,
    fact_definitions: dict[str, FactSpec],
    *,
    today: dt.date | None = None,
    limits: FileLimits | None = None,
    undated: dict[str, int] | None = None,
) -> list[EnterpriseRecord]:
    """Parse and check every row of *path*; return the records, or raise :class:`ImportRejected`
    listing every problem found. ``today`` (default: today in Asia/Shanghai) is the date facts without
    a 数据日期 are valid on, and the latest acceptable 成立日期. ``limits`` (default: from the
    environment, else 1,000,000 rows and 200 MB) stop the reading at the first one reached.
    ``undated``, if given, is filled with the facts dated ``today`` for want of a 数据日期
    (fact name → rows), for the caller's warning."""
    path = Path(path)
    today = today or shanghai_today()
    log = ErrorLog(path.name)
    try:
        limits = limits or FileLimits.resolve()
        suffix = _check_path(path)
        resolver = Resolver(fact_definitions, json_keys=suffix == ".json")
        parser = RowParser(log, resolver, today, json_rows=suffix == ".json")
        rows = _raw_rows(path, suffix, resolver, log, limits)
        records = [record for row in rows if (record := parser.parse(row)) is not None]
        if undated is not None:
            undated.update(parser.undated)
    except (FileBad, LimitExceeded, LimitSettingError) as bad:
        # First in the list: it is why the rest of the file was not read.
        log.file_error(str(bad), first=True)
        raise log.reject() from None
    except OSError as exc:
        log.file_error(f"无法读取文件：{exc.strerror or exc}", first=True)
        raise log.reject() from None
    if log.total:
        raise log.reject()
    return records
