"""Demo data for the server: the same catalogue and enterprises the client's demo has."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kuaixiang_core.demo import DEMO_ENTERPRISES, DEMO_HALL, DEMO_PASSWORD, DEMO_SEED, DEMO_USER, DEMO_WINDOW
from kuaixiang_core.demo import enterprises as demo_data
from kuaixiang_core.reference import DEFAULT_HALLS
from kuaixiang_core.resources import resources_dir

from .auth import add_clerk, add_hall
from .catalogue import ensure_base_facts, import_catalogue
from .changes import lock
from .db import Database
from .enterprises import upsert_enterprises
from .models import Clerk, Hall


def seed_demo(db: Database, *, enterprises: int = DEMO_ENTERPRISES, seed: int = DEMO_SEED) -> dict:
    """Idempotent: running it again changes nothing (and sends nothing new down the streams).
    Two instances seeding one database at once: the second one's attempt is repeated."""
    try:
        return _seed(db, enterprises, seed)
    except IntegrityError:
        return _seed(db, enterprises, seed)


def _seed(db: Database, enterprises: int, seed: int) -> dict:
    with db.write() as session:
        lock(session, "policies", "facts", "enterprises")  # in the order of STREAMS, as every writer
        ensure_base_facts(session)
        for code, name, region in DEFAULT_HALLS:
            if session.get(Hall, code) is None:
                add_hall(session, code, name, region)
        session.flush()
        catalogue = import_catalogue(session, resources_dir() / "catalogue" / "demo.yaml")
        if session.scalars(select(Clerk).where(Clerk.username == DEMO_USER)).one_or_none() is None:
            add_clerk(session, DEMO_USER, DEMO_PASSWORD, DEMO_HALL, display_name="演示窗口", window=DEMO_WINDOW)
        counts = upsert_enterprises(session, (d.record for d in demo_data.generate(enterprises, seed=seed)), source="demo")
    return {"catalogue": catalogue.to_json(), "enterprises": counts.to_json(), "halls": len(DEFAULT_HALLS)}
