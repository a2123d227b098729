"""The demo world: what ``kuaixiang-desktop --demo`` and ``kuaixiang --demo demo`` write.

Its constants live here, apart from the loader, so that the window can name them without
importing the generator of demo enterprises (which only a demo start needs).
"""

# What `kuaixiang-desktop --demo` writes into its demo database (paths.demo_db_path) and seeds its
# in-process server with; `kuaixiang --demo demo` writes the same, so both sides hold one world.
WINDOW_DEMO_ENTERPRISES = 20_000
WINDOW_DEMO_SEED = 1
