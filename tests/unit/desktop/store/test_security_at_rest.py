"""The client at rest (issue 13, item 13): the database, its WAL and shared memory, the
attachment store and every export are the owner's alone; the material scans are encrypted
(and still go up plain, by the SHA-256 of their plain bytes); a full disk or a read-only file
is one clear line naming the file and exit 3, with nothing half-written; two processes filing
at once both succeed.

The full disk is real where the test may mount a small tmpfs (root), and simulated otherwise
(SQLite's page limit, an OSError(ENOSPC) from the file write); the read-only database is a
read-only bind mount of the file (root) or a 0444 file (anyone else).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import select
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event, text

from kuaixiang_core import wire
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop import paths
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import attachments
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.enterprise_import import import_file
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.services.sync_service import sync
from kuaixiang_desktop.store import database as store
from kuaixiang_desktop.sync.client import NO_RETRY, SyncClient

ROOT = Path(__file__).resolve().parents[4]
MINI = ROOT / "tests" / "data" / "catalogue" / "mini.yaml"
ITEM = "lq-zhoucheng"
MATERIAL = "技术改造项目备案证明"
AGENT = apps.Agent("张三", "11010519491231002X", "13812345678")
MARK = b"ID-CARD-SCAN-OF-ZHANGSAN-11010519491231002X"
SCAN = b"%PDF-1.4\n" + MARK + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
POSIX = os.name == "posix"
posix_only = pytest.mark.skipif(not POSIX, reason="owner-only modes are POSIX; Windows relies on the profile's ACL")


def _codes(n: int) -> list[str]:
    return [make_uscc(f"91371581MA3C{k:05d}") for k in range(1, n + 1)]


def _enterprise_file(folder: Path, codes: list[str]) -> Path:
    path = folder / "enterprises.json"
    path.write_text(json.dumps([{"credit_code": c, "name": f"临清市恒达轴承制造有限公司第{k}分公司", "region_code": "371581",
                                 "industry_code": "3451", "employees": 25, "established": "2020-03-01"}
                                for k, c in enumerate(codes, 1)], ensure_ascii=False), encoding="utf-8")
    return path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _env(data: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUAIXIANG")}
    env.update(KUAIXIANG_DATA_DIR=str(data), KUAIXIANG_INSECURE_KEYRING="1", QT_QPA_PLATFORM="offscreen")
    return env


def _kx(env: dict, *argv: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "kuaixiang"
    return subprocess.run([str(exe), *argv], capture_output=True, text=True, env=env, timeout=180, input=stdin)


def _apply_argv(db: Path, code: str, material: Path | None = None) -> list[str]:
    spec = f"{MATERIAL}={material}" if material else MATERIAL
    return ["--db", str(db), "apply", code, ITEM, "--agent-name", "张三", "--agent-id", AGENT.id_number,
            "--agent-phone", AGENT.phone, "--material", spec, "--json"]


def _counter(env: dict, db: Path, codes: list[str], folder: Path) -> None:
    """A counter database: the demo clerk, the mini catalogue, ``codes`` as enterprises."""
    for argv in (("demo", "--enterprises", "0"), ("policy", "import", str(MINI)),
                 ("enterprise", "import", str(_enterprise_file(folder, codes)))):
        done = _kx(env, "--db", str(db), *argv)
        assert done.returncode == 0, done.stderr


def _rows(db: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _sound(db: Path) -> None:
    """Nothing half-written: SQLite finds the file whole and the audit chain unbroken."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture
def world(db, tmp_path):
    import_catalogue(db, MINI)
    done = main(["--db", str(db.path), "enterprise", "import", str(_enterprise_file(tmp_path, _codes(3)))])
    assert done == 0
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(SCAN)
    return db, scan


def _file(db, code: str, scan: Path | None):
    device = local_device(db)
    return apps.file_application(db, code, ITEM, AGENT, [apps.MaterialInput(MATERIAL, scan)], device_id=device.short_id)


# ---------------------------------------------------------------------------------------------
# Owner-only files and folders
# ---------------------------------------------------------------------------------------------


@posix_only
def test_database_wal_shm_attachments_and_exports_are_owner_only(tmp_path, monkeypatch, capsys):
    old_umask = os.umask(0o022)  # a desktop's usual umask: files 0644 unless we say otherwise
    try:
        data = paths.data_dir()
        db = open_client_db(tmp_path / "new" / "client.sqlite3")
        import_catalogue(db, MINI)
        assert main(["--db", str(db.path), "enterprise", "import", str(_enterprise_file(tmp_path, _codes(1)))]) == 0
        with db.sessions.begin() as session:
            apps.ensure_demo_clerk(session)
        (tmp_path / "scan.pdf").write_bytes(SCAN)
        filed = _file(db, _codes(1)[0], tmp_path / "scan.pdf")
        receipt = tmp_path / "回执.pdf"
        assert main(["--db", str(db.path), "receipt", filed.application_id, "--out", str(receipt)]) == 0
        sheet = tmp_path / "名单.xlsx"
        from kuaixiang_desktop.services.outreach import export_reach_xlsx

        export_reach_xlsx(db, ITEM, sheet)
        folder = tmp_path / "new"
        with db.engine.connect():  # open: the WAL and shared-memory files are there
            for name in ("client.sqlite3", "client.sqlite3-wal", "client.sqlite3-shm"):
                assert _mode(folder / name) == 0o600, name
        db.close()
    finally:
        os.umask(old_umask)
    assert _mode(folder) == 0o700  # made by us for the database
    assert _mode(data) == 0o700
    store = data / "attachments"
    assert _mode(store) == 0o700
    stored = [p for p in store.rglob("*") if p.is_file()]
    assert stored and all(_mode(p) == 0o600 for p in stored)
    assert all(_mode(p) == 0o700 for p in store.rglob("*") if p.is_dir())
    assert _mode(receipt) == 0o600 and _mode(sheet) == 0o600  # exports
    assert not list(tmp_path.glob(".*.part"))


@posix_only
def test_a_database_an_earlier_version_left_readable_is_tightened(tmp_path):
    path = tmp_path / "old.sqlite3"
    open_client_db(path).close()
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if p.exists():
            os.chmod(p, 0o644)
    db = open_client_db(path)
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    db.close()
    assert _mode(path) == 0o600
    assert all(_mode(p) == 0o600 for p in tmp_path.glob("old.sqlite3-*"))


# ---------------------------------------------------------------------------------------------
# Material scans encrypted at rest
# ---------------------------------------------------------------------------------------------


class _Server:
    """Just enough of the protocol to take one upload and an empty outbox answer."""

    def __init__(self):
        self.uploaded = b""

    def __call__(self, request: httpx.Request) -> httpx.Response:
        h = {"X-Kuaixiang-Protocol": "1"}
        path = request.url.path
        if request.method == "HEAD" and path.startswith("/api/v1/attachments/"):
            return httpx.Response(404, headers={**h, "Upload-Offset": "0"})
        if request.method == "PUT" and path.startswith("/api/v1/attachments/"):
            self.uploaded += request.content
            return httpx.Response(200, headers=h, json={"complete": True, "offset": len(self.uploaded)})
        if path == "/api/v1/outbox":
            entries = json.loads(request.content)["entries"]
            return httpx.Response(200, headers=h, json={"results": [{"key": e["key"], "status": "applied"}
                                                                    for e in entries]})
        if path.startswith("/api/v1/changes/"):
            return httpx.Response(200, headers=h, json={"items": [], "next_cursor": "0", "has_more": False})
        if path == "/api/v1/devices":
            return httpx.Response(200, headers=h, json={"devices": []})
        return httpx.Response(404, headers=h, json={"error": {"code": "not_found", "message": path}})


def test_material_scans_are_encrypted_at_rest_and_go_up_plain(world, memory_keyring):
    db, scan = world
    filed = _file(db, _codes(1)[0], scan)
    sha = hashlib.sha256(SCAN).hexdigest()
    assert apps.show(db, filed.application_id).materials[0].attachment_sha256 == sha  # addressed by the plain bytes
    on_disk = attachments.path_for(sha).read_bytes()
    assert MARK not in on_disk and not on_disk.startswith(b"%PDF")  # nothing of the scan readable
    assert on_disk.startswith(attachments.SEALED)
    assert any("attachment-data-key" in user for _service, user in memory_keyring.store)  # the key: keyring only
    assert attachments.read_plain(sha) == SCAN
    server = _Server()
    client = SyncClient("https://server.test", "tok", transport=httpx.MockTransport(server), retry=NO_RETRY)
    report = sync(db, "https://server.test", client=client)
    client.close()
    # This stub serves no signed device list, so only the device refresh may fail (and says so).
    assert report.attachments_uploaded == 1 and {f.scope for f in report.failures} <= {"devices"}, report.failures
    assert server.uploaded == SCAN  # the server gets, and checks, the plain bytes


def test_plain_scans_of_an_earlier_version_stay_readable_and_init_encrypts_them(world, capsys):
    db, _ = world
    legacy = b"%PDF-1.4\n" + b"legacy scan of a licence" + b"\n%%EOF\n"
    sha = hashlib.sha256(legacy).hexdigest()
    old = attachments.path_for(sha)
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(legacy)  # as the version before this one stored it
    if POSIX:
        os.chmod(old, 0o644)
    assert attachments.read_plain(sha) == legacy  # read both kinds
    assert main(["--db", str(db.path), "init", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["attachments_sealed"] == 1
    sealed = old.read_bytes()
    assert sealed.startswith(attachments.SEALED) and b"licence" not in sealed
    assert attachments.read_plain(sha) == legacy
    if POSIX:
        assert _mode(old) == 0o600
    assert main(["--db", str(db.path), "init", "--json"]) == 0  # nothing left to do, twice is harmless
    assert json.loads(capsys.readouterr().out)["attachments_sealed"] == 0
    old.write_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]))  # changed on disk: refused, not uploaded wrong
    with pytest.raises(attachments.AttachmentUnreadable):
        attachments.read_plain(sha)


# ---------------------------------------------------------------------------------------------
# A full disk and a read-only file: exit 3, the file named, nothing half-written
# ---------------------------------------------------------------------------------------------


def _can_mount() -> bool:
    return POSIX and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def _small_disk(folder: Path, size: str = "64m"):
    """A tmpfs of ``size`` at ``folder`` (None when mounting is not possible here)."""
    folder.mkdir()
    if not _can_mount():
        yield None
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path) -> Path:
    """Write until the filesystem has not a byte left."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        for size in (1 << 20, 1 << 12, 1):
            block = b"\0" * size
            while True:
                try:
                    f.write(block)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    return filler


def _checkpoint(db: Path) -> None:
    """Empty the WAL, so that the next write must take new space on the disk."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _refused(done: subprocess.CompletedProcess, named: str, words: str) -> None:
    assert done.returncode == 3, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    error = json.loads(done.stderr.strip().splitlines()[-1])
    assert error["exit_code"] == 3 and named in error["error"] and words in error["error"], error


@pytest.mark.parametrize("command", ["apply-with-scan", "apply", "apply-first-to-open", "enterprise-import", "demo"])
def test_a_really_full_disk_is_exit_3_naming_the_file_and_leaves_nothing_half_written(tmp_path, command):
    with _small_disk(tmp_path / "disk") as disk:
        if disk is None:
            pytest.skip("cannot mount a tmpfs here (not root): the simulated full disk below covers this")
        env = _env(disk / "data")
        db = disk / "client.sqlite3"
        codes = _codes(3)
        _counter(env, db, codes, tmp_path)
        (tmp_path / "scan.pdf").write_bytes(SCAN)
        first = _kx(env, *_apply_argv(db, codes[0], tmp_path / "scan.pdf"))
        assert first.returncode == 0, first.stderr  # the keys exist; the store has a file
        _checkpoint(db)
        before = {t: _rows(db, t) for t in ("application", "outbox", "audit_log", "enterprise")}
        # Another process (the window) has the database open, as it would: its shared memory
        # stays. "apply-first-to-open" is the process that must make it on the full disk.
        holder = sqlite3.connect(db)
        holder.execute("SELECT count(*) FROM application").fetchone()
        if command == "apply-first-to-open":
            holder.close()
        filler = _fill(disk)
        if command == "apply-with-scan":
            other = tmp_path / "licence.pdf"
            other.write_bytes(SCAN.replace(b"ZHANGSAN", b"LISI0000"))
            done = _kx(env, *_apply_argv(db, codes[1], other))
            _refused(done, str(disk / "data" / "attachments"), "磁盘空间不足")
        elif command in ("apply", "apply-first-to-open"):
            done = _kx(env, *_apply_argv(db, codes[1]))
            _refused(done, str(db), "磁盘空间不足")
        elif command == "enterprise-import":
            more = tmp_path / "more"
            more.mkdir()
            done = _kx(env, "--db", str(db), "enterprise", "import",
                       str(_enterprise_file(more, [make_uscc(f"91371581MA3D{k:05d}") for k in range(1, 400)])), "--json")
            _refused(done, str(db), "磁盘空间不足")
        else:
            done = _kx(env, "--db", str(db), "demo", "--enterprises", "300", "--json")
            _refused(done, str(db), "磁盘空间不足")
        filler.unlink()
        holder.close()
        _sound(db)
        assert {t: _rows(db, t) for t in before} == before  # the transaction left nothing
        assert not [p for p in disk.rglob("*.part")], "a temporary file was left behind"
        assert _kx(env, "--db", str(db), "audit", "verify").returncode == 0


def test_a_simulated_full_disk_is_exit_3_naming_the_file(world, capsys, monkeypatch):
    """Where no tmpfs can be mounted: SQLite's own page limit gives the same SQLITE_FULL, and
    the attachment write gets the OSError(ENOSPC) a full disk gives."""
    db, scan = world
    _file(db, _codes(1)[0], scan)
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def limit(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    before = _rows(db.path, "application"), _rows(db.path, "enterprise")
    event.listen(db.engine, "connect", limit)
    db.engine.dispose()  # new connections get the limit: the database cannot grow
    try:
        with pytest.raises(store.StorageFault) as caught:  # the bulk writer's own cursor, too
            import_file(db, _enterprise_file(scan.parent, [make_uscc(f"91371581MA3D{k:05d}") for k in range(1, 900)]))
    finally:
        event.remove(db.engine, "connect", limit)
        db.engine.dispose()
    assert caught.value.kind == "full" and str(db.path) in str(caught.value)
    assert (_rows(db.path, "application"), _rows(db.path, "enterprise")) == before

    real_fdopen = os.fdopen

    def full_disk(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)

        class Full:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, data):
                handle.write(data[:10])
                raise OSError(errno.ENOSPC, "No space left on device")

        return Full()

    monkeypatch.setattr(os, "fdopen", full_disk)
    other = scan.with_name("licence.pdf")
    other.write_bytes(SCAN.replace(b"ZHANGSAN", b"LISI0000"))
    argv = ["--db", str(db.path), "apply", _codes(3)[2], ITEM, "--agent-name", "张三", "--agent-id", AGENT.id_number,
            "--agent-phone", AGENT.phone, "--material", f"{MATERIAL}={other}", "--json"]
    assert main(argv) == 3
    error = json.loads(capsys.readouterr().err)
    assert "磁盘空间不足" in error["error"] and str(paths.data_dir() / "attachments") in error["error"]
    assert error["errno"] == errno.ENOSPC
    assert not list((paths.data_dir() / "attachments").rglob("*.part"))
    assert _rows(db.path, "application") == before[0]


@contextlib.contextmanager
def _read_only(path: Path):
    """``path`` cannot be written: a read-only bind mount of the file itself for root (whom
    file modes do not stop), mode 0444 for anyone else."""
    if _can_mount():
        done = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
        if done.returncode == 0:
            try:
                subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], check=True, capture_output=True)
                yield
            finally:
                subprocess.run(["umount", "-l", str(path)], capture_output=True)
            return
    if POSIX and os.geteuid() == 0:
        pytest.skip("root without mount: a read-only file cannot be made here")
    os.chmod(path, 0o444)
    try:
        yield
    finally:
        os.chmod(path, 0o600)


def test_a_read_only_database_is_exit_3_naming_it(tmp_path):
    env = _env(tmp_path / "data")
    db = tmp_path / "client.sqlite3"
    codes = _codes(2)
    _counter(env, db, codes, tmp_path)
    _checkpoint(db)
    before = _rows(db, "application")
    with _read_only(db):
        done = _kx(env, *_apply_argv(db, codes[0]))
        _refused(done, str(db), "只读")
    _sound(db)
    assert _rows(db, "application") == before
    assert _kx(env, *_apply_argv(db, codes[0])).returncode == 0  # writable again: it works


def test_a_full_disk_during_sync_is_raised_as_such_with_nothing_half_applied(world):
    """A sync round that cannot write stops with the storage fault (the CLI: exit 3), not a
    network error to retry, and its page and cursor are not half-applied."""
    db, _ = world
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    many = [wire.enterprise_to_wire(EnterpriseRecord(credit_code=make_uscc(f"91371502MA3E{k:05d}"),
                                                     name=f"聊城市同步测试企业{k}", region_code="371502",
                                                     industry_code="3451"), version=1)
            for k in range(1, 3000)]

    def answer(request: httpx.Request) -> httpx.Response:
        h = {"X-Kuaixiang-Protocol": "1"}
        if request.url.path == "/api/v1/changes/enterprises":
            return httpx.Response(200, headers=h, json={"items": many, "next_cursor": "9", "has_more": False})
        if request.url.path.startswith("/api/v1/changes/"):
            return httpx.Response(200, headers=h, json={"items": [], "next_cursor": "0", "has_more": False})
        return httpx.Response(200, headers=h, json={"devices": [], "results": []})

    def limit(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    before = _rows(db.path, "enterprise")
    event.listen(db.engine, "connect", limit)
    db.engine.dispose()
    client = SyncClient("https://server.test", "tok", transport=httpx.MockTransport(answer), retry=NO_RETRY)
    try:
        with pytest.raises(store.StorageFault):
            sync(db, "https://server.test", client=client)
    finally:
        client.close()
        event.remove(db.engine, "connect", limit)
        db.engine.dispose()
    assert _rows(db.path, "enterprise") == before
    with contextlib.closing(sqlite3.connect(db.path)) as conn:  # the page's cursor went with it
        assert conn.execute("SELECT count(*) FROM sync_cursor WHERE stream LIKE 'enterprises@%'").fetchone()[0] == 0


# ---------------------------------------------------------------------------------------------
# Two processes filing at once
# ---------------------------------------------------------------------------------------------

_FILER = """
import json, sys
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.device import local_device

db_path, codes = sys.argv[1], sys.argv[2:]
db = open_client_db(db_path)
device = local_device(db)
print("ready", flush=True)
sys.stdin.readline()  # both start filing at the same moment: when the test says go
errors = []
for code in codes:
    try:
        apps.file_application(db, code, "lq-zhoucheng", apps.Agent("张三", "11010519491231002X", "13812345678"),
                              [apps.MaterialInput("技术改造项目备案证明")], device_id=device.short_id)
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}"[:300])
db.close()
print(json.dumps(errors, ensure_ascii=False))
"""


def test_two_processes_filing_at_once_both_succeed(tmp_path):
    env = _env(tmp_path / "data")
    db = tmp_path / "client.sqlite3"
    codes = _codes(30)
    _counter(env, db, codes, tmp_path)
    filers = [subprocess.Popen([sys.executable, "-c", _FILER, str(db), *codes[i::2]], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    for filer in filers:  # both have opened the database and wait at the line
        ready, _, _ = select.select([filer.stdout], [], [], 120)
        assert ready and filer.stdout.readline().strip() == "ready", filer.stderr.read() if filer.poll() is not None else ""
    for filer in filers:
        filer.stdin.write("go\n")
        filer.stdin.flush()
    for filer in filers:
        out, err = filer.communicate(timeout=300)
        assert filer.returncode == 0, err
        assert json.loads(out.strip().splitlines()[-1]) == [], out
    assert _rows(db, "application") == len(codes)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        numbers = [r[0] for r in conn.execute("SELECT receipt_no FROM application")]
    assert len(set(numbers)) == len(codes)  # one number each: the count was read under the write lock
    verified = _kx(env, "--db", str(db), "audit", "verify", "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["rows"] >= len(codes)  # one chain, no fork
