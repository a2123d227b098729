"""Loading demo data into a client database."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy.dialects.sqlite import insert

from ..store.database import Database
from ..store.enterprises import write_enterprises
from ..store.models import FactDefinition
from . import demo_data


@dataclass(frozen=True)
class DemoLoad:
    enterprises: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.enterprises / self.seconds if self.seconds else 0.0


def load_demo(db: Database, enterprises: int = 2000, seed: int = 0) -> DemoLoad:
    """Write ``enterprises`` deterministic demo enterprises (idempotent for the same seed)."""
    started = time.perf_counter()
    with db.engine.begin() as conn:
        # Hundreds of thousands of index inserts land in random pages of six indexes: a big
        # page cache for this load keeps them from re-reading the same pages from disk.
        conn.exec_driver_sql("PRAGMA cache_size=-262144")
        conn.execute(
            insert(FactDefinition)
            .values(
                [
                    dict(name=n, type=t, unit=u, label=label, source_department=dept, declared_by="demo")
                    for n, t, u, label, dept in demo_data.DEMO_FACTS
                ]
            )
            .on_conflict_do_nothing()
        )
        counts = write_enterprises(
            conn, ((d.record, d.keys) for d in demo_data.generate(enterprises, seed)), source="demo"
        )
    return DemoLoad(counts.inserted + counts.updated, time.perf_counter() - started)
