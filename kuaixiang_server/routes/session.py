"""Log-in, log-out, device challenges and the list of registered devices."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from kuaixiang_core.wire_session import LoginRequest

from .. import auth, devices
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


@router.post("/devices/challenge")
async def device_challenge(request: Request) -> dict:
    # No token: a device proves its key before its first log-in. Nothing is stored until the
    # challenge is used, so asking for many costs the server nothing but the answer.
    return devices.issue_challenge(request.app.state.settings).to_json()


@router.post("/logout")
async def logout(request: Request, ctx: Clerk) -> dict:
    await run_in_threadpool(auth.logout, request.app.state.db, ctx)
    return {"revoked": True}


@router.get("/devices")
async def device_list(request: Request, _ctx: Clerk) -> dict:
    state = request.app.state
    return (await run_in_threadpool(devices.device_list, state.db, state.settings)).to_json()
