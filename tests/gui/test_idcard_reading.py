"""The hall's devices in the 代办申请 wizard, with the simulated reader and camera: a card fills
the 经办人 page (and its photo is shown, never stored), an expired card is refused with its
date, every reader error is said, typing stays possible, and the camera puts a cropped page
into a material row, stored encrypted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from kuaixiang_core.domain import clock
from kuaixiang_desktop.devices import config as device_config
from kuaixiang_desktop.devices import idcard_sim
from kuaixiang_desktop.devices.config import DeviceConfig
from kuaixiang_desktop.devices.idcard import ALREADY_READ
from kuaixiang_desktop.services import applications
from kuaixiang_desktop.services.attachments import SEALED, read_plain, store_dir
from kuaixiang_desktop.ui.apply_devices import WizardDevices
from kuaixiang_desktop.ui.apply_wizard import AGENT_PAGE, MATERIALS_PAGE, REVIEW_PAGE
from kuaixiang_desktop.ui.device_hub import DeviceHub
from kuaixiang_desktop.ui.device_status import DeviceStatusLabel

from . import test_apply_wizard as wizard_tests

# The wizard tests' fixtures, shared (a wizard on the counter database, printing to a PDF).
apply_cases, runner, pdf_out, printer, make_wizard = (
    wizard_tests.apply_cases, wizard_tests.runner, wizard_tests.pdf_out, wizard_tests.printer, wizard_tests.make_wizard)
_file = wizard_tests._file

CARD = idcard_sim.DEMO_CARD


@pytest.fixture
def make_hub(qapp):
    hubs: list[DeviceHub] = []

    def make(config: DeviceConfig = DeviceConfig(reader="simulated", camera="simulated")) -> DeviceHub:
        path = device_config.config_path()
        device_config.save(path, config)
        hub = DeviceHub(path)
        hubs.append(hub)
        return hub

    yield make
    for hub in hubs:
        assert hub.shutdown()


def _feed(hub: DeviceHub) -> Path:
    return device_config.feed_path(hub.config, hub.config_file)


def _wizard_with(make_wizard, hub, **kwargs):
    wizard = make_wizard(**kwargs)
    wizard.devices = WizardDevices(wizard, hub)
    return wizard


def _every_file_under(folder: Path):
    for path in folder.rglob("*"):
        if path.is_file():
            yield path, path.read_bytes()


def test_a_card_fills_the_page_and_its_photo_is_never_stored(qtbot, make_wizard, make_hub, counter_db, tmp_path,
                                                             caplog):
    caplog.set_level(logging.DEBUG)
    hub = make_hub()
    wizard = _wizard_with(make_wizard, hub)
    photo = idcard_sim.sample_photo()
    attachments_before = set(store_dir().rglob("*"))
    # The legal representative's own card: an agent who is not needs a 授权委托书 (test_apply_forms).
    card = dataclasses.replace(CARD, name=wizard.context.legal_rep)
    idcard_sim.place_card(_feed(hub), card)
    wizard.mark_all_received()
    with qtbot.waitSignal(hub.card_read, timeout=20000) as read:
        wizard.next()
    assert wizard.currentId() == AGENT_PAGE and read.args[0].photo == photo
    ui = wizard.agent_page.ui
    assert (ui.nameEdit.text(), ui.idEdit.text(), ui.phoneEdit.text()) == (card.name, card.id_number, "")
    assert not ui.photoLabel.pixmap().isNull()
    details = ui.cardDetailsLabel.text()
    for shown in (CARD.sex, "汉族", "1949-12-31", CARD.address, CARD.authority, "2016.03.01–长期"):
        assert shown in details
    assert "请核对照片" in ui.messageLabel.text()
    ui.phoneEdit.setText("13800138000")
    wizard.next()
    assert wizard.currentId() == REVIEW_PAGE
    result = _file(qtbot, wizard)
    assert applications.show(counter_db, result.application_id).status == "accepted"
    # Nothing of the photo, nor the address only shown for comparison, anywhere on disk or in the log.
    counter_db.close()
    needles = [photo, photo[-256:], CARD.address.encode("utf-8"), CARD.address.encode("utf-16-le")]
    for folder in {tmp_path, Path(counter_db.path).parent}:
        for path, data in _every_file_under(folder):
            if path != _feed(hub):  # the simulated card itself
                assert not any(needle in data for needle in needles), f"card data found in {path}"
    assert set(store_dir().rglob("*")) == attachments_before, "no attachment came from the card"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert CARD.address not in logged and CARD.id_number not in logged


def test_an_expired_card_is_refused_with_its_date_and_fills_nothing(qtbot, make_wizard, make_hub):
    hub = make_hub()
    wizard = _wizard_with(make_wizard, hub)
    yesterday = clock.today() - dt.timedelta(days=1)
    idcard_sim.place_card(_feed(hub), dataclasses.replace(CARD, valid_to=yesterday))
    with qtbot.waitSignal(hub.read_problem, timeout=20000) as problem:
        wizard.next()
    assert f"身份证已于 {yesterday:%Y-%m-%d} 过期" in problem.args[0]
    ui = wizard.agent_page.ui
    assert ui.messageLabel.text() == problem.args[0]
    assert ui.nameEdit.text() == "" and ui.idEdit.text() == "" and ui.photoLabel.pixmap().isNull()
    assert not wizard.agent_page.isComplete()


def test_the_read_key_the_lift_rule_and_a_card_moved_mid_read(qtbot, make_wizard, make_hub):
    hub = make_hub(DeviceConfig(reader="simulated", read_on_placement=False))
    wizard = _wizard_with(make_wizard, hub, show=True)
    wizard.next()
    assert wizard.currentId() == AGENT_PAGE
    ui = wizard.agent_page.ui
    feed = _feed(hub)
    with qtbot.waitSignal(hub.read_problem, timeout=20000) as problem:
        qtbot.keyClick(ui.nameEdit, Qt.Key.Key_F4)
    assert problem.args[0] == "阅读器上没有身份证"
    idcard_sim.place_card(feed, remove_during_read=True)
    with qtbot.waitSignal(hub.read_problem, timeout=20000) as problem:
        ui.readCardButton.click()
    assert problem.args[0].startswith("读卡时身份证被移开") and ui.nameEdit.text() == ""
    idcard_sim.lift_card(feed)  # as the message asks: lifted (the reader sees it gone) …
    with qtbot.waitSignal(hub.read_problem, timeout=20000) as problem:
        ui.readCardButton.click()
    assert problem.args[0] == "阅读器上没有身份证"
    idcard_sim.place_card(feed)  # … and placed again
    with qtbot.waitSignal(hub.card_read, timeout=20000):
        ui.readCardButton.click()
    assert ui.nameEdit.text() == CARD.name
    with qtbot.waitSignal(hub.read_problem, timeout=20000) as problem:
        ui.readCardButton.click()
    assert problem.args[0] == ALREADY_READ
    # Typing stays possible: the clerk corrects what the card said (a name written otherwise).
    ui.nameEdit.setText("李四四")
    ui.phoneEdit.setText("13800138000")
    assert wizard.agent_page.isComplete()


def test_an_unplugged_reader_shows_in_the_status_bar_and_comes_back(qtbot, make_hub):
    hub = make_hub(DeviceConfig(reader="simulated"))
    label = DeviceStatusLabel(hub)
    qtbot.addWidget(label)
    qtbot.waitUntil(lambda: hub.statuses["id_reader"].state == "ready", timeout=20000)
    assert label.text() == "读卡器 就绪" and not label.property("alert")
    idcard_sim.unplug(_feed(hub))
    hub.listen(label, True)  # polled often while listened to
    qtbot.waitUntil(lambda: hub.statuses["id_reader"].state == "unplugged", timeout=20000)
    assert label.text() == "读卡器 未连接" and label.property("alert") and "USB" in label.toolTip()
    idcard_sim.lift_card(_feed(hub))
    qtbot.waitUntil(lambda: hub.statuses["id_reader"].state == "ready", timeout=20000)
    hub.listen(label, False)


def test_without_devices_nothing_runs_and_the_clerk_types(qtbot, make_wizard, make_hub):
    hub = make_hub(DeviceConfig())
    label = DeviceStatusLabel(hub)
    qtbot.addWidget(label)
    assert label.isHidden() and hub._loop is None
    wizard = _wizard_with(make_wizard, hub)
    ui = wizard.agent_page.ui
    assert not ui.readCardButton.isEnabled() and "手工填写" in ui.cardDetailsLabel.text()
    assert not wizard.materials_page.ui.cameraButton.isEnabled()


def test_the_camera_puts_a_straightened_page_into_the_selected_row(qtbot, make_wizard, make_hub, counter_db):
    hub = make_hub(DeviceConfig(camera="simulated"))
    wizard = _wizard_with(make_wizard, hub, show=True)
    assert wizard.currentId() == MATERIALS_PAGE
    wizard.materials_view.selectRow(1)
    with qtbot.waitSignal(wizard.attached, timeout=30000) as attached:
        qtbot.keyClick(wizard.materials_view, Qt.Key.Key_F6)
    row, attachment = attached.args
    assert row == 1 and attachment.mime == "image/jpeg"
    stored = attachment.source.read_bytes()
    assert stored.startswith(SEALED), "the scan is encrypted at rest"
    plain = read_plain(attachment.sha256)
    width, height = Image.open(io.BytesIO(plain)).size
    assert abs(width - 420) <= 12 and abs(height - 594) <= 12, "cropped to the page"
    for path, data in _every_file_under(store_dir().parent):
        assert plain[:4096] not in data, f"a plain copy of the scan in {path}"
    # Filing takes the stored capture as it is.
    wizard.mark_all_received()
    wizard.next()
    ui = wizard.agent_page.ui
    ui.nameEdit.setText(wizard.context.legal_rep)  # in person: no 授权委托书
    ui.idEdit.setText(CARD.id_number)
    ui.phoneEdit.setText("13800138000")
    wizard.next()
    result = _file(qtbot, wizard)
    record = applications.show(counter_db, result.application_id)
    assert attachment.sha256 in {m.attachment_sha256 for m in record.materials}


def test_a_camera_that_is_not_there_says_so_and_attaches_nothing(qtbot, make_wizard, make_hub, tmp_path):
    hub = make_hub(DeviceConfig(camera="simulated", camera_feed=str(tmp_path / "no-such-picture.jpg")))
    wizard = _wizard_with(make_wizard, hub)
    wizard.materials_view.selectRow(0)
    with qtbot.waitSignal(wizard.message_shown, timeout=30000) as shown:
        wizard.devices.capture()
    assert shown.args[0] == "error" and "模拟高拍仪的图像文件不存在" in shown.args[1]
    assert wizard.model.row(0).attachment is None
    wizard.materials_view.clearSelection()
    wizard.materials_view.setCurrentIndex(wizard.model.index(-1, -1))
    with qtbot.waitSignal(wizard.message_shown, timeout=10000) as shown:
        wizard.devices.capture()
    assert "请先选中" in shown.args[1]
    assert wizard.button(QWizard.WizardButton.NextButton) is not None
