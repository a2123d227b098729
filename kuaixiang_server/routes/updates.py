"""``GET /updates/latest`` (the signed manifest of a platform's newest release) and
``GET /updates/files/{sha256}`` (the file, with ``Range`` for a resumed download); both for
logged-in devices only."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from kuaixiang_core.domain.update_manifest import PLATFORMS

from .. import updates
from ..errors import ApiError
from .common import Clerk

router = APIRouter()
_SHA = re.compile(r"^[0-9a-f]{64}$")
_RANGE = re.compile(r"^bytes=(\d{1,15})-(\d{0,15})$")


@router.get("/updates/latest")
async def latest(request: Request, _ctx: Clerk, platform: str) -> dict:
    if platform not in PLATFORMS:
        raise ApiError("bad_request", f"platform 应为 {'、'.join(PLATFORMS)} 之一")
    return {"manifest": await run_in_threadpool(updates.latest, request.app.state.db, platform)}


@router.get("/updates/files/{sha256}")
async def download(request: Request, _ctx: Clerk, sha256: str) -> StreamingResponse:
    if not _SHA.match(sha256):
        raise ApiError("bad_request", "文件地址应为 64 位小写十六进制的 SHA-256")
    db = request.app.state.db
    size = await run_in_threadpool(updates.file_size, db, sha256)
    if size is None:
        raise ApiError("not_found", "服务器上没有这个更新文件")
    start, end, status = 0, size - 1, 200
    header = request.headers.get("range")
    if header:
        m = _RANGE.match(header.strip())
        if not m:
            raise ApiError("bad_request", "Range 应为 bytes=起点-[终点]")
        start = int(m[1])
        end = min(int(m[2]), size - 1) if m[2] else size - 1
        if start >= size or end < start:
            raise ApiError("bad_request", f"Range 超出文件（{size} 字节）")  # not 416: the protocol's 4xx
        status = 206

    async def body():
        at = start
        while at <= end:
            piece = await run_in_threadpool(updates.read_range, db, sha256, at, min(updates.CHUNK, end + 1 - at))
            if not piece:
                return
            at += len(piece)
            yield piece

    headers = {"Content-Length": str(end + 1 - start), "Accept-Ranges": "bytes"}
    if status == 206:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return StreamingResponse(body(), status_code=status, headers=headers, media_type="application/octet-stream")
