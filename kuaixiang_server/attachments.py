"""Attachments: content-addressed by SHA-256, uploaded resumably, kept in the database.

A complete file is one ``attachment`` row, shared by everyone: whoever uploaded it, its bytes
are the ones whose hash is its address. A partial upload is an ``upload_session`` of one
clerk, with one ``upload_chunk`` per PUT (or per piece that arrived before a connection
broke, so the client resumes from there). Another clerk's session of the same file is
invisible to each call here: a clerk who declares a wrong length, or sends wrong bytes,
holds up only their own upload. A session expires ``ttl`` after its last byte; an expired
one counts as absent, and new uploads sweep a few away each. When a session's last byte
arrives its chunks are joined and hashed: a match completes the file (and ends every
session of it), a mismatch discards the session. Everything is in the database, so any
instance can take the next chunk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.wire import MAX_ATTACHMENT_BYTES

from .auth import AuthContext
from .db import Database
from .models import Attachment, UploadChunk, UploadSession

# An honest window has one upload open at a time (a few after cut connections); the bound
# keeps one clerk from holding an unbounded number of sessions until they expire.
MAX_OPEN_UPLOADS = 200
SWEEP_BATCH = 20  # expired sessions removed per new session: the sweep stays small


@dataclass(frozen=True)
class UploadState:
    sha256: str
    complete: bool
    offset: int
    total: int | None

    def to_json(self) -> dict:
        return {"sha256": self.sha256, "complete": self.complete, "offset": self.offset, "size": self.total}


class OffsetMismatch(Exception):
    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


class TotalMismatch(ValueError):
    pass


class HashMismatch(ValueError):
    pass


class TooManyUploads(Exception):
    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass
class Uploads:
    """The attachment store of one app: its database, how long a partial upload lives, how
    many one clerk may hold, and the clock (tests age sessions by moving it)."""

    db: Database
    ttl: dt.timedelta
    clock: Callable[[], dt.datetime] = field(default=utcnow)
    max_open: int = MAX_OPEN_UPLOADS

    def _live(self, session: Session, ctx: AuthContext, sha256: str, *, lock: bool = False) -> UploadSession | None:
        query = select(UploadSession).where(UploadSession.sha256 == sha256, UploadSession.clerk_id == ctx.clerk_id)
        row = session.scalars(query.with_for_update() if lock else query).one_or_none()
        if row is not None and row.touched_at <= self.clock() - self.ttl:
            if lock:  # expired: gone for good, as if the sweep had come first
                session.delete(row)
                session.flush()
            return None
        return row

    def state(self, ctx: AuthContext, sha256: str) -> UploadState:
        """What the caller may resume: the whole file when anyone completed it, else the
        caller's own live session (offset 0 when none)."""
        with self.db.read() as session:
            done = session.get(Attachment, sha256)
            if done is not None:
                return UploadState(sha256, True, done.total_size, done.total_size)
            row = self._live(session, ctx, sha256)
            if row is None:
                return UploadState(sha256, False, 0, None)
            return UploadState(sha256, False, row.received, row.total_size)

    def append(self, ctx: AuthContext, sha256: str, start: int, total: int, data: bytes) -> UploadState:
        """Append ``data`` at ``start`` of the caller's upload of ``total`` bytes. Raises
        OffsetMismatch, TotalMismatch, TooManyUploads, or HashMismatch (after discarding the
        session)."""
        assert total <= MAX_ATTACHMENT_BYTES
        with self.db.write() as session:
            done = session.get(Attachment, sha256)
            if done is not None:
                session.execute(delete(UploadSession).where(UploadSession.sha256 == sha256,
                                                             UploadSession.clerk_id == ctx.clerk_id))
                return UploadState(sha256, True, done.total_size, done.total_size)
            row = self._live(session, ctx, sha256, lock=True)
            if row is not None and start == 0 and row.total_size != total:
                # Its owner starts over with another length: their own earlier try is moot.
                session.delete(row)
                session.flush()
                row = None
            if row is None:
                if start != 0:
                    raise OffsetMismatch(0)
                row = self._begin(session, ctx, sha256, total)
            if row.total_size != total:
                raise TotalMismatch(f"此前的上传声明总长 {row.total_size} 字节，本次为 {total} 字节")
            if start != row.received:
                raise OffsetMismatch(row.received)
            if data:
                session.add(UploadChunk(session_id=row.id, start=start, data=data))
                row.received += len(data)
            row.touched_at = self.clock()
            if row.received < row.total_size:
                return UploadState(sha256, False, row.received, total)
            session.flush()
            parts = list(session.scalars(select(UploadChunk.data).where(UploadChunk.session_id == row.id)
                                         .order_by(UploadChunk.start)))
            content = b"".join(parts)
            mismatch = hashlib.sha256(content).hexdigest() != sha256
            if mismatch:
                session.delete(row)
            else:
                now = self.clock()
                session.add(Attachment(sha256=sha256, total_size=total, received=total, complete=True, data=content,
                                       uploaded_by=ctx.clerk_id, created_at=row.created_at, completed_at=now))
                # Every other session of this file is moot now: the file is everyone's.
                session.execute(delete(UploadSession).where(UploadSession.sha256 == sha256))
        if mismatch:
            raise HashMismatch(f"文件内容的 SHA-256 与地址 {sha256} 不符：已丢弃本次上传，请重新上传")
        return UploadState(sha256, True, total, total)

    def _begin(self, session: Session, ctx: AuthContext, sha256: str, total: int) -> UploadSession:
        now = self.clock()
        cutoff = now - self.ttl
        stale = list(session.scalars(select(UploadSession.id).where(UploadSession.touched_at <= cutoff)
                                     .order_by(UploadSession.touched_at).limit(SWEEP_BATCH)))
        if stale:
            session.execute(delete(UploadChunk).where(UploadChunk.session_id.in_(stale)))
            session.execute(delete(UploadSession).where(UploadSession.id.in_(stale)))
        open_count, oldest = session.execute(
            select(func.count(), func.min(UploadSession.touched_at))
            .where(UploadSession.clerk_id == ctx.clerk_id, UploadSession.touched_at > cutoff)
        ).one()
        if open_count >= self.max_open:
            raise TooManyUploads(max(1, math.ceil((oldest + self.ttl - now).total_seconds())))
        row = UploadSession(sha256=sha256, clerk_id=ctx.clerk_id, hall_code=ctx.hall_code, total_size=total,
                            received=0, created_at=now, touched_at=now)
        session.add(row)
        session.flush()
        return row
