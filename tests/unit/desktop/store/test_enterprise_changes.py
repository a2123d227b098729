"""store.enterprise_changes: a page written as what it changes leaves the library the full
rewrite (store.enterprises.write_enterprises) leaves, and an unchanged record writes nothing.

Random pages of new, changed and unchanged records (and awkward ones: a value inserted in the
middle of a chain, the same date twice, a clerk's value overwritten, duplicate tags, a renamed
enterprise) are applied by both writers to two databases, and every table is compared after
each page. The one allowed difference: an enterprise sent again unchanged keeps its
``version`` and ``updated_at`` (the rewrite moves them without changing anything).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from sqlalchemy import text

from kuaixiang_core.demo.changes import changed_record
from kuaixiang_core.demo.enterprises import generate_chunk
from kuaixiang_core.domain.enterprise import RECORD_COLUMNS, ChangedParts, FactValue, Tag
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.store.enterprise_changes import write_changes
from kuaixiang_desktop.store.enterprises import prepare, write_enterprises

TODAY = dt.date(2026, 3, 15)
_TABLES = {
    "enterprise": "SELECT * FROM enterprise ORDER BY id",
    "enterprise_fact": "SELECT * FROM enterprise_fact ORDER BY enterprise_id, fact_name, valid_on",
    "enterprise_tag": "SELECT enterprise_id, tag, valid_from, valid_to, source FROM enterprise_tag "
                      "ORDER BY enterprise_id, tag, valid_from, valid_to, source",
    "enterprise_search": "SELECT rowid, uni, bi, ini FROM enterprise_search ORDER BY rowid",
}


def _dump(db) -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        out = {name: [tuple(r) for r in conn.execute(text(sql))] for name, sql in _TABLES.items()}
        cols = [r[1] for r in conn.execute(text("PRAGMA table_info(enterprise)"))]
    out["_cols"] = cols
    return out


def _without_stamps(dump: dict) -> dict:
    cols = dump["_cols"]
    skip = {cols.index("updated_at"), cols.index("version")}
    out = dict(dump)
    out["enterprise"] = [tuple(v for n, v in enumerate(r) if n not in skip) for r in dump["enterprise"]]
    return out


def _per_enterprise(dump: dict) -> dict[int, tuple]:
    """Everything held of each enterprise but its stamps: what tells whether a page changed it."""
    plain = _without_stamps(dump)
    out: dict[int, list] = {r[0]: [r] for r in plain["enterprise"]}
    for name in ("enterprise_fact", "enterprise_tag", "enterprise_search"):
        for r in plain[name]:
            out[r[0]].append(r)
    return {k: tuple(v) for k, v in out.items()}


def _awkward(rec, rng: random.Random):
    """Edits the generator never makes, each chosen at random."""
    facts, tags = list(rec.facts), list(rec.tags)
    if rng.random() < 0.3 and facts:  # a value dated before the latest: lands mid-chain
        f = rng.choice(facts)
        facts.append(FactValue(f.name, "7", f.valid_on - dt.timedelta(days=rng.randint(1, 400))))
    if rng.random() < 0.2 and facts:  # the same date twice in one record
        f = rng.choice(facts)
        facts.append(FactValue(f.name, f.value + "1", f.valid_on))
    if rng.random() < 0.2:
        tags.append(Tag("瞪羚企业", None, None))
        tags.append(Tag("瞪羚企业", None, None))
    if rng.random() < 0.2 and tags:
        tags.append(replace(tags[0], valid_to=TODAY))  # same tag and start: the first stays
    if rng.random() < 0.15:
        rec = replace(rec, name=rec.name.replace("有限", "实业有限", 1), legal_rep="王建国")
    if rng.random() < 0.1:
        tags = []
    return replace(rec, facts=facts, tags=tags)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_pages_leave_the_library_the_rewrite_leaves(tmp_path, seed):
    rng = random.Random(seed)
    pool = [d.record for d in generate_chunk(seed, 0, 160, today=TODAY)]
    old_db, new_db = open_client_db(tmp_path / "old.sqlite3"), open_client_db(tmp_path / "new.sqlite3")
    try:
        first = pool[:60]
        for db in (old_db, new_db):
            with db.engine.begin() as conn:
                write_enterprises(conn, first, source="local")
                # A clerk's own value, which a sync overwrites (source cleared) when it sends that date.
                conn.execute(text("UPDATE enterprise_fact SET source = 'clerk' WHERE enterprise_id % 7 = 0"))
        held, fresh = list(first), pool[60:]
        for page_no in range(8):
            page = []
            for rec in rng.sample(held, min(len(held), rng.randint(5, 30))):
                roll = rng.random()
                if roll < 0.35:
                    page.append(rec)  # sent again as it is
                elif roll < 0.8:
                    page.append(changed_record(rec, seed * 100 + page_no, TODAY))
                else:
                    page.append(_awkward(changed_record(rec, page_no, TODAY), rng))
            n = rng.randint(0, 15)
            take, fresh = fresh[:n], fresh[n:]
            page += [_awkward(r, rng) for r in take]
            rng.shuffle(page)
            before = _per_enterprise(_dump(old_db))
            stamps_before = {r[0]: r for r in _dump(new_db)["enterprise"]}
            prepared = [prepare(r) for r in page]
            with old_db.engine.begin() as conn:
                write_enterprises(conn, prepared, source="sync")
            with new_db.engine.begin() as conn:
                counts = write_changes(conn, prepared, source="sync")
            old, new = _dump(old_db), _dump(new_db)
            for name in _TABLES:
                a, b = set(_without_stamps(new)[name]), set(_without_stamps(old)[name])
                assert not (a - b or b - a), f"{name}: seed {seed}, page {page_no}: new {sorted(a - b)} old {sorted(b - a)}"
            assert _without_stamps(new) == _without_stamps(old), f"seed {seed}, page {page_no}"
            after = _per_enterprise(old)
            truly_changed = {e for e in after if before.get(e) != after[e]}
            moved = {r[0] for r in new["enterprise"] if stamps_before.get(r[0]) != r}
            assert moved == truly_changed, f"seed {seed}, page {page_no}"
            assert counts["inserted"] == len({e for e in after if e not in before})
            assert counts["updated"] + counts["inserted"] == len(truly_changed)
            assert counts["unchanged"] == len(page) - len(truly_changed)
            # A changed enterprise's version moved once, as the rewrite moved it.
            old_rows = {r[0]: r for r in old["enterprise"]}
            vcol = old["_cols"].index("version")
            for r in new["enterprise"]:
                if r[0] in truly_changed and r[0] in stamps_before:
                    assert r[vcol] == stamps_before[r[0]][vcol] + 1
                    assert old_rows[r[0]][vcol] >= r[vcol]
            held = [r for r in held if r.credit_code not in {p.credit_code for p in page}] + page
    finally:
        old_db.close()
        new_db.close()


def test_an_unchanged_page_writes_nothing(db):
    records = [d.record for d in generate_chunk(5, 0, 40, today=TODAY)]
    with db.engine.begin() as conn:
        write_changes(conn, [prepare(r) for r in records], source="sync")
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        start = raw.total_changes
        counts = write_changes(conn, [prepare(r) for r in records], source="sync")
        assert raw.total_changes == start
    assert counts == {"inserted": 0, "updated": 0, "unchanged": 40, "not_held": []}


def test_one_changed_fact_writes_that_fact_and_the_row_stamp_only(db):
    records = [d.record for d in generate_chunk(6, 0, 10, today=TODAY)]
    with db.engine.begin() as conn:
        write_changes(conn, [prepare(r) for r in records], source="sync")
    rec = records[3]
    f = rec.facts[0]
    later = replace(rec, facts=[*rec.facts, FactValue(f.name, "42", TODAY)])
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        start = raw.total_changes
        page = [prepare(r) for r in [*records[:3], later, *records[4:]]]
        counts = write_changes(conn, page, source="sync")
        # the enterprise's stamp, the new value, the valid_until of the value it follows (and
        # what migration 0006's trigger rewrites of that two-value chain on that update)
        ours = raw.total_changes - start
        assert ours <= 7
        start = raw.total_changes
        write_enterprises(conn, page, source="sync")  # the rewrite of the same page: every row again
        assert raw.total_changes - start > 20 * len(records)
    assert counts == {"inserted": 0, "updated": 1, "unchanged": 9, "not_held": []}
    with db.engine.connect() as conn:
        chain = conn.execute(text("SELECT valid_on, valid_until, value FROM enterprise_fact f JOIN enterprise e "
                                  "ON e.id = f.enterprise_id WHERE e.credit_code = :c AND fact_name = :n "
                                  "ORDER BY valid_on"), {"c": rec.credit_code, "n": f.name}).all()
    assert [tuple(r) for r in chain] == [(f.valid_on.isoformat(), TODAY.isoformat(), f.value),
                                         (TODAY.isoformat(), None, "42")]


class _Server:
    """What the server holds of each enterprise and sends of it: a record's facts merged per
    (fact, date), the later value winning, never removed; its tags replaced; the whole item
    as its page builds it (unique dates) and the item of changed parts since the last send."""

    def __init__(self):
        self.facts: dict[str, dict[tuple, str]] = {}
        self.tags: dict[str, list] = {}

    @staticmethod
    def _tag_set(tags) -> list:
        return sorted({(t.tag, t.valid_from, t.valid_to) for t in tags}, key=repr)

    def write(self, rec, rng: random.Random) -> tuple:
        """(the whole item, the item of changed parts, tags sent) after writing ``rec``."""
        before = self.facts.get(rec.credit_code, {})
        merged = dict(before)
        merged.update({(f.name, f.valid_on): f.value for f in rec.facts})
        self.facts[rec.credit_code] = merged
        tags_before = self.tags.get(rec.credit_code)
        self.tags[rec.credit_code] = self._tag_set(rec.tags)
        whole = replace(rec, facts=[FactValue(n, v, d) for (n, d), v in sorted(merged.items())])
        # Changed values, and now and then an unchanged one too (sending more is allowed).
        sent = [FactValue(n, v, d) for (n, d), v in sorted(merged.items())
                if before.get((n, d)) != v or rng.random() < 0.1]
        tags_sent = tags_before != self.tags[rec.credit_code] or rng.random() < 0.2
        parts = replace(rec, facts=sent, tags=rec.tags if tags_sent else [])
        return whole, parts, tags_sent


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_pages_of_changed_parts_leave_the_library_whole_records_leave(tmp_path, seed):
    """A held enterprise sent as its changed parts (wire_parts: every column, or only those
    that changed) ends exactly as the same enterprise sent whole: columns, size class, search
    keys, every fact and its chain, tags kept or replaced, search row, and the stamps moved
    for exactly the enterprises that changed."""
    rng = random.Random(seed)
    pool = [d.record for d in generate_chunk(seed, 0, 120, today=TODAY)]
    server = _Server()
    whole_db, parts_db = open_client_db(tmp_path / "whole.sqlite3"), open_client_db(tmp_path / "parts.sqlite3")
    try:
        first = [server.write(r, rng)[0] for r in pool[:60]]
        for db in (whole_db, parts_db):
            with db.engine.begin() as conn:
                write_enterprises(conn, first, source="sync")
        held = {r.credit_code: r for r in pool[:60]}
        for page_no in range(8):
            whole_page, parts_page = [], []
            for rec in rng.sample(sorted(held.values(), key=lambda r: r.credit_code), rng.randint(5, 30)):
                roll = rng.random()
                if roll < 0.3:
                    new = rec
                elif roll < 0.7:
                    new = changed_record(rec, seed * 100 + page_no, TODAY)
                elif roll < 0.8:  # the search row is made from the legal representative too
                    new = replace(rec, legal_rep=rng.choice(["赵海燕", "钱卫东", None]))
                elif roll < 0.85:  # the size class made again from the stored other inputs
                    new = replace(rec, industry_code=rng.choice(["C13", "I65", "F51", "A01", None]))
                else:
                    new = _awkward(changed_record(rec, page_no, TODAY), rng)
                    new = replace(new, facts=list({(f.name, f.valid_on): f for f in new.facts}.values()))
                whole, parts, tags_sent = server.write(new, rng)
                whole_page.append(prepare(whole))
                if rng.random() < 0.3:  # version 1: every column
                    parts_page.append(prepare(parts, parts=True, tags_sent=tags_sent))
                else:  # version 2: the columns that changed (now and then an unchanged one too)
                    columns = {c: getattr(new, c) for c in RECORD_COLUMNS
                               if getattr(new, c) != getattr(rec, c) or rng.random() < 0.1}
                    parts_page.append(prepare(ChangedParts(new.credit_code, columns, parts.facts,
                                                           parts.tags if tags_sent else None)))
                held[rec.credit_code] = new
            before = _per_enterprise(_dump(whole_db))
            stamps_before = {r[0]: r for r in _dump(parts_db)["enterprise"]}
            with whole_db.engine.begin() as conn:
                write_changes(conn, whole_page, source="sync")
            with parts_db.engine.begin() as conn:
                counts = write_changes(conn, parts_page, source="sync")
            assert counts["not_held"] == [] and counts["inserted"] == 0
            whole, parts = _dump(whole_db), _dump(parts_db)
            for name in _TABLES:
                a, b = set(_without_stamps(parts)[name]), set(_without_stamps(whole)[name])
                assert not (a - b or b - a), f"{name}: seed {seed}, page {page_no}: parts {sorted(a - b)} whole {sorted(b - a)}"
            after = _per_enterprise(whole)
            truly_changed = {e for e in after if before.get(e) != after[e]}
            moved = {r[0] for r in parts["enterprise"] if stamps_before.get(r[0]) != r}
            assert moved == truly_changed, f"seed {seed}, page {page_no}"
            assert counts["updated"] == len(truly_changed)
    finally:
        whole_db.close()
        parts_db.close()


def test_changed_parts_of_an_enterprise_not_held_are_returned_not_written(db):
    held, other = [d.record for d in generate_chunk(7, 0, 2, today=TODAY)]
    with db.engine.begin() as conn:
        write_changes(conn, [prepare(held)], source="sync")
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        start = raw.total_changes
        counts = write_changes(conn, [prepare(replace(other, facts=other.facts[:1]), parts=True, tags_sent=False)],
                               source="sync")
        assert raw.total_changes == start
    assert counts == {"inserted": 0, "updated": 0, "unchanged": 0, "not_held": [other.credit_code]}
    with pytest.raises(ValueError, match="变更部分"):
        with db.engine.begin() as conn:
            write_enterprises(conn, [prepare(other, parts=True)], source="sync")


def test_changed_parts_keep_the_tags_not_sent_and_the_values_not_sent(db):
    """Tags left out are kept, and a value written here (an import) at a date the server did
    not change stays: the parts carry what the server changed, no more."""
    rec = next(d.record for d in generate_chunk(8, 0, 20, today=TODAY) if len({f.name for f in d.record.facts}) > 1)
    rec = replace(rec, tags=[Tag("高新技术企业", dt.date(2024, 1, 1), None), Tag("瞪羚企业", None, None)])
    rec = replace(rec, facts=list({f.name: f for f in rec.facts}.values()))
    with db.engine.begin() as conn:
        write_changes(conn, [prepare(rec)], source="sync")
        conn.execute(text("UPDATE enterprise_fact SET value = '99', source = 'import' WHERE fact_name = :n AND valid_on = :d"),
                     {"n": rec.facts[0].name, "d": rec.facts[0].valid_on.isoformat()})
    f = rec.facts[1]
    parts = replace(rec, employees=(rec.employees or 0) + 1, facts=[FactValue(f.name, "12345", f.valid_on)], tags=[])
    with db.engine.begin() as conn:
        counts = write_changes(conn, [prepare(parts, parts=True, tags_sent=False)], source="sync")
    assert counts["updated"] == 1
    with db.engine.connect() as conn:
        tags = conn.execute(text("SELECT count(*) FROM enterprise_tag")).scalar_one()
        kept = conn.execute(text("SELECT value, source FROM enterprise_fact WHERE fact_name = :n AND valid_on = :d"),
                            {"n": rec.facts[0].name, "d": rec.facts[0].valid_on.isoformat()}).one()
        changed = conn.execute(text("SELECT value FROM enterprise_fact WHERE fact_name = :n AND valid_on = :d"),
                               {"n": f.name, "d": f.valid_on.isoformat()}).scalar_one()
        employees = conn.execute(text("SELECT employees FROM enterprise")).scalar_one()
    assert tags == 2
    assert tuple(kept) == ("99", "import") and changed == "12345" and employees == (rec.employees or 0) + 1


def test_changed_tags_write_only_the_rows_that_differ(db):
    """A new qualification is one INSERT, not the enterprise's every tag again: the rows kept
    keep their ids; a row the new list drops, a row of another source and a surplus copy of
    a tag without a start date are deleted; the rows left are the rewrite's."""
    rec = next(d.record for d in generate_chunk(9, 0, 5, today=TODAY))
    imported, plain = Tag("高新技术企业", dt.date(2024, 1, 1), None), Tag("创新型中小企业", dt.date(2025, 1, 1), None)
    dropped, twice = Tag("专精特新中小企业", None, None), Tag("瞪羚企业", None, None)
    rec = replace(rec, tags=[imported, plain, dropped, twice, twice])
    with db.engine.begin() as conn:
        write_changes(conn, [prepare(rec)], source="sync")
        conn.execute(text("UPDATE enterprise_tag SET source = 'import' WHERE tag = :t"), {"t": imported.tag})
    with db.engine.connect() as conn:
        before = conn.execute(text("SELECT tag, id FROM enterprise_tag")).all()
    new = Tag("科技型中小企业", dt.date(2026, 5, 1), dt.date(2026, 12, 31))
    later = replace(rec, tags=[imported, plain, twice, new])
    with db.engine.begin() as conn:
        raw = conn.connection.driver_connection
        start = raw.total_changes
        counts = write_changes(conn, [prepare(later, parts=True, tags_sent=True)], source="sync")
        # the enterprise's stamp; 专精特新, one 瞪羚企业 and the imported row deleted; the
        # imported tag inserted again (as the registry's) and the new one: six rows
        assert raw.total_changes - start == 6
    assert counts["updated"] == 1
    with db.engine.connect() as conn:
        after = conn.execute(text("SELECT tag, id FROM enterprise_tag")).all()
        rows = sorted(tuple(r) for r in conn.execute(text("SELECT tag, valid_from, valid_to, source FROM enterprise_tag")))
    assert rows == sorted([("高新技术企业", "2024-01-01", None, None), ("创新型中小企业", "2025-01-01", None, None),
                           ("瞪羚企业", None, None, None), ("科技型中小企业", "2026-05-01", "2026-12-31", None)])
    ids = dict(after)
    assert ids[plain.tag] == dict(before)[plain.tag]  # kept, not deleted and inserted again
    assert ids[twice.tag] in {i for t, i in before if t == twice.tag}

    other = open_client_db(db.path.parent / "rewrite.sqlite3")  # the rewrite of the same records
    try:
        with other.engine.begin() as conn:
            write_enterprises(conn, [prepare(rec)], source="sync")
            conn.execute(text("UPDATE enterprise_tag SET source = 'import' WHERE tag = :t"), {"t": imported.tag})
            write_enterprises(conn, [prepare(later)], source="sync")
        with other.engine.connect() as conn:
            assert sorted(tuple(r) for r in conn.execute(text(
                "SELECT tag, valid_from, valid_to, source FROM enterprise_tag"))) == rows
    finally:
        other.close()
