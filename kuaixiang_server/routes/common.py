"""What several routers share: the ``clerk`` dependency and the reading of a JSON body
checked against a wire schema.

Shared state lives on ``request.app.state`` (set by ``create_app``), never in module
globals, so two apps in one process (the tests, the desktop's demo server) stay apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from kuaixiang_core.wire import WireError

from .. import auth
from ..auth import AuthContext
from ..errors import ApiError

MAX_JSON_BODY = 16 * 1024 * 1024  # 100 outbox entries with their traces fit many times over

T = TypeVar("T")


async def clerk(request: Request) -> AuthContext:
    """The clerk behind the request's bearer token, or a 401.

    Also called directly, not only through ``Depends``: the attachment upload checks the
    token alongside reading its body (routes/attachments.py)."""
    return await run_in_threadpool(auth.authenticate, request.app.state.db, request.headers.get("authorization"))


Clerk = Annotated[AuthContext, Depends(clerk)]


async def json_body(request: Request) -> object:
    # The declared length is checked first so an oversized body is refused unread.
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


def parse_wire(parse: Callable[[Any], T], data: Any) -> T:
    """``parse(data)`` with a schema error answered as a 400 that names the field."""
    try:
        return parse(data)
    except WireError as exc:
        raise ApiError("bad_request", f"请求内容有误：{exc}") from None
