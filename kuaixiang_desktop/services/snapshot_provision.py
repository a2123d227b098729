"""Provisioning by snapshot: a new client (or one far behind) takes the registry and the
catalogue in bulk, then pulls the streams from the snapshot's cursors (docs/sync-protocol.md,
"Snapshot").

The work goes in stages, each of which a killed process or a cut connection resumes:

1. **offer**: ``GET /snapshot`` names the newest snapshot and whether this client should take
   it. Its manifest must be signed by the server key this client pinned at its first log-in
   (a client without one takes no snapshot), else it is refused and nothing is kept;
2. **download**: chunk by chunk into ``<id>.part`` in ``<db>.snapshot/``, each chunk's
   SHA-256 checked against the manifest before it is appended, so garbage from the server or
   a proxy is refused at the chunk it arrives in; an interrupted download goes on from the
   last whole chunk;
3. **verify**: the whole file's SHA-256 is the manifest's id (then it is renamed ``.kxsnap``);
4. **unpack**: gunzipped into a staging SQLite file whose tables and meta must be exactly the
   format's and agree with the manifest; the server's search keys of a random sample of rows
   recomputed (a snapshot whose keys disagree is refused, and not taken again);
5. **build**: the client's own tables (DDL copied from the client database) filled from it in
   a fresh file without journal or sync, facts chained, then indexes and the search index
   built; a kill leaves a file the next attempt deletes;
6. **swap**: one transaction of the client database, on a connection of its own, applies the
   catalogue items, copies the built registry in (page copies into empty tables, the search
   index as FTS5's own tables; an upsert by credit code into a client that holds
   enterprises), and sets the three cursors and the snapshot's id. Killed before its commit,
   nothing of it is there; after, it is all there.

Nothing but the registry and the catalogue is touched: applications, outbox, drafts, audit,
settings and local enterprises stay, and enterprises keep their ids.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from kuaixiang_core import cancellation, wire
from kuaixiang_core import snapshot as fmt
from kuaixiang_core.domain.clock import utcnow
from kuaixiang_core.reference import DOCUMENT_ONLY_LEVELS

from ..store import fact_chain
from ..store.database import _IMMEDIATE, Database, make_engine
from ..store.sync_cursors import read_cursor, write_cursor
from ..sync.client import Rejected, SyncClient
from . import crash_points
from .device_trust import trusted_signer
from .sync_enterprises import PARTS_SINCE

log = logging.getLogger(__name__)

REGISTRY_TABLES = ("enterprise", "enterprise_tag", "enterprise_fact")
FTS_SHADOWS = ("data", "idx", "content", "docsize", "config")  # FTS5's own tables of enterprise_search
KEY_SAMPLE = 200  # rows whose server-computed search keys the client recomputes before it builds
# Page cache of the build and swap connections (KiB, negative as SQLite takes it): index builds
# sort in memory up to it instead of spilling to temporary files. Those connections are
# closed afterwards, so the window keeps its usual footprint.
_CACHE_KB = -262144
_BULK_PRAGMAS = ("PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", f"PRAGMA cache_size={_CACHE_KB}",
                 "PRAGMA threads=2", "PRAGMA foreign_keys=OFF")
# valid_until of every value of a fact held at several dates (found on the primary key; a
# registry where each fact has one date, the usual case, writes nothing here).
_CHAIN_SEVERAL = (
    "UPDATE main.enterprise_fact SET valid_until = (SELECT min(n.valid_on) FROM main.enterprise_fact n "
    "WHERE n.enterprise_id = enterprise_fact.enterprise_id AND n.fact_name = enterprise_fact.fact_name "
    "AND n.valid_on > enterprise_fact.valid_on) WHERE (enterprise_id, fact_name) IN "
    "(SELECT enterprise_id, fact_name FROM main.enterprise_fact GROUP BY 1, 2 HAVING count(*) > 1)"
)
ApplyItems = Callable[[Session, str, list[dict]], None]


class SnapshotRefused(Exception):
    """A snapshot this client will not use; the message (Chinese) says why."""


def folder_of(db: Database) -> Path:
    return db.path.with_name(db.path.name + ".snapshot")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while piece := f.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


class Provisioner:
    """One client database's snapshot work against one server (``cursor_key`` names the
    server's cursors, as the sync service keeps them)."""

    def __init__(self, db: Database, client: SyncClient, cursor_key: Callable[[str], str], apply_items: ApplyItems):
        self.db, self.client, self.cursor_key, self.apply_items = db, client, cursor_key, apply_items
        self.folder = folder_of(db)
        self.summary: dict = {}
        self.times: dict[str, float] = {}
        self.details: dict[str, float] = {}

    # -- the offer -----------------------------------------------------------------------

    def _cursor(self, stream: str) -> str | None:
        with self.db.sessions() as session:
            return read_cursor(session, self.cursor_key(stream))

    def offered(self) -> fmt.Manifest | None:
        """The manifest to take, checked; None when the server advises none (or has none)."""
        try:
            offer = self.client.snapshot_offer(self._cursor("enterprises"))
        except Rejected as exc:  # a server without snapshots (404), or one refusing this cursor
            self.summary = {"state": "unavailable", "message": exc.message}
            return None
        state = offer.get("state")
        self.summary = {"state": state if isinstance(state, str) else "?"}
        if state != "ready" or offer.get("advised") is not True:
            if self.folder.exists():  # a download refused or overtaken by the pages: not needed now
                self.cleanup()
            return None
        try:
            manifest = fmt.Manifest.from_json(offer.get("manifest"))
        except wire.WireError as exc:
            raise SnapshotRefused(f"快照清单格式不对：{exc}") from None
        if manifest.keys_version != fmt.KEYS_VERSION:
            self.summary = {"state": "keys_version", "message": "快照的检索键版本与本机不同：改为逐页同步"}
            return None
        signer = trusted_signer(self.db)
        if signer is None:
            raise SnapshotRefused("本机尚未固定中心端的签名密钥，不能核验快照：改为逐页同步")
        if manifest.signer != signer.key_id or not fmt.verify(manifest, signer.public_key):
            raise SnapshotRefused("快照清单的签名与本机固定的中心端密钥不符：已拒收")
        try:
            refused = (self.folder / "refused").read_text("utf-8")
        except OSError:
            refused = None
        if refused == manifest.id:  # its search keys were not this client's: pages instead
            self.summary = {"state": "refused", "id": manifest.id}
            return None
        if self._cursor("snapshot") == manifest.id:
            self.cleanup()  # applied before; a kill came before the files were removed
            return None
        return manifest

    # -- the stages ----------------------------------------------------------------------

    def run(self, manifest: fmt.Manifest) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        state = self.folder / "state.json"
        try:
            held = json.loads(state.read_text("utf-8")).get("id")
        except (OSError, ValueError, AttributeError):
            held = None
        if held != manifest.id:  # another snapshot's leftovers: start afresh
            self.cleanup()
            self.folder.mkdir(parents=True, exist_ok=True)
            state.write_text(json.dumps({"id": manifest.id}), "utf-8")
        self.summary.update({"id": manifest.id, "bytes": manifest.size, "enterprises": manifest.enterprises})
        started = time.perf_counter()
        packed = self._download(manifest)
        downloaded = time.perf_counter()
        staging = self._stage(manifest, packed)
        staged = time.perf_counter()
        self._swap(manifest, staging)
        self.summary["seconds"] = {"download": round(downloaded - started, 2), "stage": round(staged - downloaded, 2),
                                   **{k: round(v, 2) for k, v in self.times.items()},
                                   "swap": round(time.perf_counter() - staged, 2)}
        crash_points.reached("snapshot.swap.after_commit")
        self.cleanup()

    def _download(self, manifest: fmt.Manifest) -> Path:
        packed = self.folder / f"{manifest.id}.kxsnap"
        if packed.exists():
            return packed
        part = self.folder / f"{manifest.id}.part"
        have = part.stat().st_size if part.exists() else 0
        first = min(have // manifest.chunk_size, len(manifest.chunks))
        resumed = first > 0
        with part.open("ab") as out:
            out.truncate(first * manifest.chunk_size)  # a chunk cut off by a kill is fetched again
            for n in range(first, len(manifest.chunks)):
                cancellation.raise_if_cancelled("同步已取消")
                data = self.client.snapshot_chunk(manifest.id, n)
                start, end = manifest.chunk_span(n)
                if len(data) != end - start or hashlib.sha256(data).hexdigest() != manifest.chunks[n]:
                    raise SnapshotRefused(f"快照第 {n + 1}/{len(manifest.chunks)} 块与清单不符（传输中损坏或被篡改）：已丢弃该块")
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
                crash_points.reached("snapshot.download.after_chunk")
        self.summary["resumed"] = resumed
        if _sha256_file(part) != manifest.id:
            part.unlink()
            raise SnapshotRefused("快照文件的 SHA-256 与清单不符：已删除，下轮重新下载")
        os.replace(part, packed)
        crash_points.reached("snapshot.verified")
        return packed

    def _stage(self, manifest: fmt.Manifest, packed: Path) -> Path:
        staging = self.folder / f"{manifest.id}.staging.sqlite3"
        built = self.folder / f"{manifest.id}.built.sqlite3"
        if built.exists() and not _same_schema(self.db, built):
            built.unlink()  # the program was upgraded between staging and swap: staged again
        if built.exists():
            staging.unlink(missing_ok=True)
            crash_points.reached("snapshot.staged")
            return built
        started = time.perf_counter()
        if not staging.exists():
            tmp = staging.with_suffix(".tmp")
            try:
                with gzip.open(packed, "rb") as src, tmp.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                tmp.unlink(missing_ok=True)
                packed.unlink(missing_ok=True)
                raise SnapshotRefused(f"快照无法解压：{exc}") from None
            _check_format(tmp, manifest)
            os.replace(tmp, staging)
            crash_points.reached("snapshot.unpacked")
        self.times["unpack"] = time.perf_counter() - started
        unpacked = time.perf_counter()
        try:
            _check_keys(staging)
        except SnapshotRefused:
            # Not taken again: another random sample must not get a second chance.
            (self.folder / "refused").write_text(manifest.id, "utf-8")
            packed.unlink(missing_ok=True)
            raise
        building = built.with_suffix(".building")
        building.unlink(missing_ok=True)  # a build cut off by a kill: its file is not journalled
        self._build(staging, building)
        self.times["build"] = time.perf_counter() - unpacked
        os.replace(building, built)
        staging.unlink()
        crash_points.reached("snapshot.staged")
        return built

    def _build(self, staging: Path, path: Path) -> None:
        """The client's own registry tables and search index, built into a fresh file that
        nothing else uses: no journal, no sync, rows first and indexes after (a sort each,
        instead of half a million B-tree insertions per index). A kill leaves a file the
        next attempt deletes, so none of that needs a journal; the client database is
        touched only by the swap, in one transaction."""
        with self.db.engine.connect() as main:
            ddl = main.exec_driver_sql(
                "SELECT type, sql FROM sqlite_master WHERE ((tbl_name IN ('enterprise', 'enterprise_tag', "
                "'enterprise_fact') AND type IN ('table', 'index')) OR name = 'enterprise_search') AND sql IS NOT NULL").all()
            regions = [r for (r, level) in main.exec_driver_sql("SELECT code, level FROM region")
                       if level not in DOCUMENT_ONLY_LEVELS]  # no enterprise is at a province's code
            facts = {f for (f,) in main.exec_driver_sql("SELECT name FROM fact_definition")}
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            for pragma in _BULK_PRAGMAS:
                conn.execute(pragma)
            conn.execute("ATTACH DATABASE ? AS s", (str(staging),))
            facts |= {json.loads(j).get("name") for (j,) in conn.execute("SELECT json FROM s.s_item WHERE stream = 'facts'")}
            cols = ", ".join(c for c in fmt.ENTERPRISE_COLUMNS if c not in ("uni", "bi", "ini"))
            now = utcnow().isoformat(sep=" ")
            conn.execute("BEGIN")
            for _kind, sql in ddl:
                if _kind == "table" and not sql.upper().startswith("CREATE VIRTUAL"):
                    conn.execute(sql)
            conn.execute("CREATE TABLE s_item AS SELECT stream, seq, json FROM s.s_item")
            conn.execute("CREATE TEMP TABLE known_region (code TEXT PRIMARY KEY)")
            conn.executemany("INSERT INTO known_region VALUES (?)", ((r,) for r in regions))
            conn.execute("CREATE TEMP TABLE known_fact (name TEXT PRIMARY KEY)")
            conn.executemany("INSERT OR IGNORE INTO known_fact VALUES (?)", ((f,) for f in facts if isinstance(f, str)))
            at = time.perf_counter()
            conn.execute(f"INSERT INTO main.enterprise ({cols}, source, updated_at, version) "
                         f"SELECT {cols}, 'sync', ?, 1 FROM s.s_enterprise "
                         "WHERE region_code IN (SELECT code FROM known_region) ORDER BY id", (now,))
            conn.execute("INSERT OR IGNORE INTO main.enterprise_tag (enterprise_id, tag, valid_from, valid_to) "
                         "SELECT enterprise_id, tag, valid_from, valid_to FROM s.s_tag "
                         "WHERE enterprise_id IN (SELECT id FROM main.enterprise) ORDER BY rowid")
            at = self._mark("build.enterprise", at)
            # In the file's order, which is the key's as the server writes it (appends to the
            # key's B-tree); valid_until only where a fact has several dates, found on the key.
            conn.execute("INSERT OR IGNORE INTO main.enterprise_fact (enterprise_id, fact_name, valid_on, value) "
                         "SELECT enterprise_id, fact_name, valid_on, value FROM s.s_fact "
                         "WHERE fact_name IN (SELECT name FROM known_fact) "
                         "AND enterprise_id IN (SELECT id FROM main.enterprise) ORDER BY rowid")
            at = self._mark("build.facts", at)
            crash_points.reached("snapshot.building")
            conn.execute(_CHAIN_SEVERAL)
            at = self._mark("build.chain", at)
            for kind, sql in ddl:
                if kind == "index":
                    conn.execute(sql)
            at = self._mark("build.indexes", at)
            fts = [sql for kind, sql in ddl if kind == "table" and sql.upper().startswith("CREATE VIRTUAL")]
            conn.execute(fts[0])
            conn.execute("INSERT INTO main.enterprise_search (rowid, uni, bi, ini) SELECT s.id, s.uni, s.bi, s.ini "
                         "FROM s.s_enterprise s WHERE s.id IN (SELECT id FROM main.enterprise) ORDER BY s.id")
            conn.execute("COMMIT")
            self._mark("build.search", at)
            conn.execute("DETACH DATABASE s")
        finally:
            conn.close()

    def _swap(self, manifest: fmt.Manifest, built: Path) -> None:
        # A connection of its own, closed after: the search index's internal tables are
        # copied as tables, and no FTS5 state of this connection may outlive that.
        engine = make_engine(self.db.path)
        try:
            with engine.connect() as conn:
                # On the DB-API connection, outside any transaction: SQLite ignores the pragma
                # inside one and refuses ATTACH there.
                raw = conn.connection.driver_connection
                raw.execute("PRAGMA foreign_keys=OFF")  # page copies need it; the build kept the keys
                raw.execute(f"PRAGMA cache_size={_CACHE_KB}")
                # The commit is not synced on its own (WAL: still all or nothing after a power
                # cut, which can only undo it, and the round then provisions again); the
                # checkpoint right after syncs the database file before the snapshot's files
                # are removed. Synced at commit, the WAL's gigabyte was written out twice.
                raw.execute("PRAGMA synchronous=NORMAL")
                raw.execute("ATTACH DATABASE ? AS snap", (str(built),))
                try:
                    conn.execution_options(**{_IMMEDIATE: True})
                    began = time.perf_counter()
                    with Session(bind=conn) as session, session.begin():
                        cur = raw.cursor()
                        for stream in ("facts", "policies"):
                            items = [json.loads(j) for (j,) in cur.execute(
                                "SELECT json FROM snap.s_item WHERE stream = ? ORDER BY seq", (stream,))]
                            self.apply_items(session, stream, items)
                        session.flush()
                        mark = self._mark("swap.catalogue", began)
                        copied = _copy_registry(cur, self._mark)
                        mark = time.perf_counter()
                        now = utcnow()
                        # The snapshot is the registry as of its cursor: changed parts count from there.
                        since = [(PARTS_SINCE, manifest.cursors["enterprises"])] if "enterprises" in manifest.cursors else []
                        for stream, cursor in (*manifest.cursors.items(), ("snapshot", manifest.id), *since):
                            write_cursor(session, self.cursor_key(stream), cursor, now)
                        session.flush()
                        crash_points.reached("snapshot.swap.before_commit")
                    mark = self._mark("swap.commit", mark)
                    # The WAL holds the whole registry now: copied into the database file and
                    # emptied here, not left to the clerk's next write (or on disk at its size).
                    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    self._mark("swap.checkpoint", mark)
                finally:
                    if raw.in_transaction:
                        raw.rollback()
                    raw.execute("DETACH DATABASE snap")
        finally:
            engine.dispose()
        self.summary.update(copied)
        self.summary["detail_seconds"] = {k: round(v, 2) for k, v in self.details.items()}

    def _mark(self, what: str, since: float) -> float:
        """Seconds of one part of a stage, for the round's report and the benchmark."""
        now = time.perf_counter()
        self.details[what] = now - since
        return now

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _check_format(path: Path, manifest: fmt.Manifest) -> None:
    """The unpacked file has exactly the format's tables and columns, and its meta agrees with
    the (signed) manifest; else it is deleted and refused."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        problem = None
        if tables != set(fmt.TABLES):
            problem = f"表不符：{sorted(tables ^ set(fmt.TABLES))}"
        else:
            for table, columns in fmt.TABLES.items():
                got = tuple(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))
                if got != columns:
                    problem = f"表 {table} 的列不符"
                    break
        if problem is None:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            expected = {"format": str(fmt.FORMAT), "keys_version": str(manifest.keys_version),
                        "enterprises": str(manifest.enterprises),
                        **{f"cursor.{s}": c for s, c in manifest.cursors.items()}}
            count = conn.execute("SELECT count(*) FROM s_enterprise").fetchone()[0]
            if meta != expected or count != manifest.enterprises:
                problem = "元数据与清单不符"
    except sqlite3.DatabaseError as exc:
        problem = f"不是可读的数据库（{exc}）"
    finally:
        conn.close()
    if problem:
        path.unlink(missing_ok=True)
        raise SnapshotRefused(f"快照内容格式不对：{problem}")


def _registry_schema(conn) -> set[tuple[str, str, str]]:
    return set(conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'index') AND "
        "(tbl_name IN ('enterprise', 'enterprise_tag', 'enterprise_fact') OR name = 'enterprise_search')").fetchall())


def _same_schema(db: Database, built: Path) -> bool:
    """The built file's registry tables, indexes and search index are defined as the client
    database's are now (a page copy relies on it; an upgrade between build and swap breaks it)."""
    with db.engine.connect() as main:
        ours = _registry_schema(main.connection.driver_connection)
    conn = sqlite3.connect(f"file:{built}?mode=ro", uri=True)
    try:
        return _registry_schema(conn) == ours
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _check_keys(staging: Path) -> None:
    """The search keys the server computed, recomputed here for a random sample of rows
    (docs/sync-protocol.md, "Snapshot"): a snapshot whose keys this client would not make is
    refused, and the round pulls pages (whose keys are this client's own)."""
    conn = sqlite3.connect(f"file:{staging}?mode=ro", uri=True)
    try:
        top = conn.execute("SELECT coalesce(max(id), 0) FROM s_enterprise").fetchone()[0]
        ids = random.SystemRandom().sample(range(1, top + 1), min(KEY_SAMPLE, top))
        marks = ",".join("?" * len(ids))
        rows = conn.execute(f"SELECT {', '.join(fmt.KEY_CHECK_COLUMNS)} FROM s_enterprise WHERE id IN ({marks})",
                            ids).fetchall()
    finally:
        conn.close()
    for row in rows:
        wrong = fmt.keys_disagree(row)
        if wrong:
            staging.unlink(missing_ok=True)
            raise SnapshotRefused(f"快照中企业 {row[0]} 的检索键 {wrong} 与本机计算的不同：已拒收，改为逐页同步")


def _copy_registry(cur: sqlite3.Cursor, mark: Callable[[str, float], float]) -> dict:
    """Built registry into the client database, inside the caller's transaction."""
    at = time.perf_counter()
    empty = cur.execute("SELECT NOT EXISTS (SELECT 1 FROM main.enterprise)").fetchone()[0]
    if empty:
        # Page copies (SQLite's transfer optimisation) need the target without triggers:
        # they are dropped and made again in this same transaction.
        triggers = cur.execute("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' "
                               "AND tbl_name IN ('enterprise', 'enterprise_tag', 'enterprise_fact')").fetchall()
        for name, _sql in triggers:
            cur.execute(f'DROP TRIGGER main."{name}"')
        for table in REGISTRY_TABLES:
            cur.execute(f"DELETE FROM main.{table}")
            cur.execute(f"INSERT INTO main.{table} SELECT * FROM snap.{table}")
            at = mark(f"swap.copy.{table}", at)
        for _name, sql in triggers:
            cur.execute(sql)
        # The search index this client built from the rows above, copied as its tables: the
        # same module and definition (checked by _same_schema), so the same bytes it would
        # write when filled again here, without tokenising half a million names twice.
        cur.execute("DELETE FROM main.enterprise_search")
        for shadow in FTS_SHADOWS:
            cur.execute(f"DELETE FROM main.enterprise_search_{shadow}")
            cur.execute(f"INSERT INTO main.enterprise_search_{shadow} SELECT * FROM snap.enterprise_search_{shadow}")
        mark("swap.copy.enterprise_search", at)
        count = cur.execute("SELECT count(*) FROM snap.enterprise").fetchone()[0]
        return {"inserted": count, "updated": 0}
    return _merge_registry(cur)


_DATA = [c for c in fmt.ENTERPRISE_COLUMNS if c not in ("id", "credit_code", "uni", "bi", "ini")]


def _merge_registry(cur: sqlite3.Cursor) -> dict:
    """Into a client that holds enterprises: matched by credit code (ids and local rows kept),
    as write_enterprises writes a page: columns and tags replaced, facts added or overwritten."""
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS snap_map (sid INTEGER PRIMARY KEY, mid INTEGER NOT NULL, "
                "fresh INTEGER NOT NULL)")
    cur.execute("DELETE FROM snap_map")
    cur.execute("INSERT INTO snap_map SELECT s.id, m.id, 0 FROM snap.enterprise s "
                "JOIN main.enterprise m ON m.credit_code = s.credit_code")
    base = cur.execute("SELECT coalesce(max(id), 0) FROM main.enterprise").fetchone()[0]
    cur.execute("INSERT INTO snap_map SELECT s.id, ? + row_number() OVER (ORDER BY s.id), 1 FROM snap.enterprise s "
                "WHERE s.id NOT IN (SELECT sid FROM snap_map)", (base,))
    sets = ", ".join(f"{c} = s.{c}" for c in _DATA)
    cur.execute(f"UPDATE main.enterprise SET {sets}, source = 'sync', updated_at = s.updated_at, "
                "version = main.enterprise.version + 1 FROM snap.enterprise s JOIN snap_map mp ON mp.sid = s.id "
                "WHERE mp.fresh = 0 AND main.enterprise.id = mp.mid")
    cols = ", ".join(_DATA)
    cur.execute(f"INSERT INTO main.enterprise (id, credit_code, {cols}, source, updated_at, version) "
                f"SELECT mp.mid, s.credit_code, {', '.join('s.' + c for c in _DATA)}, 'sync', s.updated_at, 1 "
                "FROM snap.enterprise s JOIN snap_map mp ON mp.sid = s.id WHERE mp.fresh = 1 ORDER BY mp.mid")
    cur.execute("DELETE FROM main.enterprise_tag WHERE enterprise_id IN (SELECT mid FROM snap_map WHERE fresh = 0)")
    cur.execute("INSERT OR IGNORE INTO main.enterprise_tag (enterprise_id, tag, valid_from, valid_to) "
                "SELECT mp.mid, t.tag, t.valid_from, t.valid_to FROM snap.enterprise_tag t "
                "JOIN snap_map mp ON mp.sid = t.enterprise_id ORDER BY t.id")
    cur.execute("UPDATE main.enterprise_fact SET value = f.value, source = NULL FROM snap.enterprise_fact f "
                "JOIN snap_map mp ON mp.sid = f.enterprise_id WHERE mp.fresh = 0 "
                "AND main.enterprise_fact.enterprise_id = mp.mid AND main.enterprise_fact.fact_name = f.fact_name "
                "AND main.enterprise_fact.valid_on = f.valid_on")
    cur.execute("INSERT OR IGNORE INTO main.enterprise_fact (enterprise_id, fact_name, valid_on, value) "
                "SELECT mp.mid, f.fact_name, f.valid_on, f.value FROM snap.enterprise_fact f "
                "JOIN snap_map mp ON mp.sid = f.enterprise_id ORDER BY mp.mid, f.fact_name, f.valid_on")
    cur.execute("CREATE TEMP TABLE IF NOT EXISTS snap_ids (id INTEGER PRIMARY KEY)")
    cur.execute("DELETE FROM snap_ids")
    cur.execute("INSERT INTO snap_ids SELECT mid FROM snap_map")
    fact_chain.rechain_table(cur, "snap_ids")
    cur.execute("DELETE FROM main.enterprise_search WHERE rowid IN (SELECT mid FROM snap_map WHERE fresh = 0)")
    cur.execute("INSERT INTO main.enterprise_search (rowid, uni, bi, ini) SELECT mp.mid, s.uni, s.bi, s.ini "
                "FROM snap.enterprise_search s JOIN snap_map mp ON mp.sid = s.rowid ORDER BY mp.mid")
    fresh = cur.execute("SELECT count(*) FROM snap_map WHERE fresh = 1").fetchone()[0]
    total = cur.execute("SELECT count(*) FROM snap_map").fetchone()[0]
    return {"inserted": fresh, "updated": total - fresh}


__all__ = ["Provisioner", "SnapshotRefused", "folder_of"]
