"""Downloading an update file: resumable (``Range`` from what a ``.part`` file holds), bounded
(never more bytes than the manifest's size), hashed as it arrives.

The file's URL is the manifest's: a path on the central server (the bearer token goes with
it) or a mirror's absolute address (no token: it is not the server). The transport rules of
the session apply to both (https, the pinned certificate).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from .client import SyncClient, TransientError, check_transport

CHUNK = 256 * 1024


class DownloadError(Exception):
    """The file could not be had whole; ``code``: cut, too_large, hash, disk, refused."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _same_origin(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port) == (pb.scheme, pb.hostname, pb.port)


def download(client: SyncClient, url: str, part: Path, *, size: int, sha256: str,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> Path:
    """Fetch ``url`` into ``part`` (appending to what it holds) until ``size`` bytes; check
    the SHA-256 of the whole. Returns ``part`` when it is complete and right; a wrong hash
    deletes it (the next attempt starts again). Raises DownloadError."""
    absolute = url if "://" in url else client.server + url
    check_transport(absolute, client.security)
    headers = {"Accept-Encoding": "identity"}
    if client.token and _same_origin(absolute, client.server):
        headers["Authorization"] = f"Bearer {client.token}"
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        part.unlink()
        have = 0
    if have < size:
        if have:
            headers["Range"] = f"bytes={have}-"
        try:
            with client._http.stream("GET", absolute, headers=headers) as resp:  # noqa: SLF001 - same package
                if resp.status_code not in (200, 206):
                    raise DownloadError(f"下载更新被拒绝（HTTP {resp.status_code}）", "refused")
                if resp.status_code == 200 and have:
                    have = 0  # the server ignored the range: start again
                with part.open("r+b" if have else "wb") as f:
                    f.seek(have)
                    f.truncate()
                    for piece in resp.iter_raw(CHUNK):
                        if have + len(piece) > size:
                            raise DownloadError(f"下载的文件比更新说明所写的 {size} 字节大：已放弃", "too_large")
                        f.write(piece)
                        have += len(piece)
                        if progress:
                            progress(have, size)
                        if cancelled and cancelled():
                            break
                    f.flush()
                    os.fsync(f.fileno())
        except OSError as exc:
            raise DownloadError(f"写入更新文件 {part} 失败：{exc.strerror}（磁盘已满？）", "disk") from exc
        except (httpx.HTTPError, TransientError) as exc:
            raise DownloadError(f"下载中断（已下载 {have} / {size} 字节，下次继续）：{type(exc).__name__}", "cut") from exc
    if have < size:
        raise DownloadError(f"下载中断（已下载 {have} / {size} 字节，下次继续）", "cut")
    digest = hashlib.sha256()
    with part.open("rb") as f:
        while piece := f.read(1024 * 1024):
            digest.update(piece)
    if digest.hexdigest() != sha256:
        part.unlink()
        raise DownloadError("下载的文件与更新说明的 SHA-256 不符（被改动或损坏）：已删除，未安装", "hash")
    return part
