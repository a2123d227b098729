"""``HEAD`` and ``PUT /attachments/{sha256}``: resumable uploads addressed by content.

The storage side (each clerk's upload sessions, offsets, expiry, the hash check) is
``kuaixiang_server.attachments``; this is the HTTP side: headers, the streamed body, and
what arrived before a cut connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import re

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect

from kuaixiang_core.wire import (
    MAX_ATTACHMENT_BYTES,
    UPLOAD_OFFSET_HEADER,
    parse_content_range,
)

from .. import attachments
from ..attachments import UploadState
from ..auth import AuthContext
from ..errors import ApiError
from .common import Clerk, clerk, parse_wire

FLUSH_BYTES = 256 * 1024  # an upload is written to the database in pieces of this size
_LIMIT_MB = MAX_ATTACHMENT_BYTES // (1024 * 1024)
_SHA = re.compile(r"^[0-9a-fA-F]{64}$")

router = APIRouter()


def _sha(value: str) -> str:
    if not _SHA.match(value):
        raise ApiError("bad_request", f"附件地址应为 64 位十六进制的 SHA-256，实际是 {value[:80]!r}")
    return value.lower()


@router.head("/attachments/{sha256}")
async def attachment_head(request: Request, sha256: str, ctx: Clerk) -> Response:
    # The caller's own partial upload only: another clerk's offset is none of theirs.
    st = await run_in_threadpool(request.app.state.uploads.state, ctx, _sha(sha256))
    headers = {UPLOAD_OFFSET_HEADER: str(st.offset)}
    if st.total is not None:
        headers["Upload-Length"] = str(st.total)
    return Response(status_code=200 if st.complete else 404, headers=headers)


@router.put("/attachments/{sha256}")
async def attachment_put(request: Request, sha256: str) -> Response:
    # Not ``Depends(clerk)``: that would finish the token check before the first byte of
    # the body is read. The upload checks the token (with the same ``clerk``) alongside
    # reading, so bytes that arrived before a cut connection are kept; a server that
    # waited would find the connection gone and its buffered bytes dropped.
    sha = _sha(sha256)
    if not request.headers.get("authorization"):
        await clerk(request)  # without a token it cannot succeed: 401 at once, nothing read
    return await AttachmentUpload(request, sha).run()


class AttachmentUpload:
    """One PUT: the whole file, or the piece a ``Content-Range`` names.

    What arrives is written in pieces of ``FLUSH_BYTES`` as it comes, so an upload cut off
    resumes from the last piece written rather than from the start."""

    def __init__(self, request: Request, sha: str):
        self.request = request
        self.uploads: attachments.Uploads = request.app.state.uploads
        self.sha = sha
        # start: where this body begins in the file; total: the file's size (None: not
        # declared, the body is the whole file); expected: this body's declared length.
        self.start, self.total, self.expected = self.span(request.headers)
        self.position = self.start  # where the buffer's first byte goes
        self.buffer = bytearray()
        self.size = 0  # bytes of the body read so far
        self.result: UploadState | None = None
        self._checks: asyncio.Future[tuple[AuthContext, UploadState]] | None = None
        self._ctx: AuthContext | None = None
        self._already: UploadState | None = None  # the file was complete before this PUT

    @staticmethod
    def span(headers: Headers) -> tuple[int, int | None, int | None]:
        """(start, total, expected) from Content-Length and Content-Range; refuses a body
        that cannot fit before any of it is read."""
        length_header = headers.get("content-length")
        length = int(length_header) if length_header and length_header.isdigit() else None
        range_header = headers.get("content-range")
        if range_header:
            rng = parse_wire(parse_content_range, range_header)
            start, total, expected = rng.start, rng.total, rng.length
            if length is not None and length != expected:
                raise ApiError("bad_request", f"Content-Length（{length}）与 Content-Range 的长度（{expected}）不一致")
        else:
            start, total, expected = 0, length, length
        if (total is not None and total > MAX_ATTACHMENT_BYTES) or (length is not None and length > MAX_ATTACHMENT_BYTES):
            raise ApiError("too_large", f"附件过大：最多 {_LIMIT_MB} MB")
        return start, total, expected

    async def run(self) -> Response:
        self._checks = asyncio.ensure_future(self._prepare())
        try:
            try:
                await self.receive()
            except ClientDisconnect:
                await self.keep_what_arrived()
                return Response(status_code=400)  # nobody is listening any more
            return await self.finish()
        finally:
            self._settle_checks()

    async def _prepare(self) -> tuple[AuthContext, UploadState]:
        ctx = await clerk(self.request)
        return ctx, await run_in_threadpool(self.uploads.state, ctx, self.sha)

    async def checked(self) -> AuthContext:
        """The clerk, once the token and the offset have passed; waits for the checks
        started with the upload. Nothing is written before this."""
        if self._ctx is None:
            assert self._checks is not None
            ctx, current = await self._checks
            if current.complete:
                self._already = current
            elif self.start != current.offset:
                raise ApiError("conflict", f"上传位置应为 {current.offset}，实际是 {self.start}",
                               headers={UPLOAD_OFFSET_HEADER: str(current.offset)})
            self._ctx = ctx
        return self._ctx

    async def receive(self) -> None:
        async for piece in self.request.stream():
            self.size += len(piece)
            if self.size > (self.expected if self.expected is not None else MAX_ATTACHMENT_BYTES):
                if self.expected is None:
                    raise ApiError("too_large", f"附件过大：最多 {_LIMIT_MB} MB")
                raise ApiError("bad_request", f"请求体长于声明的 {self.expected} 字节")
            self.buffer += piece
            # Without a declared total nothing can be written before the end (the total
            # is what the storage checks every piece against).
            if self.total is not None and len(self.buffer) >= FLUSH_BYTES:
                self.result = await self.flush()

    async def keep_what_arrived(self) -> None:
        # The answer goes nowhere, so an error here (say a wrong offset) has no one to tell.
        if self.total is not None and self.buffer:
            with contextlib.suppress(ApiError):
                await self.flush()

    async def finish(self) -> Response:
        if self.total is None:  # no length given: the body is the whole file
            self.total = len(self.buffer)
        elif self.expected is not None and self.size != self.expected:
            raise ApiError("bad_request", f"请求体长度 {self.size} 与声明的 {self.expected} 字节不一致")
        # An empty body still writes once: it may complete an upload, and it answers the state.
        if self.buffer or self.result is None:
            self.result = await self.flush()
        return self.response(self.result)

    async def flush(self) -> UploadState:
        """Writes the buffer at ``position``; the storage's refusals become API errors."""
        assert self.total is not None
        ctx = await self.checked()
        if self._already is not None:
            return self._already
        data = bytes(self.buffer)
        try:
            stored = await self._append(ctx, data)
        except attachments.OffsetMismatch as exc:
            raise ApiError("conflict", f"上传位置应为 {exc.offset}，实际是 {self.position}",
                           headers={UPLOAD_OFFSET_HEADER: str(exc.offset)}) from None
        except attachments.TotalMismatch as exc:
            raise ApiError("bad_request", str(exc)) from None
        except attachments.HashMismatch as exc:
            raise ApiError("hash_mismatch", str(exc)) from None
        except attachments.TooManyUploads as exc:
            raise ApiError("rate_limited", f"未完成的上传过多（最多 {self.uploads.max_open} 个）："
                                           "请先完成已开始的上传，或等待其过期",
                           headers={"Retry-After": str(exc.retry_after)}) from None
        self.position += len(data)
        self.buffer = bytearray()
        return stored

    async def _append(self, ctx: AuthContext, data: bytes) -> UploadState:
        assert self.total is not None
        args = (ctx, self.sha, self.position, self.total, data)
        try:
            return await run_in_threadpool(self.uploads.append, *args)
        except IntegrityError:  # two first chunks (or two completions) at once: the other one won
            return await run_in_threadpool(self.uploads.append, *args)

    @staticmethod
    def response(st: UploadState) -> JSONResponse:
        return JSONResponse(st.to_json(), status_code=200, headers={UPLOAD_OFFSET_HEADER: str(st.offset)})

    def _settle_checks(self) -> None:
        checks = self._checks
        if checks is None:
            return
        if not checks.done():
            checks.cancel()
        elif not checks.cancelled():
            checks.exception()  # retrieved: an error here was answered already, or is moot
