"""Sync figures for ``kuaixiang bench --sync``: push and pull against a real server process.

A ``kuaixiang_server`` runs in a subprocess on 127.0.0.1 over a SQLite database seeded as
``--demo`` seeds it (catalogue, 2,000 enterprises, the demo clerk). A client database logs
in and pulls everything once (not timed). Then:

- ``sync_push_applications``: ``applications`` applications filed at the window, each with
  its own PDF of ``attachment_kb`` KB, pushed by one timed ``sync_service.sync`` round
  (attachments and entries; the round's pull finds little). Baseline: plain ``executemany``
  of the same number of rows (the outbox payloads and the same attachment bytes as BLOBs)
  into a bare table of a fresh SQLite file (the server's database kind), one transaction.
- ``sync_pull_enterprises``: ``deltas`` new enterprises written on the server through its
  own bulk path (``upsert_enterprises``, as ``admin import-enterprises`` does), pulled by
  one timed ``sync_service.sync`` round (pages of ``sync_service.PULL_PAGE`` after a first of
  ``PARTS_PAGE``: a pull of changed parts that brings whole records; each applied in
  one transaction of bulk statements, with the server's search keys checked on a sample).
  Baseline: plain ``executemany`` of the same enterprise rows into a bare table of a fresh
  SQLite file, right after (``ratio``: ours / that). New enterprises: nothing to skip.
- ``sync_pull_enterprise_changes``: the same ``deltas`` enterprises changed on the server
  (``add-demo-enterprises --changed``: each re-sent with one to three facts or fields
  changed, what registry deltas look like), pulled by one timed round that asks for the
  changed parts only (``kuaixiang_core/wire_parts``, pages of ``sync_service.PARTS_PAGE``;
  so do the version-1 copy's, the whole-record copies' are of ``PULL_PAGE``) and writes only what they change
  (``store/enterprise_changes``). Then the same changes pulled into three copies of the
  client taken before that round: as changed parts of version 1, every column (``parts_v1_*``,
  ``speedup_over_parts_v1``: the format before), as whole records written as what they
  change (``whole_*``, ``speedup_over_whole``: the format before that), and as whole records
  each rewritten whole (``rewrite_*``, ``speedup_over_rewrite``: the writer before that); the
  four libraries are compared table by table (``libraries_differ``: rows each side has and the other not; the
  round fails unless all are 0). Baseline: plain inserts of the changed rows, as above.

- ``sync_snapshot_provision``: the server's registry grown to ``snapshot_enterprises`` (not
  timed), its snapshot built (``server_build_seconds``, not part of the figure: the server
  keeps it per cursor), then a new client logs in and one timed round provisions it: offer,
  download, verify, unpack, build, swap (search index included), then the deltas after the
  snapshot's cursor; ``stages_seconds`` per stage and ``detail_seconds`` per part of the build
  and the swap. Baseline: the same plain inserts as the pull's; ``ratio_to_pages``
  compares it with the page-by-page pull measured just before.

``ratio`` = ours / baseline rows/s (below 1: the sync does HTTP, JSON, checks, search keys,
tags and facts that a bare insert does not); the pulls' baseline is the median of
``BASELINE_RUNS`` runs. Each pull metric notes the machine's
``load_average`` as it started: the machine is shared.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import json
import os
import sqlite3
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from kuaixiang_core.demo import DEMO_ENTERPRISES, DEMO_PASSWORD, DEMO_SEED, DEMO_USER
from kuaixiang_core.domain import clock
from kuaixiang_core.server_process import ServerProcess, run_server_cli, server_environment

AGENT_NAME, AGENT_ID, AGENT_PHONE = "李秀英", "11010519491231002x", "139 0635 1234"


def _sig(x: float) -> float:
    """Three significant digits: the ratios here are small (HTTP against a bare insert)."""
    return float(f"{x:.3g}")


@contextlib.contextmanager
def _env(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _pdf(n: int, size: int) -> bytes:
    head = b"%PDF-1.4\n%bench " + str(n).encode() + b"\n"
    return head + os.urandom(max(0, size - len(head)))


def _eligible_pairs(db, count: int) -> list[tuple[str, str]]:
    """(credit code, item id) pairs the window may file today, distinct, spread over enterprises."""
    from sqlalchemy import text

    from ..services.matching import enterprise_facts
    from ..services.policies import compiled_catalogue

    cat = compiled_catalogue(db)
    today = clock.today()
    items = [i for i in cat.items if i.mode != "auto" and i.in_force(today)
             and not ((i.apply_from and today < i.apply_from) or (i.apply_to and today > i.apply_to))]
    found: list[tuple[str, str]] = []
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT credit_code, region_code FROM enterprise ORDER BY id")).all()
        per_enterprise: list[list[tuple[str, str]]] = []
        for code, region in rows:
            facts = enterprise_facts(conn, code, today, cat.declared)
            mine = [(code, item.id) for item in items
                    if cat.document_views[item.document_id].reaches(region)
                    and item.rule.verdict(facts)[0] != "ineligible"]
            per_enterprise.append(mine)
            if sum(1 for m in per_enterprise if m) >= count:
                break
        # Round-robin: first item of every enterprise, then second items, …
        depth = 0
        while len(found) < count and any(len(m) > depth for m in per_enterprise):
            found += [m[depth] for m in per_enterprise if len(m) > depth][: count - len(found)]
            depth += 1
    if len(found) < count:
        raise RuntimeError(f"only {len(found)} eligible (enterprise, item) pairs for {count} applications")
    return found


def _server_counts(db_path: Path, app_ids: list[str], codes: list[str]) -> tuple[int, int]:
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        have_apps = {i for (i,) in conn.execute("SELECT id FROM application")}
        have_codes = {c for (c,) in conn.execute("SELECT credit_code FROM enterprise")}
    finally:
        conn.close()
    return sum(1 for i in app_ids if i in have_apps), sum(1 for c in codes if c in have_codes)


def _baseline_push(path: Path, rows: list[tuple[str, str, bytes]]) -> float:
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, payload TEXT NOT NULL, data BLOB NOT NULL)")
        start = time.perf_counter()
        with conn:
            conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        seconds = time.perf_counter() - start
    finally:
        conn.close()
    return len(rows) / seconds


def _enterprise_row(rec) -> tuple:
    out = []
    for f in dataclasses.fields(rec):
        v = getattr(rec, f.name)
        if isinstance(v, list):
            continue
        out.append(v.isoformat() if isinstance(v, dt.date) else v)
    return tuple(out)


BASELINE_RUNS = 5


def _baseline_pull(path: Path, records: list) -> float:
    """Plain inserts of the records' columns into a new table, rows/s: the median of
    ``BASELINE_RUNS`` runs. One run lasts well under a second against the timed round's
    several, and on a shared machine single runs of it spread by a third (88,000 to 157,000
    rows/s within minutes), which the ratio would carry whole."""
    rows = [_enterprise_row(r) for r in records]
    width = len(rows[0])
    rates = []
    for _ in range(BASELINE_RUNS):
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        try:
            cols = ", ".join(f"c{i}" for i in range(1, width))
            conn.execute(f"CREATE TABLE t (code TEXT PRIMARY KEY, {cols})")
            start = time.perf_counter()
            with conn:
                conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * width)})", rows)
            rates.append(len(rows) / (time.perf_counter() - start))
        finally:
            conn.close()
    return statistics.median(rates)


def _same_library(db, other: Path) -> dict:
    """Rows of each enterprise table in ``db`` and not in ``other``, and the reverse (the
    stamps ``updated_at`` and ``version`` left out: an unchanged record keeps them)."""
    from sqlalchemy import text

    from ..store.enterprises import _ENTERPRISE_COLUMNS

    cols = ", ".join(c for c in _ENTERPRISE_COLUMNS if c not in ("updated_at", "version")) + ", source"
    tables = {
        "enterprise": f"SELECT {cols} FROM {{s}}enterprise",
        "enterprise_fact": "SELECT enterprise_id, fact_name, valid_on, value, source, valid_until FROM {s}enterprise_fact",
        "enterprise_tag": "SELECT enterprise_id, tag, valid_from, valid_to, source FROM {s}enterprise_tag",
        "enterprise_search": "SELECT rowid, uni, bi, ini FROM {s}enterprise_search",
    }
    out = {}
    with db.engine.connect() as conn:
        conn.execute(text("ATTACH DATABASE :p AS other"), {"p": str(other)})
        try:
            for name, sql in tables.items():
                a, b = sql.format(s="main."), sql.format(s="other.")
                out[name] = [conn.execute(text(f"SELECT count(*) FROM ({x} EXCEPT {y})")).scalar_one()
                             for x, y in ((a, b), (b, a))]
        finally:
            conn.rollback()
            conn.execute(text("DETACH DATABASE other"))
    return out


def _pull_new(db, one_round, page_times: list[float], server_db: Path, server_env: dict, deltas: int,
              workdir: Path) -> dict:
    """``deltas`` new enterprises written on the server through its own bulk path (not
    timed, as an administrator would), pulled by one timed round; every one must arrive."""
    from sqlalchemy import text

    done = run_server_cli(["admin", "--db", f"sqlite:///{server_db}", "--json", "add-demo-enterprises",
                           str(deltas), "--seed", str(DEMO_SEED), "--start", str(DEMO_ENTERPRISES)],
                          env=server_env, timeout=3600)
    if done.returncode != 0 or json.loads(done.stdout)["inserted"] != deltas:
        raise RuntimeError(f"server bulk write: {done.stdout or done.stderr}")
    with db.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
    load = _load()
    start = time.perf_counter()
    report = one_round()
    seconds = time.perf_counter() - start
    # Made after the timed round, not before: the round should not carry the harness's
    # 100,000 records (millions of objects the window would not hold) through its collections.
    records = new_demo_records(deltas)
    codes = [r.credit_code for r in records]
    with db.engine.connect() as conn:
        after = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
        local_codes = {c for (c,) in conn.execute(text("SELECT credit_code FROM enterprise"))}
    got = sum(1 for c in codes if c in local_codes)
    if report.pulled["enterprises"] != deltas or got != deltas or after - before != deltas:
        raise RuntimeError(f"pulled {report.pulled['enterprises']}, client holds {got} of {deltas}")
    base = _baseline_pull(workdir / "baseline-pull.sqlite3", records)
    ours = deltas / seconds
    return {
        "name": "sync_pull_enterprises", "what": "new enterprises (nothing to skip)", "rows": deltas,
        "seconds": round(seconds, 3), "rows_per_s": round(ours, 1), "pages": report.pages.get("enterprises"),
        "requests": report.requests, "baseline_rows_per_s": round(base, 1), "ratio": _sig(ours / base),
        "client_holds": got, **_page_p95(page_times), "load_average": load,
    }


def pulls(*, deltas: int, workdir: Path) -> list[dict]:
    """The two pull metrics of ``run`` alone (``sync_pull_enterprises``,
    ``sync_pull_enterprise_changes``), without its push and snapshot phases."""
    with _demo_pair(Path(workdir), deltas) as (server, db, server_db, server_env):
        page_times: list[float] = []
        one_round = timed_rounds(server.url, db, page_times)
        one_round()  # catalogue, facts and the demo enterprises: not timed
        return [_pull_new(db, one_round, page_times, server_db, server_env, deltas, workdir),
                _pull_changes(db, one_round, page_times, server_db, server_env, deltas, workdir)]


@contextlib.contextmanager
def _demo_pair(workdir: Path, deltas: int) -> Iterator[tuple]:
    """A server process seeded as ``--demo`` over SQLite in ``workdir`` and a client library
    logged in to it: (server, client db, server db path, server environment). A client more
    than ``deltas`` changes behind is advised the snapshot."""
    from ..services import auth
    from ..services.database import open_client_db
    from ..services.secrets import file_keyring

    workdir.mkdir(parents=True, exist_ok=True)
    server_db = workdir / "server.sqlite3"
    server_env = server_environment(workdir / "server-data", key=base64.b64encode(os.urandom(32)).decode(),
                                    extra={"KUAIXIANG_SERVER_SNAPSHOT_THRESHOLD": str(deltas + 1)})
    # The server seeds the demo (catalogue, DEMO_ENTERPRISES enterprises, the demo clerk) as it
    # starts; nothing of it is timed.
    server = ServerProcess(f"sqlite:///{server_db}", workdir, "--demo", env=server_env)
    with _env(KUAIXIANG_DATA_DIR=str(workdir / "client-data"), KUAIXIANG_CLERK=DEMO_USER), \
            file_keyring(workdir / "keyring.json"):
        server.start()
        db = open_client_db(workdir / "client.sqlite3")
        try:
            auth.login_online(db, server.url, DEMO_USER, DEMO_PASSWORD)
            yield server, db, server_db, server_env
        finally:
            db.close()
            server.stop()


def _pull_changes(db, one_round, page_times: list[float], server_db: Path, server_env: dict, deltas: int,
                  workdir: Path) -> dict:
    """``deltas`` registry changes to the enterprises the last pull brought (each re-sent
    with one to three facts or fields changed: kuaixiang_core/demo/changes), written on the
    server through its own bulk path (not timed), pulled by one timed round that asks for the
    changed parts only and writes what they change; then the same changes pulled into two
    copies of the client taken before the round: as changed parts with every column (version
    1, ``parts_v1_*``), as whole records written as what they change (``whole_*``, the format
    before), and as whole records each rewritten whole (the code before that, ``rewrite_*``);
    the four libraries compared table by table."""
    from sqlalchemy import text

    from kuaixiang_core.demo.changes import changed_record

    from ..services import auth, sync_enterprises
    from ..services.database import open_client_db

    done = run_server_cli(["admin", "--db", f"sqlite:///{server_db}", "--json", "add-demo-enterprises",
                           str(deltas), "--seed", str(DEMO_SEED), "--start", str(DEMO_ENTERPRISES), "--changed"],
                          env=server_env, timeout=3600)
    if done.returncode != 0 or json.loads(done.stdout)["updated"] != deltas:
        raise RuntimeError(f"server bulk write of changes: {done.stdout or done.stderr}")
    today = clock.today()
    copies = {"parts_v1": workdir / "client-parts-v1.sqlite3", "whole": workdir / "client-whole.sqlite3",
              "rewrite": workdir / "client-rewrite.sqlite3"}
    with db.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
        for copy in copies.values():
            target = sqlite3.connect(copy)
            conn.connection.driver_connection.backup(target)
            target.close()
            # On disk before the timed round, so that the round does not share the disk with
            # the write-back of the copies' 900 MB.
            with open(copy, "rb") as written:
                os.fsync(written.fileno())

    def timed(target, parts: bool, version: int | None = None) -> dict:
        load = _load()
        start = time.perf_counter()
        report = one_round(target, parts=parts, version=version)
        seconds = time.perf_counter() - start
        if report.pulled["enterprises"] != deltas:
            raise RuntimeError(f"pulled {report.pulled['enterprises']} of {deltas} changes")
        return {"seconds": seconds, "report": report, "load": load, **_page_p95(page_times)}

    ours = timed(db, parts=True)
    with db.engine.connect() as conn:
        after = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
        moved = conn.execute(text("SELECT count(*) FROM enterprise WHERE version > 1")).scalar_one()
    if after != before:
        raise RuntimeError(f"changes to held enterprises made {after - before} new ones")
    others, differ = {}, {}
    for name, copy in copies.items():
        other = open_client_db(copy)
        # The copy is the same clerk's session on the same machine (the session is kept per file).
        auth._write_session(other, auth._read_session(db))
        sync_enterprises.WRITE_CHANGES_ONLY = name != "rewrite"
        try:
            # parts_v1: changed parts with every column (the format before this client's)
            others[name] = timed(other, parts=name == "parts_v1", version=1 if name == "parts_v1" else None)
        finally:
            sync_enterprises.WRITE_CHANGES_ONLY = True
            other.close()
        differ[name] = _same_library(db, copy)
        if any(any(v) for v in differ[name].values()):
            raise RuntimeError(f"changed-parts and {name} libraries differ: {differ[name]}")
    # The changes the server wrote, made after the timed rounds (see _pull_new).
    records = [changed_record(r, DEMO_SEED, today) for r in new_demo_records(deltas)]
    base = _baseline_pull(workdir / "baseline-changes.sqlite3", records)
    rate = deltas / ours["seconds"]
    out = {
        "name": "sync_pull_enterprise_changes",
        "what": "registry changes: enterprises held re-sent as their changed parts, each with 1-3 facts/fields changed",
        "rows": deltas, "seconds": round(ours["seconds"], 3), "rows_per_s": round(rate, 1),
        "pages": ours["report"].pages.get("enterprises"), "requests": ours["report"].requests,
        "baseline_rows_per_s": round(base, 1), "ratio": _sig(rate / base),
        "page_p50_ms": ours.get("page_p50_ms"), "page_p95_ms": ours.get("page_p95_ms"), "load_average": ours["load"],
        "changed_enterprises": moved,
    }
    for name, got in others.items():
        other_rate = deltas / got["seconds"]
        out.update({f"{name}_seconds": round(got["seconds"], 3), f"{name}_rows_per_s": round(other_rate, 1),
                    f"{name}_ratio": _sig(other_rate / base), f"{name}_page_p50_ms": got.get("page_p50_ms"),
                    f"{name}_page_p95_ms": got.get("page_p95_ms"), f"{name}_load_average": got["load"],
                    f"speedup_over_{name}": _sig(rate / other_rate)})
    out["libraries_differ"] = differ
    return out


def timed_rounds(url: str, db, page_times: list[float]):
    """A sync round against ``url`` (of ``db``, or of the library given), refusing an
    incomplete one; ``page_times`` gets the round's start and each page's end."""
    from ..services import sync_report, sync_service
    from ..sync.client import SyncClient

    def one_round(target=None, *, parts: bool = True, version: int | None = None) -> sync_report.SyncReport:
        """``version``: of changed parts, when not this client's (kuaixiang_core/wire_parts)."""
        client = SyncClient(url, timeout=300.0)
        client.enterprise_parts = parts
        if version is not None:
            client.parts_version = version
        page_times.clear()
        page_times.append(time.perf_counter())
        hooks = sync_report.SyncHooks(after_page=lambda *_: page_times.append(time.perf_counter()))
        try:
            report = sync_service.sync(target or db, client=client, hooks=hooks)
        finally:
            client.close()
        if not report.complete or report.failures:
            raise RuntimeError(f"sync round incomplete: {report.to_json()}")
        return report

    return one_round


def new_demo_records(count: int) -> list:
    """The ``count`` enterprises ``add-demo-enterprises`` writes after the demo's own."""
    from kuaixiang_core.demo.enterprises import CHUNK, generate_chunk

    records: list = []
    at = DEMO_ENTERPRISES
    while len(records) < count:
        take = min(CHUNK, count - len(records))
        records += [d.record for d in generate_chunk(DEMO_SEED, at, take)]
        at += take
    return records


def _load() -> list[float]:
    """The machine's load averages (1, 5, 15 minutes) as a metric starts: the machine is shared."""
    return [round(x, 2) for x in os.getloadavg()]


def _page_p95(stamps: list[float]) -> dict:
    """p50/p95 of the time between pages (fetch, check and write of one page, as the round
    saw it)."""
    gaps = sorted(b - a for a, b in zip(stamps, stamps[1:], strict=False))
    if not gaps:
        return {}

    def ms(q: float) -> float:
        return round(gaps[min(len(gaps) - 1, int(q * len(gaps)))] * 1000, 1)

    return {"page_p50_ms": ms(0.5), "page_p95_ms": ms(0.95)}


def run(*, applications: int = 1000, attachment_kb: int = 200, deltas: int = 100_000,
        snapshot_enterprises: int | None = None, workdir: Path) -> list[dict]:
    """Both metrics; everything (server and client databases, attachments, logs) goes into
    ``workdir``, which should be empty. The server is stopped before returning."""
    from sqlalchemy import func, select, text

    from ..services import applications as apps
    from ..services import auth
    from ..services.database import open_client_db
    from ..services.device import local_device
    from ..store.models import OutboxEntry

    workdir = Path(workdir)
    metrics: list[dict] = []
    # A client more than ``deltas`` changes behind is advised the snapshot: the new client of
    # the last phase is, the pulling client of the second is not.
    with _demo_pair(workdir, deltas) as (server, db, server_db, server_env):
        try:
            page_times: list[float] = []
            one_round = timed_rounds(server.url, db, page_times)
            one_round()  # catalogue, facts and the demo enterprises: not timed

            # -- push ----------------------------------------------------------------------
            device = local_device(db)
            cat_items = {i.id: i for i in apps.compiled_catalogue(db).items}
            agent = apps.Agent(AGENT_NAME, AGENT_ID, AGENT_PHONE)
            pdf_dir = workdir / "pdfs"
            pdf_dir.mkdir(exist_ok=True)
            size = attachment_kb * 1024
            app_ids: list[str] = []
            for n, (code, item_id) in enumerate(_eligible_pairs(db, applications)):
                file = pdf_dir / f"{n}.pdf"
                file.write_bytes(_pdf(n, size))
                materials = [apps.MaterialInput(m.name, file if i == 0 else None)
                             for i, m in enumerate(m for m in cat_items[item_id].materials if m.required)]
                if not materials:  # nothing required: attach the file to the first material
                    materials = [apps.MaterialInput(cat_items[item_id].materials[0].name, file)]
                result = apps.file_application(db, code, item_id, agent, materials, device_id=device.short_id)
                if result.status != "accepted":
                    raise RuntimeError(f"filing {code}/{item_id} gave {result.status}: missing {result.missing}")
                app_ids.append(result.application_id)
                file.unlink()
            with db.sessions() as session:
                payloads = list(session.scalars(select(OutboxEntry.payload_json)
                                                .where(OutboxEntry.state == "pending").order_by(OutboxEntry.id)))
            start = time.perf_counter()
            report = one_round()
            push_seconds = time.perf_counter() - start
            held, _ = _server_counts(server_db, app_ids, [])
            if report.pushed != applications or held != applications:
                raise RuntimeError(f"pushed {report.pushed}, server holds {held} of {applications}")
            base_rows = [(f"{n:036d}", payloads[n % len(payloads)], _pdf(n, size)) for n in range(applications)]
            base_push = _baseline_push(workdir / "baseline-push.sqlite3", base_rows)
            del base_rows
            ours = applications / push_seconds
            metrics.append({
                "name": "sync_push_applications", "rows": applications, "attachment_kb": attachment_kb,
                "seconds": round(push_seconds, 3), "rows_per_s": round(ours, 1),
                "mb_per_s": round(report.attachment_bytes / 1048576 / push_seconds, 2),
                "attachment_bytes": report.attachment_bytes, "requests": report.requests,
                "baseline_rows_per_s": round(base_push, 1), "ratio": _sig(ours / base_push),
                "server_holds": held,
            })

            # -- pull ----------------------------------------------------------------------
            pulled = _pull_new(db, one_round, page_times, server_db, server_env, deltas, workdir)
            metrics.append(pulled)
            pages_rate, base_pull = pulled["rows_per_s"], pulled["baseline_rows_per_s"]

            # -- pull of registry changes ----------------------------------------------------
            changes = _pull_changes(db, one_round, page_times, server_db, server_env, deltas, workdir)
            metrics.append(changes)

            # -- provisioning by snapshot ------------------------------------------------------
            total = DEMO_ENTERPRISES + deltas
            if snapshot_enterprises and snapshot_enterprises > total:
                done = run_server_cli(["admin", "--db", f"sqlite:///{server_db}", "--json", "add-demo-enterprises",
                                       str(snapshot_enterprises - total), "--seed", str(DEMO_SEED),
                                       "--start", str(total)], env=server_env, timeout=4 * 3600)
                if done.returncode != 0:
                    raise RuntimeError(f"server bulk write: {done.stdout or done.stderr}")
                total = snapshot_enterprises
            start = time.perf_counter()
            built = run_server_cli(["admin", "--db", f"sqlite:///{server_db}", "--json", "build-snapshot"],
                                   env=server_env, timeout=4 * 3600)
            build_seconds = time.perf_counter() - start
            if built.returncode != 0:
                raise RuntimeError(f"snapshot build: {built.stdout or built.stderr}")
            fresh = open_client_db(workdir / "client-new.sqlite3")
            try:
                auth.login_online(fresh, server.url, DEMO_USER, DEMO_PASSWORD)
                snap_load = _load()
                start = time.perf_counter()
                report = one_round(fresh)
                snap_seconds = time.perf_counter() - start
                with fresh.engine.connect() as conn:
                    held = conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
                    indexed = conn.execute(text("SELECT count(*) FROM enterprise_search")).scalar_one()
                    found = conn.execute(text("SELECT count(*) FROM enterprise_search WHERE enterprise_search "
                                              "MATCH 'bi : \"有限\"'")).scalar_one()
            finally:
                fresh.close()
            snap = report.snapshot or {}
            if snap.get("inserted") != total or held != total or indexed != total or not found:
                raise RuntimeError(f"snapshot gave {snap}, client holds {held}, indexed {indexed}")
            ours = total / snap_seconds
            metrics.append({
                "name": "sync_snapshot_provision", "rows": total, "seconds": round(snap_seconds, 3),
                "rows_per_s": round(ours, 1), "stages_seconds": snap.get("seconds"),
                "detail_seconds": snap.get("detail_seconds"), "bytes": snap.get("bytes"),
                "server_build_seconds": round(build_seconds, 1), "requests": report.requests,
                "baseline_rows_per_s": round(base_pull, 1), "ratio": _sig(ours / base_pull),
                "ratio_to_pages": _sig(ours / pages_rate), "client_holds": held, "search_rows": indexed,
                "load_average": snap_load,
            })
            with db.sessions() as session:  # nothing left behind in the outbox
                left = session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == "pending"))
            metrics[0]["pending_after"] = left
        finally:
            with contextlib.suppress(Exception):
                auth.logout(db)
    return metrics
