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
from kuaixiang_core.domain.enterprise import FactValue, Tag
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
    assert counts == {"inserted": 0, "updated": 0, "unchanged": 40}


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
    assert counts == {"inserted": 0, "updated": 1, "unchanged": 9}
    with db.engine.connect() as conn:
        chain = conn.execute(text("SELECT valid_on, valid_until, value FROM enterprise_fact f JOIN enterprise e "
                                  "ON e.id = f.enterprise_id WHERE e.credit_code = :c AND fact_name = :n "
                                  "ORDER BY valid_on"), {"c": rec.credit_code, "n": f.name}).all()
    assert [tuple(r) for r in chain] == [(f.valid_on.isoformat(), TODAY.isoformat(), f.value),
                                         (TODAY.isoformat(), None, "42")]
