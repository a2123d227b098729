"""The server's re-check of an application under history conditions and caps (issue 15,
items 6–7): it counts the enterprise's applications from every hall, as the client counts its
own, so its verdict and amount are the platform's (docs/rules.md §10–§11)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord, FactValue, Tag
from kuaixiang_server.applications import evaluate
from kuaixiang_server.catalogue import import_catalogue
from kuaixiang_server.db import open_database
from kuaixiang_server.enterprises import history_for, upsert_enterprises
from kuaixiang_server.models import Application, Hall

from . import conftest

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "issue15-history-caps.yaml"
CODE = make_uscc("91371502MA3C00007")
AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def db(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'server.sqlite3'}", key=conftest.TEST_KEY)
    with database.write() as session:
        import_catalogue(session, EXAMPLES)
        session.add_all([Hall(code="371502-01", name="东昌府区政务服务中心"), Hall(code="371581-01", name="临清市政务服务中心")])
        upsert_enterprises(session, [EnterpriseRecord(
            credit_code=CODE, name="聊城市示例科技有限公司", region_code="371502", industry_code="3451",
            employees=80, established=dt.date(2019, 5, 1),
            tags=[Tag("高新技术企业", dt.date(2025, 1, 1), dt.date(2027, 12, 31))],
            facts=[FactValue("rd_expense", "20000000", dt.date(2024, 12, 31)),
                   FactValue("certified_on", "2025-01-01", dt.date(2025, 1, 1))],
        )], source="test")
    yield database
    database.close()


def _application(session, hall: str, item: str, status: str, fen: int, at: dt.datetime, seq: int) -> None:
    session.add(Application(id=str(uuid.uuid4()), hall_code=hall, credit_code=CODE, item_id=item, status=status,
                            blocking=False, materials_json="[]", benefit_amount_fen=fen, created_at=at, updated_at=at,
                            change_seq=seq))


def test_the_server_counts_every_halls_applications_for_caps_and_first_time(db):
    with db.write() as session:
        # Two halls: 东昌府 paid the first-certification reward, 临清 approved 220 万元 of subsidy.
        _application(session, "371502-01", "kj-gaoqi-first", "paid", 200_000_000, dt.datetime(2025, 3, 1, 2), 1)
        _application(session, "371581-01", "kj-rd-subsidy", "approved", 220_000_000, dt.datetime(2025, 4, 15, 2), 2)
        _application(session, "371581-01", "kj-rd-subsidy", "draft", 99_900_000, dt.datetime(2025, 5, 1, 2), 3)
    with db.write() as session:
        assert sorted((p.item_id, p.on, p.amount) for p in history_for(session, CODE)) == [
            ("kj-gaoqi-first", dt.date(2025, 3, 1), Decimal("2000000")),
            ("kj-rd-subsidy", dt.date(2025, 4, 15), Decimal("2200000")),
        ]
        capped = evaluate(session, CODE, "kj-rd-subsidy", AS_OF)
        assert capped["verdict"] == "eligible"
        assert capped["benefit"]["amount"] == "800000.00"
        assert [c["actual_text"] for c in capped["caps"]] == ["本年度已申报 1 次，上限 3 次", "本年度已申请 420 万元，尚余 80 万元"]
        first = evaluate(session, CODE, "kj-gaoqi-first", AS_OF)
        assert first["verdict"] == "ineligible"
        assert "2025-03-01 已申报「首次认定高新技术企业奖励」（已兑现）" in [c["actual_text"] for c in first["conditions"]]
