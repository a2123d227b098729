"""Reference data shipped as files (regions, industries) and loaded into the database."""

from __future__ import annotations

import datetime as dt
import functools
import json

from sqlalchemy.orm import Session

from ..paths import reference_file
from ..domain.rules.facts import FactSpec
from ..store.models import FactDefinition, Hall, Industry, Region


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


def load_reference(session: Session) -> None:
    """Upsert the shipped reference data; run at every start so an upgrade brings new codes."""
    for r in regions():
        session.merge(
            Region(
                code=r["code"],
                name=r["name"],
                level=r["level"],
                parent_code=r.get("parent"),
                abolished=dt.date.fromisoformat(r["abolished"]) if r.get("abolished") else None,
                successor_code=r.get("successor"),
            )
        )
    for i in industries():
        session.merge(Industry(code=i["code"], name=i["name"], level=i["level"], section=i["section"]))
    for f in base_facts():
        if session.get(FactDefinition, f.name) is None:
            session.add(
                FactDefinition(name=f.name, type=f.type, unit=f.unit, label=f.label,
                               source_department=f.source, declared_by="facts.json")
            )
    session.flush()
    for code, name, region in DEFAULT_HALLS:
        if session.get(Hall, code) is None:
            session.add(Hall(code=code, name=name, region_code=region))
