"""Transport (issue 13): the sync client refuses plain http:// to anything but loopback unless
the setting allows it, and verifies https:// against a pinned certificate or CA when given one.

Against a real HTTPS server on 127.0.0.1 (a thread of this test) whose certificates are made
here with ``cryptography``: a self-signed one, and one issued by a CA of our own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import ipaddress
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kuaixiang_desktop.cli import main
from kuaixiang_desktop.services import auth
from kuaixiang_desktop.sync import client as sync_client
from kuaixiang_desktop.sync.client import NO_RETRY, SyncClient

PASSWORD = "演示密码-2026"


# ---------------------------------------------------------------------------------------------
# Certificates and a server
# ---------------------------------------------------------------------------------------------


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(common: str, key, *, issuer=None, issuer_key=None, ca: bool = False) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(issuer.subject if issuer is not None else _name(common))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    else:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False, encipher_only=False,
            decipher_only=False), critical=True)
    return builder.sign(issuer_key or key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> dict[str, Path]:
    """self.pem / self.key: a self-signed server certificate; ca.pem and issued.pem /
    issued.key: a CA and a server certificate it issued; other.pem: an unrelated one."""
    folder = tmp_path_factory.mktemp("certificates")
    out = {}
    self_key = ec.generate_private_key(ec.SECP256R1())
    ca_key, issued_key, other_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = _certificate("聊城市政策快享测试 CA", ca_key, ca=True)
    made = {
        "self": (_certificate("127.0.0.1", self_key), self_key),
        "ca": (ca, ca_key),
        "issued": (_certificate("127.0.0.1", issued_key, issuer=ca, issuer_key=ca_key), issued_key),
        "other": (_certificate("127.0.0.1", other_key), other_key),
    }
    for name, (cert, key) in made.items():
        (folder / f"{name}.pem").write_bytes(_pem(cert))
        (folder / f"{name}.key").write_bytes(_key_pem(key))
        out[name] = folder / f"{name}.pem"
        out[f"{name}.key"] = folder / f"{name}.key"
    return out


class _Handler(BaseHTTPRequestHandler):
    """Just enough of the protocol for a log-in and an empty sync round."""

    seen: list[str]

    def log_message(self, *_args) -> None:  # quiet
        pass

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Kuaixiang-Protocol", "1")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append(f"GET {self.path}")
        if self.path == "/api/v1/health":
            self._answer(200, {"status": "ok"})
        elif self.path.startswith("/api/v1/changes/"):
            self._answer(200, {"items": [], "next_cursor": "0", "has_more": False})
        elif self.path == "/api/v1/devices":
            self._answer(200, {"devices": []})
        else:
            self._answer(404, {"error": {"code": "not_found", "message": self.path}})

    def do_POST(self) -> None:  # noqa: N802
        self.seen.append(f"POST {self.path}")
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if self.path == "/api/v1/devices/challenge":
            self._answer(200, {"challenge": "c" * 43, "expires_at": "2030-01-01T00:00:00Z"})
        elif self.path == "/api/v1/login":
            if body.get("password") != PASSWORD:
                self._answer(401, {"error": {"code": "unauthorized", "message": "用户名或密码错误"}})
                return
            self._answer(200, {"token": "tok_" + "T" * 40, "expires_at": "2030-01-01T00:00:00Z",
                               "clerk": {"username": body["username"], "display_name": "演示窗口",
                                         "hall_code": "371502-01", "hall_name": "东昌府区政务服务中心",
                                         "window": "01", "role": "clerk"}})
        else:
            self._answer(200, {"results": [], "revoked": True})


@contextlib.contextmanager
def _https_server(cert: Path, key: Path):
    seen: list[str] = []
    handler = type("Handler", (_Handler,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda *_a: None  # a refused handshake is what the test expects
    thread = threading.Thread(target=server.serve_forever, name="https-test-server", daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def self_signed(certificates):
    with _https_server(certificates["self"], certificates["self.key"]) as served:
        yield served


@pytest.fixture
def issued(certificates):
    with _https_server(certificates["issued"], certificates["issued.key"]) as served:
        yield served


def _pinned(path: Path):
    return sync_client.TransportSecurity(ca_file=str(path))


def _never(_request):
    raise AssertionError("nothing may be sent")


# ---------------------------------------------------------------------------------------------
# Plain http://
# ---------------------------------------------------------------------------------------------


LOOPBACK = ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765", "http://127.8.9.10")


@pytest.mark.parametrize("url", ["http://10.15.2.8:8765", "http://zwfw.liaocheng.gov.cn", "http://[fe80::1]:8765",
                                 "10.15.2.8:8765", "http://0.0.0.1:9"])
def test_plain_http_is_refused_off_loopback_before_anything_is_sent(url):
    with pytest.raises(sync_client.InsecureServer) as refused:
        SyncClient(url, "tok", transport=httpx.MockTransport(_never))
    assert "https://" in refused.value.message and "明文" in refused.value.message
    allowed = SyncClient(url, "tok", transport=httpx.MockTransport(_never),
                         security=sync_client.TransportSecurity(allow_insecure_http=True))
    allowed.close()
    # Loopback (the --demo server) and https:// need no permission.
    for fine in (*LOOPBACK, url.replace("http://", "https://") if "://" in url else f"https://{url}"):
        SyncClient(fine, "tok", transport=httpx.MockTransport(_never)).close()


def test_the_cli_refuses_plain_http_elsewhere_unless_told_to_allow_it(db, capsys, monkeypatch):
    def login(*extra: str) -> tuple[int, dict]:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        code = main(["--db", str(db.path), "login", "--server", "http://0.0.0.1:9", "--user", "demo",
                     "--password-stdin", "--json", *extra])
        return code, json.loads(capsys.readouterr().err)

    code, error = login()
    assert code == 2 and error["field"] == "--server" and "https://" in error["error"]
    assert auth.current_session(db) is None
    code, error = login("--allow-insecure-http")  # allowed: it is tried, and the network says no
    assert code == 3 and "无法连接中心服务器" in error["error"]


# ---------------------------------------------------------------------------------------------
# https:// with a pinned certificate or CA
# ---------------------------------------------------------------------------------------------


def test_a_self_signed_server_is_refused_unless_its_certificate_is_pinned(self_signed, certificates):
    url, seen = self_signed
    with SyncClient(url, retry=NO_RETRY) as client:
        with pytest.raises(sync_client.UntrustedServer) as refused:
            client.health()
        assert client.stats.requests == 1 and client.stats.retries == 0  # not a network blip to retry
    assert "证书不受信任" in refused.value.message and seen == []  # nothing reached the server
    # Pinned to another certificate:
    with SyncClient(url, retry=NO_RETRY, security=_pinned(certificates["other"])) as client, \
            pytest.raises(sync_client.UntrustedServer):
        client.health()
    assert seen == []
    with SyncClient(url, retry=NO_RETRY, security=_pinned(certificates["self"])) as client:
        assert client.health() == {"status": "ok"}
    assert seen == ["GET /api/v1/health"]


def test_clients_without_a_pinned_certificate_share_one_context_that_pinning_never_reaches(self_signed,
                                                                                          certificates):
    """The CA bundle's context is made once a thread and shared by the clients made there that
    pin nothing; a pinned certificate gets a context of its own, so it trusts nothing for the
    others."""
    url, _ = self_signed
    shared = sync_client.tls_verify(sync_client.TransportSecurity())
    assert sync_client.tls_verify(sync_client.TransportSecurity()) is shared
    elsewhere = []
    other_thread = threading.Thread(target=lambda: elsewhere.append(sync_client.tls_verify(
        sync_client.TransportSecurity())))
    other_thread.start()
    other_thread.join()
    assert elsewhere and elsewhere[0] is not shared  # httpcore sets a context's ALPN as it connects
    pinned = sync_client.tls_verify(_pinned(certificates["self"]))
    assert pinned is not shared and pinned is not sync_client.tls_verify(_pinned(certificates["self"]))
    with SyncClient(url, retry=NO_RETRY, security=_pinned(certificates["self"])) as client:
        assert client.health() == {"status": "ok"}
    with SyncClient(url, retry=NO_RETRY) as client, pytest.raises(sync_client.UntrustedServer):
        client.health()  # the pinned client before it left the shared context as it was


def test_a_server_certificate_issued_by_a_pinned_ca_is_trusted(issued, certificates):
    url, _ = issued
    with SyncClient(url, retry=NO_RETRY, security=_pinned(certificates["ca"])) as client:
        assert client.health() == {"status": "ok"}
    with SyncClient(url, retry=NO_RETRY) as client, pytest.raises(sync_client.UntrustedServer):
        client.health()  # our CA is in no public bundle
    with pytest.raises(sync_client.UntrustedServer, match="找不到中心服务器的证书文件"):
        SyncClient(url, security=_pinned(certificates["ca"].with_name("missing.pem")))


def test_login_and_sync_keep_to_the_pinned_certificate(self_signed, certificates, db, capsys, monkeypatch):
    url, seen = self_signed

    def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--db", str(db.path), *argv, "--json"])
        out, err = capsys.readouterr()
        return code, out, err

    code, _, err = cli("login", "--server", url, "--user", "demo", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 3 and "证书不受信任" in json.loads(err)["error"]
    assert seen == [] and auth.current_session(db) is None  # no password went out, no offline log-in either
    code, out, err = cli("login", "--server", url, "--user", "demo", "--password-stdin", "--ca-cert",
                         str(certificates["self"]), stdin=PASSWORD + "\n")
    assert code == 0, err
    assert json.loads(out)["mode"] == "online"
    assert seen == ["POST /api/v1/devices/challenge", "POST /api/v1/login"]
    assert auth.session_security(db) == _pinned(certificates["self"].resolve())
    code, out, err = cli("sync")  # the log-in's pin holds for its server
    assert code == 0, err
    assert "GET /api/v1/devices" in seen
    code, out, err = cli("sync", "--server", url.replace("127.0.0.1", "localhost"))  # another address: strict
    assert code == 3 and json.loads(out)["stopped"] == "config" and "证书不受信任" in json.loads(out)["message"]
