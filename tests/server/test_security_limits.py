"""Input limits before authentication (issue 13, items 8, 10 and 11), against real server
processes on SQLite and PostgreSQL.

- Bodies are bounded while they stream: a chunked body without Content-Length is answered
  413 once it passes its route's bound, before the client has finished sending, and the
  server's memory does not grow with what is sent.
- Malformed JSON (too deep, NaN, a lone surrogate, integers beyond 2^63, in fields and in
  cursors) is a 4xx naming where, never a 500 (clients retry every 5xx), and changes nothing.
- ``kuaixiang-server admin`` prints what clients sent with control characters escaped.
"""

from __future__ import annotations

import json
import re
import select
import socket
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select as sql_select

from kuaixiang_server import cli
from kuaixiang_server.applications import list_applications
from kuaixiang_server.changes import encode_cursor
from kuaixiang_server.db import open_database
from kuaixiang_server.models import Application, ApplicationEvent, Hall

from .conftest import TEST_KEY, bearer
from .test_server_push import accepted

MB = 1024 * 1024
CHUNK = 64 * 1024


# --- raw HTTP ---------------------------------------------------------------------------------------------


def _connect(server) -> socket.socket:
    url = urlsplit(server.url)
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    return sock


def _head(path: str, *headers: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json", *headers, "", ""]
    return "\r\n".join(lines).encode()


def _vm_rss(pid: int) -> int:
    """Resident memory of the process, in bytes."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1)) * 1024


def _read_response(sock: socket.socket, timeout: float = 10) -> tuple[int, dict, bytes]:
    """Status, headers and body of one response (Content-Length framed, as ours are)."""
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            break
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        piece = sock.recv(65536)
        if not piece:
            break
        body += piece
    return int(lines[0].split()[1]), headers, body


def _stream_chunked(server, path: str, total: int, *headers: str) -> tuple[int, int, dict, bytes, int]:
    """Sends ``total`` bytes as a chunked body (no Content-Length), looking for an answer
    after every chunk. Returns (bytes sent when the answer came, status, headers, body, the
    server's highest resident memory above where it started)."""
    pid = server.process.proc.pid
    before = peak = _vm_rss(pid)
    chunk = b"%x\r\n%s\r\n" % (CHUNK, b"[" * CHUNK)
    sent = 0
    with _connect(server) as sock:
        sock.sendall(_head(path, "Transfer-Encoding: chunked", *headers))
        try:
            while sent < total:
                sock.sendall(chunk)
                sent += CHUNK
                if sent % MB == 0:
                    peak = max(peak, _vm_rss(pid))
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed the connection: what it answered is still to be read
        status, response_headers, body = _read_response(sock)
    peak = max(peak, _vm_rss(pid))
    return sent, status, response_headers, body, peak - before


# --- item 8: bodies bounded while they stream --------------------------------------------------------------


def test_chunked_login_is_refused_while_it_streams_without_the_server_growing(server):
    # Issue 13 item 8: 1 GB sent this way grew the server from 684 MB to 2.6 GB. Here 96 MB
    # are offered; the answer must come long before, and memory must stay where it was.
    sent, status, headers, body, growth = _stream_chunked(server, "/api/v1/login", 96 * MB)
    assert status == 413, body
    assert json.loads(body)["error"]["code"] == "too_large"
    assert headers.get("connection") == "close" and headers.get("x-kuaixiang-protocol") == "1"
    assert sent <= 8 * MB, f"answered only after {sent // MB} MB"
    assert growth < 32 * MB, f"the server grew by {growth // MB} MB"


def test_chunked_outbox_beyond_its_bound_is_refused_while_it_streams(server, demo_token):
    sent, status, _headers, body, growth = _stream_chunked(server, "/api/v1/outbox", 96 * MB,
                                                           f"Authorization: Bearer {demo_token}")
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large"
    assert sent <= 16 * MB + 8 * MB, f"answered only after {sent // MB} MB"
    assert growth < 64 * MB, f"the server grew by {growth // MB} MB"


def test_a_declared_length_beyond_the_bound_is_refused_before_the_body_is_sent(server):
    # Nothing of the body is sent: the answer must not wait for it.
    with _connect(server) as sock:
        sock.sendall(_head("/api/v1/login", f"Content-Length: {100 * 1024}"))
        status, _headers, body = _read_response(sock, timeout=5)
    assert status == 413 and json.loads(body)["error"]["code"] == "too_large"
    assert "KB" in json.loads(body)["error"]["message"]


def test_log_in_needs_only_a_few_kb(http):
    response = http.post("/api/v1/login", json={"username": "demo", "password": "x" * 20_000})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    # An ordinary log-in is far below the bound.
    assert http.post("/api/v1/login", json={"username": "demo", "password": "wrong-password"}).status_code == 401


# --- item 10: malformed JSON is a 4xx, never a 500 ----------------------------------------------------------


def _raw_post(http, path: str, text: str, token: str | None = None):
    headers = {"Content-Type": "application/json", **(bearer(token) if token else {})}
    return http.post(path, content=text.encode("utf-8", "surrogatepass"), headers=headers)


LOGIN_BODIES = {
    "nested 5,000 deep": "[" * 5000 + "]" * 5000,
    "a lone surrogate": '{"username": "\\ud800", "password": "secret-pass"}',
    "NUL in a name": '{"username": "demo\\u0000", "password": "secret-pass"}',
    "NaN where nothing reads it": '{"username": "demo", "password": "secret-pass", "note": NaN}',
    "an integer of 5,000 digits": '{"username": "demo", "password": "secret-pass", "n": 1' + "0" * 5000 + "}",
}


@pytest.mark.parametrize("body", LOGIN_BODIES.values(), ids=LOGIN_BODIES.keys())
def test_malformed_log_in_bodies_are_400(http, body):
    response = _raw_post(http, "/api/v1/login", body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_request" and error["message"]


def _entry_text(server, fragment: str) -> tuple[str, str]:
    """An outbox body of one well-formed entry whose payload also holds ``fragment`` (raw JSON
    text: json.dumps would not write NaN or a lone surrogate; a repeated key wins); returns
    the body and the application's id."""
    entry = accepted(server.take_enterprise())
    payload = json.dumps(entry["payload"], ensure_ascii=False)[:-1] + ", " + fragment + "}"
    entry["payload"] = "@PAYLOAD@"
    return json.dumps({"entries": [entry]}, ensure_ascii=False).replace('"@PAYLOAD@"', payload), entry["key"]


OUTBOX_PAYLOADS = {
    "NaN": ('"extra": NaN', "entries[0].payload.extra"),
    "Infinity": ('"extra": [1, -Infinity]', "entries[0].payload.extra[1]"),
    "1e999": ('"extra": {"x": 1e999}', "entries[0].payload.extra.x"),
    "2^64 in item_version": ('"item_version": 18446744073709551616', "entries[0].payload.item_version"),
    "2^63 in benefit_amount_fen": ('"benefit_amount_fen": 9223372036854775808', "entries[0].payload.benefit_amount_fen"),
    "5,000 digits": ('"extra": ' + "9" * 5000, "entries[0].payload.extra"),
    "a lone surrogate": ('"window": "0\\udc00"', "entries[0].payload.window"),
    "NUL": ('"reason": "a\\u0000b"', "entries[0].payload.reason"),
    "nested 2,000 deep": ('"extra": ' + "[" * 2000 + "]" * 2000, None),
    "nested 70 deep": ('"extra": ' + "[" * 70 + "]" * 70, "entries[0].payload.extra"),
}


@pytest.mark.parametrize(("payload", "where"), OUTBOX_PAYLOADS.values(), ids=OUTBOX_PAYLOADS.keys())
def test_malformed_outbox_bodies_are_400_naming_where_and_change_nothing(server, http, demo_token, payload, where):
    body, app_id = _entry_text(server, payload)
    response = _raw_post(http, "/api/v1/outbox", body, demo_token)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    if where:
        assert where in error["message"], error["message"]
    with server.db.read() as s:
        assert s.scalars(sql_select(Application).where(Application.id == app_id)).first() is None  # in no hall


def test_numbers_the_database_cannot_hold_are_rejected_by_field(server, http, demo_token):
    # Within 2^63, so the JSON is fine, but beyond the INTEGER column that holds it.
    body, app_id = _entry_text(server, '"item_version": 1099511627776')
    response = _raw_post(http, "/api/v1/outbox", body, demo_token)
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "rejected" and "payload.item_version" in result["message"]
    with server.db.read() as s:
        assert s.scalars(sql_select(Application).where(Application.id == app_id)).first() is None  # in no hall


@pytest.mark.parametrize("seq", [2**63, 2**64, 10**30])
def test_a_cursor_beyond_2_63_is_400(http, demo_token, seq):
    response = http.get("/api/v1/changes/facts", params={"after": encode_cursor("facts", seq)},
                        headers=bearer(demo_token))
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "bad_request"
    # The largest sequence a BIGINT holds is still a cursor.
    last = http.get("/api/v1/changes/facts", params={"after": encode_cursor("facts", 2**63 - 1)},
                    headers=bearer(demo_token))
    assert last.status_code == 200 and last.json()["items"] == []


def test_a_content_range_of_thousands_of_digits_is_400(http, demo_token):
    sha = "a" * 64
    rng = f"bytes 0-0/{'9' * 5000}"
    response = http.put(f"/api/v1/attachments/{sha}", content=b"x", headers={**bearer(demo_token), "Content-Range": rng})
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "bad_request"


# --- item 11: the admin commands escape what clients sent ---------------------------------------------------

HOSTILE_RECEIPT = "371502-01-\x1b[2J\x1b]0;owned\x07-\x9b31m"
HOSTILE_ITEM = "lc-\u202eevil\x7f\nFAKE ROW"
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_db(tmp_path):
    """A server database of its own holding one application whose receipt number and item id
    carry terminal control sequences (as a client may have sent them)."""
    url = f"sqlite:///{tmp_path / 'hostile.sqlite3'}"
    db = open_database(url, key=TEST_KEY)
    app_id = str(uuid.uuid4())
    with db.write() as s:
        if s.get(Hall, "371502-01") is None:
            s.add(Hall(code="371502-01", name="东昌府区政务服务中心", region_code="371502"))
            s.flush()
        app = Application(id=app_id, item_id=HOSTILE_ITEM, status="submitted", hall_code="371502-01", blocking=False,
                          receipt_no=HOSTILE_RECEIPT, reason="\x1b[8mhidden", change_seq=1, materials_json="[]",
                          window="01\r02")
        app.history.append(ApplicationEvent(from_status=None, to_status="submitted", actor="x\x1b[1m", reason="\u202e"))
        s.add(app)
    yield url, db, app_id
    db.close()


def test_admin_applications_escapes_control_characters(hostile_db, capsys):
    url, _db, _app_id = hostile_db
    assert cli.main(["admin", "--db", url, "applications"]) == 0
    out = capsys.readouterr().out
    assert not RAW_CONTROL.search(out), repr(out)
    assert "\\x1b[2J" in out and "\\u202eevil\\x7f\\x0aFAKE ROW" in out
    assert out.count("\n") == 1  # one application, one line


def test_admin_show_escapes_control_characters(hostile_db, capsys):
    url, _db, app_id = hostile_db
    assert cli.main(["admin", "--db", url, "show", app_id]) == 0
    out = capsys.readouterr().out
    assert not RAW_CONTROL.search(out), repr(out)
    assert "\\x9b31m" in out and "\\u202e" in out


def test_admin_json_output_is_left_as_it_was(hostile_db, capsys):
    url, db, _app_id = hostile_db
    assert cli.main(["admin", "--db", url, "applications", "--json"]) == 0
    out = capsys.readouterr().out
    assert out == json.dumps(list_applications(db), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(out)[0]["receipt_no"] == HOSTILE_RECEIPT


# --- item 12: the server's importers take the same limits ---------------------------------------------------


def test_admin_imports_take_the_limits_and_write_nothing_beyond_them(hostile_db, tmp_path, capsys):
    from kuaixiang_core.domain.codes import make_uscc
    from kuaixiang_server.models import Enterprise, PolicyItem

    url, db, _app_id = hostile_db
    csv_path = tmp_path / "e.csv"
    rows = "".join(f"{make_uscc(f'91371502{n:09d}')},测试{n}有限公司,371502\n" for n in range(1, 31))
    csv_path.write_text("credit_code,name,region_code\n" + rows, encoding="utf-8")
    assert cli.main(["admin", "--db", url, "import-enterprises", str(csv_path), "--max-rows", "10"]) == 2
    err = capsys.readouterr().err
    assert "e.csv" in err and "最多 10 行" in err and "--max-rows" in err
    demo = Path(__file__).resolve().parents[2] / "resources" / "catalogue" / "demo.yaml"
    assert cli.main(["admin", "--db", url, "import-catalogue", str(demo), "--max-mb", "0.05"]) == 2
    assert "demo.yaml" in capsys.readouterr().err
    with db.read() as s:
        assert s.query(Enterprise).count() == 0 and s.query(PolicyItem).count() == 0
    with pytest.raises(SystemExit):
        cli.main(["admin", "import-enterprises", "--help"])
    out = capsys.readouterr().out
    assert "KUAIXIANG_IMPORT_MAX_ROWS" in out and "KUAIXIANG_IMPORT_MAX_MB" in out
