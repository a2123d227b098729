"""The enterprise registry on the server: upsert, the ``enterprises`` stream, facts for rules.

A record that arrives again replaces its columns and tags (the registry's current truth);
its facts are added or overwritten per valid-on date and never removed, as on the client
(store/enterprises.write_enterprises). A record identical to what is stored changes nothing,
so re-seeding or re-importing the same file does not make the stream send it again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

import orjson
from sqlalchemy import insert, select, true
from sqlalchemy.orm import Session

from kuaixiang_core.domain.clock import shanghai_date, utcnow
from kuaixiang_core.domain.enterprise import RECORD_COLUMNS, EnterpriseRecord, FactValue, Tag
from kuaixiang_core.domain.rules.evaluate import Facts, TagValue, column_values
from kuaixiang_core.domain.rules.facts import FactSpec, values_on
from kuaixiang_core.domain.rules.history import COUNTED_STATUSES, PastApplication
from kuaixiang_core.domain.search_keys import KEYS_VERSION, keys_for
from kuaixiang_core.domain.size_class import normalized_industry_code, size_class_of_fen
from kuaixiang_core.wire import enterprise_to_wire, format_time
from kuaixiang_core.wire_parts import FIELD as PARTS_FIELD
from kuaixiang_core.wire_search_keys import FIELD, search_keys_to_wire

from .changes import allocate, lock
from .models import Application, Enterprise, EnterpriseFact, EnterpriseTag

_COLUMNS = RECORD_COLUMNS
_COLUMN_NAMES = frozenset(_COLUMNS)  # column_seqs looks up every key of every row of a page


@dataclass(frozen=True)
class WriteCounts:
    inserted: int
    updated: int
    unchanged: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


def record_of(ent: Enterprise) -> EnterpriseRecord:
    return EnterpriseRecord(
        credit_code=ent.credit_code,
        **{c: getattr(ent, c) for c in _COLUMNS},
        tags=[Tag(t.tag, t.valid_from, t.valid_to) for t in ent.tags],
        facts=[FactValue(f.name, f.value, f.valid_on) for f in ent.facts],
    )


def enterprise_item(ent: Enterprise) -> dict:
    """An item of the ``enterprises`` stream."""
    return enterprise_to_wire(record_of(ent), version=ent.version, updated_at=ent.updated_at)


# Where enterprise_page's row holds what (read by position: a page is 2,000 rows).
_ID, _CODE, _VERSION, _UPDATED_AT, _SEQ, _KEYS, _TAGS_SEQ, _CREATED_SEQ, _COLUMN_SEQS, _FIRST_COLUMN = range(10)


def column_seqs(text: str | None) -> dict[str, int] | None:
    """``enterprise.column_seqs`` read: None when not known (NULL, or not what this server writes)."""
    if not text:
        return None
    try:
        seqs = orjson.loads(text)
    except ValueError:
        return None
    if type(seqs) is not dict or not _COLUMN_NAMES.issuperset(seqs) or not all(type(v) is int for v in seqs.values()):
        return None
    return seqs


def enterprise_page(session: Session, after: int, limit: int, *, keys: bool = False,
                    parts: int | None = None, base: int | None = None) -> tuple[list[int], list[dict]]:
    """The ``enterprises`` stream after sequence ``after``: the sequences of up to ``limit + 1``
    rows and the items of the first ``limit``, exactly as ``enterprise_item`` makes them.
    With ``parts`` (a version of kuaixiang_core/wire_parts), an item of a row made before
    ``base`` (``after`` when not given) carries only the fact values and tags changed after
    it, and with version 2 only the columns changed after it, and says so; it carries no search keys (the client takes
    its stored ones, or makes them from a new name: wire_search_keys is for whole records).
    ``base`` (not after ``after``): the client's wire_parts.SINCE_PARAM.

    Read with three plain Core statements (the rows, then their tags and facts by id) and the
    items built straight from the rows by position, not through ORM objects nor records: a
    page of 2,000 enterprises carries some 28,000 facts, and an object per value cost more
    than the statements (tests/unit/server check the items against ``enterprise_item``)."""
    conn = session.connection()
    table, tag_table, fact_table = Enterprise.__table__, EnterpriseTag.__table__, EnterpriseFact.__table__
    rows = conn.execute(
        select(table.c.id, table.c.credit_code, table.c.version, table.c.updated_at, table.c.change_seq,
               table.c.search_keys, table.c.tags_seq, table.c.created_seq, table.c.column_seqs,
               *(table.c[c] for c in _COLUMNS))
        .where(table.c.change_seq > after).order_by(table.c.change_seq).limit(limit + 1)
    ).all()
    seqs = [r[_SEQ] for r in rows]
    rows = rows[:limit]
    ids = [r[_ID] for r in rows]
    # With parts, a row made after the cursor is sent whole (the client has none of it);
    # another, its tags only when they changed after the cursor and the values changed
    # after it (NULL: not known, sent).
    since = after if base is None else base
    partial = {r[_ID] for r in rows if r[_CREATED_SEQ] is not None and r[_CREATED_SEQ] <= since} if parts else set()
    tag_ids = [r[_ID] for r in rows if r[_ID] not in partial or r[_TAGS_SEQ] is None or r[_TAGS_SEQ] > since]
    fc = fact_table.c
    newer = fc.change_seq.is_(None) | (fc.change_seq > since)
    tags: dict[int, list[dict]] = {i: [] for i in tag_ids}
    facts: dict[int, list[dict]] = {i: [] for i in ids}
    days: dict[dt.date, str] = {}  # a page repeats a few hundred dates thousands of times
    times: dict[dt.datetime, str] = {}  # and a bulk write's one updated_at

    def iso(day: dt.date | None) -> str | None:
        if day is None:
            return None
        text = days.get(day)
        if text is None:
            text = days[day] = day.isoformat()
        return text

    tc = tag_table.c
    for start in range(0, len(tag_ids), 500):
        for eid, tag, valid_from, valid_to in conn.execute(
            select(tc.enterprise_id, tc.tag, tc.valid_from, tc.valid_to)
            .where(tc.enterprise_id.in_(tag_ids[start:start + 500])).order_by(tc.id)
        ):
            tags[eid].append({"tag": tag, "valid_from": iso(valid_from), "valid_to": iso(valid_to)})
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        whole = [i for i in chunk if i not in partial]
        for some, which in ((whole, true()), ([i for i in chunk if i in partial], newer)):
            if not some:
                continue
            for eid, name, value, valid_on in conn.execute(
                select(fc.enterprise_id, fc.name, fc.value, fc.valid_on)
                .where(fc.enterprise_id.in_(some), which)
                .order_by(fc.enterprise_id, fc.name, fc.valid_on)
            ):
                facts[eid].append({"name": name, "value": value, "valid_on": iso(valid_on)})
    items = []
    established_at = _FIRST_COLUMN + _COLUMNS.index("established")
    for r in rows:
        eid = r[_ID]
        # The keys and their order are enterprise_to_wire's.
        item = {"credit_code": r[_CODE]}
        changed_at = column_seqs(r[_COLUMN_SEQS]) if parts == 2 and eid in partial else None
        if changed_at is None:
            item.update(zip(_COLUMNS, r[_FIRST_COLUMN:], strict=True))
            item["established"] = iso(r[established_at])
        else:
            # Version 2: the columns changed after the cursor (a column not named last
            # changed when the row was made, before the cursor).
            for column, value in zip(_COLUMNS, r[_FIRST_COLUMN:], strict=True):
                if changed_at.get(column, 0) > since:
                    item[column] = iso(value) if column == "established" else value
        if eid in tags:
            item["tags"] = tags[eid]
        item["facts"] = facts[eid]
        if eid in partial:
            item[PARTS_FIELD] = parts
        item["version"] = r[_VERSION]
        stamp = r[_UPDATED_AT]
        if stamp is None:
            item["updated_at"] = None
        else:
            text = times.get(stamp)
            if text is None:
                text = times[stamp] = format_time(stamp)
            item["updated_at"] = text
        if keys and eid not in partial:  # made by the server once for every client that asks, instead of by each
            item[FIELD] = stored_keys(r[_KEYS], item["name"], item["legal_rep"]) or search_keys_to_wire(
                keys_for(item["name"], item["legal_rep"]))
        items.append(item)
    return seqs, items


def keys_column(name: str, legal_rep: str | None) -> str:
    """``enterprise.search_keys`` for a row of this name and legal representative."""
    return json.dumps({"for": [name, legal_rep], **search_keys_to_wire(keys_for(name, legal_rep))},
                      ensure_ascii=False, separators=(",", ":"))


def stored_keys(column: str | None, name: str, legal_rep: str | None) -> dict | None:
    """The wire search keys kept in ``enterprise.search_keys`` when they were made from this
    name and legal representative by this keys version; else None (they are made again)."""
    if not column:
        return None
    try:
        kept = orjson.loads(column)  # read for every item of every page: orjson is 3-4x json's speed
    except ValueError:
        return None
    if type(kept) is not dict or kept.pop("for", None) != [name, legal_rep] or kept.get("v") != KEYS_VERSION:
        return None
    return kept


def unique_tags(tags: Iterable[Tag]) -> list[Tag]:
    """The tags as the client keeps them (its unique key is enterprise, tag and start date, and
    NULL equals nothing there): one per tag and start date, every one without a start date.
    Otherwise 高新技术企业 held twice without start dates would count only its first period here
    (the PostgreSQL agreement tests found it)."""
    seen: set[tuple] = set()
    out = []
    for t in tags:
        key = (t.tag, t.valid_from)
        if t.valid_from is None:
            out.append(t)
        elif key not in seen:
            seen.add(key)
            out.append(t)
    return out


def upsert_enterprises(session: Session, records: Iterable[EnterpriseRecord], *, source: str,
                       batch_size: int = 1000) -> WriteCounts:
    """Write records inside the caller's transaction."""
    lock(session, "enterprises")  # two imports of the same new enterprise queue, not collide
    inserted = updated = unchanged = 0
    batch: list[EnterpriseRecord] = []

    def flush() -> None:
        nonlocal inserted, updated, unchanged
        codes = [r.credit_code for r in batch]
        existing = {e.credit_code: e for e in session.scalars(select(Enterprise).where(Enterprise.credit_code.in_(codes)))}
        changes: list[tuple[EnterpriseRecord, Enterprise | None]] = []
        for rec in batch:
            ent = existing.get(rec.credit_code)
            if ent is not None and _same(ent, rec):
                unchanged += 1
            else:
                changes.append((rec, ent))
        if changes:
            last = allocate(session, "enterprises", len(changes))
            now = utcnow()
            fresh: list[tuple[EnterpriseRecord, int]] = []
            for n, (rec, ent) in enumerate(changes):
                seq = last - len(changes) + 1 + n
                if ent is None:
                    fresh.append((rec, seq))
                else:
                    _update(ent, rec, seq, source, now)
                    updated += 1
            session.flush()
            if fresh:
                _insert(session, fresh, source, now)
                inserted += len(fresh)
        batch.clear()

    for rec in records:
        code = normalized_industry_code(rec.industry_code)
        if code != rec.industry_code:
            # Stored in the one form rules read, SQL and Python alike, as the client does
            # (store/enterprises.prepare): "c13" and "１３" are C13 and 13.
            rec = replace(rec, industry_code=code)
        batch.append(rec)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return WriteCounts(inserted, updated, unchanged)


def derived_columns(rec: EnterpriseRecord) -> dict:
    """The columns a rule's SQL reads that the record implies, computed as the client does
    (store/enterprises._row and size_class_of)."""
    size = None
    if rec.industry_code:
        size = size_class_of_fen(rec.industry_code, rec.employees, rec.revenue_fen, rec.total_assets_fen)
    return {"is_individual": rec.credit_code.startswith("92"), "size_class": size}


def valid_until_of(facts: Iterable[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], dt.date | None]:
    """Each (fact, valid_on): the next valid_on of the same fact, None for the latest."""
    out: dict[tuple[str, dt.date], dt.date | None] = {}
    ordered = sorted(facts)
    for n, (name, day) in enumerate(ordered):
        following = ordered[n + 1] if n + 1 < len(ordered) else None
        out[(name, day)] = following[1] if following is not None and following[0] == name else None
    return out


def _merged_facts(ent: Enterprise, rec: EnterpriseRecord) -> dict[tuple[str, dt.date], str]:
    facts = {(f.name, f.valid_on): f.value for f in ent.facts}
    facts.update({(f.name, f.valid_on): f.value for f in rec.facts})
    return facts


def _tag_keys(tags: Iterable) -> list[tuple]:
    """Tags (rows or records) in one comparable order."""
    return sorted((t.tag, t.valid_from or dt.date.min, t.valid_to or dt.date.min) for t in tags)


def _same(ent: Enterprise, rec: EnterpriseRecord) -> bool:
    if any(getattr(ent, c) != getattr(rec, c) for c in _COLUMNS):
        return False
    if _tag_keys(ent.tags) != _tag_keys(unique_tags(rec.tags)):
        return False
    return _merged_facts(ent, rec) == {(f.name, f.valid_on): f.value for f in ent.facts}


def _insert(session: Session, fresh: list[tuple[EnterpriseRecord, int]], source: str, now: dt.datetime) -> None:
    """New records in a few multi-row INSERTs (the ORM unit of work is ten times slower here)."""
    ids = session.execute(
        insert(Enterprise).returning(Enterprise.credit_code, Enterprise.id, sort_by_parameter_order=True),
        [{"credit_code": rec.credit_code, **{c: getattr(rec, c) for c in _COLUMNS}, **derived_columns(rec), "source": source,
          "version": 1, "updated_at": now, "change_seq": seq, "created_seq": seq, "tags_seq": seq,
          "column_seqs": "{}", "search_keys": keys_column(rec.name, rec.legal_rep)}
         for rec, seq in fresh],
    ).all()
    by_code = dict(ids)
    tags = [{"enterprise_id": by_code[rec.credit_code], "tag": t.tag, "valid_from": t.valid_from, "valid_to": t.valid_to}
            for rec, _seq in fresh for t in unique_tags(rec.tags)]
    facts = []
    for rec, seq in fresh:
        values = {(f.name, f.valid_on): f.value for f in rec.facts}
        until = valid_until_of(values)
        facts += [{"enterprise_id": by_code[rec.credit_code], "name": name, "valid_on": day, "value": value,
                   "valid_until": until[(name, day)], "change_seq": seq} for (name, day), value in sorted(values.items())]
    if tags:
        session.execute(insert(EnterpriseTag), tags)
    if facts:
        session.execute(insert(EnterpriseFact), facts)


def _update(ent: Enterprise, rec: EnterpriseRecord, seq: int, source: str, now: dt.datetime) -> None:
    if stored_keys(ent.search_keys, rec.name, rec.legal_rep) is None:
        ent.search_keys = keys_column(rec.name, rec.legal_rep)
    changed = [c for c in _COLUMNS if getattr(ent, c) != getattr(rec, c)]
    if changed:
        # Not known before (NULL): every column counted as changed at the row's last change,
        # the latest it can have (a client behind it is sent every column, as before).
        seqs = column_seqs(ent.column_seqs)
        if seqs is None:
            seqs = dict.fromkeys(_COLUMNS, ent.change_seq)
        seqs.update(dict.fromkeys(changed, seq))
        ent.column_seqs = orjson.dumps(seqs).decode()
    for c in changed:
        setattr(ent, c, getattr(rec, c))
    for c, value in derived_columns(rec).items():
        setattr(ent, c, value)
    wanted = unique_tags(rec.tags)
    if _tag_keys(ent.tags) != _tag_keys(wanted):
        # Left alone when the same: a pull of changed parts sends tags after their tags_seq.
        ent.tags = [EnterpriseTag(tag=t.tag, valid_from=t.valid_from, valid_to=t.valid_to) for t in wanted]
        ent.tags_seq = seq
    merged = _merged_facts(ent, rec)
    by_key = {(f.name, f.valid_on): f for f in ent.facts}
    for key, value in merged.items():
        row = by_key.get(key)
        if row is None:
            ent.facts.append(EnterpriseFact(name=key[0], valid_on=key[1], value=value, change_seq=seq))
        elif row.value != value:
            row.value, row.change_seq = value, seq
    until = valid_until_of(merged)
    for row in ent.facts:
        if row.valid_until != until[(row.name, row.valid_on)]:
            row.valid_until = until[(row.name, row.valid_on)]
    ent.source, ent.version, ent.updated_at, ent.change_seq = source, ent.version + 1, now, seq


def facts_for(session: Session, credit_code: str, as_of: dt.date, declared: Mapping[str, FactSpec]) -> Facts | None:
    """The enterprise's facts as the rules see them (money in 元, declared facts as of the
    date: the latest value on or before it), as services/matching.enterprise_facts does."""
    ent = session.scalars(select(Enterprise).where(Enterprise.credit_code == credit_code)).one_or_none()
    if ent is None:
        return None

    values = column_values(ent)
    values.update(values_on(((f.name, f.valid_on, f.value) for f in ent.facts), as_of, declared))
    tags = [TagValue(t.tag, t.valid_from, t.valid_to) for t in ent.tags]
    return Facts(values, tags, as_of, history=history_for(session, credit_code))


def history_for(session: Session, credit_code: str) -> tuple[PastApplication, ...]:
    """The enterprise's applications that history conditions and caps count, from every
    hall: the server's own figure (``benefit_amount_fen``) and day (``created_at`` in
    Shanghai), as the client reads its own (services/matching)."""
    rows = session.execute(
        select(Application.item_id, Application.status, Application.benefit_amount_fen, Application.created_at)
        .where(Application.credit_code == credit_code, Application.status.in_(COUNTED_STATUSES))
    ).all()
    return tuple(PastApplication(item_id, shanghai_date(at), status, None if fen is None else Decimal(fen) / 100)
                 for item_id, status, fen, at in rows)
