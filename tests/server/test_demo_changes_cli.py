"""``admin add-demo-enterprises --changed``: the registry changes the sync benchmark pulls.
Each enterprise named changes (the same change every time: a second run changes nothing).
Demo records are made per chunk from their start, so the changes name the same start and
count as the enterprises were written with, as the benchmark does."""

from __future__ import annotations

import json

from tests.server.conftest import run_cli


def _demo(folder, *args: str) -> dict:
    done = run_cli(["admin", "--db", f"sqlite:///{folder / 'server.sqlite3'}", "--json", "add-demo-enterprises",
                    *args], folder, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_changed_demo_enterprises_update_each_once(tmp_path):
    assert _demo(tmp_path, "30", "--seed", "4", "--start", "5") == {"inserted": 30, "updated": 0, "unchanged": 0}
    assert _demo(tmp_path, "30", "--seed", "4", "--start", "5", "--changed") == \
        {"inserted": 0, "updated": 30, "unchanged": 0}
    assert _demo(tmp_path, "30", "--seed", "4", "--start", "5", "--changed") == \
        {"inserted": 0, "updated": 0, "unchanged": 30}
    # Without --changed they are their first records again: changed back.
    assert _demo(tmp_path, "30", "--seed", "4", "--start", "5") == {"inserted": 0, "updated": 30, "unchanged": 0}
