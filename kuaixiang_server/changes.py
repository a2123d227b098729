"""Change sequences and cursors: what ``GET /api/v1/changes/{stream}`` is built on.

Each stream has one counter row. A writer bumps it (``UPDATE … SET value = value + n``),
which locks the row until the writer commits; every row it writes carries the new value in
``change_seq``. Writers of one stream therefore commit in sequence order, and a reader that
has seen sequence ``s`` can never later meet a committed row with a smaller one: paging by
``change_seq > cursor`` neither skips nor repeats. A row that changes again moves to the end.
"""

from __future__ import annotations

import base64
import binascii

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kuaixiang_core.untrusted.strict_json import INT64_MAX
from kuaixiang_core.wire import STREAMS

from .errors import ApiError
from .models import ChangeCounter

_PREFIX = "kx1"


def allocate(session: Session, stream: str, count: int = 1) -> int:
    """Reserve ``count`` sequence numbers of ``stream``; returns the last (the block is
    ``last - count + 1 … last``). Holds the stream's counter lock until the transaction ends."""
    assert stream in STREAMS and count >= 1
    session.execute(update(ChangeCounter).where(ChangeCounter.stream == stream).values(value=ChangeCounter.value + count))
    return int(session.scalar(select(ChangeCounter.value).where(ChangeCounter.stream == stream)))


def lock(session: Session, *streams: str) -> None:
    """Take the counter locks of ``streams`` (in the order given; callers use the order of
    STREAMS) before reading what a write depends on, so concurrent writers queue."""
    for stream in streams:
        assert stream in STREAMS
        session.execute(update(ChangeCounter).where(ChangeCounter.stream == stream).values(value=ChangeCounter.value))


def encode_cursor(stream: str, seq: int) -> str:
    raw = f"{_PREFIX}:{stream}:{seq}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(stream: str, cursor: str | None) -> int:
    if cursor is None or cursor == "":
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        prefix, got_stream, seq_text = raw.split(":")
        seq = int(seq_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ApiError("bad_request", f"游标无效：{cursor[:80]!r}") from None
    if prefix != _PREFIX or not 0 <= seq <= INT64_MAX:  # beyond, no BIGINT compares with it
        raise ApiError("bad_request", f"游标无效：{cursor[:80]!r}")
    if got_stream != stream:
        raise ApiError("bad_request", f"游标属于「{got_stream}」，不能用于「{stream}」")
    return seq
