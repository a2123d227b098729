"""What several routers share: the ``clerk`` dependency and the reading of a JSON body
checked against a wire schema.

A body is read as it streams, counted against its route's bound (``limits``; the
``BodyLimit`` middleware bounds it too, for routes that read otherwise), and parsed by
``untrusted.strict_json``: too deep, NaN, a lone surrogate or an integer beyond 2^63 is a
400 that says where, never a 500 (clients retry every 5xx).

Shared state lives on ``request.app.state`` (set by ``create_app``), never in module
globals, so two apps in one process (the tests, the desktop's demo server) stay apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from kuaixiang_core.untrusted import strict_json
from kuaixiang_core.wire import WireError

from .. import auth
from ..auth import AuthContext
from ..errors import ApiError
from ..limits import JSON_BODY, BodyTooLarge, body_limit

MAX_JSON_BODY = JSON_BODY

T = TypeVar("T")


async def clerk(request: Request) -> AuthContext:
    """The clerk behind the request's bearer token, or a 401.

    Also called directly, not only through ``Depends``: the attachment upload checks the
    token alongside reading its body (routes/attachments.py)."""
    return await run_in_threadpool(auth.authenticate, request.app.state.db, request.headers.get("authorization"))


Clerk = Annotated[AuthContext, Depends(clerk)]


async def json_body(request: Request) -> object:
    limit = body_limit(request.method, request.url.path)
    body = bytearray()
    async for piece in request.stream():
        body += piece
        if len(body) > limit:
            raise BodyTooLarge(limit)
    try:
        return strict_json.loads(bytes(body))
    except strict_json.JsonRejected as exc:
        raise ApiError("bad_request", f"请求体不是可接受的 JSON：{exc}") from None


def parse_wire(parse: Callable[[Any], T], data: Any) -> T:
    """``parse(data)`` with a schema error answered as a 400 that names the field."""
    try:
        return parse(data)
    except WireError as exc:
        raise ApiError("bad_request", f"请求内容有误：{exc}") from None
