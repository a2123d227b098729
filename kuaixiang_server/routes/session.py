"""Log-in, log-out and the list of registered devices."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from kuaixiang_core.wire import LoginRequest

from .. import auth
from .common import Clerk, json_body, parse_wire

router = APIRouter()


@router.post("/login")
async def login(request: Request) -> dict:
    req = parse_wire(LoginRequest.from_json, await json_body(request))
    # The address keys the log-in rate limit (with the user name).
    address = request.client.host if request.client else "unknown"
    state = request.app.state
    result = await run_in_threadpool(auth.login, state.db, state.settings, req, address)
    return result.to_json()


@router.post("/logout")
async def logout(request: Request, ctx: Clerk) -> dict:
    await run_in_threadpool(auth.logout, request.app.state.db, ctx)
    return {"revoked": True}


@router.get("/devices")
async def devices(request: Request, _ctx: Clerk) -> dict:
    return {"devices": await run_in_threadpool(auth.devices, request.app.state.db)}
