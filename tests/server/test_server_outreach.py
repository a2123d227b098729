"""Outreach on the server: an item's reach and the 免申即享 sweep, in SQL, on SQLite and PostgreSQL.

The counts are held to the Python evaluator over the same enterprises (the property tests of
tests/unit/core/rule_sql hold the compiler itself to it on both databases); here it is the
server's pieces around it: the current item versions, the document's scope, the derived
columns its writer keeps (migration 0005), the admin commands and the administrator's route.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

import httpx
import pytest
from sqlalchemy import select

from kuaixiang_core.domain.rules.levels import region_scope
from kuaixiang_core.reference import zone_parents
from kuaixiang_server import auth, cli, outreach
from kuaixiang_server.catalogue import declared_facts
from kuaixiang_server.enterprises import facts_for
from kuaixiang_server.models import Clerk, Enterprise, EnterpriseFact

from .conftest import PASSWORD, bearer, login

AS_OF = dt.date(2026, 11, 26)
ADMIN = "outreach-admin"


def _all_facts(server) -> list:
    """Every enterprise's facts on AS_OF, read afresh (other tests may add enterprises)."""
    with server.db.read() as s:
        declared = declared_facts(s)
        return [(code, facts_for(s, code, AS_OF, declared)) for code in s.scalars(select(Enterprise.credit_code))]


def _python_reach(server, item_id: str, population: list) -> set[str]:
    """The enterprises whose Python verdict for the item's current version is eligible."""
    with server.db.read() as s:
        [(item, scope, level)] = outreach.current_items(s, item_id=item_id)
    region = region_scope(level or "", scope) if scope else None
    return {code for code, facts in population
            if (region is None or region.reaches(facts.values.get("region_code"), zone_parents()))
            and item.rule.verdict(facts)[0] == "eligible"}


def _auto_and_one_other(server) -> tuple[list[str], str]:
    with server.db.read() as s:
        auto = [item.id for item, _, _ in outreach.current_items(s, auto_only=True)]
        other = next(item.id for item, scope, _ in outreach.current_items(s) if item.mode != "auto" and scope == "371502")
    return auto, other


def test_the_writer_keeps_the_columns_rules_read(server):
    with server.db.read() as s:
        individual = s.scalars(select(Enterprise).where(Enterprise.credit_code.like("92%")).limit(1)).first()
        company = s.scalars(select(Enterprise).where(Enterprise.credit_code.like("91%"),
                                                     Enterprise.industry_code.is_not(None)).limit(1)).first()
        assert individual is not None and individual.is_individual
        assert company is not None and not company.is_individual and company.size_class is not None
        # Each value of a fact is valid until the next one of the same fact, the latest open-ended.
        rows = s.scalars(select(EnterpriseFact).order_by(EnterpriseFact.enterprise_id, EnterpriseFact.name,
                                                         EnterpriseFact.valid_on)).all()
    later = {}
    for row in reversed(rows):
        key = (row.enterprise_id, row.name)
        assert row.valid_until == later.get(key), row.__dict__
        later[key] = row.valid_on


def test_admin_reach_counts_what_python_finds_and_pages_in_id_order(server, capsys):
    _, item_id = _auto_and_one_other(server)
    expected = _python_reach(server, item_id, _all_facts(server))
    assert cli.main(["admin", "--db", server.db_url, "reach", item_id, "--as-of", "2026-11-26", "--limit", "7", "--json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert page["total"] == len(expected) and page["scope"] == "371502"
    assert {e["credit_code"] for e in page["enterprises"]} <= expected and len(page["enterprises"]) == min(7, len(expected))
    seen = [e["credit_code"] for e in page["enterprises"]]
    while page["next_after"] is not None:
        assert cli.main(["admin", "--db", server.db_url, "reach", item_id, "--as-of", "2026-11-26", "--limit", "7",
                         "--after", str(page["next_after"]), "--json"]) == 0
        page = json.loads(capsys.readouterr().out)
        seen += [e["credit_code"] for e in page["enterprises"]]
    assert len(seen) == len(set(seen)) and set(seen) == expected


def test_sweep_lists_every_auto_item_with_the_enterprises_python_finds(server, tmp_path, capsys):
    auto, _ = _auto_and_one_other(server)
    assert auto, "the demo catalogue has 免申即享 items"
    out = tmp_path / "sweep.csv"
    assert cli.main(["admin", "--db", server.db_url, "sweep", "--as-of", "2026-11-26", "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert sorted(i["item_id"] for i in result["items"]) == sorted(auto)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    population = _all_facts(server)
    for entry in result["items"]:
        listed = {r["credit_code"] for r in rows if r["item_id"] == entry["item_id"]}
        expected = _python_reach(server, entry["item_id"], population) if entry["in_force"] else set()
        assert entry["total"] == len(expected) == len(listed) and listed == expected, entry["item_id"]


def test_reach_of_an_unknown_item_or_bad_page_is_refused(server, capsys):
    assert cli.main(["admin", "--db", server.db_url, "reach", "no-such-item"]) == 2
    assert "no-such-item" in capsys.readouterr().err
    _, item_id = _auto_and_one_other(server)
    assert cli.main(["admin", "--db", server.db_url, "reach", item_id, "--limit", "5001"]) == 2
    assert "limit" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["admin", "--db", server.db_url, "reach", item_id, "--as-of", "2026-02-30"])
    assert exc.value.code == 2


@pytest.fixture
def admin_token(server, http) -> str:
    with server.db.write() as s:
        if s.scalars(select(Clerk).where(Clerk.username == ADMIN)).one_or_none() is None:
            auth.add_clerk(s, ADMIN, PASSWORD, "371502-01", role="admin")
    return login(http, ADMIN, PASSWORD)


def test_the_route_answers_an_administrator_only(server, http: httpx.Client, admin_token, demo_token):
    _, item_id = _auto_and_one_other(server)
    answer = http.get(f"/api/v1/outreach/{item_id}", params={"as_of": "2026-11-26", "limit": 3},
                      headers=bearer(admin_token))
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == len(_python_reach(server, item_id, _all_facts(server)))
    refused = http.get(f"/api/v1/outreach/{item_id}", headers=bearer(demo_token))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert http.get(f"/api/v1/outreach/{item_id}").status_code == 401
    assert http.get("/api/v1/outreach/no-such-item", headers=bearer(admin_token)).status_code == 404
    for params in ({"limit": "5001"}, {"after": "-1"}, {"as_of": "2026-02-30"}, {"as_of": "yesterday"}):
        bad = http.get(f"/api/v1/outreach/{item_id}", params=params, headers=bearer(admin_token))
        assert bad.status_code == 400, (params, bad.text)


def test_reach_leaves_out_an_enterprise_at_its_claim_limit_counting_every_halls_applications(server):
    """lc-yanfa-buzhu-2024 may be claimed once a year (demo catalogue): an enterprise another
    hall has already filed for this year is not listed, as its match says."""
    import uuid

    from kuaixiang_server.models import Application, Hall

    item_id = "lc-yanfa-buzhu-2024"
    before = outreach.reach(server.db, item_id, AS_OF, limit=500)
    assert before["total"] > 0 and before["total"] == len(_python_reach(server, item_id, _all_facts(server)))
    code = before["enterprises"][0]["credit_code"]
    app_id = str(uuid.uuid4())
    with server.db.write() as s:
        hall = s.scalars(select(Hall.code).order_by(Hall.code.desc())).first()
        s.add(Application(id=app_id, credit_code=code, item_id=item_id, item_version=1, status="paid", blocking=False,
                          hall_code=hall, materials_json="[]", benefit_amount_fen=10_000_00, change_seq=0,
                          created_at=dt.datetime(2026, 3, 1, 2, 0), updated_at=dt.datetime(2026, 3, 1, 2, 0)))
    try:
        after = outreach.reach(server.db, item_id, AS_OF, limit=500)
        assert after["total"] == before["total"] - 1
        assert code not in {e["credit_code"] for e in after["enterprises"]}
        with server.db.write() as s:  # withdrawn: no longer counted
            s.scalars(select(Application).where(Application.id == app_id)).one().status = "withdrawn"
        assert outreach.reach(server.db, item_id, AS_OF, limit=0)["total"] == before["total"]
    finally:
        with server.db.write() as s:
            s.delete(s.scalars(select(Application).where(Application.id == app_id)).one())
