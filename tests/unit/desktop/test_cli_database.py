"""The `kuaixiang` command as a newcomer meets it (issue 14, point 12): it reaches the database
the window uses, a command that reads never leaves an empty database behind, finding nothing
is a negative answer, the 回执编号 names an application, and the words are the window's."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from kuaixiang_core.domain import vocabulary
from kuaixiang_core.domain.codes import make_uscc
from kuaixiang_core.domain.enterprise import EnterpriseRecord
from kuaixiang_desktop import paths
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.enterprises import write_enterprises

MINI = Path(__file__).resolve().parents[2] / "data" / "catalogue" / "mini.yaml"
CODE = make_uscc("91371581MA3C00001")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def kx(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _copy_db(src: Path, dst: Path) -> None:
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


@pytest.fixture
def window_demo(demo_db_path):
    """The window's demo database (kuaixiang-desktop --demo), and no other database."""
    _copy_db(demo_db_path, paths.demo_db_path())
    return paths.demo_db_path()


@pytest.fixture
def world(db, tmp_path):
    import_catalogue(db, MINI)
    rec = EnterpriseRecord(credit_code=CODE, name="临清市恒达轴承制造有限公司", region_code="371581",
                           industry_code="3451", employees=25, established=dt.date(2020, 3, 1))
    with db.engine.begin() as conn:
        write_enterprises(conn, [rec])
    with db.sessions.begin() as session:
        apps.ensure_demo_clerk(session)
    (tmp_path / "filing.pdf").write_bytes(PDF)
    return db, tmp_path


def _apply(capsys, db, tmp) -> dict:
    code, out, err = kx(capsys, "--db", str(db.path), "apply", CODE, "lq-zhoucheng", "--agent-name", "李四",
                        "--agent-id", "11010519491231002X", "--agent-phone", "13912345678",
                        "--material", f"技术改造项目备案证明={tmp / 'filing.pdf'}", "--json")
    assert code == 0, err
    return json.loads(out)


READING = [
    ["enterprise", "search", "恒达"],
    ["enterprise", "show", CODE],
    ["match", CODE],
    ["reach", "lq-zhoucheng"],
    ["policy", "list"],
    ["application", "list"],
    ["application", "show", "371581-01-20261206-AAAA-0001"],
    ["receipt", "371581-01-20261206-AAAA-0001", "--out", "r.pdf"],
    ["audit", "verify"],
]


@pytest.mark.parametrize("argv", READING, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("where", ["default", "--db", "--demo"])
def test_a_reading_command_never_makes_an_empty_database(capsys, tmp_path, argv, where):
    path = {"default": paths.default_db_path(), "--db": tmp_path / "typo.sqlite3", "--demo": paths.demo_db_path()}[where]
    option = {"default": [], "--db": ["--db", str(path)], "--demo": ["--demo"]}[where]
    code, out, err = kx(capsys, *option, *argv, "--json")
    assert code == 3 and out == ""
    body = json.loads(err)
    assert body["db"] == str(path) and str(path) in body["error"]
    assert "kuaixiang-desktop --demo" in body["error"] if where == "--demo" else "kuaixiang init" in body["error"]
    assert not path.exists()


def test_with_only_the_windows_demo_database_the_message_points_at_demo(capsys, window_demo):
    code, _out, err = kx(capsys, "match", CODE)
    assert code == 3
    assert "--demo" in err and str(window_demo) in err
    assert not paths.default_db_path().exists()


@pytest.mark.parametrize("argv", [["--demo", "enterprise", "search", "有限公司", "--limit", "2"],
                                  ["enterprise", "search", "有限公司", "--limit", "2", "--demo"]])
def test_demo_reaches_the_windows_demo_database(capsys, window_demo, argv):
    code, out, _ = kx(capsys, *argv, "--json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = kx(capsys, "--demo", "match", json.loads(out)[0]["credit_code"], "--json")
    assert code in (0, 1) and json.loads(out)["items"] is not None


def test_search_names_size_classes_in_chinese(capsys, window_demo):
    code, out, _ = kx(capsys, "--demo", "enterprise", "search", "有限公司", "--limit", "20")
    classes = {line.split()[-1] for line in out.splitlines()}
    assert code == 0 and classes <= {*vocabulary.SIZE_CLASS_NAMES.values(), "-"} and classes - {"-"}, classes


def test_the_window_and_the_command_name_one_demo_database():
    from kuaixiang_desktop import app

    assert app.demo_db_path() == paths.demo_db_path()


def test_db_and_demo_together_are_a_usage_error(capsys, tmp_path):
    code, _out, err = kx(capsys, "--db", str(tmp_path / "x.sqlite3"), "--demo", "policy", "list")
    assert code == 2 and "--demo" in err
    assert not (tmp_path / "x.sqlite3").exists()


def test_init_and_demo_make_the_database_they_name(capsys):
    code, out, _ = kx(capsys, "--demo", "demo", "--enterprises", "20", "--json")
    assert code == 0 and json.loads(out)["db"] == str(paths.demo_db_path())
    assert not paths.default_db_path().exists()
    assert kx(capsys, "init")[0] == 0 and paths.default_db_path().exists()


def test_an_empty_search_is_a_negative_answer(capsys, world):
    db, _ = world
    code, out, _ = kx(capsys, "--db", str(db.path), "enterprise", "search", "不存在的公司名称", "--json")
    assert code == 1 and json.loads(out) == []
    code, out, _ = kx(capsys, "--db", str(db.path), "enterprise", "search", "不存在的公司名称")
    assert code == 1 and "没有找到与「不存在的公司名称」匹配的企业" in out
    code, out, _ = kx(capsys, "--db", str(db.path), "enterprise", "search", "恒达", "--json")
    assert code == 0 and [h["credit_code"] for h in json.loads(out)] == [CODE]


def test_receipt_and_application_show_take_the_receipt_number(capsys, world):
    db, tmp = world
    record = _apply(capsys, db, tmp)
    number = record["receipt_no"]
    for key in (number, f"  {number.lower()} "):
        code, out, _ = kx(capsys, "--db", str(db.path), "application", "show", key, "--json")
        assert code == 0 and json.loads(out)["id"] == record["id"]
    code, out, _ = kx(capsys, "--db", str(db.path), "receipt", number, "--out", str(tmp / "r.pdf"), "--json")
    assert code == 0 and json.loads(out)["receipt_no"] == number
    assert (tmp / "r.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = kx(capsys, "--db", str(db.path), "receipt", number, "--out", str(tmp / "r2.pdf"), "--reprint", "--json")
    assert code == 0 and json.loads(out)["reprint"] is True
    code, _out, err = kx(capsys, "--db", str(db.path), "application", "show", number[:-1] + "9")
    assert code == 1 and "没有申请编号或回执编号为" in err


def test_the_command_speaks_the_windows_words(capsys, world):
    db, tmp = world
    code, out, _ = kx(capsys, "--db", str(db.path), "match", CODE, "--all")
    heads = {line[1:line.index("]")] for line in out.splitlines() if line.startswith("[")}
    assert heads and heads <= {*vocabulary.GROUP_NAMES.values(), vocabulary.INELIGIBLE}, heads
    record = _apply(capsys, db, tmp)
    _code, out, _ = kx(capsys, "--db", str(db.path), "application", "show", record["id"])
    assert "→ 已受理" in out
    assert not any(word in out for word in vocabulary.STATUS_NAMES), out  # no draft/accepted/… in Chinese text
    for status in ("accepted", "已受理"):
        code, out, _ = kx(capsys, "--db", str(db.path), "application", "list", "--status", status, "--json")
        assert code == 0 and [r["id"] for r in json.loads(out)] == [record["id"]]
    code, _out, err = kx(capsys, "--db", str(db.path), "application", "list", "--status", "受理")
    assert code == 2 and "已受理（accepted）" in err
