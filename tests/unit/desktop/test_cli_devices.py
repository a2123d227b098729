"""``kuaixiang devices``: each device and its state, exit codes as DESIGN §7; ``devices card``
feeds the simulated reader."""

from __future__ import annotations

import json

from kuaixiang_desktop.cli import main
from kuaixiang_desktop.devices import config, idcard_sim
from kuaixiang_desktop.devices.config import DeviceConfig


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_devices_lists_each_device_and_its_state(capsys):
    code, out, _ = _run(capsys, "devices", "--json")
    assert code == 0
    listed = {d["kind"]: d for d in json.loads(out)["devices"]}
    assert listed["id_reader"]["state"] == "off" and listed["camera"]["state"] == "off"
    assert listed["evaluator"] == {"kind": "evaluator", "driver": "receipt_qr", "state": "ready", "detail": ""}


def test_an_unplugged_device_is_exit_3_and_named(capsys):
    assert _run(capsys, "--demo", "devices", "card", "unplug")[0] == 0
    code, out, _ = _run(capsys, "--demo", "devices")
    assert code == 3 and "身份证阅读器：未连接" in out and "高拍仪：就绪" in out
    assert _run(capsys, "--demo", "devices", "card", "place")[0] == 0
    code, out, _ = _run(capsys, "--demo", "devices", "--json")
    assert code == 0 and json.loads(out)["devices"][0]["state"] == "ready"
    feed = config.feed_path(config.load(config.config_path(True), True), config.config_path(True))
    assert idcard_sim.SimulatedReader(feed).read().name == idcard_sim.DEMO_CARD.name


def test_card_needs_a_simulated_reader(capsys):
    code, _, err = _run(capsys, "devices", "card", "place", "--json")
    assert code == 2 and json.loads(err)["field"] == "reader"
    code, _, err = _run(capsys, "devices", "card", "throw")
    assert code == 2


def test_a_library_that_is_not_there_is_exit_3(capsys, tmp_path):
    config.save(config.config_path(), DeviceConfig(reader="sdtapi", reader_library=str(tmp_path / "nope.so")))
    code, out, _ = _run(capsys, "devices", "--json")
    assert code == 3
    reader = json.loads(out)["devices"][0]
    assert reader["state"] == "unplugged" and "nope.so" in reader["detail"]
