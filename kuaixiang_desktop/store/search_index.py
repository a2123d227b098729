"""The enterprise search index: key columns on ``enterprise`` and the FTS5 n-gram table.

SQLite's trigram tokenizer needs three characters, but clerks type one or two (恒达). So
``enterprise_search`` stores, per enterprise, its name's distinct characters (``uni``) and its
overlapping character pairs in order (``bi``), each pre-split and tokenised by FTS5's ascii
tokenizer (which keeps every non-ASCII character inside a token). One character is a lookup
in ``uni``; two or more are a phrase of consecutive bigrams in ``bi``, which matches exactly
the names that contain the query. The pinyin initials are indexed the same way for
initials-substring searches. Partial credit codes need no n-grams: a clerk types the start
or the end of a code, and B-trees over the code and over the reversed code answer both
(an n-gram phrase over codes is slow, since every code shares 9137 and most share MA).
"""

from __future__ import annotations

from kuaixiang_core.domain import names
from kuaixiang_core.domain.search_keys import fts_tokens

__all__ = ["CREATE_FTS", "INSERT_FTS", "fts_query", "fts_tokens"]

CREATE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS enterprise_search USING fts5("
    "uni, bi, ini, tokenize='ascii', detail='full')"
)


INSERT_FTS = "INSERT INTO enterprise_search(rowid, uni, bi, ini) VALUES (?, ?, ?, ?)"


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
