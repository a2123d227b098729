"""Readers: a file → rows of raw cells, bound to their columns (CSV in UTF-8 or GB18030, the
first worksheet of an .xlsx, a JSON list of objects).

Rows stream from the file to the row parser: nothing holds the file's rows as a whole, and
no reader reads more of a file than the byte limit (``untrusted.files``) allows."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..domain.codes import check_uscc
from ..untrusted.files import FileLimits, LimitExceeded, check_zip, read_bounded
from .columns import FIELDS, Column, Resolver
from .errors import Bad, ErrorLog, FileBad
from .values import decimal_from_float, is_empty, nfkc, plain, shorten, show


@dataclass(frozen=True)
class RawRow:
    number: int  # spreadsheet row, or 1-based JSON index
    cells: list[tuple[Column, object]]


_PIECE = 1024 * 1024


def _first_bad_byte(data: bytes, encoding: str) -> int | None:
    """Where ``data`` stops being ``encoding`` (None: it is), decoded in pieces so that a big
    file is checked without a second copy of it as text."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    for start in range(0, len(data), _PIECE):
        pending = len(decoder.getstate()[0])  # bytes of a character cut by the last piece
        try:
            decoder.decode(view[start:start + _PIECE], final=start + _PIECE >= len(data))
        except UnicodeDecodeError as exc:
            return start - pending + exc.start
    return None


def _encoding(data: bytes) -> str:
    """Excel on a Chinese Windows saves "CSV (逗号分隔)" as GBK; "CSV UTF-8" adds a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        bad = _first_bad_byte(data, "utf-8")
        if bad is not None:
            raise FileBad(f"文件以 UTF-8 标记开头，但第 {bad} 字节处不是有效的 UTF-8 字符")
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        if _first_bad_byte(data, encoding) is None:
            return encoding
    raise FileBad("无法识别文件的编码：请另存为「CSV UTF-8」或 GBK 编码的 CSV")


def _text(data: bytes, encoding: str) -> io.TextIOWrapper:
    # BytesIO shares the bytes it starts with; the wrapper decodes a piece at a time.
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def read_csv(path: Path, limits: FileLimits) -> Iterator[tuple[int, list[object]]]:
    """The file's records as they are read: its bytes (at most the byte limit) are decoded
    as the CSV reader goes, never held a second time as text."""
    data = read_bounded(path, limits)
    if not data.strip(codecs.BOM_UTF8 + b" \t\r\n"):
        raise FileBad("文件为空")
    encoding = _encoding(data)
    try:
        first_line = _text(data, encoding).readline(64 * 1024)
        delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
        # One CSV record is one spreadsheet row, even when a quoted cell spans several lines.
        for number, cells in enumerate(csv.reader(_text(data, encoding), delimiter=delimiter), start=1):
            yield number, list(cells)
    except csv.Error as exc:
        raise FileBad(f"CSV 格式错误：{exc}") from None
    except UnicodeDecodeError:  # only UTF-16 is not checked whole beforehand
        raise FileBad("文件以 UTF-16 标记开头，但内容不是有效的 UTF-16") from None


def _xlsx_value(cell) -> object:
    value = cell.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        number = decimal_from_float(value) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", None) or ""):
            # A cell formatted as 3.5% holds 0.035; the user means 3.5 (percent).
            return f"{plain(number * 100)}%"
        return value if isinstance(value, int) else number
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


_XLSX_BATCH = 1000  # rows read under one warnings filter (it is process-wide state)


def read_xlsx(path: Path, limits: FileLimits) -> Iterator[tuple[int, list[object]]]:
    """The first worksheet's rows as openpyxl's read-only mode streams them. The archive's
    unpacked size is checked first: XML packs a thousandfold, so a small file can hold
    millions of rows."""
    import openpyxl  # imported here: only spreadsheet imports pay for it

    size = path.stat().st_size
    if size == 0:
        raise FileBad("文件为空")
    if size > limits.max_bytes:
        raise limits.too_large(size)
    with open(path, "rb") as fh:
        check_zip(fh, limits)
        try:
            with warnings.catch_warnings():
                # Excel features openpyxl cannot keep (data validation, extensions) only warn,
                # and do not change cell values.
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # zipfile, XML and openpyxl errors: every one means "not readable"
            raise FileBad(f"不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名（{type(exc).__name__}）") from None
        try:
            if not book.worksheets:
                raise FileBad("工作簿中没有工作表")
            sheet = book.worksheets[0]
            # Some generators write a wrong <dimension>; without it openpyxl reads what is there.
            sheet.reset_dimensions()
            rows = sheet.iter_rows()
            number = 0
            while True:
                # Warnings are silenced per batch, not across a yield, which would silence them
                # in the caller too.
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    batch = [[_xlsx_value(c) for c in row] for row in itertools.islice(rows, _XLSX_BATCH)]
                for cells in batch:
                    number += 1
                    yield number, cells
                if len(batch) < _XLSX_BATCH:
                    return
        except (FileBad, LimitExceeded):
            raise
        except Exception as exc:
            raise FileBad(f"Excel 文件内容已损坏，无法读取（{type(exc).__name__}）") from None
        finally:
            book.close()


class _JsonObject(dict):
    """A JSON object that remembers keys given twice (json.loads would keep the last)."""

    duplicates: list[str]


def _json_object(pairs: list[tuple[str, object]]) -> _JsonObject:
    obj = _JsonObject()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


_JSON_MESSAGES = {
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting value": "缺少值（或有多余的逗号）",
    "Expecting property name enclosed in double quotes": "键名应使用英文双引号（或有多余的逗号）",
    "Unterminated string starting at": "字符串缺少结束的引号",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Extra data": "JSON 结束后还有多余的内容",
}


def read_json(path: Path, limits: FileLimits) -> list[object]:
    data = read_bounded(path, limits)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileBad(f"JSON 文件应为 UTF-8 编码（第 {exc.start + 1} 字节处不是有效的 UTF-8）") from None
    if not text.strip():
        raise FileBad("文件为空")
    try:
        # Decimal, never float: money must arrive exactly as written.
        doc = json.loads(text, parse_float=Decimal, parse_constant=Decimal, object_pairs_hook=_json_object)
    except RecursionError:
        raise FileBad("JSON 嵌套过深，不像企业数据") from None
    except ValueError as exc:  # beyond 4,300 digits int() refuses, with a ValueError of its own
        if not isinstance(exc, json.JSONDecodeError):
            raise FileBad(f"JSON 中的数字过长（{exc}）") from None
        what = _JSON_MESSAGES.get(exc.msg, exc.msg)
        raise FileBad(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列，{what}") from None
    if isinstance(doc, dict) and isinstance(doc.get("enterprises"), list):
        return doc["enterprises"]
    if isinstance(doc, list):
        return doc
    raise FileBad("JSON 顶层应为企业对象的列表，或含「enterprises」列表的对象")


# Rows: header resolution for spreadsheets, key resolution for JSON

_TITLE_ROWS = 5  # a template may open with a title row (e.g. 企业信息导入表) above the header


def _find_header(rows: list[tuple[int, list[object]]], resolver: Resolver) -> int | None:
    """Index of the header row: the first with a known column name, if every row above it is
    a title (at most one filled cell)."""
    for index, (_number, cells) in enumerate(rows[:_TITLE_ROWS]):
        for cell in cells:
            if isinstance(cell, str) and cell.strip():
                try:
                    resolver.resolve(cell)
                    return index
                except Bad:
                    pass
        if sum(not is_empty(c) for c in cells) > 1:
            return None
    return None


_NUMBER_OR_DATE = re.compile(r"[\d,.\-/年月日\s]+")


def _looks_like_data(cells: list[object]) -> bool:
    for cell in cells:
        if is_empty(cell):
            continue
        if not isinstance(cell, str) or check_uscc(cell).valid or _NUMBER_OR_DATE.fullmatch(nfkc(cell)):
            return True
    return False


def _sheet_columns(header: list[object], resolver: Resolver, log: ErrorLog) -> list[Column | None]:
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    for cell in header:
        if is_empty(cell):
            columns.append(None)
            continue
        name = show(cell).strip()
        try:
            column = resolver.resolve(name)
        except Bad as bad:
            log.file_error(bad.reason, column=name)
            columns.append(None)
            continue
        if column.key in seen:
            log.file_error(f"与列「{seen[column.key]}」重复：两列填的是同一项", column=name)
            columns.append(None)
            continue
        seen[column.key] = name
        columns.append(column)
    for spec in FIELDS:
        if spec.required and spec.name not in seen:
            log.file_error(f"缺少必需的列「{spec.label}」（{spec.name}）", column=spec.label)
    return columns


def _head(rows: Iterator[tuple[int, list[object]]]) -> list[tuple[int, list[object]]]:
    """The rows the header is looked for in: the first ``_TITLE_ROWS``, and on to the first
    filled row if none of those is."""
    head: list[tuple[int, list[object]]] = []
    for row in rows:
        head.append(row)
        if len(head) >= _TITLE_ROWS and any(not is_empty(c) for _n, cells in head for c in cells):
            break
    return head


def sheet_rows(rows: Iterable[tuple[int, list[object]]], resolver: Resolver, log: ErrorLog) -> Iterator[RawRow]:
    rest = iter(rows)
    head = _head(rest)
    if not any(not is_empty(c) for _n, cells in head for c in cells):
        raise FileBad("文件为空")
    index = _find_header(head, resolver)
    if index is None:
        # No known column name: either every name is misspelt (report each one, with a
        # suggestion) or the first row is already data (say that the header is missing).
        index = next(i for i, (_n, cells) in enumerate(head) if any(not is_empty(c) for c in cells))
        if _looks_like_data(head[index][1]):
            shown = "、".join(shorten(show(c), 20) for c in head[index][1][:4] if not is_empty(c))
            raise FileBad(
                "缺少表头：第一行应为列名（如 统一社会信用代码、企业名称、行政区划代码 或 credit_code、"
                f"name、region_code），实际为「{shown}」"
            )
    header_number, header = head[index]
    columns = _sheet_columns(header, resolver, log)
    unnamed = _UnnamedColumns(header, log)
    found = False
    for number, cells in itertools.chain(head[index + 1:], rest):
        if all(is_empty(c) for c in cells):
            continue  # Excel keeps formatted but empty rows at the end
        bound = []
        for col_index, value in enumerate(cells):
            column = columns[col_index] if col_index < len(columns) else None
            if column is not None:
                bound.append((column, value))
            elif not is_empty(value):
                unnamed.check(number, col_index, value)
        found = True
        yield RawRow(number, bound)
    if not found:
        raise FileBad(f"表头（第{header_number}行）之后没有企业数据")


@dataclass
class _UnnamedColumns:
    """Data under a blank header cell would be dropped unnoticed: report it, once per column."""

    header: list[object]
    log: ErrorLog
    reported: set[int] = field(default_factory=set)

    def check(self, number: int, col_index: int, value: object) -> None:
        named = col_index < len(self.header) and not is_empty(self.header[col_index])
        if named or col_index in self.reported:
            return  # a named but unknown column was reported with the header
        self.reported.add(col_index)
        self.log.add(number, f"第{col_index + 1}列", value, "这一列没有列名，其中的数据无法导入")


def json_rows(items: Iterable[object], resolver: Resolver, log: ErrorLog) -> Iterator[RawRow]:
    number = 0
    for number, obj in enumerate(items, start=1):  # number is read after the loop, too
        if not isinstance(obj, dict):
            log.add(number, None, obj, "应为一个企业对象（{…}）")
            continue
        for key in getattr(obj, "duplicates", ()):
            log.add(number, key, None, "同一对象中此键出现了多次")
        bound = []
        seen: dict[str, str] = {}
        for key, value in obj.items():
            try:
                column = resolver.resolve(key)
            except Bad as bad:
                log.add(number, key, value, bad.reason)
                continue
            if column.key in seen:
                log.add(number, key, value, f"与键「{seen[column.key]}」重复：两个键填的是同一项")
                continue
            seen[column.key] = key
            bound.append((column, value))
        yield RawRow(number, bound)
    if number == 0:
        raise FileBad("文件中没有企业数据")
