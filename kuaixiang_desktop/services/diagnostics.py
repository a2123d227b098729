"""「导出诊断信息」: a zip for the county's help desk — versions, logs, settings and the state of
this device — with no personal data and no secret in it.

Nothing is copied from the database's tables of people: only counts and device states. The
logs and the settings file are scrubbed before they go in, twice over:

- literally: every 经办人 name, ID number and phone this database holds (the encrypted ones
  decrypted for the purpose), their masked forms, and the enterprises' contact phones;
- by pattern: resident ID numbers, mobile numbers and their masked forms, bearer tokens,
  ``password=…``/``token=…``/``key=…`` values, and any long run of base64 or hex (keys,
  tokens, signatures).

What was scrubbed is counted in ``manifest.json`` (how many, never what).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import platform
import re
import sys
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from sqlalchemy import func, select, text

from kuaixiang_core.domain.clock import utcnow

from .. import __version__, paths
from ..store.database import Database, current_revision
from ..store.models import DeviceCertificate, DeviceKey, TrustedSigner
from . import agent_crypto, provisioning, updates

MAX_LOG_BYTES = 5 * 1024 * 1024  # per file: the newest part of a longer log
HIDDEN = "[已隐去]"

_PATTERNS = (
    (re.compile(r"(?i)bearer\s+[\w\-.~+/=]+"), "Bearer " + HIDDEN),
    (re.compile(r"(?i)\b(password|passwd|pwd|token|secret|api[_-]?key|private[_-]?key|key)(\"?\s*[=:]\s*\"?)[^\s\",;&]+"),
     r"\1\2" + HIDDEN),
    (re.compile(r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![0-9A-Za-z])"), "[身份证号]"),
    (re.compile(r"(?<!\d)\d{15}(?!\d)"), "[证件号]"),
    (re.compile(r"(?<![\w*])[\dXx]{2,6}\*{3,}[\dXx]{0,6}(?![\w*])"), "[已隐去]"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "[手机号]"),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "[电话]"),
    (re.compile(r"[A-Za-z0-9+/_\-]{32,}={0,2}"), HIDDEN),
)


@dataclass(frozen=True)
class DiagnosticsResult:
    path: Path
    files: list[str]
    scrubbed: int

    def to_json(self) -> dict:
        return {"path": str(self.path), "files": self.files, "scrubbed": self.scrubbed}


def _known_pii(db: Database) -> set[str]:
    """Every personal value this database holds, in the clear, to be scrubbed literally."""
    found: set[str] = set()
    with db.engine.connect() as conn:
        for table in ("application", "apply_draft"):
            try:
                rows = conn.execute(text(f"SELECT id, agent_name, agent_id_enc, agent_phone_enc FROM {table}")).all()
            except Exception:  # noqa: BLE001 - an older schema without the table
                continue
            for app_id, name, id_enc, phone_enc in rows:
                found.add(name or "")
                for blob in (id_enc, phone_enc):
                    if blob:
                        try:
                            found.add(agent_crypto.decrypt(bytes(blob), str(app_id)))
                        except Exception:  # noqa: BLE001 - another key: the patterns still apply
                            pass
        for column in ("agent_id_masked", "agent_phone_masked"):
            found.update(v for (v,) in conn.execute(text(f"SELECT {column} FROM application")) if v)
        try:
            found.update(v for (v,) in conn.execute(text("SELECT contact_phone FROM enterprise")) if v)
        except Exception:  # noqa: BLE001 - column named otherwise in an older schema
            pass
    return {v for v in found if v and len(v) >= 2}


class Scrubber:
    def __init__(self, literals: set[str]):
        self._literals = sorted(literals, key=len, reverse=True)
        self.count = 0

    def __call__(self, content: str) -> str:
        for value in self._literals:
            if value in content:
                self.count += content.count(value)
                content = content.replace(value, HIDDEN)
        for pattern, replacement in _PATTERNS:
            content, n = pattern.subn(replacement, content)
            self.count += n
        return content


def _versions(db: Database) -> dict:
    def dist(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    install = updates.current_install()
    return {
        "app": __version__, "python": sys.version.split()[0], "implementation": platform.python_implementation(),
        "qt": dist("PySide6-Essentials") or dist("PySide6"), "sqlalchemy": dist("SQLAlchemy"),
        "os": platform.platform(), "machine": platform.machine(),
        "database_schema": current_revision(db.engine), "install_kind": install.kind,
        "update_platform": install.platform, "frozen": bool(getattr(sys, "frozen", False)),
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def _device_state(db: Database) -> dict:
    with db.sessions() as s:
        keys = [{"key_id": k.key_id, "local": k.is_local, "hall": k.hall_code} for k in s.scalars(select(DeviceKey))]
        certs = [{"serial": c.serial, "key_id": c.key_id, "hall": c.hall_code, "window": c.window,
                  "valid_from": _iso(c.valid_from), "valid_to": _iso(c.valid_to), "revoked_at": _iso(c.revoked_at)}
                 for c in s.scalars(select(DeviceCertificate))]
        signers = [{"key_id": t.key_id, "how": t.how, "server": t.server, "pinned_at": _iso(t.pinned_at),
                    "devices_synced_at": _iso(t.devices_synced_at)} for t in s.scalars(select(TrustedSigner))]
    counts: dict[str, dict] = {}
    with db.engine.connect() as conn:
        for table, column in (("outbox", "state"), ("application", "status")):
            try:
                rows = conn.execute(text(f"SELECT {column}, COUNT(*) FROM {table} GROUP BY {column}")).all()
                counts[table] = {str(k): n for k, n in rows}
            except Exception:  # noqa: BLE001 - a table an older schema names otherwise
                counts[table] = {}
        counts["enterprises"] = conn.execute(select(func.count()).select_from(text("enterprise"))).scalar()
    config = provisioning.provisioned(db)
    return {"device_keys": keys, "certificates": certs, "trusted_signers": signers, "counts": counts,
            "provisioning": config.to_json() if config else None}


def _session(db: Database) -> dict | None:
    from . import auth

    try:
        info = auth.current_session(db)
    except Exception:  # noqa: BLE001 - no keyring: the export still goes on
        return None
    if info is None:
        return None
    return {"hall_code": info.hall_code, "window": info.window, "role": info.role, "mode": info.mode,
            "server": info.server, "has_token": info.has_token, "expires_at": info.expires_at}


def _tail(path: Path) -> str:
    with path.open("rb") as f:
        size = path.stat().st_size
        if size > MAX_LOG_BYTES:
            f.seek(size - MAX_LOG_BYTES)
        return f.read().decode("utf-8", "replace")


def export(db: Database, out: Path, *, log_dir: Path | None = None, settings_file: Path | None = None,
           extra_versions: dict | None = None) -> DiagnosticsResult:
    """Write the zip to ``out`` (whole or not at all). ``settings_file``: the window's
    settings (ui passes QSettings' file); ``extra_versions``: what only the caller knows (Qt's
    run-time version)."""
    log_dir = log_dir or paths.data_dir() / "logs"
    scrub = Scrubber(_known_pii(db))
    files: dict[str, str] = {
        "versions.json": json.dumps({**_versions(db), **(extra_versions or {})}, ensure_ascii=False, indent=2),
        "device.json": scrub(json.dumps({"session": _session(db), **_device_state(db)}, ensure_ascii=False, indent=2)),
    }
    if settings_file is not None and settings_file.is_file():
        files["settings.ini"] = scrub(settings_file.read_text(encoding="utf-8", errors="replace"))
    if log_dir.is_dir():
        for log in sorted(log_dir.glob("*.log*")):
            if log.is_file():
                files[f"logs/{log.name}"] = scrub(_tail(log))
    manifest = {"created": _iso(utcnow()), "files": sorted(files), "scrubbed": scrub.count,
                "note": "不含经办人信息、令牌、密钥和密码；日志与设置已按值与模式清除"}
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    paths.write_private(out, buffer.getvalue())
    return DiagnosticsResult(out, sorted(files), scrub.count)
