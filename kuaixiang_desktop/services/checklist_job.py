"""Build the 一企一策清单 PDF in a child process.

    python -m kuaixiang_desktop.services.checklist_job --db PATH --code CODE [--as-of DATE] --out FILE.pdf

For an enterprise that qualifies for a hundred items the list runs to hundreds of pages, and
laying it out is seconds of pure Python; done in a thread of the window it starves the GUI
thread of the GIL (measured: a 5 s freeze for a 212-page list).  :func:`build_in_child` runs
this module with ``subprocess`` from a worker thread, which only waits, and reads back the
file and one JSON line: ``{"title": ..., "pages": ...}`` (exit 0), or ``{"error": ...,
"kind": "not_found" | "input" | "failed"}`` (exit 1).  Run from a window's task it also
watches the task's cancel event (``services.cancellation``): closing the window kills the child
instead of waiting out its minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kuaixiang_core.cancellation import Cancelled, current_cancel_event

from .matching import EnterpriseNotFound

TIMEOUT_S = 600
POLL_S = 0.1  # how soon a cancel request kills the child


def _child_args(db_path: Path, credit_code: str, as_of: dt.date | None, out: str) -> list[str]:
    args = [sys.executable, "-m", "kuaixiang_desktop.services.checklist_job", "--db", str(db_path),
            "--code", credit_code, "--out", out]
    if as_of is not None:
        args += ["--as-of", as_of.isoformat()]
    return args


def _communicate(args: list[str], cancel: threading.Event | None) -> tuple[int, bytes, bytes]:
    """Run the child to its end: (exit code, stdout, stderr); RuntimeError past TIMEOUT_S,
    Cancelled as soon as ``cancel`` is set.  Either way the child is killed and reaped."""
    deadline = time.monotonic() + TIMEOUT_S
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("生成一企一策清单已取消")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"生成一企一策清单超过 {TIMEOUT_S // 60} 分钟仍未完成，已放弃；请稍后重试")
                try:
                    # communicate() keeps reading both pipes between slices, so a chatty child
                    # never blocks on a full pipe; what it read so far is kept for the next call.
                    out, err = child.communicate(timeout=min(POLL_S, left))
                except subprocess.TimeoutExpired:
                    continue
                return child.returncode, out, err
        except BaseException:
            child.kill()
            child.wait()
            raise


def build_in_child(db_path: Path, credit_code: str, as_of: dt.date | None) -> tuple[bytes, str]:
    """The PDF bytes and the print job's title; EnterpriseNotFound / ValueError / RuntimeError
    (:class:`~.cancellation.Cancelled`, a RuntimeError, when the calling task was cancelled)."""
    fd, out = tempfile.mkstemp(prefix="kx-checklist-", suffix=".pdf")
    os.close(fd)
    try:
        returncode, stdout, stderr = _communicate(_child_args(db_path, credit_code, as_of, out),
                                                  current_cancel_event())
        lines = stdout.decode("utf-8", "replace").strip().splitlines()
        try:
            answer = json.loads(lines[-1]) if lines else {}
        except ValueError:
            answer = {}
        if returncode == 0 and "title" in answer:
            return Path(out).read_bytes(), answer["title"]
        message = answer.get("error") or f"生成一企一策清单的进程意外退出（代码 {returncode}）：" + \
            stderr.decode("utf-8", "replace").strip()[-500:]
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
    from .checklist import checklist_data
    from .database import open_client_db

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
