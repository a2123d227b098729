"""Search keys the server computed, carried with the ``enterprises`` stream's items
(docs/sync-protocol.md, "Pull").

A client asks for them with ``keys=<its KEYS_VERSION>``; the server adds ``search_keys`` to
each item only when that is its own version, so an older client (which does not ask) gets the
same bytes as before, and a client of another version computes its own. The keys are derived
data (``search_keys.keys_for`` of the item's name and legal representative): a client can
always recompute them, recomputes a random sample of every page, and takes none of a page
whose sample disagrees.
"""

from __future__ import annotations

from collections.abc import Mapping

from .domain.search_keys import KEYS_VERSION, SearchKeys, keys_for
from .wire_parts import parse_version_param

FIELD = "search_keys"
PARAM = "keys"
_KEY_FIELDS = ("name_norm", "core_norm", "legal_rep_norm", "initials", "core_initials", "full_initials")
_MAX_LEN = 1000  # a key is at most as long as the name it comes from (names are at most 1,000)


def search_keys_to_wire(keys: SearchKeys) -> dict:
    return {"v": KEYS_VERSION, **{f: getattr(keys, f) for f in _KEY_FIELDS}}


def search_keys_from_wire(item: Mapping) -> SearchKeys | None:
    """The keys an item carries, or None when it carries none of this client's version or
    any of them is not a string of sensible length (``legal_rep_norm`` may be null): the
    client then computes them itself. Never an error: they are optional derived data."""
    raw = item.get(FIELD)
    if type(raw) is not dict or raw.get("v") != KEYS_VERSION or type(raw.get("v")) is not int:
        return None
    values = []
    for f in _KEY_FIELDS:
        value = raw.get(f)
        if value is None and f == "legal_rep_norm":
            values.append(None)
        elif type(value) is str and len(value) <= _MAX_LEN:
            values.append(value)
        else:
            return None
    return SearchKeys(*values)


def keys_agree(name: str, legal_rep: str | None, keys: SearchKeys) -> bool:
    """What this client would compute for the name and legal representative."""
    return keys_for(name, legal_rep) == keys


# ``keys=`` of a pull: None when absent; else a version number 1 … 2^31-1, or ValueError.
parse_keys_param = parse_version_param


__all__ = ["FIELD", "PARAM", "keys_agree", "parse_keys_param", "search_keys_from_wire", "search_keys_to_wire"]
