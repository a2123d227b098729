"""What the window loads at start: the libraries that only some work needs stay out of it
until that work comes (kuaixiang bench --footprint measures the result; these keep it)."""

from __future__ import annotations

import json
import subprocess
import sys

from kuaixiang_desktop.store.database import head_revision, scripts_head, upgrade_pending

# Each costs the window memory and start time, and a clerk's start needs none of them:
# pypinyin's phrase dictionary (~55 MB: only new names need initials), Alembic (only an old
# schema needs upgrading), cn2an (only a printed 大写金额), reportlab and pdfium (only a print),
# the demo generator and the server.
NOT_AT_START = ["pypinyin", "alembic", "cn2an", "kuaixiang_core.demo.enterprises", "kuaixiang_server", "fastapi",
                "uvicorn", "openpyxl", "reportlab", "pypdfium2"]


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def _loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_importing_the_window_loads_none_of_the_occasional_libraries():
    modules = _modules_after("import kuaixiang_desktop.app, kuaixiang_desktop.ui.main_window")
    assert [name for name in NOT_AT_START if _loaded(modules, name)] == []


def test_opening_an_up_to_date_database_does_not_load_alembic(counter_db_path):
    modules = _modules_after(
        "from pathlib import Path\n"
        "from kuaixiang_desktop.ui.db_upgrade import open_at_start\n"
        f"open_at_start(Path({str(counter_db_path)!r})).close()"
    )
    assert not _loaded(modules, "alembic")


def test_the_scripts_head_read_without_alembic_is_alembics_head():
    assert scripts_head() == head_revision()


def test_an_old_schema_is_still_seen_as_pending(tmp_path):
    from kuaixiang_desktop.store.database import make_engine, migrate

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrate(engine, "0003")
    engine.dispose()
    assert upgrade_pending(path)


def test_initials_load_pypinyin_only_when_a_name_needs_them():
    modules = _modules_after("from kuaixiang_core.domain import names\nnames.normalize('聊城市恒达')")
    assert not _loaded(modules, "pypinyin")
    modules = _modules_after(
        "from kuaixiang_core.domain import names\nassert names.initials('聊城市恒达银行') == 'lcshdyh'")
    assert _loaded(modules, "pypinyin")
