"""Deterministic demo data (enterprises, a full-size catalogue) and the demo account: the
same on both sides, so that a demo client and a demo server hold the same enterprises (the
server re-evaluates every application against its own copy)."""

# The account `--demo` makes on the server and the desktop logs in with.
DEMO_USER, DEMO_PASSWORD, DEMO_HALL, DEMO_WINDOW = "demo", "demo1234", "371502-01", "01"
# What `kuaixiang-server --demo` seeds unless told otherwise.
DEMO_ENTERPRISES = 2000
DEMO_SEED = 1
