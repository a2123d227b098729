"""Outreach on the server's PostgreSQL at city scale: one item's reach and the 免申即享 sweep.

    python benchmarks/outreach_pg.py --enterprises 500000 [--db postgresql://…/kx_outreach_bench]
                                     [--keep] [--repeat 60] [--out figures.json]

Builds (or reuses, when ``--db`` already holds them) the platform's full catalogue (2,728
items, 466 免申即享: the demo catalogue topped up by kuaixiang_core.demo.catalogue) and N demo
enterprises, written by the server's own writer, then times in one run:

- ``pg_reach_one_item``: ``kuaixiang_server.outreach.reach`` (count and the first 50) for items
  in force drawn at random; baseline: a Python loop evaluating the compiled rule over the
  enterprises' facts, loaded into memory beforehand and not timed (which flatters it), over a
  sample of 20,000 and scaled to the population;
- ``pg_auto_sweep``: ``outreach.sweep`` (every 免申即享 item in force, counted in SQL), the
  whole sweep and each item's time; baseline: the same Python loop for every one of those
  items over the sample, scaled to the population.

Without ``--db`` a new database is made on the local server and dropped at the end unless
``--keep``. The machine is shared: compare the ratios, not the absolute figures, across runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[1]
if str(_CHECKOUT) not in sys.path:
    sys.path.insert(0, str(_CHECKOUT))

from sqlalchemy import func, select, text  # noqa: E402

from kuaixiang_core.domain.rules.evaluate import Facts, TagValue, column_values  # noqa: E402
from kuaixiang_core.domain.rules.facts import values_on  # noqa: E402

AS_OF = dt.date(2026, 11, 26)
SAMPLE = 20_000  # enterprises the Python baselines run over, scaled to the population


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]  # noqa: E731
    return {"p50_ms": round(pick(0.5), 1), "p95_ms": round(pick(0.95), 1), "max_ms": round(ordered[-1], 1),
            "runs": len(ordered)}


_ENTERPRISE_COPY = ("id", "credit_code", "name", "legal_rep", "region_code", "industry_code", "reg_type", "established",
                    "registered_capital_fen", "employees", "insured_employees", "revenue_fen", "total_assets_fen",
                    "tax_credit_rating", "dishonest", "contact_phone", "is_individual", "size_class", "source",
                    "version", "updated_at", "change_seq")


def copy_enterprises(db, records: list, first_id: int) -> None:
    """New records in bulk (COPY), with what the server's writer derives from each
    (kuaixiang_server.enterprises: normalised industry code, is_individual, size_class,
    each fact's valid_until); the writer itself manages about 200 rows/s on this machine."""
    from dataclasses import replace

    from kuaixiang_core.domain.clock import utcnow
    from kuaixiang_core.domain.size_class import normalized_industry_code
    from kuaixiang_server.changes import allocate
    from kuaixiang_server.enterprises import derived_columns, unique_tags, valid_until_of

    with db.write() as s:
        last = allocate(s, "enterprises", len(records))
    now = utcnow()
    raw = db.engine.raw_connection()
    try:
        conn = raw.driver_connection
        with conn.cursor() as cur:
            with cur.copy(f"COPY enterprise ({', '.join(_ENTERPRISE_COPY)}) FROM STDIN") as copy:
                for n, rec in enumerate(records):
                    rec = replace(rec, industry_code=normalized_industry_code(rec.industry_code))
                    d = derived_columns(rec)
                    copy.write_row((first_id + n, rec.credit_code, rec.name, rec.legal_rep, rec.region_code,
                                    rec.industry_code, rec.reg_type, rec.established, rec.registered_capital_fen,
                                    rec.employees, rec.insured_employees, rec.revenue_fen, rec.total_assets_fen,
                                    rec.tax_credit_rating, rec.dishonest, rec.contact_phone, d["is_individual"],
                                    d["size_class"], "demo", 1, now, last - len(records) + 1 + n))
            with cur.copy("COPY enterprise_fact (enterprise_id, name, valid_on, value, valid_until) FROM STDIN") as copy:
                for n, rec in enumerate(records):
                    values = {(f.name, f.valid_on): f.value for f in rec.facts}
                    until = valid_until_of(values)
                    for (name, day), value in values.items():
                        copy.write_row((first_id + n, name, day, value, until[(name, day)]))
            with cur.copy("COPY enterprise_tag (enterprise_id, tag, valid_from, valid_to) FROM STDIN") as copy:
                for n, rec in enumerate(records):
                    for t in unique_tags(rec.tags):
                        copy.write_row((first_id + n, t.tag, t.valid_from, t.valid_to))
            cur.execute("SELECT setval(pg_get_serial_sequence('enterprise', 'id'), %s)", (first_id + len(records) - 1,))
        conn.commit()
    finally:
        raw.close()


def build(db, enterprises: int, seed: int) -> dict:
    """The full catalogue and ``enterprises`` demo enterprises, unless already there."""
    from kuaixiang_core.demo import catalogue as generator
    from kuaixiang_core.demo.enterprises import CHUNK, generate_chunk
    from kuaixiang_core.domain.rules.catalogue import check_catalogue
    from kuaixiang_core.reference import base_facts, region_name_map
    from kuaixiang_server import catalogue
    from kuaixiang_server.demo import seed_demo
    from kuaixiang_server.models import Enterprise, PolicyItem

    timings = {}
    with db.read() as s:
        items, present = s.scalar(select(func.count()).select_from(PolicyItem)), s.scalar(select(func.count()).select_from(Enterprise))
    if items < generator.PLATFORM_ITEMS:
        t0 = time.perf_counter()
        seed_demo(db, enterprises=0)
        with db.write() as s:
            hand = [catalogue.compile_item(s, i)[0] for i in s.scalars(select(PolicyItem.id))]
            declared = catalogue.declared_facts(s)
        data = generator.generate_catalogue(**generator.full_catalogue_remainder(
            len({i.document_id for i in hand}), len(hand), sum(i.mode == "auto" for i in hand),
            sum(i.mode == "online" for i in hand)), seed=seed)
        checked = check_catalogue(data, {**declared, **{f.name: f for f in base_facts()}}, set(region_name_map()))
        with db.write() as s:
            catalogue.write_catalogue(s, checked, "generated")
        timings["catalogue_s"] = round(time.perf_counter() - t0, 1)
    if present < enterprises:
        t0 = time.perf_counter()
        with db.read() as s:
            first_id = (s.scalar(select(func.max(Enterprise.id))) or 0) + 1
        for at in range(present, enterprises, CHUNK):
            take = min(CHUNK, enterprises - at)
            copy_enterprises(db, [d.record for d in generate_chunk(seed, at, take)], first_id + at - present)
            print(f"  enterprises: {at + take:,}", file=sys.stderr, flush=True)
        timings["enterprises_s"] = round(time.perf_counter() - t0, 1)
        timings["enterprises_per_s"] = round((enterprises - present) / (time.perf_counter() - t0))
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return timings


def all_facts(db, declared, as_of: dt.date, limit: int | None = None) -> list[Facts]:
    """Every enterprise's facts (or the first ``limit``) in memory, for the Python baseline."""
    bound = "" if limit is None else f" WHERE enterprise_id <= {int(limit)}"
    with db.engine.connect() as conn:
        tags: dict[int, list[TagValue]] = defaultdict(list)
        for eid, tag, vf, vt in conn.execute(text(f"SELECT enterprise_id, tag, valid_from, valid_to FROM enterprise_tag{bound}")):
            tags[eid].append(TagValue(tag, vf, vt))
        dated: dict[int, list] = defaultdict(list)
        for eid, name, day, value in conn.execute(text(f"SELECT enterprise_id, name, valid_on, value FROM enterprise_fact{bound}")):
            dated[eid].append((name, day, value))
        where = "" if limit is None else f" WHERE id <= {int(limit)}"
        out = []
        for r in conn.execute(text(
            "SELECT id, credit_code, employees, insured_employees, revenue_fen, total_assets_fen, registered_capital_fen, "
            "established, region_code, industry_code, reg_type, is_individual, tax_credit_rating, dishonest, size_class "
            f"FROM enterprise{where}"
        )):
            values = {**column_values(r), **values_on(dated.get(r.id, ()), as_of, declared)}
            out.append(Facts(values, tags.get(r.id, ()), as_of))
    return out


def _in_scope(item_scope: str | None, facts: Facts) -> bool:
    return not item_scope or item_scope == "371500" or facts.values.get("region_code") == item_scope


def run(db, *, repeat: int, seed: int) -> dict:
    from kuaixiang_server import outreach
    from kuaixiang_server.catalogue import declared_facts

    rng = random.Random(seed)
    with db.read() as s:
        declared = declared_facts(s)
        population = s.scalar(text("SELECT count(*) FROM enterprise"))
        reaches = {pair[0].id: outreach.item_reach(s, pair[0].id, AS_OF, pair) for pair in outreach.current_items(s)}
    in_force = [r for r in reaches.values() if r.item.in_force(AS_OF)]
    picks = [rng.choice(in_force) for _ in range(repeat)]

    ours = []
    for r in picks:
        t0 = time.perf_counter()
        outreach.reach(db, r.item.id, AS_OF, limit=50)
        ours.append((time.perf_counter() - t0) * 1000)

    t0 = time.perf_counter()
    sweep = outreach.sweep(db, AS_OF)
    sweep_s = time.perf_counter() - t0

    # The baselines run over the first SAMPLE enterprises (ids are in generation order, which
    # is random) and are scaled to the population: loading all 500,000 with their 7 million
    # dated facts into Python would take longer than the rest of the run.
    t0 = time.perf_counter()
    sample = all_facts(db, declared, AS_OF, limit=SAMPLE)
    load_s = time.perf_counter() - t0
    scale = population / len(sample)
    base = []
    for r in picks[:10]:
        t0 = time.perf_counter()
        sum(1 for f in sample if _in_scope(r.scope, f) and r.item.rule.verdict(f)[0] == "eligible")
        base.append((time.perf_counter() - t0) * 1000 * scale)
    # The sweep's baseline: every auto item in force over the sample, scaled likewise.
    auto = [r for r in in_force if r.item.mode == "auto"]
    t0 = time.perf_counter()
    for f in sample:
        for r in auto:
            if _in_scope(r.scope, f):
                r.item.rule.verdict(f)
    base_sweep_s = (time.perf_counter() - t0) * scale

    item_ms = [i["ms"] for i in sweep["items"]]
    reach_stats, base_stats = _stats(ours), _stats(base)
    return {
        "as_of": AS_OF.isoformat(), "enterprises": population, "items": len(reaches), "items_in_force": len(in_force),
        "metrics": [
            {"name": "pg_reach_one_item", **reach_stats, "baseline_p95_ms": base_stats["p95_ms"],
             "baseline_runs": base_stats["runs"], "ratio": round(base_stats["p95_ms"] / reach_stats["p95_ms"], 1)},
            {"name": "pg_auto_sweep", "items": len(sweep["items"]), "qualifying_pairs": sweep["enterprises"],
             "seconds": round(sweep_s, 2), "per_item": _stats(item_ms),
             "baseline_seconds_estimated": round(base_sweep_s, 1), "baseline_sample": len(sample),
             "ratio": round(base_sweep_s / sweep_s, 1)},
        ],
        "baseline_facts_load_s": round(load_s, 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--enterprises", type=int, default=500_000)
    p.add_argument("--db", default=None)
    p.add_argument("--keep", action="store_true")
    p.add_argument("--repeat", type=int, default=60)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, default=None)
    args = p.parse_args(argv)
    if not 1 <= args.enterprises <= 5_000_000 or not 3 <= args.repeat <= 10_000:
        print("--enterprises 1…5000000, --repeat 3…10000", file=sys.stderr)
        return 2

    sys.path.insert(0, str(_CHECKOUT / "deploy" / "city"))
    from city_stack import drop_database, ensure_database

    from kuaixiang_server.config import normalize_db_url
    from kuaixiang_server.db import open_database

    url = args.db or f"postgresql://postgres@127.0.0.1:5432/kx_outreach_bench_{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"
    created = ensure_database(url, create=True)
    db = open_database(normalize_db_url(url), key=bytes(32))
    try:
        started = time.perf_counter()
        built = build(db, args.enterprises, args.seed)
        figures = {"command": "python benchmarks/outreach_pg.py " + " ".join(argv if argv is not None else sys.argv[1:]),
                   "built": built, **run(db, repeat=args.repeat, seed=args.seed),
                   "total_s": round(time.perf_counter() - started, 1)}
    finally:
        db.close()
        if created and not args.keep and args.db is None:
            drop_database(url)
    text_out = json.dumps(figures, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text_out + "\n", "utf-8")
    print(text_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
