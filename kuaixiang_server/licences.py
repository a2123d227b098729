"""电子营业执照: from the code an enterprise shows at the window to the enterprise it names.

The code of a 电子营业执照 is issued and checked by the national service (国家市场监督管理总局);
it is opaque and expires within minutes, and nothing in it can be trusted without asking the
issuer.  This reference server has no connection to that service, so it cannot verify a real
code: the default :class:`NoResolver` says exactly that, and the client tells the clerk to
look the enterprise up by its credit code instead.

Deployments with access put their own resolver behind :class:`LicenceResolver` (one method:
the code → the credit code the issuer vouches for, or None).  :class:`DemoResolver` stands in
for the issuer in the demo and the tests: its codes are
``https://zzlz.gsxt.gov.cn/demo/e/TOKEN``, TOKEN an HMAC of the credit code under the
server's own key, so that only this server can have issued them and none can be forged.

Either way the answer names an enterprise only when this server holds its record: the
client opens what the server vouches for, never what the code itself says.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select

from .config import ConfigError
from .db import Database
from .models import Enterprise

MAX_CODE = 2048
DEMO_PREFIX = "https://zzlz.gsxt.gov.cn/demo/e/"
ENV = "KUAIXIANG_SERVER_LICENCE_RESOLVER"  # "none" (default) or "demo"


class LicenceResolver(Protocol):
    verifies: bool  # False: this resolver cannot verify any code (no issuer to ask)

    def resolve(self, db: Database, code: str) -> str | None:
        """The credit code the issuer vouches for ``code``, or None (unknown, expired, forged)."""


class NoResolver:
    verifies = False

    def resolve(self, db: Database, code: str) -> str | None:
        return None


class DemoResolver:
    verifies = True

    def __init__(self, key: bytes):
        self._key = hashlib.sha256(b"kuaixiang demo e-licence\x00" + key).digest()
        self._known: dict[str, str] = {}
        self._lock = threading.Lock()

    def code_for(self, credit_code: str) -> str:
        mac = hmac.new(self._key, credit_code.encode("ascii"), hashlib.sha256).digest()
        return DEMO_PREFIX + base64.b32encode(mac[:15]).decode("ascii").lower()

    def resolve(self, db: Database, code: str) -> str | None:
        if not code.startswith(DEMO_PREFIX):
            return None
        with self._lock:
            if code not in self._known:  # a new enterprise since the last look: look again
                with db.read() as session:
                    codes = session.scalars(select(Enterprise.credit_code)).all()
                self._known = {self.code_for(c): c for c in codes}
            return self._known.get(code)


def resolver_from_env(key: bytes) -> LicenceResolver:
    choice = os.environ.get(ENV, "none").strip().lower()
    if choice == "demo":
        return DemoResolver(key)
    if choice not in ("", "none"):
        raise ConfigError(f"{ENV} 应为 none 或 demo，实际是 {choice!r}")
    return NoResolver()


@dataclass(frozen=True)
class LicenceAnswer:
    verified: bool
    supported: bool  # whether this server can verify e-licence codes at all
    message: str
    credit_code: str | None = None
    name: str | None = None

    def to_json(self) -> dict:
        return {"verified": self.verified, "supported": self.supported, "message": self.message,
                "credit_code": self.credit_code, "name": self.name}


def resolve(db: Database, resolver: LicenceResolver, code: str) -> LicenceAnswer:
    if not resolver.verifies:
        return LicenceAnswer(False, False, "中心服务器未接入国家电子营业执照服务，不能核验电子营业执照码")
    credit_code = resolver.resolve(db, code)
    if credit_code is None:
        return LicenceAnswer(False, True, "这个电子营业执照码未通过核验：可能已失效（码只在几分钟内有效）或不是电子营业执照")
    with db.read() as session:
        name = session.scalars(select(Enterprise.name).where(Enterprise.credit_code == credit_code)).one_or_none()
    if name is None:
        return LicenceAnswer(False, True, f"电子营业执照已核验，但中心端没有统一社会信用代码为 {credit_code} 的企业档案")
    return LicenceAnswer(True, True, "电子营业执照已由中心核验", credit_code, name)
