"""The audit log: append-only and hash-chained, so an edited or deleted row is detectable."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuaixiang_core.domain.clock import utcnow

from .models import AuditLog

GENESIS = "0" * 64


def _digest(prev: str, at: str, actor: str | None, action: str, entity: str | None, entity_id: str | None, detail: str) -> str:
    blob = json.dumps([prev, at, actor, action, entity, entity_id, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def append(session: Session, action: str, *, actor: str | None = None, entity: str | None = None,
           entity_id: str | None = None, detail: dict | None = None) -> AuditLog:
    last = session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    at = utcnow().replace(microsecond=0)
    detail_json = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    row = AuditLog(
        at=at, actor=actor, action=action, entity=entity, entity_id=entity_id, detail_json=detail_json,
        prev_hash=prev, hash=_digest(prev, at.isoformat(), actor, action, entity, entity_id, detail_json),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class AuditCheck:
    rows: int
    broken_at: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(session: Session) -> AuditCheck:
    prev = GENESIS
    count = 0
    for row in session.scalars(select(AuditLog).order_by(AuditLog.id)):
        count += 1
        if row.prev_hash != prev:
            return AuditCheck(count, row.id, f"第 {row.id} 条记录的前一哈希不符：之前的记录被删除或改动")
        expected = _digest(prev, row.at.isoformat(), row.actor, row.action, row.entity, row.entity_id, row.detail_json)
        if row.hash != expected:
            return AuditCheck(count, row.id, f"第 {row.id} 条记录的内容与其哈希不符：记录被改动")
        prev = row.hash
    return AuditCheck(count, None, None)
