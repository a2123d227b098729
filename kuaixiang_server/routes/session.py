"""Log-in, log-out, device challenges and the list of registered devices."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
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
async def device_list(request: Request, _ctx: Clerk) -> Response:
    state = request.app.state
    body, tag = await run_in_threadpool(devices.device_list_body, state.db, state.settings)
    if tag_matches(request.headers.get("If-None-Match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    return Response(body, media_type="application/json", headers={"ETag": tag})


def tag_matches(if_none_match: str | None, tag: str) -> bool:
    """RFC 9110 §13.1.2: the weak comparison, since a proxy that compresses the answer (nginx
    with gzip) sends it on as ``W/"…"``; a bounded header, at most 16 tags looked at."""
    if not if_none_match or len(if_none_match) > 2048:
        return False
    for candidate in if_none_match.split(",")[:16]:
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == tag:
            return True
    return False
