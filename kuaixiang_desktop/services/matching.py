"""智能匹配: every policy item an enterprise qualifies for, why, and how much.

``match_enterprise`` gives a :class:`MatchResult` (``to_json`` is ``kuaixiang match``'s JSON,
DESIGN §7); ``match_with_details`` gives the policy panel's :class:`PanelMatch`, each item
with what the clerk sees beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules import match as rules_match
from kuaixiang_core.domain.rules.evaluate import Condition, Facts, TagValue, column_values
from kuaixiang_core.domain.rules.facts import FactSpec, values_on
from kuaixiang_core.domain.rules.history import COUNTED_STATUSES, PastApplication
from kuaixiang_core.domain.rules.match import MatchedItem
from kuaixiang_core.domain.rules.verification import likelihood, rank_and_fold
from kuaixiang_core.reference import industry_name_map, region_name_map

from ..store.database import Database
from .collector import collector_paused
from .policies import CompiledCatalogue, compiled_catalogue


class EnterpriseNotFound(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class MatchCounts:
    """How many items in force fall in each group; ``ineligible`` is the rest."""

    due: int
    eligible: int
    unknown: int
    near_miss: int
    ineligible: int

    def to_json(self) -> dict:
        return {"due": self.due, "eligible": self.eligible, "unknown": self.unknown, "near_miss": self.near_miss,
                "ineligible": self.ineligible}


@dataclass(frozen=True, slots=True)
class MatchResult:
    """One enterprise's match as of a date: the items shown to the clerk (every item in force
    with ``include_all``), in the clerk's order: 需核实 ranked by likelihood, its folded items
    (nothing known speaks for them, domain.rules.verification) last in the group."""

    credit_code: str
    as_of: dt.date
    items_in_force: int
    counts: MatchCounts
    items: tuple[MatchedItem, ...]
    folded: int = 0  # of counts.unknown: listed, but folded away unless the clerk asks

    def to_json(self) -> dict:
        return {
            "credit_code": self.credit_code,
            "as_of": self.as_of.isoformat(),
            "items_in_force": self.items_in_force,
            "counts": {**self.counts.to_json(), "unknown_folded": self.folded},
            "items": [_item_json(item) for item in self.items],
        }


def _item_json(item: MatchedItem) -> dict:
    out = item.to_json()
    if item.group == "unknown":
        out["likelihood"] = likelihood(item).to_json()
    return out


@dataclass(frozen=True, slots=True)
class ItemDetails:
    """What the clerk sees beside a matched item, from the catalogue: the same for every
    enterprise, so made once per item (see _details_of)."""

    promised_days: int | None = None
    doc_no: str | None = None  # the policy document's 文号
    document_title: str | None = None
    apply_from: dt.date | None = None  # the application window
    apply_to: dt.date | None = None
    where: str | None = None  # where to apply


NO_DETAILS = ItemDetails()


@dataclass(frozen=True, slots=True)
class PanelItem:
    """A matched item beside its catalogue details. A pair rather than more fields on
    ``MatchedItem``: that is made a few hundred times per match on every path, the CLI's
    included, and a frozen object pays for each field it is given; the details are the
    catalogue's, shared by every enterprise's match, and the domain's matcher does not know
    the documents they come from."""

    item: MatchedItem
    details: ItemDetails = NO_DETAILS


@dataclass(frozen=True, slots=True)
class PanelMatch:
    """``MatchResult`` as the policy panel shows it: each item with its details."""

    credit_code: str
    as_of: dt.date
    items_in_force: int
    counts: MatchCounts
    items: tuple[PanelItem, ...]
    folded: int = 0  # 需核实 items the panel folds away until the clerk opens them
    # The enterprise's applications still in progress (services.drafts.OpenApplication), for
    # the mark on their items; filled by the window's call (ui.operations), not by matching.
    in_progress: tuple = ()


_ENTERPRISE_COLUMNS = (
    "id", "employees", "insured_employees", "revenue_fen", "total_assets_fen", "registered_capital_fen",
    "established", "region_code", "industry_code", "reg_type", "is_individual", "tax_credit_rating", "dishonest",
    "size_class",
)
_ENTERPRISE_SQL = f"SELECT {', '.join(_ENTERPRISE_COLUMNS)} FROM enterprise WHERE credit_code = ?"


def enterprise_facts(conn, credit_code: str, as_of: dt.date, declared: dict[str, FactSpec]) -> Facts:
    """One enterprise's facts as the rules see them (money in 元, declared facts as of the date)."""
    # Straight to SQLite (the client's store): three small indexed reads, where SQLAlchemy's
    # statement and row handling took most of a match's half millisecond of SQL.
    raw = conn.connection.driver_connection
    # One snapshot for the three reads (a sync may commit between them): a read transaction
    # of our own, unless the caller's is already open.
    own = not raw.in_transaction
    if own:
        raw.execute("BEGIN")
    try:
        return _read_facts(raw, credit_code, as_of, declared)
    finally:
        if own:
            raw.execute("ROLLBACK")


def _read_facts(raw, credit_code: str, as_of: dt.date, declared: dict[str, FactSpec]) -> Facts:
    found = raw.execute(_ENTERPRISE_SQL, (credit_code,)).fetchone()
    if found is None:
        raise EnterpriseNotFound(credit_code)
    row = SimpleNamespace(**dict(zip(_ENTERPRISE_COLUMNS, found, strict=True)))
    values = column_values(row)
    tags = [
        TagValue(tag, _date(vf), _date(vt))
        for tag, vf, vt in raw.execute(
            "SELECT tag, valid_from, valid_to FROM enterprise_tag WHERE enterprise_id = ?", (row.id,)
        )
    ]
    # Only the values that may count (valid on or before the day) come out of SQLite; which
    # of them counts is the rule both sides share (facts.values_on).
    values.update(values_on(
        raw.execute("SELECT fact_name, valid_on, value FROM enterprise_fact WHERE enterprise_id = ? AND valid_on <= ?",
                    (row.id, as_of.isoformat())),
        as_of, declared,
    ))
    return Facts(values, tags, as_of, namer=_name_codes, history=_history(raw, row.id))


# The applications history conditions and caps count (domain.rules.history), all of the
# enterprise's in one indexed read (ix_application_enterprise_item), whatever the items ask.
_HISTORY_SQL = (
    "SELECT item_id, status, benefit_amount_fen, created_at FROM application WHERE enterprise_id = ? "
    f"AND status IN ({', '.join(repr(s) for s in COUNTED_STATUSES)})"
)
_SHANGHAI_OFFSET = dt.timedelta(hours=8)  # the hall's clock all year; the SQL says '+8 hours'


def _history(raw, enterprise_id: int) -> tuple[PastApplication, ...]:
    return tuple(past_application(*row) for row in raw.execute(_HISTORY_SQL, (enterprise_id,)))


def past_application(item_id: str, status: str, fen: int | None, created) -> PastApplication:
    """An ``application`` row (item, status, estimated 分, created_at in UTC) as history
    conditions and caps see it: its day on the hall's clock, its amount in 元."""
    at = created if isinstance(created, dt.datetime) else dt.datetime.fromisoformat(created)
    amount = None if fen is None else Decimal(fen) / 100
    return PastApplication(item_id, (at + _SHANGHAI_OFFSET).date(), status, amount)


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def match_enterprise(
    db: Database, credit_code: str, as_of: dt.date | None = None, *, include_all: bool = False,
    catalogue: CompiledCatalogue | None = None,
) -> MatchResult:
    """Every item shown to the clerk (``include_all``: every item in force), in the clerk's order."""
    as_of = as_of or clock.today()
    cat = catalogue or compiled_catalogue(db)
    with db.engine.connect() as conn:
        facts = enterprise_facts(conn, credit_code, as_of, cat.declared)
    matcher = cat.matcher(facts.get("region_code"))  # type: ignore[arg-type]
    with _collector_paused():
        return _result(matcher, facts, credit_code, as_of, include_all, cat.caps)


def match_with_details(db: Database, credit_code: str, as_of: dt.date | None = None) -> PanelMatch:
    """``match_enterprise`` with what the clerk sees beside each item (runs in a worker):
    promised days, the document's 文号 and title, the application window and where to apply."""
    cat = compiled_catalogue(db)
    result = match_enterprise(db, credit_code, as_of, catalogue=cat)
    details = _details_of(cat)
    return PanelMatch(
        result.credit_code, result.as_of, result.items_in_force, result.counts,
        tuple([PanelItem(item, details(item.head.item_id)) for item in result.items]), result.folded,
    )


# (catalogue, its items' details so far): replaced whole when the catalogue changes, so that
# workers matching at the same time each see one consistent pair.
_DETAILS: tuple[CompiledCatalogue | None, dict[str, ItemDetails]] = (None, {})


def _details_of(cat: CompiledCatalogue) -> Callable[[str], ItemDetails]:
    """A look-up of the catalogue's item details, made on first use of each item."""
    global _DETAILS
    held, known = _DETAILS
    if held is not cat:
        known = {}
        _DETAILS = (cat, known)

    def details(item_id: str) -> ItemDetails:
        found = known.get(item_id)
        if found is None:
            item = cat.by_id.get(item_id)
            if item is None:
                return NO_DETAILS
            doc = cat.documents.get(item.document_id) or {}
            found = known[item_id] = ItemDetails(
                item.promised_days, doc.get("doc_no"), doc.get("title"), item.apply_from, item.apply_to, item.where
            )
        return found

    return details


def _collector_paused():
    """Matching makes thousands of short-lived objects and no reference cycles; the cyclic
    collector running in the middle only adds pauses (a third of the time at p95)."""
    return collector_paused()


_ITEM_ID = operator.attrgetter("head.item_id")
_GROUP = operator.attrgetter("group")  # never "": a group, or None when not shown


def _capped(items: list, by_group: Counter, caps: dict, facts: Facts, include_all: bool) -> list:
    """The items after their caps (domain.rules.caps): amounts lowered, or an item whose cap
    is reached made ineligible (left out unless every item is asked for); counts follow."""
    # The capped items among a few hundred shown, found in C: most matches have a few dozen
    # at most (a catalogue with claim limits on one item in eight), many none.
    ids = list(map(_ITEM_ID, items))
    out, changed = list(items), False
    capped_ids = caps.keys() & set(ids)
    at_of = {item_id: n for n, item_id in enumerate(ids) if item_id in capped_ids} if capped_ids else {}
    for item_id, at in at_of.items():  # an item is shown once
        found = caps[item_id]
        item = out[at]
        if not found or item.caps:  # their lines given already: nothing to count (Matcher.clerk_items)
            continue
        capped = rules_match.with_caps(item, found, facts)
        if capped.group != item.group:
            if item.group:
                by_group[item.group] -= 1
            if capped.group:
                by_group[capped.group] += 1
        changed = changed or capped.benefit.amount != item.benefit.amount or capped.group != item.group
        out[at] = capped
    if not include_all:
        out = list(filter(_GROUP, out))
    if changed:
        out.sort(key=lambda it: rules_match.clerk_order(it.group, it.benefit.amount, it.head.item_id))
    return out


def _result(matcher, facts: Facts, credit_code: str, as_of: dt.date, include_all: bool,
            caps: dict | None = None) -> MatchResult:
    in_force = matcher.in_force_count(as_of)
    if include_all:
        every = matcher.match(facts, include_ineligible=True)
        every.sort(key=lambda r: rules_match.clerk_order(r.group, r.amount, r.item.id))
        items = [r.matched() for r in every]
        by_group = Counter(r.group for r in every if r.group)
    else:
        items, by_group = matcher.clerk_items(facts)
    if caps:
        items = _capped(items, by_group, caps, facts, include_all)
    due, eligible, unknown, near_miss = (by_group.get(g, 0) for g in rules_match.GROUPS)
    counts = MatchCounts(due, eligible, unknown, near_miss, in_force - (due + eligible + unknown + near_miss))
    items, folded = rank_and_fold(items)
    return MatchResult(credit_code, as_of, in_force, counts, tuple(items), folded)


def _name_codes(line: Condition) -> Condition:
    """Region and industry codes in the 'why' get their names, which a clerk can read out."""
    names = (
        region_name_map() if line.fact == "region_code"
        else industry_name_map() if line.fact in ("industry_division", "industry_code", "industry_section")
        else None
    )
    if not names:
        return line
    text, actual_text = line.text, line.actual_text
    for code in sorted({*_codes(line.expected), *_codes(line.actual)}, key=len, reverse=True):
        if code in names:
            label = f"{code}（{names[code]}）"
            if label not in text:
                text = text.replace(code, label, 1)
            if line.actual == code:
                actual_text = label
    if (text, actual_text) == (line.text, line.actual_text):
        return line
    return dataclasses.replace(line, text=text, actual_text=actual_text)


# The facts whose lines it names: the lines of the others are not passed to it (evaluate.Namer).
_name_codes.facts = frozenset(  # type: ignore[attr-defined]
    {"region_code", "industry_division", "industry_code", "industry_section"})


def _codes(value: object) -> list[str]:
    if isinstance(value, (tuple, list)):
        return [str(v) for v in value]
    return [str(value)] if value is not None else []
