"""``GET /health``: open to all, so a load balancer (or the client's first probe) learns
the protocol and schema revision without a log-in."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kuaixiang_core.wire import PROTOCOL_VERSION

from .. import __version__

router = APIRouter()


@router.get("/health")
async def health(request: Request) -> dict:
    return {"status": "ok", "protocol": PROTOCOL_VERSION, "schema": request.app.state.schema, "version": __version__}
