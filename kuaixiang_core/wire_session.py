"""The log-in and device messages of docs/sync-protocol.md ("Log-in and devices").

Part of the wire format (``kuaixiang_core.wire``, which re-exports every name here), kept in a
module of its own so that neither grows past a readable size. Strict ``from_json`` as there:
a bad body raises :class:`~kuaixiang_core.wire.WireError` naming the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .domain.device_trust import CertificateError, DeviceCertificate
from .wire import WireError, _obj, _str, format_time, parse_time

__all__ = ["ClerkInfo", "DeviceChallenge", "DeviceEntry", "DeviceInfo", "DeviceList", "LoginRequest", "LoginResponse",
           "SignerInfo"]


@dataclass(frozen=True)
class DeviceInfo:
    """The window's device key: receipts' QR codes are signed with its private half.
    ``challenge`` (from ``POST /devices/challenge``) and ``signature`` (the device's answer,
    ``domain/device_trust.sign_proof``) prove that the caller holds that private half."""

    key_id: str
    public_key: str  # base64 of the 32-byte raw Ed25519 public key
    label: str | None = None
    challenge: str | None = None
    signature: str | None = None

    def to_json(self) -> dict:
        out = {"key_id": self.key_id, "public_key": self.public_key, "label": self.label}
        return {**out, "challenge": self.challenge, "signature": self.signature} if self.challenge else out

    @classmethod
    def from_json(cls, data: object, where: str = "device") -> DeviceInfo:
        obj = _obj(data, where)
        return cls(
            _str(obj, "key_id", where, max_len=64) or "",
            _str(obj, "public_key", where, max_len=200) or "",
            _str(obj, "label", where, required=False, max_len=200),
            _str(obj, "challenge", where, required=False, max_len=200),
            _str(obj, "signature", where, required=False, max_len=200),
        )


@dataclass(frozen=True)
class DeviceChallenge:
    """``POST /devices/challenge``: a single-use challenge a device signs to register."""

    challenge: str
    expires_at: dt.datetime

    def to_json(self) -> dict:
        return {"challenge": self.challenge, "expires_at": format_time(self.expires_at)}

    @classmethod
    def from_json(cls, data: object) -> DeviceChallenge:
        obj = _obj(data, "")
        return cls(_str(obj, "challenge", "", max_len=200) or "", parse_time(obj.get("expires_at"), "expires_at"))


@dataclass(frozen=True)
class SignerInfo:
    """The server's certifying key (base64 of the raw Ed25519 public key) and its fingerprint."""

    key_id: str
    public_key: str

    def to_json(self) -> dict:
        return {"key_id": self.key_id, "public_key": self.public_key}

    @classmethod
    def from_json(cls, data: object, where: str = "signer") -> SignerInfo:
        obj = _obj(data, where)
        return cls(_str(obj, "key_id", where, max_len=64) or "", _str(obj, "public_key", where, max_len=200) or "")


@dataclass(frozen=True)
class LoginRequest:
    username: str
    password: str
    device: DeviceInfo | None = None

    def to_json(self) -> dict:
        out: dict = {"username": self.username, "password": self.password}
        if self.device is not None:
            out["device"] = self.device.to_json()
        return out

    @classmethod
    def from_json(cls, data: object) -> LoginRequest:
        obj = _obj(data, "")
        device = obj.get("device")
        return cls(
            _str(obj, "username", "", max_len=100) or "",
            _str(obj, "password", "", max_len=1000) or "",
            DeviceInfo.from_json(device) if device is not None else None,
        )


@dataclass(frozen=True)
class ClerkInfo:
    username: str
    display_name: str
    hall_code: str
    hall_name: str
    window: str | None
    role: str

    def to_json(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: object) -> ClerkInfo:
        obj = _obj(data, "clerk")
        return cls(
            _str(obj, "username", "clerk") or "",
            _str(obj, "display_name", "clerk", required=False) or "",
            _str(obj, "hall_code", "clerk") or "",
            _str(obj, "hall_name", "clerk", required=False) or "",
            _str(obj, "window", "clerk", required=False),
            _str(obj, "role", "clerk", required=False) or "clerk",
        )


@dataclass(frozen=True)
class LoginResponse:
    token: str
    expires_at: dt.datetime
    clerk: ClerkInfo
    signer: SignerInfo | None = None  # pinned by the client at its first online log-in

    def to_json(self) -> dict:
        out = {"token": self.token, "expires_at": format_time(self.expires_at), "clerk": self.clerk.to_json()}
        return {**out, "signer": self.signer.to_json()} if self.signer else out

    @classmethod
    def from_json(cls, data: object) -> LoginResponse:
        obj = _obj(data, "")
        return cls(
            _str(obj, "token", "") or "",
            parse_time(obj.get("expires_at"), "expires_at"),  # type: ignore[arg-type]
            ClerkInfo.from_json(obj.get("clerk")),
            SignerInfo.from_json(obj["signer"]) if obj.get("signer") is not None else None,
        )


@dataclass(frozen=True)
class DeviceEntry:
    """A device as ``GET /devices`` lists it: its current binding, and every certificate the
    server signed for it (``domain/device_trust.DeviceCertificate``)."""

    key_id: str
    public_key: str
    hall_code: str | None
    label: str | None
    window: str | None = None
    revoked_at: str | None = None
    certificates: tuple[DeviceCertificate, ...] = ()

    def to_json(self) -> dict:
        return {**self.__dict__, "certificates": [c.to_json() for c in self.certificates]}

    @classmethod
    def from_json(cls, data: object) -> DeviceEntry:
        obj = _obj(data, "device")
        certs = obj.get("certificates") or []
        if not isinstance(certs, list):
            raise WireError("device.certificates", "应为列表")
        try:
            parsed = tuple(DeviceCertificate.from_json(c) for c in certs)
        except CertificateError as exc:
            raise WireError("device.certificates", str(exc)) from None
        revoked = _str(obj, "revoked_at", "device", required=False, max_len=64)
        if revoked is not None:
            parse_time(revoked, "device.revoked_at")
        return cls(
            _str(obj, "key_id", "device") or "",
            _str(obj, "public_key", "device") or "",
            _str(obj, "hall_code", "device", required=False),
            _str(obj, "label", "device", required=False),
            _str(obj, "window", "device", required=False), revoked, parsed,
        )


@dataclass(frozen=True)
class DeviceList:
    """``GET /devices``: every device, and the key that signed their certificates."""

    devices: list[DeviceEntry]
    signer: SignerInfo | None = None

    def to_json(self) -> dict:
        out: dict = {"devices": [d.to_json() for d in self.devices]}
        return {**out, "signer": self.signer.to_json()} if self.signer else out

    @classmethod
    def from_json(cls, data: object) -> DeviceList:
        obj = _obj(data, "")
        raw = obj.get("devices")
        if not isinstance(raw, list):
            raise WireError("devices", "应为列表")
        signer = SignerInfo.from_json(obj["signer"]) if obj.get("signer") is not None else None
        return cls([DeviceEntry.from_json(d) for d in raw], signer)
