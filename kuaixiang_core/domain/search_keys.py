"""What an enterprise is found by: its name, the distinctive part of it, its legal
representative and pinyin initials, normalised once (store.search_index indexes them)."""

from __future__ import annotations

from dataclasses import dataclass

from . import names


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


# The version of what keys_for and fts_tokens make: a snapshot carries the keys its server
# computed (kuaixiang_core/snapshot), and a client with another version computes its own.
KEYS_VERSION = 1


def fts_tokens(keys: SearchKeys) -> tuple[str, str, str]:
    """The (uni, bi, ini) columns of an enterprise's row in the client's search index
    (kuaixiang_desktop/store/search_index)."""
    return (
        names.unigrams(keys.name_norm),
        names.bigrams(keys.name_norm),
        # "brk" is no bigram, so no phrase can match across the two forms.
        names.bigrams(keys.initials) + " brk " + names.bigrams(keys.full_initials),
    )
