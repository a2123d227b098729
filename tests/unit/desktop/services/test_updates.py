"""Installing an update on the next start: staged beside the running version, switched to
only when whole; a bad package, a full disk or a kill mid-install leave the running version
and the previous choice as they were. How each kind of install is told about an update."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

from kuaixiang_core.domain import update_manifest
from kuaixiang_core.domain.device_trust import public_key_of
from kuaixiang_desktop.services import crash_points, updates
from kuaixiang_desktop.services.updates import Install, UpdateError

KEY = bytes(range(100, 132))
ROOT = Path(__file__).resolve().parents[4]


def package(path: Path, version: str, *, exe: bool = True, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        if exe:
            info = zipfile.ZipInfo("kuaixiang-desktop/kuaixiang-desktop")
            info.external_attr = 0o755 << 16
            archive.writestr(info, f"#!/bin/sh\necho {version}\n")
        for i in range(40):
            archive.writestr(f"kuaixiang-desktop/_internal/lib{i}.so", os.urandom(2048))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def manifest(path: Path, version: str, platform: str = "linux-x86_64", minimum: str | None = None):
    data = path.read_bytes()
    doc = update_manifest.make(KEY, version=version, platform=platform, url="/api/v1/updates/files/x",
                               sha256=hashlib.sha256(data).hexdigest(), size=len(data), minimum_version=minimum,
                               notes="", published=dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    return update_manifest.read(doc, public_key_of(KEY))


@pytest.fixture
def install(tmp_path) -> Install:
    app_dir = tmp_path / "opt" / "kuaixiang-desktop"
    app_dir.mkdir(parents=True)
    (app_dir / "kuaixiang-desktop").write_text("#!/bin/sh\necho 0.1.0\n")
    return Install("frozen", "linux-x86_64", app_dir, app_dir.parent)


def test_a_staged_version_is_started_next_time_and_only_when_newer(install, tmp_path):
    pkg = package(tmp_path / "p.zip", "0.2.0")
    exe = updates.stage(pkg, manifest(pkg, "0.2.0"), install)
    assert exe.is_file() and os.access(exe, os.X_OK) and exe.parent.parent.name == "0.2.0"
    assert updates.switch_target(install, "0.1.0") == exe.resolve()
    assert updates.switch_target(install, "0.2.0") is None  # the staged one runs: no loop
    assert updates.switch_target(install, "0.3.0") is None  # never back to an older one
    assert (install.app_dir / "kuaixiang-desktop").read_text() == "#!/bin/sh\necho 0.1.0\n"


def test_the_version_an_update_started_stages_the_next_beside_the_first(install, tmp_path):
    pkg = package(tmp_path / "p.zip", "0.2.0")
    exe = updates.stage(pkg, manifest(pkg, "0.2.0"), install)
    second = updates.current_install(str(exe), frozen=True)
    assert second.root == install.root and second.kind == "frozen"


@pytest.mark.parametrize("bad, reason", [
    ({"exe": False}, "可执行文件"), ({"extra": {"../escape.txt": b"x"}}, "越出"),
])
def test_a_bad_package_is_refused_and_changes_nothing(install, tmp_path, bad, reason):
    good = package(tmp_path / "good.zip", "0.2.0")
    before = updates.stage(good, manifest(good, "0.2.0"), install)
    pkg = package(tmp_path / "bad.zip", "0.3.0", **bad)
    with pytest.raises(UpdateError, match=reason):
        updates.stage(pkg, manifest(pkg, "0.3.0"), install)
    assert updates.switch_target(install, "0.1.0") == before.resolve()
    assert not list(install.updates_dir.glob(".staging-*")) and not (install.updates_dir / "0.3.0").exists()


def test_a_package_that_is_no_zip_is_refused(install, tmp_path):
    pkg = tmp_path / "p.zip"
    pkg.write_bytes(b"PK not really")
    with pytest.raises(UpdateError, match="zip"):
        updates.stage(pkg, manifest(pkg, "0.2.0"), install)
    assert updates.switch_target(install, "0.1.0") is None


def test_a_full_disk_while_unpacking_leaves_the_running_version(install, tmp_path, monkeypatch):
    pkg = package(tmp_path / "p.zip", "0.2.0")
    real = zipfile.ZipFile.extract
    calls = []

    def extract(self, member, path=None, pwd=None):
        calls.append(member)
        if len(calls) == 10:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(self, member, path, pwd)

    monkeypatch.setattr(zipfile.ZipFile, "extract", extract)
    with pytest.raises(UpdateError) as err:
        updates.stage(pkg, manifest(pkg, "0.2.0"), install)
    assert err.value.code == "disk" and "磁盘空间不足" in err.value.message
    assert updates.switch_target(install, "0.1.0") is None
    assert not list(install.updates_dir.glob(".staging-*"))


def test_killed_mid_install_the_previous_choice_stands_and_the_leftover_goes(install, tmp_path):
    first = package(tmp_path / "a.zip", "0.1.5")
    before = updates.stage(first, manifest(first, "0.1.5"), install)
    pkg = package(tmp_path / "b.zip", "0.2.0")
    script = (
        "import sys, json; from pathlib import Path\n"
        "from kuaixiang_desktop.services import updates\n"
        "from kuaixiang_core.domain import update_manifest\n"
        "from kuaixiang_core.domain.device_trust import public_key_of\n"
        "doc = json.loads(sys.argv[1]); m = update_manifest.read(doc, public_key_of(bytes(range(100, 132))))\n"
        "i = updates.Install('frozen', 'linux-x86_64', Path(sys.argv[3]), Path(sys.argv[4]))\n"
        "updates.stage(Path(sys.argv[2]), m, i)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = crash_points.run_killed_at("update.mid_stage", [sys.executable, "-c", script,
                                        json.dumps(manifest(pkg, "0.2.0").doc), str(pkg), str(install.app_dir),
                                        str(install.root)], env=env)
    assert result.returncode == crash_points.KILLED, result.stderr
    assert list(install.updates_dir.glob(".staging-*")), "the kill left a half-unpacked folder"
    assert updates.switch_target(install, "0.1.0") == before.resolve()
    assert not list(install.updates_dir.glob(".staging-*"))
    assert not (install.updates_dir / "0.2.0").exists()


def test_switching_is_for_one_folder_builds_only(install, tmp_path):
    pkg = package(tmp_path / "p.zip", "0.2.0")
    updates.stage(pkg, manifest(pkg, "0.2.0"), install)
    assert updates.switch_target(Install("venv", "linux-x86_64", install.app_dir, install.root), "0.1.0") is None


def test_how_each_kind_of_install_is_told(install, tmp_path):
    pkg = package(tmp_path / "p.zip", "0.2.0")
    newer = manifest(pkg, "0.2.0")
    assert updates.decide(newer, install, "0.1.0").action == "stage"
    assert updates.decide(newer, Install("admin", "deb-amd64", install.app_dir, install.root), "0.1.0").action == "admin"
    venv = updates.decide(newer, Install("venv", "linux-x86_64", install.app_dir, install.root), "0.1.0")
    assert venv.action == "report" and "pip" in venv.message
    assert updates.decide(newer, install, "0.2.0").action == "none"
    assert updates.decide(newer, install, "1.0.0").action == "none"
    assert updates.decide(manifest(pkg, "0.2.0", minimum="0.1.5"), install, "0.1.0").action == "too_old"


def test_what_kind_of_install_this_is(tmp_path):
    exe = tmp_path / "app" / "kuaixiang-desktop"
    exe.parent.mkdir()
    exe.write_text("")
    assert updates.current_install(str(exe), frozen=False).kind == "venv"
    assert updates.current_install(str(exe), frozen=True).kind == "frozen"
    (exe.parent / "install-kind").write_text("deb\n")
    deb = updates.current_install(str(exe), frozen=True)
    assert deb.kind == "admin" and deb.platform.startswith("deb-")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder this user cannot write")
def test_a_folder_the_clerk_cannot_write_needs_an_administrator(tmp_path):
    root = tmp_path / "opt"
    (root / "app").mkdir(parents=True)
    (root / "app" / "kuaixiang-desktop").write_text("")
    root.chmod(0o555)
    try:
        assert updates.current_install(str(root / "app" / "kuaixiang-desktop"), frozen=True).kind == "admin"
    finally:
        root.chmod(0o755)


def test_too_little_disk_is_refused_before_downloading(install, tmp_path, monkeypatch, db):
    pkg = package(tmp_path / "p.zip", "0.2.0")
    monkeypatch.setattr(updates.shutil, "disk_usage", lambda _p: type("U", (), {"free": 10 * 1024**2})())
    with pytest.raises(UpdateError) as err:
        updates.fetch(db, manifest(pkg, "0.2.0"), install, client=object())
    assert err.value.code == "disk" and "磁盘空间不足" in err.value.message
    assert not list((install.updates_dir / "downloads").iterdir())


def test_the_real_executable_is_not_started_twice(monkeypatch, tmp_path):
    from kuaixiang_desktop import app

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv(updates.SWITCHED_ENV, "/somewhere")
    called = []
    monkeypatch.setattr(updates, "switch_target", lambda *a: called.append(a))
    app.switch_to_staged_update([])
    assert called == []
