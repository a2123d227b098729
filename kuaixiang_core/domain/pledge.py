"""容缺受理: which missing materials may follow after acceptance, by when, and how urgent an
open pledge is. Pure rules over a catalogue item; the client's services store the pledge.

The deadline is counted in Chinese working days (``working_days``) from the day of
acceptance, so it always falls on a working day, never on a holiday or a weekend that is not
worked. A 失信 enterprise is never accepted with materials missing, whatever the item allows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .rules.catalogue import Item
from .working_days import CalendarUnknownYear, add_working_days, working_days_between

# A pledge this many working days (or fewer) from its deadline is shown as due.
DUE_SOON_WORKING_DAYS = 3
OPEN, DUE_SOON, OVERDUE = "open", "due_soon", "overdue"


class DeferralRefused(ValueError):
    """容缺受理 is not possible; ``field`` is ``material`` (a named material cannot follow),
    ``deferred`` (the item or the enterprise rules it out) or ``calendar``."""

    def __init__(self, message: str, field: str = "deferred"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class Deferral:
    materials: tuple[str, ...]
    deadline: dt.date
    working_days: int


def plan_deferral(item: Item, missing: Sequence[str], *, dishonest: bool, today: dt.date,
                  requested: Sequence[str] | None = None) -> Deferral:
    """The pledge for accepting ``item`` today with ``missing`` (required materials not handed
    over). ``requested``: the materials the clerk means to let follow (None: all missing)."""
    names = list(dict.fromkeys(requested if requested is not None else missing))
    known = {m.name for m in item.materials}
    for name in names:
        if name not in known:
            raise DeferralRefused(f"「{name}」不是「{item.title}」的申请材料", field="material")
    if not item.allows_deferred:
        raise DeferralRefused(f"「{item.title}」不允许容缺受理：材料齐全方可受理")
    if dishonest:
        raise DeferralRefused("该企业被列为失信主体（失信被执行人等），依规不能容缺受理：须材料齐全方可受理")
    if not names:
        raise DeferralRefused("没有缺少的材料，不需要容缺承诺", field="material")
    allowed = [m.name for m in item.materials if item.may_follow(m.name)]
    for name in names:
        if not item.may_follow(name):
            raise DeferralRefused(
                f"「{name}」不能容缺补交：「{item.title}」只允许 {'、'.join(allowed) or '无'} 在受理后补交",
                field="material")
    left = [n for n in missing if n not in names]
    if left:
        raise DeferralRefused(f"缺少「{'、'.join(left)}」且未列入容缺承诺：不能受理", field="material")
    try:
        deadline = add_working_days(today, item.deferred_working_days)
    except CalendarUnknownYear as exc:
        raise DeferralRefused(str(exc), field="calendar") from None
    return Deferral(tuple(names), deadline, item.deferred_working_days)


def urgency(deadline: dt.date, today: dt.date) -> str:
    """``overdue`` after the deadline, ``due_soon`` within DUE_SOON_WORKING_DAYS working days of
    it (the deadline day included), else ``open``."""
    if today > deadline:
        return OVERDUE
    return DUE_SOON if working_days_left(deadline, today) <= DUE_SOON_WORKING_DAYS else OPEN


def working_days_left(deadline: dt.date, today: dt.date) -> int:
    """Working days from tomorrow to the deadline (0 on the deadline itself, negative once
    overdue: calendar days then). A year the calendar does not know counts calendar days."""
    if today > deadline:
        return (deadline - today).days
    try:
        return working_days_between(today, deadline)
    except CalendarUnknownYear:
        return (deadline - today).days


def due_within(deadline: dt.date, today: dt.date, days: int) -> bool:
    """Overdue, or due within ``days`` working days."""
    return today > deadline or working_days_left(deadline, today) <= days
