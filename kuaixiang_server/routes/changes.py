"""``GET /changes/{stream}``: one page of a change stream after a cursor."""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kuaixiang_core import wire
from kuaixiang_core.wire import STREAMS
from kuaixiang_core.wire_parts import PARAM as PARTS_PARAM
from kuaixiang_core.wire_parts import SINCE_PARAM, parse_parts_param
from kuaixiang_core.wire_search_keys import PARAM, parse_keys_param

from ..errors import ApiError
from ..streams import pull
from .common import Clerk

router = APIRouter()


@router.get("/changes/{stream}", response_model=None)
async def changes(request: Request, stream: str, ctx: Clerk) -> dict | Response:
    if stream not in STREAMS:
        raise ApiError("not_found", f"没有数据流「{stream}」；可用：{'、'.join(STREAMS)}")
    # Read by hand rather than declared as ``limit: int``: the protocol's own Chinese
    # messages, not FastAPI's validation text, and "limit=" means the default.
    params = request.query_params
    raw_limit = params.get("limit")
    try:
        limit = int(raw_limit) if raw_limit not in (None, "") else wire.DEFAULT_PAGE
    except ValueError:
        raise ApiError("bad_request", f"limit 应为整数，实际是 {raw_limit!r}") from None
    if not 1 <= limit <= wire.MAX_PAGE:
        raise ApiError("bad_request", f"limit 应在 1 到 {wire.MAX_PAGE} 之间，实际是 {limit}")
    try:
        keys = parse_keys_param(params.get(PARAM))
    except ValueError:
        raise ApiError("bad_request", f"keys 应为检索键版本号（正整数），实际是 {params.get(PARAM)[:20]!r}") from None
    try:
        parts = parse_parts_param(params.get(PARTS_PARAM))
    except ValueError:
        raise ApiError("bad_request",
                       f"parts 应为变更部分格式版本号（正整数），实际是 {params.get(PARTS_PARAM)[:20]!r}") from None
    state = request.app.state
    return await run_in_threadpool(_page, state.db, ctx, stream, params.get("after"), limit, keys, parts,
                                   params.get(SINCE_PARAM))


def _page(db, ctx, stream: str, after: str | None, limit: int, keys: int | None,
          parts: int | None, since: str | None) -> dict | Response:
    page = pull(db, ctx, stream, after, limit, keys, parts, since)
    if stream == "enterprises":
        # Its items are JSON types already (wire.enterprise_to_wire), so the body is made
        # here, off the event loop: FastAPI's jsonable_encoder walk of a page's ~30,000
        # values cost more than reading them from the database, and orjson makes the same
        # compact UTF-8 text as JSONResponse in a fifth of json.dumps's time.
        return Response(orjson.dumps(page.to_json()), media_type="application/json")
    return page.to_json()
