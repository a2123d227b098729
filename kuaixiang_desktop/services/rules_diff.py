"""政策沙盘: what publishing a changed catalogue would do to the enterprises of the database
(``kuaixiang rules diff``, the catalogue room's 影响评估; docs/rules.md §13).

Items are paired by id: added, removed, changed (their content differs) or unchanged. For
each added, removed or changed item whose rule, benefit, dates or region differ, the database
counts the enterprises that gain eligibility and those that lose it on the as-of date, and
sums each side's estimated amounts (rule_sql.impact: a few counting queries per item). Each
side's caps apply as matching applies them, with the enterprises' applications in this
database: one that has reached a cap is not eligible, and an amount cap with room left lowers
its amount to what is left. A fixed amount is the count times the amount (summed per
enterprise under an amount cap); a formula is summed in SQL, except one using ``round`` (no
SQL form), which is worked out here over the enterprises that changed (the same formula) or
over each side's eligible enterprises (a changed formula), read in bulk, its caps applied by
``apply_caps``.

Nothing is written: both catalogues are only read and checked.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from kuaixiang_core.cancellation import raise_if_cancelled
from kuaixiang_core.catalogue_files import CatalogueFileRejected
from kuaixiang_core.domain import clock
from kuaixiang_core.domain.rules.caps import apply_caps
from kuaixiang_core.domain.rules.catalogue import Item, plain
from kuaixiang_core.domain.rules.evaluate import ELIGIBLE, Facts, column_values
from kuaixiang_core.domain.rules.facts import FactSpec, values_on
from kuaixiang_core.domain.rules.history import COUNTED_STATUSES, PastApplication
from kuaixiang_core.reference import base_facts
from kuaixiang_core.rule_sql.impact import NOT_ONLY_CAPS, Only, Pair, Side, changed_set_query, pair_queries

from ..store.database import Database
from .matching import past_application
from .policies import compiled_catalogue, read_catalogue

CHANGES = ("added", "removed", "changed")
WORKERS = 2  # queries at a time: the client's machines have two cores or more
CHANGE_NAMES = {"added": "新增", "removed": "删去", "changed": "改动"}
KIND_NAMES = {"cash": "资金", "deduction": "减免", "rate_cut": "降费率", "in_kind": "实物"}
_FEN = Decimal("0.01")


class DiffInputError(ValueError):
    """A catalogue file that cannot be read or does not import: nothing was done."""

    def __init__(self, message: str, file: str | None = None, errors: list | None = None, lines: list | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.errors = errors or []
        self.lines = lines or []


@dataclass(frozen=True, slots=True)
class ItemImpact:
    item_id: str
    title: str
    change: str  # added | removed | changed
    gain: int  # eligible under the new version, not the old
    lose: int
    # estimated total of the new version minus the old, by benefit kind (cash, deduction…), 元
    amount_change: dict[str, Decimal] = field(default_factory=dict)
    python_amounts: bool = False  # a formula without an SQL form, worked out here

    def to_json(self) -> dict:
        return {"item_id": self.item_id, "title": self.title, "change": self.change,
                "gain": self.gain,
                "lose": self.lose, "amount_change": {k: str(v) for k, v in self.amount_change.items()}}


@dataclass(frozen=True, slots=True)
class DiffTotals:
    added: int
    removed: int
    changed: int
    unchanged: int
    gain: int
    lose: int
    amount_change: dict[str, Decimal]

    def to_json(self) -> dict:
        return {"added": self.added, "removed": self.removed, "changed": self.changed, "unchanged": self.unchanged,
                "gain": self.gain, "lose": self.lose,
                "amount_change": {k: str(v) for k, v in self.amount_change.items()}}


@dataclass(frozen=True, slots=True)
class DiffReport:
    old_name: str  # the old file's name, or 本机目录
    new_name: str
    as_of: dt.date
    enterprises: int
    items: tuple[ItemImpact, ...]
    totals: DiffTotals
    seconds: float
    python_amounts: tuple[str, ...] = ()  # items whose amounts were worked out in Python

    def to_json(self) -> dict:
        return {"old": self.old_name, "new": self.new_name, "as_of": self.as_of.isoformat(),
                "enterprises": self.enterprises, "seconds": round(self.seconds, 3),
                "items": [i.to_json() for i in self.items], "totals": self.totals.to_json(),
                "amounts_in_python": list(self.python_amounts)}


@dataclass(frozen=True)
class Version:
    """A catalogue as the diff reads it: each item with the region its document reaches."""

    name: str
    items: dict[str, tuple[Item, str]]


def installed_version(db: Database) -> Version:
    cat = compiled_catalogue(db)
    return Version("本机目录", {i.id: (i, cat.document_views[i.document_id].region) for i in cat.items})


def file_version(db: Database, path: Path) -> Version:
    declared = {**{f.name: f for f in base_facts()}, **compiled_catalogue(db).declared}
    try:
        catalogue = read_catalogue(path, declared)
    except CatalogueFileRejected as exc:
        raise DiffInputError(f"{exc.file}：目录有 {len(exc.problems)} 处错误，未做比较", exc.file,
                             exc.errors_json(), exc.lines()) from None
    regions = {d.id: d.region for d in catalogue.documents}
    return Version(path.name, {i.id: (i, regions[i.document_id]) for i in catalogue.items})


def _side(entry: tuple[Item, str] | None, as_of: dt.date) -> Side | None:
    if entry is None or entry[0].rule is None or not entry[0].in_force(as_of):
        return None
    return Side(entry[0].rule.root, entry[1], entry[0].benefit, entry[0].caps)


def diff_catalogues(db: Database, old: Path | None, new: Path, as_of: dt.date | None = None) -> DiffReport:
    """``old`` None: the catalogue installed in the database."""
    old_version = installed_version(db) if old is None else file_version(db, old)
    return diff_versions(db, old_version, file_version(db, new), as_of)


def diff_versions(db: Database, old: Version, new: Version, as_of: dt.date | None = None) -> DiffReport:
    started = time.perf_counter()
    as_of = as_of or clock.today()
    jobs = []
    unchanged = 0
    for item_id in sorted(old.items.keys() | new.items.keys()):
        before, after = old.items.get(item_id), new.items.get(item_id)
        if before and after and before[0].content_hash() == after[0].content_hash() and before[1] == after[1]:
            unchanged += 1
            continue
        change = "changed" if before and after else "added" if after else "removed"
        pair: Pair = (_side(before, as_of), _side(after, as_of))
        same_rule = same_benefit = False
        only_caps = NOT_ONLY_CAPS
        if before is not None and after is not None:
            same_rule = _rule_of(*before, as_of) == _rule_of(*after, as_of)
            same_benefit = _benefit_of(before[0]) == _benefit_of(after[0])
            only_caps = Only(_rule_of(*before, as_of, caps=False) == _rule_of(*after, as_of, caps=False),
                             _benefit_of(before[0], caps=False) == _benefit_of(after[0], caps=False))
        jobs.append((item_id, change, (after or before)[0].title, pair, same_rule, same_benefit, only_caps))  # type: ignore[index]
    with _Connections(db) as connections:
        population = connections.get().execute(text("SELECT count(*) FROM enterprise")).scalar_one()

        def one(job) -> ItemImpact:
            raise_if_cancelled()
            item_id, change, title, pair, same_rule, same_benefit, only_caps = job
            gain, lose, amounts, in_python = _impact(connections.get(), pair, same_rule, same_benefit, as_of, only_caps)
            return ItemImpact(item_id, title, change, gain, lose, amounts, in_python)

        # Each query runs in SQLite with the GIL let go: two at a time use both cores.
        with ThreadPoolExecutor(WORKERS) as pool:
            rows = list(pool.map(lambda job: contextvars.copy_context().run(one, job), jobs))
    python = [r.item_id for r in rows if r.python_amounts]
    rows.sort(key=lambda r: (CHANGES.index(r.change), -(r.gain + r.lose), r.item_id))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        for kind, amount in row.amount_change.items():
            totals[kind] += amount
    summary = DiffTotals(
        sum(r.change == "added" for r in rows), sum(r.change == "removed" for r in rows),
        sum(r.change == "changed" for r in rows), unchanged, sum(r.gain for r in rows), sum(r.lose for r in rows),
        dict(totals),
    )
    return DiffReport(old.name, new.name, as_of, population, tuple(rows), summary, time.perf_counter() - started,
                      tuple(python))


class _Connections:
    """A connection per worker thread, each in its read transaction from its first query
    (begun together at the start, so the workers see the same enterprises unless a write
    lands in between), all closed at the end."""

    def __init__(self, db: Database):
        self.db = db
        self.local = threading.local()
        self.opened: list = []
        self.lock = threading.Lock()

    def get(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = self.db.engine.connect()
            with self.lock:
                self.opened.append(conn)
        return conn

    def __enter__(self) -> _Connections:
        return self

    def __exit__(self, *exc) -> None:
        for conn in self.opened:
            conn.close()


def _rule_of(item: Item, region: str, as_of: dt.date, *, caps: bool = True) -> str:
    """What decides who is eligible: the rule with what it uses, the region, being in force,
    the caps (a cap reached makes the item ineligible; ``caps`` False: all but them)."""
    return json.dumps([plain(item.rule_data), item.definitions, item.parameters, region, item.in_force(as_of),
                       [cap.to_json() for cap in item.caps] if caps else None],
                      ensure_ascii=False, sort_keys=True, default=str)


def _benefit_of(item: Item, *, caps: bool = True) -> str:
    """What decides the amount (a formula's definitions and parameters too, the amount caps,
    which lower it; ``caps`` False: all but them) and its kind."""
    if item.benefit.amount is None and item.benefit.formula is None:
        return "no amount"  # words only: a changed text moves no money
    amount_caps = [cap.to_json() for cap in item.caps if cap.amount is not None] if caps else None
    return json.dumps([item.benefit.to_json(), item.benefit.kind, item.definitions, item.parameters, amount_caps],
                      ensure_ascii=False, sort_keys=True, default=str)


def _impact(conn, pair: Pair, same_rule: bool, same_benefit: bool, as_of: dt.date,
            only_caps: Only = NOT_ONLY_CAPS) -> tuple[int, int, dict[str, Decimal], bool]:
    """(gain, lose, the estimated total's change by kind, amounts worked out in Python)."""
    old, new = pair
    if same_rule and same_benefit:
        return 0, 0, {}, False  # words only: nobody gains or loses anything
    queries = pair_queries(pair, as_of, both=not same_benefit, only_caps=only_caps)
    got = {name: conn.execute(text(sql), params).one() for name, (sql, params) in queries.items()
           if not (same_rule and name in ("gain", "lose"))}
    gain = got["gain"][0] if "gain" in got else 0
    lose = got["lose"][0] if "lose" in got else 0
    change: dict[str, Decimal] = defaultdict(Decimal)
    in_python = False
    # The new total minus the old: over those who gained and lost, and (a changed benefit)
    # over those eligible under both.
    parts = [("gain", new, 1, 1), ("lose", old, -1, 1)]
    if "both" in got:
        parts += [("both", old, -1, 1), ("both", new, 1, 2)]
    for name, side, sign, column in parts:
        if side is None or name not in got:
            continue
        benefit = side.benefit
        count = got[name][0]
        total: Decimal | None = None
        if benefit.amount is not None and not side.amount_caps:
            total = benefit.amount * count
        elif side.amount_sql:  # a formula in SQL, or a fixed amount lowered by amount caps
            total = (Decimal(got[name][column] or 0) * _FEN).quantize(_FEN)
        elif benefit.formula is not None:
            total = _python_total(conn, pair, name, as_of, side, only_caps)
            in_python = True
        if total is not None:
            change[benefit.kind] += sign * total
    return gain, lose, {k: v for k, v in change.items()}, in_python


def _python_total(conn, pair: Pair, which: str, as_of: dt.date, side: Side, only_caps: Only) -> Decimal:
    """A formula without an SQL form, summed over the enterprises of ``which`` set (gain,
    lose or both), their facts read in bulk, each amount after the side's caps as matching
    applies them (``apply_caps`` with the enterprise's applications)."""
    sql, params = changed_set_query(pair, which, as_of, only_caps=only_caps)
    ids = list(conn.execute(text(sql), params).scalars())
    declared = _declared(conn)
    histories = applications_bulk(conn, ids) if side.caps else {}
    total = Decimal(0)
    for eid, facts in enterprise_facts_bulk(conn, ids, as_of, declared):
        amount = side.benefit.formula.evaluate(facts.values, as_of)  # type: ignore[union-attr]
        if side.caps:
            with_history = Facts(facts.values, (), as_of, history=histories.get(eid, ()))
            amount = apply_caps(side.caps, ELIGIBLE, amount, with_history).amount
        if amount is not None:
            total += amount
    return total


_APPLICATIONS_SQL = ("SELECT enterprise_id, item_id, status, benefit_amount_fen, created_at FROM application "
                     f"WHERE status IN ({', '.join(repr(s) for s in COUNTED_STATUSES)}) AND enterprise_id IN ")


def applications_bulk(conn, ids: list[int]) -> dict[int, tuple[PastApplication, ...]]:
    """The applications caps count (matching's history) of each enterprise of ``ids`` that has
    any, 900 at a time."""
    out: dict[int, list[PastApplication]] = defaultdict(list)
    for start in range(0, len(ids), 900):
        chunk = ",".join(str(int(i)) for i in ids[start:start + 900])  # the database's own integers
        for eid, item_id, status, fen, created in conn.execute(text(f"{_APPLICATIONS_SQL}({chunk})")):
            out[eid].append(past_application(item_id, status, fen, created))
    return {eid: tuple(found) for eid, found in out.items()}


def _declared(conn) -> dict[str, FactSpec]:
    return {name: FactSpec(name, type_, label, unit) for name, type_, label, unit in
            conn.execute(text("SELECT name, type, label, unit FROM fact_definition"))}


_COLUMNS = ("id", "employees", "insured_employees", "revenue_fen", "total_assets_fen", "registered_capital_fen",
            "established", "region_code", "industry_code", "reg_type", "is_individual", "tax_credit_rating",
            "dishonest", "size_class")


def enterprise_facts_bulk(conn, ids: list[int], as_of: dt.date, declared: dict[str, FactSpec]):
    """(id, facts on ``as_of``) of each enterprise, in id order (no tags: formulas do not read
    them), 900 at a time."""
    for start in range(0, len(ids), 900):
        chunk = ",".join(str(int(i)) for i in ids[start:start + 900])  # the database's own integers
        dated: dict[int, list] = defaultdict(list)
        for eid, name, on, value in conn.execute(text(
                f"SELECT enterprise_id, fact_name, valid_on, value FROM enterprise_fact "
                f"WHERE enterprise_id IN ({chunk}) AND valid_on <= :d"), {"d": as_of.isoformat()}):
            dated[eid].append((name, on, value))
        for row in conn.execute(text(f"SELECT {', '.join(_COLUMNS)} FROM enterprise WHERE id IN ({chunk}) ORDER BY id")):
            values = {**column_values(row), **values_on(dated.get(row.id, ()), as_of, declared)}
            yield row.id, Facts(values, (), as_of)


@dataclass(frozen=True, slots=True)
class Preview:
    """A catalogue file before it is imported, as the catalogue room's 政策沙盘 shows it: its
    lint findings, and its impact against the installed catalogue (None when it does not
    import: the findings then say why)."""

    lint: object  # services.rules_lint.LintReport
    report: DiffReport | None


def preview_file(db: Database, path: Path, as_of: dt.date | None = None) -> Preview:
    """Raises DiffInputError for a file that is not a catalogue at all."""
    from kuaixiang_core.catalogue_files import CatalogueFileError

    from .rules_lint import lint_file

    try:
        lint = lint_file(path)
    except CatalogueFileError as exc:
        raise DiffInputError(str(exc), exc.file, [{"file": exc.file, "line": exc.line, "message": exc.message}],
                             [str(exc)]) from None
    if not lint.imports:
        return Preview(lint, None)
    return Preview(lint, diff_catalogues(db, None, path, as_of))
