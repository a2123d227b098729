"""``POST /outbox``: a batch of the client's queued entries, each answered on its own."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from kuaixiang_core.wire import OutboxRequest, OutboxResponse

from .common import Clerk, json_body, parse_wire

router = APIRouter()


@router.post("/outbox")
async def outbox(request: Request, ctx: Clerk) -> dict:
    req = parse_wire(OutboxRequest.from_json, await json_body(request))
    results = await run_in_threadpool(request.app.state.intake.process, ctx, req.entries)
    return OutboxResponse(results).to_json()
