"""An application's course after 受理 at the department (审核, 补正, 公示, 拨付, 不予支持): the steps
the reviewer records on the server, which may follow which, and what each does to the
application's status (domain/application_state).

- 审核 (``review``): the department starts examining it (again, after a 补正);
- 补正 (``correction``, with what must be supplied): back to the enterprise;
- 审核通过 (``approve``): the application becomes 已审核通过;
- 公示 (``publicity``, from one date to another): the list of those to be paid is published;
- 拨付 (``pay``, with its date and amount in 分 — none for a benefit that is not money):
  paid, after the 公示 has ended;
- 不予支持 (``refuse``, with the reason): the application becomes 未通过.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import application_state as states

REVIEW, CORRECTION, APPROVE, PUBLICITY, PAY, REFUSE = "review", "correction", "approve", "publicity", "pay", "refuse"
STEPS = (REVIEW, CORRECTION, APPROVE, PUBLICITY, PAY, REFUSE)
STEP_NAMES = {
    REVIEW: "审核",
    CORRECTION: "补正",
    APPROVE: "审核通过",
    PUBLICITY: "公示",
    PAY: "拨付",
    REFUSE: "不予支持",
}
# The application status each step moves to (None: unchanged).
STATUS_AFTER = {APPROVE: states.APPROVED, PAY: states.PAID, REFUSE: states.REJECTED}
MAX_REASON = 2000


class CourseError(ValueError):
    """A step the course does not allow now, or one missing what it must carry."""


@dataclass(frozen=True, slots=True)
class Step:
    step: str
    on: dt.date  # the date it happened (Asia/Shanghai); for 公示 the first day
    until: dt.date | None = None  # 公示: the last day
    amount_fen: int | None = None  # 拨付
    reason: str | None = None  # 补正: what to supply; 不予支持: why


def _allowed(status: str, last: str | None) -> tuple[str, ...]:
    if status == states.SUBMITTED:
        if last in (None, CORRECTION):
            return (REVIEW, APPROVE, REFUSE) if last is None else (REVIEW, REFUSE)
        if last == REVIEW:
            return (CORRECTION, APPROVE, REFUSE)
        return (REFUSE,)
    if status == states.APPROVED:
        return (PUBLICITY, PAY) if last in (None, APPROVE) else (PAY,)
    return ()


def allowed_steps(status: str, course: list[Step] | tuple[Step, ...]) -> tuple[str, ...]:
    return _allowed(status, course[-1].step if course else None)


def check_step(status: str, course: list[Step] | tuple[Step, ...], step: Step, today: dt.date) -> str:
    """Refuse a step the course does not allow now; return the application's status after it."""
    if step.step not in STEPS:
        raise CourseError(f"未知的办理步骤「{step.step}」：应为 {'、'.join(STEPS)}")
    name = STEP_NAMES[step.step]
    allowed = allowed_steps(status, course)
    if step.step not in allowed:
        now = states.STATUS_NAMES.get(status, status)
        last = f"，上一步为「{STEP_NAMES[course[-1].step]}」" if course else ""
        options = "、".join(STEP_NAMES[s] for s in allowed) or "无（已办结或尚未报送）"
        raise CourseError(f"申请当前为「{now}」{last}，不能记录「{name}」；可记录：{options}")
    if step.on > today:
        raise CourseError(f"「{name}」的日期 {step.on} 晚于今天 {today}")
    if course and step.on < course[-1].on:
        raise CourseError(f"「{name}」的日期 {step.on} 早于上一步「{STEP_NAMES[course[-1].step]}」的 {course[-1].on}")
    if step.step in (CORRECTION, REFUSE):
        text = (step.reason or "").strip()
        if not text:
            what = "须补正的材料或事项" if step.step == CORRECTION else "不予支持的原因"
            raise CourseError(f"「{name}」须写明{what}（--reason）")
        if len(text) > MAX_REASON:
            raise CourseError(f"「{name}」的说明过长：最多 {MAX_REASON} 个字")
    if step.step == PUBLICITY:
        if step.until is None or step.until < step.on:
            raise CourseError(f"「公示」须给出公示期的最后一天（--until），且不早于开始日 {step.on}")
    if step.step == PAY:
        # None: a benefit that is not money (a reduction, an exemption) is 兑现 without an amount.
        if step.amount_fen is not None and step.amount_fen <= 0:
            raise CourseError("「拨付」的金额须大于零（--amount，单位元）")
        publicity = next((s for s in reversed(course) if s.step == PUBLICITY), None)
        if publicity is not None and publicity.until is not None and step.on <= publicity.until:
            raise CourseError(f"公示期至 {publicity.until} 止，拨付日期 {step.on} 须在公示期满之后")
    return STATUS_AFTER.get(step.step, status)


def step_to_json(step: Step, *, at: str | None = None, by: str | None = None) -> dict:
    return {"step": step.step, "name": STEP_NAMES[step.step], "on": step.on.isoformat(),
            "until": step.until.isoformat() if step.until else None, "amount_fen": step.amount_fen,
            "reason": step.reason, "at": at, "by": by}
