"""History conditions (docs/rules.md §10): what an enterprise did or held before the as-of date.

Three kinds of leaf, each three-valued like the rest:

- ``{first_time: {application: <item id or [ids]>}}``: no earlier application (受理 or later,
  not withdrawn or rejected) for those items, on or before the as-of date; unknown when the
  enterprise's applications were not read (a store that has none to give);
- ``{first_time: {tag: 高新技术企业}}``: no record of the qualification that ended before the
  as-of date (a current one, if any, is the first);
- ``{within: {fact: established, months: 36}}``: the date lies in the N months up to the as-of
  date (after the day N months before it, not after the as-of date); unknown without the date;
- ``{held: {tag: 专精特新中小企业, years: 2}}``: the qualification's records cover every day
  of the N years up to the as-of date, records that meet or overlap joined. A record without a
  start date may or may not reach back: met if the records with dates cover the period alone,
  failed if even counting the undated ones from any day they do not, else unknown.

A leaf of these kinds is a computed condition (tree.Leaf with ``formula`` a HistoryCheck):
the enterprise's tag records, applications and as-of date are in its values under keys no
fact can have (Facts puts them there), so the evaluator's caches and lines work unchanged.
The SQL form (kuaixiang_core.rule_sql.history) is the same predicate written as EXISTS /
NOT EXISTS over the tag and application tables; the Python below mirrors it clause by clause.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..enterprise import KNOWN_TAGS
from .facts import FactSpec

# Keys of an enterprise's values that no fact can have (facts are lower_snake_case).
HISTORY = "\0history"
TAG_RECORDS = "\0tag_records"
AS_OF = "\0as_of"

# An earlier application counts once it was accepted at a window: 受理, 已报送, 通过, 已兑现.
COUNTED_STATUSES = ("accepted", "submitted", "approved", "paid")
STATUS_WORDS = {"accepted": "已受理", "submitted": "已报送", "approved": "已审核通过", "paid": "已兑现"}

MAX_MONTHS = 600  # within: 50 years
MAX_HELD_MONTHS = 240  # held: 20 years
KINDS = ("first_time", "within", "held")


@dataclass(frozen=True, slots=True)
class PastApplication:
    """One of the enterprise's earlier applications as history conditions and caps read it:
    the item, the day it was made (Asia/Shanghai), its status and its estimated amount in 元."""

    item_id: str
    on: dt.date
    status: str
    amount: Decimal | None = None

    @property
    def counted(self) -> bool:
        return self.status in COUNTED_STATUSES


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier, or the month's last day when it has none
    (2024-03-31 less one month is 2024-02-29)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_words(months: int) -> str:
    return f"{months // 12} 年" if months % 12 == 0 else f"{months} 个月"


@dataclass(eq=False)
class HistoryCheck:
    """A history condition as a computed condition: the Formula interface the evaluator and
    the SQL compiler use (``facts``, ``params``, ``value``, ``render``, ``sql``)."""

    kind: str  # first_time_application | first_time_tag | within | held
    target: tuple  # item ids | (tag,) | (fact,)
    months: int = 0
    titles: tuple[str, ...] = ()  # the items' titles, for the 'why'
    fact_spec: FactSpec | None = None  # within: the date fact
    source: str = ""
    facts: frozenset[str] = frozenset()
    params: tuple = ()
    uses: frozenset[str] = frozenset()
    type: str = "bool"
    negated: str = field(default="")

    # -- the evaluator's side -----------------------------------------------------------

    def value(self, values: Mapping[str, object], as_of: dt.date | None = None) -> bool | None:
        as_of = as_of or values.get(AS_OF)  # type: ignore[assignment]
        if self.kind == "first_time_application":
            found = self.earlier_application(values, as_of)  # type: ignore[arg-type]
            return None if found is _UNREAD else found is None
        if self.kind == "first_time_tag":
            return self.earlier_tag(values, as_of) is None  # type: ignore[arg-type]
        if self.kind == "within":
            day = values.get(self.target[0])
            if not isinstance(day, dt.date):
                return None
            return months_before(as_of, self.months) < day <= as_of  # type: ignore[arg-type, operator]
        records = self._records(values)
        start = months_before(as_of, self.months)  # type: ignore[arg-type]
        if covered(records, start, as_of, optimistic=False):  # type: ignore[arg-type]
            return True
        if not covered(records, start, as_of, optimistic=True):  # type: ignore[arg-type]
            return False
        return None

    def evaluate(self, values: Mapping[str, object], as_of: dt.date | None = None) -> None:
        return None  # a condition, never an amount

    def _records(self, values: Mapping[str, object]) -> list:
        return [t for t in values.get(TAG_RECORDS) or () if t.tag == self.target[0]]  # type: ignore[union-attr]

    def earlier_application(self, values: Mapping[str, object], as_of: dt.date):
        history = values.get(HISTORY)
        if history is None:
            return _UNREAD
        found = [p for p in history if p.item_id in self.target and p.counted and p.on <= as_of]  # type: ignore[union-attr]
        return max(found, key=lambda p: (p.on, p.item_id)) if found else None

    def earlier_tag(self, values: Mapping[str, object], as_of: dt.date):
        ended = [t.valid_to for t in self._records(values) if t.valid_to is not None and t.valid_to < as_of]
        return max(ended) if ended else None

    def witness(self, values: Mapping[str, object]) -> object:
        """What the line of the 'why' shows beyond the answer: lines are shared between
        enterprises with the same answer and the same witness."""
        return self.render(values)

    def has_none(self, values: Mapping[str, object]) -> bool:
        """Not a near miss: only a qualification held now, for too short a time, is one (the
        enterprise gets there by keeping it)."""
        if self.kind != "held":
            return True
        as_of = values.get(AS_OF)
        return not any(_covers(t, as_of, True) for t in self._records(values))  # type: ignore[arg-type]

    def render(self, values: Mapping[str, object]) -> str:
        """The enterprise's side of the line: 「2024-03-01 已申报「…」（已受理）」, 「自 2023-09-01
        起连续持有（2025-09-01 满 2 年）」."""
        as_of: dt.date = values.get(AS_OF)  # type: ignore[assignment]
        if self.kind == "first_time_application":
            found = self.earlier_application(values, as_of)
            if found is _UNREAD:
                return "（无申请记录数据）"
            if found is None:
                return "此前无申报记录"
            title = dict(zip(self.target, self.titles, strict=False)).get(found.item_id, found.item_id)
            return f"{found.on.isoformat()} 已申报「{title}」（{STATUS_WORDS.get(found.status, found.status)}）"
        if self.kind == "first_time_tag":
            ended = self.earlier_tag(values, as_of)
            return "此前未持有过" if ended is None else f"曾持有，至 {ended.isoformat()} 止"
        if self.kind == "within":
            day = values.get(self.target[0])
            if not isinstance(day, dt.date):
                return "（无数据）"
            months = (as_of.year - day.year) * 12 + as_of.month - day.month - (as_of.day < day.day)
            return f"{day.isoformat()}（距今 {months} 个月）" if day <= as_of else f"{day.isoformat()}（晚于 {as_of.isoformat()}）"
        since = run_start(self._records(values), as_of)
        if since is None:
            return "现未持有"
        if since is _OPEN:
            return "持有，起始日期不详"
        due = _months_after(since, self.months)
        if due <= as_of:
            return f"自 {since.isoformat()} 起连续持有"
        return f"自 {since.isoformat()} 起连续持有（{due.isoformat()} 满 {period_words(self.months)}）"

    # -- the SQL compiler's side ---------------------------------------------------------

    def sql(self, ctx) -> str:
        return ctx.history(self)


_UNREAD = object()
_OPEN = object()


def _starts_by(record, day: dt.date, optimistic: bool) -> bool:
    return optimistic if record.valid_from is None else record.valid_from <= day


def _covers(record, day: dt.date, optimistic: bool) -> bool:
    return _starts_by(record, day, optimistic) and (record.valid_to is None or record.valid_to >= day)


def covered(records: list, start: dt.date, end: dt.date, *, optimistic: bool) -> bool:
    """Every day from ``start`` to ``end`` lies in some record: one covers ``start``, and the
    day after each record that ends inside the period is covered by another (the SQL is the
    same sentence). Without ``optimistic`` the records with no start date are left out; with
    it they count from any day."""
    usable = records if optimistic else [r for r in records if r.valid_from is not None]
    if not any(_covers(r, start, optimistic) for r in usable):
        return False
    for r in usable:
        if r.valid_to is not None and start <= r.valid_to < end:
            after = r.valid_to + dt.timedelta(days=1)
            if not any(_starts_by(u, after, optimistic) and (u.valid_to is None or u.valid_to > r.valid_to)
                       for u in usable):
                return False
    return True


def run_start(records: list, as_of: dt.date):
    """The first day of the unbroken run of records that covers ``as_of`` (for the 'why'):
    None when none covers it, _OPEN when the run goes back to a record without a start."""
    day = as_of
    if not any(_covers(r, day, True) for r in records):
        return None
    while True:
        holding = [r for r in records if _covers(r, day, True)]
        if not holding:
            return day + dt.timedelta(days=1)
        if any(r.valid_from is None for r in holding):
            return _OPEN
        earliest = min(r.valid_from for r in holding)
        if earliest >= day:
            earliest = day
        day = earliest - dt.timedelta(days=1)


def _months_after(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# --------------------------------------------------------------------------------------------
# Parsing: {first_time: …} {within: …} {held: …}
# --------------------------------------------------------------------------------------------


def parse_history(data: Mapping, kind: str, known: Mapping[str, FactSpec], scope, path: str, within: tuple | None):
    """The leaf of a history condition; raises tree.RuleError naming the field."""
    from .tree import Leaf, RuleError, _clause, _finish, _within, line_of

    extra = sorted(set(data) - {kind, "clause", "text"})
    if extra:
        raise RuleError(f"条件中有未知的键：{extra}", path=path, line=line_of(data), field=extra[0])
    body = data[kind]
    where = f"{path}.{kind}"
    if not isinstance(body, Mapping):
        shapes = {"first_time": "{application: 事项编号} 或 {tag: 资质名称}", "within": "{fact: 日期事实, months: N}",
                  "held": "{tag: 资质名称, years: N}"}
        raise RuleError(f"{kind} 后应为 {shapes[kind]}", path=path, line=line_of(data, kind), field=kind)

    def bad(key: str, message: str) -> RuleError:
        return RuleError(message, path=where, line=line_of(body, key) if key in body else line_of(body), field=key)

    allowed = {"first_time": {"application", "tag"}, "within": {"fact", "months", "years"},
               "held": {"tag", "months", "years"}}[kind]
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise bad(unknown[0], f"未知的键「{unknown[0]}」，可用：{'、'.join(sorted(allowed))}")
    label = "申请记录"
    spec_name = "applications"
    if kind == "first_time":
        if len(body) != 1:
            raise bad(sorted(body)[0] if body else kind, "first_time 应有且只有 application 或 tag 之一")
        if "application" in body:
            ids = body["application"]
            ids = [ids] if isinstance(ids, str) else ids
            if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i.strip() for i in ids):
                raise bad("application", "application 后应为事项编号，或事项编号的列表")
            ids = sorted({i.strip() for i in ids})
            titles = getattr(scope, "item_titles", None)
            if titles is not None and getattr(scope, "check_items", True):
                for i in ids:
                    if i not in titles:
                        raise bad("application", f"未知的事项「{i}」：目录中和已导入的事项里都没有")
            shown = tuple((titles or {}).get(i) or i for i in ids)
            check = HistoryCheck("first_time_application", tuple(ids), titles=shown)
            names = "」「".join(shown)
            words, negated = f"此前未申报过「{names}」", f"此前申报过「{names}」"
        else:
            tag = _tag(body, bad)
            check = HistoryCheck("first_time_tag", (tag,))
            words, negated = f"首次取得「{tag}」资质（此前未持有过）", f"此前持有过「{tag}」资质"
            label, spec_name = "资质", "tags"
    else:
        months = _months(body, bad, MAX_MONTHS if kind == "within" else MAX_HELD_MONTHS)
        if kind == "within":
            name = body.get("fact")
            spec = known.get(name) if isinstance(name, str) else None
            if spec is None:
                raise bad("fact", f"未知的事实「{name}」")
            if spec.type != "date":
                raise bad("fact", f"within 只能用于日期事实，「{name}」是 {spec.type}")
            check = HistoryCheck("within", (name,), months, fact_spec=spec, facts=frozenset({name}))
            words = f"{spec.label}距今不满 {period_words(months)}"
            negated = f"{spec.label}距今已满 {period_words(months)}"
            label, spec_name = spec.label, name
        else:
            tag = _tag(body, bad)
            check = HistoryCheck("held", (tag,), months)
            words = f"连续持有「{tag}」资质满 {period_words(months)}"
            negated = f"连续持有「{tag}」资质未满 {period_words(months)}"
            label, spec_name = "资质", "tags"
    text = data.get("text")
    if text:
        words, negated = str(text), "不满足：" + str(text)
    # The key of its answer and lines (Leaf.fact): everything its line shows but the enterprise's
    # values, so that two catalogues' like-named conditions never share a line (the items'
    # titles, the date fact's label), as tree._computed_key does for expressions.
    shown_with = (*check.titles, check.fact_spec.label if check.fact_spec else "")
    check.source = f"{kind}:{check.kind}:{'|'.join(check.target)}:{check.months}:{'|'.join(shown_with)}"
    check.negated = _within(negated, within)
    spec = FactSpec(spec_name, "bool", label, kind="history")
    op = kind
    value = (*check.target, check.months) if check.months else check.target
    leaf = Leaf(fact="\0h:" + check.source, op=op, value=value, clause=_clause(data, within),
                text=_within(words, within), spec=spec, formula=check)  # type: ignore[arg-type]
    return _finish(leaf, _is_true)


def _is_true(value: object) -> bool:
    return value is True


def _tag(body: Mapping, bad) -> str:
    tag = body.get("tag")
    if not isinstance(tag, str) or not tag.strip():
        raise bad("tag", "tag 后应为资质名称")
    if tag.strip() not in KNOWN_TAGS:
        raise bad("tag", f"未知的资质「{tag}」，可用：{'、'.join(KNOWN_TAGS)}")
    return tag.strip()


def _months(body: Mapping, bad, limit: int) -> int:
    given = [k for k in ("months", "years") if k in body]
    if len(given) != 1:
        raise bad(given[1] if given else "months", "应有且只有 months 或 years 之一")
    key = given[0]
    n = body[key]
    top = limit if key == "months" else limit // 12
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= top:
        raise bad(key, f"{key} 应为 1–{top} 的整数，实际是 {n!r}")
    return n if key == "months" else n * 12
