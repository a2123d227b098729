"""Changed parts only: how a pull of the ``enterprises`` stream asks for an enterprise's
changes instead of its whole record (docs/sync-protocol.md, "Changed parts only").

A client that sends ``parts=<version>`` with a cursor gets, for each enterprise changed after
it and made before it, only the fact values added or changed after the cursor and the tags only
when they changed after it; and of its columns, with version 1 every one, with version 2 only
those changed after the cursor (the server keeps when each column last changed). Such an item
says so with ``"parts": <version>``; a client that holds the enterprise applies it as an
update (a column left out is kept), one that does not hold it cannot (it lacks the rest) and
reports it. An enterprise made after the cursor comes whole. "After the cursor" is after
``since`` when the client sends it (see SINCE_PARAM), else after the page's own cursor. An item without the field is a
whole record, as before; a server that does not know the parameter, or the version asked
for, ignores it and sends whole records, so a new client works against an older server, and
an older client is sent what it asked for.
"""

from __future__ import annotations

from collections.abc import Mapping

PARTS_VERSION = 2  # what this client asks for
VERSIONS = (1, 2)  # what this side reads and serves: an item of either says which columns it holds
PARAM = "parts"
FIELD = "parts"
# The cursor the parts are counted from, when not the page's own (``after``): where the
# client's pull last ended caught up. A row that changes again while a client pulls moves
# past it: counted from the page's cursor, its earlier change (at a sequence the client has
# passed without seeing the row there) would never be sent.
SINCE_PARAM = "since"


def parse_version_param(raw: str | None) -> int | None:
    """A version number parameter of a pull (``parts=``, ``keys=``): None when absent; else a
    version 1 … 2^31-1, or ValueError."""
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or not 1 <= int(raw) <= 2**31 - 1:
        raise ValueError(raw)
    return int(raw)


parse_parts_param = parse_version_param


def is_parts(item: Mapping) -> bool:
    """Whether an item carries only an enterprise's changed parts."""
    return FIELD in item


def parts_version_ok(item: Mapping) -> bool:
    """Any value of the field but a version known here is an error of the item: the client
    cannot tell what was left out."""
    value = item.get(FIELD)
    return type(value) is int and value in VERSIONS


__all__ = ["FIELD", "PARAM", "PARTS_VERSION", "SINCE_PARAM", "VERSIONS", "is_parts", "parse_parts_param", "parse_version_param",
           "parts_version_ok"]
