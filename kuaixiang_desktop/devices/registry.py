"""The devices a configuration names, and their health as of now (``kuaixiang devices``; the
window keeps its own, updated by the reader's polling)."""

from __future__ import annotations

from pathlib import Path

from .camera import CaptureServiceCamera, DocumentCamera, SimulatedCamera
from .config import DeviceConfig, feed_path
from .errors import DeviceError, DeviceUnavailable
from .evaluator import EvaluatorPad, ReceiptQrPad, SecondScreenPad, SimulatedPad
from .health import CAMERA, EVALUATOR, FAULT, OFF, READER, READY, UNPLUGGED, DeviceStatus
from .idcard import IdCardReader
from .idcard_sdtapi import SdtapiReader
from .idcard_sim import SimulatedReader
from .idcard_termb import TermbReader


def make_reader(config: DeviceConfig, config_file: Path) -> IdCardReader | None:
    if config.reader == "simulated":
        return SimulatedReader(feed_path(config, config_file))
    if config.reader == "termb":
        return TermbReader(config.reader_library, config.reader_port, Path(config_file).parent / "idcard-reader")
    if config.reader == "sdtapi":
        return SdtapiReader(config.reader_library, config.reader_port)
    return None


def make_camera(config: DeviceConfig) -> DocumentCamera | None:
    if config.camera == "simulated":
        return SimulatedCamera(config.camera_feed)
    if config.camera == "service":
        return CaptureServiceCamera(config.camera_url)
    return None


def make_evaluator(config: DeviceConfig) -> EvaluatorPad:
    if config.evaluator == "simulated":
        return SimulatedPad()
    if config.evaluator == "second_screen":
        return SecondScreenPad()
    return ReceiptQrPad()


def probe_status(kind: str, driver: str, probe) -> DeviceStatus:
    try:
        probe()
    except DeviceUnavailable as exc:
        return DeviceStatus(kind, driver, UNPLUGGED, exc.message)
    except DeviceError as exc:
        return DeviceStatus(kind, driver, FAULT, exc.message)
    return DeviceStatus(kind, driver, READY)


def reader_status(reader: IdCardReader | None) -> DeviceStatus:
    if reader is None:
        return DeviceStatus(READER, "none", OFF)

    def probe() -> None:
        reader.open()
        try:
            reader.card_present()
        finally:
            reader.close()

    return probe_status(READER, reader.driver, probe)


def statuses(config: DeviceConfig, config_file: Path) -> list[DeviceStatus]:
    """Every kind's health, each probed once (a second or so for a reader)."""
    camera = make_camera(config)
    pad = make_evaluator(config)
    return [
        reader_status(make_reader(config, config_file)),
        DeviceStatus(CAMERA, "none", OFF) if camera is None else probe_status(CAMERA, camera.driver, camera.probe),
        probe_status(EVALUATOR, pad.driver, pad.probe) if pad.interactive else DeviceStatus(EVALUATOR, pad.driver, READY),
    ]
