"""好差评 at the window (国办发〔2019〕51号; docs/ratings.md): the enterprise rates each 办件 — an
application's receipt number, or a visit number for a visit without an application — once.

A rating is one local transaction with its outbox row (``rating.given``, key = the rating's
UUID, so the server takes it exactly once); a 差评 opens a follow-up (整改) with its deadline
in working days, which only a supervisor closes, with what was done (``followup.closed``).
Ratings given at the hall's other windows, and follow-ups closed elsewhere, come down by
the ``ratings`` stream (:func:`apply_server_ratings`).

Who rates: the enterprise, on the rating screen facing it (ui/rating_dialog) or the
evaluator pad; the clerk's keyboard never picks a level. This module takes the level as
given by that screen or by ``kuaixiang rating add`` (the pad's headless stand-in).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuaixiang_core import wire
from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock, ratings
from kuaixiang_core.domain.clock import shanghai_date, shanghai_time
from kuaixiang_core.wire_rating import KIND_FOLLOWUP_CLOSED, KIND_RATING

from ..store import audit
from ..store.database import Database
from ..store.models import Application, Clerk, Enterprise, OutboxEntry, PolicyItemVersion, Rating, Visit, utcnow
from .applications import current_clerk

SUPERVISOR = "supervisor"


class RatingRefused(Exception):
    """The rating or the close is refused; ``field`` names what is wrong (CLI exit 2 for
    input, 1 for a refusal the rules make: already rated, not a supervisor)."""

    def __init__(self, message: str, field: str, *, bad_input: bool = False):
        super().__init__(message)
        self.message = message
        self.field = field
        self.bad_input = bad_input


@dataclass(frozen=True, slots=True)
class RatingView:
    id: str
    banjian_no: str
    application_id: str | None
    window: str | None
    clerk: str | None
    level: str
    reasons: tuple[str, ...]
    comment: str | None
    rated_at: dt.datetime  # naive UTC
    origin: str
    sync_state: str  # queued | sent | rejected | failed | server
    followup_deadline: dt.date | None
    followup_closed_at: dt.datetime | None
    followup_closed_by: str | None
    followup_action: str | None

    @property
    def level_name(self) -> str:
        return ratings.LEVEL_NAMES.get(self.level, self.level)

    @property
    def negative(self) -> bool:
        return self.level in ratings.NEGATIVE

    @property
    def followup_open(self) -> bool:
        return self.negative and self.followup_closed_at is None

    def overdue(self, today: dt.date) -> bool:
        return self.followup_open and self.followup_deadline is not None and today > self.followup_deadline

    def to_json(self, today: dt.date | None = None) -> dict:
        today = today or clock.today()
        return {
            "id": self.id, "banjian_no": self.banjian_no, "application_id": self.application_id,
            "window": self.window, "clerk": self.clerk, "level": self.level, "level_name": self.level_name,
            "reasons": list(self.reasons), "reason_names": [ratings.REASONS.get(r, r) for r in self.reasons],
            "comment": self.comment, "rated_at": wire.format_time(self.rated_at),
            "rated_on": shanghai_date(self.rated_at).isoformat(), "origin": self.origin, "sync_state": self.sync_state,
            "followup": None if not self.negative else {
                "deadline": self.followup_deadline.isoformat() if self.followup_deadline else None,
                "closed_at": wire.format_time(self.followup_closed_at) if self.followup_closed_at else None,
                "closed_by": self.followup_closed_by, "action": self.followup_action,
                "open": self.followup_open, "overdue": self.overdue(today),
            },
        }


# --- what may be rated ------------------------------------------------------------------------


def open_visit(db: Database, device_id: str, credit_code: str | None = None) -> str:
    """Number a visit without an application (``<hall>-<date>-<device>-V<NNNN>``) so that it
    can be rated."""
    with db.sessions.begin() as session:
        clerk = current_clerk(session)
        enterprise_id = None
        if credit_code:
            enterprise_id = session.scalars(select(Enterprise.id).where(Enterprise.credit_code == credit_code)).first()
            if enterprise_id is None:
                raise RatingRefused(f"本地库中没有统一社会信用代码为 {credit_code} 的企业", "credit_code", bad_input=True)
        day = shanghai_time(clock.now()).date()
        prefix = f"{clerk.hall_code}-{day:%Y%m%d}-{device_id}-V"
        count = session.scalar(select(func.count()).where(Visit.visit_no.like(prefix + "%"))) or 0
        number = ratings.visit_number(clerk.hall_code, day, device_id, count + 1)
        session.add(Visit(visit_no=number, enterprise_id=enterprise_id, clerk_id=clerk.id, hall_code=clerk.hall_code,
                          window=clerk.window))
        audit.append(session, "visit.opened", actor=clerk.username, entity="visit", entity_id=number)
        return number


def open_visit_banjian(db: Database, credit_code: str | None = None) -> Banjian:
    """(worker) Number a visit without an application on this window's device and return it
    ready to rate (the window's 「来访评价」)."""
    from .device import local_device

    return banjian(db, open_visit(db, local_device(db).short_id, credit_code))


@dataclass(frozen=True, slots=True)
class Banjian:
    """A 办件 of this window that may be rated."""

    number: str
    application_id: str | None
    window: str | None
    clerk: str | None
    title: str  # what the rating screen shows the enterprise: who and what


def find_banjian(session: Session, number: str) -> Banjian:
    number = (number or "").strip()
    kind = ratings.number_kind(number)
    if kind is None:
        raise RatingRefused(f"「{number[:64]}」不是办件编号：应为回执编号或来访编号", "banjian_no", bad_input=True)
    if kind == "visit":
        visit = session.scalars(select(Visit).where(Visit.visit_no == number)).first()
        if visit is None:
            raise RatingRefused(f"本机没有来访编号 {number}", "banjian_no")
        clerk = session.get(Clerk, visit.clerk_id) if visit.clerk_id else None
        name = session.get(Enterprise, visit.enterprise_id).name if visit.enterprise_id else None
        return Banjian(number, None, visit.window, clerk.username if clerk else None,
                       f"{name or '来访企业'} · 咨询服务")
    app = session.scalars(select(Application).where(Application.receipt_no == number)).first()
    if app is None or app.status == states.DRAFT:
        raise RatingRefused(f"本机没有回执编号为 {number} 的已受理办件", "banjian_no")
    clerk = session.get(Clerk, app.clerk_id) if app.clerk_id else None
    enterprise = session.get(Enterprise, app.enterprise_id)
    title = session.scalars(select(PolicyItemVersion.title).where(
        PolicyItemVersion.item_id == app.item_id, PolicyItemVersion.version == app.item_version)).first()
    return Banjian(number, app.id, app.window, clerk.username if clerk else None,
                   f"{enterprise.name if enterprise else ''} · {title or app.item_id}")


def banjian(db: Database, number: str) -> Banjian:
    """(worker) The 办件 to rate, refused when unknown or already rated."""
    with db.sessions() as session:
        found = find_banjian(session, number)
        _not_rated(session, found.number)
        return found


def _not_rated(session: Session, number: str) -> None:
    taken = session.scalars(select(Rating).where(Rating.banjian_no == number)).first()
    if taken is not None:
        when = shanghai_time(taken.rated_at).strftime("%Y-%m-%d %H:%M")
        raise RatingRefused(f"办件 {number} 已于 {when} 评价为「{ratings.LEVEL_NAMES.get(taken.level)}」：一件一评，不能再评",
                            "banjian_no")


# --- rating and closing -------------------------------------------------------------------------


def rate(db: Database, number: str, level: str, reasons: list[str] | tuple[str, ...] = (), comment: str | None = None,
         *, now: dt.datetime | None = None) -> RatingView:
    """Record the enterprise's rating of a 办件 and queue it for the server."""
    try:
        checked = ratings.check_rating(level, list(reasons), comment)
    except ratings.RatingError as exc:
        raise RatingRefused(exc.message, exc.field, bad_input=True) from None
    now = (now or utcnow()).replace(microsecond=0)
    with db.sessions.begin() as session:
        found = find_banjian(session, number)
        _not_rated(session, found.number)
        rating_id = str(uuid.uuid4())
        deadline = ratings.followup_deadline(shanghai_date(now)) if checked.negative else None
        row = Rating(id=rating_id, banjian_no=found.number, application_id=found.application_id,
                     hall_code=found.number.rsplit("-", 3)[0], window=found.window, clerk=found.clerk,
                     level=checked.level, reasons_json=json.dumps(list(checked.reasons)), comment=checked.comment,
                     rated_at=now, origin="local", followup_deadline=deadline)
        session.add(row)
        payload = {"id": rating_id, "banjian_no": found.number, "level": checked.level,
                   "reasons": list(checked.reasons), "comment": checked.comment, "rated_at": wire.format_time(now)}
        session.add(OutboxEntry(key=rating_id, kind=KIND_RATING, entity_id=rating_id,
                                payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True)))
        # The audit names the clerk at the window, not as the rater: the enterprise rated.
        audit.append(session, "rating.given", actor=_actor(session), entity="rating", entity_id=rating_id,
                     detail={"banjian_no": found.number, "level": checked.level})
        session.flush()
        return _view(session, row)


# The evaluator pad's levels (devices/evaluator: 5 非常满意 … 1 非常不满意).
PAD_LEVELS = {5: ratings.VERY_SATISFIED, 4: ratings.SATISFIED, 3: ratings.BASIC, 2: ratings.DISSATISFIED,
              1: ratings.VERY_DISSATISFIED}


def rate_by_pad(db: Database, pad, number: str, *, timeout_s: float = 120.0) -> RatingView | None:
    """(worker) Ask the evaluator pad (any ``devices.evaluator.EvaluatorPad``) for the
    enterprise's rating of a 办件 and record it; None when the pad gave no answer (timed out,
    or the enterprise rates later by the receipt's QR). The 办件 is checked before the pad
    is asked, so a pad never lights up for one that cannot be rated."""
    found = banjian(db, number)
    answer = pad.request(found.number, found.window or "", timeout_s)
    if answer is None or answer.level is None:
        return None
    level = PAD_LEVELS.get(answer.level)
    if level is None:
        raise RatingRefused(f"评价器回答的等级 {answer.level!r} 无效：应为 1 到 5", "level", bad_input=True)
    try:
        reasons = [ratings.parse_reason(r) for r in answer.reasons]
    except ratings.RatingError as exc:
        raise RatingRefused(exc.message, exc.field, bad_input=True) from None
    return rate(db, found.number, level, reasons, answer.comment or None)


def _actor(session: Session) -> str | None:
    try:
        return current_clerk(session).username
    except Exception:  # noqa: BLE001 - a pad may rate with nobody logged in: the audit says so
        return None


def close_followup(db: Database, ref: str, action: str, *, now: dt.datetime | None = None) -> RatingView:
    """The supervisor closes the follow-up of a 差评 (by rating id or 办件编号) with what was done."""
    try:
        text = ratings.check_action(action)
    except ratings.RatingError as exc:
        raise RatingRefused(exc.message, exc.field, bad_input=True) from None
    now = (now or utcnow()).replace(microsecond=0)
    with db.sessions.begin() as session:
        clerk = current_clerk(session)
        if clerk.role != SUPERVISOR:
            raise RatingRefused(f"只有大厅负责人可以办结差评整改：当前账号「{clerk.username}」不是负责人", "role")
        row = session.get(Rating, ref.strip()) or session.scalars(
            select(Rating).where(Rating.banjian_no == ref.strip())).first()
        if row is None:
            raise RatingRefused(f"没有评价 {ref[:64]}", "rating", bad_input=True)
        if row.level not in ratings.NEGATIVE:
            raise RatingRefused(f"办件 {row.banjian_no} 的评价是「{ratings.LEVEL_NAMES[row.level]}」，没有整改事项", "rating")
        if row.followup_closed_at is not None:
            raise RatingRefused(f"办件 {row.banjian_no} 的整改已于 {shanghai_date(row.followup_closed_at)} 办结", "rating")
        row.followup_closed_at, row.followup_closed_by, row.followup_action = now, clerk.username, text
        payload = {"rating_id": row.id, "action": text, "closed_at": wire.format_time(now)}
        session.add(OutboxEntry(key=str(uuid.uuid4()), kind=KIND_FOLLOWUP_CLOSED, entity_id=row.id,
                                payload_json=json.dumps(payload, ensure_ascii=False, sort_keys=True)))
        audit.append(session, "followup.closed", actor=clerk.username, entity="rating", entity_id=row.id,
                     detail={"banjian_no": row.banjian_no})
        session.flush()
        return _view(session, row)


def is_supervisor(db: Database) -> bool:
    """(worker) Whether the clerk at this window may close follow-ups."""
    with db.sessions() as session:
        try:
            return current_clerk(session).role == SUPERVISOR
        except Exception:  # noqa: BLE001 - nobody logged in: nobody closes
            return False


# --- reading ----------------------------------------------------------------------------------


def _sync_states(session: Session, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    if not ids:
        return out
    rows = session.execute(select(OutboxEntry.entity_id, OutboxEntry.state)
                           .where(OutboxEntry.entity_id.in_(ids), OutboxEntry.kind.in_((KIND_RATING, KIND_FOLLOWUP_CLOSED)))
                           .order_by(OutboxEntry.id)).all()
    rank = {"pending": 4, "failed": 3, "rejected": 3, "conflict": 3}
    for entity, state in rows:
        label = {"pending": "queued", "duplicate": "sent"}.get(state, state)
        if rank.get(state, 0) >= rank.get(out.get(entity, ""), 0):
            out[entity] = label
    return out


def _view(session: Session, row: Rating, states_by_id: dict[str, str] | None = None) -> RatingView:
    sync = (states_by_id if states_by_id is not None else _sync_states(session, [row.id])).get(row.id)
    return RatingView(row.id, row.banjian_no, row.application_id, row.window, row.clerk, row.level,
                      tuple(json.loads(row.reasons_json or "[]")), row.comment, row.rated_at, row.origin,
                      sync or ("server" if row.origin == "server" else "queued"), row.followup_deadline,
                      row.followup_closed_at, row.followup_closed_by, row.followup_action)


def list_ratings(db: Database, *, followups: bool = False, open_only: bool = False, limit: int = 1000) -> list[RatingView]:
    """(worker) Ratings, newest first (``followups``: 差评 only; ``open_only``: follow-ups not yet closed)."""
    with db.sessions() as session:
        query = select(Rating)
        if followups or open_only:
            query = query.where(Rating.level.in_(sorted(ratings.NEGATIVE)))
        if open_only:
            query = query.where(Rating.followup_closed_at.is_(None))
        rows = list(session.scalars(query.order_by(Rating.rated_at.desc(), Rating.id).limit(limit)))
        found = _sync_states(session, [r.id for r in rows])
        return [_view(session, r, found) for r in rows]


def rating_for(db: Database, number: str) -> RatingView | None:
    with db.sessions() as session:
        row = session.scalars(select(Rating).where(Rating.banjian_no == number)).first()
        return _view(session, row) if row is not None else None


@dataclass(frozen=True, slots=True)
class FollowupCounts:
    open: int
    overdue: int
    due_soon: int  # open, due within three working days


def followup_counts(db: Database, today: dt.date | None = None) -> FollowupCounts:
    """(worker) What the status bar shows of the hall's open follow-ups."""
    from kuaixiang_core.domain.working_days import add_working_days

    today = today or clock.today()
    soon = add_working_days(today, 3)
    with db.sessions() as session:
        deadlines = list(session.scalars(select(Rating.followup_deadline).where(
            Rating.level.in_(sorted(ratings.NEGATIVE)), Rating.followup_closed_at.is_(None))))
    return FollowupCounts(len(deadlines), sum(1 for d in deadlines if d is not None and d < today),
                          sum(1 for d in deadlines if d is not None and today <= d <= soon))


# --- from the server ------------------------------------------------------------------------------


def apply_server_rating(session: Session, item: dict) -> bool:
    """Take the server's view of a rating (the ``ratings`` stream, or an outbox answer): a
    rating given at another window is added; for one held here the server's window, clerk,
    deadline and follow-up stand. Applying it twice changes nothing. False when the item
    cannot be read."""
    try:
        rating_id = str(item["id"])
        number = str(item["banjian_no"])
        level = str(item["level"])
        rated_at = wire.parse_time(item["rated_at"], "rated_at").replace(tzinfo=None)
    except (KeyError, TypeError, wire.WireError):
        return False
    if level not in ratings.LEVELS or ratings.number_kind(number) is None:
        return False
    row = session.get(Rating, rating_id)
    if row is None:
        if session.scalars(select(Rating.id).where(Rating.banjian_no == number)).first() is not None:
            return False  # another rating of this 办件 here: the server refused that one, it will say so
        app_id = session.scalars(select(Application.id).where(Application.receipt_no == number)).first()
        reasons = [r for r in item.get("reasons") or [] if r in ratings.REASONS]
        row = Rating(id=rating_id, banjian_no=number, application_id=app_id, hall_code=item.get("hall_code"),
                     level=level, reasons_json=json.dumps(reasons), comment=item.get("comment"), rated_at=rated_at,
                     origin="server")
        session.add(row)
    row.window = item.get("window") or row.window
    row.clerk = item.get("clerk") or row.clerk
    followup = item.get("followup") if isinstance(item.get("followup"), dict) else None
    if followup is not None:
        try:
            if followup.get("deadline"):
                row.followup_deadline = dt.date.fromisoformat(followup["deadline"])
            if followup.get("closed_at"):
                row.followup_closed_at = wire.parse_time(followup["closed_at"], "closed_at").replace(tzinfo=None)
                row.followup_closed_by = followup.get("closed_by")
                row.followup_action = followup.get("action")
        except (ValueError, TypeError, wire.WireError):
            return False
    return True


def apply_server_ratings(session: Session, items: list[dict]) -> int:
    """Returns the items that could not be read."""
    return sum(1 for item in items if isinstance(item, dict) and not apply_server_rating(session, item)) + sum(
        1 for item in items if not isinstance(item, dict))
