"""Build the frozen client and, on Linux, its 统信UOS/麒麟 .deb: the one command.

    python tools/packaging/build.py [--no-deb] [--font PATH | --no-font] [--build-number N]
                                    [--menu-links] [--compression gzip|xz] [--out DIR]
                                    [--arch amd64|arm64]

Needs the packaging extra (``pip install -e '.[package]'``: PyInstaller) in the Python that
runs it, and on Linux Debian's fonts-wqy-zenhei (the font shipped) and dpkg-deb. Writes
``DIR/kuaixiang/`` (the frozen folder; default DIR is ``dist/``) and
``DIR/<app-id>_<version>_<arch>.deb``; PyInstaller's scratch files go to ``build/``. The
architecture is the build machine's: PyInstaller does not cross-build, so the arm64 package
is built by this same command on an arm64 machine (docs/delivery.md); ``--arch`` names the one
wanted, and a build machine of another architecture is refused before anything is built.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bundle  # noqa: E402

_MACHINES = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
RECIPE = "docs/delivery.md, \"arm64\""


def debian_arch(machine: str | None = None) -> str:
    """The Debian name of this machine's architecture; refused (SystemExit, with the reason) for
    one the client has no Qt for (龙芯's loongarch64 and mips64el, riscv64: no PySide6 wheels)."""
    machine = (machine or platform.machine()).lower()
    if machine not in _MACHINES:
        raise SystemExit(f"build.py: no package for this machine's architecture {machine!r}: PySide6 publishes "
                         f"wheels for x86_64 and aarch64 only ({RECIPE})")
    return _MACHINES[machine]


def refuse_cross_build(wanted: str | None, machine: str | None = None) -> str | None:
    """Why this machine cannot build ``wanted`` (a Debian architecture; None: its own), or None
    when it can: PyInstaller freezes the Python and Qt it runs in, it does not cross-build."""
    try:
        host = debian_arch(machine)
    except SystemExit as refusal:
        return str(refusal)
    if wanted in (None, host):
        return None
    return (f"build.py: --arch {wanted} cannot be built on this {host} machine ({machine or platform.machine()}): "
            f"PyInstaller freezes the Python and Qt it runs in and does not cross-build; build on a {wanted} "
            f"machine, or in a {wanted} container (docker buildx with qemu), with the same command ({RECIPE})")


def make_icon(out: Path) -> Path:
    """resources/icons/app.svg as a Windows .ico (16 to 256 px): the executables' and the
    installer's icon. Qt draws the SVG; Pillow writes the sizes."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["build.py", "-platform", "offscreen"])  # noqa: F841
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(bundle.ROOT / "resources" / "icons" / "app.svg")).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    import io

    out.parent.mkdir(parents=True, exist_ok=True)
    Image.open(io.BytesIO(bytes(data))).save(out, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
    return out


def freeze(out: Path, work: Path, font: Path | None) -> Path:
    env = {**os.environ, "KUAIXIANG_BUNDLE_FONT": str(font) if font else ""}
    if sys.platform == "win32":
        env["KUAIXIANG_BUNDLE_ICON"] = str(make_icon(work / "kuaixiang.ico"))
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(out), "--workpath", str(work / "pyinstaller"), str(HERE / "kuaixiang.spec")],
        check=True, env=env,
    )
    frozen = out / bundle.FOLDER
    (frozen / "VERSION").write_text(bundle.version() + "\n", encoding="utf-8")
    return frozen


def place_anchors(frozen: Path, anchors: Path) -> Path:
    """Ship a county's provisioning anchors (``kuaixiang-server admin anchors``) in the frozen
    folder, where ``services.provisioning`` looks (the shipped resources); refused unless it
    reads as anchors."""
    from kuaixiang_core.domain.provisioning import Anchors

    Anchors.from_json(json.loads(anchors.read_text(encoding="utf-8")))  # ValueError names what is wrong
    target = frozen / "_internal" / dict(bundle.DATA)["resources"] / "provisioning-anchors.json"
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{target.parent}: not a frozen folder of this build")
    shutil.copyfile(anchors, target)
    return target


def update_zip(frozen: Path, out_dir: Path, platform: str) -> Path:
    """The frozen folder as the update package ``admin update publish`` takes (the folder one
    level down in the zip, as services.updates unpacks it)."""
    base = out_dir / f"kuaixiang-{bundle.version()}-{platform}"
    return Path(shutil.make_archive(str(base), "zip", root_dir=frozen.parent, base_dir=frozen.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=bundle.ROOT / "dist", help="where the results go (default dist/)")
    parser.add_argument("--work", type=Path, default=bundle.ROOT / "build", help="scratch folder (default build/)")
    fonts = parser.add_mutually_exclusive_group()
    fonts.add_argument("--font", type=Path, default=bundle.DEFAULT_FONT, help="the CJK font to ship")
    fonts.add_argument("--no-font", action="store_true", help="ship no font (Windows: the system's 微软雅黑/宋体)")
    parser.add_argument("--no-deb", action="store_true", help="the frozen folder only")
    parser.add_argument("--build-number", type=int, default=0, help="the 4th part of the package version")
    parser.add_argument("--compression", choices=("gzip", "xz"), default="gzip",
                        help="of the .deb: gzip (fast, default) or xz (a third smaller, minutes slower)")
    parser.add_argument("--menu-links", action="store_true",
                        help="also link the menu entry and icon into /usr/share (not for the UOS store)")
    parser.add_argument("--anchors", type=Path,
                        help="the city's provisioning anchors to ship (kuaixiang-server admin anchors --out FILE)")
    parser.add_argument("--update-zip", action="store_true",
                        help="also write the folder as an update package for kuaixiang-server admin update publish")
    parser.add_argument("--arch", choices=sorted(set(_MACHINES.values())),
                        help="the architecture wanted; refused unless it is this machine's (no cross-building)")
    args = parser.parse_args(argv)
    font = None if args.no_font else args.font

    # Before minutes of freezing: another architecture, or a machine with no Qt wheels.
    refusal = refuse_cross_build(args.arch) if sys.platform.startswith("linux") or args.arch else None
    if refusal:
        print(refusal, file=sys.stderr)
        return 2

    missing = bundle.missing_inputs(font)
    if missing:
        print("build.py: missing inputs: " + ", ".join(missing), file=sys.stderr)
        return 2
    started = time.monotonic()
    frozen = freeze(args.out, args.work, font)
    froze = time.monotonic() - started
    print(f"frozen folder: {frozen} ({froze:.0f} s)")
    if args.anchors:
        print(f"provisioning anchors: {place_anchors(frozen, args.anchors)}")
    if args.update_zip:
        os_name = "windows" if sys.platform == "win32" else "linux"
        arch = "arm64" if debian_arch() == "arm64" else "x86_64"
        print(f"update package: {update_zip(frozen, args.out, f'{os_name}-{arch}')}")
    if sys.platform.startswith("linux") and not args.no_deb:
        import deb

        started = time.monotonic()
        package = deb.build(frozen, args.out, args.work, arch=debian_arch(), build_number=args.build_number,
                            menu_links=args.menu_links, compression=args.compression)
        print(f"package: {package} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
