"""Short group labels and the end of a paragraph never break apart, at any label width."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication

from kuaixiang_desktop.ui.line_breaks import glue_short_parts, no_orphan, plain

SUMMARY = "可享 3 项（均为减免等非现金优惠或金额待核定）；免申即享 2 项；需核实 15 项；差一项条件 2 项"
PLACEHOLDER = "选中一家企业后，这里列出它可以享受的政策：免申即享、可申请、需核实和差一项条件的事项，以及每项的判断依据。"


def _lines(text: str, width: float) -> list[str]:
    layout = QTextLayout(text, QFont(QApplication.font()))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(plain(text[line.textStart():line.textStart() + line.textLength()]).strip())
    layout.endLayout()
    return lines


def test_without_glue_qt_does_split_them(qapp):
    # The failure the glue is for: at some width Qt splits a count from its label.
    widths = range(120, 700, 3)
    assert any("免申即享" in line and "2 项" not in line for w in widths for line in _lines(SUMMARY, w))


def test_a_count_stays_with_its_label_at_every_width(qapp):
    glued = glue_short_parts(SUMMARY)
    assert plain(glued) == SUMMARY
    for width in range(120, 700, 3):
        lines = _lines(glued, width)
        assert "".join(lines).replace(" ", "") == SUMMARY.replace(" ", "")
        for part in ("免申即享 2 项", "需核实 15 项", "差一项条件 2 项"):
            assert any(part in line for line in lines), (width, lines)


def test_the_last_line_of_a_paragraph_is_never_a_lone_word(qapp):
    glued = no_orphan(PLACEHOLDER)
    assert plain(glued) == PLACEHOLDER
    for width in range(150, 700, 3):
        lines = _lines(glued, width)
        assert len(lines) == 1 or len(lines[-1]) >= 4, (width, lines)
