"""政策沙盘 with caps (issue 15, docs/rules.md §13): ``rules diff`` counts an enterprise as its
match would under each version, the version's caps applied to the enterprise's applications
in the database: a cap added takes eligibility from those with earlier counted applications
(not withdrawn, rejected or draft ones, nor last year's), a cap raised or removed gives it back,
an amount cap partly used lowers the estimate, in SQL and in the Python fallback (``round``).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import text

from kuaixiang_core.domain.application_state import STATUSES
from kuaixiang_core.domain.rules.caps import apply_caps
from kuaixiang_core.domain.rules.match import benefit_amount
from kuaixiang_desktop.services.matching import enterprise_facts
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.rules_diff import Version, diff_versions, file_version

AS_OF = dt.date(2025, 6, 30)
HEAD = """\
format: 1
documents:
  - id: d-caps
    title: 上限文件
    issuer: 市局
    level: 市级
    region: "371500"
    effective_from: 2024-01-01
    items:
"""


def item(ident: str, rule: str, benefit: str, caps: str | None = None) -> str:
    return (f"      - id: {ident}\n        title: 事项{ident}\n        department: 局\n        mode: online\n"
            f"        rule: {rule}\n        benefit: {benefit}\n" + (f"        caps: {caps}\n" if caps else ""))


TEN = '{fact: employees, op: ">=", value: 10}'
OLD = HEAD + "".join([
    item("added", TEN, '{amount: "1000"}'),
    item("raised", TEN, '{amount: "1000"}', "[{per: year, count: 1}]"),
    item("removed", TEN, '{amount: "1000"}', "[{per: year, count: 1}]"),
    item("partly", TEN, '{amount: "30000"}'),
    item("rounded", TEN, '{formula: "round(revenue / 300, 1)"}'),
])
NEW = HEAD + "".join([
    item("added", TEN, '{amount: "1000"}', "[{per: year, count: 1}]"),
    item("raised", TEN, '{amount: "1000"}', "[{per: year, count: 2}]"),
    item("removed", TEN, '{amount: "1000"}'),
    item("partly", TEN, '{amount: "30000"}', '[{per: year, amount: "50000"}]'),
    item("rounded", TEN, '{formula: "round(revenue / 300, 1)"}', '[{per: year, amount: "50000"}]'),
])


def add_applications(db, rows: list[tuple[int, str, str, dt.datetime, int | None]]) -> None:
    """(enterprise id, item, status, UTC time, estimated 分) into the client's table."""
    with db.engine.begin() as conn:
        for eid, item_id, status, at, fen in rows:
            conn.execute(text(
                "INSERT INTO application (id, enterprise_id, item_id, item_version, status, benefit_amount_fen, "
                "trace_json, sync_state, created_at, updated_at) VALUES (:id, :eid, :item, 1, :status, :fen, '{}', "
                "'local', :at, :at)"),
                {"id": str(uuid.uuid4()), "eid": eid, "item": item_id, "status": status, "fen": fen,
                 "at": f"{at:%Y-%m-%d %H:%M:%S}.000000"})


def python_impact(db, old: Version, new: Version) -> dict[str, tuple[set[int], set[int], dict[str, Decimal]]]:
    """Per item, what matching each enterprise (rule, then apply_caps over its applications)
    says: (gained ids, lost ids, the estimated total's change by kind)."""
    declared = compiled_catalogue(db).declared
    out: dict[str, tuple[set[int], set[int], dict[str, Decimal]]] = {}
    ids = sorted(old.items.keys() | new.items.keys())
    eligible: dict[tuple[str, int], list] = defaultdict(lambda: [None, None])
    with db.engine.connect() as conn:
        for eid, code in conn.execute(text("SELECT id, credit_code FROM enterprise ORDER BY id")):
            facts = enterprise_facts(conn, code, AS_OF, declared)
            for n, version in enumerate((old, new)):
                for item_id in ids:
                    entry = version.items.get(item_id)
                    if entry is None or not entry[0].in_force(AS_OF) or entry[1] not in ("371500", facts.get("region_code")):
                        continue
                    found = entry[0]
                    if found.rule.verdict(facts, near_miss=False)[0] != "eligible":
                        continue
                    facts.amounts.clear()
                    outcome = apply_caps(found.caps, "eligible", benefit_amount(found.benefit, facts), facts)
                    if not outcome.reached:
                        eligible[(item_id, eid)][n] = (found.benefit.kind, outcome.amount)
    for item_id in ids:
        gained, lost, change = set(), set(), defaultdict(Decimal)
        for (which, eid), (before, after) in eligible.items():
            if which != item_id:
                continue
            if after and not before:
                gained.add(eid)
            if before and not after:
                lost.add(eid)
            for found, sign in ((before, -1), (after, 1)):
                if found is not None and found[1] is not None:
                    change[found[0]] += sign * found[1]
        out[item_id] = (gained, lost, {k: v for k, v in change.items() if v})
    return out


def assert_agrees(db, old: Version, new: Version) -> dict:
    report = diff_versions(db, old, new, AS_OF)
    expected = python_impact(db, old, new)
    rows = {r.item_id: r for r in report.items}
    for item_id, (gained, lost, change) in expected.items():
        row = rows.get(item_id)
        if row is None:  # unchanged
            assert not gained and not lost and not change, item_id
            continue
        assert (row.gain, row.lose) == (len(gained), len(lost)), item_id
        assert {k: v for k, v in row.amount_change.items() if v} == change, item_id
    return {i: (rows.get(i), *e) for i, e in expected.items()}


@pytest.fixture
def capped(writable_demo_db, tmp_path):
    """The two catalogues, and applications this year, last year, counted or not."""
    db = writable_demo_db
    with db.engine.connect() as conn:
        ids = list(conn.execute(text("SELECT id FROM enterprise WHERE employees >= 10 ORDER BY id LIMIT 60")).scalars())
    this_year, last_year = dt.datetime(2025, 3, 1, 2), dt.datetime(2024, 12, 31, 15, 59)  # 23:59 in Shanghai
    rows = []
    for n, eid in enumerate(ids):
        status = ("accepted", "paid", "withdrawn", "rejected", "draft", "approved")[n % 6]
        for item_id in ("added", "raised", "removed"):
            rows.append((eid, item_id, status, last_year if n % 5 == 0 else this_year, None))
        if n % 3 == 0:  # a second this year for raised: count 2 reached too
            rows.append((eid, "raised", "submitted", this_year, None))
        for item_id, fen in (("partly", (1_000_000, 3_000_000, 6_000_000)[n % 3]),
                             ("rounded", (1_000_000, 4_999_900, 5_000_000)[n % 3])):
            rows.append((eid, item_id, status, this_year, fen))
    add_applications(db, rows)
    (tmp_path / "old.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(NEW, encoding="utf-8")
    return db, file_version(db, tmp_path / "old.yaml"), file_version(db, tmp_path / "new.yaml"), ids


def test_caps_added_raised_removed_and_partly_used_agree_with_matching(capped):
    db, old, new, ids = capped
    got = assert_agrees(db, old, new)
    counted = {eid for n, eid in enumerate(ids) if n % 6 in (0, 1, 5) and n % 5 != 0}
    # A cap added: exactly those with a counted application this year lose the item.
    row, gained, lost, _ = got["added"]
    assert (row.gain, row.lose) == (0, len(counted)) and lost == counted
    # Raised from once to twice a year: those with one counted application this year get it
    # back (a second, submitted, for every third); those with two do not.
    made = {eid: (eid in counted) + (n % 3 == 0) for n, eid in enumerate(ids)}
    row, gained, lost, _ = got["raised"]
    assert row.lose == 0 and gained == {eid for eid, k in made.items() if k == 1} and 2 in made.values()
    row, gained, lost, _ = got["removed"]
    assert (row.gain, row.lose) == (len(counted), 0) and gained == counted
    # An amount cap of 50,000 元: 10,000 used leaves the 30,000 whole, 30,000 used lowers it to
    # 20,000, 60,000 used takes the item away.
    row, gained, lost, change = got["partly"]
    assert row.gain == 0 and row.lose > 0 and row.amount_change["cash"] < -30000 * row.lose
    # The Python fallback (round) lowers amounts by the same cap: 49,999 元 used leaves 1 元.
    row, gained, lost, change = got["rounded"]
    assert row.python_amounts and row.lose > 0 and row.amount_change == change


def test_a_random_library_with_caps_agrees_item_by_item(writable_demo_db, tmp_path):
    """Ten items drawn with their caps under both versions (rules, amounts, caps of each item
    alone or naming two items, a year or the policy period, kept or redrawn), random applications for 400
    enterprises in every status: each item's gain, loss and amount change is matching's."""
    db = writable_demo_db
    rng = random.Random(20251206)
    library = [f"lib-{n}" for n in range(10)]

    def caps() -> str | None:
        drawn = []
        for _ in range(rng.choice((0, 1, 1, 2))):
            items = rng.choice(("", f"items: [{rng.choice(library)}, {rng.choice(library)}], "))
            per = rng.choice(("year", "period"))
            limit = rng.choice((f"count: {rng.randint(1, 3)}", f'amount: "{rng.choice((5000, 20000, 50000))}"'))
            drawn.append("{" + items + f"per: {per}, {limit}" + "}")
        return "[" + ", ".join(drawn) + "]" if drawn else None

    def version(previous: list | None) -> list:
        out = []
        for n, ident in enumerate(library):
            if previous and rng.random() < 0.4:  # the same rule and benefit: only caps move anyone
                rule, benefit = previous[n][1], previous[n][2]
            else:
                rule = f'{{fact: employees, op: ">=", value: {rng.choice((5, 10, 20, 50))}}}'
                benefit = rng.choice(('{amount: "3000"}', '{amount: "30000"}', '{formula: "min(employees * 500, 40000)"}',
                                      '{formula: "round(revenue / 700, 1)"}'))
            kept = previous and rng.random() < 0.4  # the same caps: written once in the queries
            out.append((ident, rule, benefit, previous[n][3] if kept else caps()))
        return out

    before = version(None)
    after = version(before)
    (tmp_path / "old.yaml").write_text(HEAD + "".join(item(*i) for i in before), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(HEAD + "".join(item(*i) for i in after), encoding="utf-8")
    with db.engine.connect() as conn:
        ids = list(conn.execute(text("SELECT id FROM enterprise ORDER BY id LIMIT 400")).scalars())
    rows = []
    for eid in ids:
        for _ in range(rng.randint(0, 4)):
            at = dt.datetime(2024, 1, 1) + dt.timedelta(hours=rng.randint(0, 24 * 600))
            rows.append((eid, rng.choice(library), rng.choice(STATUSES), at,
                         rng.choice((None, 100_000, 1_000_000, 2_500_000))))
    add_applications(db, rows)
    got = assert_agrees(db, file_version(db, tmp_path / "old.yaml"), file_version(db, tmp_path / "new.yaml"))
    # Not idle: some items move enterprises, and the caps alone move some.
    assert sum(len(g) + len(lo) for _r, g, lo, _c in got.values()) > 0
