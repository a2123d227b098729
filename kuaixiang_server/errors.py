"""API errors: an HTTP status, a code from the protocol's table and a Chinese message."""

from __future__ import annotations

from kuaixiang_core.wire import ERROR_STATUS, ErrorBody


class ApiError(Exception):
    def __init__(self, code: str, message: str, *, status: int | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status or ERROR_STATUS.get(code, 400)
        self.headers = headers or {}

    def body(self) -> dict:
        return ErrorBody(self.code, self.message).to_json()


def bad_request(message: str) -> ApiError:
    return ApiError("bad_request", message)
