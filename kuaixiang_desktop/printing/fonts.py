"""A CJK font for reportlab, embedded as a subset so that any viewer and printer shows it.

Order of search (:func:`cjk_font`):

1. a configured path: the ``path`` argument (an unusable file raises :class:`FontError`), else
   the ``KUAIXIANG_FONT`` environment variable (an unusable file logs a warning and the search
   goes on). ``path#N`` picks face N of a .ttc collection;
2. the font shipped with a frozen build (``resources/fonts/`` in the bundle: WenQuanYi Zen
   Hei, tools/packaging/bundle.py), so every hall prints in the same font; a source checkout
   ships none;
3. system fonts with TrueType outlines: Microsoft YaHei / SimSun / SimHei on Windows;
   WenQuanYi Zen Hei / Micro Hei, Noto Sans/Serif CJK (only their TrueType builds: reportlab
   cannot embed the usual CFF-based .otf/.ttc), AR PL UMing/UKai, Droid Sans Fallback on
   Linux (统信UOS, 麒麟, Debian/Ubuntu/Fedora paths), then whatever fontconfig lists for
   ``:lang=zh``;
4. reportlab's built-in CID font STSong-Light, logged as a WARNING: it is *not embedded*, so
   a viewer or printer without Adobe's Asian font pack substitutes a font, or shows nothing.

reportlab embeds a TTFont as subsets by default (only the glyphs used; font names get a
six-letter ``ABCDEF+`` tag), which keeps a receipt small even with a 17 MB .ttc.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from kuaixiang_core.resources import resources_dir

__all__ = [
    "CID_FALLBACK",
    "ENV_VAR",
    "CjkFont",
    "FontError",
    "cjk_font",
    "shipped_font_candidates",
    "system_font_candidates",
]

log = logging.getLogger(__name__)

ENV_VAR = "KUAIXIANG_FONT"
CID_FALLBACK = "STSong-Light"
# Characters a usable font must have: a receipt's own words and digits.
_PROBE = "受理回执补打扫码核验真伪人民币壹贰叁整0123456789ABC"


class FontError(Exception):
    """A configured font file that cannot be used (missing, CFF outlines, no Chinese glyphs)."""


@dataclass(frozen=True, slots=True)
class CjkFont:
    """The font receipts are set in.

    ``name`` is the reportlab font name to use in styles; ``embedded`` is False only for the
    STSong-Light fallback; ``path``/``subfont_index`` say which file (None for the fallback).
    """

    name: str
    embedded: bool
    path: Path | None = None
    subfont_index: int = 0
    family: str = ""  # the font's own family name, for logs and the about box

    def describe(self) -> str:
        if not self.embedded:
            return f"{self.name}（内置 CID 字体，未嵌入 PDF）"
        index = f"#{self.subfont_index}" if self.subfont_index else ""
        return f"{self.family or self.name}（{self.path}{index}，子集嵌入）"


_lock = threading.Lock()
_registered: dict[tuple[str, int], CjkFont] = {}
_resolved: dict[tuple[str | None, str | None], CjkFont] = {}


def _split_index(spec: str | os.PathLike[str]) -> tuple[Path, int]:
    text = os.fspath(spec)
    base, sep, index = text.rpartition("#")
    if sep and index.isdigit() and base:
        return Path(base), int(index)
    return Path(text), 0


def _load_ttf(path: Path, index: int) -> CjkFont:
    """Register ``path`` (face ``index``) with reportlab, or raise FontError saying why not."""
    key = (str(path.resolve()) if path.exists() else str(path), index)
    cached = _registered.get(key)
    if cached is not None:
        return cached
    if not path.is_file():
        raise FontError(f"字体文件不存在：{path}")
    name = f"KX-CJK-{len(_registered) + 1}"
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except TTFError as exc:
        reason = str(exc)
        if "postscript" in reason.lower() or "cff" in reason.lower() or "OTTO" in reason:
            reason = "这是 CFF（PostScript 轮廓）字体，reportlab 不能嵌入，请改用 TrueType 轮廓的字体"
        raise FontError(f"字体不可用：{path}#{index}：{reason}") from exc
    except (OSError, ValueError, KeyError, IndexError, AssertionError, UnicodeError, TypeError) as exc:
        raise FontError(f"字体文件无法读取：{path}#{index}：{exc}") from exc
    missing = [c for c in _PROBE if ord(c) not in font.face.charToGlyph]
    if missing:
        raise FontError(f"字体 {path}#{index} 缺少中文字形（如 {''.join(missing[:5])}）")
    pdfmetrics.registerFont(font)
    family = getattr(font.face, "familyName", "") or ""
    if isinstance(family, bytes):
        family = family.decode("utf-8", "replace")
    result = CjkFont(name=name, embedded=True, path=path, subfont_index=index, family=str(family))
    _registered[key] = result
    return result


def _windows_font_dirs() -> Iterator[Path]:
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
    yield Path(windir) / "Fonts"
    local = os.environ.get("LOCALAPPDATA")
    if local:  # fonts installed for the current user only
        yield Path(local) / "Microsoft" / "Windows" / "Fonts"


_WINDOWS_FILES = (
    ("msyh.ttc", 0),  # 微软雅黑
    ("msyh.ttf", 0),  # Windows 7
    ("simsun.ttc", 0),  # 宋体
    ("simhei.ttf", 0),  # 黑体
    ("simkai.ttf", 0),  # 楷体
)

_LINUX_FILES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # Debian/Ubuntu/UOS/Kylin
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),  # Fedora
    ("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", 0),  # Arch
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    # Noto CJK: the common builds are CFF (.otf/.ttc) and are skipped with a note in the
    # debug log; the TrueType ("-ttf", variable) builds that some distributions ship work.
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/google-droid/DroidSansFallbackFull.ttf", 0),
)


def shipped_font_candidates() -> list[tuple[Path, int]]:
    """(path, 0) of the fonts shipped in ``resources/fonts/`` (a frozen build's), by name."""
    try:
        folder = resources_dir() / "fonts"
    except FileNotFoundError:
        return []
    if not folder.is_dir():
        return []
    return [(p, 0) for p in sorted(folder.iterdir()) if p.suffix.lower() in (".ttf", ".ttc")]


def system_font_candidates() -> list[tuple[Path, int]]:
    """(path, face index) of the CJK fonts to try on this system, best first (the shipped
    font, when there is one, before the system's)."""
    if sys.platform == "win32":
        found = [(d / name, i) for d in _windows_font_dirs() for name, i in _WINDOWS_FILES]
    else:
        found = [(Path(p), i) for p, i in _LINUX_FILES]
    if sys.platform == "darwin":
        found[:0] = [(Path("/System/Library/Fonts/Supplemental/Songti.ttc"), 0)]
    return shipped_font_candidates() + found


def _fontconfig_candidates() -> list[tuple[Path, int]]:
    """Fonts that fontconfig says cover Chinese (Linux), as a last resort before STSong."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or sys.platform == "win32":
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "file", "index"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(out.splitlines()):
        file, _, rest = line.partition(":")
        if not file.lower().endswith((".ttf", ".ttc")):
            continue
        index = rest.split("=", 1)[1] if "index=" in rest else "0"
        found.append((Path(file.strip()), int(index) if index.strip().isdigit() else 0))
    return found


def _first_usable(candidates: Iterable[tuple[Path, int]]) -> CjkFont | None:
    for path, index in candidates:
        if not path.is_file():
            continue
        try:
            return _load_ttf(path, index)
        except FontError as exc:
            log.debug("跳过字体：%s", exc)
    return None


def _cid_fallback() -> CjkFont:
    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CjkFont(name=CID_FALLBACK, embedded=False, family=CID_FALLBACK)


def cjk_font(
    path: str | os.PathLike[str] | None = None,
    *,
    candidates: Iterable[tuple[Path, int]] | None = None,
    use_fontconfig: bool = True,
) -> CjkFont:
    """Find and register the CJK font for printing (cached; thread-safe).

    ``path``: a configured font file (``.ttf``/``.ttc``; ``path#N`` for face N); if it cannot
    be used, :class:`FontError`. Without it, ``$KUAIXIANG_FONT``, then ``candidates`` (default
    :func:`system_font_candidates`), then fontconfig, then STSong-Light with a WARNING.
    """
    with _lock:
        if path is not None:
            file, index = _split_index(path)
            return _load_ttf(file, index)
        env = os.environ.get(ENV_VAR) or None
        cache_key = (env, None) if candidates is None and use_fontconfig else None
        if cache_key is not None and cache_key in _resolved:
            return _resolved[cache_key]
        font = None
        if env:
            file, index = _split_index(env)
            try:
                font = _load_ttf(file, index)
            except FontError as exc:
                log.warning("%s 指定的字体不可用，改用系统字体：%s", ENV_VAR, exc)
        if font is None:
            font = _first_usable(system_font_candidates() if candidates is None else candidates)
        if font is None and use_fontconfig:
            font = _first_usable(_fontconfig_candidates())
        if font is None:
            font = _cid_fallback()
            log.warning(
                "没有找到可嵌入的中文 TrueType 字体，改用 reportlab 内置的 %s：该字体不嵌入 PDF，"
                "没有中文字体的查看器或打印机可能显示成方框或空白。请安装文泉驿正黑（fonts-wqy-zenhei）"
                "或设置 %s 指向一个 .ttf/.ttc 字体文件",
                CID_FALLBACK,
                ENV_VAR,
            )
        if cache_key is not None:
            _resolved[cache_key] = font
        return font
