"""``rules_diff`` for ``kuaixiang bench``: the impact of a changed demo catalogue (政策沙盘).

The installed catalogue (the full demo one, 2,728 items) against the same catalogue with an
officer's year of edits, drawn with the seed: a threshold moved in 5% of the items, the amount
of 2% changed, up to 20 items removed and 20 added (copies of others with a threshold moved).

Baseline, in the same run: the obvious way, the engine's Python matching, old and new version of
every changed item against each enterprise's facts (loaded beforehand, untimed), on a sample of
enterprises; its time is scaled to the whole population.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import time
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import text

from kuaixiang_core.domain.rules.catalogue import check_catalogue
from kuaixiang_core.domain.rules.evaluate import Facts, TagValue
from kuaixiang_core.domain.rules.facts import BUILTIN_FACTS

from ..services.policies import compiled_catalogue
from ..services.rules_diff import Version, diff_versions, enterprise_facts_bulk, installed_version
from ..store import policies as store
from ..store.database import Database

SAMPLE = 2_000


def installed_data(db: Database) -> dict:
    """The installed catalogue as a catalogue file's data (each item as stored)."""
    with db.sessions() as session:
        rows = store.current_catalogue_rows(session)
    docs: dict[str, dict] = {}
    for doc, version in rows:
        entry = docs.setdefault(doc.id, {
            "id": doc.id, "title": doc.title, "issuer": doc.issuer, "level": doc.level, "region": doc.region_code,
            **({"effective_from": doc.effective_from.isoformat()} if doc.effective_from else {}),
            **({"effective_to": doc.effective_to.isoformat()} if doc.effective_to else {}), "items": []})
        content = json.loads(version.content_json)
        content.pop("document_id", None)
        entry["items"].append({"id": version.item_id, **content})
    return {"documents": list(docs.values())}


def _move_threshold(rule: object, rng: random.Random) -> bool:
    """Raise or lower the first numeric bound of the rule by a fifth; False when it has none."""
    if isinstance(rule, dict):
        if rule.get("op") in ("<", "<=", ">", ">=") and isinstance(rule.get("value"), (int, float, str)):
            try:
                value = Decimal(str(rule["value"]))
            except ArithmeticError:
                return False
            rule["value"] = str((value * Decimal(rng.choice(("0.8", "1.2")))).quantize(Decimal("0.01")))
            rule["value"] = float(rule["value"])
            return True
        return any(_move_threshold(v, rng) for k, v in rule.items() if k in ("all", "any", "not"))
    if isinstance(rule, list):
        return any(_move_threshold(v, rng) for v in rule)
    return False


def edited(data: dict, seed: int) -> tuple[dict, dict]:
    """The catalogue with the year's edits, and how many of each."""
    rng = random.Random(seed)
    out = copy.deepcopy(data)
    items = [(d, i) for d in out["documents"] for i in d["items"]]
    n = len(items)
    moved = amounts = 0
    for _doc, item in rng.sample(items, n // 20):
        moved += _move_threshold(item["rule"], rng)
    for _doc, item in rng.sample(items, n // 50):
        if "amount" in item.get("benefit", {}):
            item["benefit"]["amount"] = str(Decimal(item["benefit"]["amount"]) * Decimal("1.1"))
            amounts += 1
    removed = 0
    for doc, item in rng.sample(items, 20):
        if len(doc["items"]) > 1:  # a document keeps one item at least
            doc["items"].remove(item)
            removed += 1
    added = 0
    for doc, item in rng.sample(items, 20):
        twin = copy.deepcopy(item)
        twin["id"] = f"{item['id']}-new"[:64]
        if _move_threshold(twin["rule"], rng) and all(i["id"] != twin["id"] for i in doc["items"]):
            doc["items"].append(twin)
            added += 1
    return out, {"thresholds_moved": moved, "amounts_changed": amounts, "removed": removed, "added": added}


def run(db: Database, *, seed: int = 1, as_of: dt.date | None = None) -> dict:
    as_of = as_of or dt.date(2026, 11, 1)
    cat = compiled_catalogue(db)
    declared = {**BUILTIN_FACTS, **cat.declared}
    data, edits = edited(installed_data(db), seed)
    checked = check_catalogue(data, declared, stored=True)
    regions = {d.id: d.region for d in checked.documents}
    new = Version("edited", {i.id: (i, regions[i.document_id]) for i in checked.items})
    old = installed_version(db)
    start = time.perf_counter()
    report = diff_versions(db, old, new, as_of)
    seconds = time.perf_counter() - start
    base_seconds, sample = _baseline(db, old, new, [r.item_id for r in report.items], as_of, seed)
    scaled = base_seconds * report.enterprises / max(sample, 1)
    return {"name": "rules_diff", "enterprises": report.enterprises, "items": len(cat.items), **edits,
            "items_compared": len(report.items), "seconds": round(seconds, 2),
            "baseline_sample": sample, "baseline_sample_seconds": round(base_seconds, 2),
            "baseline_seconds": round(scaled, 1), "ratio": round(scaled / seconds, 1) if seconds else None,
            "gain": report.totals.gain, "lose": report.totals.lose}


def _baseline(db: Database, old: Version, new: Version, changed: list[str], as_of: dt.date, seed: int) -> tuple[float, int]:
    """Python matching of both versions of each changed item over a sample of enterprises."""
    population = _sample_facts(db, as_of, _sample_ids(db, seed))
    start = time.perf_counter()
    for facts in population:
        region = facts.get("region_code")
        for item_id in changed:
            for version in (old, new):
                entry = version.items.get(item_id)
                if entry is None or not entry[0].in_force(as_of) or entry[1] not in ("371500", region):
                    continue
                item = entry[0]
                if item.rule.verdict(facts, near_miss=False)[0] == "eligible" and item.benefit.formula is not None:
                    item.benefit.formula.evaluate(facts.values, as_of)
    return time.perf_counter() - start, len(population)


def _sample_ids(db: Database, seed: int) -> list[int]:
    with db.engine.connect() as conn:
        top = conn.execute(text("SELECT max(id) FROM enterprise")).scalar_one() or 0
    rng = random.Random(seed)
    return sorted({rng.randint(1, top) for _ in range(SAMPLE)})


def _sample_facts(db: Database, as_of: dt.date, ids: list[int]) -> list[Facts]:
    """The sample's facts on ``as_of``, tags included, as matching reads them."""
    declared = compiled_catalogue(db).declared
    marks = ",".join(map(str, ids))
    with db.engine.connect() as conn:
        tags: dict[int, list[TagValue]] = defaultdict(list)
        for eid, tag, vf, vt in conn.execute(text(
                f"SELECT enterprise_id, tag, valid_from, valid_to FROM enterprise_tag WHERE enterprise_id IN ({marks})")):
            tags[eid].append(TagValue(tag, vf and dt.date.fromisoformat(vf), vt and dt.date.fromisoformat(vt)))
        out = []
        for eid, facts in enterprise_facts_bulk(conn, ids, as_of, declared):
            out.append(Facts(facts.values, tags.get(eid, ()), as_of))
    return out
