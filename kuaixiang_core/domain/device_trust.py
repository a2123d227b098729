"""Which device may sign receipts for which hall: the server's device certificates, the proof
a device gives when it registers, and the receipt number those are checked against.

- **Registration proof.** The server hands out a short-lived, single-use challenge; the device
  signs ``b"KXDEV1." + challenge + b"." + public key`` with its Ed25519 key. Only the holder of
  the private key can make it, so reading a device's key id and public key (``GET /devices``
  lists them) is not enough to register it elsewhere.
- **Certificates.** The server signs, with its own Ed25519 key, one certificate per binding of a
  device to a hall and window: ``b"KXCERT1." + canonical JSON`` of the fields below (the
  signature itself left out). A re-binding ends one certificate (``valid_to``) and starts
  another; a revocation stamps ``revoked_at`` on all of the device's certificates. Clients pin
  the server's key (first online log-in) and verify certificates offline.
- **Receipt numbers** are ``<hall>-<YYYYMMDD>-<first 4 of key id>-<NNNN>`` (the hall code has a
  hyphen itself): the hall and the date a receipt names.

A certificate covers a receipt when the hall matches and the receipt's date (on the hall's
clock) lies within the certificate's days, both ends included: the days, not the seconds,
because a window's clock may be some minutes off the server's. Revocation is judged by time.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import receipt_token
from .clock import shanghai_date

__all__ = [
    "CertificateError",
    "DeviceCertificate",
    "ReceiptNumber",
    "certificate_for",
    "parse_receipt_no",
    "proof_message",
    "public_key_of",
    "sign_certificate",
    "sign_proof",
    "signer_id",
    "verify_certificate",
    "verify_proof",
]

_CERT_DOMAIN = b"KXCERT1."
_PROOF_DOMAIN = b"KXDEV1."
_RECEIPT_NO = re.compile(r"^(?P<hall>.+)-(?P<day>\d{8})-(?P<device>[A-Z2-7]{4})-(?P<seq>\d{4,})$")


class CertificateError(ValueError):
    """A certificate that cannot be read; the message names the field (Chinese)."""


# --- keys ------------------------------------------------------------------------------------


def public_key_of(private_bytes: bytes) -> bytes:
    private = Ed25519PrivateKey.from_private_bytes(bytes(private_bytes))
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def signer_id(public_bytes: bytes) -> str:
    """The fingerprint of a server's certifying key: 16 base32 characters (80 bits)."""
    if len(public_bytes) != 32:
        raise ValueError("Ed25519 公钥应为 32 字节")
    digest = hashlib.sha256(b"kuaixiang-signer-key\x00" + bytes(public_bytes)).digest()[:10]
    return base64.b32encode(digest).decode("ascii")


def _sign(private_bytes: bytes, message: bytes) -> str:
    return base64.b64encode(Ed25519PrivateKey.from_private_bytes(bytes(private_bytes)).sign(message)).decode("ascii")


def _verify(public_bytes: bytes, message: bytes, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(bytes(public_bytes)).verify(raw, message)
    except (binascii.Error, ValueError, TypeError, InvalidSignature):
        return False
    return True


# --- the registration proof ---------------------------------------------------------------------


def proof_message(challenge: str, public_bytes: bytes) -> bytes:
    return _PROOF_DOMAIN + challenge.encode("ascii", "replace") + b"." + bytes(public_bytes)


def sign_proof(challenge: str, private_bytes: bytes) -> str:
    """The device's answer to a server challenge (base64 of the Ed25519 signature)."""
    return _sign(private_bytes, proof_message(challenge, public_key_of(private_bytes)))


def verify_proof(challenge: str, public_bytes: bytes, signature: str) -> bool:
    return _verify(public_bytes, proof_message(challenge, public_bytes), signature)


# --- certificates --------------------------------------------------------------------------------


def _time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.isoformat(timespec="seconds") + "Z"


def _read_time(obj: Mapping[str, Any], key: str, *, required: bool) -> dt.datetime | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise CertificateError(f"certificate.{key}: 缺少此项")
        return None
    if not isinstance(value, str) or not value.endswith("Z"):
        raise CertificateError(f"certificate.{key}: 应为 UTC 时间（…Z）")
    try:
        parsed = dt.datetime.fromisoformat(value[:-1])
    except ValueError:
        raise CertificateError(f"certificate.{key}: 不是 ISO 8601 时间：{value!r}") from None
    if parsed.tzinfo is not None:
        raise CertificateError(f"certificate.{key}: 应为 UTC 时间（…Z）")
    return parsed.replace(tzinfo=dt.UTC)


def _read_str(obj: Mapping[str, Any], key: str, *, required: bool, max_len: int = 200) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise CertificateError(f"certificate.{key}: 缺少此项")
        return None
    if not isinstance(value, str) or (required and not value) or len(value) > max_len:
        raise CertificateError(f"certificate.{key}: 应为不超过 {max_len} 个字符的文字")
    return value


@dataclass(frozen=True, slots=True)
class DeviceCertificate:
    """The server's word that device ``key_id`` (with ``public_key``) belongs to ``hall_code``
    and ``window`` from ``valid_from`` until ``valid_to`` (open when None); ``revoked_at`` once
    an administrator revoked the device. Times are aware UTC; ``signature`` is base64."""

    serial: int
    key_id: str
    public_key: bytes
    hall_code: str
    window: str | None
    label: str | None
    valid_from: dt.datetime
    valid_to: dt.datetime | None
    revoked_at: dt.datetime | None
    issued_at: dt.datetime
    signature: str = ""

    def content(self) -> dict:
        return {
            "serial": self.serial, "key_id": self.key_id,
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "hall_code": self.hall_code, "window": self.window, "label": self.label,
            "valid_from": _time(self.valid_from), "valid_to": _time(self.valid_to),
            "revoked_at": _time(self.revoked_at), "issued_at": _time(self.issued_at),
        }

    def signed_bytes(self) -> bytes:
        text = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return _CERT_DOMAIN + text.encode("utf-8")

    def to_json(self) -> dict:
        return {**self.content(), "signature": self.signature}

    @classmethod
    def from_json(cls, data: object) -> DeviceCertificate:
        if not isinstance(data, Mapping):
            raise CertificateError("certificate: 应为 JSON 对象")
        serial = data.get("serial")
        if isinstance(serial, bool) or not isinstance(serial, int) or not 0 < serial < 2**63:
            raise CertificateError("certificate.serial: 应为正整数")
        key_id = _read_str(data, "key_id", required=True, max_len=64) or ""
        try:
            public = base64.b64decode(_read_str(data, "public_key", required=True) or "", validate=True)
            if receipt_token.key_id(public) != key_id:
                raise ValueError
        except (binascii.Error, ValueError):
            raise CertificateError(f"certificate.public_key: 不是设备 {key_id} 的 Ed25519 公钥") from None
        return cls(
            serial=serial, key_id=key_id, public_key=public,
            hall_code=_read_str(data, "hall_code", required=True, max_len=32) or "",
            window=_read_str(data, "window", required=False, max_len=32),
            label=_read_str(data, "label", required=False),
            valid_from=_read_time(data, "valid_from", required=True),  # type: ignore[arg-type]
            valid_to=_read_time(data, "valid_to", required=False),
            revoked_at=_read_time(data, "revoked_at", required=False),
            issued_at=_read_time(data, "issued_at", required=True),  # type: ignore[arg-type]
            signature=_read_str(data, "signature", required=True, max_len=200) or "",
        )

    def covers_day(self, day: dt.date) -> bool:
        """Whether ``day`` (on the hall's clock) lies within this certificate's days."""
        if day < shanghai_date(self.valid_from):
            return False
        return self.valid_to is None or day <= shanghai_date(self.valid_to)


def sign_certificate(cert: DeviceCertificate, private_bytes: bytes) -> DeviceCertificate:
    """``cert`` with the signature of the server's key ``private_bytes``."""
    return replace(cert, signature=_sign(private_bytes, cert.signed_bytes()))


def verify_certificate(cert: DeviceCertificate, signer_public: bytes) -> bool:
    return bool(cert.signature) and _verify(signer_public, cert.signed_bytes(), cert.signature)


def certificate_for(certs: Iterable[DeviceCertificate], key_id: str, hall_code: str,
                    day: dt.date) -> DeviceCertificate | None:
    """The certificate (if any) that binds ``key_id`` to ``hall_code`` on ``day``."""
    for cert in certs:
        if cert.key_id == key_id and cert.hall_code == hall_code and cert.covers_day(day):
            return cert
    return None


# --- receipt numbers ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReceiptNumber:
    hall_code: str
    day: dt.date
    device: str  # the first four characters of the signing device's key id
    sequence: int


def parse_receipt_no(text: str) -> ReceiptNumber | None:
    """The parts of a receipt number, or None when it is not one of ours."""
    m = _RECEIPT_NO.match(text or "")
    if not m:
        return None
    try:
        day = dt.datetime.strptime(m["day"], "%Y%m%d").date()
    except ValueError:
        return None
    return ReceiptNumber(m["hall"], day, m["device"], int(m["seq"]))
