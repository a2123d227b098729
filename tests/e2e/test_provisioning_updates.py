"""Provisioning and updates against a real ``kuaixiang-server`` process (issue 18, items 5–6).

Provisioning: a brand-new client imports the hall's configuration made by ``admin provision``
and logs in without anyone typing the URL; a tampered, expired or other city's configuration
is refused naming what is wrong, and changes nothing. Updates: a published release is
checked, downloaded and staged; a tampered manifest, a tampered file and an older version are
never installed; a cut download resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

from kuaixiang_core.domain import provisioning as domain
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import provisioning, updates
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.updates import Install, UpdateError
from kuaixiang_desktop.store.models import TrustedSigner

from .harness import DEMO_PASSWORD, DEMO_USER, SIGNING_KEY, FaultProxy, admin, start_server

OTHER_CITY_KEY = bytes(range(7, 39))


@pytest.fixture
def server(server_template, tmp_path, monkeypatch):
    """A server of this test's own (releases published here touch no other test)."""
    monkeypatch.setenv("KUAIXIANG_SERVER_SIGNING_KEY", SIGNING_KEY)
    monkeypatch.setenv("KUAIXIANG_SERVER_DATA_DIR", str(tmp_path / "admin-data"))
    proc = start_server(server_template, tmp_path / "server")
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def anchors(server, tmp_path, monkeypatch) -> Path:
    """The distribution's anchors, as the county builds them: this city, this server's key."""
    path = tmp_path / "provisioning-anchors.json"
    admin(server.db_path, "anchors", "--out", str(path))
    monkeypatch.setenv(provisioning.ANCHORS_ENV, str(path))
    return path


def provision(server, tmp_path, *extra: str) -> tuple[Path, Path]:
    out, qr = tmp_path / "hall.kxprov", tmp_path / "hall-qr.txt"
    admin(server.db_path, "provision", "--server", server.url, "--hall", "371502-01", "--window", "01",
          "--label", "东昌府区 1 号窗口", "--out", str(out), "--qr-out", str(qr), *extra)
    return out, qr


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        code = main(list(argv))
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def untouched(db_path: Path) -> None:
    """A refused import changed nothing: no pinned key, no configuration, no certificate."""
    db = open_client_db(db_path)
    try:
        with db.sessions() as s:
            assert s.query(TrustedSigner).count() == 0
        assert provisioning.provisioned(db) is None
    finally:
        db.close()
    assert not list(db_path.parent.glob("*.provisioning.json")) and not list(db_path.parent.glob("*.server-ca.pem"))


# --- provisioning ---------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["file", "qr"])
def test_a_new_client_imports_its_hall_and_logs_in_without_typing_the_url(server, anchors, tmp_path, form):
    out, qr = provision(server, tmp_path)
    db_path = tmp_path / "new" / "client.sqlite3"
    code, text, err = cli("--db", str(db_path), "--json", "provision", "import", str(out if form == "file" else qr))
    assert code == 0, err
    imported = json.loads(text)
    assert imported["server"] == server.url and imported["hall"] == "371502-01" and imported["window"] == "01"
    code, text, err = cli("--db", str(db_path), "--json", "login", "--user", DEMO_USER, "--password-stdin",
                          stdin=DEMO_PASSWORD + "\n")
    assert code == 0, err
    session = json.loads(text)
    assert session["mode"] == "online" and session["server"] == server.url
    db = open_client_db(db_path)
    try:
        with db.sessions() as s:
            [pinned] = s.query(TrustedSigner).all()
        assert pinned.how == "provisioned" and pinned.key_id == imported["signer"]  # the log-in agreed with it
    finally:
        db.close()


@pytest.mark.parametrize("field, value", [("server", "http://127.0.0.1:9"), ("hall", "371581-01"),
                                          ("expires", "2099-12-31T00:00:00Z")])
def test_a_tampered_configuration_is_refused_and_changes_nothing(server, anchors, tmp_path, field, value):
    out, _ = provision(server, tmp_path)
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc[field] = value
    out.write_text(json.dumps(doc), encoding="utf-8")
    db_path = tmp_path / "new" / "client.sqlite3"
    code, _, err = cli("--db", str(db_path), "--json", "provision", "import", str(out))
    assert code == 2
    assert json.loads(err)["field"] == "signature" and "改动" in json.loads(err)["error"]
    untouched(db_path)


def test_an_expired_configuration_is_refused_and_changes_nothing(server, anchors, tmp_path):
    out, _ = provision(server, tmp_path, "--days", "1")
    db = open_client_db(tmp_path / "new" / "client.sqlite3")
    try:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
        with pytest.raises(provisioning.ProvisioningRefused) as err:
            provisioning.import_config(db, out.read_bytes(), now=later)
        assert err.value.field == "expires" and "过期" in err.value.message
    finally:
        db.close()
    untouched(tmp_path / "new" / "client.sqlite3")


def test_another_citys_configuration_is_refused_and_changes_nothing(server, anchors, tmp_path):
    now = dt.datetime.now(dt.UTC)
    # What the neighbouring city's server would hand out: its own key, its own city.
    foreign = domain.make(OTHER_CITY_KEY, city="371600", server="https://zwfw.dezhou.gov.cn", hall="371602-01",
                          window="01", label=None, ca_der=None, issued=now, expires=now + dt.timedelta(days=30))
    path = tmp_path / "dezhou.kxprov"
    path.write_text(json.dumps(foreign), encoding="utf-8")
    db_path = tmp_path / "new" / "client.sqlite3"
    code, _, err = cli("--db", str(db_path), "--json", "provision", "import", str(path))
    assert code == 2 and json.loads(err)["field"] == "city" and "371600" in json.loads(err)["error"]
    # The same city's name on a configuration signed by a key the distribution does not trust.
    forged = domain.make(OTHER_CITY_KEY, city="371500", server="https://evil.example.cn", hall="371502-01",
                         window="01", label=None, ca_der=None, issued=now, expires=now + dt.timedelta(days=30))
    path.write_text(json.dumps(forged), encoding="utf-8")
    code, _, err = cli("--db", str(db_path), "--json", "provision", "import", str(path))
    assert code == 2 and json.loads(err)["field"] == "signer"
    untouched(db_path)


# --- updates --------------------------------------------------------------------------------------


def package(path: Path, version: str, size: int = 3 * 1024 * 1024) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo("kuaixiang-desktop/kuaixiang-desktop")
        info.external_attr = 0o755 << 16
        archive.writestr(info, f"#!/bin/sh\necho {version}\n")
        archive.writestr("kuaixiang-desktop/_internal/blob.bin", os.urandom(size))
    return path


def publish(server, tmp_path, version: str, platform: str = "linux-x86_64") -> Path:
    pkg = package(tmp_path / f"kuaixiang-{version}.zip", version)
    admin(server.db_path, "update", "publish", str(pkg), "--version", version, "--platform", platform,
          "--minimum-version", "0.1.0", "--notes", "测试版本")
    return pkg


@pytest.fixture
def window(make_window, server):
    return make_window(server.url, "updating")


@pytest.fixture
def install(tmp_path) -> Install:
    app_dir = tmp_path / "opt" / "kuaixiang-desktop"
    app_dir.mkdir(parents=True)
    (app_dir / "kuaixiang-desktop").write_text("#!/bin/sh\necho 0.1.0\n")
    return Install("frozen", "linux-x86_64", app_dir, app_dir.parent)


def nothing_staged(install: Install) -> None:
    assert updates.switch_target(install, "0.1.0") is None
    assert not (install.updates_dir / "pending.json").exists()
    assert (install.app_dir / "kuaixiang-desktop").read_text() == "#!/bin/sh\necho 0.1.0\n"


def server_sql(server, sql: str, params: tuple = ()) -> None:
    conn = sqlite3.connect(server.db_path, timeout=30)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def test_a_published_update_is_downloaded_verified_and_staged_for_the_next_start(server, window, install, tmp_path):
    pkg = publish(server, tmp_path, "0.2.0")
    result = updates.run_update(window.db, install, running="0.1.0")
    assert result.action == "staged" and result.manifest.version == "0.2.0"
    exe = updates.switch_target(install, "0.1.0")
    assert exe is not None and exe.read_text() == "#!/bin/sh\necho 0.2.0\n"
    with zipfile.ZipFile(pkg) as archive:
        assert (exe.parent / "_internal" / "blob.bin").read_bytes() == archive.read("kuaixiang-desktop/_internal/blob.bin")
    # The venv install only reports it; the .deb install says whom to ask.
    venv = Install("venv", "linux-x86_64", install.app_dir, tmp_path / "venv-root")
    assert updates.run_update(window.db, venv, running="0.1.0").action == "report"
    assert not (tmp_path / "venv-root").exists()


def test_an_older_version_is_never_installed(server, window, install, tmp_path):
    publish(server, tmp_path, "0.0.5")
    result = updates.run_update(window.db, install, running="0.1.0")
    assert result.action == "none"
    nothing_staged(install)
    assert not (install.updates_dir / "downloads").exists()


@pytest.mark.parametrize("change", ["notes", "size", "version"])
def test_a_tampered_manifest_is_refused_before_downloading(server, window, install, tmp_path, change):
    publish(server, tmp_path, "0.2.0")
    conn = sqlite3.connect(server.db_path)
    [(raw,)] = conn.execute("SELECT manifest FROM update_release").fetchall()
    conn.close()
    doc = json.loads(raw)
    doc[change] = {"notes": "请立即安装", "size": doc["size"] - 1, "version": "9.0.0"}[change]
    server_sql(server, "UPDATE update_release SET manifest = ?", (json.dumps(doc),))
    with pytest.raises(UpdateError) as err:
        updates.run_update(window.db, install, running="0.1.0")
    assert err.value.code == "manifest" and "签名无效" in err.value.message
    nothing_staged(install)
    assert not (install.updates_dir / "downloads").exists()


def test_a_tampered_file_is_refused_by_its_hash_and_deleted(server, window, install, tmp_path):
    publish(server, tmp_path, "0.2.0")
    # One byte changed on the server (or on the way): same size, another hash.
    server_sql(server, "UPDATE update_release SET data = CAST(substr(data, 1, 1000) || X'00' || substr(data, 1002) AS BLOB)")
    with pytest.raises(UpdateError) as err:
        updates.run_update(window.db, install, running="0.1.0")
    assert err.value.code == "hash" and "SHA-256" in err.value.message
    nothing_staged(install)
    assert not list((install.updates_dir / "downloads").iterdir())


def test_a_cut_download_resumes_where_it_stopped(server, window, install, tmp_path, monkeypatch):
    pkg = publish(server, tmp_path, "0.2.0")
    proxy = FaultProxy(server.port).start()
    try:
        # The session's server is the proxy: the file comes through it too.
        window.login(proxy.url)
        proxy.inject("truncate", "GET", "/api/v1/updates/files/")
        with pytest.raises(UpdateError) as err:
            updates.run_update(window.db, install, running="0.1.0")
        assert err.value.code == "cut"
        [part] = (install.updates_dir / "downloads").glob("*.part")
        had = part.stat().st_size
        assert 0 < had < pkg.stat().st_size
        nothing_staged(install)
        ranges = []
        from kuaixiang_desktop.sync import downloads

        real = downloads.download

        def spying(client, url, part, **kw):
            client._http.event_hooks["request"] = [lambda request: ranges.append(request.headers.get("range"))]
            return real(client, url, part, **kw)

        monkeypatch.setattr(updates, "download", spying)
        result = updates.run_update(window.db, install, running="0.1.0")
        assert result.action == "staged"
        assert ranges == [f"bytes={had}-"]  # only the rest came the second time
        exe = updates.switch_target(install, "0.1.0")
        assert exe is not None and hashlib.sha256(pkg.read_bytes()).hexdigest() == json.loads(
            (exe.parents[1] / "manifest.json").read_text())["sha256"]
    finally:
        proxy.stop()
