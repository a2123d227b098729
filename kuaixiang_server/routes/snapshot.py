"""``GET /snapshot`` and ``GET /snapshot/{id}/chunks/{n}``: the registry and catalogue in bulk
for a new client (kuaixiang_server/snapshots.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from ..errors import ApiError
from .common import Clerk

router = APIRouter()


@router.get("/snapshot")
async def offer(request: Request, ctx: Clerk) -> dict:
    after = request.query_params.get("after")
    if after is not None and len(after) > 200:
        raise ApiError("bad_request", "after 游标过长")
    return await run_in_threadpool(request.app.state.snapshots.offer, after)


@router.get("/snapshot/{ident}/chunks/{n}")
async def chunk(request: Request, ident: str, n: str, ctx: Clerk) -> Response:
    if not n.isascii() or not n.isdigit() or len(n) > 9:
        raise ApiError("bad_request", f"块号应为整数，实际是 {n[:20]!r}")
    data = await run_in_threadpool(request.app.state.snapshots.chunk, ident, int(n))
    # Already compressed: the client asks for identity, so gzip is not spent on it again.
    return Response(content=data, media_type="application/octet-stream",
                    headers={"Cache-Control": "private, max-age=86400"})
