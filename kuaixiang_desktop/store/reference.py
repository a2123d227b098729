"""The shipped reference data (kuaixiang_core.reference) written into the client database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kuaixiang_core.reference import DEFAULT_HALLS, DOCUMENT_REGIONS, base_facts, industries, regions

from .models import FactDefinition, Hall, Industry, Region


def load_reference(session: Session) -> None:
    """Upsert the shipped reference data; run at every start so an upgrade brings new codes."""
    for r in (*regions(), *DOCUMENT_REGIONS):
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
