"""The two pull figures of ``kuaixiang bench --sync`` alone (issue 17 item 2), without its
push of 1,000 applications and its snapshot of the whole registry, which take most of its time.

    .venv/bin/python benchmarks/sync_pulls.py --deltas 100000 --workdir /tmp/kx-pulls --out pulls.json

Runs exactly the benchmark's code (``kuaixiang_desktop.bench.sync``): a server process seeded as
``--demo``, a client logged in and synced once (not timed); then ``deltas`` new enterprises
written on the server and pulled in one timed round (``sync_pull_enterprises``: against plain
inserts of the same rows), then the same enterprises changed on the server and pulled twice,
writing only the changes and, on a copy of the client, rewriting every record as the code
before did (``sync_pull_enterprise_changes``: ``speedup_over_rewrite``, the two libraries
compared table by table). Everything goes into ``--workdir``, emptied first.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sync_pulls")
    parser.add_argument("--deltas", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if not 1 <= args.deltas <= 1_000_000:
        parser.error(f"--deltas 应在 1 到 1000000 之间，实际是 {args.deltas}")

    from kuaixiang_core.demo import DEMO_ENTERPRISES, DEMO_PASSWORD, DEMO_SEED, DEMO_USER
    from kuaixiang_core.server_process import ServerProcess, run_server_cli, server_environment
    from kuaixiang_desktop.bench import sync as bench
    from kuaixiang_desktop.services import auth
    from kuaixiang_desktop.services.database import open_client_db
    from kuaixiang_desktop.services.secrets import file_keyring

    workdir, deltas = args.workdir, args.deltas
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    server_db = workdir / "server.sqlite3"
    server_env = server_environment(workdir / "server-data", key=base64.b64encode(os.urandom(32)).decode(),
                                    extra={"KUAIXIANG_SERVER_SNAPSHOT_THRESHOLD": str(deltas + 1)})
    server = ServerProcess(f"sqlite:///{server_db}", workdir, "--demo", env=server_env)
    metrics: list[dict] = []
    with bench._env(KUAIXIANG_DATA_DIR=str(workdir / "client-data"), KUAIXIANG_CLERK=DEMO_USER), \
            file_keyring(workdir / "keyring.json"):
        server.start()
        db = open_client_db(workdir / "client.sqlite3")
        try:
            auth.login_online(db, server.url, DEMO_USER, DEMO_PASSWORD)
            page_times: list[float] = []
            one_round = bench.timed_rounds(server.url, db, page_times)
            one_round()  # the catalogue, facts and demo enterprises: not timed
            done = run_server_cli(["admin", "--db", f"sqlite:///{server_db}", "--json", "add-demo-enterprises",
                                   str(deltas), "--seed", str(DEMO_SEED), "--start", str(DEMO_ENTERPRISES)],
                                  env=server_env, timeout=3600)
            if done.returncode != 0:
                raise RuntimeError(f"server bulk write: {done.stdout or done.stderr}")
            load = bench._load()
            start = time.perf_counter()
            report = one_round()
            seconds = time.perf_counter() - start
            if report.pulled["enterprises"] != deltas:
                raise RuntimeError(f"pulled {report.pulled['enterprises']} of {deltas}")
            base = bench._baseline_pull(workdir / "baseline-pull.sqlite3", bench.new_demo_records(deltas))
            metrics.append({
                "name": "sync_pull_enterprises", "what": "new enterprises (nothing to skip)", "rows": deltas,
                "seconds": round(seconds, 3), "rows_per_s": round(deltas / seconds, 1),
                "pages": report.pages.get("enterprises"), "requests": report.requests,
                "baseline_rows_per_s": round(base, 1), "ratio": bench._sig(deltas / seconds / base),
                **bench._page_p95(page_times), "load_average": load,
            })
            metrics.append(bench._pull_changes(db, one_round, page_times, server_db, server_env, deltas, workdir))
        finally:
            db.close()
            server.stop()
    text = json.dumps({"deltas": deltas, "metrics": metrics}, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
