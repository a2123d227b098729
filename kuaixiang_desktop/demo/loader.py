"""Loading demo data into a client database."""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

from kuaixiang_core.cancellation import Cancelled, current_cancel_event, interrupting, raise_if_cancelled
from kuaixiang_core.demo import enterprises as demo_data

from ..services.applications import ensure_demo_clerk
from ..store.database import Database
from ..store.enterprises import Prepared, prepare, write_enterprises
from . import WINDOW_DEMO_ENTERPRISES, WINDOW_DEMO_SEED  # noqa: F401 - named here by the CLI

_PARALLEL_FROM = 50_000
_CANCELLED = "写入演示企业已取消"


@dataclass(frozen=True)
class DemoLoad:
    enterprises: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.enterprises / self.seconds if self.seconds else 0.0


def _prepared_chunk(seed: int, start: int, count: int) -> list[Prepared]:
    return [prepare(d.record, d.keys) for d in demo_data.generate_chunk(seed, start, count)]


def _chunks(enterprises: int, seed: int) -> Iterator[list[Prepared]]:
    starts = range(0, enterprises, demo_data.CHUNK)
    sizes = (min(demo_data.CHUNK, enterprises - s) for s in starts)
    if enterprises < _PARALLEL_FROM:
        yield from (_prepared_chunk(seed, s, n) for s, n in zip(starts, sizes, strict=True))
        return
    # Generating and preparing rows is more than half the work: two processes make the next
    # chunks while this one writes. "spawn", since forking a process that may hold Qt
    # threads is unsafe.  The children do not see the cancel event: this side looks at it
    # between chunks, and a cancelled load does not wait for the chunks still queued.
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    finished = False
    try:
        pending: deque = deque()
        for s, n in zip(starts, sizes, strict=True):
            pending.append(pool.submit(_prepared_chunk, seed, s, n))
            if len(pending) > 4:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
        finished = True
    finally:
        # A chunk still being made takes a second to finish: a cancelled load leaves it behind.
        pool.shutdown(wait=finished, cancel_futures=True)


def _result(future: Future) -> list[Prepared]:
    """The chunk, waited for in short steps so that a cancel request is seen meanwhile."""
    cancel = current_cancel_event()
    while cancel is not None and not wait([future], timeout=0.05).done:
        if cancel.is_set():
            raise Cancelled(_CANCELLED)
    raise_if_cancelled(_CANCELLED)
    return future.result()


@contextlib.contextmanager
def _secondary_indexes_rebuilt(conn):
    """Drop the search-key indexes of ``enterprise`` for a bulk load into an empty table and
    build them again afterwards, inside the same transaction: building an index from sorted
    data is several times faster than growing it one random insert at a time."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'enterprise' "
        "AND name LIKE 'ix_enterprise_%' AND sql IS NOT NULL"
    ).all()
    for name, _sql in rows:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in rows:
        conn.exec_driver_sql(sql)


def load_demo(db: Database, enterprises: int = 2000, seed: int = 0) -> DemoLoad:
    """Write ``enterprises`` deterministic demo enterprises (idempotent for the same seed).

    All of them in one transaction.  Inside a cancellable task (the window preparing its
    demo) a cancel request stops the load within milliseconds with
    :class:`~.cancellation.Cancelled` and writes nothing: the next start finds the database
    empty and prepares it again.  Elsewhere (``kuaixiang demo``) nothing can stop it."""
    started = time.perf_counter()
    cancel = current_cancel_event()
    with db.write() as conn:
        # Out of the block (its progress handler gone) before the commit: a commit is never
        # interrupted half-way, the transaction ends all written or all rolled back.
        with interrupting(conn.connection.driver_connection, cancel, _CANCELLED):
            raise_if_cancelled(_CANCELLED)
            # Hundreds of thousands of index inserts land in random pages of six indexes: a
            # big page cache for this load keeps them from re-reading the same pages from disk.
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            chunks = _chunks(enterprises, seed)
            # Closed at once when the write stops early: its worker processes go with it.
            with contextlib.closing(chunks):
                items = (p for chunk in chunks for p in chunk)
                empty = conn.exec_driver_sql("SELECT NOT EXISTS (SELECT 1 FROM enterprise)").scalar()
                if empty and enterprises >= _PARALLEL_FROM:
                    with _secondary_indexes_rebuilt(conn):
                        counts = write_enterprises(conn, items, source="demo")
                else:
                    counts = write_enterprises(conn, items, source="demo")
    with db.sessions.begin() as session:
        ensure_demo_clerk(session)
    return DemoLoad(counts.inserted + counts.updated, time.perf_counter() - started)


@dataclass(frozen=True)
class CatalogueLoad:
    documents: int
    items: int
    auto: int
    online: int
    seconds: float


def demo_catalogue_path():
    from kuaixiang_core.resources import resources_dir

    return resources_dir() / "catalogue" / "demo.yaml"


def load_demo_catalogue(db: Database, *, full: bool = False, seed: int = 0) -> CatalogueLoad:
    """The hand-written demo catalogue, and with ``full`` generated documents and items up to
    the platform's published figures (1,394 documents, 2,728 items, 466 免申即享, 2,115 online)."""
    from kuaixiang_core.reference import base_facts, document_region_map

    from ..services.policies import compiled_catalogue, import_catalogue, import_catalogue_data

    started = time.perf_counter()
    import_catalogue(db, demo_catalogue_path())
    if full:
        from kuaixiang_core.demo import catalogue as catalogue_generator
        from kuaixiang_core.domain.rules.catalogue import check_catalogue

        cat = compiled_catalogue(db)
        hand = [i for i in cat.items if not i.id.startswith("gen-")]
        docs = {i.document_id for i in hand}
        data = catalogue_generator.generate_catalogue(
            **catalogue_generator.full_catalogue_remainder(
                len(docs), len(hand), sum(i.mode == "auto" for i in hand), sum(i.mode == "online" for i in hand)
            ),
            seed=seed,
        )
        generated = check_catalogue(data, {**cat.declared, **{f.name: f for f in base_facts()}}, set(document_region_map()))
        import_catalogue_data(db, generated, source="generated")
    cat = compiled_catalogue(db)
    return CatalogueLoad(
        len(cat.documents), len(cat.items), sum(i.mode == "auto" for i in cat.items),
        sum(i.mode == "online" for i in cat.items), time.perf_counter() - started,
    )
