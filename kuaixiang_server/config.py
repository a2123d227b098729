"""Settings of one server instance: where the database is, token lifetime, the data key.

Everything comes from arguments or the environment; nothing here is state that matters
between requests, so any number of instances with the same settings serve the same data.

| environment                     | meaning                                                       |
|---------------------------------|---------------------------------------------------------------|
| ``KUAIXIANG_SERVER_DB``         | database URL (``sqlite:///…``, ``postgresql://…``) or a path  |
| ``KUAIXIANG_SERVER_DATA_DIR``   | data dir: default SQLite file and the key file                |
| ``KUAIXIANG_SERVER_KEY``        | AES-256 key for agent data at rest: base64 or hex of 32 bytes |
| ``KUAIXIANG_SERVER_SIGNING_KEY``| Ed25519 key that certifies devices: base64 or hex of 32 bytes |
| ``KUAIXIANG_SERVER_TOKEN_HOURS``| bearer token lifetime in hours (default 8)                    |
| ``KUAIXIANG_SERVER_UPLOAD_HOURS``| a partial upload expires this long after its last byte (24)  |
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

DEFAULT_TOKEN_HOURS = 8.0
DEFAULT_UPLOAD_HOURS = 24.0
KEY_FILE = "server.key"
SIGNING_KEY_FILE = "signing.key"


class ConfigError(Exception):
    """A setting cannot be used; the message says which and why."""


def data_dir() -> Path:
    override = os.environ.get("KUAIXIANG_SERVER_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir("kuaixiang-server", "kuaixiang"))
    return path


def normalize_db_url(value: str | None, base: Path | None = None) -> str:
    """A SQLAlchemy URL: PostgreSQL goes through psycopg 3; a bare path is a SQLite file."""
    if not value:
        folder = base or data_dir()
        return f"sqlite:///{folder / 'server.sqlite3'}"
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _decode_key(text: str, where: str, what: str = "AES-256 密钥") -> bytes:
    text = text.strip()
    candidates = []
    if len(text) == 64:
        try:
            candidates.append(bytes.fromhex(text))
        except ValueError:
            pass
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            candidates.append(decode(text + "=" * (-len(text) % 4)))
        except (binascii.Error, ValueError):
            pass
    for key in candidates:
        if len(key) == 32:
            return key
    raise ConfigError(f"{where} 不是 32 字节的{what}（应为 base64 或 64 位十六进制）")


def _load_secret(folder: Path, env_name: str, file_name: str, what: str) -> bytes:
    """32 secret bytes from ``env_name``, else from ``<folder>/<file_name>`` (made on first
    use, readable by the owner only; another instance making it at the same moment wins)."""
    env = os.environ.get(env_name)
    if env:
        return _decode_key(env, f"环境变量 {env_name}", what)
    path = folder / file_name
    if path.exists():
        return _decode_key(path.read_text(encoding="ascii"), str(path), what)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(base64.b64encode(key).decode("ascii") + "\n")
        return key
    except FileExistsError:  # another instance made it first
        return _decode_key(path.read_text(encoding="ascii"), str(path), what)
    except OSError as exc:
        raise ConfigError(f"无法创建密钥文件 {path}：{exc.strerror}") from exc


def load_key(folder: Path) -> bytes:
    """The data key: ``KUAIXIANG_SERVER_KEY``, else ``<data dir>/server.key`` (made on first
    use, readable by the owner only). Instances sharing a database must share the key."""
    return _load_secret(folder, "KUAIXIANG_SERVER_KEY", KEY_FILE, "AES-256 密钥")


def load_signing_key(folder: Path) -> bytes:
    """The raw Ed25519 private key that certifies devices: ``KUAIXIANG_SERVER_SIGNING_KEY``,
    else ``<data dir>/signing.key``. Kept apart from the data key: clients pin its public
    half, so it outlives a rotation of the data key. Instances sharing a database must
    share it (the database records its fingerprint, see db.check_signing_key)."""
    return _load_secret(folder, "KUAIXIANG_SERVER_SIGNING_KEY", SIGNING_KEY_FILE, "Ed25519 签名密钥")


def _hours(name: str, default: float, what: str) -> float:
    """A number of hours from the environment, bounded to (0, 720]."""
    raw = os.environ.get(name)
    try:
        hours = float(raw) if raw else default
    except ValueError:
        raise ConfigError(f"{name}（{what}）应为数字（小时），实际是 {raw!r}") from None
    if not 0 < hours <= 24 * 30:  # also refuses NaN and inf
        raise ConfigError(f"{name}（{what}）应在 0 到 720 小时之间，实际是 {raw}")
    return hours


@dataclass
class Settings:
    db_url: str
    data_dir: Path
    token_lifetime: dt.timedelta = dt.timedelta(hours=DEFAULT_TOKEN_HOURS)
    login_max_failures: int = 5  # per account, from any address
    login_max_address_failures: int = 30  # per address, whatever the user names
    login_window: dt.timedelta = dt.timedelta(minutes=15)
    challenge_lifetime: dt.timedelta = dt.timedelta(minutes=2)


    upload_ttl: dt.timedelta = dt.timedelta(hours=DEFAULT_UPLOAD_HOURS)
    _key: bytes | None = field(default=None, repr=False)
    _signing_key: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, db: str | None = None, token_hours: float | None = None) -> Settings:
        folder = data_dir()
        url = normalize_db_url(db or os.environ.get("KUAIXIANG_SERVER_DB"), folder)
        if token_hours is None:
            raw = os.environ.get("KUAIXIANG_SERVER_TOKEN_HOURS")
            try:
                token_hours = float(raw) if raw else DEFAULT_TOKEN_HOURS
            except ValueError:
                raise ConfigError(f"KUAIXIANG_SERVER_TOKEN_HOURS 应为数字（小时），实际是 {raw!r}") from None
        if not 0 < token_hours <= 24 * 30:
            raise ConfigError(f"令牌有效期应在 0 到 720 小时之间，实际是 {token_hours}")
        upload_hours = _hours("KUAIXIANG_SERVER_UPLOAD_HOURS", DEFAULT_UPLOAD_HOURS, "未完成上传的保留时间")
        return cls(db_url=url, data_dir=folder, token_lifetime=dt.timedelta(hours=token_hours),
                   upload_ttl=dt.timedelta(hours=upload_hours))

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = load_key(self.data_dir)
        return self._key

    @property
    def signing_key(self) -> bytes:
        if self._signing_key is None:
            self._signing_key = load_signing_key(self.data_dir)
        return self._signing_key
