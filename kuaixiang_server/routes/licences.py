"""``POST /licences/resolve``: a 电子营业执照 code → the enterprise, for a logged-in clerk
(kuaixiang_server/licences.py says what can and cannot be verified here)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from .. import licences
from ..errors import ApiError
from .common import Clerk, json_body

router = APIRouter()


@router.post("/licences/resolve")
async def resolve_licence(request: Request, _ctx: Clerk) -> dict:
    body = await json_body(request)
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code.strip():
        raise ApiError("bad_request", "参数有误：code 应为电子营业执照码文本")
    if len(code) > licences.MAX_CODE or any(ord(ch) < 32 for ch in code):
        raise ApiError("bad_request", f"参数有误：code 应为不超过 {licences.MAX_CODE} 个字符的一行文本")
    state = request.app.state
    answer = await run_in_threadpool(licences.resolve, state.db, state.licence_resolver, code.strip())
    return answer.to_json()
