"""``POST /licences/resolve``: a 电子营业执照 code → the enterprise, over real HTTP on both
backends.  The session servers run ``--demo``, so the demo resolver stands in for the issuer;
an app without one says it cannot verify any code."""

from __future__ import annotations

import json
import threading

import httpx
import pytest
import uvicorn

from kuaixiang_core.server_process import free_port
from kuaixiang_server import cli
from kuaixiang_server.app import create_app
from kuaixiang_server.config import ConfigError, Settings
from kuaixiang_server.licences import DEMO_PREFIX, DemoResolver, NoResolver, resolver_from_env

from .conftest import TEST_KEY, bearer, login

RESOLVE = "/api/v1/licences/resolve"


def _ask(http, token: str | None, body) -> httpx.Response:
    headers = bearer(token) if token else {}
    return http.post(RESOLVE, content=json.dumps(body).encode(), headers={**headers, "Content-Type": "application/json"})


def test_a_demo_code_names_the_enterprise_the_server_holds(server, http, demo_token, capsys):
    code = server.take_enterprise()
    licence = DemoResolver(TEST_KEY).code_for(code)
    assert licence.startswith(DEMO_PREFIX) and code not in licence  # nothing readable to trust in it
    response = _ask(http, demo_token, {"code": licence})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["verified"] and answer["supported"] and answer["credit_code"] == code and answer["name"]
    # The admin command prints the same code for the demo.
    assert cli.main(["--db", server.db_url, "admin", "demo-licence-code", code]) == 0
    assert capsys.readouterr().out.strip() == licence


@pytest.mark.parametrize("forged", [
    DEMO_PREFIX + "a" * 24,  # the shape, not this server's HMAC
    "https://zzlz.gsxt.gov.cn/businessCheck/verifyCert?serial=abcdef1234567890",
])
def test_a_code_the_issuer_does_not_vouch_for_names_nobody(server, http, demo_token, forged):
    answer = _ask(http, demo_token, {"code": forged}).json()
    assert not answer["verified"] and answer["supported"] and answer["credit_code"] is None
    assert "未通过核验" in answer["message"]


def test_only_a_logged_in_clerk_may_ask(server, http):
    code = DemoResolver(TEST_KEY).code_for(server.take_enterprise())
    assert _ask(http, None, {"code": code}).status_code == 401
    assert _ask(http, "not-a-token", {"code": code}).status_code == 401


@pytest.mark.parametrize("body", [{}, {"code": 5}, {"code": ""}, {"code": "x" * 2049}, {"code": "a\nb"}, ["code"]])
def test_bad_bodies_are_400_naming_code(server, http, demo_token, body):
    response = _ask(http, demo_token, body)
    assert response.status_code == 400 and "code" in response.json()["error"]["message"]


def test_without_an_issuer_the_server_says_it_cannot_verify(server):
    app = create_app(Settings(db_url=server.db_url, data_dir=server.folder, _key=TEST_KEY), server.db,
                     licence_resolver=NoResolver())
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for _ in range(400):
                if instance.started:
                    break
                thread.join(timeout=0.025)
            assert instance.started
            code = DemoResolver(TEST_KEY).code_for(server.take_enterprise())
            answer = _ask(client, login(client), {"code": code}).json()
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
    assert answer == {"verified": False, "supported": False, "credit_code": None, "name": None,
                      "message": "中心服务器未接入国家电子营业执照服务，不能核验电子营业执照码"}


def test_the_resolver_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.delenv("KUAIXIANG_SERVER_LICENCE_RESOLVER", raising=False)
    assert isinstance(resolver_from_env(TEST_KEY), NoResolver)
    monkeypatch.setenv("KUAIXIANG_SERVER_LICENCE_RESOLVER", "demo")
    assert isinstance(resolver_from_env(TEST_KEY), DemoResolver)
    monkeypatch.setenv("KUAIXIANG_SERVER_LICENCE_RESOLVER", "national")
    with pytest.raises(ConfigError, match="none 或 demo"):
        resolver_from_env(TEST_KEY)


def test_the_clients_check_reads_the_real_answer(server, demo_token):
    """The window's service (services/licence) against this server: a demo code opens its
    enterprise, a forged one opens nothing and offers the credit-code lookup."""
    from kuaixiang_desktop.services.licence import LOOK_UP_BY_CODE, check_licence
    from kuaixiang_desktop.sync.client import SyncClient

    code = server.take_enterprise()
    client = SyncClient(server.url, demo_token, timeout=30)
    try:
        good = check_licence(None, DemoResolver(TEST_KEY).code_for(code), client)
        forged = check_licence(None, DEMO_PREFIX + "b" * 24, client)
    finally:
        client.close()
    assert good.verified and good.credit_code == code and good.name in good.message
    assert not forged.verified and not forged.offline and forged.message.endswith(LOOK_UP_BY_CODE)
