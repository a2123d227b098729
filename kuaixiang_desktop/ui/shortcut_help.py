"""The keys F1 lists besides the menus' own: those of the rooms, the 代办申请 wizard and the
print preview, which are QShortcuts and keys handled by widgets, not menu actions.

The menus' rows are read from the QActions themselves (``MainWindow.shortcut_rows``). These
rows cannot be read from live objects, because a room, the wizard and the preview exist only
once opened; instead tests/gui/test_shortcut_help.py builds every one of them and fails when a
QShortcut they create has no row here, so a key added without a line in F1 breaks the suite.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence

__all__ = ["AREAS", "display_keys", "key_texts", "rows"]

_C = "ShortcutHelp"

# (area, [(what it does, keys)]): keys are QKeySequence strings or StandardKeys; a plain str
# that QKeySequence cannot read (arrows for a pair of keys) is shown as it is.
AREAS: tuple[tuple[str, tuple[tuple[str, tuple[object, ...]], ...]], ...] = (
    (QT_TRANSLATE_NOOP("ShortcutHelp", "工作台"), (
        (QT_TRANSLATE_NOOP("ShortcutHelp", "结果列表 ↔ 查找框"), ("↓ / Esc",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "展开/收起“为什么”"), ("→ / ←",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "代办政策清单中选中的事项"), ("Return", "Enter", "Ctrl+Return", "Ctrl+Enter")),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "打印一企一策清单"), ("Ctrl+Shift+P",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "展开/折叠缺少全部关键信息的需核实事项"), ("Ctrl+U",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "企业卡上的草稿：继续填写 / 放弃"), ("Return", "Del")),
    )),
    (QT_TRANSLATE_NOOP("ShortcutHelp", "代办申请"), (
        (QT_TRANSLATE_NOOP("ShortcutHelp", "全部材料标为已收取"), ("Ctrl+Shift+A",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "勾选/取消当前材料"), ("Space",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "为选中的材料添加附件"), ("Ctrl+O",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "从扫描仪文件夹导入"), ("Ctrl+I",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "用高拍仪拍摄选中的材料"), ("F6",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "读取阅读器上的身份证（经办人页）"), ("F4",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "移除选中材料的附件"), ("Del",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "下一步 / 受理 / 完成"), ("Return",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "打印受理回执（材料不全时打印告知单）"), (QKeySequence.StandardKey.Print,)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "打印一次性告知单"), ("Ctrl+Shift+P",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "打印已填好的授权委托书（核对页）"), ("Ctrl+Shift+W",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "打印容缺受理承诺书（完成页）"), ("Ctrl+Shift+G",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "取消"), ("Esc",)),
    )),
    (QT_TRANSLATE_NOOP("ShortcutHelp", "打印预览"), (
        (QT_TRANSLATE_NOOP("ShortcutHelp", "打印"), ("Return", "Enter", QKeySequence.StandardKey.Print)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "关闭预览，不打印"), ("Esc",)),
    )),
    (QT_TRANSLATE_NOOP("ShortcutHelp", "申请记录"), (
        (QT_TRANSLATE_NOOP("ShortcutHelp", "筛选申请"), (QKeySequence.StandardKey.Find,)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "刷新列表"), ("Ctrl+Shift+R",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "草稿：继续填写 / 放弃"), ("Return", "Del")),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "补打受理回执"), ("Ctrl+P",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "在工作台打开这家企业"), ("Ctrl+O",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "撤回申请"), ("Ctrl+D",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "查看经办人完整信息"), ("Ctrl+Shift+I",)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "待补正：收取所选的补交材料"), ("Ctrl+Shift+M",)),
    )),
    (QT_TRANSLATE_NOOP("ShortcutHelp", "政策目录"), (
        (QT_TRANSLATE_NOOP("ShortcutHelp", "查找政策"), (QKeySequence.StandardKey.Find,)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "查找符合此事项的企业"), ("Ctrl+R",)),
    )),
    (QT_TRANSLATE_NOOP("ShortcutHelp", "政策找企业"), (
        (QT_TRANSLATE_NOOP("ShortcutHelp", "选择政策事项"), (QKeySequence.StandardKey.Find,)),
        (QT_TRANSLATE_NOOP("ShortcutHelp", "导出 Excel"), ("Ctrl+E",)),
    )),
)

# The clerk's keyboard says Enter on both keys; Qt names the main one Return.
_SHOWN = {"Return": "Enter", "Del": "Delete"}


def _sequences(key: object, *, every: bool) -> list[QKeySequence]:
    if isinstance(key, QKeySequence.StandardKey):
        bindings = list(QKeySequence.keyBindings(key))  # Ctrl+F, and the Find key some keyboards have
        return bindings if every else bindings[:1]  # the first is the one the menus show
    sequence = QKeySequence(str(key))
    return [sequence] if not sequence.isEmpty() and "/" not in str(key) else []


def key_texts(keys: tuple[object, ...], *, every: bool = True) -> list[str]:
    """Every key of a row as Qt writes it (NativeText): what tests compare with live shortcuts."""
    texts: list[str] = []
    for key in keys:
        sequences = _sequences(key, every=every)
        texts += [s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences] or [str(key)]
    return texts


def display_keys(keys: tuple[object, ...]) -> str:
    shown: list[str] = []
    for text in key_texts(keys, every=False):
        text = _SHOWN.get(text, text)
        for name, word in _SHOWN.items():
            text = text.replace(f"+{name}", f"+{word}")
        if text not in shown:
            shown.append(text)
    return " / ".join(shown)


def rows() -> list[tuple[str, str]]:
    """(what, keys) rows, each named with its area, translated."""
    out: list[tuple[str, str]] = []
    for area, entries in AREAS:
        where = QCoreApplication.translate(_C, area)
        for what, keys in entries:
            out.append((f"{where}：{QCoreApplication.translate(_C, what)}", display_keys(keys)))
    return out
