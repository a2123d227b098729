"""One health state per device, as the status bar and ``kuaixiang devices`` show it."""

from __future__ import annotations

from dataclasses import dataclass

READY = "ready"  # opened and answering
OFF = "off"  # no driver chosen in the settings: not an error
UNPLUGGED = "unplugged"  # chosen, but not there (library missing, device not connected)
FAULT = "fault"  # there, but failing

STATES = (READY, OFF, UNPLUGGED, FAULT)
STATE_NAMES = {READY: "就绪", OFF: "未启用", UNPLUGGED: "未连接", FAULT: "故障"}

READER, CAMERA, EVALUATOR = "id_reader", "camera", "evaluator"
KIND_NAMES = {READER: "身份证阅读器", CAMERA: "高拍仪", EVALUATOR: "评价器"}


@dataclass(frozen=True)
class DeviceStatus:
    kind: str  # READER, CAMERA or EVALUATOR
    driver: str  # the configured driver's name ("none" when OFF)
    state: str  # one of STATES
    detail: str = ""  # what is wrong, in words the clerk can act on

    @property
    def ok(self) -> bool:
        """Nothing for anyone to do: ready, or deliberately off."""
        return self.state in (READY, OFF)

    def to_json(self) -> dict:
        return {"kind": self.kind, "driver": self.driver, "state": self.state, "detail": self.detail}

    def describe(self) -> str:
        text = f"{KIND_NAMES[self.kind]}：{STATE_NAMES[self.state]}"
        return f"{text}（{self.detail}）" if self.detail else text
