"""Build the frozen client and, on Linux, its 统信UOS/麒麟 .deb: the one command.

    python tools/packaging/build.py [--no-deb] [--font PATH | --no-font] [--build-number N]
                                    [--menu-links] [--compression gzip|xz] [--out DIR]

Needs the packaging extra (``pip install -e '.[package]'``: PyInstaller) in the Python that
runs it, and on Linux Debian's fonts-wqy-zenhei (the font shipped) and dpkg-deb. Writes
``DIR/kuaixiang/`` (the frozen folder; default DIR is ``dist/``) and
``DIR/<app-id>_<version>_<arch>.deb``; PyInstaller's scratch files go to ``build/``. The
architecture is the build machine's: PyInstaller does not cross-build, so the arm64 package
is built by this same command on an arm64 machine (docs/delivery.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bundle  # noqa: E402

_MACHINES = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def debian_arch() -> str:
    machine = platform.machine().lower()
    if machine not in _MACHINES:
        raise SystemExit(f"no .deb for this machine's architecture {machine!r}")
    return _MACHINES[machine]


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
    args = parser.parse_args(argv)
    font = None if args.no_font else args.font

    missing = bundle.missing_inputs(font)
    if missing:
        print("build.py: missing inputs: " + ", ".join(missing), file=sys.stderr)
        return 2
    started = time.monotonic()
    frozen = freeze(args.out, args.work, font)
    froze = time.monotonic() - started
    print(f"frozen folder: {frozen} ({froze:.0f} s)")
    if sys.platform.startswith("linux") and not args.no_deb:
        import deb

        started = time.monotonic()
        package = deb.build(frozen, args.out, args.work, arch=debian_arch(), build_number=args.build_number,
                            menu_links=args.menu_links, compression=args.compression)
        print(f"package: {package} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
