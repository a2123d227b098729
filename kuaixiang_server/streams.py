"""Pull: one page of a stream after a cursor (docs/sync-protocol.md, "Pull")."""

from __future__ import annotations

from sqlalchemy import select

from kuaixiang_core.domain.search_keys import KEYS_VERSION
from kuaixiang_core.wire import ChangePage
from kuaixiang_core.wire_parts import VERSIONS as PARTS_VERSIONS

from .applications import states_json
from .auth import AuthContext
from .catalogue import fact_item, policy_item
from .changes import decode_cursor, encode_cursor
from .db import Database
from .enterprises import enterprise_page
from .errors import ApiError
from .models import Application, FactDefinition, PolicyDocument, PolicyItem, PolicyItemVersion, Rating
from .ratings import page_json


def pull(db: Database, ctx: AuthContext, stream: str, cursor: str | None, limit: int,
         keys: int | None = None, parts: int | None = None, since: str | None = None) -> ChangePage:
    """``keys``: the search keys version the client asked for; enterprise items carry the
    server's keys only when it is this server's (kuaixiang_core/wire_search_keys).
    ``parts``: the changed-parts version the client asked for; enterprise items carry only
    their changed parts when it is one this server knows, and a cursor is given (a pull from the start
    has nothing to leave out) (kuaixiang_core/wire_parts). ``since``: the cursor the parts are
    counted from (wire_parts.SINCE_PARAM), of the same stream and not after ``cursor``."""
    after = decode_cursor(stream, cursor)
    base = after
    if since is not None and stream == "enterprises":
        base = decode_cursor(stream, since)
        if base > after:
            raise ApiError("bad_request", f"since 不能晚于 after：{since[:80]!r}")
    with db.read() as session:
        if stream == "facts":
            rows = list(session.scalars(
                select(FactDefinition).where(FactDefinition.change_seq > after)
                .order_by(FactDefinition.change_seq).limit(limit + 1)
            ))
            seqs = [r.change_seq for r in rows]
            items = [fact_item(r) for r in rows[:limit]]
        elif stream == "policies":
            found = session.execute(
                select(PolicyItemVersion, PolicyItem, PolicyDocument)
                .join(PolicyItem, PolicyItem.id == PolicyItemVersion.item_id)
                .join(PolicyDocument, PolicyDocument.id == PolicyItem.document_id)
                .where(PolicyItemVersion.change_seq > after)
                .order_by(PolicyItemVersion.change_seq).limit(limit + 1)
            ).all()
            seqs = [v.change_seq for v, _i, _d in found]
            items = [policy_item(v, i, d) for v, i, d in found[:limit]]
        elif stream == "enterprises":
            seqs, items = enterprise_page(session, after, limit, keys=keys == KEYS_VERSION,
                                          parts=parts if parts in PARTS_VERSIONS and base > 0 else None, base=base)
        elif stream == "applications":
            apps = list(session.scalars(
                select(Application)
                .where(Application.hall_code == ctx.hall_code, Application.change_seq > after)
                .order_by(Application.change_seq).limit(limit + 1)
            ))
            seqs = [a.change_seq for a in apps]
            items = states_json(session, apps[:limit])
        elif stream == "ratings":
            rows = list(session.scalars(
                select(Rating)
                .where(Rating.hall_code == ctx.hall_code, Rating.change_seq > after)
                .order_by(Rating.change_seq).limit(limit + 1)
            ))
            seqs = [r.change_seq for r in rows]
            items = page_json(session, rows[:limit])
        else:  # pragma: no cover - the route checks the name
            raise ValueError(stream)
    has_more = len(seqs) > limit
    last = seqs[:limit][-1] if seqs[:limit] else after
    return ChangePage(items, encode_cursor(stream, last), has_more)
