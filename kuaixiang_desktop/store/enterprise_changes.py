"""A pulled page of enterprises written as what it changes, not as a rewrite.

The ``enterprises`` stream sends an enterprise's whole record again whenever anything of it
changed on the server, and a registry change is mostly one to three facts or fields. The full
rewrite (``enterprises.write_enterprises``) pays for every column, index entry, fact, tag and
search row of the record anyway: about 170 µs an enterprise in SQLite. Here the page's stored
rows, facts, tags and search rows are read in a few ``IN`` queries, compared with the records,
and only what differs is written:

- enterprise columns that differ, grouped by the set of columns (one ``executemany`` per set),
  with ``source``, ``updated_at`` and ``version`` moved as the rewrite moves them, for every
  record with any difference (so the coverage cache, keyed on ``max(updated_at)``, still sees
  it);
- facts whose value (or source) differs at a date held, and dates not held, with their
  ``valid_until`` computed here from the enterprise's whole chain; stored values whose
  ``valid_until`` the new dates move are the only other fact rows written (an enterprise
  without a new date keeps its chains, which every writer keeps right);
- tags only where the list the rewrite would leave differs from the stored one, and then
  only the difference: the stored rows it would not leave are deleted, the rows it would
  leave that are not stored are inserted (the rewrite deletes and inserts them all; the
  rows are the same, their ids are not);
- the search row only where its tokens differ.

A record equal to what is stored (columns, source, facts at its dates, tags, search row)
writes nothing: its ``version`` and ``updated_at`` stay, the one difference from the rewrite,
which would move them without changing anything. New enterprises go through the rewrite's
own bulk insert. A page naming one credit code twice is written by the rewrite (the later
record must see the earlier one's writes).

An item of changed parts (``Prepared.parts``, kuaixiang_core/wire_parts) is written the same
way with what it carries: the columns it sends are compared with the stored ones (only those
are read, with what the size class and search keys are made from when it sends that), a
column it leaves out is kept; its facts are compared and chained like a whole record's (a
whole record's unchanged values write nothing anyway), its tags are kept when it sent none,
and only the stored facts of the names it sends are read. It leaves the library exactly as the
whole record would, but for a column or value written here (an import) that the server has
not changed since the client's ``since`` (docs/sync-protocol.md): that stays. One for an enterprise not held cannot be written (the rest of it is not
here): it is returned, not written. A page of them naming one credit code twice is written
in runs without a repeat, each seeing the one before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import compress
from operator import itemgetter, ne

from sqlalchemy import Connection

from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.enterprise import ChangedParts
from kuaixiang_core.domain.search_keys import keys_for

from . import enterprises as full
from . import search_index

_CHUNK = 900  # bound parameters per IN list (SQLite's default limit is far above; stay modest)
_COMPARED = tuple(c for c in full._ENTERPRISE_COLUMNS if c not in ("id", "credit_code", "updated_at", "version"))
_AT = {c: n for n, c in enumerate(full._ENTERPRISE_COLUMNS)}
_COMPARED_AT = tuple(_AT[c] for c in _COMPARED)
_compared = itemgetter(*_COMPARED_AT)  # a new row's compared columns, as the SELECT lists them
_KEY_COLUMNS = ("name_norm", "core_norm", "legal_rep_norm", "initials", "core_initials")
_SELECT = "SELECT id, credit_code, source, {} FROM enterprise WHERE credit_code IN ({})"
# What a changed column's new value is made with, besides itself: the columns read with it.
_SIZED = frozenset(full.SIZE_INPUTS)
_KEYED = frozenset({"name", "legal_rep"})
_WITH_SIZE = (*full.SIZE_INPUTS, "size_class")
_WITH_KEYS = ("name", "legal_rep", *_KEY_COLUMNS)
_NAMED = frozenset({"name", "name_norm", "initials"})  # the columns the search row is made with
_FACTS = "SELECT enterprise_id, fact_name, valid_on, value, source, valid_until FROM enterprise_fact"
_INSERT_FACT = ("INSERT INTO enterprise_fact (enterprise_id, fact_name, valid_on, value, valid_until) "
                "VALUES (?, ?, ?, ?, ?)")
_UPDATE_FACT = ("UPDATE enterprise_fact SET value = ?, source = NULL "
                "WHERE enterprise_id = ? AND fact_name = ? AND valid_on = ?")
# A stored value whose valid_until a new date moves is written again whole rather than
# updated: an UPDATE of valid_until fires migration 0006's trigger, which recomputes the
# fact's whole chain twice (a third of the page's SQL time); the REPLACE's delete fires no
# trigger (SQLite runs delete triggers for REPLACE only under recursive_triggers, off here),
# and the chain it writes is the one computed here, which is what the trigger would leave.
_UNTIL_FACT = ("INSERT OR REPLACE INTO enterprise_fact (enterprise_id, fact_name, valid_on, value, source, "
               "valid_until) VALUES (?, ?, ?, ?, ?, ?)")
_INSERT_TAG = "INSERT OR IGNORE INTO enterprise_tag (enterprise_id, tag, valid_from, valid_to) VALUES (?, ?, ?, ?)"


def _chunks(values: list, size: int = _CHUNK) -> Iterable[list]:
    for at in range(0, len(values), size):
        yield values[at : at + size]


def _marks(chunk: list) -> str:
    return ",".join("?" * len(chunk))


def _tags_left(rec) -> list[tuple]:
    """The tag rows the rewrite leaves (INSERT OR IGNORE on enterprise, tag, valid_from,
    where NULL equals nothing): sorted, for comparison with what is stored."""
    seen, out = set(), []
    for t in rec.tags:
        start, end = t.valid_from, t.valid_to
        row = (t.tag, start.isoformat() if start else None, end.isoformat() if end else None, None)
        if start is not None:
            if (t.tag, row[1]) in seen:
                continue
            seen.add((t.tag, row[1]))
        out.append(row)
    return sorted(out, key=repr) if len(out) > 1 else out


def _parts_columns(page: list[full.Prepared]) -> tuple[str, ...]:
    """The stored columns the page's changed parts are compared and derived with: those they
    send, the size class's inputs when one of them is sent, the name and key columns when
    the name or legal representative is (the rest of a row is not read)."""
    sent: set[str] = set()
    for p in page:
        sent.update(p.record.columns)
    if sent & _SIZED:
        sent.update(_WITH_SIZE)
    if sent & _KEYED:
        sent.update(_WITH_KEYS)
    return tuple(c for c in _COMPARED if c in sent)


def _parts_values(rec: ChangedParts, row: tuple, at: dict[str, int]) -> tuple[dict[str, object], object]:
    """The columns of changed parts that differ from the stored row, with their new values
    (the size class and search keys made again only when what they are made from changed:
    most changes need no pinyin and no size table), and the new search keys (None: kept)."""
    new = {}
    for column, value in rec.columns.items():
        if column == "established" and value is not None:
            value = value.isoformat()
        if value != row[at[column]]:
            new[column] = value
    if not new:
        return new, None
    if not _SIZED.isdisjoint(new):
        size = full.size_class_for(*(new[c] if c in new else row[at[c]] for c in full.SIZE_INPUTS))
        if size != row[at["size_class"]]:
            new["size_class"] = size
    keys = None
    if not _KEYED.isdisjoint(new):
        keys = keys_for(new.get("name", row[at["name"]]), new.get("legal_rep", row[at["legal_rep"]]))
        for column in _KEY_COLUMNS:
            if getattr(keys, column) != row[at[column]]:
                new[column] = getattr(keys, column)
    return new, keys


def _chains(held: dict[tuple[str, str], list], names: set[str]) -> dict[tuple[str, str], str | None]:
    """(fact, valid_on) → the next valid_on of the same fact (None for the latest), for the
    facts ``names`` (those given a new date: the others' chains stand)."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for name, day in held:
        if name in names:
            by_name[name].append(day)
    out = {}
    for name, days in by_name.items():
        days.sort()
        for n, day in enumerate(days):
            out[(name, day)] = days[n + 1] if n + 1 < len(days) else None
    return out


def write_changes(conn: Connection, items: Iterable[full.Prepared], *, source: str = "sync") -> dict:
    """Write a page of prepared records inside the caller's transaction, only what differs
    from what is stored. The stored library afterwards is the rewrite's (see the module
    docstring for the one exception). Returns the counts: inserted, updated, unchanged."""
    page = list(items)
    codes = [p.record.credit_code for p in page]
    if len(set(codes)) != len(codes):
        if not any(p.parts for p in page):
            counts = full.write_enterprises(conn, page, source=source)
            return {"inserted": counts.inserted, "updated": counts.updated, "unchanged": 0, "not_held": []}
        total: dict = {"inserted": 0, "updated": 0, "unchanged": 0, "not_held": []}
        for run in _runs(page):
            for key, value in write_changes(conn, run, source=source).items():
                total[key] += value
        return total
    cur = conn.connection.driver_connection.cursor()
    try:
        fresh, counts = _write(cur, page, codes, source)
    finally:
        cur.close()
    counts["not_held"] = [p.record.credit_code for p in fresh if p.parts]
    fresh = [p for p in fresh if not p.parts]
    if fresh:
        counts["inserted"] = full.write_enterprises(conn, fresh, source=source).inserted
    return counts


def _runs(page: list[full.Prepared]) -> Iterable[list[full.Prepared]]:
    """The page cut where a credit code comes again, in order."""
    run: list[full.Prepared] = []
    seen: set[str] = set()
    for p in page:
        if p.record.credit_code in seen:
            yield run
            run, seen = [], set()
        run.append(p)
        seen.add(p.record.credit_code)
    if run:
        yield run


def _write(cur, page: list[full.Prepared], codes: list[str], source: str) -> tuple[list[full.Prepared], dict]:
    """The held records' writes; the new records are returned for the rewrite's insert."""
    # A whole record is compared column by column: its stored row is read whole. Changed
    # parts are compared with what they send: only those columns are read (and what the size
    # class and search keys are made with, when they send that).
    stored: dict[str, tuple] = {}
    parts: list[full.Prepared] = []
    others: list[full.Prepared] = []
    for p in page:
        (parts if p.parts else others).append(p)
    parts_columns = _parts_columns(parts)
    at = {c: 3 + n for n, c in enumerate(parts_columns)}  # a column's place in a stored row of changed parts
    for kind, columns in ((others, _COMPARED), (parts, parts_columns)):
        kind_codes = [p.record.credit_code for p in kind]
        select = _SELECT.format(", ".join(columns) or "NULL", "{}")
        for chunk in _chunks(kind_codes):
            for row in cur.execute(select.format(_marks(chunk)), chunk):
                stored[row[1]] = row
    # One pass over the page for what is read next (a list comprehension each cost a tenth of
    # the page's Python): the held records and, by enterprise, those whose facts, search row
    # and tags are compared.
    fresh: list[full.Prepared] = []
    held: list[full.Prepared] = []
    whole: list[int] = []  # enterprises of whole records: all their facts are read
    pair_set: set[tuple[int, str]] = set()  # (enterprise, fact) of changed parts: only those values
    with_fts: list[int] = []
    with_tags: list[int] = []
    for p in page:
        rec = p.record
        row = stored.get(rec.credit_code)
        if row is None:
            fresh.append(p)
            continue
        held.append(p)
        eid = row[0]
        if p.parts:
            for f in rec.facts:
                pair_set.add((eid, f.name))
        else:
            whole.append(eid)
        if p.tags_sent:
            with_tags.append(eid)
        if p.fts is not None:
            with_fts.append(eid)
    facts: dict[int, dict[tuple[str, str], list]] = defaultdict(dict)
    tags: dict[int, list[tuple[int, tuple]]] = defaultdict(list)  # enterprise → (tag row id, row)
    fts: dict[int, tuple] = {}
    # A whole record names all of an enterprise's facts: they are read by enterprise. An item
    # of changed parts names a few: only the stored values of those facts are compared or
    # chained, so only they are read, by (enterprise, fact).
    for chunk in _chunks(whole):
        for e, n, d, v, s, u in cur.execute(f"{_FACTS} WHERE enterprise_id IN ({_marks(chunk)})", chunk):
            facts[e][(n, d)] = (v, s, u)
    pairs = sorted(pair_set)
    for chunk in _chunks(pairs, _CHUNK // 2):
        marks = ",".join(["(?,?)"] * len(chunk))
        # CROSS JOIN keeps the list outside: one primary-key search per pair (an IN of row
        # values scans the table).
        for e, n, d, v, s, u in cur.execute(
                f"WITH want(e, n) AS (VALUES {marks}) SELECT f.enterprise_id, f.fact_name, f.valid_on, f.value, "
                "f.source, f.valid_until FROM want CROSS JOIN enterprise_fact f "
                "ON f.enterprise_id = want.e AND f.fact_name = want.n", [v for pair in chunk for v in pair]):
            facts[e][(n, d)] = (v, s, u)
    # The search row of an item of changed parts is rewritten only when its name (or a key
    # made from it) changed, as the row is made from those alone; a whole record's is compared.
    for chunk in _chunks(with_fts):
        for e, *row in cur.execute(f"SELECT rowid, uni, bi, ini FROM enterprise_search WHERE rowid IN ({_marks(chunk)})",
                                   chunk):
            fts[e] = tuple(row)
    for chunk in _chunks(with_tags):
        for tag_id, e, *row in cur.execute("SELECT id, enterprise_id, tag, valid_from, valid_to, source "
                                           f"FROM enterprise_tag WHERE enterprise_id IN ({_marks(chunk)})", chunk):
            tags[e].append((tag_id, tuple(row)))

    now = utcnow().isoformat(sep=" ")
    days: dict = {}  # date → ISO text: a page repeats a few hundred dates thousands of times
    updates: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
    fact_updates, fact_inserts, until_updates = [], [], []
    tag_gone, tag_rows, fts_reset, fts_rows = [], [], [], []
    unchanged = 0
    for p in held:
        rec = p.record
        row = stored[rec.credit_code]
        eid = row[0]
        if p.parts:
            new_values, keys = _parts_values(rec, row, at)
            changed = tuple(sorted(new_values, key=_AT.__getitem__))  # one UPDATE per set of columns
            written = tuple(new_values[c] for c in changed)
        else:
            new = full._row(eid, p, source, now)
            values = _compared(new)
            # Whole tuples first (one comparison in C); the columns only of a row that differs,
            # also in C (a generator here cost 2 µs a row).
            changed = () if values == row[3:] else tuple(compress(_COMPARED, map(ne, values, row[3:])))
            written = tuple(new[_AT[c]] for c in changed)
            keys = p.keys
        differs = bool(changed) or row[2] != source

        mine = facts.get(eid) or {}
        sent: dict[tuple[str, str], str] = {}
        for f in rec.facts:
            on = f.valid_on
            day = days.get(on)
            if day is None:
                day = days[on] = on.isoformat()
            key = (f.name, day)
            # The rewrite updates a held date once per value sent (the last stays) and inserts
            # a date not held with INSERT OR IGNORE (the first stays).
            if key in mine or key not in sent:
                sent[key] = f.value
        added = []
        for key, value in sent.items():
            held_value = mine.get(key)
            if held_value is None:
                added.append(key)
            elif held_value[0] != value or held_value[1] is not None:
                fact_updates.append((value, eid, *key))
                differs = True
        if added:
            for key in added:
                mine[key] = (sent[key], None, None)
            # The chain as the rewrite's rechain leaves it. Without a new date the stored
            # chain stands: every writer keeps it right (fact_chain, migration 0006's triggers).
            for key, until in _chains(mine, {name for name, _day in added}).items():
                if key in added:
                    fact_inserts.append((eid, *key, sent[key], until))
                elif mine[key][2] != until:
                    value, src, _until = mine[key]
                    if key in sent and (value != sent[key] or src is not None):
                        value, src = sent[key], None  # the update above, here in the same row
                    until_updates.append((eid, *key, value, src, until))
        differs = differs or bool(added)

        if p.tags_sent:
            left = _tags_left(rec) if rec.tags else []
            have = tags.get(eid, ())
            if len(have) != len(left) or sorted((row for _id, row in have), key=repr) != left:
                # Only the difference is written: a stored row the rewrite would not leave is
                # deleted, a row it would leave that is not stored is inserted (a new
                # qualification is one INSERT, not the enterprise's every tag again).
                if not have:  # none stored: every row it would leave (most changes of tags)
                    tag_rows.extend((eid, t, f, u) for t, f, u, _s in left)
                else:
                    wanted = Counter(left)
                    for tag_id, row in have:
                        if wanted[row] > 0:
                            wanted[row] -= 1
                        else:
                            tag_gone.append((tag_id,))
                    tag_rows.extend((eid, t, f, u) for (t, f, u, _s), n in wanted.items() for _ in range(n))
                differs = True
        if p.fts is None:
            if _NAMED.intersection(changed):  # then keys were made (_parts_values)
                fts_reset.append((eid,))
                fts_rows.append((eid, *search_index.fts_tokens(keys)))  # made from the new name
                differs = True
        elif fts.get(eid) != p.fts:
            fts_reset.append((eid,))
            fts_rows.append((eid, *p.fts))
            differs = True

        if differs:
            updates[changed].append(written + (source, now, eid))
        else:
            unchanged += 1

    for cols, rows in updates.items():
        sets = "".join(f"{c} = ?, " for c in cols)
        cur.executemany(f"UPDATE enterprise SET {sets}source = ?, updated_at = ?, version = version + 1 "
                        "WHERE id = ?", rows)
    cur.executemany("DELETE FROM enterprise_tag WHERE id = ?", tag_gone)  # before the inserts: (tag, start) is unique
    cur.executemany(_INSERT_TAG, tag_rows)
    cur.executemany("DELETE FROM enterprise_search WHERE rowid = ?", fts_reset)
    cur.executemany(search_index.INSERT_FTS, fts_rows)
    cur.executemany(_UPDATE_FACT, fact_updates)
    # No trigger runs for either (see _UNTIL_FACT): each row is written with its chain as computed here.
    cur.executemany(_INSERT_FACT, fact_inserts)
    cur.executemany(_UNTIL_FACT, until_updates)
    return fresh, {"inserted": 0, "updated": sum(len(r) for r in updates.values()), "unchanged": unchanged}
