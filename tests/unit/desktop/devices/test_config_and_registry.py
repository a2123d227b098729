"""Device settings on disk, the evaluator pads, and the list ``kuaixiang devices`` prints."""

from __future__ import annotations

import json
import threading

import pytest

from kuaixiang_desktop.cli import main
from kuaixiang_desktop.devices import config, idcard_sim
from kuaixiang_desktop.devices.config import DeviceConfig
from kuaixiang_desktop.devices.errors import DeviceUnavailable
from kuaixiang_desktop.devices.evaluator import LATER, ReceiptQrPad, SimulatedPad


def test_settings_round_trip_and_bad_values_fall_back(tmp_path):
    path = tmp_path / "devices.json"
    assert config.load(path) == DeviceConfig()
    wanted = DeviceConfig(reader="termb", reader_library="/opt/reader/libtermb.so", reader_port=1002, camera="service")
    config.save(path, wanted)
    assert config.load(path) == wanted
    path.write_text(json.dumps({"reader": "magic", "reader_port": 0, "camera": "simulated"}), encoding="utf-8")
    loaded = config.load(path)
    assert loaded.reader == "none" and loaded.reader_port == config.DEFAULT_PORT and loaded.camera == "simulated"
    assert len(loaded.problems) == 2 and "reader" in loaded.problems[0]
    path.write_text("[1, 2", encoding="utf-8")
    assert config.load(path).problems and config.load(path, demo=True).reader == "simulated"


def test_the_receipt_qr_pad_answers_later_and_the_simulated_one_waits_for_a_press():
    assert ReceiptQrPad().request("SL-1", "01", 1.0) == LATER
    pad = SimulatedPad()
    answers = []
    asking = threading.Thread(target=lambda: answers.append(pad.request("SL-2", "03", 60.0)))
    asking.start()
    while not pad.requests:
        threading.Event().wait(0.01)
    pad.press(2, reasons=("等候时间长",))
    asking.join(60)
    assert pad.requests == [("SL-2", "03")] and answers[0].level == 2 and answers[0].reasons == ("等候时间长",)
    with pytest.raises(ValueError):
        pad.press(6)
    assert pad.request("SL-3", "03", 0.01) == LATER  # nobody pressed
    pad.plugged = False
    with pytest.raises(DeviceUnavailable, match="评价器未连接"):
        pad.request("SL-4", "03", 0.01)


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
