"""What goes wrong in an enterprise file: one :class:`RowError` per problem (file, row,
column, value, reason in Chinese), all of them collected before anything is written."""

from __future__ import annotations

from dataclasses import dataclass

from .values import is_empty, shorten, show

#: More errors than this are counted but not listed: nobody reads ten thousand lines, and the
#: first thousand show the pattern.
MAX_ERRORS = 1000


@dataclass(frozen=True)
class RowError:
    """One problem in an import file. ``row`` is None for problems of the whole file (missing,
    unreadable, bad header); ``column`` is the header or JSON key as the user wrote it."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            # A JSON "row" is the n-th object, which a user would not call a 行.
            unit = "条" if self.file.lower().endswith(".json") else "行"
            where += f" 第{self.row}{unit}"
        if self.column:
            where += f"「{self.column}」"
        text = f"{where}: {self.reason}"
        if self.value not in (None, ""):
            text += f"（值：{shorten(self.value)}）"
        return text

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "message": str(self),
        }


class ImportRejected(Exception):
    """The file was not imported; ``errors`` lists the problems (at most ``MAX_ERRORS``),
    ``total`` counts all of them."""

    def __init__(self, file: str, errors: list[RowError], total: int | None = None):
        self.file = file
        self.errors = list(errors)
        self.total = len(self.errors) if total is None else total
        super().__init__(self._message())

    @property
    def omitted(self) -> int:
        return self.total - len(self.errors)

    def _message(self) -> str:
        lines = [f"{self.file}：发现 {self.total} 处错误，未导入任何数据。"]
        lines += [str(e) for e in self.errors[:20]]
        rest = self.total - min(len(self.errors), 20)
        if rest > 0:
            lines.append(f"……另有 {rest} 处错误")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "error": "import_rejected",
            "file": self.file,
            "message": f"{self.file}：发现 {self.total} 处错误，未导入任何数据",
            "error_count": self.total,
            "omitted": self.omitted,
            "errors": [e.to_json() for e in self.errors],
        }


class ErrorLog:
    """Collects errors for one file, keeping the first ``MAX_ERRORS`` and counting the rest."""

    def __init__(self, file: str, limit: int = MAX_ERRORS):
        self.file = file
        self.limit = limit
        self.errors: list[RowError] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, raw: object, reason: str, *, first: bool = False) -> None:
        self.total += 1
        if first:
            self.errors.insert(0, RowError(self.file, row, column, None if is_empty(raw) else show(raw), reason))
            del self.errors[self.limit:]
        elif len(self.errors) < self.limit:
            value = None if is_empty(raw) else show(raw)
            self.errors.append(RowError(self.file, row, column, value, reason))

    def file_error(self, reason: str, column: str | None = None, *, first: bool = False) -> None:
        self.add(None, column, None, reason, first=first)

    def reject(self) -> ImportRejected:
        return ImportRejected(self.file, self.errors, self.total)


class Bad(ValueError):
    """A raw value (or header) that cannot be used; the argument is the reason, in Chinese."""

    @property
    def reason(self) -> str:
        return str(self.args[0])


class FileBad(Exception):
    """The whole file cannot be read; nothing row-level can be said about it."""
