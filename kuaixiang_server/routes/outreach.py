"""``GET /outreach/{item_id}``: the enterprises an item reaches city-wide, for an administrator.

A page at a time (``after`` the last id of the previous page, ``limit`` up to 5,000), with the
count; ``as_of`` a date (default today on the Asia/Shanghai clock). Only the ``admin`` role:
the list names enterprises of every county, which no hall's clerk needs. The 免申即享 sweep is
``kuaixiang-server admin sweep`` (a long job, not a request).
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from .. import outreach
from ..errors import ApiError, bad_request
from .common import Clerk

router = APIRouter()


def _int(value: str | None, name: str, default: int, high: int) -> int:
    if value is None:
        return default
    if not value.isdigit() or len(value) > 18 or int(value) > high:
        raise bad_request(f"{name} 应为 0 到 {high} 之间的整数")
    return int(value)


@router.get("/outreach/{item_id}")
async def item_outreach(request: Request, item_id: str, ctx: Clerk) -> dict:
    if ctx.role != "admin":
        raise ApiError("forbidden", "只有管理员可以查看全市的政策找企业名单")
    if len(item_id) > 64:
        raise bad_request("item_id 超过 64 个字符")
    q = request.query_params
    limit = _int(q.get("limit"), "limit", 50, outreach.MAX_PAGE)
    after = _int(q.get("after"), "after", 0, 2**63 - 1)
    as_of = None
    if q.get("as_of") is not None:
        try:
            as_of = dt.date.fromisoformat(q["as_of"][:10]) if len(q["as_of"]) == 10 else None
        except ValueError:
            as_of = None
        if as_of is None:
            raise bad_request("as_of 应为 YYYY-MM-DD 日期")
    try:
        return await run_in_threadpool(outreach.reach, request.app.state.db, item_id, as_of, limit=limit, after=after)
    except outreach.ItemNotFound as exc:
        raise ApiError("not_found", str(exc)) from None
