"""好差评 on the wire (docs/sync-protocol.md, "Ratings and follow-ups"): the outbox entries a
window sends for a rating (``rating.given``) and for closing the follow-up of a 差评
(``followup.closed``), read strictly as ``kuaixiang_core.wire`` reads applications: a bad
payload raises :class:`~kuaixiang_core.wire.WireError` naming the field.

The entry's ``key`` and ``entity_id`` are the rating's UUID for ``rating.given`` (so a repeat
is a duplicate, exactly once), and a fresh UUID per close for ``followup.closed`` whose
``entity_id`` is the rating's UUID. The window, hall and clerk are never read from the
payload: the server takes them from the token.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .domain import ratings
from .wire import WireError, _list, _obj, _str, parse_time

KIND_RATING = "rating.given"
KIND_FOLLOWUP_CLOSED = "followup.closed"
RATING_KINDS = (KIND_RATING, KIND_FOLLOWUP_CLOSED)
_EARLIEST = dt.datetime(2019, 1, 1, tzinfo=dt.UTC)

__all__ = ["KIND_FOLLOWUP_CLOSED", "KIND_RATING", "RATING_KINDS", "FollowupClosePayload", "RatingPayload"]


def _uuid(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = _str(obj, key, where, max_len=36) or ""
    try:
        if str(uuid.UUID(value)) != value:
            raise ValueError
    except ValueError:
        raise WireError(f"{where}.{key}", "应为小写 UUID") from None
    return value


def _time(obj: Mapping[str, Any], key: str, where: str, now: dt.datetime) -> dt.datetime:
    """A device's time: believed only within bounds (not before 2019, not a day ahead)."""
    value = parse_time(_str(obj, key, where, max_len=40) or "", f"{where}.{key}")
    if not _EARLIEST <= value <= now + dt.timedelta(days=1):
        raise WireError(f"{where}.{key}", "时间超出范围（不早于 2019 年，不晚于中心时间一天）")
    return value


@dataclass(frozen=True)
class RatingPayload:
    id: str
    banjian_no: str
    level: str
    reasons: tuple[str, ...]
    comment: str | None
    rated_at: dt.datetime  # aware UTC

    @classmethod
    def from_json(cls, entity_id: str, data: object, now: dt.datetime) -> RatingPayload:
        where = "payload"
        obj = _obj(data, where)
        rating_id = _uuid(obj, "id", where)
        if rating_id != entity_id:
            raise WireError("payload.id", "与记录的 entity_id 不一致")
        number = _str(obj, "banjian_no", where, max_len=ratings.MAX_NUMBER) or ""
        if ratings.number_kind(number) is None:
            raise WireError("payload.banjian_no", "不是办件编号（回执编号或来访编号）")
        reasons = _list(obj, "reasons", where)
        if len(reasons) > len(ratings.REASONS) or not all(isinstance(r, str) for r in reasons):
            raise WireError("payload.reasons", f"应为至多 {len(ratings.REASONS)} 项原因代码的列表")
        try:
            checked = ratings.check_rating(_str(obj, "level", where, max_len=32) or "", reasons,
                                           _str(obj, "comment", where, required=False, max_len=ratings.MAX_COMMENT))
        except ratings.RatingError as exc:
            raise WireError(f"payload.{exc.field}", exc.message) from None
        return cls(rating_id, number, checked.level, checked.reasons, checked.comment,
                   _time(obj, "rated_at", where, now))


@dataclass(frozen=True)
class FollowupClosePayload:
    rating_id: str
    action: str
    closed_at: dt.datetime  # aware UTC

    @classmethod
    def from_json(cls, entity_id: str, data: object, now: dt.datetime) -> FollowupClosePayload:
        where = "payload"
        obj = _obj(data, where)
        rating_id = _uuid(obj, "rating_id", where)
        if rating_id != entity_id:
            raise WireError("payload.rating_id", "与记录的 entity_id 不一致")
        try:
            action = ratings.check_action(_str(obj, "action", where, max_len=ratings.MAX_ACTION))
        except ratings.RatingError as exc:
            raise WireError("payload.action", exc.message) from None
        return cls(rating_id, action, _time(obj, "closed_at", where, now))
