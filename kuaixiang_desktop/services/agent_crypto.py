"""经办人 ID numbers and phones: AES-GCM at rest, the key in the OS keyring, masked on show."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .secrets import get_or_create

_KEY_NAME = "agent-data-key"
_NONCE = 12


def _key() -> bytes:
    return get_or_create(_KEY_NAME, lambda: AESGCM.generate_key(bit_length=256))


def encrypt(plain: str, context: str) -> bytes:
    """nonce ‖ ciphertext; ``context`` (the application id) is bound in as associated data,
    so a value cannot be moved to another application's row and still decrypt."""
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(_key()).encrypt(nonce, plain.encode("utf-8"), context.encode("utf-8"))


class DecryptError(ValueError):
    pass


def decrypt(blob: bytes, context: str) -> str:
    try:
        return AESGCM(_key()).decrypt(blob[:_NONCE], blob[_NONCE:], context.encode("utf-8")).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise DecryptError("经办人信息无法解密：密钥不符或数据被改动") from exc

