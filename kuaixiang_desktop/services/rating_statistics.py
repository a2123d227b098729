"""好差评 figures for the statistics room: per window and clerk, of a period (the day or the
month the rating was given, in Asia/Shanghai), the count of each level, the 满意率 (the
first three levels over all, as the national 好差评 system counts it), the 差评 and their
follow-ups: open, overdue (past the deadline and not closed)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from kuaixiang_core.domain import clock, ratings

from ..store.database import Database
from ..store.models import Rating
from .statistics import _utc, period_bounds


@dataclass(frozen=True, slots=True)
class RatingRow:
    window: str | None
    clerk: str | None
    counts: dict[str, int]  # level -> count, every level present
    open_followups: int
    overdue_followups: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def negative(self) -> int:
        return sum(self.counts[level] for level in ratings.NEGATIVE)

    @property
    def satisfaction(self) -> Decimal | None:
        """Percent with one decimal (Decimal, never float); None without ratings."""
        if not self.total:
            return None
        good = sum(self.counts[level] for level in ratings.SATISFIED_LEVELS)
        return (Decimal(good) * 100 / Decimal(self.total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def to_json(self) -> dict:
        return {"window": self.window, "clerk": self.clerk, "counts": dict(self.counts), "total": self.total,
                "negative": self.negative,
                "satisfaction": str(self.satisfaction) if self.satisfaction is not None else None,
                "open_followups": self.open_followups, "overdue_followups": self.overdue_followups}


@dataclass(frozen=True, slots=True)
class RatingFigures:
    period: str
    first_day: dt.date
    rows: tuple[RatingRow, ...]  # by window, then clerk
    hall: RatingRow  # the whole hall

    def to_json(self) -> dict:
        return {"period": self.period, "first_day": self.first_day.isoformat(),
                "rows": [r.to_json() for r in self.rows], "hall": self.hall.to_json()}


def _zero() -> dict[str, int]:
    return {level: 0 for level in ratings.LEVELS}


def rating_figures(db: Database, period: str = "month", today: dt.date | None = None) -> RatingFigures:
    """(worker) The period's ratings per window and clerk. Follow-ups count whatever their
    rating's period: an open one from last month is still open."""
    today = today or clock.today()
    first, following = period_bounds(period, today)
    with db.sessions() as session:
        rated = session.execute(
            select(Rating.window, Rating.clerk, Rating.level)
            .where(Rating.rated_at >= _utc(first), Rating.rated_at < _utc(following))
        ).all()
        pending = session.execute(
            select(Rating.window, Rating.clerk, Rating.followup_deadline)
            .where(Rating.level.in_(sorted(ratings.NEGATIVE)), Rating.followup_closed_at.is_(None))
        ).all()
    counts: dict[tuple, dict[str, int]] = defaultdict(_zero)
    open_by: dict[tuple, int] = defaultdict(int)
    overdue_by: dict[tuple, int] = defaultdict(int)
    for window, clerk, level in rated:
        if level in ratings.LEVELS:
            counts[(window, clerk)][level] += 1
    for window, clerk, deadline in pending:
        open_by[(window, clerk)] += 1
        overdue_by[(window, clerk)] += int(deadline is not None and today > deadline)
    keys = sorted(set(counts) | set(open_by), key=lambda k: (k[0] or "", k[1] or ""))
    rows = tuple(RatingRow(w, c, dict(counts[(w, c)]) if (w, c) in counts else _zero(), open_by[(w, c)],
                           overdue_by[(w, c)]) for w, c in keys)
    hall_counts = _zero()
    for row in rows:
        for level, n in row.counts.items():
            hall_counts[level] += n
    hall = RatingRow(None, None, hall_counts, sum(r.open_followups for r in rows), sum(r.overdue_followups for r in rows))
    return RatingFigures(period, first, rows, hall)
