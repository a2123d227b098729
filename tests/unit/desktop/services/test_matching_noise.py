"""The counter as a clerk lives it: a demo enterprise shows a few 需核实 items worth asking about,
not fifteen guesses; the departments' facts decide the rest (issue 14, noise)."""

from __future__ import annotations

import datetime as dt
import json
import statistics

import pytest
from sqlalchemy import text

from kuaixiang_core.domain.rules.verification import likelihood, verification_key
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import match_enterprise
from kuaixiang_desktop.services.policies import compiled_catalogue

AS_OF = dt.date(2026, 11, 1)
EXPORT_REWARD = "lc-chukou-zengzhang-2024"  # 外贸出口增长奖励


@pytest.fixture(scope="module")
def counter(counter_db_path):
    db = open_client_db(counter_db_path)
    yield db
    db.close()


def _codes(db, where: str = "1 = 1", limit: int = 300) -> list[str]:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text(f"SELECT credit_code FROM enterprise WHERE {where} ORDER BY id LIMIT {limit}"))]


def _export_value(db, code: str) -> str | None:
    with db.engine.connect() as conn:
        return conn.execute(text(
            "SELECT f.value FROM enterprise_fact f JOIN enterprise e ON e.id = f.enterprise_id "
            "WHERE e.credit_code = :code AND f.fact_name = 'export_value'"), {"code": code}).scalar()


def test_a_typical_demo_enterprise_shows_few_items_to_verify_ranked(counter):
    cat = compiled_catalogue(counter)
    shown, total = [], []
    for code in _codes(counter):
        result = match_enterprise(counter, code, AS_OF, catalogue=cat)
        unknown = [i for i in result.items if i.group == "unknown"]
        assert [verification_key(i) for i in unknown] == sorted(verification_key(i) for i in unknown)
        assert result.folded == sum(likelihood(i).folded for i in unknown)
        assert result.counts.unknown == len(unknown)
        shown.append(len(unknown) - result.folded)
        total.append(len(unknown))
    # Before the departments' facts and the fold, the median was 17 (every one shown).
    assert statistics.median(shown) <= 5
    assert statistics.median(total) <= 8


def test_a_car_wash_is_not_offered_the_export_reward(counter):
    cat = compiled_catalogue(counter)
    washes = _codes(counter, "industry_code = '8051'", 20)
    assert washes, "the demo has car washes (洗车行)"
    for code in washes:
        assert _export_value(counter, code) == "0.00"  # 商务局: no customs record
        every = {i.item_id: i for i in match_enterprise(counter, code, AS_OF, include_all=True, catalogue=cat).items}
        assert every[EXPORT_REWARD].verdict == "ineligible"
        assert EXPORT_REWARD not in {i.item_id for i in match_enterprise(counter, code, AS_OF, catalogue=cat).items}


def test_the_export_reward_is_decided_for_every_demo_enterprise_and_granted_to_some(counter):
    cat = compiled_catalogue(counter)
    verdicts = set()
    for code in _codes(counter, "is_individual = 0 AND industry_code < '5200'", 400):
        every = {i.item_id: i for i in match_enterprise(counter, code, AS_OF, include_all=True, catalogue=cat).items}
        verdicts.add(every[EXPORT_REWARD].verdict)
    assert "unknown" not in verdicts
    assert verdicts == {"eligible", "ineligible"}


def test_kuaixiang_match_orders_as_the_panel_and_says_how_many_are_folded(counter, counter_db_path, capsys):
    cat = compiled_catalogue(counter)
    code = next(c for c in _codes(counter, limit=400)
                if (r := match_enterprise(counter, c, AS_OF, catalogue=cat)).folded
                and r.counts.unknown - r.folded >= 2)
    result = match_enterprise(counter, code, AS_OF, catalogue=cat)

    assert main(["match", "--db", str(counter_db_path), code, "--json", "--as-of", AS_OF.isoformat()]) in (0, 1)
    out = json.loads(capsys.readouterr().out)
    assert [i["item_id"] for i in out["items"]] == [i.item_id for i in result.items]
    assert out["counts"]["unknown_folded"] == result.folded
    unknown = [i for i in out["items"] if i["group"] == "unknown"]
    assert sum(i["likelihood"]["folded"] for i in unknown) == result.folded
    assert all(not a["likelihood"]["folded"] for a in unknown[: len(unknown) - result.folded])

    main(["match", "--db", str(counter_db_path), code, "--as-of", AS_OF.isoformat()])
    lines = capsys.readouterr().out.splitlines()
    listed = [line for line in lines if line.startswith("[需核实]")]
    shown = [i for i in result.items if i.group == "unknown" and not likelihood(i).folded]
    assert [line.split("（")[-1].split("）")[0] for line in listed] == [i.item_id for i in shown]
    assert f"另有 {result.folded} 项需核实事项缺少全部关键信息，未列出（--all 列出）" in lines

    main(["match", "--db", str(counter_db_path), code, "--all", "--as-of", AS_OF.isoformat()])
    listed_all = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[需核实]")]
    assert len(listed_all) == result.counts.unknown
