"""The 一企一策清单 built in a child process: the same PDF, and its failures come back typed."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from kuaixiang_desktop.services.bootstrap import open_client_db
from kuaixiang_desktop.services.checklist_job import build_in_child, main
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
