"""经办人 ID numbers and phones, and the material scans: AES-GCM at rest, the keys in the OS
keyring, masked on show."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .secrets import get_or_create

_KEY_NAME = "agent-data-key"
# The scans have a key of their own: a leaked or rotated one does not carry the other along.
FILE_KEY_NAME = "attachment-data-key"
_NONCE = 12


def _key(name: str = _KEY_NAME) -> bytes:
    return get_or_create(name, lambda: AESGCM.generate_key(bit_length=256))


def seal(plain: bytes, context: str, key_name: str = _KEY_NAME) -> bytes:
    """nonce ‖ ciphertext; ``context`` is bound in as associated data, so a value cannot be
    moved to another row (or file) and still decrypt."""
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(_key(key_name)).encrypt(nonce, plain, context.encode("utf-8"))


class DecryptError(ValueError):
    pass


def unseal(blob: bytes, context: str, key_name: str = _KEY_NAME) -> bytes:
    try:
        return AESGCM(_key(key_name)).decrypt(blob[:_NONCE], blob[_NONCE:], context.encode("utf-8"))
    except (InvalidTag, ValueError) as exc:
        raise DecryptError("无法解密：密钥不符或数据被改动") from exc


def encrypt(plain: str, context: str) -> bytes:
    """An agent's value; ``context`` is the application id."""
    return seal(plain.encode("utf-8"), context)


def decrypt(blob: bytes, context: str) -> str:
    try:
        return unseal(blob, context).decode("utf-8")
    except (DecryptError, UnicodeDecodeError) as exc:
        raise DecryptError("经办人信息无法解密：密钥不符或数据被改动") from exc
