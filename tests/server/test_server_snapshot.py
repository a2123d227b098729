"""Snapshots on the server, on SQLite and PostgreSQL: built from one consistent read, what
the streams give, signed, bounded; the routes' refusals (docs/sync-protocol.md, "Snapshot")."""

from __future__ import annotations

import gzip
import json
import sqlite3

import pytest

from kuaixiang_core import snapshot as fmt
from kuaixiang_core.domain import device_trust
from kuaixiang_server.snapshots import Snapshots, SnapshotSettings, SnapshotTooLarge

from .conftest import TEST_SIGNING_KEY_B64, bearer, latest_cursor, pull_all

SIGNING_KEY = __import__("base64").b64decode(TEST_SIGNING_KEY_B64)


def _unpack(folder, manifest, tmp_path) -> sqlite3.Connection:
    raw = tmp_path / "unpacked.sqlite3"
    raw.write_bytes(gzip.decompress((folder / f"{manifest.id}.kxsnap").read_bytes()))
    return sqlite3.connect(raw)


def test_a_snapshot_holds_what_the_streams_give_and_is_signed(server, http, demo_token, tmp_path):
    folder = tmp_path / "snapshots"
    manifest = Snapshots(server.db, SnapshotSettings(folder, threshold=10, max_bytes=1 << 30, chunk_size=64 << 10),
                         SIGNING_KEY).build()
    public = device_trust.public_key_of(SIGNING_KEY)
    assert fmt.verify(manifest, public) and manifest.signer == device_trust.signer_id(public)
    assert not fmt.verify(fmt.Manifest(**{**manifest.__dict__, "enterprises": manifest.enterprises + 1}), public)
    data = (folder / f"{manifest.id}.kxsnap").read_bytes()
    assert __import__("hashlib").sha256(data).hexdigest() == manifest.id and len(data) == manifest.size
    assert len(manifest.chunks) == -(-manifest.size // (64 << 10))

    enterprises, cursor, _ = pull_all(http, demo_token, "enterprises", limit=5000)
    facts, fact_cursor, _ = pull_all(http, demo_token, "facts", limit=5000)
    policies, policy_cursor, _ = pull_all(http, demo_token, "policies", limit=5000)
    # Nothing was written meanwhile: the snapshot's cursors are where the streams end.
    assert manifest.cursors == {"enterprises": cursor, "facts": fact_cursor, "policies": policy_cursor}
    assert cursor == latest_cursor(server, "enterprises") or enterprises  # the stream's last change

    snap = _unpack(folder, manifest, tmp_path)
    try:
        rows = {r[0]: r for r in snap.execute("SELECT credit_code, name, region_code, employees, id FROM s_enterprise")}
        assert set(rows) == {e["credit_code"] for e in enterprises} and len(rows) == manifest.enterprises
        for e in enterprises[:200]:
            code, name, region, employees, sid = rows[e["credit_code"]]
            assert (name, region, employees) == (e["name"], e["region_code"], e["employees"])
            held = snap.execute("SELECT fact_name, valid_on, value FROM s_fact WHERE enterprise_id = ? ORDER BY 1, 2",
                                (sid,)).fetchall()
            assert held == sorted((f["name"], f["valid_on"], f["value"]) for f in e["facts"])
        items = {s: [json.loads(j) for (j,) in snap.execute("SELECT json FROM s_item WHERE stream = ? ORDER BY seq",
                                                              (s,))] for s in ("facts", "policies")}
        assert items == {"facts": facts, "policies": policies}
        meta = dict(snap.execute("SELECT key, value FROM meta"))
        assert meta["cursor.enterprises"] == cursor and meta["enterprises"] == str(manifest.enterprises)
    finally:
        snap.close()


def test_a_snapshot_over_the_bound_is_not_kept(server, tmp_path):
    folder = tmp_path / "snapshots"
    with pytest.raises(SnapshotTooLarge):
        Snapshots(server.db, SnapshotSettings(folder, threshold=10, max_bytes=1024), SIGNING_KEY).build()
    assert list(folder.iterdir()) == []


def test_the_routes_refuse_what_they_cannot_serve(server, http, demo_token):
    assert http.get("/api/v1/snapshot").status_code == 401
    assert http.get(f"/api/v1/snapshot/{'0' * 64}/chunks/0").status_code == 401
    # The demo's 2,000 enterprises are fewer than the default threshold: pages are cheaper.
    answer = http.get("/api/v1/snapshot", headers=bearer(demo_token))
    assert answer.status_code == 200 and answer.json() == {"state": "not_needed", "threshold": 50_000}
    bad_cursor = http.get("/api/v1/snapshot", params={"after": "not-a-cursor"}, headers=bearer(demo_token))
    assert bad_cursor.status_code == 400 and "游标" in bad_cursor.json()["error"]["message"]
    for path, status in ((f"/api/v1/snapshot/{'0' * 64}/chunks/0", 404), ("/api/v1/snapshot/abc/chunks/0", 400),
                         (f"/api/v1/snapshot/{'0' * 64}/chunks/-1", 400),
                         (f"/api/v1/snapshot/{'0' * 64}/chunks/{'9' * 30}", 400)):
        got = http.get(path, headers=bearer(demo_token))
        assert got.status_code == status, (path, got.text)
        assert got.json()["error"]["message"]
