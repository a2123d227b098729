"""Client updates: check at log-in, download in the background, install on the next start.

How an update is installed depends on how this copy was installed (:func:`current_install`):

- **frozen** — a one-folder build in a folder the clerk may write (Windows per-user install,
  an unpacked folder): the package (a .zip of the folder) is verified, unpacked into
  ``<root>/kuaixiang-updates/<version>/`` beside the running one, and a pointer
  (``pending.json``, replaced atomically) names it; the next start (``app.main``) runs that
  version instead. The running folder is never touched, so a failure anywhere leaves it.
- **admin** — a build in a folder the clerk cannot write (the UOS/Kylin .deb under
  ``/opt/apps``, an ``install-kind`` file saying ``deb`` or ``admin``): the clerk is told the
  new version and whom to ask; nothing is downloaded.
- **venv** — a developer's Python install: an update is only reported.

Never a downgrade, never the same version (``packaging.version``); a manifest whose
``minimum_version`` is above this version asks for an administrator's full install. The
manifest is trusted only when the pinned certifying key signed it (domain/update_manifest).
"""

from __future__ import annotations

import json
import os
import platform as _platform
import shutil
import sys
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from kuaixiang_core.domain import update_manifest
from kuaixiang_core.domain.update_manifest import ManifestRefused, UpdateManifest

from .. import __version__, paths
from ..store.database import Database
from ..sync.client import SyncClient, SyncError
from ..sync.downloads import DownloadError, download
from . import auth, crash_points, device_trust

UPDATES_DIR = "kuaixiang-updates"
POINTER = "pending.json"
EXE_NAMES = ("kuaixiang-desktop", "kuaixiang-desktop.exe")
SWITCHED_ENV = "KUAIXIANG_SWITCHED_TO"
_MAX_UNPACKED = 4 * 1024**3


class UpdateError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Install:
    kind: str  # frozen | admin | venv
    platform: str
    app_dir: Path
    root: Path  # where kuaixiang-updates/ goes (frozen)

    @property
    def updates_dir(self) -> Path:
        return self.root / UPDATES_DIR


@dataclass(frozen=True)
class UpdateCheck:
    """What the log-in learnt: ``action`` none | stage | admin | report | too_old."""

    action: str
    manifest: UpdateManifest | None
    message: str

    def to_json(self) -> dict:
        return {"action": self.action, "message": self.message,
                "manifest": self.manifest.to_json() if self.manifest else None}


def _arch() -> str:
    machine = _platform.machine().lower()
    return "arm64" if machine in ("aarch64", "arm64") else "x86_64"


def _writable(folder: Path) -> bool:
    """Whether this user can make files in ``folder``: tried, because on Windows ``os.access``
    reads only the read-only flag, not the ACL that keeps Program Files from the clerk."""
    probe = folder / f".kuaixiang-write-probe-{os.getpid()}"
    try:
        probe.touch(exist_ok=False)
        probe.unlink()
        return True
    except OSError:
        return False


def current_install(executable: str | None = None, frozen: bool | None = None) -> Install:
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    app_dir = Path(executable or sys.executable).resolve().parent
    root = app_dir.parent
    for parent in app_dir.parents:  # a version that an update started: the root is above it
        if parent.name == UPDATES_DIR:
            root = parent.parent
            break
    os_name = "windows" if sys.platform == "win32" else "linux"
    folder_platform = f"{os_name}-{_arch()}"
    if not frozen:
        return Install("venv", folder_platform, app_dir, root)
    marker = app_dir / "install-kind"
    kind = marker.read_text(encoding="utf-8").strip() if marker.is_file() else ""
    if kind in ("deb", "admin") or not _writable(root):
        deb = f"deb-{'arm64' if _arch() == 'arm64' else 'amd64'}"
        return Install("admin", deb if kind == "deb" or sys.platform != "win32" else folder_platform, app_dir, root)
    return Install("frozen", folder_platform, app_dir, root)


def decide(manifest: UpdateManifest | None, install: Install, running: str = __version__) -> UpdateCheck:
    if manifest is None or not manifest.newer_than(running):
        return UpdateCheck("none", None, "已是最新版本")
    if not manifest.installs_over(running):
        return UpdateCheck("too_old", manifest, f"新版本 {manifest.version} 须由 {manifest.minimum_version} 或更高版本"
                                                f"升级，本机是 {running}：请联系管理员重新安装")
    if install.kind == "frozen":
        return UpdateCheck("stage", manifest, f"新版本 {manifest.version} 正在后台下载，下次启动时安装")
    if install.kind == "admin":
        return UpdateCheck("admin", manifest, f"新版本 {manifest.version} 可用：本机的安装须由管理员更新"
                                              "（统信/麒麟：应用商店或 dpkg -i 新的 .deb）；请告知县里的运维")
    return UpdateCheck("report", manifest, f"新版本 {manifest.version} 可用（开发安装：请用 pip 更新）")


def _client(db: Database) -> SyncClient:
    server, token = auth.session_server(db), auth.session_token(db)
    if not server or not token:
        raise UpdateError("未联网登录：无法检查更新", "offline")
    return SyncClient(server, token, security=auth.session_security(db), timeout=30.0)


def check(db: Database, install: Install | None = None, *, client: SyncClient | None = None,
          running: str = __version__) -> UpdateCheck:
    """Ask the server for this platform's newest release and judge it (worker thread)."""
    install = install or current_install()
    signer = device_trust.trusted_signer(db)
    if signer is None:
        raise UpdateError("本机尚未信任中心服务器的签名密钥：无法核验更新", "untrusted")
    own = client is None
    client = client or _client(db)
    try:
        doc = client.update_latest(install.platform)
    except SyncError as exc:
        raise UpdateError(f"检查更新失败：{exc.message}", "network") from None
    finally:
        if own:
            client.close()
    if doc is None:
        return UpdateCheck("none", None, "已是最新版本")
    try:
        manifest = update_manifest.read(doc, signer.public_key)
    except ManifestRefused as exc:
        raise UpdateError(exc.message, "manifest") from None
    if manifest.platform != install.platform:
        raise UpdateError(f"更新说明的平台 {manifest.platform} 不是本机的 {install.platform}：未下载", "manifest")
    return decide(manifest, install, running)


def fetch(db: Database, manifest: UpdateManifest, install: Install, *, client: SyncClient | None = None,
          cancelled=None) -> Path:
    """Download (resuming a cut download) and verify; the verified file's path."""
    folder = install.updates_dir / "downloads"
    try:
        paths.private_dir(folder)
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        raise UpdateError(paths.describe_os_error(exc, "更新文件夹"), "disk") from None
    part = folder / f"{manifest.sha256}.part"
    have = part.stat().st_size if part.exists() else 0
    # The package and its unpacked copy must both fit, with room left for the database.
    if free < (manifest.size - have) + manifest.size * 3 + 50 * 1024**2:
        raise UpdateError(f"磁盘空间不足：更新需要约 {manifest.size * 4 // 1024**2 + 50} MB，"
                          f"{folder} 所在磁盘只剩 {free // 1024**2} MB；未下载", "disk")
    own = client is None
    client = client or _client(db)
    try:
        return download(client, manifest.url, part, size=manifest.size, sha256=manifest.sha256, cancelled=cancelled)
    except DownloadError as exc:
        raise UpdateError(exc.message, exc.code) from None
    finally:
        if own:
            client.close()


def _find_exe(folder: Path) -> Path | None:
    for candidate in (folder, *[p for p in folder.iterdir() if p.is_dir()]):
        for name in EXE_NAMES:
            if (candidate / name).is_file():
                return candidate / name
    return None


def stage(package: Path, manifest: UpdateManifest, install: Install) -> Path:
    """Unpack a verified package beside the running version and point the next start at it.
    The pointer is replaced only once the whole folder is in place; a failure (full disk, a
    bad archive, the process killed) leaves the running version and the old pointer."""
    base = install.updates_dir
    target = base / manifest.version
    tmp = base / f".staging-{manifest.version}-{uuid.uuid4().hex[:8]}"
    try:
        with zipfile.ZipFile(package) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > _MAX_UNPACKED:
                raise UpdateError("更新包解压后过大：未安装", "package")
            for m in members:
                name = Path(m.filename)
                if name.is_absolute() or ".." in name.parts:
                    raise UpdateError(f"更新包里有越出目录的路径 {m.filename!r}：未安装", "package")
            paths.private_dir(tmp)
            for i, m in enumerate(members):
                archive.extract(m, tmp)
                mode = (m.external_attr >> 16) & 0o777
                if mode and not m.is_dir():
                    os.chmod(tmp / m.filename, mode & 0o755)
                if i == len(members) // 2:
                    crash_points.reached("update.mid_stage")
        exe = _find_exe(tmp)
        if exe is None:
            raise UpdateError("更新包里没有 kuaixiang-desktop 可执行文件：未安装", "package")
        (tmp / "manifest.json").write_text(json.dumps(manifest.doc, ensure_ascii=False), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
        pointer = {"version": manifest.version, "exe": str(exe.relative_to(tmp))}
        paths.write_private(base / POINTER, json.dumps(pointer).encode("utf-8"))
        return target / pointer["exe"]
    except zipfile.BadZipFile:
        raise UpdateError("更新包不是有效的 zip：未安装", "package") from None
    except OSError as exc:
        raise UpdateError(paths.describe_os_error(exc, "更新") + "（本机版本未受影响）", "disk") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def switch_target(install: Install, running: str = __version__) -> Path | None:
    """At start: the executable of a staged newer version to run instead, or None. Leftovers
    of an interrupted staging are removed here."""
    base = install.updates_dir
    if install.kind != "frozen" or not base.is_dir():
        return None
    for leftover in base.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        pointer = json.loads((base / POINTER).read_text(encoding="utf-8"))
        version = str(pointer["version"])
        if Version(version) <= Version(running):
            return None
        folder = base / version
        staged = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        exe = (folder / str(pointer["exe"])).resolve()
    except (OSError, ValueError, KeyError, TypeError, InvalidVersion):
        return None
    if staged.get("version") != version or not exe.is_file() or folder.resolve() not in exe.parents:
        return None
    return exe


def run_update(db: Database, install: Install | None = None, *, running: str = __version__) -> UpdateCheck:
    """The whole background job after a log-in: check, and for a frozen install download and
    stage. Returns the check, its message saying what was done."""
    install = install or current_install()
    result = check(db, install, running=running)
    if result.action != "stage" or result.manifest is None:
        return result
    package = fetch(db, result.manifest, install)
    stage(package, result.manifest, install)
    package.unlink(missing_ok=True)
    return UpdateCheck("staged", result.manifest, f"新版本 {result.manifest.version} 已下载，下次启动时安装")
