"""Changed parts only: how a pull of the ``enterprises`` stream asks for an enterprise's
changes instead of its whole record (docs/sync-protocol.md, "Changed parts only").

A client that sends ``parts=<PARTS_VERSION>`` with a cursor gets, for each enterprise changed
after it and made before it, every column (they are few and cheap) but only the fact values
added or changed after the cursor, and the tags only when they changed after it. Such an item
says so with ``"parts": PARTS_VERSION``; a client that holds the enterprise applies it as an
update, one that does not hold it cannot (it lacks the rest) and reports it. An enterprise
made after the cursor comes whole. An item without the field is a whole record, as before; a
server that does not know the parameter ignores it, so a new client works against an older
server, and an older client is sent whole records.
"""

from __future__ import annotations

from collections.abc import Mapping

PARTS_VERSION = 1
PARAM = "parts"
FIELD = "parts"


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
    """Any value of the field but this client's version is an error of the item: the client
    cannot tell what was left out."""
    value = item.get(FIELD)
    return type(value) is int and value == PARTS_VERSION


__all__ = ["FIELD", "PARAM", "PARTS_VERSION", "is_parts", "parse_parts_param", "parse_version_param",
           "parts_version_ok"]
