"""Secrets in the OS keyring: the device's signing key, the key that encrypts 经办人 data.

Nothing secret goes into a file or QSettings. A machine without a usable keyring (a headless
server, CI) gets a clear error, unless the demo explicitly allows an insecure file keyring
(``KUAIXIANG_INSECURE_KEYRING=1``), which says so in the log.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import fail

from ..paths import data_dir, write_private

log = logging.getLogger(__name__)
SERVICE = "kuaixiang"


class SecretStoreUnavailable(RuntimeError):
    pass


class InsecureFileKeyring(KeyringBackend):
    """A plain JSON file in the data dir, mode 0600: for the demo on machines with no keyring."""

    priority = 0.1  # type: ignore[assignment]

    def __init__(self, path: Path | None = None):
        super().__init__()
        self.path = path or data_dir() / "insecure-keyring.json"

    def _load(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get_password(self, service, username):
        return self._load().get(f"{service}\x00{username}")

    def _save(self, data: dict) -> None:
        write_private(self.path, json.dumps(data).encode("utf-8"))

    def set_password(self, service, username, password):
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._save(data)

    def delete_password(self, service, username):
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        self._save(data)


_warned = False


@contextlib.contextmanager
def file_keyring(path: Path) -> Iterator[None]:
    """Secrets in the plain file at ``path`` while the block runs (benchmarks, end-to-end tests:
    processes that share one keyring through a file); the keyring before it afterwards."""
    previous = keyring.get_keyring()
    keyring.set_keyring(InsecureFileKeyring(path))
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def _backend() -> KeyringBackend:
    global _warned
    backend = keyring.get_keyring()
    if not isinstance(backend, fail.Keyring):
        return backend
    if os.environ.get("KUAIXIANG_INSECURE_KEYRING") == "1":
        if not _warned:
            log.warning("没有可用的系统密钥环：演示模式下密钥保存在数据目录的明文文件中，切勿用于生产")
            _warned = True
        return InsecureFileKeyring()
    raise SecretStoreUnavailable(
        "没有可用的系统密钥环（Windows 凭据管理器 / Secret Service），无法保存设备密钥。"
        "请在桌面会话中运行，或安装并解锁密钥环。"
    )


def get_secret(name: str) -> bytes | None:
    try:
        value = _backend().get_password(SERVICE, name)
    except keyring.errors.KeyringError as exc:
        raise SecretStoreUnavailable(f"读取密钥环失败：{exc}") from exc
    return None if value is None else base64.b64decode(value)


def set_secret(name: str, value: bytes) -> None:
    try:
        _backend().set_password(SERVICE, name, base64.b64encode(value).decode())
    except keyring.errors.KeyringError as exc:
        raise SecretStoreUnavailable(f"写入密钥环失败：{exc}") from exc


def delete_secret(name: str) -> None:
    try:
        _backend().delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        pass  # already gone: what the caller wanted
    except keyring.errors.KeyringError as exc:
        raise SecretStoreUnavailable(f"删除密钥失败：{exc}") from exc


def get_or_create(name: str, make) -> bytes:
    value = get_secret(name)
    if value is None:
        value = make()
        set_secret(name, value)
    return value
