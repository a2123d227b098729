"""``kuaixiang provision | update | diagnostics``: answers and exit codes (0 ok, 1 no, 2 bad
input, 3 environment) without a server."""

from __future__ import annotations

import datetime as dt
import json
import re

from kuaixiang_core.domain import provisioning
from kuaixiang_desktop.cli import main

KEY = bytes(range(100, 132))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_provision_show_without_a_configuration_is_a_negative_answer(capsys, db):
    code, out, _ = run(capsys, "--db", str(db.path), "provision", "show")
    assert code == 1 and "没有导入" in out


def test_a_missing_or_foreign_file_is_bad_input(capsys, db, tmp_path):
    code, _, err = run(capsys, "--db", str(db.path), "--json", "provision", "import", str(tmp_path / "none.kxprov"))
    assert code == 2 and json.loads(err)["field"] == "file"
    other = tmp_path / "catalogue.yaml"
    other.write_text("items: []\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db.path), "--json", "provision", "import", str(other))
    assert code == 2 and json.loads(err)["field"] == "file"


def test_update_check_needs_an_online_log_in(capsys, db):
    code, _, err = run(capsys, "--db", str(db.path), "--json", "update", "check")
    assert code == 3  # environment: log in online first
    assert json.loads(err)["reason"] in ("offline", "untrusted")


def test_the_qr_of_a_configuration_is_an_svg_within_the_bound(capsys, tmp_path):
    now = dt.datetime.now(dt.UTC)
    doc = provisioning.make(KEY, city="371500", server="https://zwfw.liaocheng.gov.cn", hall="371502-01", window="01",
                            label=None, ca_der=None, issued=now, expires=now + dt.timedelta(days=3))
    path = tmp_path / "hall.kxprov"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "hall.svg"
    code, text, err = run(capsys, "--json", "provision", "qr", str(path), "--out", str(out))
    assert code == 0, err
    answer = json.loads(text)
    assert answer["version"] <= 30 and answer["chars"] <= provisioning.QR_MAX_CHARS
    svg = out.read_text(encoding="ascii")
    assert svg.startswith("<svg") and len(re.findall(r"<rect x=", svg)) > 200
