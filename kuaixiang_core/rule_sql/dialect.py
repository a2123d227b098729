"""Where SQLite and PostgreSQL differ for the rule SQL: the one place the compiler asks.

The client keeps its enterprises in SQLite, the server in PostgreSQL (or SQLite for a demo).
What differs for a rule's condition:

- **dates**: SQLite stores them as ISO text and compares text; PostgreSQL has ``date`` and
  wants a date bound (and refuses 29 February of a common year, which ISO text compares
  fine: a bound on it becomes 28 February, the same "on or before" for every real date);
- **booleans**: SQLite's are 0 and 1, PostgreSQL's ``boolean`` does not compare with integers;
- **numbers held as text** (declared facts): SQLite's ``REAL`` is a double, PostgreSQL's is
  4 bytes, so ``DOUBLE PRECISION`` there;
- **text order**: SQLite compares bytes; a PostgreSQL database may order by a locale
  (``en_US``: punctuation ignored, so ``'1:'`` would not sort after ``'19'``), so ordering
  comparisons of text use ``COLLATE "C"`` (byte order of UTF-8 = Python's code-point order);
- **patterns**: ``GLOB`` is SQLite's, a regular expression ``~`` PostgreSQL's;
- **JSON lists**: ``json_each`` against ``jsonb_array_elements_text``;
- **age from a date**: ``substr`` of ISO text against ``EXTRACT`` and ``to_char``.

``TRUE`` and ``FALSE`` are written as such: SQLite (3.23+) reads them as 1 and 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str  # "sqlite" | "postgresql", as SQLAlchemy's engine.dialect.name

    @property
    def postgresql(self) -> bool:
        return self.name == "postgresql"

    def date(self, day: dt.date) -> object:
        """A date parameter compared with a date column."""
        return day if self.postgresql else day.isoformat()

    def date_on_or_before(self, year: int, month: int, day: int) -> object:
        """The bound for ``column <= Y-M-D`` where Y-M-D may be 29 February of a common year."""
        if not self.postgresql:
            return f"{year:04d}-{month:02d}-{day:02d}"
        try:
            return dt.date(year, month, day)
        except ValueError:
            return dt.date(year, month, day - 1)

    def boolean(self, value: bool) -> object:
        return value if self.postgresql else int(value)

    def number(self, text_expr: str) -> str:
        """A declared number fact's text as a number (NULL stays NULL)."""
        return f"CAST({text_expr} AS {'DOUBLE PRECISION' if self.postgresql else 'REAL'})"

    def iso_date_text(self, expr: str, *, column: bool) -> str:
        """A date as YYYY-MM-DD text in byte order: ``column`` a date column (a date on
        PostgreSQL, text already on SQLite), else text as a declared fact holds it."""
        if not self.postgresql:
            return expr
        return self.ordered_text(f"to_char({expr}, 'YYYY-MM-DD')" if column else expr)

    def ordered_text(self, expr: str) -> str:
        """``expr`` in byte order, for <, <=, >, >= and BETWEEN on text."""
        return f'({expr} COLLATE "C")' if self.postgresql else expr

    def two_digits(self, expr: str) -> str:
        return f"({expr} ~ '^[0-9][0-9]$')" if self.postgresql else f"({expr} GLOB '[0-9][0-9]')"

    def section_letter(self, expr: str) -> str:
        return f"({expr} ~ '^[A-T]$')" if self.postgresql else f"({expr} GLOB '[A-T]')"

    def list_has(self, list_expr: str, member_param: str) -> str:
        """The JSON array in ``list_expr`` (text) holds the text ``member_param``."""
        if self.postgresql:
            return (f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(CAST({list_expr} AS jsonb)) AS j(value) "
                    f"WHERE j.value = {member_param})")
        return f"EXISTS (SELECT 1 FROM json_each({list_expr}) j WHERE j.value = {member_param})"

    def age_years(self, date_column: str, as_of_param: str) -> str:
        """Full years from the column to the as-of date (domain.rules.evaluate.age_years)."""
        if self.postgresql:
            return (f"(CAST(EXTRACT(YEAR FROM CAST({as_of_param} AS date)) AS INTEGER) "
                    f"- CAST(EXTRACT(YEAR FROM {date_column}) AS INTEGER) "
                    f"- (CASE WHEN to_char(CAST({as_of_param} AS date), 'MM-DD') COLLATE \"C\" < to_char({date_column}, 'MM-DD') "
                    "THEN 1 ELSE 0 END))")
        return (f"(CAST(substr({as_of_param}, 1, 4) AS INTEGER) - CAST(substr({date_column}, 1, 4) AS INTEGER)"
                f" - (substr({as_of_param}, 6, 5) < substr({date_column}, 6, 5)))")


    def session_settings(self) -> tuple[str, ...]:
        """Statements to run at the start of the transaction of a city-wide query. PostgreSQL
        hashes the list of a declared fact's semijoin (``e.id IN (SELECT …)``) only when it
        fits in ``work_mem``; at the default 4 MB a list of 250,000 enterprises does not, and
        under an OR the plan falls back to rescanning it for every enterprise (a sweep item took
        over 13 minutes at 500,000 enterprises). SQLite builds its lists in memory anyway."""
        return ("SET LOCAL work_mem = '64MB'",) if self.postgresql else ()


SQLITE = Dialect("sqlite")
POSTGRESQL = Dialect("postgresql")


def dialect_named(name: str) -> Dialect:
    """The dialect of an SQLAlchemy engine (``engine.dialect.name``)."""
    if name == "sqlite":
        return SQLITE
    if name == "postgresql":
        return POSTGRESQL
    raise ValueError(f"no rule SQL for the database dialect {name!r}")
