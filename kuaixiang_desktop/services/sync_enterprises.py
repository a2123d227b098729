"""A pulled page of the ``enterprises`` stream, written in bulk (docs/sync-protocol.md, "Pull").

Each page is one transaction (the caller's): the items are read strictly, those of regions or
facts this client does not know are reported, and the rest go to
``store.enterprise_changes.write_changes`` in one go: the page's stored rows, facts, tags and
search rows are read in a few queries and only what differs is written (``executemany`` per
statement; new enterprises through the bulk insert of ``store.enterprises``). The search keys come with the items when
the server sends them (``wire_search_keys``); a random sample of each page is recomputed here,
and a page whose sample disagrees has every key computed here instead.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuaixiang_core import wire
from kuaixiang_core.domain.enterprise import ChangedParts, EnterpriseRecord
from kuaixiang_core.domain.search_keys import SearchKeys
from kuaixiang_core.reference import DOCUMENT_ONLY_LEVELS
from kuaixiang_core.wire_search_keys import keys_agree, search_keys_from_wire

from ..store.enterprise_changes import write_changes
from ..store.enterprises import prepare, write_enterprises
from ..store.models import FactDefinition, Region
from .sync_report import Failure, SyncReport

log = logging.getLogger(__name__)

# Where a pull of the enterprises stream last ended caught up with no item left unwritten: a
# cursor row of its own (sync_cursor, under the stream's cursor key made with this name). A
# pull of changed parts counts them from it (kuaixiang_core/wire_parts.SINCE_PARAM); without
# it (a client new to changed parts, or one whose last pull left items out) the pull asks for
# whole records, and sets it when it ends caught up.
PARTS_SINCE = "enterprises.since"
PAGE_CACHE_KIB = 65_536  # SQLite's page cache of the connection that writes pulled pages
KEY_SAMPLE = 32  # items of a page whose server-computed search keys are recomputed here
_random = random.SystemRandom()  # the server cannot know which items are checked
# False writes every record whole (store.enterprises.write_enterprises), as before the
# write of changes only: kept for the benchmark's comparison in the same run.
WRITE_CHANGES_ONLY = True


# A page of 2,000 enterprises makes some 150,000 objects (its JSON, records, rows to write)
# that all live until the page is written, and the one after it is read meanwhile. At the
# default threshold (700 allocations) the collector ran hundreds of times a page, its older
# generations walking the whole heap each time: half the time of reading a page's items. The
# objects hold no cycles (plain data), so while the stream is pulled the young generation is
# collected every 100,000 allocations instead; the thresholds are put back after.
PULL_GC_THRESHOLD = (100_000, 50, 100)
_gc_lock = threading.Lock()
_gc_pulls = 0
_gc_saved: tuple[int, ...] = ()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The collector's pace while the ``enterprises`` stream is pulled (two rounds on two
    libraries may pull at once: the thresholds are put back when the last one ends)."""
    global _gc_pulls, _gc_saved
    with _gc_lock:
        if _gc_pulls == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0]:  # 0: automatic collection is off already
                gc.set_threshold(*(max(a, b) for a, b in zip(PULL_GC_THRESHOLD, _gc_saved, strict=False)))
        _gc_pulls += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pulls -= 1
            if _gc_pulls == 0:
                gc.set_threshold(*_gc_saved)


def checked_keys(records: list, given: list[SearchKeys | None]) -> list[SearchKeys | None]:
    """``given`` when a random sample of the items that carry keys agrees with what this
    client computes, else no keys at all (each is then computed here)."""
    carried = [n for n, k in enumerate(given) if k is not None]
    for n in _random.sample(carried, min(KEY_SAMPLE, len(carried))):
        if not keys_agree(records[n].name, records[n].legal_rep, given[n]):
            log.warning("中心端给出的企业 %s 检索键与本机计算的不同：本页检索键全部由本机计算", records[n].credit_code)
            return [None] * len(records)
    return given


@dataclass
class ReadItems:
    """A page's items read strictly, without the database: the good ones with their records,
    in order, and a failure per item that could not be read."""

    read: list[tuple[dict, EnterpriseRecord | ChangedParts]]
    bad: list[Failure]


def read_items(items: list[dict]) -> ReadItems:
    """Run by the thread that fetched the page (services.sync_service._PageAhead), while the
    page before is written: that thread waits on the server most of the time, and the writer
    lets go of the GIL inside SQLite, so a page's reading (a sixth of the writer's time) is
    done beside it rather than after it."""
    read, bad = [], []
    for item in items:
        try:
            read.append((item, wire.enterprise_from_wire(item)))
        except wire.WireError as exc:
            bad.append(Failure("enterprises", str(item.get("credit_code")), f"企业档案格式不对：{exc}"))
    return ReadItems(read, bad)


def apply_enterprise_page(session: Session, items: list[dict], report: SyncReport,
                          ahead: ReadItems | None = None) -> None:
    """``ahead``: ``read_items(items)``, when the fetching thread made it."""
    known_facts = set(session.scalars(select(FactDefinition.name)))
    # a 省级/国家级 document's region is in the table for its documents; no enterprise is there
    known_regions = set(session.scalars(select(Region.code).where(Region.level.not_in(DOCUMENT_ONLY_LEVELS))))
    page = ahead if ahead is not None else read_items(items)
    report.failures.extend(page.bad)
    records, given = [], []
    for item, record in page.read:
        parts = type(record) is ChangedParts
        # Changed parts hold the region only when it changed.
        region = record.columns.get("region_code") if parts else record.region_code
        if region is not None and region not in known_regions:
            report.failures.append(Failure("enterprises", record.credit_code,
                                           f"行政区划代码 {region} 本机不认识，暂未写入"))
            continue
        unknown = sorted({f.name for f in record.facts} - known_facts) if record.facts else ()
        if unknown:
            report.failures.append(Failure("enterprises", record.credit_code,
                                           f"事实项 {'、'.join(unknown)} 本机尚未声明，这些值暂未写入"))
            record.facts = [f for f in record.facts if f.name in known_facts]
        records.append(record)
        # Changed parts: their keys are the stored ones or made here (enterprise_changes).
        given.append(None if parts else search_keys_from_wire(item))
    if records:
        keys = checked_keys(records, given)
        prepared = [prepare(r, k) for r, k in zip(records, keys, strict=True)]
        # SQLite's default 2 MB of cache against a library of hundreds of MB (eight indexes,
        # facts, the search index) re-read index pages for every page written (a page of
        # 2,000 new enterprises took 25% longer). Given back when the page is written: the
        # pooled connection goes on to serve the window's reads, within its memory budget.
        conn = session.connection()
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        try:
            if WRITE_CHANGES_ONLY:
                counts = write_changes(conn, prepared, source="sync")
                for code in counts["not_held"]:
                    report.failures.append(Failure(
                        "enterprises", code, "中心端只发来了此企业的变更部分，而本机没有它的档案，暂未写入；"
                                             "本机企业库与同步进度不一致，请联系县级管理员核对"))
            else:
                write_enterprises(conn, prepared, source="sync")
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


__all__ = ["KEY_SAMPLE", "PARTS_SINCE", "PULL_GC_THRESHOLD", "ReadItems", "apply_enterprise_page", "checked_keys", "fewer_collections",
           "read_items"]
