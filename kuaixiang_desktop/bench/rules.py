"""Matching and reach figures for ``kuaixiang bench`` (needs the full catalogue loaded).

Baselines, measured in the same run:
- matching: re-parse every item's stored rule and formula on every call, then evaluate it
  with a trace, as an engine without a compiled catalogue would;
- reach: a Python loop evaluating the compiled rule over every enterprise's facts, loaded
  into memory beforehand (the loading is not timed, which flatters the baseline).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import text

from kuaixiang_core.domain.rules.catalogue import check_catalogue
from kuaixiang_core.domain.rules.evaluate import Facts, TagValue, column_values
from kuaixiang_core.domain.rules.facts import coerce
from kuaixiang_core.domain.rules.match import match as rules_match

from ..services.matching import match_enterprise
from ..services.policies import compiled_catalogue
from ..services.reach import reach, reach_condition
from ..store.database import Database


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return pick(0.50), pick(0.95)


def _metric(name: str, ours: list[float], base: list[float] | None, **extra) -> dict:
    p50, p95 = _stats(ours)
    out = {"name": name, "p50_ms": round(p50, 3), "p95_ms": round(p95, 3), "runs": len(ours), **extra}
    if base:
        b95 = _stats(base)[1]
        out.update(baseline_p95_ms=round(b95, 3), ratio=round(b95 / p95, 1) if p95 else None, baseline_runs=len(base))
    return out


def _naive_match(db: Database, rows: list[tuple[str, str, str]], declared, facts_for, code: str, as_of: dt.date) -> int:
    """Re-parse each stored item on every call, then match with traces for every item."""
    by_doc: dict[str, list] = defaultdict(list)
    for item_id, doc_id, content in rows:
        data = json.loads(content)
        data.pop("document_id", None)
        by_doc[doc_id].append({"id": item_id, **data})
    cat = check_catalogue(
        {"documents": [{"id": d, "title": "t", "issuer": "i", "level": "市级", "region": "371500", "items": items}
                       for d, items in by_doc.items()]},
        declared,
    )
    facts = facts_for(code, as_of)
    return sum(len(r.matched().conditions) for r in rules_match(cat.items, facts))


def run(db: Database, *, seed: int = 1, repeat: int = 200, as_of: dt.date | None = None) -> list[dict]:
    as_of = as_of or dt.date(2026, 11, 1)
    rng = random.Random(seed)
    cat = compiled_catalogue(db)
    cat.build_matchers()  # as the window does once it is usable: no timed match builds one
    metrics: list[dict] = []
    with db.engine.connect() as conn:
        max_id = conn.execute(text("SELECT max(id) FROM enterprise")).scalar_one()
        codes = [
            r[0] for r in conn.execute(
                text("SELECT credit_code FROM enterprise WHERE id IN (%s)" % ",".join(str(rng.randint(1, max_id)) for _ in range(repeat)))
            )
        ]
        rows = [
            (r.item_id, r.document_id, r.content_json)
            for r in conn.execute(
                text("SELECT v.item_id, i.document_id, v.content_json FROM policy_item_version v JOIN policy_item i "
                     "ON i.id = v.item_id AND i.current_version = v.version")
            )
        ]

    from ..services.matching import enterprise_facts

    def facts_for(code: str, day: dt.date) -> Facts:
        with db.engine.connect() as c:
            return enterprise_facts(c, code, day, cat.declared)

    ours = []
    for code in codes:
        start = time.perf_counter()
        match_enterprise(db, code, as_of, catalogue=cat)
        ours.append((time.perf_counter() - start) * 1000)
    base = []
    for code in codes[: max(3, repeat // 20)]:
        start = time.perf_counter()
        _naive_match(db, rows, cat.declared, facts_for, code, as_of)
        base.append((time.perf_counter() - start) * 1000)
    metrics.append(_metric("match_one_enterprise", ours, base, items=len(cat.items)))

    # Reach: items in force, drawn at random.
    in_force = [i for i in cat.items if i.in_force(as_of)]
    # Half as many picks as matches: the time depends on the item (5 ms to over 500 ms), so
    # a p95 over a few picks would be little more than the slowest one drawn.
    picks = [rng.choice(in_force) for _ in range(max(20, repeat // 2))]
    ours = []
    for item in picks:
        start = time.perf_counter()
        reach(db, item.id, as_of, limit=50)
        ours.append((time.perf_counter() - start) * 1000)
    population = _all_facts(db, cat.declared, as_of)
    base = []
    for item in picks[:3]:
        start = time.perf_counter()
        sum(1 for f in population if item.rule.verdict(f)[0] == "eligible")
        base.append((time.perf_counter() - start) * 1000)
    metrics.append(_metric("reach_one_item", ours, base, enterprises=len(population)))

    # The 免申即享 sweep: every auto item in force against every enterprise, in SQL.
    auto = [i for i in in_force if i.mode == "auto"]
    start = time.perf_counter()
    pairs = 0
    with db.engine.connect() as conn:
        for item in auto:
            condition, params = reach_condition(cat, item, as_of)
            pairs += conn.execute(text(f"SELECT count(*) FROM enterprise e WHERE {condition}"), params).scalar_one()
    seconds = time.perf_counter() - start
    metrics.append({"name": "auto_sweep", "items": len(auto), "enterprises": len(population),
                    "qualifying_pairs": pairs, "seconds": round(seconds, 2)})
    metrics.append(run_receipts(db))
    return metrics


def _all_facts(db: Database, declared, as_of: dt.date) -> list[Facts]:
    """Every enterprise's facts in memory, for the Python-loop baseline."""
    day = as_of.isoformat()
    with db.engine.connect() as conn:
        tags: dict[int, list[TagValue]] = defaultdict(list)
        for eid, tag, vf, vt in conn.execute(text("SELECT enterprise_id, tag, valid_from, valid_to FROM enterprise_tag")):
            tags[eid].append(TagValue(tag, vf and dt.date.fromisoformat(vf), vt and dt.date.fromisoformat(vt)))
        facts: dict[int, dict] = defaultdict(dict)
        for eid, name, value in conn.execute(
            text("SELECT enterprise_id, fact_name, value FROM enterprise_fact WHERE valid_on <= :d ORDER BY valid_on"), {"d": day}
        ):
            spec = declared.get(name)
            if spec:
                facts[eid][name] = coerce(spec.type, value)
        out = []
        for r in conn.execute(text(
            "SELECT id, employees, insured_employees, revenue_fen, total_assets_fen, registered_capital_fen, established, "
            "region_code, industry_code, reg_type, is_individual, tax_credit_rating, dishonest, size_class FROM enterprise"
        )):
            values = {**column_values(r), **facts.get(r.id, {})}
            out.append(Facts(values, tags.get(r.id, ()), as_of))
    return out


def run_receipts(db: Database, *, repeat: int = 50) -> dict:
    """Receipt generation (A4 and 80 mm alternately) after the first call, which loads the
    font; no baseline: the issue sets an absolute bound (p95 ≤ 50 ms) on the warm calls."""
    from ..printing.receipt import ReceiptData, render_receipt

    data = ReceiptData(
        hall_name="东昌府区政务服务中心", hall_code="371502-01", window="01", receipt_no="371502-01-20261126-BENCH-0001",
        application_id="00000000-0000-4000-8000-000000000000", enterprise_name="聊城市恒达机械制造有限公司",
        credit_code="91371502MA3C00001X", item_title="工业企业技术改造补助", doc_no="聊工信发〔2024〕3号",
        department="市工业和信息化局", materials_received=[("技术改造项目备案证明", 1, 1), ("设备购置发票", 0, 1)],
        materials_owed=[], amount=Decimal("123456.78"), benefit_text=None, promised_days=15,
        promised_date=dt.date(2026, 12, 17), clerk_name="演示窗口", agent_name="张三",
        agent_id_masked="1101**********002X", agent_phone_masked="138****5678",
        accepted_at=dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC), qr_text="KX1." + "A" * 180,
    )
    start = time.perf_counter()
    render_receipt(data, "a4")
    first = (time.perf_counter() - start) * 1000
    warm = []
    for n in range(repeat):
        start = time.perf_counter()
        render_receipt(data, "a4" if n % 2 == 0 else "80mm")
        warm.append((time.perf_counter() - start) * 1000)
    return _metric("receipt_generation", warm, None, first_call_ms=round(first, 2))
