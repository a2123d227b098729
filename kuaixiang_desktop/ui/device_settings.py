"""The 设备 group of the settings dialog: which ID card reader driver (and its library and
port), which document camera, which evaluator.  Saved to the devices' own settings file
(:mod:`kuaixiang_desktop.devices.config`) by the main window when the dialog is accepted."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ..devices.camera import loopback_address
from ..devices.config import DeviceConfig
from ..devices.errors import DeviceError


class DeviceSettingsGroup(QGroupBox):
    def __init__(self, config: DeviceConfig, parent: QWidget | None = None):
        super().__init__(self.tr("设备"), parent)
        self.setObjectName("deviceGroup")
        self._config = config
        form = QFormLayout(self)
        self.readerCombo = QComboBox(self)
        for label, driver in ((self.tr("不使用（手工填写）"), "none"),
                              (self.tr("termb 系列（termb.dll / libtermb.so）"), "termb"),
                              (self.tr("sdtapi 系列（sdtapi.dll / libsdtapi.so）"), "sdtapi"),
                              (self.tr("模拟阅读器（演示、培训）"), "simulated")):
            self.readerCombo.addItem(label, driver)
        form.addRow(self.tr("身份证阅读器(&R)："), self.readerCombo)
        self.libraryEdit = QLineEdit(self)
        self.libraryEdit.setPlaceholderText(self.tr("厂商提供的驱动库文件"))
        browse = QPushButton(self.tr("浏览…"), self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse_library)
        self.libraryBrowseButton = browse
        row = QHBoxLayout()
        row.addWidget(self.libraryEdit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("驱动库："), row)
        self.portSpin = QSpinBox(self)
        self.portSpin.setRange(1, 9999)
        self.portSpin.setToolTip(self.tr("1–16 为串口，1001–1016 为 USB 口"))
        form.addRow(self.tr("端口："), self.portSpin)
        self.placementCheck = QCheckBox(self.tr("放上证件即读取（否则按 F4 读取）"), self)
        form.addRow("", self.placementCheck)
        self.cameraCombo = QComboBox(self)
        for label, driver in ((self.tr("不使用"), "none"), (self.tr("厂商本机采集服务（HTTP）"), "service"),
                              (self.tr("模拟高拍仪（演示、培训）"), "simulated")):
            self.cameraCombo.addItem(label, driver)
        form.addRow(self.tr("高拍仪(&K)："), self.cameraCombo)
        self.cameraUrlEdit = QLineEdit(self)
        self.cameraUrlEdit.setToolTip(self.tr("只能是本机地址，如 http://127.0.0.1:38088/capture"))
        form.addRow(self.tr("采集服务地址："), self.cameraUrlEdit)
        self.cropCheck = QCheckBox(self.tr("自动裁边、摆正"), self)
        form.addRow("", self.cropCheck)
        self.evaluatorCombo = QComboBox(self)
        for label, driver in ((self.tr("无评价器：回执上的二维码评价"), "receipt_qr"),
                              (self.tr("副屏评价"), "second_screen"), (self.tr("模拟评价器（演示、培训）"), "simulated")):
            self.evaluatorCombo.addItem(label, driver)
        form.addRow(self.tr("评价器(&E)："), self.evaluatorCombo)
        self.readerCombo.currentIndexChanged.connect(self._enable)
        self.cameraCombo.currentIndexChanged.connect(self._enable)
        self._load()

    def _load(self) -> None:
        c = self._config
        self.readerCombo.setCurrentIndex(max(0, self.readerCombo.findData(c.reader)))
        self.libraryEdit.setText(c.reader_library)
        self.portSpin.setValue(c.reader_port)
        self.placementCheck.setChecked(c.read_on_placement)
        self.cameraCombo.setCurrentIndex(max(0, self.cameraCombo.findData(c.camera)))
        self.cameraUrlEdit.setText(c.camera_url)
        self.cropCheck.setChecked(c.crop_pages)
        self.evaluatorCombo.setCurrentIndex(max(0, self.evaluatorCombo.findData(c.evaluator)))
        self._enable()

    def _enable(self, *_: object) -> None:
        native = self.readerCombo.currentData() in ("termb", "sdtapi")
        for widget in (self.libraryEdit, self.libraryBrowseButton, self.portSpin):
            widget.setEnabled(native)
        self.placementCheck.setEnabled(self.readerCombo.currentData() != "none")
        self.cameraUrlEdit.setEnabled(self.cameraCombo.currentData() == "service")
        self.cropCheck.setEnabled(self.cameraCombo.currentData() != "none")

    def _browse_library(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("身份证阅读器驱动库"), self.libraryEdit.text(),
                                                    self.tr("驱动库 (*.dll *.so *.so.*);;所有文件 (*)"))
        if path:
            self.libraryEdit.setText(path)

    def problem(self) -> tuple[str, QWidget] | None:
        """What is wrong with the entries, and where; None when they can be saved."""
        if self.readerCombo.currentData() in ("termb", "sdtapi"):
            library = self.libraryEdit.text().strip()
            if not library:
                return self.tr("请选择身份证阅读器的驱动库文件"), self.libraryEdit
            if not Path(library).expanduser().is_file():
                return self.tr("身份证阅读器的驱动库不存在：{path}").format(path=library), self.libraryEdit
        if self.cameraCombo.currentData() == "service":
            try:
                loopback_address(self.cameraUrlEdit.text().strip())
            except DeviceError as exc:
                return exc.message, self.cameraUrlEdit
        return None

    def config(self) -> DeviceConfig:
        library = self.libraryEdit.text().strip()
        return dataclasses.replace(
            self._config, reader=self.readerCombo.currentData(),
            reader_library=str(Path(library).expanduser()) if library else "", reader_port=self.portSpin.value(),
            read_on_placement=self.placementCheck.isChecked(), camera=self.cameraCombo.currentData(),
            camera_url=self.cameraUrlEdit.text().strip(), crop_pages=self.cropCheck.isChecked(),
            evaluator=self.evaluatorCombo.currentData(), problems=())
