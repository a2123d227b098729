"""Publishing client updates and provisioning halls with ``kuaixiang-server admin``, and the
update routes logged-in devices use — on SQLite and PostgreSQL, over real HTTP."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import json
import os
import time

import pytest

from kuaixiang_core.domain import provisioning, update_manifest
from kuaixiang_core.domain.device_trust import public_key_of
from kuaixiang_server import cli

from .conftest import TEST_SIGNING_KEY_B64, bearer

SIGNER = public_key_of(base64.b64decode(TEST_SIGNING_KEY_B64))
PLATFORM = "windows-x86_64"  # these tests' own: the e2e tests use linux-x86_64


def admin(server, *args: str) -> tuple[int, dict | list | None, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["admin", "--db", server.db_url, "--json", *args])
    return code, (json.loads(out.getvalue()) if out.getvalue() else None), err.getvalue()


def version() -> str:
    """Each test's own version, above every earlier one (the database is the session's)."""
    return f"{time.time_ns() // 1000}.0"


def publish(server, tmp_path, data: bytes, ver: str, *extra: str) -> dict:
    path = tmp_path / f"pkg-{ver}.zip"
    path.write_bytes(data)
    code, doc, err = admin(server, "update", "publish", str(path), "--version", ver, "--platform", PLATFORM, *extra)
    assert code == 0, err
    return doc


def test_a_published_release_is_served_signed_and_whole_or_in_ranges(server, http, demo_token, tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one of the server's read chunks
    ver = version()
    doc = publish(server, tmp_path, data, ver, "--notes", "修正打印", "--minimum-version", "0.1.0")
    answer = http.get("/api/v1/updates/latest", params={"platform": PLATFORM}, headers=bearer(demo_token))
    assert answer.status_code == 200
    manifest = update_manifest.read(answer.json()["manifest"], SIGNER)
    assert (manifest.version, manifest.size, manifest.notes) == (ver, len(data), "修正打印") and doc["sig"]
    headers = {**bearer(demo_token), "Accept-Encoding": "identity"}
    whole = http.get(manifest.url, headers=headers)
    assert whole.status_code == 200 and whole.content == data
    part = http.get(manifest.url, headers={**headers, "Range": "bytes=1048570-"})
    assert part.status_code == 206 and part.content == data[1048570:]
    assert part.headers["content-range"] == f"bytes 1048570-{len(data) - 1}/{len(data)}"
    assert http.get(manifest.url, headers={**headers, "Range": "bytes=5-9"}).content == data[5:10]
    for bad in ("bytes=-5", "items=0-1", f"bytes={len(data)}-", "bytes=9-5"):
        assert http.get(manifest.url, headers={**headers, "Range": bad}).status_code == 400, bad


def test_the_routes_are_for_logged_in_devices_and_check_their_input(server, http, demo_token):
    assert http.get("/api/v1/updates/latest", params={"platform": PLATFORM}).status_code == 401
    assert http.get("/api/v1/updates/files/" + "0" * 64).status_code == 401
    assert http.get("/api/v1/updates/latest", params={"platform": "amiga"}, headers=bearer(demo_token)).status_code == 400
    assert http.get("/api/v1/updates/files/NOTAHASH", headers=bearer(demo_token)).status_code == 400
    assert http.get("/api/v1/updates/files/" + "0" * 64, headers=bearer(demo_token)).status_code == 404


def test_newest_by_version_a_version_is_never_replaced_and_a_withdrawn_one_is_hidden(server, http, demo_token, tmp_path):
    newer, older = version(), None
    publish(server, tmp_path, b"newer", newer)
    older = f"{int(newer.split('.')[0]) - 1}.5"
    publish(server, tmp_path, b"older, published later", older)
    latest = http.get("/api/v1/updates/latest", params={"platform": PLATFORM}, headers=bearer(demo_token)).json()
    assert latest["manifest"]["version"] == newer
    path = tmp_path / "again.zip"
    path.write_bytes(b"other bytes")
    code, _, err = admin(server, "update", "publish", str(path), "--version", newer, "--platform", PLATFORM)
    assert code == 2 and "不能替换" in err
    assert admin(server, "update", "withdraw", PLATFORM, newer)[0] == 0
    latest = http.get("/api/v1/updates/latest", params={"platform": PLATFORM}, headers=bearer(demo_token)).json()
    assert latest["manifest"]["version"] == older
    code, rows, _ = admin(server, "update", "list")
    assert code == 0 and any(r["version"] == newer and r["withdrawn_at"] for r in rows)


def test_bad_publications_are_refused_with_the_reason(server, tmp_path):
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    code, _, err = admin(server, "update", "publish", str(empty), "--version", "1.0", "--platform", PLATFORM)
    assert code == 2 and "大小" in err
    pkg = tmp_path / "p.zip"
    pkg.write_bytes(b"x")
    code, _, err = admin(server, "update", "publish", str(pkg), "--version", "one", "--platform", PLATFORM)
    assert code == 2 and "版本号" in err


def test_a_provisioning_is_signed_by_the_servers_certifying_key(server, tmp_path):
    out, qr = tmp_path / "hall.kxprov", tmp_path / "hall.qr"
    code, data, err = admin(server, "provision", "--server", "https://zwfw.liaocheng.gov.cn:8765", "--hall", "371502-01",
                            "--window", "03", "--label", "三号窗口", "--out", str(out), "--qr-out", str(qr))
    assert code == 0, err
    assert data["city"] == "371500" and data["qr_chars"] < provisioning.QR_MAX_CHARS
    now = dt.datetime.now(dt.UTC)
    from_file = provisioning.read(out.read_bytes(), anchors=None, pinned=SIGNER, now=now)
    from_qr = provisioning.read(qr.read_text().strip(), anchors=None, pinned=SIGNER, now=now)
    assert from_file == from_qr and (from_file.hall, from_file.window, from_file.label) == ("371502-01", "03", "三号窗口")
    assert data["fingerprint"] == from_file.signer


@pytest.mark.parametrize("args, reason", [
    (["--hall", "999999-99"], "没有大厅"), (["--hall", "371502-01", "--days", "0"], "--days"),
    (["--hall", "371502-01", "--server", "http://10.0.0.1"], "https"),
])
def test_a_bad_provisioning_request_writes_nothing(server, tmp_path, args, reason):
    out = tmp_path / "hall.kxprov"
    base = ["provision", "--out", str(out)] + ([] if "--server" in args else ["--server", "https://zwfw.example.cn"])
    code, _, err = admin(server, *base, *args)
    assert code == 2 and reason in err and not out.exists()
