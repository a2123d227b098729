"""Registry changes to demo enterprises, as the departments send them: one to three facts or
fields of an enterprise differ, the rest of its record is as it was.

Deterministic per (seed, credit code), so the server that writes them and a benchmark that
checks them agree. Used by ``kuaixiang-server admin add-demo-enterprises --changed`` and the
sync benchmark's update round (kuaixiang_desktop/bench/sync.py).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal

from ..domain.enterprise import EnterpriseRecord, FactValue, Tag

# Facts whose values are numbers (counts or money): a new value is the old one moved a little.
_NUMERIC = ("insured_months", "youth_hires", "taxable_income", "rd_expense", "export_value",
            "unemployment_premium_paid", "guaranteed_loan_amount", "skill_cert_primary")
KINDS = ("employees", "contact_phone", "new_fact_value", "corrected_fact", "tag")


def _moved(value: str, rng: random.Random) -> str:
    return str(Decimal(value) + rng.randint(1, 9))


def changed_record(record: EnterpriseRecord, seed: int, today: dt.date) -> EnterpriseRecord:
    """``record`` with one to three of: its head count (and so maybe its size class), its
    phone, a new dated value of a numeric fact (the next period), a corrected value of one at
    its date, a new qualification."""
    rng = random.Random(f"{seed}:{record.credit_code}")
    facts = list(record.facts)
    tags = list(record.tags)
    out = replace(record)
    kinds = rng.sample(KINDS, rng.randint(1, 3))
    numeric = [n for n, f in enumerate(facts) if f.name in _NUMERIC]
    new_tag = Tag("科技型中小企业", dt.date(today.year, 5, 1), dt.date(today.year, 12, 31))
    if not numeric:  # nothing of these to change: the head count instead
        kinds = [k for k in kinds if not k.endswith("fact_value") and k != "corrected_fact"] or ["employees"]
    if "tag" in kinds and any((t.tag, t.valid_from) == (new_tag.tag, new_tag.valid_from) for t in tags):
        kinds = [k for k in kinds if k != "tag"] or ["employees"]
    for kind in kinds:
        if kind == "employees":
            out.employees = (record.employees or 0) + rng.randint(1, 5)
        elif kind == "contact_phone":
            out.contact_phone = f"1{rng.randint(3, 9)}{rng.randint(0, 999_999_999):09d}"
        elif kind == "new_fact_value":
            f = facts[rng.choice(numeric)]
            latest = max(g.valid_on for g in facts if g.name == f.name)
            facts.append(FactValue(f.name, _moved(f.value, rng), max(today, latest + dt.timedelta(days=1))))
        elif kind == "corrected_fact":
            n = rng.choice(numeric)
            facts[n] = replace(facts[n], value=_moved(facts[n].value, rng))
        elif kind == "tag":
            tags.append(new_tag)
    out.facts, out.tags = facts, tags
    return out


__all__ = ["KINDS", "changed_record"]
