"""The receipt check of docs/sync-protocol.md ("Receipts against the server's record").

``POST /receipts/check``: a clerk of any hall sends what a receipt's QR claims
(:class:`ReceiptClaim`) and the server answers whether it holds that receipt and, for each
other claimed field, only whether it matches (:class:`ReceiptAnswer`): never the value it
holds. A receipt is named by its number *and* its application's UUID, both printed on it:
a caller who guesses a number (hall, date, device, sequence) without holding the receipt
learns nothing, not even that it exists.

Strict ``from_json`` as in ``kuaixiang_core.wire``: a bad body raises
:class:`~kuaixiang_core.wire.WireError` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from .wire import WireError, _int, _obj, _str, format_time, parse_time

__all__ = ["MATCH_FIELDS", "ReceiptAnswer", "ReceiptClaim"]

# The QR's fields the server compares with its record, in the order a message names them.
MATCH_FIELDS = ("key_id", "credit_code", "item_id", "amount_fen", "accepted_on", "hall_code")
# domain/receipt_token: a key id is 40 bits in base32; the QR's strings are at most 254 bytes,
# but the server's columns are narrower, so a longer claim cannot match anything it holds.
_KEY_ID = re.compile(r"^[A-Z2-7]{8}$")
MAX_RECEIPT_NO, MAX_CREDIT_CODE, MAX_ITEM_ID, MAX_HALL_CODE = 64, 64, 64, 32
MAX_STATUS = 32
_EARLIEST, _LATEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC), dt.datetime(9000, 1, 1, tzinfo=dt.UTC)
_TIME_RANGE = "受理时间超出范围（应在 1970 年到 9000 年之间）"


@dataclass(frozen=True)
class ReceiptClaim:
    """What a receipt's QR says (``domain/receipt_token.ReceiptFields``), as sent to check it."""

    receipt_no: str
    application_id: str  # the UUID, canonical lower case
    key_id: str
    credit_code: str
    item_id: str
    amount_fen: int | None
    accepted_at: dt.datetime  # aware, UTC
    hall_code: str

    def to_json(self) -> dict:
        return {"receipt_no": self.receipt_no, "application_id": self.application_id, "key_id": self.key_id,
                "credit_code": self.credit_code, "item_id": self.item_id, "amount_fen": self.amount_fen,
                "accepted_at": format_time(self.accepted_at), "hall_code": self.hall_code}

    @classmethod
    def from_json(cls, data: object) -> ReceiptClaim:
        obj = _obj(data, "")
        app_id = _str(obj, "application_id", "", max_len=36) or ""
        try:
            if str(uuid.UUID(app_id)) != app_id:
                raise ValueError
        except ValueError:
            raise WireError("application_id", "应为小写的 UUID（8-4-4-4-12）") from None
        key_id = _str(obj, "key_id", "", max_len=8) or ""
        if not _KEY_ID.match(key_id):
            raise WireError("key_id", "应为 8 位设备密钥编号（大写字母 A–Z 与数字 2–7）")
        accepted = _str(obj, "accepted_at", "", max_len=40) or ""
        try:
            accepted_at = parse_time(accepted, "accepted_at")
        except OverflowError:  # an offset that moves year 1 or 9999 out of range
            raise WireError("accepted_at", _TIME_RANGE) from None
        # The QR carries Unix seconds (none before 1970), and the hall's date of a time near
        # the end of year 9999 is past what a date can hold.
        if not _EARLIEST <= accepted_at < _LATEST:
            raise WireError("accepted_at", _TIME_RANGE)
        return cls(
            receipt_no=_str(obj, "receipt_no", "", max_len=MAX_RECEIPT_NO) or "",
            application_id=app_id,
            key_id=key_id,
            credit_code=_str(obj, "credit_code", "", max_len=MAX_CREDIT_CODE) or "",
            item_id=_str(obj, "item_id", "", max_len=MAX_ITEM_ID) or "",
            amount_fen=_int(obj, "amount_fen", "", lo=0),
            accepted_at=accepted_at,
            hall_code=_str(obj, "hall_code", "", max_len=MAX_HALL_CODE) or "",
        )


@dataclass(frozen=True)
class ReceiptAnswer:
    """The server's word on a receipt. ``known``: it holds an application with this receipt
    number and UUID; then ``status`` (and its Chinese ``status_name``) and ``matches``: for
    each of :data:`MATCH_FIELDS`, True (the QR says what the record says), False, or None
    (the record cannot say: kept before the server noted the signing device).
    ``recomputed_amount_differs``: the server's own evaluation gave another amount than the
    window's (None: it could not recompute one). Unknown: everything else is empty."""

    known: bool
    status: str | None = None
    status_name: str | None = None
    matches: dict[str, bool | None] = field(default_factory=dict)
    recomputed_amount_differs: bool | None = None

    @property
    def mismatched(self) -> list[str]:
        return [name for name in MATCH_FIELDS if self.matches.get(name) is False]

    def to_json(self) -> dict:
        return {"known": self.known, "status": self.status, "status_name": self.status_name,
                "matches": {name: self.matches.get(name) for name in MATCH_FIELDS} if self.known else {},
                "recomputed_amount_differs": self.recomputed_amount_differs}

    @classmethod
    def from_json(cls, data: object) -> ReceiptAnswer:
        obj = _obj(data, "")
        known = obj.get("known")
        if not isinstance(known, bool):
            raise WireError("known", "应为 true 或 false")
        raw = _obj(obj.get("matches") if obj.get("matches") is not None else {}, "matches")
        matches: dict[str, bool | None] = {}
        for name in MATCH_FIELDS:
            value: Any = raw.get(name)
            if value is not None and not isinstance(value, bool):
                raise WireError(f"matches.{name}", "应为 true、false 或 null")
            matches[name] = value
        if known and set(raw) != set(MATCH_FIELDS):
            raise WireError("matches", f"应恰好含 {'、'.join(MATCH_FIELDS)}")
        differs = obj.get("recomputed_amount_differs")
        if differs is not None and not isinstance(differs, bool):
            raise WireError("recomputed_amount_differs", "应为 true、false 或 null")
        status = _str(obj, "status", "", required=known, max_len=MAX_STATUS)
        return cls(known, status, _str(obj, "status_name", "", required=False, max_len=MAX_STATUS),
                   matches if known else {}, differs if known else None)
