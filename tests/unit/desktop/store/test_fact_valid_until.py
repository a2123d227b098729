"""enterprise_fact.valid_until: the day the next value of a fact replaces this one.

Reach reads "the value on a date" as ``valid_on <= d < valid_until`` (kuaixiang_core.rule_sql), so a
wrong valid_until silently changes which enterprises a policy finds. The bulk writers set it
per page (store/fact_chain, migration 0009); triggers keep deletes and hand-made updates right.
These tests write in every way the table is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord, FactValue
from kuaixiang_desktop.store.database import open_database
from kuaixiang_desktop.store.enterprises import write_enterprises

CODE = make_uscc("91371502MA3C12345")
D1, D2, D3, D4 = (dt.date(2024, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 7, 1), dt.date(2026, 1, 1))


def _record(*facts: tuple[str, str, dt.date]) -> EnterpriseRecord:
    return EnterpriseRecord(
        credit_code=CODE, name="聊城市恒达机械制造有限公司", region_code="371502",
        facts=[FactValue(name, value, day) for name, value, day in facts],
    )


def _chain(conn, fact: str = "layoff_rate") -> list[tuple[str, str | None]]:
    return [
        tuple(r) for r in conn.execute(
            text("SELECT valid_on, valid_until FROM enterprise_fact WHERE fact_name = :f ORDER BY valid_on"), {"f": fact}
        )
    ]


def test_values_written_out_of_order_are_chained_by_date(db):
    with db.engine.begin() as conn:
        write_enterprises(conn, [_record(("layoff_rate", "3", D3), ("layoff_rate", "5", D1), ("layoff_rate", "4", D2),
                                         ("insured_months", "12", D2))])
    with db.engine.connect() as conn:
        assert _chain(conn) == [("2024-01-01", "2025-01-01"), ("2025-01-01", "2025-07-01"), ("2025-07-01", None)]
        # Another fact of the same enterprise is a chain of its own.
        assert _chain(conn, "insured_months") == [("2025-01-01", None)]


def test_a_later_import_adds_a_value_between_and_replaces_one(db):
    with db.engine.begin() as conn:
        write_enterprises(conn, [_record(("layoff_rate", "5", D1), ("layoff_rate", "3", D4))])
    with db.engine.begin() as conn:
        # The registry sends the 2025 value, and a corrected 2026 one (INSERT OR REPLACE).
        write_enterprises(conn, [_record(("layoff_rate", "4", D2), ("layoff_rate", "2.5", D4))])
    with db.engine.connect() as conn:
        assert _chain(conn) == [("2024-01-01", "2025-01-01"), ("2025-01-01", "2026-01-01"), ("2026-01-01", None)]
        assert conn.execute(text("SELECT value FROM enterprise_fact WHERE valid_on = '2026-01-01'")).scalar_one() == "2.5"


def test_deleting_or_redating_a_value_mends_the_chain(db):
    with db.engine.begin() as conn:
        write_enterprises(conn, [_record(("layoff_rate", "5", D1), ("layoff_rate", "4", D2), ("layoff_rate", "3", D3))])
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM enterprise_fact WHERE valid_on = '2025-01-01'"))
    with db.engine.connect() as conn:
        assert _chain(conn) == [("2024-01-01", "2025-07-01"), ("2025-07-01", None)]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE enterprise_fact SET valid_on = '2026-01-01' WHERE valid_on = '2024-01-01'"))
    with db.engine.connect() as conn:
        assert _chain(conn) == [("2025-07-01", "2026-01-01"), ("2026-01-01", None)]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE enterprise_fact SET valid_until = NULL"))  # a hand-made "fix"
    with db.engine.connect() as conn:
        assert _chain(conn) == [("2025-07-01", "2026-01-01"), ("2026-01-01", None)]
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA recursive_triggers = ON")  # the triggers still end
        conn.execute(text("UPDATE enterprise_fact SET valid_until = '2030-01-01'"))
    with db.engine.connect() as conn:
        assert _chain(conn) == [("2025-07-01", "2026-01-01"), ("2026-01-01", None)]
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM enterprise"))  # the cascade leaves nothing behind
    with db.engine.connect() as conn:
        assert _chain(conn) == []


def test_a_page_of_many_enterprises_is_chained_in_one_go(db):
    codes = [make_uscc(f"91371502MA3C{n:05d}") for n in range(3)]
    records = [EnterpriseRecord(credit_code=c, name=f"聊城市恒达{n}号机械有限公司", region_code="371502",
                                facts=[FactValue("layoff_rate", str(n), D2), FactValue("layoff_rate", "1", D1)]
                                if n != 1 else [FactValue("layoff_rate", "7", D3)])
               for n, c in enumerate(codes)]
    with db.engine.begin() as conn:
        write_enterprises(conn, records)
    with db.engine.begin() as conn:  # the single-valued one gains an earlier value later
        write_enterprises(conn, [replace(records[1], facts=[FactValue("layoff_rate", "6", D1)])])
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT e.credit_code, f.valid_on, f.valid_until FROM enterprise_fact f "
                                 "JOIN enterprise e ON e.id = f.enterprise_id ORDER BY e.credit_code, f.valid_on")).all()
    assert [tuple(r) for r in rows] == [
        (codes[0], "2024-01-01", "2025-01-01"), (codes[0], "2025-01-01", None),
        (codes[1], "2024-01-01", "2025-07-01"), (codes[1], "2025-07-01", None),
        (codes[2], "2024-01-01", "2025-01-01"), (codes[2], "2025-01-01", None),
    ]


def test_no_insert_trigger_is_left_on_the_table(db):
    with db.engine.connect() as conn:
        triggers = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                         "AND tbl_name = 'enterprise_fact'")).scalars())
    assert triggers == {"enterprise_fact_until_delete", "enterprise_fact_until_update"}


def test_upgrading_an_old_database_fills_valid_until_in(schema_0005_db_path):
    db = open_database(schema_0005_db_path)
    with db.engine.connect() as conn:
        assert _chain(conn) == [("2024-01-01", "2025-07-01"), ("2025-07-01", None)]
    db.close()
