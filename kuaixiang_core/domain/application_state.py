"""The application (申请) state machine: which transitions exist and which are still open."""

from __future__ import annotations

DRAFT, ACCEPTED, SUBMITTED, APPROVED, REJECTED, PAID, WITHDRAWN = (
    "draft", "accepted", "submitted", "approved", "rejected", "paid", "withdrawn",
)
STATUSES = (DRAFT, ACCEPTED, SUBMITTED, APPROVED, REJECTED, PAID, WITHDRAWN)

STATUS_NAMES = {
    DRAFT: "草稿",
    ACCEPTED: "已受理",
    SUBMITTED: "已报送",
    APPROVED: "已审核通过",
    REJECTED: "未通过",
    PAID: "已兑现",
    WITHDRAWN: "已撤回",
}

# accepted = 受理 at the window; submitted = it reached the platform; the department then
# approves or rejects (with a reason) and finally pays out (兑现).
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({ACCEPTED, WITHDRAWN}),
    ACCEPTED: frozenset({SUBMITTED, WITHDRAWN}),
    SUBMITTED: frozenset({APPROVED, REJECTED, WITHDRAWN}),
    APPROVED: frozenset({PAID}),
    REJECTED: frozenset(),
    PAID: frozenset(),
    WITHDRAWN: frozenset(),
}

NEEDS_REASON = frozenset({REJECTED, WITHDRAWN})


class TransitionError(ValueError):
    """A move the state machine does not allow; the message says from where to where."""


def check_transition(current: str, target: str, reason: str | None = None) -> None:
    if current not in TRANSITIONS:
        raise TransitionError(f"未知的状态「{current}」")
    if target not in TRANSITIONS:
        raise TransitionError(f"未知的状态「{target}」")
    if target not in TRANSITIONS[current]:
        allowed = "、".join(STATUS_NAMES[s] for s in sorted(TRANSITIONS[current])) or "无（已办结）"
        raise TransitionError(
            f"申请当前为「{STATUS_NAMES[current]}」，不能变为「{STATUS_NAMES[target]}」；可变为：{allowed}"
        )
    if target in NEEDS_REASON and not (reason and reason.strip()):
        raise TransitionError(f"变为「{STATUS_NAMES[target]}」须写明原因")


def is_open(status: str) -> bool:
    """Open applications block a second one for the same enterprise and item."""
    return status not in (REJECTED, PAID, WITHDRAWN)
