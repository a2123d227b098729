"""Small documents the central server signs with its certifying key (device_trust): a hall's
provisioning and an update manifest. One canonical form for both sides to sign and check.

The signed bytes are ``domain ‖ canonical JSON`` (sorted keys, no spaces, UTF-8) of the
document without its ``sig`` field; the domain (``b"KXPROV1."``, ``b"KXUPD1."``) keeps a
signature of one kind from being accepted as another. Values are strings, integers and
null only, so parsing and dumping again gives the same bytes.

Base45 (RFC 9285) carries bytes in a QR code's alphanumeric mode at 5.5 bits a character,
against 8 for base64 in byte mode, and is typed by a scanner as plain ASCII.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["b45decode", "b45encode", "canonical", "sign", "verify"]

_B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {c: i for i, c in enumerate(_B45)}


def canonical(doc: Mapping[str, Any]) -> bytes:
    """The document without ``sig``, as the signature covers it."""
    body = {k: v for k, v in doc.items() if k != "sig"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(domain: bytes, doc: Mapping[str, Any], private_bytes: bytes) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes(private_bytes))
    return base64.b64encode(key.sign(domain + canonical(doc))).decode("ascii")


def verify(domain: bytes, doc: Mapping[str, Any], public_bytes: bytes) -> bool:
    signature = doc.get("sig")
    if not isinstance(signature, str):
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(bytes(public_bytes)).verify(raw, domain + canonical(doc))
    except (binascii.Error, ValueError, TypeError, InvalidSignature):
        return False
    return True


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        n, c = divmod(n, 45)
        e, d = divmod(n, 45)
        out.append(_B45[c] + _B45[d] + _B45[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out.append(_B45[c] + _B45[d])
    return "".join(out)


def b45decode(text: str) -> bytes:
    """Raises ValueError on a character outside the alphabet or a value that is not a byte."""
    try:
        values = [_B45_INDEX[c] for c in text]
    except KeyError as exc:
        raise ValueError(f"不是 base45 字符：{exc.args[0]!r}") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise ValueError("base45 数值越界")
            out += n.to_bytes(2, "big")
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise ValueError("base45 数值越界")
            out.append(n)
        else:
            raise ValueError("base45 长度不对")
    return bytes(out)
