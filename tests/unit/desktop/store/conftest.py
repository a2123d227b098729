"""The worlds of test_rule_sql, shared with test_rule_sql_expressions."""

from test_rule_sql import fixed_world, three  # noqa: F401 - fixtures
