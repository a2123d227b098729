"""电子营业执照 at the window: only what the server vouches for names an enterprise; offline,
or whatever goes wrong, the clerk is told it cannot be checked and to use the credit code."""

from __future__ import annotations

import pytest

from kuaixiang_desktop.services.licence import LOOK_UP_BY_CODE, check_licence
from kuaixiang_desktop.sync.client import AuthError, Rejected, TransientError

CODE = "https://zzlz.gsxt.gov.cn/demo/e/abcdefghijklmnopqrstuvwx"
USCC = "91371502MA3C0XQF2A"


class FakeClient:
    def __init__(self, answer=None, error: Exception | None = None):
        self.answer, self.error, self.asked = answer, error, []

    def resolve_licence(self, code: str) -> dict:
        self.asked.append(code)
        if self.error is not None:
            raise self.error
        return self.answer

    def close(self) -> None:
        pass


def test_not_logged_in_is_offline_and_offers_the_credit_code(tmp_path):
    from kuaixiang_desktop.services.database import open_client_db

    db = open_client_db(tmp_path / "c.sqlite3")
    try:
        check = check_licence(db, CODE)
    finally:
        db.close()
    assert not check.verified and check.offline and check.credit_code is None
    assert "现在无法核验" in check.message and "尚未联网登录" in check.message and LOOK_UP_BY_CODE in check.message


def test_a_verified_code_names_the_enterprise_the_server_named():
    from kuaixiang_core.domain.codes import check_uscc

    good = next(c for c in (USCC[:17] + ch for ch in "0123456789ABCDEFGHJKLMNPQRTUWXY") if check_uscc(c).valid)
    client = FakeClient({"verified": True, "supported": True, "message": "ok", "credit_code": good, "name": "聊城某某有限公司"})
    check = check_licence(None, CODE, client)
    assert check.verified and check.credit_code == good and "聊城某某有限公司" in check.message
    assert client.asked == [CODE]


def test_a_refusal_from_the_server_is_said_with_the_way_out():
    answer = {"verified": False, "supported": False, "message": "中心服务器未接入国家电子营业执照服务，不能核验电子营业执照码",
              "credit_code": None, "name": None}
    check = check_licence(None, CODE, FakeClient(answer))
    assert not check.verified and not check.offline
    assert check.message.startswith("中心服务器未接入") and check.message.endswith(LOOK_UP_BY_CODE)


def test_the_servers_code_is_checked_too():
    bad = {"verified": True, "supported": True, "message": "ok", "credit_code": "91371502MA3C0XQF2Z", "name": "某"}
    check = check_licence(None, CODE, FakeClient(bad))
    assert not check.verified and "中心端返回的统一社会信用代码无效" in check.message


@pytest.mark.parametrize(("error", "offline", "says"), [
    (TransientError("连接被拒绝"), True, "未能连接中心端：连接被拒绝"),
    (AuthError("令牌已过期"), True, "请重新登录"),
    (Rejected("参数有误"), False, "中心端未受理核验请求"),
])
def test_errors_on_the_way(error, offline, says):
    check = check_licence(None, CODE, FakeClient(error=error))
    assert not check.verified and check.offline is offline and says in check.message


@pytest.mark.parametrize("body", [
    {"verified": "yes", "supported": True, "message": "x"},
    {"verified": True, "supported": True, "message": "x", "credit_code": "123", "name": "某"},
    {"verified": True, "supported": True, "message": "x", "credit_code": USCC, "name": ""},
    {"verified": False, "supported": False, "message": "x" * 501},
    [1, 2],
])
def test_an_answer_not_in_the_protocols_shape_is_not_believed(body):
    import httpx

    from kuaixiang_desktop.sync.client import NO_RETRY, SyncClient

    def handler(_request):
        return httpx.Response(200, headers={"X-Kuaixiang-Protocol": "1"}, json=body)

    client = SyncClient("https://server.test", "tok", transport=httpx.MockTransport(handler), retry=NO_RETRY)
    try:
        check = check_licence(None, CODE, client)
    finally:
        client.close()
    assert not check.verified and check.offline and "应答格式不对" in check.message
