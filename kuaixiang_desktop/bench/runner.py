"""``kuaixiang bench``: search and load figures with a naive baseline measured in the same run.

These machines are noisy, so a figure is only meaningful next to its baseline: each metric
reports our p50/p95 and the baseline's p95 over the same queries, and their ratio.
"""

from __future__ import annotations

import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from ..demo.loader import load_demo
from ..services.database import open_client_db
from ..store import enterprise_search
from ..store.database import Database


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def _timed(fn: Callable[[str], object], queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def _sample_queries(conn, count: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    max_id = conn.execute(text("SELECT max(id) FROM enterprise")).scalar_one()
    rows = []
    while len(rows) < count:
        ids = [rng.randint(1, max_id) for _ in range(count)]
        marks = ",".join(str(i) for i in ids)
        rows += conn.execute(
            text(f"SELECT credit_code, name, core_norm, core_initials, legal_rep FROM enterprise WHERE id IN ({marks})")
        ).all()
    rows = rows[:count]

    def piece(s: str, n: int) -> str:
        start = rng.randrange(0, max(1, len(s) - n + 1))
        return s[start : start + n]

    return {
        "code_exact": [r.credit_code for r in rows],
        "code_partial": [r.credit_code[-6:] for r in rows],
        "name_1char": [piece(r.core_norm, 1) for r in rows],
        "name_2char": [piece(r.core_norm, 2) for r in rows],
        "name_4char": [piece(r.core_norm, 4) for r in rows],
        "pinyin_initials": [r.core_initials[:4] for r in rows],
        "legal_rep": [r.legal_rep for r in rows],
    }


def _ensure_db(path: Path | None, enterprises: int, seed: int) -> tuple[Database, dict | None]:
    db = open_client_db(path) if path else open_client_db(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    with db.engine.connect() as conn:
        have = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
    load = None
    if have < enterprises:
        result = load_demo(db, enterprises=enterprises, seed=seed)
        load = {"rows": result.enterprises, "seconds": result.seconds}
    return db, load


def _baseline_load(rows: int) -> float:
    """Rows/s of plain executemany inserts of the same width into a bare table."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "plain.sqlite3")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT, rep TEXT, a INT, b INT, c INT)")
        data = [(i, f"{i:018d}", f"聊城市企业{i}有限公司", "张三", i, i, i) for i in range(rows)]
        start = time.perf_counter()
        with conn:
            conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", data)
        seconds = time.perf_counter() - start
        conn.close()
    return rows / seconds


def run(db_path: Path | None, enterprises: int, seed: int = 1, repeat: int = 200, rules: bool = True) -> dict:
    db, load = _ensure_db(db_path, enterprises, seed)
    try:
        if load is None:
            # The big database already exists: time a fresh load of a slice so the figure
            # is still measured in this run.
            with tempfile.TemporaryDirectory() as tmp:
                side = open_client_db(Path(tmp) / "load.sqlite3")
                result = load_demo(side, enterprises=min(enterprises, 50_000), seed=seed)
                side.close()
            load = {"rows": result.enterprises, "seconds": result.seconds}
        metrics = []
        with db.engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
            queries = _sample_queries(conn, repeat, seed)
            for name, qs in queries.items():
                ours = _timed(lambda q: enterprise_search.search(conn, q, 20), qs)
                # The baseline scans the whole table per query: fewer runs keep the suite short.
                base = _timed(lambda q: enterprise_search.naive_search(conn, q, 20), qs[: max(5, repeat // 10)])
                p95, base_p95 = _percentile(ours, 95), _percentile(base, 95)
                metrics.append(
                    {
                        "name": f"search_{name}",
                        "p50_ms": round(_percentile(ours, 50), 3),
                        "p95_ms": round(p95, 3),
                        "baseline_p95_ms": round(base_p95, 3),
                        "ratio": round(base_p95 / p95, 1) if p95 else None,
                        "runs": len(ours),
                        "baseline_runs": len(base),
                    }
                )
        rows_per_s = load["rows"] / load["seconds"] if load["seconds"] else None
        baseline_rows_per_s = _baseline_load(min(load["rows"], 200_000))
        metrics.append(
            {
                "name": "demo_load",
                "rows": load["rows"],
                "seconds": round(load["seconds"], 2),
                "rows_per_s": round(rows_per_s, 1) if rows_per_s else None,
                "baseline_rows_per_s": round(baseline_rows_per_s, 1),
                # Below 1: the demo load writes search keys, n-gram index, tags and facts,
                # which the bare-table baseline does not.
                "ratio": round(rows_per_s / baseline_rows_per_s, 3) if rows_per_s else None,
            }
        )
        if rules:
            from ..demo.loader import load_demo_catalogue
            from ..services.policies import compiled_catalogue
            from . import rules as benchmarks_rules

            if len(compiled_catalogue(db).items) < 2728:
                load_demo_catalogue(db, full=True, seed=seed)
            metrics += benchmarks_rules.run(db, seed=seed, repeat=repeat)
            from . import rules_diff as benchmarks_rules_diff

            metrics.append(benchmarks_rules_diff.run(db, seed=seed))
        with db.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        size = sum(os.path.getsize(p) for p in (str(db.path), f"{db.path}-wal") if os.path.exists(p))
        metrics.append({"name": "db_size", "bytes": size, "bytes_per_enterprise": round(size / max(n, 1), 1)})
        return {
            "enterprises": n,
            "seed": seed,
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "machine": f"{platform.machine()} {os.cpu_count()} cpu",
            "metrics": metrics,
        }
    finally:
        db.close()
