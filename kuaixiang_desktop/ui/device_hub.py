"""The window's adapter for the hall's devices (:mod:`kuaixiang_desktop.devices`): one
background thread that polls the ID card reader and checks every device's health, and the
signals that bring cards, refusals and health states to the GUI thread.

Reading on placement is on only while someone listens (the 代办申请 wizard's 经办人 page): a
card placed earlier waits on the reader and is read when the page opens.  While nobody
listens the thread only looks whether the reader is there and whether the card was lifted,
so the status bar stays true and a card is still read once only.  The card (with its photo)
crosses to the GUI thread in a signal and is not kept here.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from ..devices import config as device_config
from ..devices.camera import DocumentCamera
from ..devices.config import DeviceConfig
from ..devices.evaluator import EvaluatorPad
from ..devices.health import CAMERA, EVALUATOR, OFF, READER, READY, DeviceStatus
from ..devices.idcard import ReaderSession, ReadOutcome
from ..devices.registry import make_camera, make_evaluator, make_reader, probe_status
from .qtcompat import emit

log = logging.getLogger(__name__)

LISTEN_INTERVAL_S = 0.25  # a card placed is read within a quarter of a second
IDLE_INTERVAL_S = 2.0
OTHER_DEVICES_EVERY = 8  # idle rounds between the camera's and the pad's health checks


class _DeviceLoop(QThread):
    outcome = Signal(object)  # ReadOutcome
    status = Signal(object)  # DeviceStatus

    def __init__(self, session: ReaderSession | None, camera: DocumentCamera | None, pad: EvaluatorPad,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.session, self.camera, self.pad = session, camera, pad
        self.listening = False
        self.read_on_placement = True
        self._read_requested = False
        self._stopping = False
        self._wake = threading.Event()
        self._shown: dict[str, DeviceStatus] = {}

    def request_read(self) -> None:
        self._read_requested = True
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()

    def _report(self, status: DeviceStatus) -> None:
        if self._shown.get(status.kind) != status:
            self._shown[status.kind] = status
            emit(self.status, status)

    def _others(self) -> None:
        if self.camera is not None:
            self._report(probe_status(CAMERA, self.camera.driver, self.camera.probe))
        if self.pad.interactive:
            self._report(probe_status(EVALUATOR, self.pad.driver, self.pad.probe))

    def run(self) -> None:  # the loop's own thread
        rounds = 0
        try:
            while not self._stopping:
                if rounds % OTHER_DEVICES_EVERY == 0:
                    self._others()
                rounds += 1
                if self.session is not None:
                    self._reader_round()
                    self._report(self.session.status)
                wait = LISTEN_INTERVAL_S if self.listening and self.session is not None else IDLE_INTERVAL_S
                self._wake.wait(wait)
                self._wake.clear()
        finally:
            if self.session is not None:
                self.session.close()

    def _reader_round(self) -> None:
        session = self.session
        outcome: ReadOutcome | None
        if self._read_requested:
            self._read_requested = False
            outcome = session.read_now()
        elif self.listening and self.read_on_placement:
            outcome = session.poll()
        else:
            session.check()
            outcome = None
        if outcome is not None:
            emit(self.outcome, outcome)


class DeviceHub(QObject):
    """Signals (GUI thread): ``status_changed(DeviceStatus)`` whenever a device's health
    changes; ``card_read(IdCard)`` for a card accepted while someone listens (or on the
    read key); ``read_problem(str)`` for a card refused or a read that failed."""

    status_changed = Signal(object)
    card_read = Signal(object)
    read_problem = Signal(str)

    def __init__(self, config_file: Path, *, demo: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.config_file = Path(config_file)
        self.demo = demo
        self.config = device_config.load(self.config_file, demo=demo)
        self.statuses: dict[str, DeviceStatus] = {}
        self.camera: DocumentCamera | None = None
        self.evaluator: EvaluatorPad = make_evaluator(self.config)
        self._listeners: set[int] = set()
        self._loop: _DeviceLoop | None = None
        self._restart_pending = False
        for problem in self.config.problems:
            log.warning("device settings: %s", problem)
        self._start()

    @property
    def reader_driver(self) -> str:
        return self.config.reader

    def _start(self) -> None:
        reader = make_reader(self.config, self.config_file)
        self.camera = make_camera(self.config)
        self.evaluator = make_evaluator(self.config)
        self.statuses = {
            READER: DeviceStatus(READER, "none", OFF) if reader is None else DeviceStatus(READER, reader.driver, OFF, "正在连接"),
            CAMERA: DeviceStatus(CAMERA, "none", OFF) if self.camera is None else DeviceStatus(CAMERA, self.camera.driver, OFF, "正在连接"),
            EVALUATOR: DeviceStatus(EVALUATOR, self.evaluator.driver, READY),
        }
        if reader is None and self.camera is None and not self.evaluator.interactive:
            return  # nothing to watch: no thread
        loop = _DeviceLoop(ReaderSession(reader) if reader is not None else None, self.camera, self.evaluator, self)
        loop.listening = bool(self._listeners)
        loop.read_on_placement = self.config.read_on_placement
        loop.outcome.connect(self._on_outcome)
        loop.status.connect(self._on_status)
        self._loop = loop
        loop.start()

    def _on_status(self, status: DeviceStatus) -> None:
        self.statuses[status.kind] = status
        emit(self.status_changed, status)

    def _on_outcome(self, outcome: ReadOutcome) -> None:
        if outcome.card is not None:
            if self._listeners:
                emit(self.card_read, outcome.card)
        else:
            emit(self.read_problem, outcome.refused or outcome.error)

    # -- for the pages -----------------------------------------------------------------------

    def listen(self, owner: object, on: bool) -> None:
        """``owner`` (a page) wants cards read on placement (``on``) or no longer."""
        if on:
            self._listeners.add(id(owner))
        else:
            self._listeners.discard(id(owner))
        if self._loop is not None:
            self._loop.listening = bool(self._listeners)
            self._loop.wake()

    def read_now(self) -> bool:
        """The read key; False when no reader is configured (the page says so)."""
        if self._loop is None or self._loop.session is None:
            return False
        self._loop.request_read()
        return True

    def apply(self, config: DeviceConfig) -> None:
        """New settings from the settings dialog: saved, and the devices opened afresh.

        The window does not wait for the old devices: their thread may be inside a vendor
        call for seconds. It is told to stop, and the new devices open when it has let go of
        them (never two threads on one reader library)."""
        device_config.save(self.config_file, config)
        self.config = config
        old, self._loop = self._loop, None
        if self._restart_pending:
            return  # the restart already waiting opens the newest settings
        if old is None or old.isFinished():
            self._restart()
            return
        old.outcome.disconnect(self._on_outcome)
        old.status.disconnect(self._on_status)
        self._restart_pending = True
        old.finished.connect(self._restart)
        old.finished.connect(old.deleteLater)
        old.stop()

    def _restart(self) -> None:
        self._restart_pending = False
        self._start()
        for status in self.statuses.values():
            emit(self.status_changed, status)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        loop, self._loop = self._loop, None
        if loop is None:
            return True
        loop.stop()
        finished = loop.wait(timeout_ms)
        if not finished:
            log.warning("the device thread did not stop within %d ms (a reader call hangs)", timeout_ms)
        return finished
