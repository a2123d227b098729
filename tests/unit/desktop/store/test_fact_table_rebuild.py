"""Migration 0013: enterprise_fact rebuilt in its key's order (WITHOUT ROWID) keeps every
value, its index and its triggers, and goes back to a rowid table on a downgrade."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_desktop.store.database import alembic_config, current_revision, head_revision, make_engine, migrate

CODES = [make_uscc(f"91371502MA3C1234{n}") for n in range(3)]


def _schema(conn) -> dict[str, str]:
    return {name: sql for name, sql in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'enterprise_fact' AND sql IS NOT NULL")}


def _facts(conn) -> list[tuple]:
    return [tuple(r) for r in conn.exec_driver_sql(
        "SELECT enterprise_id, fact_name, valid_on, value, source, valid_until FROM enterprise_fact "
        "ORDER BY enterprise_id, fact_name, valid_on")]


def _library_at_0012(path):
    engine = make_engine(path)
    migrate(engine, "0012")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, level) VALUES ('371502', '东昌府区', 'county')"))
        for name in ("insured_months", "layoff_rate", "rd_expense"):
            conn.execute(text("INSERT OR IGNORE INTO fact_definition (name, type, label) VALUES (:n, 'number', :n)"),
                         {"n": name})
        for n, code in enumerate(CODES, start=1):
            conn.execute(text(
                "INSERT INTO enterprise (id, credit_code, name, region_code, is_individual, dishonest, source, "
                "updated_at, version, name_norm, code_rev, core_norm, initials, core_initials) VALUES "
                "(:id, :c, :name, '371502', 0, 0, 'sync', '2026-01-01 00:00:00', 1, :name, :rev, :name, 'x', 'x')"),
                {"id": n, "c": code, "name": f"聊城市恒达{n}有限公司", "rev": code[::-1]})
        # Written in an order that is not the key's: the rebuild must not depend on it.
        rows = [(3, "insured_months", "2025-01-01", "12", None, "2026-01-01"), (1, "layoff_rate", "2024-01-01", "5", "导入", "2025-01-01"),
                (3, "insured_months", "2026-01-01", "13", None, None), (1, "layoff_rate", "2025-01-01", "4", None, None),
                (2, "rd_expense", "2025-06-30", "1000000.50", None, None)]
        for row in rows:
            conn.execute(text("INSERT INTO enterprise_fact (enterprise_id, fact_name, valid_on, value, source, valid_until) "
                              "VALUES (:e, :n, :d, :v, :s, :u)"),
                         dict(zip("endvsu", row, strict=True)))
    return engine


def test_upgrade_rebuilds_the_facts_in_key_order_with_every_value_index_and_trigger(tmp_path):
    engine = _library_at_0012(tmp_path / "old.sqlite3")
    with engine.connect() as conn:
        before, schema_before = _facts(conn), _schema(conn)
    assert "WITHOUT ROWID" not in schema_before["enterprise_fact"]

    migrate(engine, "head")
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        after = _schema(conn)
        assert _facts(conn) == before
        assert after["enterprise_fact"].rstrip().endswith("WITHOUT ROWID")
        # The same index and the same triggers, word for word.
        assert after["ix_enterprise_fact_name"] == schema_before["ix_enterprise_fact_name"]
        triggers = {n for n in schema_before if n.startswith("enterprise_fact_until")}
        assert triggers == {"enterprise_fact_until_delete", "enterprise_fact_until_update"}
        assert {n: after[n] for n in triggers} == {n: schema_before[n] for n in triggers}
        # No separate key index any more: the table is it.
        names = {n for (n,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE tbl_name = 'enterprise_fact' AND type = 'index'")}
        assert names == {"ix_enterprise_fact_name"}
        plan = " ".join(r[3] for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT source FROM enterprise_fact WHERE enterprise_id = 1"))
        assert "PRIMARY KEY" in plan, plan
    with engine.begin() as conn:
        # The delete trigger still chains: the latest value gone, the one before is the latest.
        conn.exec_driver_sql("DELETE FROM enterprise_fact WHERE enterprise_id = 3 AND valid_on = '2026-01-01'")
        # The update trigger still puts a hand-set valid_until right.
        conn.exec_driver_sql("UPDATE enterprise_fact SET valid_until = '2030-01-01' WHERE enterprise_id = 1 "
                             "AND valid_on = '2024-01-01'")
        # The key is still the key, and the foreign keys still hold.
        for bad, refusal in (("VALUES (1, 'layoff_rate', '2025-01-01', '9')", "UNIQUE constraint failed"),
                             ("VALUES (99, 'layoff_rate', '2027-01-01', '9')", "FOREIGN KEY constraint failed")):
            conn.exec_driver_sql("SAVEPOINT bad")
            with pytest.raises(IntegrityError, match=refusal):
                conn.exec_driver_sql(f"INSERT INTO enterprise_fact (enterprise_id, fact_name, valid_on, value) {bad}")
            conn.exec_driver_sql("ROLLBACK TO bad")
    with engine.connect() as conn:
        assert [r[2:] for r in _facts(conn) if r[0] in (1, 3)] == [
            ("2024-01-01", "5", "导入", "2025-01-01"), ("2025-01-01", "4", None, None),
            ("2025-01-01", "12", None, None)]
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM enterprise WHERE id = 2")  # ON DELETE CASCADE still there
    with engine.connect() as conn:
        assert [r[0] for r in _facts(conn)] == [1, 1, 3]
    engine.dispose()


def test_downgrade_gives_the_rowid_table_back_with_the_same_values(tmp_path):
    engine = _library_at_0012(tmp_path / "old.sqlite3")
    with engine.connect() as conn:
        before, schema_before = _facts(conn), _schema(conn)
    migrate(engine, "head")
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0012")
    with engine.connect() as conn:
        assert _facts(conn) == before
        after = _schema(conn)
        assert "WITHOUT ROWID" not in after["enterprise_fact"]
        assert conn.exec_driver_sql("SELECT count(rowid) FROM enterprise_fact").scalar() == len(before)
        assert {n: v for n, v in after.items() if n != "enterprise_fact"} == \
            {n: v for n, v in schema_before.items() if n != "enterprise_fact"}
    engine.dispose()
