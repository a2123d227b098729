"""The 设备 group of the settings dialog, and the window taking new device settings."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from kuaixiang_desktop.devices import config as device_config
from kuaixiang_desktop.devices.config import DeviceConfig
from kuaixiang_desktop.ui.app_settings import AppSettings
from kuaixiang_desktop.ui.settings_dialog import SettingsDialog


@pytest.fixture
def settings(tmp_path):
    return AppSettings(f"test-devices-{tmp_path.name}")


def _dialog(qtbot, settings, devices: DeviceConfig) -> SettingsDialog:
    dialog = SettingsDialog(settings, printers=[], devices=devices)
    qtbot.addWidget(dialog)
    return dialog


def _ok(dialog: SettingsDialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


def _choose(combo, driver: str) -> None:
    combo.setCurrentIndex(combo.findData(driver))


def test_the_group_shows_the_settings_and_returns_the_chosen_ones(qtbot, settings, tmp_path):
    library = tmp_path / "libtermb.so"
    library.write_bytes(b"\x7fELF")
    dialog = _dialog(qtbot, settings, DeviceConfig(reader="sdtapi", reader_library=str(library), reader_port=1003))
    group = dialog.device_group
    assert group.readerCombo.currentData() == "sdtapi" and group.portSpin.value() == 1003
    assert not group.cameraUrlEdit.isEnabled()
    _choose(group.readerCombo, "termb")
    _choose(group.cameraCombo, "simulated")
    _choose(group.evaluatorCombo, "second_screen")
    group.placementCheck.setChecked(False)
    _ok(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.device_config == DeviceConfig(reader="termb", reader_library=str(library), reader_port=1003,
                                                read_on_placement=False, camera="simulated", evaluator="second_screen")


@pytest.mark.parametrize(("reader", "library", "camera", "url", "says", "field"), [
    ("termb", "", "none", "", "请选择身份证阅读器的驱动库文件", "libraryEdit"),
    ("sdtapi", "/nowhere/libsdtapi.so", "none", "", "驱动库不存在：/nowhere/libsdtapi.so", "libraryEdit"),
    ("none", "", "service", "http://10.0.0.9:38088/capture", "只能在本机", "cameraUrlEdit"),
])
def test_a_bad_entry_is_named_and_nothing_is_returned(qtbot, settings, reader, library, camera, url, says, field):
    dialog = _dialog(qtbot, settings, DeviceConfig())
    group = dialog.device_group
    _choose(group.readerCombo, reader)
    group.libraryEdit.setText(library)
    _choose(group.cameraCombo, camera)
    group.cameraUrlEdit.setText(url)
    _ok(dialog)
    assert dialog.result() != SettingsDialog.DialogCode.Accepted and dialog.device_config is None
    assert says in dialog.error()
    assert getattr(group, field).hasFocus() or not dialog.isVisible()


def test_the_window_applies_new_device_settings(qtbot, make_window):
    window = make_window()
    assert window.devices.config.reader == "none" and window.device_status.isHidden()
    window._settings_changed(False, DeviceConfig(reader="simulated"))
    assert device_config.load(device_config.config_path()).reader == "simulated"
    qtbot.waitUntil(lambda: window.devices.statuses["id_reader"].state == "ready", timeout=20000)
    assert not window.device_status.isHidden() or not window.isVisible()
    assert window.device_status.text() == "读卡器 就绪"


def test_new_settings_do_not_wait_for_a_reader_call_that_hangs(qtbot, tmp_path):
    """A vendor call can hang for seconds: the window goes on, and the new devices open when
    the old thread has let go of the reader (never two threads on one library)."""
    import threading

    from kuaixiang_desktop.ui.device_hub import DeviceHub

    hub = DeviceHub(tmp_path / "devices.json")
    hub.apply(DeviceConfig(reader="simulated"))
    qtbot.waitUntil(lambda: hub.statuses["id_reader"].state == "ready", timeout=20000)
    old = hub._loop
    inside, release = threading.Event(), threading.Event()

    def hanging_round():
        inside.set()
        release.wait()

    old._reader_round = hanging_round
    old.wake()
    qtbot.waitUntil(inside.is_set, timeout=20000)
    hub.apply(DeviceConfig(reader="none"))  # returns while the old thread is still inside the call
    assert old.isRunning() and hub._loop is None
    assert device_config.load(tmp_path / "devices.json").reader == "none"
    release.set()
    qtbot.waitUntil(lambda: not hub._restart_pending, timeout=20000)
    assert hub.statuses["id_reader"].state == "off" and hub.shutdown()
