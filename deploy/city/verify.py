"""After a load run: were all applications the windows were told were delivered kept exactly once?

The ledger (deploy/city/locustfile.py, ``KX_LEDGER``) lists every application a simulated window
filed and the final answer it got. Against the database:

- **lost**: answered ``applied`` or ``duplicate``, but no row of that UUID in the window's hall;
- **duplicated**: a UUID with more than one row, or an enterprise and item with more than one
  open (``blocking``) application; the partial unique index should make the second impossible,
  and this checks that it did;
- **unacknowledged**: a row made during the run whose UUID no window was told about (a push
  whose answer was lost in transit and never repeated), reported, not an error by itself;
- **attachments missing**: a material's SHA-256 named by a delivered application with no
  complete attachment row.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

DELIVERED = ("applied", "duplicate")

_ROWS = text("SELECT id, hall_code FROM application WHERE id = ANY(:ids)")
_SAME_ID_TWICE = text("SELECT id FROM application WHERE id = ANY(:ids) GROUP BY id HAVING count(*) > 1")
_OPEN_TWICE = text(
    "SELECT credit_code, item_id FROM application WHERE blocking GROUP BY credit_code, item_id HAVING count(*) > 1"
)
_MADE_SINCE = text("SELECT id FROM application WHERE created_at >= :since")
_MATERIALS = text("SELECT materials_json FROM application WHERE id = ANY(:ids)")
_PRESENT = text("SELECT sha256 FROM attachment WHERE sha256 = ANY(:shas) AND data IS NOT NULL")


@dataclass
class Verdict:
    filed: int
    delivered: int
    undelivered: int
    rows: int
    lost: list[str]
    duplicated_ids: list[str]
    duplicated_open: list[tuple[str, str]]
    unacknowledged: int
    attachments_missing: list[str]

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated_ids or self.duplicated_open or self.attachments_missing)

    def to_json(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def verify(conn: Connection, ledger: list[dict], since: dt.datetime) -> Verdict:
    """``since``: when the run began (UTC, naive as the server stores it)."""
    delivered = {(e["id"], e["hall"]) for e in ledger if e["outcome"] in DELIVERED}
    ids = sorted({e["id"] for e in ledger})
    rows = {(r.id, r.hall_code) for r in conn.execute(_ROWS, {"ids": ids})}
    shas = set()
    for (materials_json,) in conn.execute(_MATERIALS, {"ids": sorted(i for i, _ in delivered)}):
        shas.update(m["attachment_sha256"] for m in json.loads(materials_json) if m.get("attachment_sha256"))
    present = set(conn.scalars(_PRESENT, {"shas": sorted(shas)}))
    made = set(conn.scalars(_MADE_SINCE, {"since": since}))
    return Verdict(
        filed=len(ledger),
        delivered=len(delivered),
        undelivered=len(ledger) - len(delivered),
        rows=len(rows),
        lost=sorted(f"{i}@{h}" for i, h in delivered - rows),
        duplicated_ids=sorted(conn.scalars(_SAME_ID_TWICE, {"ids": ids})),
        duplicated_open=[tuple(r) for r in conn.execute(_OPEN_TWICE)],
        unacknowledged=len(made - set(ids)),
        attachments_missing=sorted(shas - present),
    )
