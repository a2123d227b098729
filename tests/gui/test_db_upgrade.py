"""Opening the database at start: an old schema is upgraded off the GUI thread, with a word on
screen; an up-to-date one opens at once; one from a newer program is refused, untouched."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog
from sqlalchemy import text

from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.store.database import SchemaTooNew, current_revision, head_revision, make_engine
from kuaixiang_desktop.ui import db_upgrade


def _visible_progress() -> list[str]:
    return [w.labelText() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_an_old_schema_is_upgraded_while_the_event_loop_runs_and_says_so(qtbot, schema_0005_db_path, monkeypatch):
    path = schema_0005_db_path
    seen: list[list[str]] = []
    gui_ran = threading.Event()
    upgrade = db_upgrade._upgrade

    def held_upgrade(p):
        # The upgrade cannot finish until the GUI thread has run a timer: proof that the
        # window's event loop is not blocked by it.
        assert gui_ran.wait(10), "the GUI thread's event loop did not run during the upgrade"
        upgrade(p)

    def on_gui_thread():
        seen.append(_visible_progress())
        # A clerk pressing Esc or closing it does not hide it while the upgrade runs.
        for dialog in [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            dialog.close()
        seen.append(_visible_progress())
        gui_ran.set()

    monkeypatch.setattr(db_upgrade, "_upgrade", held_upgrade)
    QTimer.singleShot(0, on_gui_thread)
    db = db_upgrade.open_at_start(path)
    try:
        assert len(seen) == 2 and seen[0] and "升级" in seen[0][0] and seen[1] == seen[0]
        assert _visible_progress() == []
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            chain = conn.execute(text("SELECT valid_on, valid_until FROM enterprise_fact ORDER BY valid_on")).all()
        assert [tuple(r) for r in chain] == [("2024-01-01", "2025-07-01"), ("2025-07-01", None)]
    finally:
        db.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the dialog's deleteLater


def test_an_up_to_date_database_opens_without_a_dialog(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "current.sqlite3"
    open_client_db(path).close()
    monkeypatch.setattr(db_upgrade, "_upgrade_showing_progress", lambda p: pytest.fail("no upgrade was due"))
    db_upgrade.open_at_start(path).close()


def test_a_failed_upgrade_is_reported_changes_nothing_and_leaves_no_dialog(qtbot, schema_0005_db_path):
    path = schema_0005_db_path
    raw = sqlite3.connect(path)
    # Something in the way of migration 0006 half-way through (after it has added its column).
    raw.execute("CREATE TRIGGER enterprise_fact_until_update AFTER UPDATE ON enterprise_fact BEGIN SELECT 1; END")
    raw.commit()
    raw.close()
    with pytest.raises(Exception, match="enterprise_fact_until_update"):
        db_upgrade.open_at_start(path)
    assert _visible_progress() == []
    engine = make_engine(path)
    assert current_revision(engine) == "0005"
    with engine.connect() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(enterprise_fact)"))]
    engine.dispose()
    assert "valid_until" not in columns  # the upgrade is one transaction: all of it or none
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_database_from_a_newer_program_is_refused_without_a_dialog(qtbot, future_schema_db_path, monkeypatch):
    monkeypatch.setattr(db_upgrade, "_upgrade_showing_progress", lambda p: pytest.fail("not ours to upgrade"))
    with pytest.raises(SchemaTooNew):
        db_upgrade.open_at_start(future_schema_db_path)
