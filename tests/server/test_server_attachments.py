"""Attachments: content-addressed, resumable (Content-Range / Upload-Offset), hash-checked."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from urllib.parse import urlsplit

from kuaixiang_server.models import Attachment

from .conftest import bearer
from .test_server_push import accepted, push


def _path(sha: str) -> str:
    return f"/api/v1/attachments/{sha}"


def _head(http, token, sha) -> tuple[int, int]:
    response = http.head(_path(sha), headers=bearer(token))
    assert response.headers["X-Kuaixiang-Protocol"] == "1"
    return response.status_code, int(response.headers["Upload-Offset"])


def test_whole_upload_without_range(server, http, demo_token):
    data = os.urandom(5000)
    sha = hashlib.sha256(data).hexdigest()
    assert _head(http, demo_token, sha) == (404, 0)
    response = http.put(_path(sha), content=data, headers=bearer(demo_token))
    assert response.status_code == 200, response.text
    assert response.json() == {"sha256": sha, "complete": True, "offset": 5000, "size": 5000}
    assert _head(http, demo_token, sha) == (200, 5000)
    # Uploading it again is harmless.
    assert http.put(_path(sha), content=data, headers=bearer(demo_token)).json()["complete"] is True
    with server.db.read() as s:
        assert s.get(Attachment, sha).data == data


def test_upload_cut_halfway_resumes_from_the_servers_offset(server, http, demo_token):
    data = os.urandom(1024 * 1024 + 123)
    sha = hashlib.sha256(data).hexdigest()
    total = len(data)
    url = urlsplit(server.url)
    # A raw connection that announces the whole file and then dies after half of it.
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    try:
        head = (f"PUT {_path(sha)} HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {demo_token}\r\n"
                f"Content-Type: application/octet-stream\r\nContent-Length: {total}\r\n"
                f"Content-Range: bytes 0-{total - 1}/{total}\r\n\r\n")
        sock.sendall(head.encode() + data[: total // 2])
        # Poll (bounded) until the server has written some of what arrived.
        deadline = time.monotonic() + 20
        while _head(http, demo_token, sha)[1] == 0:
            assert time.monotonic() < deadline, "the server kept nothing of the first half"
            sock.settimeout(0.05)
            try:
                sock.recv(1)  # a bounded wait on the socket, which also shows the server did not answer
            except TimeoutError:
                pass
    finally:
        sock.close()
    status, offset = _head(http, demo_token, sha)
    assert status == 404 and 0 < offset <= total // 2
    # Resume the way a client does: from the offset the server reports (a 409 says where).
    for _attempt in range(5):
        response = http.put(_path(sha), content=data[offset:], headers={
            **bearer(demo_token), "Content-Range": f"bytes {offset}-{total - 1}/{total}"})
        if response.status_code != 409:
            break
        offset = int(response.headers["Upload-Offset"])
    assert response.status_code == 200, response.text
    assert response.json()["complete"] is True and response.headers["Upload-Offset"] == str(total)
    assert _head(http, demo_token, sha) == (200, total)
    with server.db.read() as s:
        assert s.get(Attachment, sha).data == data


def test_chunked_upload_wrong_offset_and_mismatched_total(http, demo_token):
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    first = http.put(_path(sha), content=data[:1000], headers={**bearer(demo_token), "Content-Range": "bytes 0-999/3000"})
    assert first.status_code == 200 and first.json()["complete"] is False
    assert _head(http, demo_token, sha) == (404, 1000)
    wrong = http.put(_path(sha), content=data[2000:], headers={**bearer(demo_token), "Content-Range": "bytes 2000-2999/3000"})
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "conflict"
    assert wrong.headers["Upload-Offset"] == "1000"
    total = http.put(_path(sha), content=data[1000:], headers={**bearer(demo_token), "Content-Range": "bytes 1000-2999/4000"})
    assert total.status_code == 400
    done = http.put(_path(sha), content=data[1000:], headers={**bearer(demo_token), "Content-Range": "bytes 1000-2999/3000"})
    assert done.status_code == 200 and done.json()["complete"] is True


def test_hash_mismatch_discards_the_upload(server, http, demo_token):
    data = os.urandom(2000)
    sha = hashlib.sha256(b"something else").hexdigest()
    http.put(_path(sha), content=data[:1000], headers={**bearer(demo_token), "Content-Range": "bytes 0-999/2000"})
    response = http.put(_path(sha), content=data[1000:], headers={**bearer(demo_token), "Content-Range": "bytes 1000-1999/2000"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "hash_mismatch"
    assert _head(http, demo_token, sha) == (404, 0)
    with server.db.read() as s:
        assert s.get(Attachment, sha) is None
    # The right bytes then go up from the start.
    good = b"something else"
    assert http.put(_path(sha), content=good, headers=bearer(demo_token)).json()["complete"] is True


def test_limits_and_bad_requests(http, demo_token):
    sha = hashlib.sha256(b"x").hexdigest()
    big = 20 * 1024 * 1024 + 1
    response = http.put(_path(sha), content=b"x", headers={**bearer(demo_token), "Content-Range": f"bytes 0-0/{big}"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert http.put(_path("not-a-hash"), content=b"x", headers=bearer(demo_token)).status_code == 400
    response = http.put(_path(sha), content=b"x", headers={**bearer(demo_token), "Content-Range": "bytes=0-0"})
    assert response.status_code == 400
    assert http.put(_path(sha), content=b"x").status_code == 401
    assert http.head(_path(sha)).status_code == 401


def test_application_lists_attachments_the_server_lacks(server, http, demo_token):
    data = os.urandom(100)
    sha = hashlib.sha256(data).hexdigest()
    entry = accepted(server.take_enterprise(fact="disabled_employment_ratio", value="2.5"), materials=[
        {"name": "超比例安排残疾人就业奖励申请表", "required": True, "received": True, "originals": 1, "copies": 0,
         "attachment_sha256": sha}])
    [result] = push(http, demo_token, entry)
    assert result["server"]["missing_attachments"] == [sha]
    assert http.put(_path(sha), content=data, headers=bearer(demo_token)).json()["complete"]
