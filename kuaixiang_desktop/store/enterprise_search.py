"""Ranked enterprise search over the keys kept by ``search_index``.

Each tier is one indexed query with a LIMIT, tried in rank order until the page is full, so
even a one-character query that matches most of the city costs a few index probes:

1. exact credit code        2. exact name          3. name prefix
4. prefix of the distinctive part of the name (恒达 for 聊城市恒达机械…)
5. exact legal representative
6. name substring (one or more characters, through the n-gram index)
7. partial credit code (its start, then its end)
8. pinyin initials (prefix of the name, of its distinctive part, then any substring)
9. legal representative prefix

The query is normalised exactly like the stored keys and only ever bound as a parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from kuaixiang_core.domain import names

from . import search_index

_TOP = "\U0010ffff"  # sorts after every other character in SQLite's BINARY collation


@dataclass(frozen=True)
class SearchHit:
    id: int
    credit_code: str
    name: str
    region_code: str
    size_class: str | None
    legal_rep: str | None
    match: str  # which tier found it: code, name, name_prefix, core_prefix, legal_rep, …


def _range(column: str) -> str:
    return f"SELECT id FROM enterprise WHERE {column} >= :lo AND {column} < :hi ORDER BY {column}"


_FTS = "SELECT rowid FROM enterprise_search WHERE enterprise_search MATCH :m"


def _tiers(qn: str) -> list[tuple[str, str, dict]]:
    """(match kind, SQL returning ids, parameters) in rank order."""
    prefix = {"lo": qn, "hi": qn + _TOP}
    ascii_alnum = qn.isascii() and qn.isalnum()
    tiers: list[tuple[str, str, dict]] = []
    if ascii_alnum and len(qn) == 18:
        tiers.append(("code", "SELECT id FROM enterprise WHERE credit_code = :q", {"q": qn.upper()}))
    tiers += [
        ("name", "SELECT id FROM enterprise WHERE name_norm = :q", {"q": qn}),
        ("name_prefix", _range("name_norm"), prefix),
        ("core_prefix", _range("core_norm"), prefix),
        ("legal_rep", "SELECT id FROM enterprise WHERE legal_rep_norm = :q", {"q": qn}),
        ("name_substring", _FTS, {"m": search_index.fts_query("bi", qn)}),
    ]
    # Credit codes are mostly digits: a query of letters alone is initials, not a code.
    if ascii_alnum and not qn.isalpha():
        up = qn.upper()
        rev = up[::-1]
        tiers.append(("code_partial", _range("credit_code"), {"lo": up, "hi": up + _TOP}))
        tiers.append(("code_partial", _range("code_rev"), {"lo": rev, "hi": rev + _TOP}))
    if ascii_alnum and qn.isalpha():
        tiers += [("initials", _range("initials"), prefix), ("initials", _range("core_initials"), prefix)]
        if len(qn) >= 2:
            tiers.append(("initials", _FTS, {"m": search_index.fts_query("ini", qn)}))
    tiers.append(("legal_rep_prefix", _range("legal_rep_norm"), prefix))
    return tiers


def search(conn: Connection, query: str, limit: int = 20) -> list[SearchHit]:
    qn = names.normalize(query)
    if not qn or limit <= 0:
        return []
    found: dict[int, str] = {}
    for kind, sql, params in _tiers(qn):
        need = limit - len(found)
        if need <= 0:
            break
        # Ask for enough to fill the page even if some ids were found by an earlier tier.
        rows = conn.execute(text(f"{sql} LIMIT :n"), {**params, "n": need + len(found)})
        for (eid,) in rows:
            if eid not in found:
                found[eid] = kind
                if len(found) >= limit:
                    break
    if not found:
        return []
    ids = list(found)
    marks = ",".join(f":i{n}" for n in range(len(ids)))
    rows = conn.execute(
        text(
            "SELECT id, credit_code, name, region_code, size_class, legal_rep FROM enterprise "
            f"WHERE id IN ({marks})"
        ),
        {f"i{n}": eid for n, eid in enumerate(ids)},
    )
    by_id = {r.id: r for r in rows}
    return [
        SearchHit(
            id=eid,
            credit_code=by_id[eid].credit_code,
            name=by_id[eid].name,
            region_code=by_id[eid].region_code,
            size_class=by_id[eid].size_class,
            legal_rep=by_id[eid].legal_rep,
            match=found[eid],
        )
        for eid in ids
    ]


def naive_search(conn: Connection, query: str, limit: int = 20) -> list[int]:
    """The baseline for benchmarks: one LIKE scan ranked the same way, no index help."""
    q = query.strip()
    like = f"%{q}%"
    rows = conn.execute(
        text(
            "SELECT id FROM enterprise WHERE credit_code = :u OR name LIKE :like OR credit_code LIKE :like "
            "OR legal_rep LIKE :like "
            "ORDER BY (credit_code = :u) DESC, (name = :q) DESC, (name LIKE :pre) DESC, id LIMIT :n"
        ),
        {"u": q.upper(), "q": q, "like": like, "pre": f"{q}%", "n": limit},
    )
    return [r[0] for r in rows]
