"""Downloading an update file: bounded by the signed size, resumed with Range, hashed, the
token sent to the central server only, and a full disk named."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import httpx
import pytest

from kuaixiang_desktop.sync.client import SyncClient
from kuaixiang_desktop.sync.downloads import DownloadError, download

DATA = os.urandom(300_000)
SHA = hashlib.sha256(DATA).hexdigest()


def serving(data: bytes, seen: list[httpx.Request]):
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        start = 0
        if "range" in request.headers:
            start = int(request.headers["range"].removeprefix("bytes=").rstrip("-"))
            return httpx.Response(206, stream=httpx.ByteStream(data[start:]), headers={"X-Kuaixiang-Protocol": "1"})
        return httpx.Response(200, stream=httpx.ByteStream(data), headers={"X-Kuaixiang-Protocol": "1"})

    return httpx.MockTransport(handler)


def client(transport) -> SyncClient:
    return SyncClient("http://127.0.0.1:8765", "the-token", transport=transport)


def test_a_whole_download_is_checked_and_the_token_goes_to_the_server_only(tmp_path):
    seen: list[httpx.Request] = []
    with client(serving(DATA, seen)) as c:
        got = download(c, "/api/v1/updates/files/x", tmp_path / "a.part", size=len(DATA), sha256=SHA)
        assert got.read_bytes() == DATA
        assert seen[0].headers["authorization"] == "Bearer the-token"
        assert seen[0].headers["accept-encoding"] == "identity"
        download(c, "http://127.0.0.1:9999/mirror/kx.zip", tmp_path / "b.part", size=len(DATA), sha256=SHA)
        assert "authorization" not in seen[1].headers  # a mirror is not the server


def test_a_partial_file_is_resumed_from_where_it_stopped(tmp_path):
    part = tmp_path / "a.part"
    part.write_bytes(DATA[:123_456])
    seen: list[httpx.Request] = []
    with client(serving(DATA, seen)) as c:
        assert download(c, "/f", part, size=len(DATA), sha256=SHA).read_bytes() == DATA
    assert seen[0].headers["range"] == "bytes=123456-"


def test_more_bytes_than_the_manifest_says_are_cut_off(tmp_path):
    with client(serving(DATA + b"more", [])) as c, pytest.raises(DownloadError) as err:
        download(c, "/f", tmp_path / "a.part", size=len(DATA), sha256=SHA)
    assert err.value.code == "too_large"


def test_a_wrong_hash_deletes_the_file(tmp_path):
    part = tmp_path / "a.part"
    with client(serving(DATA, [])) as c, pytest.raises(DownloadError) as err:
        download(c, "/f", part, size=len(DATA), sha256="0" * 64)
    assert err.value.code == "hash" and not part.exists()


def test_a_refusal_is_named(tmp_path):
    transport = httpx.MockTransport(lambda r: httpx.Response(404, headers={"X-Kuaixiang-Protocol": "1"}))
    with client(transport) as c, pytest.raises(DownloadError) as err:
        download(c, "/f", tmp_path / "a.part", size=10, sha256=SHA)
    assert err.value.code == "refused" and "404" in err.value.message


def test_plain_http_to_a_mirror_elsewhere_is_refused(tmp_path):
    from kuaixiang_desktop.sync.client import InsecureServer

    with client(serving(DATA, [])) as c, pytest.raises(InsecureServer):
        download(c, "http://mirror.example.cn/kx.zip", tmp_path / "a.part", size=len(DATA), sha256=SHA)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_named():
    with client(serving(DATA, [])) as c, pytest.raises(DownloadError) as err:
        download(c, "/f", Path("/dev/full"), size=len(DATA), sha256=SHA)
    assert err.value.code == "disk" and "磁盘" in err.value.message
