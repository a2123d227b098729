"""好差评 at the platform: intake of ``rating.given`` and ``followup.closed`` entries (one
transaction each, idempotent by key as applications are: see ``applications.Intake``), the
``ratings`` stream's items, and the reviewer's lists.

The server believes nothing in a rating it can check for itself:

- the hall is the token's; the 办件 must be that hall's own: a receipt number of one of its
  applications past 草稿, or a visit number that names the hall and the device the token was
  logged in with (as ``claims.check_receipt`` does for receipt numbers);
- the window is the token's device's (else the clerk's), the clerk the one who filed the
  application (for a visit, the token's);
- one rating per 办件: a second, under another key, is refused;
- the device's time of the rating is kept only within bounds (wire_rating);
- only the hall's supervisor (the token's role, not the entry's word) closes a follow-up.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from kuaixiang_core import wire
from kuaixiang_core.domain import application_state as states
from kuaixiang_core.domain import clock, ratings
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.wire import OutboxEntry, WireError
from kuaixiang_core.wire_rating import KIND_FOLLOWUP_CLOSED, KIND_RATING, FollowupClosePayload, RatingPayload

from .auth import AuthContext
from .claims import Rejected, device_short_id
from .db import Database
from .models import Application, AuthToken, Clerk, Device, Hall, Rating

NUMBER_FIELD = "办件编号（payload.banjian_no）"
SUPERVISOR = "supervisor"


def rating_json(r: Rating, clerk_names: dict[int, str] | None = None) -> dict:
    """A rating as the ``ratings`` stream and an outbox result's ``server`` carry it."""
    names = clerk_names or {}
    negative = r.level in ratings.NEGATIVE
    return {
        "id": r.id, "hall_code": r.hall_code, "banjian_no": r.banjian_no, "application_id": r.application_id,
        "window": r.window, "clerk": names.get(r.clerk_id) if r.clerk_id else None,
        "level": r.level, "level_name": ratings.LEVEL_NAMES.get(r.level, r.level),
        "reasons": json.loads(r.reasons_json or "[]"), "comment": r.comment,
        "rated_at": wire.format_time(r.rated_at), "received_at": wire.format_time(r.received_at),
        "followup": None if not negative else {
            "deadline": r.followup_deadline.isoformat() if r.followup_deadline else None,
            "closed_at": wire.format_time(r.followup_closed_at) if r.followup_closed_at else None,
            "closed_by": names.get(r.followup_closed_by) if r.followup_closed_by else None,
            "action": r.followup_action,
        },
    }


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(Clerk.id, Clerk.username).where(Clerk.id.in_(wanted))).all())


def one_json(session: Session, r: Rating) -> dict:
    return rating_json(r, _names(session, {r.clerk_id, r.followup_closed_by}))


def page_json(session: Session, rows: list[Rating]) -> list[dict]:
    names = _names(session, {i for r in rows for i in (r.clerk_id, r.followup_closed_by)})
    return [rating_json(r, names) for r in rows]


def _token_device(session: Session, ctx: AuthContext) -> Device | None:
    token = session.get(AuthToken, ctx.token_hash)
    key_id = token.device_key_id if token is not None else None
    return session.get(Device, key_id) if key_id else None


def _check_visit(number: str, ctx: AuthContext, device: Device | None) -> None:
    prefix = f"{ctx.hall_code}-"
    if not number.startswith(prefix):
        raise Rejected(f"{NUMBER_FIELD}不是本大厅（{ctx.hall_code}）的来访编号")
    if device is None:
        raise Rejected(f"本次登录没有登记本机设备，中心无法核对{NUMBER_FIELD}中的设备号：请在窗口客户端重新登录后再同步")
    day, short, _seq = number[len(prefix):].rsplit("-", 2)
    try:
        dt.datetime.strptime(day, "%Y%m%d")
    except ValueError:
        raise Rejected(f"{NUMBER_FIELD}格式不对或日期不存在：应为 {ctx.hall_code}-日期-设备号-V序号") from None
    if short != device_short_id(device.key_id):
        raise Rejected(f"{NUMBER_FIELD}中的设备号 {short} 不是本次登录的设备（{device_short_id(device.key_id)}）")


def intake(session: Session, ctx: AuthContext, entry: OutboxEntry, seq: int) -> tuple[dict, str | None]:
    """Apply one rating entry in the caller's transaction; refusals raise ``Rejected``."""
    now = utcnow()
    try:
        if entry.kind == KIND_RATING:
            return _rating(session, ctx, entry, RatingPayload.from_json(entry.entity_id, entry.payload,
                                                                        now.replace(tzinfo=dt.UTC)), seq, now)
        if entry.kind == KIND_FOLLOWUP_CLOSED:
            return _close(session, ctx, FollowupClosePayload.from_json(entry.entity_id, entry.payload,
                                                                       now.replace(tzinfo=dt.UTC)), seq)
    except WireError as exc:
        raise Rejected(f"内容不符合协议：{exc}") from None
    raise AssertionError(entry.kind)


def _rating(session: Session, ctx: AuthContext, entry: OutboxEntry, p: RatingPayload, seq: int,
            now: dt.datetime) -> tuple[dict, str | None]:
    if entry.key != p.id:
        raise Rejected("评价记录的 key 应为评价的 UUID（payload.id）")
    device = _token_device(session, ctx)
    window = (device.window if device is not None and device.window else None) or ctx.window
    application_id, clerk_id = None, ctx.clerk_id
    if ratings.number_kind(p.banjian_no) == "visit":
        _check_visit(p.banjian_no, ctx, device)
    else:
        app = session.scalars(select(Application).where(Application.hall_code == ctx.hall_code,
                                                        Application.receipt_no == p.banjian_no)).first()
        # The answer is the same for a number of another hall and one never issued.
        if app is None or app.status == states.DRAFT:
            raise Rejected(f"{NUMBER_FIELD}不是本大厅已受理的办件：只能评价本大厅受理的办件")
        application_id, clerk_id = app.id, app.clerk_id or ctx.clerk_id
    taken = session.scalars(select(Rating).where(Rating.hall_code == ctx.hall_code,
                                                 Rating.banjian_no == p.banjian_no)).first()
    if taken is not None:
        raise Rejected(f"该办件已于 {wire.format_time(taken.rated_at)} 评价过：一件一评，不能再评")
    rated_at = p.rated_at.astimezone(dt.UTC).replace(tzinfo=None)
    deadline = None
    if p.level in ratings.NEGATIVE:
        deadline = ratings.followup_deadline(clock.shanghai_date(min(rated_at, now)))
    row = Rating(id=p.id, hall_code=ctx.hall_code, banjian_no=p.banjian_no, application_id=application_id,
                 window=window, clerk_id=clerk_id, device_key_id=device.key_id if device else None,
                 level=p.level, reasons_json=json.dumps(list(p.reasons)), comment=p.comment, rated_at=rated_at,
                 received_at=now, followup_deadline=deadline, change_seq=seq)
    session.add(row)
    session.flush()
    message = f"差评已转整改，须在 {deadline} 前办结" if deadline else None
    return one_json(session, row), message


def _close(session: Session, ctx: AuthContext, p: FollowupClosePayload, seq: int) -> tuple[dict, str | None]:
    if ctx.role != SUPERVISOR:
        raise Rejected(f"只有大厅负责人可以办结差评整改：账号「{ctx.username}」的角色是「{ctx.role}」")
    row = session.get(Rating, {"id": p.rating_id, "hall_code": ctx.hall_code})
    if row is None:
        raise Rejected("本大厅没有该评价（payload.rating_id）：评价须先同步到中心")
    if row.level not in ratings.NEGATIVE:
        raise Rejected("该评价不是差评，没有整改事项")
    if row.followup_closed_at is not None:
        raise Rejected(f"该差评的整改已于 {wire.format_time(row.followup_closed_at)} 办结")
    closed_at = p.closed_at.astimezone(dt.UTC).replace(tzinfo=None)
    if closed_at < row.rated_at:
        raise Rejected("办结时间（payload.closed_at）早于评价时间")
    row.followup_closed_at, row.followup_closed_by, row.followup_action = closed_at, ctx.clerk_id, p.action
    row.change_seq = seq
    session.flush()
    late = row.followup_deadline is not None and clock.shanghai_date(closed_at) > row.followup_deadline
    return one_json(session, row), (f"已办结，超过期限 {row.followup_deadline}" if late else None)


# --- the reviewer's lists -----------------------------------------------------------------------


def list_ratings(db: Database, *, hall: str | None = None, followups: bool = False,
                 open_only: bool = False) -> list[dict]:
    """Every rating (``followups``: only 差评, with their follow-up; ``open_only``: not yet
    closed), oldest first, each with its hall's name and whether its deadline has passed."""
    today = clock.today()
    with db.read() as session:
        query = select(Rating, Hall.name).outerjoin(Hall, Hall.code == Rating.hall_code)
        if hall:
            query = query.where(Rating.hall_code == hall)
        if followups or open_only:
            query = query.where(Rating.level.in_(sorted(ratings.NEGATIVE)))
        if open_only:
            query = query.where(Rating.followup_closed_at.is_(None))
        rows = session.execute(query.order_by(Rating.rated_at, Rating.id)).all()
        out = page_json(session, [r for r, _ in rows])
        for item, (r, hall_name) in zip(out, rows, strict=True):
            item["hall_name"] = hall_name
            if item["followup"] is not None:
                item["followup"]["overdue"] = (r.followup_closed_at is None and r.followup_deadline is not None
                                               and today > r.followup_deadline)
        return out
