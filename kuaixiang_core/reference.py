"""Reference data shipped as files: regions (GB/T 2260), industries (GB/T 4754-2017), the
一企一档 base facts, and the halls every installation starts with."""

from __future__ import annotations

import functools
import json

from .domain.rules.facts import FactSpec
from .resources import reference_file


@functools.cache
def regions() -> tuple[dict, ...]:
    return tuple(json.loads(reference_file("regions.json").read_text(encoding="utf-8")))


@functools.cache
def industries() -> tuple[dict, ...]:
    return tuple(json.loads(reference_file("industries.json").read_text(encoding="utf-8")))


@functools.cache
def base_facts() -> tuple[FactSpec, ...]:
    """The 一企一档 facts every client knows (catalogues may declare more)."""
    rows = json.loads(reference_file("facts.json").read_text(encoding="utf-8"))
    return tuple(FactSpec(r["name"], r["type"], r["label"], r.get("unit"), r.get("source")) for r in rows)


@functools.cache
def region_name_map() -> dict[str, str]:
    return {r["code"]: r["name"] for r in regions()}


@functools.cache
def industry_name_map() -> dict[str, str]:
    return {i["code"]: i["name"] for i in industries()}


def industry_name(code: str | None) -> str | None:
    """The most specific name we ship for a code: class, group, else its division."""
    if not code:
        return None
    names = industry_name_map()
    for n in (len(code), 3, 2, 1):
        if code[:n] in names:
            return names[code[:n]]
    return None


# One service hall per county-level unit; 371502-01 is the demo account's hall.
DEFAULT_HALLS = (
    ("371502-01", "东昌府区政务服务中心", "371502"),
    ("371503-01", "茌平区政务服务中心", "371503"),
    ("371521-01", "阳谷县政务服务中心", "371521"),
    ("371522-01", "莘县政务服务中心", "371522"),
    ("371524-01", "东阿县政务服务中心", "371524"),
    ("371525-01", "冠县政务服务中心", "371525"),
    ("371526-01", "高唐县政务服务中心", "371526"),
    ("371581-01", "临清市政务服务中心", "371581"),
)
