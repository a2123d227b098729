"""The 统信UOS / 麒麟 ``.deb`` around a frozen folder, in the app-store layout:

    /opt/apps/<APP_ID>/
        entries/applications/<APP_ID>.desktop
        entries/icons/hicolor/scalable/apps/<APP_ID>.svg
        files/            the frozen folder (kuaixiang-desktop, kuaixiang, VERSION, _internal/)
        info              JSON: appid, name, version, arch, permissions

Everything lies under /opt/apps/<APP_ID>/ and there are no maintainer scripts (the UOS store
refuses packages with postinst hooks that change the system). ``menu_links`` adds
/usr/share/applications and /usr/share/icons links for desktops that do not read
/opt/apps/*/entries (plain Debian, some 麒麟 releases); a store upload leaves them out.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import bundle

# The store's permission switches; the client needs none of them (no autostart, tray icon,
# camera: the document camera is a device driver of its own, not the desktop's camera).
PERMISSIONS = {
    "autostart": False,
    "notification": False,
    "trayicon": False,
    "clipboard": False,
    "account": False,
    "bluetooth": False,
    "camera": False,
    "audio_record": False,
    "installed_apps": False,
}
# Debian architecture names: the store's `arch` uses the same.
ARCHES = ("amd64", "arm64")


def store_version(version: str, build: int) -> str:
    """The store's {MAJOR}.{MINOR}.{PATCH}.{BUILD}, all numbers."""
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    return f"{version}.{build}"


def install_root() -> str:
    return f"/opt/apps/{bundle.APP_ID}"


def desktop_entry() -> str:
    root = install_root()
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        f"Name={bundle.NAME}",
        f"Name[zh_CN]={bundle.NAME}",
        f"Name[en]={bundle.NAME_EN}",
        "GenericName=政务服务窗口客户端",
        "GenericName[en]=Government service counter client",
        "Comment=惠企政策查询、匹配、受理与回执打印",
        "Comment[en]=Find, match and file enterprise benefit policies at the counter",
        f"Exec={root}/files/{bundle.GUI_EXE}",
        f"Icon={bundle.APP_ID}",
        "Terminal=false",
        "Categories=Office;",
        f"StartupWMClass={bundle.GUI_EXE}",
        "",
    ])


def info(version: str, arch: str) -> dict:
    return {"appid": bundle.APP_ID, "name": bundle.NAME, "version": version, "arch": [arch],
            "permissions": dict(PERMISSIONS)}


_GLIBC = re.compile(rb"GLIBC_(2\.[0-9]+)(?:\.[0-9]+)?\x00")


def glibc_needed(frozen: Path) -> str:
    """The newest glibc symbol version any binary of the frozen folder asks for: PyInstaller
    bundles the build machine's libraries, so the package runs only where glibc is at least
    this (the UOS store's oldest systems need an old build machine: docs/delivery.md)."""
    newest = (2, 17)
    for path in frozen.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with open(path, "rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
            data = handle.read()
        for match in _GLIBC.finditer(data):
            newest = max(newest, tuple(int(part) for part in match.group(1).split(b".")))
    return ".".join(map(str, newest))


def control(version: str, arch: str, installed_kib: int, glibc: str = "2.28") -> str:
    return "\n".join([
        f"Package: {bundle.APP_ID}",
        f"Version: {version}",
        f"Architecture: {arch}",
        "Maintainer: 聊城市政策快享平台 <kuaixiang@liaocheng.gov.cn>",
        f"Installed-Size: {installed_kib}",
        "Section: utils",
        "Priority: optional",
        # The frozen folder carries Python, Qt and most libraries; these come from the system
        # (PyInstaller leaves out libc, the GL/EGL drivers and libxcb by design).
        f"Depends: libc6 (>= {glibc}), libgl1, libegl1, libxcb1",
        f"Description: {bundle.NAME} · 窗口服务客户端",
        " The counter client of Liaocheng's 政策快享 platform, frozen (no Python needed).",
        "",
    ])


def _copy_tree(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, symlinks=True)
    for path in [dest, *dest.rglob("*")]:  # the store's files: root-owned, readable by all
        if path.is_symlink():
            continue
        mode = 0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644
        os.chmod(path, mode)


# gzip: every dpkg reads it and it is several times faster to make than xz (on this 2-core
# machine, under load: xz -3 took 11 minutes for 290 MB); xz is a third smaller to download.
COMPRESSIONS = {"gzip": ["-Zgzip", "-z6"], "xz": ["-Zxz", "-z6"]}


def build(frozen: Path, out_dir: Path, work: Path, *, arch: str, build_number: int = 0,
          menu_links: bool = False, compression: str = "gzip") -> Path:
    """Stage the layout under ``work`` and write the .deb into ``out_dir``; its path."""
    if arch not in ARCHES:
        raise ValueError(f"arch {arch!r}: one of {', '.join(ARCHES)}")
    version = store_version(bundle.version(), build_number)
    stage = work / "deb-root"
    if stage.exists():
        shutil.rmtree(stage)
    app = stage / install_root().lstrip("/")
    _copy_tree(frozen, app / "files")
    entries = app / "entries"
    (entries / "applications").mkdir(parents=True)
    (entries / "applications" / f"{bundle.APP_ID}.desktop").write_text(desktop_entry(), encoding="utf-8")
    icons = entries / "icons" / "hicolor" / "scalable" / "apps"
    icons.mkdir(parents=True)
    shutil.copyfile(bundle.ROOT / "resources" / "icons" / "app.svg", icons / f"{bundle.APP_ID}.svg")
    (app / "info").write_text(json.dumps(info(version, arch), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if menu_links:
        links = {
            stage / "usr/share/applications" / f"{bundle.APP_ID}.desktop":
                f"{install_root()}/entries/applications/{bundle.APP_ID}.desktop",
            stage / "usr/share/icons/hicolor/scalable/apps" / f"{bundle.APP_ID}.svg":
                f"{install_root()}/entries/icons/hicolor/scalable/apps/{bundle.APP_ID}.svg",
        }
        for link, target in links.items():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(target)
    for folder in [stage, *stage.rglob("*")]:
        if folder.is_dir() and not folder.is_symlink():
            os.chmod(folder, 0o755)

    size = sum(p.lstat().st_size for p in stage.rglob("*") if p.is_file() or p.is_symlink())
    debian = stage / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(version, arch, (size + 1023) // 1024, glibc_needed(frozen)),
                                    encoding="utf-8")
    sums = []
    for path in sorted(p for p in stage.rglob("*") if p.is_file() and not p.is_symlink() and debian not in p.parents):
        digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        sums.append(f"{digest}  {path.relative_to(stage).as_posix()}\n")
    (debian / "md5sums").write_text("".join(sums), encoding="utf-8")
    for name in ("control", "md5sums"):
        os.chmod(debian / name, 0o644)

    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{bundle.APP_ID}_{version}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", *COMPRESSIONS[compression], "--build", str(stage), str(deb)],
                   check=True, stdout=subprocess.DEVNULL)
    return deb
