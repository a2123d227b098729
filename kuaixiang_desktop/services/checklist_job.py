"""Build the 一企一策清单 PDF in a child process.

    python -m kuaixiang_desktop.services.checklist_job --db PATH --code CODE [--as-of DATE] --out FILE.pdf

For an enterprise that qualifies for a hundred items the list runs to hundreds of pages, and
laying it out is seconds of pure Python; done in a thread of the window it starves the GUI
thread of the GIL (measured: a 5 s freeze for a 212-page list).  :func:`build_in_child` runs
this module with ``subprocess`` from a worker thread, which only waits, and reads back the
file and one JSON line: ``{"title": ..., "pages": ...}`` (exit 0), or ``{"error": ...,
"kind": "not_found" | "input" | "failed"}`` (exit 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .matching import EnterpriseNotFound

TIMEOUT_S = 600


def build_in_child(db_path: Path, credit_code: str, as_of: dt.date | None) -> tuple[bytes, str]:
    """The PDF bytes and the print job's title; EnterpriseNotFound / ValueError / RuntimeError."""
    fd, out = tempfile.mkstemp(prefix="kx-checklist-", suffix=".pdf")
    os.close(fd)
    try:
        args = [sys.executable, "-m", "kuaixiang_desktop.services.checklist_job", "--db", str(db_path),
                "--code", credit_code, "--out", out]
        if as_of is not None:
            args += ["--as-of", as_of.isoformat()]
        try:
            done = subprocess.run(args, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"生成一企一策清单超过 {TIMEOUT_S // 60} 分钟仍未完成，已放弃；请稍后重试") from None
        lines = done.stdout.decode("utf-8", "replace").strip().splitlines()
        try:
            answer = json.loads(lines[-1]) if lines else {}
        except ValueError:
            answer = {}
        if done.returncode == 0 and "title" in answer:
            return Path(out).read_bytes(), answer["title"]
        message = answer.get("error") or f"生成一企一策清单的进程意外退出（代码 {done.returncode}）：" + \
            done.stderr.decode("utf-8", "replace").strip()[-500:]
        kind = answer.get("kind")
        if kind == "not_found":
            raise EnterpriseNotFound(message)
        if kind == "input":
            raise ValueError(message)
        raise RuntimeError(message)
    finally:
        Path(out).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kuaixiang_desktop.services.checklist_job")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--as-of")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    def fail(message: str, kind: str) -> int:
        print(json.dumps({"error": message, "kind": kind}, ensure_ascii=False), flush=True)
        return 1

    from ..printing.checklist import render_checklist
    from ..store.database import DatabaseError
    from .bootstrap import open_client_db
    from .checklist import checklist_data

    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        return fail(f"日期应为 YYYY-MM-DD，实际是 {args.as_of!r}", "input")
    try:
        db = open_client_db(args.db)
    except DatabaseError as exc:
        return fail(f"无法打开数据库 {args.db}：{exc}", "failed")
    try:
        data = checklist_data(db, args.code, as_of)
        pdf = render_checklist(data)
    except EnterpriseNotFound as exc:
        return fail(str(exc), "not_found")
    except ValueError as exc:
        return fail(str(exc), "input")
    finally:
        db.close()
    try:
        args.out.write_bytes(pdf)
    except OSError as exc:
        return fail(f"无法写入 {args.out}：{exc.strerror}", "failed")
    print(json.dumps({"title": f"一企一策政策清单 {data.enterprise_name}", "pages": None}, ensure_ascii=False),
          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
