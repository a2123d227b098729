"""The enterprise search index: key columns on ``enterprise`` and the FTS5 n-gram table.

SQLite's trigram tokenizer needs three characters, but clerks type one or two (恒达). So
``enterprise_search`` stores, per enterprise, its name's distinct characters (``uni``) and its
overlapping character pairs in order (``bi``), each pre-split and tokenised by FTS5's ascii
tokenizer (which keeps every non-ASCII character inside a token). One character is a lookup
in ``uni``; two or more are a phrase of consecutive bigrams in ``bi``, which matches exactly
the names that contain the query. The credit code and the pinyin initials are indexed the
same way for partial-code and initials-substring searches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain import names

CREATE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS enterprise_search USING fts5("
    "uni, bi, code, ini, tokenize='ascii', detail='full')"
)


@dataclass(frozen=True)
class SearchKeys:
    name_norm: str
    core_norm: str
    legal_rep_norm: str | None
    initials: str  # of the spoken form: 聊城市恒达… → lchd…
    core_initials: str  # of the distinctive part: 恒达… → hd…
    full_initials: str  # of every character: 聊城市恒达… → lcshd…


def keys_for(name: str, legal_rep: str | None) -> SearchKeys:
    norm = names.normalize(name)
    core = names.strip_admin_prefix(norm)
    return SearchKeys(
        name_norm=norm,
        core_norm=core,
        legal_rep_norm=names.normalize(legal_rep) if legal_rep else None,
        initials=names.initials(names.spoken_prefix(norm)),
        core_initials=names.initials(core),
        full_initials=names.initials(norm),
    )


def fts_row(rowid: int, credit_code: str, keys: SearchKeys) -> tuple[int, str, str, str, str]:
    code = credit_code.lower()
    return (
        rowid,
        names.unigrams(keys.name_norm),
        names.bigrams(keys.name_norm),
        names.bigrams(code),
        # "brk" is no bigram, so no phrase can match across the two forms.
        names.bigrams(keys.initials) + " brk " + names.bigrams(keys.full_initials),
    )


def write_fts(dbapi_cursor, rows: Iterable[tuple[int, str, str, str, str]]) -> None:
    """Insert or replace index rows (rowid = enterprise.id) on a DB-API cursor."""
    rows = list(rows)
    dbapi_cursor.executemany("DELETE FROM enterprise_search WHERE rowid = ?", [(r[0],) for r in rows])
    dbapi_cursor.executemany(
        "INSERT INTO enterprise_search(rowid, uni, bi, code, ini) VALUES (?, ?, ?, ?, ?)", rows
    )


def fts_query(column: str, text: str) -> str | None:
    """An FTS5 MATCH expression for ``text`` (already normalised) in ``column``.

    Only characters that survive ``names.normalize`` reach here (letters, digits, CJK), so no
    FTS5 syntax can be smuggled in; the expression is still passed as a bound parameter.
    """
    if not text:
        return None
    if len(text) == 1:
        if column != "bi":
            return None
        return f'uni : "{text}"'
    return f'{column} : "{names.bigrams(text)}"'
