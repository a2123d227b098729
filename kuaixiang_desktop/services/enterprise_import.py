"""Importing enterprises from a file into the client database: ``kuaixiang enterprise import
FILE``. All or nothing: kuaixiang_core.enterprise_files reads and checks every row first; only
a file without a single error is written, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kuaixiang_core.domain.clock import today as shanghai_today
from kuaixiang_core.domain.rules.facts import FactSpec
from kuaixiang_core.enterprise_files import FileLimits, read_file

from ..store.database import Database
from ..store.enterprises import fact_definitions as load_fact_definitions
from ..store.enterprises import write_enterprises
from .pinyin_memory import pinyin_while

IMPORT_SOURCE = "import"


@dataclass(frozen=True)
class ImportReport:
    file: str
    rows: int
    inserted: int
    updated: int
    # Facts given without a 数据日期, dated the day of the import (``dated``): fact → rows.
    undated: dict[str, int] = field(default_factory=dict)
    dated: dt.date | None = field(default=None, compare=False)

    @property
    def warnings(self) -> list[str]:
        if not self.undated:
            return []
        names = "、".join(f"{name}（{rows} 行）" for name, rows in sorted(self.undated.items()))
        return [f"以下事实没有「数据日期」，按导入当日 {self.dated.isoformat() if self.dated else ''} 记为当日有效：{names}；"
                f"如数据属于更早的日期，请在文件中加「数据日期」列后重新导入"]

    def to_json(self) -> dict:
        out = {"file": self.file, "rows": self.rows, "inserted": self.inserted, "updated": self.updated}
        if self.undated:
            out["undated_facts"] = dict(sorted(self.undated.items()))
            out["undated_facts_valid_on"] = self.dated.isoformat() if self.dated else None
            out["warnings"] = self.warnings
        return out


def import_file(db: Database, path: Path | str, *, today: dt.date | None = None,
                limits: FileLimits | None = None) -> ImportReport:
    """Import *path* all or nothing: every row is checked first, and the records are written in
    one transaction only when there is no error (existing credit codes are updated). Reading
    stops at the first of ``limits`` reached (default: the environment's, else 1,000,000 rows
    and 200 MB)."""
    path = Path(path)
    with db.sessions() as session:
        definitions = {name: FactSpec(d.name, d.type, d.label, d.unit, d.source_department)
                       for name, d in load_fact_definitions(session).items()}
    undated: dict[str, int] = {}
    today = today or shanghai_today()
    records = read_file(path, definitions, today=today, limits=limits, undated=undated)
    # The new names' search keys need the pinyin dictionary, dropped again afterwards.
    with pinyin_while(), db.write() as conn:  # BEGIN IMMEDIATE: reads which codes exist, then writes
        counts = write_enterprises(conn, records, source=IMPORT_SOURCE)
    return ImportReport(file=str(path), rows=len(records), inserted=counts.inserted, updated=counts.updated,
                        undated=undated, dated=today)
