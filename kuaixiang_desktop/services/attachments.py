"""Material attachments: checked by content, size-limited, kept by sha256 in the data dir.

A file's name says nothing about what it is, and clerks receive files named anything (paths,
``..``, 300 characters, bytes that are not UTF-8); the name is kept only as a label, cleaned,
and never used to build a path.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..paths import data_dir

MAX_BYTES = 20 * 1024 * 1024
ACCEPTED = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "application/ofd": "OFD"}


class AttachmentRejected(ValueError):
    pass


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    mime: str
    original_name: str
    path: Path


def sniff(head: bytes, whole: bytes | None = None) -> str | None:
    """The MIME type by content: PDF, JPEG, PNG, or OFD (a zip whose root holds OFD.xml)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(whole)) as z:
                if "OFD.xml" in z.namelist():
                    return "application/ofd"
        except zipfile.BadZipFile:
            return None
    return None


def clean_name(name: str | bytes) -> str:
    if isinstance(name, bytes):
        name = os.fsdecode(name) if os.name != "nt" else name.decode("utf-8", "replace")
    name = name.encode("utf-8", "replace").decode("utf-8", "replace")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:100] + "…" + dot + ext[:10]) if dot and len(ext) <= 10 else name[:120]
    return name or "附件"


def store_dir() -> Path:
    path = data_dir() / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(sha256: str) -> Path:
    return store_dir() / sha256[:2] / sha256


def store_file(source: Path | str, label: str | bytes | None = None) -> StoredFile:
    source = Path(source)
    try:
        size = source.stat().st_size
    except FileNotFoundError:
        raise AttachmentRejected(f"文件不存在：{source}") from None
    if size > MAX_BYTES:
        raise AttachmentRejected(f"文件过大：{size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB")
    if size == 0:
        raise AttachmentRejected("文件是空的")
    data = source.read_bytes()
    return store_bytes(data, label if label is not None else os.fsencode(source.name))


def store_bytes(data: bytes, label: str | bytes) -> StoredFile:
    if len(data) > MAX_BYTES:
        raise AttachmentRejected(f"文件过大：{len(data) / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB")
    mime = sniff(data[:16], data)
    if mime is None:
        raise AttachmentRejected("只接受 PDF、JPEG、PNG 或 OFD 文件（按内容判断，与扩展名无关）")
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
    return StoredFile(digest, len(data), mime, clean_name(label), target)
