"""A receipt's QR against the server's record (``POST /receipts/check``).

Any logged-in clerk may ask: an enterprise shows its receipt at whichever hall it walks
into. The answer gives away nothing the caller does not already hold:

- the receipt is found only by its number *and* its application's UUID, both printed on it,
  and only in the hall the number names (only that hall's devices can have brought the
  number: ``claims.check_receipt``). A caller who makes up or guesses either learns "unknown"
  and nothing else, the same answer as for a number that was never issued;
- for a receipt it holds, the server says its status (the status word is what the
  enterprise is told anyway) and, per field the QR claims, match or mismatch: never the
  value it has, nor the hall, clerk, window, agent or materials;
- whether its own evaluation gave another amount than the window claimed (``claims``): the
  enterprise's receipt names the window's figure, and the platform pays the server's.

The amount compared is the window's claim (``claimed_amount_fen``): that is what the window
signed and printed; the server's own figure is the last point above.
"""

from __future__ import annotations

from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain.clock import shanghai_date
from kuaixiang_core.wire_receipt import ReceiptAnswer, ReceiptClaim

from .claims import receipt_hall_and_day
from .db import Database
from .models import Application

__all__ = ["check"]


def check(db: Database, claim: ReceiptClaim) -> ReceiptAnswer:
    named = receipt_hall_and_day(claim.receipt_no)
    if named is None:
        return ReceiptAnswer(known=False)
    hall, day = named
    with db.read() as session:
        app = session.get(Application, {"id": claim.application_id, "hall_code": hall})
        if app is None or app.receipt_no != claim.receipt_no:
            return ReceiptAnswer(known=False)
        matches: dict[str, bool | None] = {
            "key_id": None if app.device_key_id is None else app.device_key_id == claim.key_id,
            "credit_code": app.credit_code == claim.credit_code,
            "item_id": app.item_id == claim.item_id,
            "amount_fen": app.claimed_amount_fen == claim.amount_fen,
            # The number is the record's own: its date is the hall's date of acceptance.
            "accepted_on": shanghai_date(claim.accepted_at) == day,
            "hall_code": app.hall_code == claim.hall_code,
        }
        # Evaluated at intake of the acceptance; a draft, or an evaluation without a figure,
        # cannot say.
        differs = None if app.server_trace_json is None or app.benefit_amount_fen is None \
            else app.benefit_amount_fen != app.claimed_amount_fen
        return ReceiptAnswer(True, app.status, states.STATUS_NAMES.get(app.status, app.status), matches, differs)
