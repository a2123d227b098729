"""Snapshots of the registry and the catalogue for new clients (docs/sync-protocol.md, "Snapshot").

A snapshot is built from one consistent read (REPEATABLE READ on PostgreSQL, one read
transaction on SQLite), so its cursors say exactly which changes it holds: a client applies
it and pulls the streams from those cursors. Building half a million enterprises takes the
server minutes (281 s on the shared machine at load 4–5, half of it the search keys of every
name, which clients then need not compute), so it runs on a thread of its own,
one at a time per instance, and the result is kept on disk per cursor (``snapshots/`` in the
data dir): ``<sha256>.kxsnap`` (the gzip-compressed SQLite file) and ``<sha256>.json`` (its
signed manifest), ``latest.json`` naming the newest. A snapshot stays served until a newer
one replaces it; a cached one more than ``threshold`` changes behind the registry starts a
rebuild. Instances each keep their own: a chunk of a snapshot an instance does not hold is
``404`` and the client starts again from the manifest.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from kuaixiang_core import snapshot as fmt
from kuaixiang_core.domain import device_trust
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.domain.enterprise import EnterpriseRecord

from .catalogue import fact_item, policy_item
from .changes import decode_cursor, encode_cursor
from .config import ConfigError
from .db import Database
from .enterprises import _COLUMNS
from .errors import ApiError
from .models import (
    Enterprise,
    EnterpriseFact,
    EnterpriseTag,
    FactDefinition,
    PolicyDocument,
    PolicyItem,
    PolicyItemVersion,
)

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 50_000  # enterprise changes behind beyond which a client is advised a snapshot
DEFAULT_MAX_MB = 2048
_BATCH = 5000
_KEEP = 2  # snapshots kept on disk: the newest, and the one clients may still be downloading


def _int_env(name: str, default: int, lo: int, hi: int) -> int:
    raw = os.environ.get(name)
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{name} 应为整数，实际是 {raw!r}") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} 应在 {lo} 到 {hi} 之间，实际是 {value}")
    return value


@dataclass(frozen=True)
class SnapshotSettings:
    folder: Path
    threshold: int
    max_bytes: int
    chunk_size: int = fmt.CHUNK_SIZE

    @classmethod
    def from_env(cls, data_dir: Path) -> SnapshotSettings:
        return cls(
            folder=data_dir / "snapshots",
            threshold=_int_env("KUAIXIANG_SERVER_SNAPSHOT_THRESHOLD", DEFAULT_THRESHOLD, 1, 2**31 - 1),
            max_bytes=_int_env("KUAIXIANG_SERVER_SNAPSHOT_MAX_MB", DEFAULT_MAX_MB, 1, fmt.MAX_BYTES >> 20) << 20,
            chunk_size=_int_env("KUAIXIANG_SERVER_SNAPSHOT_CHUNK_KB", fmt.CHUNK_SIZE >> 10, 64, 65536) << 10,
        )


class SnapshotTooLarge(RuntimeError):
    pass


def _write_file(db: Database, path: Path) -> tuple[dict[str, str], int]:
    """The snapshot's SQLite file at ``path``; returns its cursors and enterprise count."""
    out = sqlite3.connect(path)
    out.execute("PRAGMA journal_mode=OFF")
    out.execute("PRAGMA synchronous=OFF")
    for ddl in fmt.DDL:
        out.execute(ddl)
    seqs = {s: 0 for s in fmt.STREAMS}
    count = 0
    with db.read() as session:
        for d in session.scalars(select(FactDefinition).order_by(FactDefinition.change_seq)):
            out.execute("INSERT INTO s_item VALUES ('facts', ?, ?)", (d.change_seq, json.dumps(fact_item(d), ensure_ascii=False)))
            seqs["facts"] = max(seqs["facts"], d.change_seq)
        for v, i, d in session.execute(
            select(PolicyItemVersion, PolicyItem, PolicyDocument)
            .join(PolicyItem, PolicyItem.id == PolicyItemVersion.item_id)
            .join(PolicyDocument, PolicyDocument.id == PolicyItem.document_id)
            .order_by(PolicyItemVersion.change_seq)
        ):
            out.execute("INSERT INTO s_item VALUES ('policies', ?, ?)",
                        (v.change_seq, json.dumps(policy_item(v, i, d), ensure_ascii=False)))
            seqs["policies"] = max(seqs["policies"], v.change_seq)
        seqs["enterprises"] = session.scalar(select(func.coalesce(func.max(Enterprise.change_seq), 0))) or 0
        table = Enterprise.__table__
        last = 0
        while True:
            rows = session.execute(
                select(table.c.id, table.c.credit_code, *(table.c[c] for c in _COLUMNS))
                .where(table.c.id > last).order_by(table.c.id).limit(_BATCH)
            ).all()
            if not rows:
                break
            last = rows[-1].id
            ids = {r.id: count + n + 1 for n, r in enumerate(rows)}  # the snapshot's own ids: 1 … n
            out.executemany(f"INSERT INTO s_enterprise VALUES ({', '.join('?' * len(fmt.ENTERPRISE_COLUMNS))})", [
                fmt.enterprise_row(ids[r.id], EnterpriseRecord(credit_code=r.credit_code,
                                                               **{c: r._mapping[c] for c in _COLUMNS}))
                for r in rows
            ])
            lo, hi = rows[0].id, last
            out.executemany("INSERT INTO s_tag VALUES (?, ?, ?, ?)", [
                (ids[e], tag, f and f.isoformat(), t and t.isoformat()) for e, tag, f, t in session.execute(
                    select(EnterpriseTag.enterprise_id, EnterpriseTag.tag, EnterpriseTag.valid_from, EnterpriseTag.valid_to)
                    .where(EnterpriseTag.enterprise_id.between(lo, hi)).order_by(EnterpriseTag.id))
                if e in ids
            ])
            out.executemany("INSERT INTO s_fact VALUES (?, ?, ?, ?)", [
                (ids[e], name, on.isoformat(), value) for e, name, on, value in session.execute(
                    select(EnterpriseFact.enterprise_id, EnterpriseFact.name, EnterpriseFact.valid_on, EnterpriseFact.value)
                    .where(EnterpriseFact.enterprise_id.between(lo, hi))
                    .order_by(EnterpriseFact.enterprise_id, EnterpriseFact.name, EnterpriseFact.valid_on))
                if e in ids
            ])
            count += len(rows)
    cursors = {s: encode_cursor(s, seqs[s]) for s in fmt.STREAMS}
    out.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("format", str(fmt.FORMAT)), ("keys_version", str(fmt.KEYS_VERSION)), ("enterprises", str(count)),
        *((f"cursor.{s}", c) for s, c in cursors.items()),
    ])
    out.commit()
    out.close()
    return cursors, count


class Snapshots:
    """The snapshots of one instance: built on demand on a thread, kept on disk, served by chunk."""

    def __init__(self, db: Database, settings: SnapshotSettings, signing_key: bytes):
        self.db, self.settings, self.signing_key = db, settings, signing_key
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    # -- building ---------------------------------------------------------------------------

    def build(self) -> fmt.Manifest:
        """Build a snapshot of the registry and catalogue as they are now (blocking)."""
        folder = self.settings.folder
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix=".build-") as tmp:
            raw, packed = Path(tmp) / "snapshot.sqlite3", Path(tmp) / "snapshot.gz"
            cursors, count = _write_file(self.db, raw)
            with raw.open("rb") as src, gzip.GzipFile(packed, "wb", compresslevel=1, mtime=0) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            size = packed.stat().st_size
            if size > self.settings.max_bytes:
                raise SnapshotTooLarge(f"快照 {size >> 20} MB，超过上限 {self.settings.max_bytes >> 20} MB")
            whole, chunks = hashlib.sha256(), []
            with packed.open("rb") as f:
                while piece := f.read(self.settings.chunk_size):
                    whole.update(piece)
                    chunks.append(hashlib.sha256(piece).hexdigest())
            public = device_trust.public_key_of(self.signing_key)
            manifest = fmt.sign(fmt.Manifest(
                id=whole.hexdigest(), size=size, chunk_size=self.settings.chunk_size, chunks=tuple(chunks), cursors=cursors,
                enterprises=count, keys_version=fmt.KEYS_VERSION, created_at=utcnow(),
                signer=device_trust.signer_id(public)), self.signing_key)
            os.replace(packed, folder / f"{manifest.id}.kxsnap")
        _write_json(folder / f"{manifest.id}.json", manifest.to_json())
        _write_json(folder / "latest.json", manifest.to_json())
        self._prune(manifest.id)
        log.info("快照已生成：%d 家企业，%d 字节，%s", count, size, manifest.id[:12])
        return manifest

    def _prune(self, newest: str) -> None:
        kept = sorted(self.settings.folder.glob("*.kxsnap"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[_KEEP:]:
            if old.stem != newest:
                old.unlink(missing_ok=True)
                old.with_suffix(".json").unlink(missing_ok=True)

    def _build_in_background(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return

            def run() -> None:
                try:
                    self.build()
                    self.last_error = None
                except Exception as exc:  # noqa: BLE001 - logged; the next request tries again
                    self.last_error = str(exc)
                    log.exception("生成快照失败")

            self._thread = threading.Thread(target=run, name="snapshot-build", daemon=True)
            self._thread.start()

    def building(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- serving ----------------------------------------------------------------------------

    def latest(self) -> fmt.Manifest | None:
        path = self.settings.folder / "latest.json"
        try:
            manifest = fmt.Manifest.from_json(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            return None
        return manifest if (self.settings.folder / f"{manifest.id}.kxsnap").exists() else None

    def offer(self, after: str | None) -> dict:
        """The answer of ``GET /snapshot``: the newest snapshot's manifest and whether a client
        whose ``enterprises`` cursor is ``after`` should take it."""
        behind_from = decode_cursor("enterprises", after)  # 400 for a cursor that cannot be read
        with self.db.read() as session:
            now_seq = session.scalar(select(func.coalesce(func.max(Enterprise.change_seq), 0))) or 0
        threshold = self.settings.threshold
        if now_seq - behind_from <= threshold:  # pages are the cheaper way: nothing is built
            return {"state": "not_needed", "threshold": threshold}
        manifest = self.latest()
        if manifest is None or now_seq - decode_cursor("enterprises", manifest.cursors["enterprises"]) > threshold:
            self._build_in_background()
        if manifest is None or decode_cursor("enterprises", manifest.cursors["enterprises"]) <= behind_from:
            return {"state": "building", "retry_after": 30, "threshold": threshold}
        return {"state": "ready", "manifest": manifest.to_json(), "advised": True, "threshold": threshold}

    def chunk(self, ident: str, n: int) -> bytes:
        if len(ident) != 64 or not all(c in "0123456789abcdef" for c in ident):
            raise ApiError("bad_request", "快照编号应为 64 位小写十六进制")
        path = self.settings.folder / f"{ident}.kxsnap"
        try:
            manifest = fmt.Manifest.from_json(json.loads((self.settings.folder / f"{ident}.json").read_text("utf-8")))
        except (OSError, ValueError):
            raise ApiError("not_found", "没有这个快照（可能已被更新的快照取代）：请重新获取快照清单") from None
        if not 0 <= n < len(manifest.chunks):
            raise ApiError("bad_request", f"块号应在 0 到 {len(manifest.chunks) - 1} 之间，实际是 {n}")
        start, end = manifest.chunk_span(n)
        try:
            with path.open("rb") as f:
                f.seek(start)
                return f.read(end - start)
        except OSError:
            raise ApiError("not_found", "没有这个快照（可能已被更新的快照取代）：请重新获取快照清单") from None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)


__all__ = ["Snapshots", "SnapshotSettings", "SnapshotTooLarge"]
