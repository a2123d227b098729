"""Provisioning by snapshot against a real server process (docs/sync-protocol.md, "Snapshot").

The reference library is the one a client gets page by page from the same seeded server
(``client_template``); a client provisioned by snapshot must end with exactly that library,
whether or not it was killed at any stage, and must refuse a tampered or garbled snapshot
with nothing of it applied.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_core.server_process import ServerProcess, run_server_cli, server_environment
from kuaixiang_desktop.services import auth, crash_points, sync_service
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.snapshot_provision import Provisioner, SnapshotRefused, folder_of
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.sync.client import RetryPolicy, SyncClient

from .harness import DEMO_PASSWORD, DEMO_USER, SERVER_KEY, SIGNING_KEY, FaultProxy, copy_sqlite

RUNNER = Path(__file__).with_name("run_sync.py")

_ENTERPRISE = ("credit_code, name, legal_rep, region_code, industry_code, reg_type, is_individual, established, "
               "registered_capital_fen, employees, insured_employees, revenue_fen, total_assets_fen, "
               "tax_credit_rating, dishonest, contact_phone, size_class, name_norm, code_rev, core_norm, "
               "legal_rep_norm, initials, core_initials, source")


def library(path: Path) -> dict:
    """Everything of the registry and the catalogue a clerk's work reads, by credit code (not
    by local id), search index included."""
    conn = sqlite3.connect(path)
    try:
        q = {
            "enterprises": f"SELECT {_ENTERPRISE} FROM enterprise ORDER BY credit_code",
            "tags": "SELECT e.credit_code, t.tag, t.valid_from, t.valid_to FROM enterprise_tag t "
                    "JOIN enterprise e ON e.id = t.enterprise_id ORDER BY 1, 2, 3, 4",
            "facts": "SELECT e.credit_code, f.fact_name, f.valid_on, f.value, f.valid_until FROM enterprise_fact f "
                     "JOIN enterprise e ON e.id = f.enterprise_id ORDER BY 1, 2, 3",
            "search": "SELECT e.credit_code, s.uni, s.bi, s.ini FROM enterprise_search s "
                      "JOIN enterprise e ON e.id = s.rowid ORDER BY 1",
            "search_rows": "SELECT count(*) FROM enterprise_search",
            "found": "SELECT e.credit_code FROM enterprise_search s JOIN enterprise e ON e.id = s.rowid "
                     "WHERE enterprise_search MATCH 'bi : \"建筑\"' ORDER BY 1",
            "policies": "SELECT item_id, version, content_hash FROM policy_item_version ORDER BY 1, 2",
            "fact_definitions": "SELECT name, type, unit, label FROM fact_definition ORDER BY name",
        }
        return {k: [tuple(r) for r in conn.execute(sql)] for k, sql in q.items()}
    finally:
        conn.close()


def fts_check(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO enterprise_search(enterprise_search) VALUES ('integrity-check')")
        conn.commit()
    finally:
        conn.close()


def cursors(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT stream, cursor FROM sync_cursor"))
    finally:
        conn.close()


@pytest.fixture(scope="module")
def reference(client_template) -> dict:
    lib = library(client_template)
    assert len(lib["enterprises"]) == 2000 and lib["found"] and lib["search_rows"] == [(2000,)]
    return lib


@pytest.fixture(scope="module")
def snap_server(server_template, tmp_path_factory):
    """A server on a copy of the seeded database that advises a snapshot to any client more
    than 100 enterprise changes behind, in chunks of 64 KB (the 2,000 demo enterprises make
    some ten of them), with its snapshot built before the first client asks."""
    work = tmp_path_factory.mktemp("snap-server")
    db = copy_sqlite(server_template, work / "server.sqlite3")
    env = server_environment(work / "server-data", key=SERVER_KEY, extra={
        "KUAIXIANG_SERVER_SIGNING_KEY": SIGNING_KEY, "KUAIXIANG_SERVER_SNAPSHOT_THRESHOLD": "100",
        "KUAIXIANG_SERVER_SNAPSHOT_CHUNK_KB": "64"})
    built = run_server_cli(["admin", "--db", f"sqlite:///{db}", "--json", "build-snapshot"], env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    assert json.loads(built.stdout)["chunks"] > 4
    server = ServerProcess(f"sqlite:///{db}", work, env=env).start()
    server.snapshots = work / "server-data" / "snapshots"  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        server.stop()


def new_client(path: Path, url: str):
    db = open_client_db(path)
    auth.login_online(db, url, DEMO_USER, DEMO_PASSWORD)  # pins the server's key, as a first log-in does
    return db


def one_round(db, url: str) -> sync_service.SyncReport:
    client = SyncClient(url, retry=RetryPolicy(attempts=2, base=0.01, cap=0.02))
    try:
        return sync_service.sync(db, client=client)
    finally:
        client.close()


def test_a_new_client_takes_the_snapshot_and_holds_what_pages_give(snap_server, reference, tmp_path):
    db = new_client(tmp_path / "c.sqlite3", snap_server.url)
    try:
        report = one_round(db, snap_server.url)
        assert report.complete and not report.failures, report.to_json()
        assert report.snapshot["inserted"] == 2000 and report.pulled["enterprises"] == 0
        assert library(db.path) == reference
        assert not folder_of(db).exists()  # nothing left behind
        # The snapshot is the registry as of its cursor: changed parts count from there.
        held = {k.split("@")[0]: v for k, v in cursors(db.path).items()}
        assert held["enterprises.since"] == held["enterprises"]
        again = one_round(db, snap_server.url)  # the cursors are the snapshot's: nothing comes twice
        assert again.complete and again.snapshot == {"state": "not_needed"} and sum(again.pulled.values()) == 0
        # The search index was copied as FTS5's own tables: whole, and it goes on taking rows
        # (written through the window's own connections, which never saw the copy).
        fts_check(db.path)
        with db.engine.begin() as conn:
            write_enterprises(conn, [EnterpriseRecord(credit_code=make_uscc("91371502MA3LCB7K1"),
                                                      name="聊城市雪松建筑劳务有限公司", region_code="371502")], source="local")
        fts_check(db.path)
        found = sqlite3.connect(db.path).execute(
            "SELECT count(*) FROM enterprise_search WHERE enterprise_search MATCH 'bi : \"雪松\"'").fetchone()[0]
        assert found >= 1
    finally:
        db.close()


STAGES = ["snapshot.download.after_chunk", "snapshot.verified", "snapshot.unpacked", "snapshot.building",
          "snapshot.staged",
          "snapshot.swap.before_commit", "snapshot.swap.after_commit"]


@pytest.mark.parametrize("point", STAGES)
def test_killed_at_every_stage_resumes_to_the_same_library(point, snap_server, reference, tmp_path, keyring_file):
    db = new_client(tmp_path / "c.sqlite3", snap_server.url)
    db.close()
    path = tmp_path / "c.sqlite3"
    done = crash_points.run_killed_at(point, [sys.executable, str(RUNNER), str(path), str(keyring_file),
                                              snap_server.url], env=os.environ)
    assert done.returncode == crash_points.KILLED, done.stdout + done.stderr
    held = library(path)
    if point == "snapshot.swap.after_commit":
        assert held == reference  # the swap had committed: all of it is there
    else:
        assert held["enterprises"] == [] and held["search_rows"] == [(0,)] and held["policies"] == []
        assert not any(k.startswith(("enterprises@", "snapshot@")) for k in cursors(path))

    db = open_client_db(path)  # the program starts again
    try:
        report = one_round(db, snap_server.url)
        assert report.complete and not report.failures, report.to_json()
        if point == "snapshot.download.after_chunk":
            assert report.snapshot["resumed"] is True
        if point == "snapshot.swap.after_commit":
            assert report.snapshot == {"state": "not_needed"}  # not taken twice
        assert library(path) == reference
        assert not folder_of(db).exists()
    finally:
        db.close()


def _provisioner(db, url: str) -> tuple[Provisioner, SyncClient]:
    client = SyncClient(url, auth.session_token(db), retry=RetryPolicy(attempts=1))
    service = sync_service.SyncService(db, client)
    report = sync_service.SyncReport()
    handlers = {"facts": service._apply_facts, "policies": service._apply_policies}
    return Provisioner(db, client, service._cursor_key, lambda s, stream, items: handlers[stream](s, items, report)), client


def test_a_manifest_changed_on_the_server_is_refused_with_nothing_changed(snap_server, tmp_path):
    latest = snap_server.snapshots / "latest.json"
    original = latest.read_text("utf-8")
    db = new_client(tmp_path / "c.sqlite3", snap_server.url)
    before = library(db.path), cursors(db.path)
    try:
        for change in ({"enterprises": 1999}, {"cursors": {**json.loads(original)["cursors"], "enterprises": "a3gxOmVudGVycHJpc2VzOjk5OTk5"}}):
            latest.write_text(json.dumps({**json.loads(original), **change}), "utf-8")
            work, client = _provisioner(db, snap_server.url)
            try:
                with pytest.raises(SnapshotRefused, match="签名"):
                    work.offered()
            finally:
                client.close()
            assert (library(db.path), cursors(db.path)) == before and not folder_of(db).exists()
    finally:
        latest.write_text(original, "utf-8")
        db.close()


def test_a_corrupted_snapshot_is_refused_at_its_chunk_and_resumes_once_whole(snap_server, reference, tmp_path):
    manifest = json.loads((snap_server.snapshots / "latest.json").read_text("utf-8"))
    packed = snap_server.snapshots / f"{manifest['id']}.kxsnap"
    original = packed.read_bytes()
    at = 2 * manifest["chunk_size"] + 1000  # inside the third chunk
    db = new_client(tmp_path / "c.sqlite3", snap_server.url)
    before = library(db.path), cursors(db.path)
    try:
        packed.write_bytes(original[:at] + bytes([original[at] ^ 0xFF]) + original[at + 1:])
        work, client = _provisioner(db, snap_server.url)
        try:
            with pytest.raises(SnapshotRefused, match=f"第 3/{len(manifest['chunks'])} 块"):
                work.run(work.offered())
        finally:
            client.close()
        assert (library(db.path), cursors(db.path)) == before
        part = folder_of(db) / f"{manifest['id']}.part"
        assert part.stat().st_size == 2 * manifest["chunk_size"]  # the good chunks are kept, no more

        packed.write_bytes(original)
        report = one_round(db, snap_server.url)
        assert report.complete and not report.failures and report.snapshot["resumed"] is True, report.to_json()
        assert library(db.path) == reference
    finally:
        packed.write_bytes(original)
        db.close()


@pytest.mark.parametrize("kind", ["garble", "nonjson"])
def test_garbage_mid_snapshot_is_refused_and_the_library_comes_whole(kind, snap_server, reference, tmp_path):
    manifest = json.loads((snap_server.snapshots / "latest.json").read_text("utf-8"))
    proxy = FaultProxy(snap_server.port).start()
    try:
        proxy.inject(kind, "GET", f"/api/v1/snapshot/{manifest['id']}/chunks/3", times=10)
        db = new_client(tmp_path / "c.sqlite3", proxy.url)
        try:
            report = one_round(db, proxy.url)
            assert [f.scope for f in report.failures] == ["snapshot"], report.to_json()
            assert "第 4/" in report.failures[0].reason
            # Refused with nothing of it applied: the round went on page by page.
            assert report.pulled["enterprises"] == 2000
            assert library(db.path) == reference
            assert not any(k.startswith("snapshot@") for k in cursors(db.path))
            again = one_round(db, proxy.url)
            assert again.complete and not again.failures and not folder_of(db).exists()
        finally:
            db.close()
    finally:
        proxy.stop()


def test_a_client_far_behind_keeps_its_ids_and_its_own_data(snap_server, reference, client_template, tmp_path):
    """A client that holds the registry under another server's cursors (so every change is
    news to it) takes the snapshot by credit code: its enterprises keep their ids, its own
    enterprise and everything that is not registry or catalogue stay."""
    from kuaixiang_core.domain.enterprise import FactValue
    from kuaixiang_desktop.store.enterprises import write_enterprises

    path = copy_sqlite(client_template, tmp_path / "c.sqlite3")
    db = new_client(path, snap_server.url)
    local = make_uscc("91371502MA3LCA7K1")
    try:
        with db.engine.begin() as conn:
            write_enterprises(conn, [EnterpriseRecord(credit_code=local, name="聊城市本机录入测试有限公司", region_code="371502",
                                                      facts=[FactValue("layoff_rate", "3", __import__("datetime").date(2025, 1, 1))])],
                              source="local")
            conn.exec_driver_sql("UPDATE enterprise SET name = name || '（旧）' WHERE id IN (3, 4)")  # stale rows
        ids = dict(sqlite3.connect(path).execute("SELECT credit_code, id FROM enterprise").fetchall())
        audit_before = sqlite3.connect(path).execute("SELECT count(*) FROM audit_log").fetchone()[0]
        report = one_round(db, snap_server.url)
        assert report.complete and not report.failures, report.to_json()
        assert report.snapshot["updated"] == 2000 and report.snapshot["inserted"] == 0
        held = library(path)
        mine = {k: [r for r in v if local not in r] for k, v in held.items() if k not in ("search_rows", "found")}
        assert mine == {k: v for k, v in reference.items() if k not in ("search_rows", "found")}
        assert held["search_rows"] == [(2001,)] and [r for r in held["enterprises"] if r[0] == local]
        assert dict(sqlite3.connect(path).execute("SELECT credit_code, id FROM enterprise").fetchall()) == ids
        assert sqlite3.connect(path).execute("SELECT count(*) FROM audit_log").fetchone()[0] >= audit_before
    finally:
        db.close()
