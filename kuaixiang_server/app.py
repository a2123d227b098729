"""The HTTP API of docs/sync-protocol.md (``/api/v1``) as a FastAPI application.

Bodies are bounded as they stream (``limits``), read as strict JSON and checked with the
shared wire schemas (kuaixiang_core.wire), so a bad body gets a 400 whose message names the
field, and a body too large a 413 before the rest of it is read. Every response, errors included,
carries ``X-Kuaixiang-Protocol: 1``; responses over 1 KB are gzip-compressed when asked.

The routes are in ``routes/`` (one router per resource); this module holds what is the
same for all of them: the error bodies, the protocol header and gzip.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kuaixiang_core import wire
from kuaixiang_core.untrusted.terminal import printable
from kuaixiang_core.wire import PROTOCOL_HEADER, PROTOCOL_VERSION

from . import __version__
from .applications import Intake
from .attachments import Uploads
from .config import Settings
from .db import Database, check_signing_key, head_revision
from .devices import signer_info
from .errors import ApiError
from .licences import LicenceResolver, resolver_from_env
from .limits import BodyLimit
from .routes import ROUTERS
from .routes.attachments import FLUSH_BYTES
from .routes.common import MAX_JSON_BODY
from .snapshots import Snapshots, SnapshotSettings

__all__ = ["FLUSH_BYTES", "MAX_JSON_BODY", "ProtocolMiddleware", "create_app"]

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
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
            # The path is the caller's (percent-decoded): escaped before it reaches a terminal.
            log.exception("unhandled error in %s %s", scope.get("method"), printable(scope.get("path", "")))
            if started:
                raise
            response = JSONResponse(wire.ErrorBody("internal", "服务器内部错误，请稍后重试").to_json(), status_code=500)
            await response(scope, receive, send_with_header)


async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    # Starlette's own 404/405 (no such route, wrong method) in the protocol's error shape.
    code = _STATUS_CODES.get(exc.status_code, "bad_request" if exc.status_code < 500 else "internal")
    message = {404: "没有这个地址", 405: "不支持此请求方法"}.get(exc.status_code, str(exc.detail))
    return JSONResponse(wire.ErrorBody(code, message).to_json(), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return JSONResponse(wire.ErrorBody("bad_request", f"参数有误：{where} {first.get('msg', '')}".strip()).to_json(),
                        status_code=400)


def create_app(settings: Settings, db: Database, *, licence_resolver: LicenceResolver | None = None) -> FastAPI:
    """The application over an open (migrated) database. Raises KeyMismatch when the
    certifying key is not the one the database's devices were certified with."""
    check_signing_key(db, signer_info(settings).key_id)
    app = FastAPI(title="政策快享 central server", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    # What the routes share, per app (two apps in one process keep theirs apart).
    app.state.settings = settings
    app.state.db = db
    app.state.intake = Intake(db, settings.key)
    app.state.uploads = Uploads(db, settings.upload_ttl)
    app.state.schema = head_revision()
    # 电子营业执照: none can be verified unless a resolver is configured (licences.py).
    app.state.licence_resolver = licence_resolver or resolver_from_env(settings.key)
    app.state.snapshots = Snapshots(db, SnapshotSettings.from_env(settings.data_dir), settings.signing_key)

    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)

    # Added first, so innermost: its own 413s still get gzip and the protocol header.
    app.add_middleware(BodyLimit)
    # Level 6: a page of 2,000 enterprises (3.6 MB of JSON) takes 73 ms at Starlette's
    # default 9 for 258 KB, 24 ms at 6 for 278 KB, 10 ms at 1 for 374 KB. The server's time
    # bounds a pull on a fast network, the bytes on a township's slow one: 6 gives back most
    # of the time and keeps the bytes within a tenth of the smallest.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(ProtocolMiddleware)
    return app
