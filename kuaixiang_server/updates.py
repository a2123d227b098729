"""Client updates: ``kuaixiang-server admin update publish`` signs a manifest with the
certifying key (domain/update_manifest) and keeps the file in the database; logged-in devices
ask for the newest release of their platform and download it in ranges (resumable).

A release is never replaced: publishing the same version for a platform again is refused, so
a manifest a client has verified never changes under it. ``withdraw`` hides one from clients.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from packaging.version import Version
from sqlalchemy import func, select

from kuaixiang_core.domain import update_manifest
from kuaixiang_core.domain.clock import utcnow

from .config import Settings
from .db import Database
from .models import UpdateRelease

FILE_ROUTE = "/api/v1/updates/files/"
CHUNK = 1024 * 1024


class PublishError(ValueError):
    pass


def publish(db: Database, settings: Settings, file: Path, *, version: str, platform: str,
            minimum_version: str | None, notes: str, url: str | None = None) -> dict:
    """Sign and store a release; the file is read whole (bounded by the manifest's size
    limit) unless ``url`` names a mirror, when only its hash and size are taken."""
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise PublishError(f"无法读取 {file}：{exc.strerror}") from None
    if not 0 < size <= update_manifest.MAX_SIZE:
        raise PublishError(f"{file}：大小 {size} 字节，应在 1 到 {update_manifest.MAX_SIZE} 之间")
    digest = hashlib.sha256()
    data = bytearray() if url is None else None
    with file.open("rb") as f:
        while piece := f.read(CHUNK):
            digest.update(piece)
            if data is not None:
                data += piece
    sha = digest.hexdigest()
    try:
        doc = update_manifest.make(settings.signing_key, version=version, platform=platform,
                                   url=url or FILE_ROUTE + sha, sha256=sha, size=size,
                                   minimum_version=minimum_version, notes=notes, published=utcnow().replace(tzinfo=dt.UTC))
    except update_manifest.ManifestRefused as exc:
        raise PublishError(exc.message) from None
    with db.write() as s:
        exists = s.scalars(select(UpdateRelease).where(UpdateRelease.platform == platform,
                                                       UpdateRelease.version == doc["version"])).first()
        if exists is not None:
            raise PublishError(f"{platform} 的 {doc['version']} 版已经发布过：发布后不能替换，请用新的版本号")
        s.add(UpdateRelease(platform=platform, version=doc["version"], sha256=sha, size=size,
                            manifest=json.dumps(doc, ensure_ascii=False, sort_keys=True),
                            data=bytes(data) if data is not None else None))
    return doc


def releases(db: Database) -> list[dict]:
    with db.read() as s:
        rows = s.scalars(select(UpdateRelease).order_by(UpdateRelease.platform, UpdateRelease.id)).all()
        return [{**json.loads(r.manifest), "withdrawn_at": r.withdrawn_at.isoformat() + "Z" if r.withdrawn_at else None}
                for r in rows]


def withdraw(db: Database, platform: str, version: str) -> bool:
    with db.write() as s:
        row = s.scalars(select(UpdateRelease).where(UpdateRelease.platform == platform,
                                                    UpdateRelease.version == str(Version(version)))).first()
        if row is None:
            raise LookupError(f"没有 {platform} 的 {version} 版")
        changed = row.withdrawn_at is None
        row.withdrawn_at = row.withdrawn_at or utcnow()
        return changed


def latest(db: Database, platform: str) -> dict | None:
    """The signed manifest of the newest release (by version, not by date) for ``platform``."""
    with db.read() as s:
        rows = s.execute(select(UpdateRelease.version, UpdateRelease.manifest).where(
            UpdateRelease.platform == platform, UpdateRelease.withdrawn_at.is_(None))).all()
    if not rows:
        return None
    return json.loads(max(rows, key=lambda r: Version(r.version)).manifest)


def file_size(db: Database, sha256: str) -> int | None:
    """The size of a served file, or None when the server does not hold it."""
    with db.read() as s:
        return s.scalars(select(UpdateRelease.size).where(
            UpdateRelease.sha256 == sha256, UpdateRelease.data.is_not(None)).limit(1)).first()


def read_range(db: Database, sha256: str, start: int, length: int) -> bytes:
    """``length`` bytes from ``start`` (0-based), read in the database, not whole."""
    with db.read() as s:
        piece = s.scalars(select(func.substr(UpdateRelease.data, start + 1, length)).where(
            UpdateRelease.sha256 == sha256, UpdateRelease.data.is_not(None)).limit(1)).first()
    return bytes(piece or b"")
