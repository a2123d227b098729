"""The city's load test: the stack (city_stack.py), Locust headless at several sizes, then the database.

    python deploy/city/load_test.py --users 50,200,500 --duration 120 --time-scale 1,30 \\
        --out docs/load-test.md

For each time scale and each number of simulated windows (deploy/city/locustfile.py has the
model): one bounded Locust run against nginx on loopback, the CPU the server instances,
nginx, this database's PostgreSQL backends and Locust itself used meanwhile (and the whole
machine's, which other work shares), then the check of every filed application in the
database (deploy/city/verify.py). One stack serves all runs; each run files for enterprise and
item pairs of its own. The database is a new one (dropped at the end unless ``--keep-db``),
or ``--db URL`` when given (then nothing is dropped).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_CHECKOUT = _HERE.parents[1]
if str(_CHECKOUT) not in sys.path:
    sys.path.insert(0, str(_CHECKOUT))
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))

import psutil  # noqa: E402  (Locust's own dependency)
from city_stack import CLERK_PASSWORD, Stack, drop_database, seed  # noqa: E402
from verify import Verdict, verify  # noqa: E402

PAIRS_PER_RUN = 10_000


# --- CPU ----------------------------------------------------------------------------------------


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            out[pid] = t.user + t.system
        except psutil.Error:
            pass
    return out


def _family(pid: int) -> list[int]:
    try:
        proc = psutil.Process(pid)
        return [pid, *(c.pid for c in proc.children(recursive=True))]
    except psutil.Error:
        return []


class CpuMeter:
    """CPU seconds per group of processes between ``start`` and ``stop``; the PostgreSQL group
    is the backends serving this database (pg_stat_activity), read at both ends."""

    def __init__(self, stack: Stack, engine):
        self.stack, self.engine = stack, engine

    def _groups(self, locust_pid: int | None) -> dict[str, list[int]]:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            backends = list(conn.scalars(text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")))
        groups = {"server instances": self.stack.pids()["server"],
                  "nginx": _family(self.stack.nginx.pid) if self.stack.nginx else [],
                  "PostgreSQL (this database)": backends}
        if locust_pid:
            groups["Locust (the load)"] = _family(locust_pid)
        return groups

    def start(self, locust_pid: int | None = None) -> None:
        self.t0 = time.monotonic()
        self.machine0 = psutil.cpu_times()
        self.before = {g: _cpu_seconds(p) for g, p in self._groups(locust_pid).items()}

    def sample(self, locust_pid: int) -> None:
        """Locust's own processes, read while they live."""
        self.locust_last = _cpu_seconds(_family(locust_pid))

    def stop(self) -> dict:
        wall = time.monotonic() - self.t0
        after = {g: _cpu_seconds(p) for g, p in self._groups(None).items()}
        m1 = psutil.cpu_times()
        busy = lambda t: t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0)  # noqa: E731
        out = {"wall_s": round(wall, 1), "cores": psutil.cpu_count()}
        for group, now in after.items():
            before = self.before.get(group, {})
            out[group] = round(sum(v - before.get(pid, 0.0) for pid, v in now.items()), 1)
        locust = getattr(self, "locust_last", {})
        out["Locust (the load)"] = round(sum(locust.values()) - sum(self.before.get("Locust (the load)", {}).values()), 1)
        out["machine busy"] = round(busy(m1) - busy(self.machine0), 1)
        out["load average"] = round(os.getloadavg()[0], 1)
        return out


# --- one run ------------------------------------------------------------------------------------


def run_locust(url: str, users: int, duration: int, scale: float, spawn_rate: float, out_dir: Path, pair_offset: int,
               meter: CpuMeter, clerks: int) -> tuple[list[dict], list[dict], dict, str]:
    prefix = out_dir / f"u{users}-x{scale:g}"
    ledger = prefix.with_suffix(".ledger.json")
    cmd = [sys.executable, "-m", "locust", "-f", str(_HERE / "locustfile.py"), "--headless", "-u", str(users),
           "-r", str(spawn_rate), "-t", f"{duration}s", "--stop-timeout", "60", "-H", url, "--csv", str(prefix),
           "--only-summary", "--loglevel", "WARNING"]
    env = {**os.environ, "PYTHONPATH": str(_CHECKOUT), "KX_TIME_SCALE": f"{scale:g}", "KX_LEDGER": str(ledger),
           "KX_CLERKS": str(clerks),
           "KX_PAIR_OFFSET": str(pair_offset), "KX_CLERK_PASSWORD": CLERK_PASSWORD}
    with open(prefix.with_suffix(".log"), "wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=out_dir)
        try:
            meter.start(proc.pid)
            while proc.poll() is None:
                meter.sample(proc.pid)
                try:
                    proc.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=60)
    cpu = meter.stop()
    if proc.returncode not in (0, 1):  # 1: some requests failed, which the report shows
        raise RuntimeError(f"locust exited {proc.returncode}: see {prefix.with_suffix('.log')}")
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as f:
        stats = list(csv.DictReader(f))
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as f:
        failures = list(csv.DictReader(f))
    return stats, failures, cpu, ledger.read_text("utf-8") if ledger.exists() else "[]"


# --- the report ---------------------------------------------------------------------------------


def _ms(value: str) -> str:
    try:
        return f"{float(value):,.0f}"
    except ValueError:
        return value


def level_section(users: int, scale: float, duration: int, stats: list[dict], failures: list[dict], cpu: dict,
                  verdict: Verdict) -> str:
    lines = [f"#### {users} windows, time × {scale:g}", "",
             "| route | requests | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in stats:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all routes**"
        lines.append(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {_ms(row['50%'])} | "
                     f"{_ms(row['95%'])} | {_ms(row['99%'])} | {_ms(row['Max Response Time'])} | "
                     f"{float(row['Requests/s']):.1f} |")
    lines.append("")
    if failures:
        lines += ["Failures:", ""]
        lines += [f"- {f['Method']} {f['Name']}: {f['Occurrences']} × {f['Error'][:160]}" for f in failures]
        lines.append("")
    wall = cpu["wall_s"]
    groups = [g for g in cpu if g not in ("wall_s", "cores", "machine busy", "load average")]
    lines.append(f"CPU over the {wall:.0f} s run ({cpu['cores']} cores = {cpu['cores'] * wall:.0f} CPU-s available): "
                 + ", ".join(f"{g} {cpu[g]:.0f} s ({cpu[g] / wall * 100:.0f} % of a core)" for g in groups)
                 + f"; the whole machine {cpu['machine busy']:.0f} s "
                 + f"({cpu['machine busy'] / (cpu['cores'] * wall) * 100:.0f} % of both cores, other work included)"
                 + (f"; load average {cpu['load average']} at the end." if "load average" in cpu else "."))
    lines.append("")
    lines.append(f"Applications: {verdict.filed} filed, {verdict.delivered} delivered (applied or duplicate), "
                 f"{verdict.undelivered} not delivered; in the database {verdict.rows} rows for them, "
                 f"**{len(verdict.lost)} lost, {len(verdict.duplicated_ids) + len(verdict.duplicated_open)} duplicated**, "
                 f"{verdict.unacknowledged} unacknowledged, {len(verdict.attachments_missing)} attachments missing.")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", default="50,200,500")
    p.add_argument("--time-scale", default="1", help="comma-separated: 1 is the real day (model in locustfile.py)")
    p.add_argument("--duration", type=int, default=120, help="seconds of each run (the ramp included)")
    p.add_argument("--spawn-rate", type=float, default=10)
    p.add_argument("--instances", type=int, default=2)
    p.add_argument("--demo-enterprises", type=int, default=20_000)
    p.add_argument("--db", default=None, help="a PostgreSQL URL to use as is (default: a new database, dropped after)")
    p.add_argument("--keep-db", action="store_true")
    p.add_argument("--workdir", type=Path, default=None)
    p.add_argument("--out", type=Path, default=None, help="write the report (Markdown) here")
    p.add_argument("--json", type=Path, default=None, help="write the figures (JSON) here")
    args = p.parse_args(argv)
    users = [int(u) for u in args.users.split(",")]
    scales = [float(s) for s in args.time_scale.split(",")]
    if not all(1 <= u <= 5000 for u in users) or not all(0 < s <= 1000 for s in scales) or not 5 <= args.duration <= 3600:
        print("--users 1…5000, --time-scale above 0 up to 1000, --duration 5…3600", file=sys.stderr)
        return 2

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kx-city-"))
    db_url = args.db or f"postgresql://postgres@127.0.0.1:5432/kx_city_load_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"
    command = "python deploy/city/load_test.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    sections, figures = [], []
    stack = Stack(workdir, db_url, args.instances)

    def _interrupt(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _interrupt)  # stop what was started, as on Ctrl-C
    started = time.monotonic()
    try:
        stack.start()
        seeded_at = time.monotonic()
        seed(db_url, stack.data_key(), demo_enterprises=args.demo_enterprises, clerks=max(users) + 1,
             password=CLERK_PASSWORD)
        seeding = time.monotonic() - seeded_at
        from sqlalchemy import create_engine

        from kuaixiang_server.config import normalize_db_url

        engine = create_engine(normalize_db_url(db_url))
        meter = CpuMeter(stack, engine)
        run = 0
        for scale in scales:
            for n in users:
                since = dt.datetime.now(dt.UTC).replace(tzinfo=None)
                stats, failures, cpu, ledger_text = run_locust(stack.url, n, args.duration, scale, args.spawn_rate,
                                                               workdir, run * PAIRS_PER_RUN, meter, max(users) + 1)
                ledger = json.loads(ledger_text)
                with engine.connect() as conn:
                    verdict = verify(conn, ledger, since)
                sections.append(level_section(n, scale, args.duration, stats, failures, cpu, verdict))
                figures.append({"users": n, "time_scale": scale, "stats": stats, "failures": failures, "cpu": cpu,
                                "verdict": verdict.to_json()})
                print(f"{n} windows × {scale:g}: {stats[-1]['Request Count']} requests, "
                      f"{stats[-1]['Failure Count']} failures, p95 {stats[-1]['95%']} ms; "
                      f"lost {len(verdict.lost)}, duplicated {len(verdict.duplicated_ids) + len(verdict.duplicated_open)}",
                      flush=True)
                run += 1
        engine.dispose()
    finally:
        stack.stop()
        if stack.created_db and not args.keep_db and args.db is None:
            drop_database(db_url)
    header = (f"Command: `{command}`  \nRun at {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {args.instances} server "
              f"instances behind nginx; {args.demo_enterprises:,} enterprises (seeded in {seeding:.0f} s); "
              f"{time.monotonic() - started:.0f} s in all.\n")
    report = header + "\n" + "\n".join(sections)
    if args.out:
        args.out.write_text(report, "utf-8")
    if args.json:
        args.json.write_text(json.dumps({"command": command, "runs": figures}, ensure_ascii=False, indent=1), "utf-8")
    print(report)
    return 0 if all(f["verdict"]["ok"] for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
