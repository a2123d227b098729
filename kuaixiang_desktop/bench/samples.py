"""What the window benchmarks (``--gui``, ``--footprint``) share, without Qt: the credit codes
they scan and the nearest-rank percentile they report."""

from __future__ import annotations

import random


def nearest_rank(samples: list[float], q: float) -> float:
    """The ``q``-th percentile by nearest rank (0 for no samples)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def sample_codes(db, count: int, seed: int) -> list[str]:
    """Up to ``count`` credit codes of enterprises drawn with ``seed``."""
    from sqlalchemy import text

    with db.engine.connect() as conn:
        n = conn.execute(text("SELECT max(id) FROM enterprise")).scalar_one() or 0
        rng = random.Random(seed)
        ids = [rng.randint(1, n) for _ in range(count * 2)]
        rows = conn.execute(text(f"SELECT credit_code FROM enterprise WHERE id IN ({','.join(map(str, ids))})"))
        return [r[0] for r in rows][:count]
