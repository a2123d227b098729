"""The two pull figures of ``kuaixiang bench --sync`` alone (issue 17 item 2), without its
push of 1,000 applications and its snapshot of the whole registry, which take most of its time.

    .venv/bin/python benchmarks/sync_pulls.py --deltas 100000 --workdir /tmp/kx-pulls --out pulls.json

Runs exactly the benchmark's code (``kuaixiang_desktop.bench.sync``): a server process seeded as
``--demo``, a client logged in and synced once (not timed); then ``deltas`` new enterprises
written on the server and pulled in one timed round (``sync_pull_enterprises``: against plain
inserts of the same rows), then the same enterprises changed on the server and pulled four times:
as changed parts (the changed columns only) written as what they change, and on three copies
of the client as changed parts with every column (version 1 of the format), as whole records
written as changes (the page format before) and rewriting every record (the writer before
that) (``sync_pull_enterprise_changes``: ``speedup_over_parts_v1``, ``speedup_over_whole``,
``speedup_over_rewrite``, the four libraries compared table by table). Everything goes into ``--workdir``, emptied first.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sync_pulls")
    parser.add_argument("--deltas", type=int, default=100_000)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if not 1 <= args.deltas <= 1_000_000:
        parser.error(f"--deltas 应在 1 到 1000000 之间，实际是 {args.deltas}")

    from kuaixiang_desktop.bench import sync as bench

    shutil.rmtree(args.workdir, ignore_errors=True)
    metrics = bench.pulls(deltas=args.deltas, workdir=args.workdir)
    text = json.dumps({"deltas": args.deltas, "metrics": metrics}, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
