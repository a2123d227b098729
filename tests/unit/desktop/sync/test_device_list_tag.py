"""The client's side of ``GET /devices`` with an entity tag: the tag it has goes out as
``If-None-Match``, a ``304`` is "unchanged" (no list to check), and what a server sends
that is not a tag, or a ``304`` it was not asked for, is not taken."""

from __future__ import annotations

import httpx
import pytest

from kuaixiang_desktop.sync.client import RetryPolicy, SyncClient, TransientError, _entity_tag

PROTOCOL = {"X-Kuaixiang-Protocol": "1"}
LIST = b'{"devices": [], "signer": null}'


def client(handler, seen: list[httpx.Request]) -> SyncClient:
    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return SyncClient("http://127.0.0.1:8765", "the-token", transport=httpx.MockTransport(record),
                      retry=RetryPolicy(attempts=2, sleep=lambda _s: None))


def test_the_tag_goes_out_and_a_304_means_unchanged():
    seen: list[httpx.Request] = []
    tag = '"' + "a" * 32 + '"'

    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == tag:
            return httpx.Response(304, headers={**PROTOCOL, "ETag": tag})
        return httpx.Response(200, content=LIST, headers={**PROTOCOL, "ETag": tag})

    with client(handler, seen) as c:
        listed, got = c.devices()
        assert listed is not None and listed.devices == [] and got == tag
        assert "if-none-match" not in seen[0].headers
        assert c.devices(tag) == (None, tag)
        assert seen[1].headers["if-none-match"] == tag


def test_a_304_not_asked_for_is_garbage_and_a_bad_tag_is_not_kept():
    seen: list[httpx.Request] = []
    with client(lambda r: httpx.Response(304, headers=PROTOCOL), seen) as c:
        with pytest.raises(TransientError, match="不是有效的 JSON"):
            c.devices()  # nothing to be unchanged from: an answer without a list
    with client(lambda r: httpx.Response(200, content=LIST, headers={**PROTOCOL, "ETag": "x" * 200}), seen) as c:
        assert c.devices()[1] is None


@pytest.mark.parametrize("value, kept", [
    ('"abc"', '"abc"'), ('W/"abc"', 'W/"abc"'), (None, None), ("", None), ("abc", None), ('"abc', None),
    ('"', None), ('W/', None), ('"' + "a" * 120 + '"', None), ('"标签"', None),
])
def test_an_etag_is_kept_only_when_it_is_one(value, kept):
    assert _entity_tag(value) == kept


def test_a_304_naming_another_list_is_not_taken_for_unchanged():
    seen: list[httpx.Request] = []
    known, other = '"' + "a" * 32 + '"', '"' + "b" * 32 + '"'
    with client(lambda r: httpx.Response(304, headers={**PROTOCOL, "ETag": other}), seen) as c:
        with pytest.raises(TransientError, match="未改动的应答带着另一个版本标记"):
            c.devices(known)
    with client(lambda r: httpx.Response(304, headers={**PROTOCOL, "ETag": f"W/{known}"}), seen) as c:
        assert c.devices(known) == (None, known)  # the same list, as a compressing proxy tags it
