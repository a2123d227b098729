"""「导出诊断信息」: the zip has the versions, logs, settings and device states the help desk
needs, and none of the personal data or secrets planted in the logs, the settings and the
database — neither whole nor in the masked forms the window shows."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from kuaixiang_core.domain.codes import make_uscc, mask_resident_id
from kuaixiang_core.domain.enterprise import EnterpriseRecord, mask_phone
from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import auth, diagnostics
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import import_catalogue
from kuaixiang_desktop.store.enterprises import write_enterprises
from kuaixiang_desktop.store.models import Clerk

MINI = Path(__file__).resolve().parents[3] / "data" / "catalogue" / "mini.yaml"
CODE = make_uscc("91371581MA3C00001")
AGENT_NAME, AGENT_ID, AGENT_PHONE = "欧阳秀英", "371502198506124328", "13905351234"
CONTACT_PHONE = "15866021188"
PASSWORD = "窗口密码-Secret-9"
TOKEN = "tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZZ"
FAST = auth.AuthPolicy(scrypt_n=2**10)


@pytest.fixture
def planted(db, tmp_path, monkeypatch, memory_keyring):
    monkeypatch.setattr(auth, "DEFAULT_POLICY", FAST)
    import_catalogue(db, MINI)
    with db.engine.begin() as conn:
        write_enterprises(conn, [EnterpriseRecord(credit_code=CODE, name="临清市恒达轴承制造有限公司", region_code="371581",
                                                  industry_code="3451", employees=25, established=dt.date(2020, 3, 1),
                                                  contact_phone=CONTACT_PHONE)])
    with db.sessions.begin() as session:
        clerk = apps.ensure_demo_clerk(session)
        session.flush()
        session.get(Clerk, clerk.id).offline_verifier = auth.make_verifier(PASSWORD, FAST)
    auth.login_offline(db, "demo", PASSWORD, policy=FAST)
    filed = apps.file_application(db, CODE, "lq-zhoucheng", apps.Agent(AGENT_NAME, AGENT_ID, AGENT_PHONE),
                                  [apps.MaterialInput("技术改造项目备案证明")], device_id=local_device(db).short_id)
    logs = tmp_path / "logs"
    logs.mkdir()
    masked_id, masked_phone = mask_resident_id(AGENT_ID), mask_phone(AGENT_PHONE)
    (logs / "kuaixiang-desktop.log").write_text("\n".join([
        f"2026-12-06 INFO filed {filed.application_id} for agent {AGENT_NAME} id={AGENT_ID} phone {AGENT_PHONE}",
        f"2026-12-06 INFO shown masked {masked_id} / {masked_phone}",
        f"2026-12-06 DEBUG request Authorization: Bearer {TOKEN}",
        f"2026-12-06 DEBUG login password={PASSWORD} token: {TOKEN}",
        f"2026-12-06 INFO enterprise contact {CONTACT_PHONE}",
        "2026-12-06 INFO sync round: pushed 1, pulled 0",
    ]) + "\n", encoding="utf-8")
    (logs / "kuaixiang-desktop.log.1").write_text(f"older: {AGENT_NAME} {AGENT_PHONE}\n", encoding="utf-8")
    settings = tmp_path / "kuaixiang-desktop.ini"
    settings.write_text(f"[sync]\nserver=https://zwfw.liaocheng.gov.cn\ntoken={TOKEN}\n[state]\n"
                        f"last_agent={AGENT_NAME}\nlast_query={AGENT_ID}\npassword={PASSWORD}\n", encoding="utf-8")
    # Every secret the keyring holds now: the agent-data key, the device's private key, the session.
    secrets = [v for v in memory_keyring.store.values() if v]
    assert len(secrets) >= 3
    return {"db": db, "logs": logs, "settings": settings, "app": filed.application_id, "secrets": secrets,
            "masked": [masked_id, masked_phone]}


def _texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


def _forbidden(planted) -> list[str]:
    values = [AGENT_NAME, AGENT_ID, AGENT_PHONE, CONTACT_PHONE, PASSWORD, TOKEN, *planted["masked"]]
    # The digits a masked form hides, and those it shows, in one run: neither may appear.
    values += [AGENT_ID[4:-4], AGENT_ID[:6] + AGENT_ID[6:14], AGENT_PHONE[3:7], AGENT_PHONE[-8:]]
    values += planted["secrets"]
    return [v for v in values if v]


def test_the_zip_holds_what_the_help_desk_needs_and_nothing_personal_or_secret(planted, tmp_path):
    out = tmp_path / "diag.zip"
    result = diagnostics.export(planted["db"], out, log_dir=planted["logs"], settings_file=planted["settings"])
    files = _texts(out)
    assert {"versions.json", "device.json", "settings.ini", "logs/kuaixiang-desktop.log",
            "logs/kuaixiang-desktop.log.1", "manifest.json"} <= set(files)
    versions = json.loads(files["versions.json"])
    assert versions["app"] and versions["python"] and versions["os"] and versions["database_schema"]
    assert versions["qt"] and versions["install_kind"] == "venv"
    device = json.loads(files["device.json"])
    assert device["device_keys"] and device["counts"]["application"]
    assert "sync round: pushed 1" in files["logs/kuaixiang-desktop.log"]  # the log is still useful
    assert "server=https://zwfw.liaocheng.gov.cn" in files["settings.ini"]
    assert result.scrubbed >= 10
    for name, text in files.items():
        for value in _forbidden(planted):
            assert value not in text, f"{value!r} in {name}"
        assert planted["app"] not in text or name.startswith("logs/")  # ids are not personal, but not dumped either


def test_the_command_writes_the_same_zip(planted, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KUAIXIANG_DATA_DIR", str(tmp_path))  # the command's log dir: tmp/logs
    out = tmp_path / "cli.zip"
    assert main(["--db", str(planted["db"].path), "--json", "diagnostics", "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == str(out)
    files = _texts(out)
    assert "logs/kuaixiang-desktop.log" in files
    for name, text in files.items():
        for value in _forbidden(planted):
            assert value not in text, f"{value!r} in {name}"


def test_a_zip_is_whole_or_absent_when_the_disk_is_full(planted, tmp_path, monkeypatch):
    import errno

    from kuaixiang_desktop import paths

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "diag.zip"))

    monkeypatch.setattr(paths, "create_private", full)
    with pytest.raises(OSError):
        diagnostics.export(planted["db"], tmp_path / "diag.zip", log_dir=planted["logs"])
    assert not (tmp_path / "diag.zip").exists()
