"""``enterprise_fact.valid_until`` for the enterprises a bulk write touched.

Each dated value of a fact holds until the next value's date (NULL for the latest), so
"the value on d" is the filter ``valid_on <= d < valid_until`` (store.rule_sql). A writer
calls ``rechain`` after its inserts, inside its transaction: one window-function UPDATE for
the whole batch instead of a trigger per row (migration 0009).
"""

from __future__ import annotations

from collections.abc import Iterable

_TEMP = "CREATE TEMP TABLE IF NOT EXISTS fact_chain_ids (id INTEGER PRIMARY KEY)"

# Only rows whose valid_until is wrong are written, so a page of new enterprises (every
# value alone in its group, NULL already) writes nothing but its multi-value facts.
_RECHAIN = (
    "UPDATE enterprise_fact SET valid_until = nx.next_on FROM ("
    " SELECT f.enterprise_id, f.fact_name, f.valid_on,"
    "  lead(f.valid_on) OVER (PARTITION BY f.enterprise_id, f.fact_name ORDER BY f.valid_on) AS next_on"
    " FROM enterprise_fact f JOIN {ids} t ON t.id = f.enterprise_id) AS nx "
    "WHERE enterprise_fact.enterprise_id = nx.enterprise_id AND enterprise_fact.fact_name = nx.fact_name "
    "AND enterprise_fact.valid_on = nx.valid_on AND enterprise_fact.valid_until IS NOT nx.next_on"
)


def rechain(cursor, enterprise_ids: Iterable[int]) -> None:
    """Put valid_until right for every fact of ``enterprise_ids`` (a DB-API cursor of the
    writer's transaction)."""
    cursor.execute(_TEMP)
    cursor.execute("DELETE FROM fact_chain_ids")
    cursor.executemany("INSERT OR IGNORE INTO fact_chain_ids (id) VALUES (?)", ((i,) for i in enterprise_ids))
    cursor.execute(_RECHAIN.format(ids="fact_chain_ids"))
    cursor.execute("DELETE FROM fact_chain_ids")


def rechain_table(cursor, ids_table: str) -> None:
    """The same for the enterprise ids listed in ``ids_table`` (a table with an ``id``
    column), for the snapshot's swap, which has them in a table already."""
    cursor.execute(_RECHAIN.format(ids=ids_table))
