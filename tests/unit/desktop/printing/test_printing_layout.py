"""printing.layout: the pieces the receipt, the notice and the 一企一策清单 share, and the
package's place below services."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from reportlab.lib import textsplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph

from kuaixiang_desktop.printing import layout
from kuaixiang_desktop.printing.fonts import CjkFont, cjk_font

PRINTING = Path(layout.__file__).resolve().parent


@pytest.fixture(scope="module")
def font() -> CjkFont:
    found = cjk_font()
    if not found.embedded:
        pytest.skip("没有可嵌入的中文 TrueType 字体（请安装 fonts-wqy-zenhei）")
    return found


def test_configure_reportlab_is_idempotent():
    before = (paragraph.ALL_CANNOT_START, textsplit.ALL_CANNOT_START)
    layout.configure_reportlab()
    layout.configure_reportlab()
    assert (paragraph.ALL_CANNOT_START, textsplit.ALL_CANNOT_START) == before  # done once, at import
    for chars in before:
        assert all(c in chars for c in layout.NO_LINE_START)


def test_fit_keeps_text_that_fits(font):
    assert layout.fit("受理回执", font.name, 8, 100) == "受理回执"


@pytest.mark.parametrize("text", ["聊城市东昌府区政务服务大厅" * 20, "l" * 600, "j" * 300 + "大厅" * 50, "ab·" * 200])
@pytest.mark.parametrize("width", [0, 5, 60, 416.5])
def test_fit_keeps_the_longest_prefix_that_fits(font, text, width):
    cut = layout.fit(text, font.name, 8, width)
    assert cut.endswith("…")
    kept = cut[:-1]
    assert text.startswith(kept)
    assert kept == "" or stringWidth(cut, font.name, 8) <= width
    # One more character would not fit (narrow Latin glyphs too: "l" is under a quarter em).
    assert stringWidth(text[: len(kept) + 1] + "…", font.name, 8) > width


def test_fit_is_quick_for_a_huge_name(font):
    room = 400 + stringWidth("…", font.name, 8)
    assert layout.fit("聊" * 200_000, font.name, 8, room) == "聊" * 50 + "…"  # 8 points each


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def test_printing_imports_neither_services_nor_qt():
    for path in sorted(PRINTING.glob("*.py")):
        # Even under TYPE_CHECKING: the walk sees every import statement in the file.
        up = {m for m in _imports(path) if m.startswith(("..", "kuaixiang_desktop", "PySide6", "shiboken6"))}
        assert not up, f"printing/{path.name} imports {up}"
