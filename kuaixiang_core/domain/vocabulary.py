"""The words a person reads for the product's codes: one source for the window, the
`kuaixiang` command and the printed documents, so that a clerk who reads 需核实 on the screen
does not read 待核实 in a terminal or on paper.

The window marks the same Chinese words for translation (``QT_TRANSLATE_NOOP`` wants literals
in the GUI's own modules); tests/gui/test_vocabulary.py holds its copies equal to these.
"""

from __future__ import annotations

from .application_state import STATUS_NAMES

__all__ = ["GROUP_NAMES", "INELIGIBLE", "MODE_NAMES", "RESULT_NAMES", "SIZE_CLASS_NAMES", "STATUS_NAMES", "mode_name",
           "status_name"]

# Enterprise.size_class (domain.size_class)
SIZE_CLASS_NAMES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}

# PolicyItem.mode
MODE_NAMES = {"auto": "免申即享", "online": "网上申请", "window": "窗口申请"}

# The groups of a match (rules.match.GROUPS), as the policy panel heads them.
GROUP_NAMES = {"due": "免申即享（无需申请）", "eligible": "可申请", "unknown": "需核实", "near_miss": "差一项条件"}
INELIGIBLE = "不符合"

# One condition's result in a trace.
RESULT_NAMES = {"pass": "符合", "fail": "不符合", "unknown": "无数据，需核实"}


def mode_name(mode: str | None) -> str:
    return MODE_NAMES.get(mode or "", mode or "—")


def status_name(status: str | None) -> str:
    """A status this version does not know (a newer server's) is shown as it came."""
    return STATUS_NAMES.get(status or "", status or "—")
