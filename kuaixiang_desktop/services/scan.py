"""Where a scan goes.  A keyboard-wedge scanner types what it reads and presses Enter; the
window hands the text here (in a worker) and shows what comes back:

* our own receipt's QR (``KX1.…``, genuine: services/receipt_verify): the application it
  was issued for — the enterprise came back to ask how it is going;
* a receipt whose signature and device hold but whose application this client does not hold
  (another window's): the enterprise, with a message that the receipt could not be confirmed;
* a receipt QR that does not verify: why (altered, another system's, unknown device, a device
  of another hall), and nothing is opened;
* anything else: :func:`.lookup.lookup` (a credit code opens the enterprise, an opaque
  business-licence link says what to scan instead, a name searches).
"""

from __future__ import annotations

from dataclasses import dataclass

from kuaixiang_core.domain import receipt_token

from ..store.database import Database
from .lookup import Lookup, lookup
from .receipts import verify


@dataclass(frozen=True, slots=True)
class ReceiptScan:
    """A receipt QR: ``application_id`` is set when this client holds that application."""

    text: str
    valid: bool
    message: str | None = None
    application_id: str | None = None
    credit_code: str | None = None
    receipt_no: str | None = None


def is_receipt_text(text: str) -> bool:
    return text.strip().upper().startswith(receipt_token.PREFIX[:2]) and "." in text[:6]


def route(db: Database, text: str, limit: int = 20) -> Lookup | ReceiptScan:
    text = text.strip()
    if not is_receipt_text(text):
        return lookup(db, text, limit)
    checked = verify(db, text)
    receipt = checked.receipt
    if checked.verdict == "unconfirmed" and receipt is not None:
        return ReceiptScan(
            text, True,
            message=(f"回执 {receipt.receipt_no} 的签名有效，但{checked.error}；"
                     f"已打开企业 {receipt.credit_code}，申请进度请在同步后查看。"),
            credit_code=receipt.credit_code, receipt_no=receipt.receipt_no,
        )
    if not checked.valid or receipt is None:
        return ReceiptScan(text, False, message=f"这不是一张有效的政策快享回执二维码：{checked.error}")
    return ReceiptScan(text, True, application_id=receipt.application_id, credit_code=receipt.credit_code,
                       receipt_no=receipt.receipt_no)
