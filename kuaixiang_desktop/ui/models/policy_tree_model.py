"""The policy tree: what an enterprise qualifies for, grouped, and why.

Three levels, built from the policy panel's match (``services.matching.PanelMatch``):

- group rows (免申即享 / 可申请 / 需核实 / 差一项), each with its count and the total of the
  amounts that are known;
- item rows: 事项 / 部门 / 预计金额 / 办理方式 / 承诺时限;
- condition rows (the 'why'): ✓ ✗ ? with the condition's text, the value the rule used and
  the clause of the policy it comes from.  A condition row's text is meant to be shown across
  the whole row (``QTreeView.setFirstColumnSpanned``): only column 0 has data.

需核实 comes ranked by the service (domain.rules.verification); its items that nothing known
speaks for are folded behind one last row of the group (kind ``fold``) until
``set_unfolded(True)`` puts them in its place.

Amounts are Decimal 元.  An item's catalogue details (``promised_days``, ``doc_no``…) may be
missing (``NO_DETAILS``); the columns then show "—".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from kuaixiang_core.domain.rules.benefit_kinds import CASH, totals_by_kind
from kuaixiang_core.domain.rules.evaluate import Condition
from kuaixiang_core.domain.rules.match import MatchedItem
from kuaixiang_core.domain.rules.verification import likelihood

from ...services.matching import PanelItem, PanelMatch
from .applications_model import status_label
from .benefit_texts import bring_text, condition_bring, kind_amount, other_totals_text

_Index = QModelIndex | QPersistentModelIndex
_CONTEXT = "PolicyTreeModel"
# Literal calls spell the context out: lupdate reads them, it does not resolve names.
translate = QCoreApplication.translate


def _tr(source: str) -> str:
    """Translate a ``QT_TRANSLATE_NOOP``-marked source held in a variable."""
    return translate(_CONTEXT, source)


# The groups in the order the service sorts them (domain.rules.match.GROUPS).
GROUP_ORDER = ("due", "eligible", "unknown", "near_miss")
_GROUP_NAMES = {
    "due": QT_TRANSLATE_NOOP("PolicyTreeModel", "免申即享（无需申请）"),
    "eligible": QT_TRANSLATE_NOOP("PolicyTreeModel", "可申请"),
    "unknown": QT_TRANSLATE_NOOP("PolicyTreeModel", "需核实"),
    "near_miss": QT_TRANSLATE_NOOP("PolicyTreeModel", "差一项条件"),
}
_GROUP_TIPS = {
    "due": QT_TRANSLATE_NOOP("PolicyTreeModel", "数据显示企业符合条件，由主管部门直接兑现，企业无需申请"),
    "eligible": QT_TRANSLATE_NOOP("PolicyTreeModel", "企业符合全部条件，可以现在代办申请"),
    "unknown": QT_TRANSLATE_NOOP("PolicyTreeModel", "已知条件都符合，但缺少部分数据：请向企业核实标 ? 的条件"),
    "near_miss": QT_TRANSLATE_NOOP("PolicyTreeModel", "只差一项可以达到的条件（如人数、金额）；条件满足后即可申请"),
}
_MODES = {
    "auto": QT_TRANSLATE_NOOP("PolicyTreeModel", "免申即享"),
    "online": QT_TRANSLATE_NOOP("PolicyTreeModel", "网上申请"),
    "window": QT_TRANSLATE_NOOP("PolicyTreeModel", "窗口申请"),
}
_RESULT_MARKS = {"pass": "✓", "fail": "✗", "unknown": "?"}
_RESULT_NAMES = {
    "pass": QT_TRANSLATE_NOOP("PolicyTreeModel", "符合"),
    "fail": QT_TRANSLATE_NOOP("PolicyTreeModel", "不符合"),
    "unknown": QT_TRANSLATE_NOOP("PolicyTreeModel", "无数据，需核实"),
}
# Dark enough to read on white: contrast above 4.5:1 (WCAG AA for normal text).
RESULT_COLOURS = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#9a5b00"}
_GROUP_BACKGROUND = "#eef3fa"
# An item with an application in progress: the clerk must see it before collecting anything.
IN_PROGRESS_COLOUR = "#8a4b00"
_MISSING = "—"
_WAN = Decimal(10_000)


def group_name(group: str | None) -> str:
    source = _GROUP_NAMES.get(group or "")
    return _tr(source) if source else (group or _MISSING)


def mode_name(mode: str | None) -> str:
    source = _MODES.get(mode or "")
    return _tr(source) if source else (mode or _MISSING)


def _plain(value: Decimal) -> str:
    """Grouped digits without trailing zeros: 50000 → "50,000", 1.2500 → "1.25"."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def amount_text(amount: Decimal | None) -> str:
    """An amount in 元 as a clerk reads it out: 万元 when that is exact to two places (whole
    hundreds of 元), else 元, so that no 分 is rounded away."""
    if amount is None:
        return _MISSING
    if abs(amount) >= _WAN and amount % 100 == 0:
        return translate("PolicyTreeModel", "{amount} 万元").format(amount=_plain(amount / _WAN))
    return translate("PolicyTreeModel", "{amount} 元").format(amount=f"{amount:,.2f}".removesuffix(".00"))


def wan_text(amount: Decimal) -> str:
    """A total in 万元 to two places, as the summary line and group headers show it."""
    wan = (amount / _WAN).quantize(Decimal("0.01"))
    return translate("PolicyTreeModel", "{amount} 万元").format(amount=_plain(wan))


def item_amount(item: MatchedItem) -> Decimal | None:
    amount = item.benefit.amount
    # NaN or Infinity from a formula is no amount a clerk can read out, nor add to a total.
    return amount if amount is None or amount.is_finite() else None


def benefit_text(item: MatchedItem) -> str:
    """The amount if there is one (as its kind reads: only cash as money), else the benefit's
    own words, else "以部门核定为准"."""
    amount = item_amount(item)
    if amount is not None:
        return kind_amount(item.benefit.kind, amount_text(amount))
    if item.benefit.text:
        return item.benefit.text
    return translate("PolicyTreeModel", "以部门核定为准")


def promised_text(days: object) -> str:
    if isinstance(days, int) and not isinstance(days, bool) and days > 0:
        return translate("PolicyTreeModel", "{days} 个工作日").format(days=days)
    return _MISSING


def condition_labels(item: MatchedItem, result: str) -> list[str]:
    """The facts (by their Chinese labels, once each) of the conditions with ``result``."""
    seen: list[str] = []
    for cond in item.conditions:
        if cond.result == result:
            label = cond.label or cond.fact or cond.text
            if label and label not in seen:
                seen.append(label)
    return seen


def actual_text(cond: Condition) -> str:
    """The value a condition used, as shown inside our own brackets: the service writes a
    missing value as "（无数据）", which would nest."""
    text = cond.actual_text or _MISSING
    if text.startswith("（") and text.endswith("）"):
        text = text[1:-1]
    return text


def hint_text(item: MatchedItem) -> str:
    """One line saying what the clerk should know or do about an item."""
    group = item.group
    if group == "due":
        return translate("PolicyTreeModel", "免申即享：由主管部门直接兑现，企业无需申请。")
    if group == "unknown":
        labels = condition_labels(item, "unknown")
        text = translate("PolicyTreeModel", "需向企业核实：{facts}。").format(facts="、".join(labels) or _MISSING)
        bring = bring_text(item.bring)
        return f"{text}{bring}。" if bring else text
    if group == "near_miss":
        missing = item.missing or [c for c in item.conditions if c.result == "fail"]
        parts = []
        for cond in missing:
            text = cond.text
            if cond.actual_text:
                text = translate("PolicyTreeModel", "{condition}（实际 {actual}）").format(
                    condition=text, actual=actual_text(cond))
            parts.append(text)
        return translate("PolicyTreeModel", "差一项条件：{conditions}。").format(conditions="；".join(parts) or _MISSING)
    if group == "eligible":
        return translate("PolicyTreeModel", "符合全部条件，可以代办申请。")
    return ""


def _alternatives(item: MatchedItem) -> dict[int, str]:
    """Labels for conditions that sit under an ``any``: 或1, 或2… (the alternative they belong
    to; letters tell two any-groups of one item apart), so that a clerk sees why a ✗ there
    does not sink the item when another alternative holds."""
    structure = item.structure
    if structure is None:
        return {}
    heads: list[str] = []
    found: dict[int, tuple[str, str]] = {}
    for position, path in enumerate(structure):
        if "any[" not in path:
            continue
        head, _, rest = path.partition("any[")
        if head not in heads:
            heads.append(head)
        found[position] = (head, rest.split("]", 1)[0])
    several = len(heads) > 1
    out = {}
    for position, (head, choice) in found.items():
        number = str(int(choice) + 1) if choice.isdigit() else choice
        letter = "ABCDEFGH"[heads.index(head) % 8] if several else ""
        out[position] = translate("PolicyTreeModel", "或{n}").format(n=letter + number)
    return out


def condition_text(cond: Condition, alternative: str | None = None, bring: str = "") -> str:
    mark = _RESULT_MARKS.get(cond.result, "?")
    text = cond.text or cond.fact or ""
    if alternative:
        text = f"〔{alternative}〕{text}"
    details = []
    if cond.actual_text:
        details.append(translate("PolicyTreeModel", "实际 {value}").format(value=actual_text(cond)))
    if cond.clause:
        details.append(translate("PolicyTreeModel", "依据 {clause}").format(clause=cond.clause))
    if bring:  # 需核实: the document that proves the missing fact
        details.append(bring)
    return f"{mark} {text}" + (f"　（{'；'.join(details)}）" if details else "")


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """A group row: how many items, and the total of the amounts that are known."""

    group: str
    count: int
    total: Decimal | None  # of the known cash amounts; None when no item has one
    without_amount: int  # items with no cash amount (words, another kind, not yet known)
    # The totals of the other kinds with amounts (deduction, in_kind), never added to ``total``.
    others: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True, slots=True)
class FoldSummary:
    """The row standing for the 需核实 items folded away: how many."""

    count: int


@dataclass
class _Node:
    kind: str  # group | item | condition | fold
    parent: int  # node id of the parent; 0 is the invisible root
    row: int
    group: str
    payload: GroupSummary | PanelItem | Condition | FoldSummary
    children: list[int] = field(default_factory=list)
    alternative: str | None = None
    in_progress: Any = None  # services.drafts.OpenApplication of an item row
    texts: tuple | None = None  # the row's text per column, made once (see PolicyTreeModel.texts)
    bring: str = ""  # a 需核实 condition's 「请携带：…」


@dataclass
class PreparedTree:
    """A match result laid out as the tree's nodes, ready to show: made by ``prepare_tree``,
    which a worker can run (plain Python, no Qt object), so that the GUI thread only swaps
    it in."""

    result: PanelMatch | None
    nodes: list[_Node]
    roots: list[int]
    # (group node, fold row node, the folded item nodes), when the group folds any away.
    fold: tuple[int, int, list[int]] | None = None


def prepare_tree(result: PanelMatch | None) -> PreparedTree:
    """The nodes of ``result``, with the text of every group and item row made ahead (the
    rows shown when an enterprise opens)."""
    nodes: list[_Node] = []
    roots: list[int] = []

    def add(node: _Node) -> int:
        nodes.append(node)
        return len(nodes)

    items = result.items if result is not None else ()
    fold = None
    open_by_item: dict[str, Any] = {}
    for application in (result.in_progress if result is not None else ()):
        open_by_item.setdefault(application.item_id, application)  # newest first
    for group in GROUP_ORDER:
        members = [i for i in items if i.item.group == group]
        if not members:
            continue
        # Folded items go last (the service ranks them so): unfolded, they take the rows
        # from the fold row's on, in their order.
        folds = [group == "unknown" and likelihood(m.item).folded for m in members]
        shown = [m for m, f in zip(members, folds, strict=True) if not f]
        folded = [m for m, f in zip(members, folds, strict=True) if f]
        group_node = _Node("group", 0, len(roots), group, _group_summary(group, members))
        gid = add(group_node)
        roots.append(gid)
        group_node.texts = _row_texts(group_node)
        folded_ids: list[int] = []
        for row, member in enumerate(shown + folded):
            item_node = _Node("item", gid, row, group, member,
                              in_progress=open_by_item.get(member.item.item_id))
            iid = add(item_node)
            (group_node.children if row < len(shown) else folded_ids).append(iid)
            item_node.texts = _row_texts(item_node)
            alternatives = _alternatives(member.item)
            for position, cond in enumerate(member.item.conditions):
                cid = add(_Node("condition", iid, position, group, cond, alternative=alternatives.get(position),
                                bring=condition_bring(cond, member.item.evidence_for)))
                item_node.children.append(cid)
        if folded_ids:
            fold_node = _Node("fold", gid, len(group_node.children), group, FoldSummary(len(folded_ids)))
            fid = add(fold_node)
            group_node.children.append(fid)
            fold_node.texts = _row_texts(fold_node)
            fold = (gid, fid, folded_ids)
    return PreparedTree(result, nodes, roots, fold)


def in_progress_tag(application: Any) -> str:
    """The words in front of an item that has an application in progress: short, so that the
    item's title still shows in the column; the receipt number is in ``in_progress_mark``."""
    return translate("PolicyTreeModel", "［在办·{status}］").format(status=status_label(application.status))


def in_progress_mark(application: Any) -> str:
    """An application in progress in full: its status as the applications room says it, and
    the receipt number to find it by (tooltip, hint line, the panel's message)."""
    status = status_label(application.status)
    if application.receipt_no:
        return translate("PolicyTreeModel", "［在办：{status}，回执 {receipt_no}］").format(
            status=status, receipt_no=application.receipt_no)
    return translate("PolicyTreeModel", "［在办：{status}，尚无回执］").format(status=status)


def _group_summary(group: str, members: list[PanelItem]) -> GroupSummary:
    totals = totals_by_kind((m.item.benefit.kind, item_amount(m.item)) for m in members)
    cash = [m for m in members if m.item.benefit.kind == CASH and item_amount(m.item) is not None]
    return GroupSummary(group, len(members), totals.get(CASH), len(members) - len(cash),
                        tuple((k, t) for k, t in totals.items() if k != CASH))


def _texts_of(node: _Node) -> tuple:
    if node.texts is None:
        node.texts = _row_texts(node)
    return node.texts


def _row_texts(node: _Node) -> tuple:
    """What each column of a row shows (the DisplayRole), in one go."""
    payload = node.payload
    if isinstance(payload, GroupSummary):
        title = translate("PolicyTreeModel", "{group}（{count} 项）").format(group=group_name(node.group), count=payload.count)
        total = None
        if payload.total is not None:
            total = translate("PolicyTreeModel", "合计 {amount}").format(amount=wan_text(payload.total))
        if payload.others:  # other kinds apart from the cash total
            others = other_totals_text(payload.others, wan_text)
            total = f"{total}；{others}" if total else others
        return (title, None, total, None, None)
    if isinstance(payload, FoldSummary):
        return (translate("PolicyTreeModel", "另有 {count} 项缺少全部关键信息（已知数据无一支持），按 Ctrl+U 或点击展开").format(
            count=payload.count), None, None, None, None)
    if isinstance(payload, PanelItem):
        item = payload.item
        title = item.title or item.item_id
        if node.in_progress is not None:
            title = in_progress_tag(node.in_progress) + title
        return (
            title,
            item.department or _MISSING,
            benefit_text(item),
            mode_name(item.mode),
            promised_text(payload.details.promised_days),
        )
    return (condition_text(payload, node.alternative, node.bring), None, None, None, None)


_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LEAF_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_UNANSWERED_ROLES = frozenset(
    int(r) for r in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.SizeHintRole,
                     Qt.ItemDataRole.StatusTipRole, Qt.ItemDataRole.WhatsThisRole, Qt.ItemDataRole.EditRole)
)


class PolicyTreeModel(QAbstractItemModel):
    """Read-only tree over one match result; ``set_result`` replaces it, ``clear`` empties it."""

    TITLE, DEPARTMENT, AMOUNT, MODE, PROMISED = range(5)
    COLUMNS = (
        QT_TRANSLATE_NOOP("PolicyTreeModel", "事项"),
        QT_TRANSLATE_NOOP("PolicyTreeModel", "部门"),
        QT_TRANSLATE_NOOP("PolicyTreeModel", "预计金额"),
        QT_TRANSLATE_NOOP("PolicyTreeModel", "办理方式"),
        QT_TRANSLATE_NOOP("PolicyTreeModel", "承诺时限"),
    )

    ItemIdRole = Qt.ItemDataRole.UserRole + 1  # the item's id on item and condition rows
    GroupRole = Qt.ItemDataRole.UserRole + 2  # due | eligible | unknown | near_miss, every row
    ResultRole = Qt.ItemDataRole.UserRole + 3  # pass | fail | unknown on condition rows
    KindRole = Qt.ItemDataRole.UserRole + 4  # group | item | condition
    ItemRole = Qt.ItemDataRole.UserRole + 5  # the PanelItem (frozen) on item rows
    AmountRole = Qt.ItemDataRole.UserRole + 6  # Decimal: the item's amount / the group's total
    InProgressRole = Qt.ItemDataRole.UserRole + 7  # the OpenApplication of an item row, or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self._nodes: list[_Node] = []  # node id n lives at _nodes[n - 1]
        self._roots: list[int] = []
        self._result: PanelMatch | None = None
        self._fold: tuple[int, int, list[int]] | None = None
        self._unfolded = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ----------------------------------------------------------------------------

    def set_result(self, result: PanelMatch | PreparedTree | None) -> None:
        """Show a match result, or a tree ``prepare_tree`` made of one in a worker."""
        tree = result if isinstance(result, PreparedTree) else prepare_tree(result)
        self.beginResetModel()
        self._nodes, self._roots, self._result = tree.nodes, tree.roots, tree.result
        self._fold, self._unfolded = tree.fold, False
        self.endResetModel()

    def clear(self) -> None:
        self.set_result(None)

    @property
    def result(self) -> PanelMatch | None:
        return self._result

    def _node(self, node_id: int) -> _Node:
        return self._nodes[node_id - 1]

    def summary(self) -> dict[str, GroupSummary]:
        """Per group (every one of GROUP_ORDER), its count and the total of the known amounts."""
        out = {g: GroupSummary(g, 0, None, 0) for g in GROUP_ORDER}
        for gid in self._roots:
            info: GroupSummary = self._node(gid).payload  # type: ignore[assignment]
            out[info.group] = info
        return out

    def folded_count(self) -> int:
        """需核实 items folded away (0 once unfolded or when none are)."""
        return 0 if self._fold is None or self._unfolded else len(self._fold[2])

    def can_fold(self) -> bool:
        return self._fold is not None

    def set_unfolded(self, unfolded: bool) -> None:
        """Show the folded 需核实 items in place of their fold row, or fold them again; rows
        are removed and inserted (not a reset), so the view keeps what is open and current."""
        if self._fold is None or unfolded == self._unfolded:
            return
        gid, fid, folded = self._fold
        group = self._node(gid)
        parent = self.createIndex(group.row, 0, gid)
        first = len(group.children) - (len(folded) if self._unfolded else 1)
        self.beginRemoveRows(parent, first, len(group.children) - 1)
        del group.children[first:]
        self.endRemoveRows()
        shown = folded if unfolded else [fid]
        self.beginInsertRows(parent, first, first + len(shown) - 1)
        group.children.extend(shown)
        self._unfolded = unfolded
        self.endInsertRows()

    def first_unfolded_index(self) -> QModelIndex:
        """The first of the folded items, once unfolded; else invalid."""
        if self._fold is None or not self._unfolded:
            return QModelIndex()
        first = self._fold[2][0]
        return self.createIndex(self._node(first).row, 0, first)

    def groups(self) -> list[str]:
        return [self._node(gid).group for gid in self._roots]

    def group_index(self, group: str) -> QModelIndex:
        for row, gid in enumerate(self._roots):
            if self._node(gid).group == group:
                return self.createIndex(row, 0, gid)
        return QModelIndex()

    def item_index(self, item_id: str) -> QModelIndex:
        for node_id, node in enumerate(self._nodes, start=1):
            if node.kind == "item" and node.payload.item.item_id == item_id:  # type: ignore[union-attr]
                if node_id not in self._node(node.parent).children:
                    return QModelIndex()  # folded away
                return self.createIndex(node.row, 0, node_id)
        return QModelIndex()

    def item_at(self, index: _Index) -> PanelItem | None:
        """The item of an item row, or of a condition row's parent item."""
        node = self._valid(index)
        if node is None or node.kind in ("group", "fold"):
            return None
        if node.kind == "condition":
            node = self._node(node.parent)
        return node.payload  # type: ignore[return-value]

    # -- QAbstractItemModel -----------------------------------------------------------------

    def _valid(self, index: _Index) -> _Node | None:
        # Called thousands of times per paint: the id alone decides (an invalid index has
        # id 0; indexes of other models never reach a view of this one).
        node_id = index.internalId()
        if 0 < node_id <= len(self._nodes):
            return self._nodes[node_id - 1]
        return None

    def _children(self, parent: _Index) -> list[int]:
        if not parent.isValid():
            return self._roots
        node = self._valid(parent)
        if node is None or parent.column() != 0:
            return []
        return node.children

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.COLUMNS):
            return QModelIndex()
        children = self._children(parent)
        if not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self._valid(index)
        if node is None or node.parent == 0:
            return QModelIndex()
        parent = self._node(node.parent)
        return self.createIndex(parent.row, 0, node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return len(self._children(parent))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:
        return bool(self._children(parent))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        node = self._valid(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        return _LEAF_FLAGS if node.kind in ("condition", "fold") else _ROW_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return _tr(self.COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _UNANSWERED_ROLES:  # asked for every cell on every paint; never set here
            return None
        node = self._valid(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            return _texts_of(node)[column] if 0 <= column < len(self.COLUMNS) else None
        if role == self.KindRole:
            return node.kind
        if role == self.GroupRole:
            return node.group
        if node.kind == "group":
            return self._group_data(node, index.column(), role)
        if node.kind == "fold":
            if role == Qt.ItemDataRole.ToolTipRole:
                return translate("PolicyTreeModel", "这些事项的关键条件企业数据全部缺失，符合的可能性无从判断；"
                                                    "需要时展开，向企业逐项核实")
            return None
        if node.kind == "item":
            return self._item_data(node, index.column(), role)
        return self._condition_data(node, index.column(), role)

    def texts(self, index: _Index) -> tuple | None:
        """The text of every column of ``index``'s row (the delegate paints from it: one
        Python call per cell rather than one per role)."""
        node = self._valid(index)
        return None if node is None else _texts_of(node)

    def row_style(self, index: _Index) -> tuple[str, str | None]:
        """(kind, result): what decides how a row is drawn (result on condition rows)."""
        node = self._valid(index)
        if node is None:
            return ("", None)
        if node.kind == "fold":  # drawn in the colour of an unanswered condition
            return ("fold", "unknown")
        if node.kind == "item":
            return ("item", "in_progress" if node.in_progress is not None else None)
        return (node.kind, node.payload.result if node.kind == "condition" else None)  # type: ignore[union-attr]

    def amount_right_aligned(self, index: _Index) -> bool:
        """Amounts line up on the right; words (减免, 以部门核定为准) stay on the left."""
        node = self._valid(index)
        if node is None:
            return False
        if node.kind == "group":
            return node.payload.total is not None  # type: ignore[union-attr]
        return node.kind == "item" and item_amount(node.payload.item) is not None  # type: ignore[union-attr]

    def is_fold(self, index: _Index) -> bool:
        node = self._valid(index)
        return node is not None and node.kind == "fold"

    def _group_data(self, node: _Node, column: int, role: int) -> Any:
        info: GroupSummary = node.payload  # type: ignore[assignment]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = _tr(_GROUP_TIPS[node.group]) if node.group in _GROUP_TIPS else ""
            if info.without_amount:
                tip += "\n" + translate("PolicyTreeModel", "其中 {count} 项为减免等非现金优惠或金额待核定，未计入合计").format(
                    count=info.without_amount
                )
            return tip
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(_GROUP_BACKGROUND))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.AmountRole:
            return info.total
        return None

    def _item_data(self, node: _Node, column: int, role: int) -> Any:
        panel_item: PanelItem = node.payload  # type: ignore[assignment]
        item = panel_item.item
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._item_tooltip(panel_item, column)
            if node.in_progress is not None:
                if node.in_progress.status == "draft":  # 材料不全: filing again completes it
                    note = translate("PolicyTreeModel", "该企业已有此事项材料不全的申请，再次代办将补全它")
                else:
                    note = translate("PolicyTreeModel", "该企业已有此事项的在办申请，不能重复申请")
                tip = in_progress_mark(node.in_progress) + note + "\n" + tip
            return tip
        if role == self.InProgressRole:
            return node.in_progress
        if role == Qt.ItemDataRole.ForegroundRole and node.in_progress is not None:
            return QBrush(QColor(IN_PROGRESS_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AMOUNT and item_amount(item) is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.ItemIdRole:
            return item.item_id
        if role == self.ItemRole:
            return panel_item
        if role == self.AmountRole:
            return item_amount(item)
        return None

    def _item_tooltip(self, panel_item: PanelItem, column: int) -> str:
        item = panel_item.item
        if column == self.AMOUNT:
            benefit = item.benefit
            parts = [benefit_text(item)]
            if benefit.amount is not None and benefit.text:
                parts.append(benefit.text)
            parts.append(translate("PolicyTreeModel", "预计金额，以主管部门审核为准"))
            return "\n".join(parts)
        lines = [item.title or ""]
        doc_no = panel_item.details.doc_no
        if doc_no:
            lines.append(translate("PolicyTreeModel", "文号：{doc_no}").format(doc_no=doc_no))
        if item.department:
            lines.append(translate("PolicyTreeModel", "主管部门：{department}").format(department=item.department))
        hint = hint_text(item)
        if hint:
            lines.append(hint)
        return "\n".join(lines)

    def _condition_data(self, node: _Node, column: int, role: int) -> Any:
        cond: Condition = node.payload  # type: ignore[assignment]
        result = cond.result
        if role == self.ResultRole:
            return result
        if role == self.ItemIdRole:
            return self._node(node.parent).payload.item.item_id  # type: ignore[union-attr]
        if column != self.TITLE:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = RESULT_COLOURS.get(result)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                translate("PolicyTreeModel", "条件：{text}").format(text=cond.text or ""),
                translate("PolicyTreeModel", "实际值：{value}").format(value=cond.actual_text or _MISSING),
                translate("PolicyTreeModel", "政策条款：{clause}").format(clause=cond.clause or _MISSING),
                translate("PolicyTreeModel", "结果：{result}").format(
                    result=_tr(_RESULT_NAMES.get(result, "")) or _MISSING),
            ]
            if node.alternative:
                lines.append(translate("PolicyTreeModel", "标「或」的条件满足其中一组即可；同一组内的条件须全部满足"))
            return "\n".join(lines)
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({
            self.ItemIdRole: b"itemId", self.GroupRole: b"group", self.ResultRole: b"result",
            self.KindRole: b"kind", self.ItemRole: b"item", self.AmountRole: b"amount",
            self.InProgressRole: b"inProgress",
        })
        return names
