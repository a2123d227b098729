"""``POST /receipts/check``: a receipt's QR claims, answered per field (kuaixiang_server/receipts.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from kuaixiang_core.wire_receipt import ReceiptClaim

from .. import receipts
from .common import Clerk, json_body, parse_wire

router = APIRouter()


@router.post("/receipts/check")
async def check_receipt(request: Request, _ctx: Clerk) -> dict:
    # Any hall's clerk: the enterprise may show its receipt anywhere (the answer says only
    # what the caller already holds, see receipts.py).
    claim = parse_wire(ReceiptClaim.from_json, await json_body(request))
    return (await run_in_threadpool(receipts.check, request.app.state.db, claim)).to_json()
