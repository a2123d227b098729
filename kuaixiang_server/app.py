"""The HTTP API of docs/sync-protocol.md (``/api/v1``) as a FastAPI application.

Bodies are read as JSON and checked with the shared wire schemas (kuaixiang_core.wire),
so a bad body gets a 400 whose message names the field. Every response, errors included,
carries ``X-Kuaixiang-Protocol: 1``; responses over 1 KB are gzip-compressed when asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kuaixiang_core import wire
from kuaixiang_core.wire import (
    MAX_ATTACHMENT_BYTES,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    STREAMS,
    UPLOAD_OFFSET_HEADER,
    LoginRequest,
    OutboxRequest,
    OutboxResponse,
    WireError,
    parse_content_range,
)

from . import __version__, attachments, auth
from .applications import Intake
from .auth import AuthContext
from .config import Settings
from .db import Database, head_revision
from .errors import ApiError
from .streams import pull

log = logging.getLogger(__name__)

FLUSH_BYTES = 256 * 1024  # an upload is written to the database in pieces of this size
MAX_JSON_BODY = 16 * 1024 * 1024  # 100 outbox entries with their traces fit many times over
_SHA = re.compile(r"^[0-9a-fA-F]{64}$")
_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 409: "conflict", 413: "too_large", 429: "rate_limited"}


class ProtocolMiddleware:
    """Adds the protocol header to every response and turns an unhandled error into a JSON
    500 (logged with the request line only: bodies may hold personal data)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_header(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_header)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = JSONResponse(wire.ErrorBody("internal", "服务器内部错误，请稍后重试").to_json(), status_code=500)
            await response(scope, receive, send_with_header)


def _error(exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def _json_body(request: Request) -> object:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_JSON_BODY:
        raise ApiError("too_large", f"请求体过大（最多 {MAX_JSON_BODY // (1024 * 1024)} MB）")
    body = await request.body()
    if len(body) > MAX_JSON_BODY:
        raise ApiError("too_large", f"请求体过大（最多 {MAX_JSON_BODY // (1024 * 1024)} MB）")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError("bad_request", "请求体不是有效的 JSON") from None


def _wire(parse, data):
    try:
        return parse(data)
    except WireError as exc:
        raise ApiError("bad_request", f"请求内容有误：{exc}") from None


def create_app(settings: Settings, db: Database) -> FastAPI:
    """The application over an open (migrated) database."""
    app = FastAPI(title="政策快享 central server", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.db = db
    intake = Intake(db, settings.key)
    schema = head_revision()

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "bad_request" if exc.status_code < 500 else "internal")
        message = {404: "没有这个地址", 405: "不支持此请求方法"}.get(exc.status_code, str(exc.detail))
        return JSONResponse(wire.ErrorBody(code, message).to_json(), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse(wire.ErrorBody("bad_request", f"参数有误：{where} {first.get('msg', '')}".strip()).to_json(),
                            status_code=400)

    async def clerk(request: Request) -> AuthContext:
        return await run_in_threadpool(auth.authenticate, db, request.headers.get("authorization"))

    @app.get("/api/v1/health")
    async def health() -> dict:
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "schema": schema, "version": __version__}

    @app.post("/api/v1/login")
    async def login(request: Request) -> dict:
        req = _wire(LoginRequest.from_json, await _json_body(request))
        address = request.client.host if request.client else "unknown"
        result = await run_in_threadpool(auth.login, db, settings, req, address)
        return result.to_json()

    @app.post("/api/v1/logout")
    async def logout(request: Request) -> dict:
        ctx = await clerk(request)
        await run_in_threadpool(auth.logout, db, ctx)
        return {"revoked": True}

    @app.get("/api/v1/devices")
    async def devices(request: Request) -> dict:
        await clerk(request)
        return {"devices": await run_in_threadpool(auth.devices, db)}

    @app.get("/api/v1/changes/{stream}")
    async def changes(request: Request, stream: str) -> dict:
        ctx = await clerk(request)
        if stream not in STREAMS:
            raise ApiError("not_found", f"没有数据流「{stream}」；可用：{'、'.join(STREAMS)}")
        params = request.query_params
        raw_limit = params.get("limit")
        try:
            limit = int(raw_limit) if raw_limit not in (None, "") else wire.DEFAULT_PAGE
        except ValueError:
            raise ApiError("bad_request", f"limit 应为整数，实际是 {raw_limit!r}") from None
        if not 1 <= limit <= wire.MAX_PAGE:
            raise ApiError("bad_request", f"limit 应在 1 到 {wire.MAX_PAGE} 之间，实际是 {limit}")
        page = await run_in_threadpool(pull, db, ctx, stream, params.get("after"), limit)
        return page.to_json()

    @app.post("/api/v1/outbox")
    async def outbox(request: Request) -> dict:
        ctx = await clerk(request)
        req = _wire(OutboxRequest.from_json, await _json_body(request))
        results = await run_in_threadpool(intake.process, ctx, req.entries)
        return OutboxResponse(results).to_json()

    def _sha(value: str) -> str:
        if not _SHA.match(value):
            raise ApiError("bad_request", f"附件地址应为 64 位十六进制的 SHA-256，实际是 {value[:80]!r}")
        return value.lower()

    @app.head("/api/v1/attachments/{sha256}")
    async def attachment_head(request: Request, sha256: str) -> Response:
        await clerk(request)
        st = await run_in_threadpool(attachments.state, db, _sha(sha256))
        headers = {UPLOAD_OFFSET_HEADER: str(st.offset)}
        if st.total is not None:
            headers["Upload-Length"] = str(st.total)
        return Response(status_code=200 if st.complete else 404, headers=headers)

    @app.put("/api/v1/attachments/{sha256}")
    async def attachment_put(request: Request, sha256: str) -> Response:
        sha = _sha(sha256)
        if not request.headers.get("authorization"):
            await clerk(request)  # answers 401 at once
        length_header = request.headers.get("content-length")
        length = int(length_header) if length_header and length_header.isdigit() else None
        range_header = request.headers.get("content-range")
        if range_header:
            rng = _wire(parse_content_range, range_header)
            start, total, expected = rng.start, rng.total, rng.length
            if length is not None and length != expected:
                raise ApiError("bad_request", f"Content-Length（{length}）与 Content-Range 的长度（{expected}）不一致")
        else:
            start, total, expected = 0, length, length
        limit_mb = MAX_ATTACHMENT_BYTES // (1024 * 1024)
        if (total is not None and total > MAX_ATTACHMENT_BYTES) or (length is not None and length > MAX_ATTACHMENT_BYTES):
            raise ApiError("too_large", f"附件过大：最多 {limit_mb} MB")

        async def prepare() -> tuple[AuthContext, attachments.UploadState]:
            ctx = await clerk(request)
            return ctx, await run_in_threadpool(attachments.state, db, sha)

        # The body is read from the first moment, while the token and the offset are checked
        # alongside: bytes that arrived before a cut connection are then kept (a server that
        # waited would find the connection gone and its buffered bytes dropped).
        checks = asyncio.ensure_future(prepare())
        ready: AuthContext | None = None
        already: attachments.UploadState | None = None

        async def checked() -> AuthContext:
            nonlocal ready, already
            if ready is None:
                ctx, current = await checks
                if current.complete:
                    already = current
                elif start != current.offset:
                    raise ApiError("conflict", f"上传位置应为 {current.offset}，实际是 {start}",
                                   headers={UPLOAD_OFFSET_HEADER: str(current.offset)})
                ready = ctx
            return ready

        buffer = bytearray()
        position, size = start, 0
        result: attachments.UploadState | None = None

        async def flush() -> attachments.UploadState:
            nonlocal position, buffer
            assert total is not None
            ctx = await checked()
            if already is not None:
                return already
            data = bytes(buffer)
            try:
                stored = await _append(ctx, sha, position, total, data)
            except attachments.OffsetMismatch as exc:
                raise ApiError("conflict", f"上传位置应为 {exc.offset}，实际是 {position}",
                               headers={UPLOAD_OFFSET_HEADER: str(exc.offset)}) from None
            except attachments.TotalMismatch as exc:
                raise ApiError("bad_request", str(exc)) from None
            except attachments.HashMismatch as exc:
                raise ApiError("hash_mismatch", str(exc)) from None
            position += len(data)
            buffer = bytearray()
            return stored

        try:
            try:
                async for piece in request.stream():
                    size += len(piece)
                    if size > (expected if expected is not None else MAX_ATTACHMENT_BYTES):
                        if expected is None:
                            raise ApiError("too_large", f"附件过大：最多 {limit_mb} MB")
                        raise ApiError("bad_request", f"请求体长于声明的 {expected} 字节")
                    buffer += piece
                    # What arrived is kept as it comes, so an upload cut off resumes from there.
                    if total is not None and len(buffer) >= FLUSH_BYTES:
                        result = await flush()
            except ClientDisconnect:
                if total is not None and buffer:
                    with contextlib.suppress(ApiError):
                        await flush()
                return Response(status_code=400)  # nobody is listening any more
            if total is None:  # no length given: the body is the whole file
                total = len(buffer)
            elif expected is not None and size != expected:
                raise ApiError("bad_request", f"请求体长度 {size} 与声明的 {expected} 字节不一致")
            if buffer or result is None:
                result = await flush()
            return _upload_response(result)
        finally:
            if not checks.done():
                checks.cancel()
            elif not checks.cancelled():
                checks.exception()  # retrieved: an error here was answered already, or is moot

    async def _append(ctx: AuthContext, sha: str, start: int, total: int, data: bytes) -> attachments.UploadState:
        try:
            return await run_in_threadpool(attachments.append, db, ctx, sha, start, total, data)
        except IntegrityError:  # two first chunks at once: the other one won
            return await run_in_threadpool(attachments.append, db, ctx, sha, start, total, data)

    def _upload_response(st: attachments.UploadState) -> JSONResponse:
        return JSONResponse(st.to_json(), status_code=200, headers={UPLOAD_OFFSET_HEADER: str(st.offset)})

    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(ProtocolMiddleware)
    return app
