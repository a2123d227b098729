"""The devices' health in the status bar: one short word per configured device (a device
that is off says nothing), highlighted when one needs attention; the tooltip says what is
wrong and what to do."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from ..devices.health import CAMERA, EVALUATOR, FAULT, OFF, READER, READY, UNPLUGGED, DeviceStatus
from .device_hub import DeviceHub

_C = "DeviceStatus"
KINDS = {
    READER: QT_TRANSLATE_NOOP("DeviceStatus", "读卡器"),
    CAMERA: QT_TRANSLATE_NOOP("DeviceStatus", "高拍仪"),
    EVALUATOR: QT_TRANSLATE_NOOP("DeviceStatus", "评价器"),
}
STATES = {
    READY: QT_TRANSLATE_NOOP("DeviceStatus", "就绪"),
    OFF: QT_TRANSLATE_NOOP("DeviceStatus", "未启用"),
    UNPLUGGED: QT_TRANSLATE_NOOP("DeviceStatus", "未连接"),
    FAULT: QT_TRANSLATE_NOOP("DeviceStatus", "故障"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate(_C, text)


class DeviceStatusLabel(QLabel):
    def __init__(self, hub: DeviceHub, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deviceStatusLabel")
        self.hub = hub
        hub.status_changed.connect(self.refresh)
        self.refresh()

    def shown(self) -> list[DeviceStatus]:
        """The devices the label speaks of: those configured (the pad only when it is one)."""
        return [s for kind, s in sorted(self.hub.statuses.items(), key=lambda kv: list(KINDS).index(kv[0]))
                if s.driver not in ("none", "receipt_qr")]

    def refresh(self, *_: object) -> None:
        shown = self.shown()
        self.setVisible(bool(shown))
        self.setText("　".join(f"{_t(KINDS[s.kind])} {_t(STATES[s.state]) if s.state != OFF else '…'}" for s in shown))
        self.setToolTip("\n".join(f"{_t(KINDS[s.kind])}（{s.driver}）：{_t(STATES[s.state])}"
                                  + (f"：{s.detail}" if s.detail else "") for s in shown))
        alert = any(s.state in (UNPLUGGED, FAULT) for s in shown)
        self.setProperty("alert", alert)
        self.setAccessibleName(self.tr("设备状态"))
        self.style().unpolish(self)
        self.style().polish(self)
