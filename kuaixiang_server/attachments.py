"""Attachments: content-addressed by SHA-256, uploaded resumably, kept in the database.

An upload is a row in ``attachment`` (its total size and how many bytes arrived) and one
``attachment_chunk`` row per PUT (or per cut-off PUT: what arrived before the connection
broke is kept, so the client resumes from there). When the last byte arrives the chunks are
joined and hashed: a match completes the attachment, a mismatch discards the upload.
Everything is in the database, so any instance can take the next chunk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.wire import MAX_ATTACHMENT_BYTES

from .auth import AuthContext
from .db import Database
from .models import Attachment, AttachmentChunk


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


def state(db: Database, sha256: str) -> UploadState:
    with db.read() as session:
        row = session.get(Attachment, sha256)
        if row is None:
            return UploadState(sha256, False, 0, None)
        return UploadState(sha256, row.complete, row.total_size if row.complete else row.received, row.total_size)


def _lock(session: Session, sha256: str) -> Attachment | None:
    return session.scalars(select(Attachment).where(Attachment.sha256 == sha256).with_for_update()).one_or_none()


def append(db: Database, ctx: AuthContext, sha256: str, start: int, total: int, data: bytes) -> UploadState:
    """Append ``data`` at ``start`` of an upload of ``total`` bytes. Raises OffsetMismatch,
    TotalMismatch, or HashMismatch (after discarding the upload)."""
    assert total <= MAX_ATTACHMENT_BYTES
    mismatch = False
    with db.write() as session:
        row = _lock(session, sha256)
        if row is None:
            row = Attachment(sha256=sha256, total_size=total, received=0, complete=False, uploaded_by=ctx.clerk_id)
            session.add(row)
            session.flush()
        if row.complete:
            return UploadState(sha256, True, row.total_size, row.total_size)
        if row.total_size != total:
            raise TotalMismatch(f"此前的上传声明总长 {row.total_size} 字节，本次为 {total} 字节")
        if start != row.received:
            raise OffsetMismatch(row.received)
        if data:
            session.add(AttachmentChunk(sha256=sha256, start=start, data=data))
            row.received += len(data)
        if row.received < row.total_size:
            return UploadState(sha256, False, row.received, total)
        session.flush()
        digest = hashlib.sha256()
        parts = []
        for chunk in session.scalars(select(AttachmentChunk.data).where(AttachmentChunk.sha256 == sha256)
                                     .order_by(AttachmentChunk.start)):
            digest.update(chunk)
            parts.append(chunk)
        if digest.hexdigest() != sha256:
            session.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == sha256))
            session.delete(row)
            mismatch = True
        else:
            row.data = b"".join(parts)
            row.complete, row.completed_at = True, utcnow()
            session.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == sha256))
            result = UploadState(sha256, True, row.total_size, row.total_size)
    if mismatch:
        raise HashMismatch(f"文件内容的 SHA-256 与地址 {sha256} 不符：已丢弃本次上传，请重新上传")
    return result
