"""Files brought to an import, bounded before they are read.

An enterprise file or a policy catalogue comes from whoever made it. A 1 GB CSV ended in a
MemoryError traceback; a 1.2 MB .xlsx held three million rows (its XML packs a
thousandfold) and ran for minutes at 1 GB. Readers take :class:`FileLimits` and stop at the
first one reached, reading no more of the file than the limit allows, with a message that
names the limit and how to change it.

The limits: rows (a spreadsheet's or CSV's rows, a JSON list's objects, a catalogue's YAML
nodes) and bytes (of the file, and of an .xlsx's unpacked parts). Defaults 1,000,000 rows
and 200 MB; an argument wins over ``KUAIXIANG_IMPORT_MAX_ROWS`` / ``KUAIXIANG_IMPORT_MAX_MB``,
which win over the defaults (the import commands' ``--max-rows`` / ``--max-mb`` pass theirs).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

__all__ = [
    "DEFAULT_MAX_MB", "DEFAULT_MAX_ROWS", "ENV_MAX_MB", "ENV_MAX_ROWS", "MAX_ZIP_MEMBERS",
    "FileLimits", "LimitExceeded", "LimitSettingError", "check_zip", "count_rows", "read_bounded",
]

DEFAULT_MAX_ROWS = 1_000_000
DEFAULT_MAX_MB = 200
ENV_MAX_ROWS = "KUAIXIANG_IMPORT_MAX_ROWS"
ENV_MAX_MB = "KUAIXIANG_IMPORT_MAX_MB"
MAX_ZIP_MEMBERS = 10_000  # a workbook has tens of parts; each member costs a directory entry in memory
_MB = 1024 * 1024

T = TypeVar("T")


class LimitSettingError(ValueError):
    """A limit given that cannot be one (not a positive number)."""


class LimitExceeded(Exception):
    """The file is beyond a limit; nothing was imported. ``message`` is in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < _MB:
        return f"{size / 1024:.3g} KB"
    return f"{size / _MB:.3g} MB" if size < 10 * _MB else f"{size / _MB:.0f} MB"


def _number(raw: str, name: str, *, integer: bool) -> float:
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        value = 0
    if not 0 < value < float("inf"):  # NaN compares false too
        kind = "正整数" if integer else "正数（MB）"
        raise LimitSettingError(f"{name} 应为{kind}，实际是 {raw[:40]!r}")
    return value


@dataclass(frozen=True)
class FileLimits:
    max_rows: int = DEFAULT_MAX_ROWS
    max_bytes: int = DEFAULT_MAX_MB * _MB

    @classmethod
    def resolve(cls, *, max_rows: int | None = None, max_mb: float | None = None,
                environ: Mapping[str, str] | None = None) -> FileLimits:
        """An argument given, else the environment's, else the default; a value that is not
        a positive number raises :class:`LimitSettingError` naming where it came from."""
        env = os.environ if environ is None else environ
        if max_rows is None and env.get(ENV_MAX_ROWS, "").strip():
            max_rows = int(_number(env[ENV_MAX_ROWS].strip(), f"环境变量 {ENV_MAX_ROWS}", integer=True))
        if max_mb is None and env.get(ENV_MAX_MB, "").strip():
            max_mb = _number(env[ENV_MAX_MB].strip(), f"环境变量 {ENV_MAX_MB}", integer=False)
        rows = DEFAULT_MAX_ROWS if max_rows is None else int(_number(str(max_rows), "--max-rows", integer=True))
        mb = DEFAULT_MAX_MB if max_mb is None else _number(str(max_mb), "--max-mb", integer=False)
        return cls(rows, max(1, int(mb * _MB)))

    def too_many_rows(self, unit: str = "行", kind: str = "行数") -> LimitExceeded:
        return LimitExceeded(f"超过{kind}上限：最多 {self.max_rows} {unit}（可用 --max-rows 或环境变量 {ENV_MAX_ROWS} 调整）")

    def too_large(self, size: int | None = None, what: str = "文件") -> LimitExceeded:
        actual = f"{what}共 {_size(size)}，" if size is not None else what
        return LimitExceeded(f"{actual}超过 {_size(self.max_bytes)} 的大小上限（可用 --max-mb 或环境变量 {ENV_MAX_MB} 调整）")


def read_bounded(path: Path, limits: FileLimits) -> bytes:
    """The file's bytes, reading at most one byte past the limit (a FIFO or a device has no
    size to check first)."""
    with open(path, "rb") as fh:
        data = fh.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise limits.too_large()
    return data


def count_rows(rows: Iterable[T], limits: FileLimits, unit: str = "行", kind: str = "行数") -> Iterator[T]:
    """``rows`` as they come, stopping with :class:`LimitExceeded` at the first beyond the limit."""
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise limits.too_many_rows(unit, kind)
        yield row


def check_zip(fileobj: BinaryIO, limits: FileLimits) -> None:
    """Refuses an archive whose parts unpack beyond the byte limit, from its directory and
    before anything is unpacked. The sizes the directory declares are the most Python's
    zipfile (which openpyxl reads through) will unpack of each part: a part that lies is cut
    there and fails its CRC. An archive that cannot be read is left to the reader to report."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    finally:
        fileobj.seek(0)
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LimitExceeded(f"Excel 文件含 {len(infos)} 个部件，超过 {MAX_ZIP_MEMBERS} 个的上限，不像正常的工作簿")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_bytes:
        raise limits.too_large(unpacked, "解压后")
