"""Agent ID numbers and phones at rest: AES-256-GCM, the key from the server's settings.

A value is ``nonce ‖ ciphertext``; the application id and the field name are bound in as
associated data, so a value moved to another row or column does not decrypt. Plain values
are never logged.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE = 12


class DecryptError(ValueError):
    pass


def encrypt(key: bytes, plain: str, *, application_id: str, field: str) -> bytes:
    nonce = os.urandom(_NONCE)
    aad = f"{application_id}:{field}".encode()
    return nonce + AESGCM(key).encrypt(nonce, plain.encode("utf-8"), aad)


def decrypt(key: bytes, blob: bytes, *, application_id: str, field: str) -> str:
    aad = f"{application_id}:{field}".encode()
    try:
        return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], aad).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise DecryptError("经办人信息无法解密：密钥不符或数据被改动") from exc
