"""What a device can fail with, in words for the clerk (every message says what to do)."""

from __future__ import annotations


class DeviceError(Exception):
    """The device answered, but not with what was asked: a fault (health FAULT)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DeviceUnavailable(DeviceError):
    """The device is not there: its library or function is missing, it is unplugged, its
    service does not answer (health UNPLUGGED)."""
