"""The `kuaixiang` command and data it did not write (issue 13, items 11 and 12): text output
escapes control characters from enterprise names, reasons and file contents; ``--json`` is as
it was; the import limits are options documented in ``--help`` and reject before writing."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text

from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services.database import open_client_db

ENV_MAX_ROWS, ENV_MAX_MB = "KUAIXIANG_IMPORT_MAX_ROWS", "KUAIXIANG_IMPORT_MAX_MB"

CODE = make_uscc("91371502000000001")
NAME = "恒达\x1b[2J\x1b]0;owned\x07机械\u202e\x9b31m有限公司\nFAKE 91371502000000002X"
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_limits_from_outside(monkeypatch):
    monkeypatch.delenv(ENV_MAX_ROWS, raising=False)
    monkeypatch.delenv(ENV_MAX_MB, raising=False)


@pytest.fixture
def db_path(tmp_path, capsys):
    """A client database holding one enterprise whose name carries escape sequences, a
    right-to-left override and a newline, imported as a file would bring it."""
    path = tmp_path / "client.sqlite3"
    csv_path = tmp_path / "e.csv"
    csv_path.write_text(f'credit_code,name,region_code\n{CODE},"{NAME}",371502\n', encoding="utf-8")
    assert run(capsys, "--db", str(path), "enterprise", "import", str(csv_path))[0] == 0
    return path


def test_enterprise_search_and_show_escape_what_the_file_held(db_path, capsys):
    code, out, _ = run(capsys, "--db", str(db_path), "enterprise", "search", "恒达")
    assert code == 0 and not RAW_CONTROL.search(out), repr(out)
    assert "\\x1b[2J" in out and "\\u202e" in out and "\\x9b31m" in out
    assert out.count("\n") == 1  # the name's newline does not make a second hit
    code, out, _ = run(capsys, "--db", str(db_path), "enterprise", "show", CODE)
    assert code == 0 and not RAW_CONTROL.search(out.replace("\n", "")), repr(out)
    assert "FAKE" in out and "\\x0aFAKE" in out


def test_json_output_is_left_as_it_was(db_path, capsys):
    code, out, _ = run(capsys, "--db", str(db_path), "enterprise", "search", "恒达", "--json")
    assert code == 0
    [hit] = json.loads(out)
    assert hit["name"] == NAME
    assert out == json.dumps(json.loads(out), ensure_ascii=False) + "\n"


def test_import_errors_quote_file_contents_escaped(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(f'credit_code,name,region_code\n{CODE},甲,"\x1b[31m3715\r02"\n', encoding="utf-8")
    code, out, err = run(capsys, "--db", str(tmp_path / "c.sqlite3"), "enterprise", "import", str(path))
    assert code == 2 and out == ""
    assert not RAW_CONTROL.search(err.replace("\n", "")), repr(err)
    assert "\\x1b[31m" in err


def test_import_limits_are_options_and_reject_before_writing(tmp_path, capsys):
    path = tmp_path / "e.csv"
    rows = "".join(f"{make_uscc(f'91371502{n:09d}')},测试{n}有限公司,371502\n" for n in range(1, 31))
    path.write_text("credit_code,name,region_code\n" + rows, encoding="utf-8")
    db = str(tmp_path / "c.sqlite3")
    code, _out, err = run(capsys, "--db", db, "enterprise", "import", str(path), "--max-rows", "10", "--json")
    assert code == 2
    body = json.loads(err)
    assert "最多 10 行" in body["errors"][0]["reason"] and body["errors"][0]["file"] == "e.csv"
    database = open_client_db(tmp_path / "c.sqlite3")
    try:
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM enterprise")).scalar_one() == 0
    finally:
        database.close()
    code, _out, err = run(capsys, "--db", db, "enterprise", "import", str(path), "--max-mb", "-1")
    assert code == 2 and "--max-mb" in err
    assert run(capsys, "--db", db, "enterprise", "import", str(path), "--max-rows", "31")[0] == 0


@pytest.mark.parametrize("command", [["enterprise", "import"], ["policy", "import"]])
def test_help_documents_the_limits_and_their_environment(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for words in ("--max-rows", "--max-mb", ENV_MAX_ROWS, ENV_MAX_MB, "1000000", "200 MB"):
        assert words in out, words


def test_policy_import_beyond_the_byte_limit_is_refused(tmp_path, capsys):
    from pathlib import Path

    demo = Path(__file__).resolve().parents[3] / "resources" / "catalogue" / "demo.yaml"
    code, _out, err = run(capsys, "--db", str(tmp_path / "c.sqlite3"), "policy", "import", str(demo), "--max-mb", "0.05")
    assert code == 2 and "大小上限" in err and "demo.yaml" in err
