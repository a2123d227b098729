"""The client's footprint for ``kuaixiang bench --footprint``: how long the window takes to be
usable and how much memory it holds, on a large database, without the demo server.

Each run starts the window in a fresh process (:mod:`.startup_child`) and times it from the
spawn to the moment it says it is usable (shown, enterprise count on the status bar, the
catalogue compiled); the resident set is read from ``/proc`` then, again after a search and
ten scans (its peak too), and once more after a sync page's new names were checked (the pinyin
dictionary loaded for the sample of search keys, then dropped: ``rss_after_new_names_mb``;
its 55 MB shows in ``rss_peak_with_new_names_mb`` only). Baseline, in the same run: a bare PySide6 window with one
search box (the interpreter and Qt, nothing of ours), started and measured the same way —
what no Python/Qt client can go below on this machine.

The operating system's file cache is warm after the first run (as at a counter the second
time the clerk opens the window in a day); the first run is reported on its own too.
"""

from __future__ import annotations

import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kuaixiang_core.demo import DEMO_PASSWORD, DEMO_USER
from kuaixiang_core.server_process import ServerProcess, server_environment

from ..services import auth
from ..services.database import open_client_db
from .samples import nearest_rank, sample_codes

TARGET_START_MS = 2000
TARGET_RSS_MB = 300


def _rss_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of a process, in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def _logged_in_once(db_path: Path, workdir: Path) -> None:
    """One online log-in, as a clerk does on the first day: it leaves the offline verifier."""
    server = ServerProcess(f"sqlite:///{workdir / 'server.sqlite3'}", workdir / "server", "--demo",
                           "--demo-enterprises", "50", "--demo-seed", "1",
                           env=server_environment(workdir / "server-data", key=base64.b64encode(os.urandom(32)).decode()))
    db = open_client_db(db_path)
    try:
        auth.login_online(db, server.start().url, DEMO_USER, DEMO_PASSWORD)
    finally:
        server.stop()
        db.close()


def ensure_full_catalogue(db, seed: int) -> None:
    """The footprint is of a counter with the whole city's catalogue (2,728 items)."""
    from ..demo.loader import load_demo_catalogue
    from ..services.policies import compiled_catalogue

    if len(compiled_catalogue(db).items) < 2728:
        load_demo_catalogue(db, full=True, seed=seed)


def _one_start(command: list[str], stdin_first: str | None, env: dict[str, str]) -> dict[str, float]:
    started = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdin is not None and child.stdout is not None
        if stdin_first is not None:
            child.stdin.write(stdin_first + "\n")
            child.stdin.flush()
        line = child.stdout.readline().strip()
        if line != "ready":
            raise RuntimeError(f"the window did not start (said {line!r}, exit {child.poll()})")
        ready_ms = (time.perf_counter() - started) * 1000
        at_ready = _rss_mb(child.pid)
        child.stdin.write("work\n")
        child.stdin.flush()
        if child.stdout.readline().strip() != "worked":
            raise RuntimeError("the window did not finish its work")
        worked = _rss_mb(child.pid)
        child.stdin.write("names\n")
        child.stdin.flush()
        if child.stdout.readline().strip() != "named":
            raise RuntimeError("the window did not check the new names")
        named = _rss_mb(child.pid)
        child.stdin.write("quit\n")
        child.stdin.flush()
        child.wait(timeout=120)
        return {"ready_ms": ready_ms, "rss_ready_mb": at_ready["VmRSS"], "rss_working_mb": worked["VmRSS"],
                "rss_peak_mb": worked["VmHWM"], "rss_after_new_names_mb": named["VmRSS"],
                "rss_peak_with_new_names_mb": named["VmHWM"]}
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()


def run(db_path: Path, *, runs: int = 7, seed: int = 1) -> list[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="kx-bench-footprint-"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "KUAIXIANG_INSECURE_KEYRING": os.environ.get("KUAIXIANG_INSECURE_KEYRING", "1")}
    os.environ.setdefault("KUAIXIANG_INSECURE_KEYRING", env["KUAIXIANG_INSECURE_KEYRING"])
    _logged_in_once(db_path, workdir)
    db = open_client_db(db_path)
    try:
        codes = sample_codes(db, 10, seed)
    finally:
        db.close()
    child = [sys.executable, "-m", "kuaixiang_desktop.bench.startup_child"]
    ours_cmd = [*child, "--db", str(db_path), "--user", DEMO_USER, *(a for c in codes for a in ("--code", c))]
    bare_cmd = [*child, "--bare"]
    ours, bare = [], []
    for _ in range(runs):  # interleaved, so a slow minute slows both
        ours.append(_one_start(ours_cmd, DEMO_PASSWORD, env))
        bare.append(_one_start(bare_cmd, None, env))

    def ms(samples: list[dict], key: str) -> tuple[float, float]:
        values = [s[key] for s in samples]
        return round(statistics.median(values), 1), round(nearest_rank(values, 95), 1)

    p50, p95 = ms(ours[1:] or ours, "ready_ms")
    _b50, b95 = ms(bare[1:] or bare, "ready_ms")
    rss = {key: round(statistics.median(s[key] for s in ours), 1)
           for key in ("rss_ready_mb", "rss_working_mb", "rss_peak_mb", "rss_after_new_names_mb",
                       "rss_peak_with_new_names_mb")}
    bare_rss = round(statistics.median(s["rss_working_mb"] for s in bare), 1)
    return [
        {"name": "window_start", "p50_ms": p50, "p95_ms": p95, "first_run_ms": round(ours[0]["ready_ms"], 1),
         "baseline_p95_ms": b95, "ratio": round(b95 / p95, 3), "target_ms": TARGET_START_MS,
         "runs": len(ours) - 1 if len(ours) > 1 else 1, "baseline_runs": len(bare) - 1 if len(bare) > 1 else 1},
        {"name": "window_memory", **rss, "baseline_rss_mb": bare_rss,
         "ratio": round(bare_rss / rss["rss_peak_mb"], 3), "target_mb": TARGET_RSS_MB, "runs": len(ours)},
    ]
