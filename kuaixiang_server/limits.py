"""Request bodies bounded as they stream, on every route, before a route looks at them.

A chunked ``POST /login`` carries no Content-Length; reading it whole before a size check let
1 GB grow the server by 2 GB, without a token. :class:`BodyLimit` (ASGI) answers a declared
length beyond the route's bound with 413 before the route runs, and counts the bytes a route
reads as they arrive: at the first byte past the bound it answers 413 with
``Connection: close``, and the rest is never read.

The bounds (docs/sync-protocol.md, "Limits"): log-in, log-out and a receipt check a few KB;
the outbox and any other JSON route 16 MB (100 entries with their traces fit many times
over); an attachment's PUT its 20 MB (the route checks the declared range itself); a method
without a body 64 KB.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kuaixiang_core.wire import API_PREFIX, MAX_ATTACHMENT_BYTES

from .errors import ApiError

__all__ = ["JSON_BODY", "LICENCE_BODY", "LOGIN_BODY", "NO_BODY", "RECEIPT_BODY", "BodyLimit", "BodyTooLarge", "body_limit"]

LOGIN_BODY = 16 * 1024  # user name 100, password 1,000, device ~500 characters, each \uXXXX at worst
JSON_BODY = 16 * 1024 * 1024
RECEIPT_BODY = 8 * 1024  # eight fields of at most 64 characters, each \uXXXX at worst
LICENCE_BODY = 16 * 1024  # a code of at most 2,048 characters, each \uXXXX at worst
NO_BODY = 64 * 1024  # GET, HEAD, DELETE, OPTIONS: nothing reads one
_EXACT = {
    ("POST", f"{API_PREFIX}/login"): LOGIN_BODY,
    ("POST", f"{API_PREFIX}/logout"): LOGIN_BODY,
    ("POST", f"{API_PREFIX}/outbox"): JSON_BODY,
    ("POST", f"{API_PREFIX}/receipts/check"): RECEIPT_BODY,
    ("POST", f"{API_PREFIX}/licences/resolve"): LICENCE_BODY,
}
_PREFIXED = ((("PUT", f"{API_PREFIX}/attachments/"), MAX_ATTACHMENT_BYTES),)
_BODYLESS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})


def body_limit(method: str, path: str) -> int:
    """The most bytes a request's body may have on this route."""
    exact = _EXACT.get((method, path.rstrip("/")))
    if exact is not None:
        return exact
    for (m, prefix), limit in _PREFIXED:
        if method == m and path.startswith(prefix):
            return limit
    return NO_BODY if method in _BODYLESS else JSON_BODY


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


class BodyTooLarge(ApiError):
    """A 413 that also ends the connection: what the client still sends is not read."""

    def __init__(self, limit: int):
        super().__init__("too_large", f"请求体过大：此地址最多 {_size(limit)}", headers={"Connection": "close"})


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            # The HTTP parser has checked it is digits; a length too long to read is too large.
            return int(value) if len(value) <= 18 else 10**18
    return None


class BodyLimit:
    """Bounds every request body by :func:`body_limit` of its route."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["method"], scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(BodyTooLarge(limit), scope, receive, send)
            return
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the route's read: the app's ApiError handler answers it.
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, watched_send)
        except BodyTooLarge as exc:
            # Read somewhere the app's handlers do not reach (a middleware, a background read).
            if started:
                raise
            await self._refuse(exc, scope, receive, send)

    @staticmethod
    async def _refuse(exc: BodyTooLarge, scope: Scope, receive: Receive, send: Send) -> None:
        await JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)(scope, receive, send)
