"""Device settings on disk, and the evaluator pads."""

from __future__ import annotations

import json
import threading

import pytest

from kuaixiang_desktop.devices import config
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
