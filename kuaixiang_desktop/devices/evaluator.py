"""The evaluator pad (评价器): where the enterprise rates the service (好差评) itself.

This module is only the device: it shows a rating request for one 办件 and hands back what
the enterprise pressed.  The rating flow (levels, reasons, the queue to the server, follow-
ups) is the rating service's, which calls :meth:`EvaluatorPad.request`.

Three kinds, chosen in the settings (``DeviceConfig.evaluator``):

- ``simulated``: a pad fed by the tests and the demo (:meth:`SimulatedPad.press`);
- ``second_screen``: a window on the screen that faces the enterprise; the window's adapter
  implements it (no hardware: :meth:`probe` always succeeds);
- ``receipt_qr``: no pad; the enterprise rates by the QR on its receipt later, so
  :meth:`request` answers at once with nothing (:data:`LATER`).

Levels are the five of 国办发〔2019〕51号, best first: 5 非常满意 … 1 非常不满意.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from .errors import DeviceUnavailable

LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


@dataclass(frozen=True)
class PadAnswer:
    level: int | None  # one of LEVELS; None: no answer on the pad (timed out, or rate later)
    reasons: tuple[str, ...] = ()  # chosen on the pad for 不满意 / 非常不满意
    comment: str = ""


LATER = PadAnswer(None)


class EvaluatorPad(Protocol):
    driver: str
    interactive: bool  # False: the enterprise rates elsewhere (the receipt's QR)

    def probe(self) -> None:
        """Raise ``DeviceUnavailable`` when the pad is not there."""

    def request(self, receipt_no: str, window: str, timeout_s: float) -> PadAnswer:
        """Ask for a rating of ``receipt_no`` at ``window``; blocks until pressed or timeout
        (a background thread calls it)."""


class ReceiptQrPad:
    driver = "receipt_qr"
    interactive = False

    def probe(self) -> None:
        pass

    def request(self, receipt_no: str, window: str, timeout_s: float) -> PadAnswer:
        return LATER


class SimulatedPad:
    """A pad whose buttons the tests press: ``press()`` answers the request that is waiting
    (or the next one)."""

    driver = "simulated"
    interactive = True

    def __init__(self, plugged: bool = True):
        self.plugged = plugged
        self.requests: list[tuple[str, str]] = []
        self._answer: PadAnswer | None = None
        self._pressed = threading.Condition()

    def probe(self) -> None:
        if not self.plugged:
            raise DeviceUnavailable("评价器未连接：请检查评价器的 USB 线，或在设置中改为「回执二维码评价」")

    def press(self, level: int, reasons: tuple[str, ...] = (), comment: str = "") -> None:
        if level not in LEVELS:
            raise ValueError(f"level must be one of {sorted(LEVELS)}, not {level!r}")
        with self._pressed:
            self._answer = PadAnswer(level, tuple(reasons), comment)
            self._pressed.notify_all()

    def request(self, receipt_no: str, window: str, timeout_s: float) -> PadAnswer:
        self.probe()
        with self._pressed:
            self.requests.append((receipt_no, window))
            self._pressed.wait_for(lambda: self._answer is not None, timeout=timeout_s)
            answer, self._answer = self._answer, None
        return answer or LATER


class SecondScreenPad:
    """Placeholder for the window's second-screen adapter (ui): the device side has nothing
    to open; the adapter overrides :meth:`request`."""

    driver = "second_screen"
    interactive = True

    def probe(self) -> None:
        pass

    def request(self, receipt_no: str, window: str, timeout_s: float) -> PadAnswer:
        return LATER
