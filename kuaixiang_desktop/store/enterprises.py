"""Writing and reading enterprises, in bulk and one at a time.

Bulk writes go through the DB-API cursor with ``executemany``: half a million demo rows must
load in well under two minutes, which the ORM's unit of work cannot do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session, selectinload

from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.enterprise import ChangedParts, EnterpriseRecord
from kuaixiang_core.domain.search_keys import SearchKeys, keys_for
from kuaixiang_core.domain.size_class import normalized_industry_code, size_class_of_fen

from . import fact_chain, search_index
from .models import Enterprise, FactDefinition

_ENTERPRISE_COLUMNS = (
    "id",
    "credit_code",
    "name",
    "legal_rep",
    "region_code",
    "industry_code",
    "reg_type",
    "is_individual",
    "established",
    "registered_capital_fen",
    "employees",
    "insured_employees",
    "revenue_fen",
    "total_assets_fen",
    "tax_credit_rating",
    "dishonest",
    "contact_phone",
    "size_class",
    "name_norm",
    "code_rev",
    "core_norm",
    "legal_rep_norm",
    "initials",
    "core_initials",
    "source",
    "updated_at",
    "version",
)
_INSERT_ENTERPRISE = (
    f"INSERT INTO enterprise ({', '.join(_ENTERPRISE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _ENTERPRISE_COLUMNS)})"
)
_UPDATE_ENTERPRISE = (
    "UPDATE enterprise SET "
    + ", ".join(f"{c} = ?" for c in _ENTERPRISE_COLUMNS if c not in ("id", "credit_code", "version"))
    + ", version = version + 1 WHERE id = ?"
)

# Facts are written in two statements. A value for a date already held is replaced in place
# (source cleared, as the INSERT OR REPLACE this was did; a new value for the same date does
# not move valid_until). Then every value is inserted unless it is there, and valid_until is
# set for the groups that can need it in one statement (store/fact_chain, migration 0009).
_UPDATE_FACT = (
    "UPDATE enterprise_fact SET value = ?, source = NULL WHERE enterprise_id = ? AND fact_name = ? AND valid_on = ?"
)
_INSERT_FACT = (
    "INSERT OR IGNORE INTO enterprise_fact (enterprise_id, fact_name, valid_on, value) VALUES (?, ?, ?, ?)"
)


def size_class_of(record: EnterpriseRecord) -> str | None:
    return size_class_for(record.industry_code, record.employees, record.revenue_fen, record.total_assets_fen)


SIZE_INPUTS = ("industry_code", "employees", "revenue_fen", "total_assets_fen")  # size_class_for's, in order


def size_class_for(industry_code: str | None, employees: int | None, revenue_fen: int | None,
                   total_assets_fen: int | None) -> str | None:
    if not industry_code:
        return None
    return size_class_of_fen(industry_code, employees, revenue_fen, total_assets_fen)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Prepared:
    """A record with everything derived from it that the write needs (search keys, size
    class, index tokens): made where it is cheapest, e.g. in the process generating demo data."""

    # ChangedParts for an item of changed parts (kuaixiang_core/wire_parts): its columns are
    # those that may have changed, its facts those changed, its tags None when to be kept.
    # Only store.enterprise_changes writes these.
    record: EnterpriseRecord | ChangedParts
    # None for changed parts: the writer takes the stored keys, size class and search row
    # unless what they are made from changed (store.enterprise_changes).
    keys: SearchKeys | None
    size_class: str | None
    fts: tuple[str, str, str] | None

    @property
    def parts(self) -> bool:
        return type(self.record) is ChangedParts

    @property
    def tags_sent(self) -> bool:
        """False for changed parts that keep the stored tags."""
        return type(self.record) is not ChangedParts or self.record.tags is not None


def prepare(record: EnterpriseRecord | ChangedParts, keys: SearchKeys | None = None, *, parts: bool = False,
            tags_sent: bool = True) -> Prepared:
    """``parts`` with a whole record: the record sent as changed parts with every column
    (version 1 of the format), its tags only when ``tags_sent``."""
    if parts and type(record) is EnterpriseRecord:
        record = ChangedParts.of(record, tags=tags_sent)
    if type(record) is ChangedParts:
        given = record.columns.get("industry_code")
        if given is not None and (code := normalized_industry_code(given)) != given:
            record.columns["industry_code"] = code  # as a whole record's, below
        return Prepared(record, None, None, None)
    code = normalized_industry_code(record.industry_code)
    if code != record.industry_code:
        # Sync and the demo bring codes the import form never checked: stored in one form.
        record = replace(record, industry_code=code)
    keys = keys or keys_for(record.name, record.legal_rep)
    return Prepared(record, keys, size_class_of(record), search_index.fts_tokens(keys))


def _row(eid: int, p: Prepared, source: str, now: str, keys=None, size_class: str | None = None) -> tuple:
    """The enterprise row of ``p``; ``keys`` (anything with the key columns as attributes) and
    ``size_class`` in place of the prepared ones, for an item of changed parts."""
    rec = p.record
    if keys is None:
        keys, size_class = p.keys, p.size_class
    return (
        eid,
        rec.credit_code,
        rec.name,
        rec.legal_rep,
        rec.region_code,
        rec.industry_code,
        rec.reg_type,
        rec.credit_code.startswith("92"),
        _iso(rec.established),
        rec.registered_capital_fen,
        rec.employees,
        rec.insured_employees,
        rec.revenue_fen,
        rec.total_assets_fen,
        rec.tax_credit_rating,
        rec.dishonest,
        rec.contact_phone,
        size_class,
        keys.name_norm,
        rec.credit_code[::-1],
        keys.core_norm,
        keys.legal_rep_norm,
        keys.initials,
        keys.core_initials,
        source,
        now,
        1,
    )


@dataclass(frozen=True)
class WriteCounts:
    inserted: int
    updated: int


def write_enterprises(
    conn: Connection,
    items: Iterable[EnterpriseRecord | Prepared],
    *,
    source: str = "local",
    batch_size: int = 5000,
) -> WriteCounts:
    """Insert new enterprises and update existing ones (matched by credit code), with their
    tags, facts and search index rows, inside the caller's transaction.

    A record that arrives again replaces its columns and its tags (the registry's current
    truth; the same tag with the same start date twice is one qualification, kept once); its
    facts are added or overwritten per valid-on date and never removed, so history stays.

    Items may come prepared (see ``Prepared``); plain records are prepared here.
    """
    cur = conn.connection.driver_connection.cursor()
    next_id = (cur.execute("SELECT coalesce(max(id), 0) FROM enterprise").fetchone()[0]) + 1
    now = utcnow().isoformat(sep=" ")
    inserted = updated = 0
    batch: list[Prepared] = []

    def flush() -> None:
        nonlocal next_id, inserted, updated
        codes = [p.record.credit_code for p in batch]
        existing: dict[str, int] = {}
        for chunk_start in range(0, len(codes), 900):
            chunk = codes[chunk_start : chunk_start + 900]
            marks = ",".join("?" * len(chunk))
            existing.update(
                cur.execute(f"SELECT credit_code, id FROM enterprise WHERE credit_code IN ({marks})", chunk)
            )
        new_rows, upd_rows, fts_rows, tag_rows, fact_rows, touched = [], [], [], [], [], []
        for p in batch:
            if p.parts:  # the rest of the record is not here: rewriting it would lose it
                raise ValueError(f"{p.record.credit_code}: 变更部分只能由 enterprise_changes 写入")
            rec = p.record
            eid = existing.get(rec.credit_code)
            if eid is None:
                eid = next_id
                next_id += 1
                new_rows.append(_row(eid, p, source, now))
            else:
                row = _row(eid, p, source, now)
                upd_rows.append(tuple(v for c, v in zip(_ENTERPRISE_COLUMNS, row, strict=True)
                                      if c not in ("id", "credit_code", "version")) + (eid,))
                touched.append((eid,))
            fts_rows.append((eid, *p.fts))
            tag_rows.extend((eid, t.tag, _iso(t.valid_from), _iso(t.valid_to)) for t in rec.tags)
            fact_rows.extend((eid, f.name, f.valid_on.isoformat(), f.value) for f in rec.facts)
        cur.executemany(_INSERT_ENTERPRISE, new_rows)
        if upd_rows:
            cur.executemany(_UPDATE_ENTERPRISE, upd_rows)
            # A record that arrives again is the registry's current truth for its tags.
            cur.executemany("DELETE FROM enterprise_tag WHERE enterprise_id = ?", touched)
            cur.executemany("DELETE FROM enterprise_search WHERE rowid = ?", touched)
        cur.executemany(search_index.INSERT_FTS, fts_rows)
        cur.executemany(
            "INSERT OR IGNORE INTO enterprise_tag (enterprise_id, tag, valid_from, valid_to) VALUES (?, ?, ?, ?)",
            tag_rows,
        )
        if touched:  # only enterprises held before this page can hold values already
            held = {eid for (eid,) in touched}
            cur.executemany(_UPDATE_FACT, [(v, e, n, d) for e, n, d, v in fact_rows if e in held])
        cur.executemany(_INSERT_FACT, fact_rows)
        # A new enterprise's values are NULL-terminated already unless a fact has several
        # dates; an enterprise held before may have gained a value anywhere in its chains.
        chained = {e for (e,) in touched}
        seen: set[tuple[int, str]] = set()
        for e, n, _d, _v in fact_rows:
            if (e, n) in seen:
                chained.add(e)
            seen.add((e, n))
        if chained:
            fact_chain.rechain(cur, chained)
        inserted += len(new_rows)
        updated += len(upd_rows)
        batch.clear()

    for item in items:
        batch.append(item if isinstance(item, Prepared) else prepare(item))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    cur.close()
    return WriteCounts(inserted, updated)


def get_by_code(session: Session, credit_code: str) -> Enterprise | None:
    return session.scalars(
        select(Enterprise)
        .where(Enterprise.credit_code == credit_code)
        .options(selectinload(Enterprise.tags), selectinload(Enterprise.facts))
    ).one_or_none()


def fact_definitions(session: Session) -> dict[str, FactDefinition]:
    return {d.name: d for d in session.scalars(select(FactDefinition))}


def count(conn: Connection) -> int:
    return conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()


__all__ = [
    "WriteCounts",
    "write_enterprises",
    "get_by_code",
    "fact_definitions",
    "count",
    "size_class_of",
    "size_class_for",
    "SIZE_INPUTS",
]
