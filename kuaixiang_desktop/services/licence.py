"""电子营业执照 at the window: the code an enterprise shows is checked by the central server,
and only what the server vouches for opens an enterprise (kuaixiang_server/licences.py).

Nothing in the code itself is trusted: not a credit code it may seem to hold, not a name.
Offline (not logged in online, or the server cannot be reached) the clerk is told that it
cannot be checked now, and to look the enterprise up by its credit code instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from kuaixiang_core import cancellation
from kuaixiang_core.domain.codes import check_uscc

from ..store.database import Database
from ..sync.client import AuthError, Rejected, RetryPolicy, SyncClient, SyncError
from . import auth
from .secrets import SecretStoreUnavailable

# A clerk is waiting: one quick retry, then the credit-code lookup is offered.
SERVER_TIMEOUT = 10.0
SERVER_RETRY = dict(attempts=2, base=0.5, cap=1.0, max_elapsed=15.0)
LOOK_UP_BY_CODE = "请企业出示统一社会信用代码，在查找框输入后按 Enter 查找"


@dataclass(frozen=True)
class LicenceCheck:
    verified: bool
    message: str
    credit_code: str | None = None
    name: str | None = None
    offline: bool = False  # not checked at all (not logged in online, no server): not "refused"

    def to_json(self) -> dict:
        return {"verified": self.verified, "message": self.message, "credit_code": self.credit_code,
                "name": self.name, "offline": self.offline}


def _offline(reason: str) -> LicenceCheck:
    return LicenceCheck(False, f"电子营业执照现在无法核验（{reason}）。{LOOK_UP_BY_CODE}", offline=True)


def check_licence(db: Database, code: str, client: SyncClient | None = None) -> LicenceCheck:
    """Ask the server who ``code`` names (worker thread)."""
    own = client is None
    if client is None:
        try:
            server, token = auth.session_server(db), auth.session_token(db)
            security = auth.session_security(db)
        except SecretStoreUnavailable as exc:
            return _offline(f"无法读取登录信息：{exc}")
        if not server or not token:
            return _offline("本机尚未联网登录")
        try:
            client = SyncClient(server, token, timeout=SERVER_TIMEOUT, security=security,
                                retry=RetryPolicy(**SERVER_RETRY, sleep=cancellation.sleep))
        except SyncError as exc:
            return _offline(f"未能连接中心端：{exc.message}")
    try:
        answer = client.resolve_licence(code)
    except AuthError as exc:
        return _offline(f"中心端不接受本机的登录：{exc.message}，请重新登录")
    except Rejected as exc:
        return LicenceCheck(False, f"中心端未受理核验请求：{exc.message}。{LOOK_UP_BY_CODE}")
    except SyncError as exc:
        return _offline(f"未能连接中心端：{exc.message}")
    finally:
        if own:
            client.close()
    if not answer["verified"]:
        return LicenceCheck(False, f"{answer['message']}。{LOOK_UP_BY_CODE}")
    check = check_uscc(answer["credit_code"])
    if not check.valid:  # the server's own answer is checked too, like any input
        return LicenceCheck(False, f"中心端返回的统一社会信用代码无效：{check.error}。{LOOK_UP_BY_CODE}")
    return LicenceCheck(True, f"电子营业执照已由中心核验：{answer['name']}", check.normalized, answer["name"])
