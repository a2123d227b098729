"""History conditions in SQL (domain.rules.history): EXISTS / NOT EXISTS over the tag and
application tables, the same sentences as the Python, so that reach and matching agree.

Tags are ``enterprise_tag`` on both sides. Applications are the client's ``application``
(by ``enterprise_id``) or the server's (by ``credit_code``); the day of an application is
its ``created_at`` (UTC) on the hall's clock, Asia/Shanghai (UTC+8 all year).
"""

from __future__ import annotations

from kuaixiang_core.domain.rules.history import COUNTED_STATUSES, HistoryCheck, months_before

# How an application row names its enterprise, by ``compile_rule(applications_by=…)``.
APPLICATION_JOIN = {"enterprise_id": "a.enterprise_id = e.id", "credit_code": "a.credit_code = e.credit_code"}


def application_day(dialect) -> str:
    """The day an application ``a`` was made, on the hall's clock (Asia/Shanghai, UTC+8 all
    year): what ``PastApplication.on`` is in Python."""
    return "CAST(a.created_at + INTERVAL '8 hours' AS date)" if dialect.postgresql else "date(a.created_at, '+8 hours')"


def history_sql(check: HistoryCheck, compiler) -> str:
    """The condition's SQL: TRUE, FALSE or (held only) NULL, as the Python answers."""
    bind, dialect, as_of = compiler.bind, compiler.dialect, compiler.as_of
    if check.kind == "within":
        day = compiler.fact(check.target[0], check.fact_spec)  # ISO text on both databases
        cutoff = bind(months_before(as_of, check.months).isoformat())
        return f"({day} > {cutoff} AND {day} <= {bind(as_of.isoformat())})"
    if check.kind == "first_time_application":
        items = ", ".join(bind(i) for i in check.target)
        statuses = ", ".join(bind(s) for s in COUNTED_STATUSES)
        day = application_day(dialect)
        return (f"(NOT EXISTS (SELECT 1 FROM application a WHERE {APPLICATION_JOIN[compiler.applications_by]} "
                f"AND a.item_id IN ({items}) AND a.status IN ({statuses}) AND {day} <= {bind(as_of.isoformat())}))")
    tag = bind(check.target[0])
    if check.kind == "first_time_tag":
        return (f"(NOT EXISTS (SELECT 1 FROM enterprise_tag t WHERE t.enterprise_id = e.id AND t.tag = {tag} "
                f"AND t.valid_to IS NOT NULL AND t.valid_to < {bind(as_of.isoformat())}))")
    start = bind(months_before(as_of, check.months).isoformat())
    end = bind(as_of.isoformat())
    strict = _covered(tag, start, end, optimistic=False, postgresql=dialect.postgresql)
    loose = _covered(tag, start, end, optimistic=True, postgresql=dialect.postgresql)
    return f"(CASE WHEN {strict} THEN TRUE WHEN NOT {loose} THEN FALSE END)"


def _covered(tag: str, start: str, end: str, *, optimistic: bool, postgresql: bool) -> str:
    """history.covered: a record covers ``start``, and after every record ending inside the
    period the next day is covered. Never NULL."""

    def starts_by(alias: str, day: str) -> str:
        if optimistic:
            return f"({alias}.valid_from IS NULL OR {alias}.valid_from <= {day})"
        return f"({alias}.valid_from IS NOT NULL AND {alias}.valid_from <= {day})"

    usable = "" if optimistic else " AND t.valid_from IS NOT NULL"
    after = "t.valid_to + 1" if postgresql else "date(t.valid_to, '+1 day')"
    return (
        f"(EXISTS (SELECT 1 FROM enterprise_tag s WHERE s.enterprise_id = e.id AND s.tag = {tag} "
        f"AND {starts_by('s', start)} AND (s.valid_to IS NULL OR s.valid_to >= {start})) "
        f"AND NOT EXISTS (SELECT 1 FROM enterprise_tag t WHERE t.enterprise_id = e.id AND t.tag = {tag}{usable} "
        f"AND t.valid_to IS NOT NULL AND t.valid_to >= {start} AND t.valid_to < {end} "
        f"AND NOT EXISTS (SELECT 1 FROM enterprise_tag u WHERE u.enterprise_id = e.id AND u.tag = {tag} "
        f"AND {starts_by('u', after)} AND (u.valid_to IS NULL OR u.valid_to > t.valid_to))))"
    )


__all__ = ["APPLICATION_JOIN", "application_day", "history_sql"]
