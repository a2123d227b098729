"""Matching one enterprise against the catalogue, and running golden tests.

Pure: items and facts come in, verdicts, amounts and traces go out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .catalogue import Benefit, GoldenTest, Item
from .evaluate import ELIGIBLE, INELIGIBLE, UNKNOWN, Facts, TagValue, condition_json
from .facts import BUILTIN_FACTS, FactSpec, FactValueError, coerce

# The groups a clerk sees, in the order they are shown.
GROUPS = ("due", "eligible", "unknown", "near_miss")


def benefit_amount(benefit: Benefit, facts: Facts) -> Decimal | None:
    if benefit.amount is not None:
        return benefit.amount
    if benefit.formula is not None:
        return benefit.formula.evaluate(facts.values)
    return None


@dataclass
class ItemMatch:
    item: Item
    verdict: str
    group: str | None  # due | eligible | unknown | near_miss | None (not shown)
    amount: Decimal | None
    blockers: list
    facts: Facts

    def to_json(self, *, with_trace: bool = True) -> dict:
        item = self.item
        out = {
            "item_id": item.id,
            "title": item.title,
            "mode": item.mode,
            "department": item.department,
            "document_id": item.document_id,
            "verdict": self.verdict,
            "group": self.group,
            "benefit": {
                "amount": str(self.amount) if self.amount is not None else None,
                "text": item.benefit.text or item.benefit.note,
            },
        }
        if with_trace:
            out["conditions"] = item.rule.trace(self.facts)
            if self.verdict == UNKNOWN:
                out["missing_facts"] = sorted(
                    {c["fact"] for c in out["conditions"] if c["result"] == "unknown"}
                )
            if self.blockers:
                out["missing"] = [condition_json(leaf, self.facts) for leaf, _want in self.blockers]
        return out


# Facts an enterprise cannot change by acting: a near miss on these ("you would qualify in
# another county") helps nobody, so it is not offered as one.
STRUCTURAL_FACTS = frozenset(
    {"region_code", "industry_code", "industry_section", "industry_division", "is_individual", "reg_type",
     "established", "age_years"}
)


def group_of(item: Item, verdict: str, near: bool) -> str | None:
    if verdict == ELIGIBLE:
        return "due" if item.mode == "auto" else "eligible"
    if verdict == UNKNOWN:
        return "unknown"
    return "near_miss" if near else None


def match(items: Iterable[Item], facts: Facts) -> list[ItemMatch]:
    """Every item in force on the facts' as-of date, with verdicts; ineligible items that are
    not near misses are included with group None (callers usually leave them out)."""
    out = []
    day = facts.as_of
    for item in items:
        if not item.in_force(day):
            continue
        verdict, blockers = item.rule.verdict(facts)
        blockers = [b for b in blockers if b[0].fact not in STRUCTURAL_FACTS]
        group = group_of(item, verdict, bool(blockers))
        amount = benefit_amount(item.benefit, facts) if group is not None else None
        out.append(ItemMatch(item, verdict, group, amount, blockers, facts))
    return out


def facts_from_mapping(
    data: Mapping[str, object], declared: Mapping[str, FactSpec], as_of: dt.date
) -> Facts:
    """Facts from a plain mapping (a golden test's ``enterprise``); values are coerced by type."""
    values: dict[str, object] = {}
    tags: list[TagValue] = []
    for name, raw in data.items():
        if name == "tags":
            for t in raw or []:  # type: ignore[union-attr]
                if isinstance(t, Mapping):
                    tags.append(
                        TagValue(
                            str(t["tag"]),
                            coerce("date", t.get("valid_from")),  # type: ignore[arg-type]
                            coerce("date", t.get("valid_to")),  # type: ignore[arg-type]
                        )
                    )
                else:
                    tags.append(TagValue(str(t)))
            continue
        spec = BUILTIN_FACTS.get(name) or declared.get(name)
        if spec is None:
            raise FactValueError(f"未知的事实「{name}」")
        values[name] = coerce(spec.type, raw)
    return Facts(values, tags, as_of)


@dataclass(frozen=True)
class GoldenResult:
    item_id: str
    test: GoldenTest
    passed: bool
    verdict: str | None
    amount: Decimal | None
    message: str | None


def run_golden(item: Item, declared: Mapping[str, FactSpec]) -> list[GoldenResult]:
    results = []
    for test in item.tests:
        as_of = test.as_of or item.effective_from or dt.date.today()
        try:
            facts = facts_from_mapping(test.enterprise, declared, as_of)
        except (FactValueError, KeyError) as exc:
            results.append(GoldenResult(item.id, test, False, None, None, f"事实无法读取：{exc}"))
            continue
        verdict, _ = item.rule.verdict(facts)
        amount = benefit_amount(item.benefit, facts)
        problems = []
        if verdict != test.verdict:
            problems.append(f"结论应为 {test.verdict}，实际为 {verdict}")
        if test.amount is not None and amount != test.amount:
            problems.append(f"金额应为 {test.amount}，实际为 {amount}")
        results.append(GoldenResult(item.id, test, not problems, verdict, amount, "；".join(problems) or None))
    return results


__all__ = ["GROUPS", "ItemMatch", "match", "run_golden", "GoldenResult", "facts_from_mapping", "benefit_amount", "INELIGIBLE"]
