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


# Regions a policy document may name above the city (a 省级 or 国家级 document): no
# enterprise is registered at them, so they are not among regions() (whose codes an
# enterprise may carry), but the client's region table holds them for its documents.
DOCUMENT_REGIONS = (
    {"code": "370000", "name": "山东省", "level": "province", "parent": None},
    {"code": "100000", "name": "全国", "level": "nation", "parent": None},
)


# The levels of those regions: an enterprise whose record names one is refused.
DOCUMENT_ONLY_LEVELS = tuple(sorted({r["level"] for r in DOCUMENT_REGIONS}))


@functools.cache
def document_region_map() -> dict[str, str]:
    """Every region code a policy document may name, with its name."""
    return {**region_name_map(), **{r["code"]: r["name"] for r in DOCUMENT_REGIONS}}


@functools.cache
def zone_parents() -> dict[str, str]:
    """Functional zone (Z01…, the system's own codes) → the GB/T 2260 code it lies within."""
    return {r["code"]: r["parent"] for r in regions() if r.get("level") == "zone" and r.get("parent")}


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
