"""What the frozen build takes in (tools/packaging/bundle.py, shared by the Linux and Windows
builds): every listed folder, file and migration is there, every hidden import imports, the
frozen entry point dispatches, and the .deb's metadata is what the UOS store reads. The build
itself is tests/test_frozen_package.py (opt-in: it takes minutes)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kuaixiang_desktop import __version__
from kuaixiang_desktop.paths import migrations_dir

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "tools" / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle  # noqa: E402
import deb  # noqa: E402


def test_every_listed_input_exists():
    assert bundle.missing_inputs(font=None) == []
    assert bundle.missing_inputs(font=Path("/nowhere/font.ttc")) == ["/nowhere/font.ttc"]


def _bundled(path: Path) -> str:
    """Where ``path`` (a file of the checkout) lands in the bundle, or '' when it is not taken."""
    rel = path.resolve().relative_to(ROOT).as_posix()
    for src, dest in bundle.DATA:
        if rel.startswith(src + "/"):
            return dest + rel[len(src):]
    return ""


@pytest.mark.parametrize("folder", [migrations_dir(), ROOT / "kuaixiang_server" / "migrations"])
def test_every_migration_goes_into_the_bundle(folder):
    scripts = ScriptDirectory(str(folder))
    revisions = list(scripts.walk_revisions())
    assert revisions
    for revision in revisions:
        assert _bundled(Path(revision.path)), revision.path
    # the client's lands where kuaixiang_desktop.paths looks for it inside a wheel or bundle
    assert _bundled(folder / "env.py") in ("kuaixiang_desktop/_shipped/db/env.py", "kuaixiang_server/migrations/env.py")


def test_resources_land_where_the_code_looks():
    assert _bundled(ROOT / "resources" / "i18n" / "kuaixiang_en.qm") == "kuaixiang_core/_shipped/resources/i18n/kuaixiang_en.qm"
    assert bundle.FONT_DIR == "kuaixiang_core/_shipped/resources/fonts"  # fonts.shipped_font_candidates


def test_datas_name_the_font_and_its_licence(tmp_path):
    font = tmp_path / "f.ttc"
    font.write_bytes(b"")
    pairs = bundle.datas(font)
    assert (str(font), bundle.FONT_DIR) in pairs
    assert all(dest != bundle.FONT_DIR for src, dest in bundle.datas(None))


@pytest.mark.parametrize("name", bundle.hidden_imports())
def test_hidden_imports_import(name):
    importlib.import_module(name)


def test_every_module_of_the_whole_packages_imports():
    # What the spec's collect_submodules takes (and PyInstaller imports to find them).
    script = (
        "import importlib, pkgutil, sys\n"
        "failed = []\n"
        "for package in sys.argv[1:]:\n"
        "    root = importlib.import_module(package)\n"
        "    for info in pkgutil.walk_packages(root.__path__, package + '.'):\n"
        "        if '.migrations' in info.name or info.name.endswith('.__main__'): continue\n"
        "        try: importlib.import_module(info.name)\n"
        "        except Exception as exc: failed.append(f'{info.name}: {exc!r}')\n"
        "print('\\n'.join(failed)); sys.exit(1 if failed else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, *bundle.WHOLE_PACKAGES], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=_env())
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _env():
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def _entry(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PACKAGING / "entry.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env=_env())


def test_the_entry_point_runs_the_command_and_our_modules_by_name():
    assert _entry("--version").stdout.strip() == f"kuaixiang {__version__}"
    proc = _entry("-m", "kuaixiang_desktop.cli", "code", "check", "91371502MA0RE9BH1U")
    assert proc.returncode == 0 and "91371502MA0RE9BH1U" in proc.stdout
    refused = _entry("-m", "os")
    assert refused.returncode == 2 and "only the client's own modules" in refused.stderr


def test_the_store_metadata():
    version = deb.store_version(__version__, 7)
    assert version == f"{__version__}.7" and all(p.isdigit() for p in version.split("."))
    with pytest.raises(ValueError):
        deb.store_version("1.0", 0)
    info = json.loads(json.dumps(deb.info(version, "arm64")))
    assert info["appid"] == bundle.APP_ID and info["arch"] == ["arm64"] and info["version"] == version
    assert set(info["permissions"]) >= {"autostart", "notification", "trayicon", "clipboard", "camera"}
    assert not any(info["permissions"].values())
    entry = deb.desktop_entry()
    assert f"Exec=/opt/apps/{bundle.APP_ID}/files/{bundle.GUI_EXE}\n" in entry
    assert f"Icon={bundle.APP_ID}\n" in entry and "Terminal=false" in entry
    control = deb.control(version, "amd64", 1234)
    assert f"Package: {bundle.APP_ID}\n" in control and "Architecture: amd64\n" in control
    assert bundle.APP_ID == bundle.APP_ID.lower() and bundle.APP_ID.count(".") >= 2


def test_the_windows_installer_script_names_the_same_executables_and_version_source():
    iss = (PACKAGING / "windows" / "kuaixiang.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert "{localappdata}" in iss
    assert f'Filename: "{{app}}\\{bundle.GUI_EXE}.exe"' in iss
    assert 'Source: "{#SourceDir}\\*"' in iss and "recursesubdirs" in iss  # the whole frozen folder
    assert "{userprograms}" in iss or "{group}" in iss


def test_the_windows_icon_is_drawn_from_the_apps_svg(tmp_path, qapp):
    import build
    from PIL import Image

    ico = build.make_icon(tmp_path / "k.ico")
    with Image.open(ico) as image:
        assert image.format == "ICO"
        assert (256, 256) in image.info["sizes"] and (16, 16) in image.info["sizes"]
        assert image.ico.getimage((256, 256)).convert("RGBA").getbbox() is not None  # not blank


def _fake_frozen(tmp_path: Path) -> Path:
    """A frozen folder's shape without its binaries: enough for the steps after PyInstaller."""
    frozen = tmp_path / "dist" / bundle.FOLDER
    resources = frozen / "_internal" / dict(bundle.DATA)["resources"]
    resources.mkdir(parents=True)
    (frozen / bundle.GUI_EXE).write_text("#!/bin/sh\n", encoding="utf-8")
    (frozen / "VERSION").write_text(__version__ + "\n", encoding="utf-8")
    return frozen


def test_a_countys_anchors_are_shipped_where_provisioning_looks_and_bad_ones_refused(tmp_path):
    import base64

    import build
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from kuaixiang_core.domain.device_trust import signer_id

    frozen = _fake_frozen(tmp_path)
    key = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    good = tmp_path / "anchors.json"
    good.write_text(json.dumps({"city": "371500", "city_name": "聊城市", "keys": [
        {"key_id": signer_id(key), "public_key": base64.b64encode(key).decode()}]}), encoding="utf-8")
    placed = build.place_anchors(frozen, good)
    assert placed.read_bytes() == good.read_bytes()
    assert placed.parent == frozen / "_internal" / "kuaixiang_core" / "_shipped" / "resources"

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"city": "371500", "keys": [{"key_id": "x", "public_key": "AAAA"}]}), encoding="utf-8")
    placed.unlink()
    with pytest.raises(ValueError, match="key_id"):
        build.place_anchors(frozen, bad)
    assert not placed.exists()


def test_the_update_package_holds_the_folder_one_level_down(tmp_path):
    import zipfile

    import build

    frozen = _fake_frozen(tmp_path)
    package = build.update_zip(frozen, tmp_path / "out", "linux-x86_64")
    assert package.name == f"kuaixiang-{__version__}-linux-x86_64.zip"
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert f"{bundle.FOLDER}/{bundle.GUI_EXE}" in names and f"{bundle.FOLDER}/VERSION" in names


@pytest.mark.skipif(not Path("/usr/bin/dpkg-deb").exists(), reason="dpkg-deb is Debian's")
def test_the_deb_says_it_is_updated_by_an_administrator(tmp_path):
    frozen = _fake_frozen(tmp_path)
    package = deb.build(frozen, tmp_path / "out", tmp_path / "work", arch="amd64")
    listing = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(package)], capture_output=True, check=True).stdout
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(listing)) as tar:
        member = tar.extractfile(f"./opt/apps/{bundle.APP_ID}/files/install-kind")
        assert member is not None and member.read() == b"deb\n"


@pytest.mark.parametrize(
    ("wanted", "machine", "refused"),
    [
        (None, "x86_64", False), ("amd64", "x86_64", False), ("arm64", "aarch64", False), (None, "aarch64", False),
        ("arm64", "x86_64", True), ("amd64", "aarch64", True),
        # no PySide6 wheels: 龙芯 (loongarch64, mips64el), riscv64
        (None, "loongarch64", True), ("amd64", "mips64", True), (None, "riscv64", True),
    ],
)
def test_a_build_machine_builds_only_its_own_architecture(wanted, machine, refused):
    import build

    refusal = build.refuse_cross_build(wanted, machine)
    assert (refusal is not None) == refused
    if refused:
        assert machine in refusal and "docs/delivery.md" in refusal


def _no_freezing(*_args, **_kwargs):
    raise AssertionError("build.py froze after all")


def test_build_refuses_another_architecture_before_building_anything(tmp_path, monkeypatch, capsys):
    import build

    other = "arm64" if build.debian_arch() == "amd64" else "amd64"
    monkeypatch.setattr(build, "freeze", _no_freezing)
    out, work = tmp_path / "out", tmp_path / "work"
    assert build.main(["--arch", other, "--out", str(out), "--work", str(work)]) == 2
    err = capsys.readouterr().err
    assert f"--arch {other} cannot be built on this {build.debian_arch()} machine" in err
    assert "does not cross-build" in err and "docker buildx" in err and "docs/delivery.md" in err
    assert not out.exists() and not work.exists()


def test_build_refuses_a_machine_with_no_qt_wheels_before_freezing(tmp_path, monkeypatch, capsys):
    import build

    monkeypatch.setattr(build, "freeze", _no_freezing)
    monkeypatch.setattr(build.platform, "machine", lambda: "loongarch64")
    assert build.main(["--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")]) == 2
    assert "'loongarch64'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_build_goes_on_for_its_own_architecture(tmp_path, monkeypatch):
    import build

    class Froze(Exception):
        pass

    def freeze(*_args, **_kwargs):
        raise Froze

    monkeypatch.setattr(build, "freeze", freeze)
    monkeypatch.setattr(build.bundle, "missing_inputs", lambda font: [])
    with pytest.raises(Froze):
        build.main(["--arch", build.debian_arch(), "--no-font", "--out", str(tmp_path / "out")])


def test_build_names_only_the_architectures_it_knows(capsys):
    import build

    with pytest.raises(SystemExit):
        build.main(["--arch", "i386"])
    assert "invalid choice" in capsys.readouterr().err
