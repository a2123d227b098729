"""The 一企一策清单 built in a child process: the same PDF, and its failures come back typed."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import threading
from pathlib import Path

import pypdf
import pytest

from kuaixiang_core.cancellation import Cancelled, cancellable, current_cancel_event
from kuaixiang_desktop.services import checklist_job
from kuaixiang_desktop.services.checklist_job import build_in_child, main
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.matching import EnterpriseNotFound


@pytest.fixture
def counter(counter_db_path):
    db = open_client_db(counter_db_path)
    from sqlalchemy import text

    with db.engine.connect() as conn:
        code = conn.execute(text("SELECT credit_code FROM enterprise ORDER BY id LIMIT 1")).scalar_one()
    db.close()
    return counter_db_path, code


def test_the_child_builds_the_list(counter):
    path, code = counter
    pdf, title = build_in_child(path, code, dt.date(2026, 6, 1))
    assert title.startswith("一企一策政策清单 ")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert code in text


def test_an_unknown_enterprise_is_not_found(counter):
    path, _code = counter
    with pytest.raises(EnterpriseNotFound, match="91371502MA3C4RFX2N"):
        build_in_child(path, "91371502MA3C4RFX2N", None)


def test_a_bad_date_and_an_unwritable_output_are_named(counter, tmp_path, capsys):
    path, code = counter
    assert main(["--db", str(path), "--code", code, "--as-of", "2026-13-01", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "2026-13-01" in capsys.readouterr().out
    out = tmp_path / "missing" / "x.pdf"
    assert main(["--db", str(path), "--code", code, "--out", str(out)]) == 1
    assert "无法写入" in capsys.readouterr().out and not out.exists()


class _SlowChild:
    """Replaces the child with one that would sleep a minute, and records what it started."""

    def __init__(self, monkeypatch):
        self.children: list[subprocess.Popen] = []
        self.outs: list[Path] = []
        self.started = threading.Event()
        spy = self

        class Popen(subprocess.Popen):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                spy.children.append(self)
                spy.started.set()

        def slow_args(db_path, credit_code, as_of, out):
            self.outs.append(Path(out))
            return [sys.executable, "-c", "import threading; threading.Event().wait(60)"]

        monkeypatch.setattr(checklist_job, "_child_args", slow_args)
        monkeypatch.setattr(checklist_job.subprocess, "Popen", Popen)


def test_cancelling_kills_the_child_and_removes_its_file(monkeypatch, tmp_path):
    child = _SlowChild(monkeypatch)
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def work():
        with cancellable(cancel):
            try:
                build_in_child(tmp_path / "unused.sqlite3", "91371502MA3C4RFX2N", None)
            except BaseException as exc:  # noqa: BLE001 - the test looks at it
                outcome.append(exc)

    worker = threading.Thread(target=work, name="checklist-test")
    worker.start()
    assert child.started.wait(10)
    assert child.outs[0].exists()  # the temp file is there while the child runs
    assert child.children[0].poll() is None
    cancel.set()
    worker.join(10)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert "已取消" in str(outcome[0])
    assert child.children[0].poll() is not None  # killed and reaped, not left running
    assert not child.outs[0].exists()


def test_a_child_past_the_time_limit_is_killed_with_the_old_message(monkeypatch, tmp_path):
    child = _SlowChild(monkeypatch)
    monkeypatch.setattr(checklist_job, "TIMEOUT_S", 0.3)
    with pytest.raises(RuntimeError, match="仍未完成，已放弃") as raised:
        build_in_child(tmp_path / "unused.sqlite3", "91371502MA3C4RFX2N", None)
    assert not isinstance(raised.value, Cancelled)
    assert child.children[0].poll() is not None
    assert not child.outs[0].exists()


def test_outside_a_cancellable_task_nothing_is_cancelled():
    assert current_cancel_event() is None
    event = threading.Event()
    with cancellable(event):
        assert current_cancel_event() is event
    assert current_cancel_event() is None
