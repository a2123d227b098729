"""Qt item models adapting service results (plain dicts) for the views."""
