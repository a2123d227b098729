"""Material attachments: checked by content, size-limited, kept by sha256 in the data dir.

A file's name says nothing about what it is, and clerks receive files named anything (paths,
``..``, 300 characters, bytes that are not UTF-8); the name is kept only as a label, cleaned,
and never used to build a path.

At rest the scans (ID cards, licences) are encrypted like the agent's data: AES-GCM under a
key in the OS keyring (``agent_crypto.FILE_KEY_NAME``), the file's SHA-256 bound in as
associated data. A file is still addressed by the SHA-256 of its *plain* bytes, which is what
the server is told and what it checks, so :func:`read_plain` decrypts before an upload.
Files stored by earlier versions are plain: they stay readable (every reader goes through
:func:`read_plain`, which tells the two apart by the first bytes, since no accepted type
starts with ``KXA1``) and :func:`seal_plain_files` encrypts them in place (``kuaixiang init``
and the window's start run it). Folders are 0700 and files 0600 (``paths``).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..paths import DIR_MODE, data_dir, private_dir, tighten_mode, write_private
from . import agent_crypto

SEALED = b"KXA1"  # kuaixiang attachment, format 1: SEALED ‖ nonce ‖ AES-GCM ciphertext
_SHA = re.compile(r"^[0-9a-f]{64}$")

MAX_BYTES = 20 * 1024 * 1024
ACCEPTED = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "application/ofd": "OFD"}


class AttachmentRejected(ValueError):
    pass


class AttachmentUnreadable(ValueError):
    """The stored file is there but is not the one its address names: it does not decrypt
    (another key, changed bytes) or its plain bytes hash to something else."""


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
    return private_dir(data_dir() / "attachments")


def path_for(sha256: str) -> Path:
    return store_dir() / sha256[:2] / sha256


def _is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SEALED)) == SEALED
    except FileNotFoundError:
        return False


def _sealed(data: bytes, sha256: str) -> bytes:
    return SEALED + agent_crypto.seal(data, sha256, agent_crypto.FILE_KEY_NAME)


def read_plain(sha256: str) -> bytes:
    """The plain bytes of the stored file ``sha256`` (decrypted, or as an earlier version left
    it), checked against the address. FileNotFoundError / OSError when it cannot be read,
    :class:`AttachmentUnreadable` when it is not what the address says."""
    raw = path_for(sha256).read_bytes()
    if raw.startswith(SEALED):
        try:
            data = agent_crypto.unseal(raw[len(SEALED):], sha256, agent_crypto.FILE_KEY_NAME)
        except agent_crypto.DecryptError:
            raise AttachmentUnreadable("本地附件无法解密（密钥不符或文件被改动）") from None
    else:
        data = raw
    if hashlib.sha256(data).hexdigest() != sha256:
        raise AttachmentUnreadable("本地附件文件已损坏（SHA-256 与记录不符）")
    return data


def seal_plain_files() -> int:
    """Encrypt in place every file an earlier version stored in plain (and make the store's
    folders owner-only); the number encrypted. A file whose bytes do not match its address is
    left as it is (the upload reports it)."""
    root = store_dir()
    sealed = 0
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        tighten_mode(folder, DIR_MODE)
        for path in sorted(folder.iterdir()):
            if not _SHA.match(path.name) or _is_sealed(path):
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != path.name:
                continue
            write_private(path, _sealed(data, path.name))
            sealed += 1
    return sealed


def stored_copy(source: Path) -> StoredFile | None:
    """``source`` when it is a file of our own store (a capture of the document camera is
    stored at once and never written in plain: filing finds it here again), else None."""
    if not _SHA.match(source.name) or source.resolve() != path_for(source.name).resolve():
        return None
    try:
        data = read_plain(source.name)
    except (FileNotFoundError, AttachmentUnreadable) as exc:
        raise AttachmentRejected(f"本地附件无法读取：{exc}") from None
    return StoredFile(source.name, len(data), sniff(data[:16], data) or "", clean_name("高拍仪拍摄.jpg"), source)


def store_file(source: Path | str, label: str | bytes | None = None) -> StoredFile:
    source = Path(source)
    own = stored_copy(source)
    if own is not None:
        return own
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
    if not _is_sealed(target):  # new, or left in plain by an earlier version
        private_dir(target.parent)
        # Whole or nothing: a full disk raises OSError naming the file and leaves no part.
        write_private(target, _sealed(data, digest))
    return StoredFile(digest, len(data), mime, clean_name(label), target)
