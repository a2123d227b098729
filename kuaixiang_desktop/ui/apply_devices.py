"""The hall's devices inside one 代办申请 wizard: the ID card reader fills the 经办人 page,
the document camera photographs a page into a material row.

The reader: on the 经办人 page a card placed on the reader is read at once (or F4 reads what
lies there); its name and ID number go into the fields, checked as if typed (the check
character too), and the photo and the card's other details are shown beside them for the
clerk to compare with the person.  The photo lives in the label's pixmap only: it is cleared
when the next card comes, and goes with the wizard.  Nothing else of the card is kept.

The camera: F6 photographs the page on the camera's plate into the selected material row,
cropped and straightened (:mod:`kuaixiang_desktop.devices.page_crop`) and stored encrypted
like any attachment, without a plain copy on disk.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut

from kuaixiang_core.domain import clock

from ..devices.camera import DocumentCamera
from ..devices.errors import DeviceError
from ..devices.idcard import IdCard
from ..devices.page_crop import crop_page
from ..services.attachments import AttachmentRejected, store_bytes
from .apply_pages import set_message
from .device_hub import DeviceHub
from .models.materials_model import Attached

READ_KEY = "F4"
CAMERA_KEY = "F6"


def capture_page(camera: DocumentCamera, crop: bool, label: str) -> Attached:
    """Photograph, crop, store (worker thread); a device's failure is the attachment's refusal."""
    try:
        picture = camera.capture()
        if crop:
            picture = crop_page(picture).jpeg
    except DeviceError as exc:
        raise AttachmentRejected(exc.message) from None
    stored = store_bytes(picture, label)
    return Attached(stored.path, stored.original_name, stored.size, stored.mime, stored.sha256)


class WizardDevices(QObject):
    def __init__(self, wizard, hub: DeviceHub | None):
        super().__init__(wizard)
        from .apply_wizard import AGENT_PAGE

        self._agent_page_id = AGENT_PAGE
        self.wizard, self.hub = wizard, hub
        self.card: IdCard | None = None  # the last card read, until the wizard closes (its photo in the label only)
        page, materials = wizard.agent_page, wizard.materials_page
        self.page = page
        for keys, slot, owner in ((READ_KEY, self.read_now, page), (CAMERA_KEY, self.capture, materials)):
            QShortcut(QKeySequence(keys), owner).activated.connect(slot)
        page.ui.readCardButton.clicked.connect(self.read_now)
        materials.ui.cameraButton.clicked.connect(self.capture)
        reader_on = hub is not None and hub.reader_driver != "none"
        page.ui.readCardButton.setEnabled(reader_on)
        materials.ui.cameraButton.setEnabled(hub is not None and hub.camera is not None)
        if reader_on:
            hint = self.tr("把经办人的身份证放在阅读器上，姓名和身份证号码自动填入（或按 F4 读取）；手机号码请询问后填写。")
            if not hub.config.read_on_placement:
                hint = self.tr("把经办人的身份证放在阅读器上，按 F4 读取。")
        else:
            hint = self.tr("未启用身份证阅读器：请手工填写（「设置 → 设备」中可选择阅读器）。")
        page.ui.cardDetailsLabel.setText(hint)
        page.ui.photoLabel.setText(self.tr("照片"))
        if hub is not None:
            hub.card_read.connect(self._on_card)
            hub.read_problem.connect(self._on_problem)
        wizard.currentIdChanged.connect(self._on_page)
        wizard.finished.connect(self._closed)
        wizard.destroyed.connect(self._closed)

    # -- the reader --------------------------------------------------------------------------

    def _on_page(self, page_id: int) -> None:
        if self.hub is not None:
            self.hub.listen(self, page_id == self._agent_page_id)

    def read_now(self) -> None:
        if self.hub is None or not self.hub.read_now():
            set_message(self.page.ui.messageLabel, "warning", self.tr("未启用身份证阅读器：请手工填写"))
            return
        set_message(self.page.ui.messageLabel, "info", self.tr("正在读取身份证…"))

    def _on_card(self, card: IdCard) -> None:
        if self.wizard.currentId() != self._agent_page_id:
            return
        self.card = card
        page = self.page
        page.fill("agent_name", card.name)
        page.fill("agent_id", card.id_number)  # checked by its check character, as typed
        pixmap = QPixmap()
        if card.photo and pixmap.loadFromData(card.photo):
            page.ui.photoLabel.setPixmap(pixmap.scaled(page.ui.photoLabel.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation))
        else:
            page.ui.photoLabel.clear()
            page.ui.photoLabel.setText(self.tr("无照片"))
        page.ui.cardDetailsLabel.setText(self.tr(
            "{name}　{sex}　{nation}族\n出生 {birth}\n住址 {address}\n签发机关 {authority}\n有效期限 {validity}").format(
            name=card.name, sex=card.sex, nation=card.nation, birth=f"{card.birth:%Y-%m-%d}", address=card.address,
            authority=card.authority, validity=card.validity_text()))
        set_message(page.ui.messageLabel, "info", self.tr("已读取身份证（{time}）：请核对照片与本人是否一致").format(
            time=f"{clock.shanghai_now():%H:%M:%S}"))
        # The phone is not on the card: the cursor waits there, or on Next when it is filled.
        if not page.check_state("agent_phone").ok:
            page.focus_field("agent_phone")
        elif page.isComplete():
            self.wizard.button(self.wizard.WizardButton.NextButton).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_problem(self, text: str) -> None:
        if self.wizard.currentId() == self._agent_page_id:
            set_message(self.page.ui.messageLabel, "error", text)

    def _closed(self, *_: object) -> None:
        if self.hub is not None:
            self.hub.listen(self, False)
            for signal, slot in ((self.hub.card_read, self._on_card), (self.hub.read_problem, self._on_problem)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
            self.hub = None
        self.card = None

    # -- the camera --------------------------------------------------------------------------

    def capture(self) -> None:
        wizard = self.wizard
        camera = self.hub.camera if self.hub is not None else None
        if camera is None:
            wizard._materials_message("warning", self.tr("未启用高拍仪：可用「添加附件」或「从扫描仪导入」"))
            return
        rows = wizard._selected_rows()
        if len(rows) != 1:
            wizard._materials_message("warning", self.tr("请先选中要拍摄的那一项材料（一次一项）"))
            return
        row = rows[0]
        label = self.tr("高拍仪拍摄 {time}.jpg").format(time=f"{clock.shanghai_now():%H%M%S}")
        wizard._materials_message("info", self.tr("正在拍摄「{name}」…").format(name=wizard.model.row(row).name),
                                  progress=True)
        wizard.submit_task("camera", capture_page, camera, self.hub.config.crop_pages, label,
                       on_done=lambda attached: wizard._on_attached([(row, attached)]),
                       on_error=wizard._on_attach_failed)
