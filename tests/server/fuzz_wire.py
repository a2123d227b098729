"""Hypothesis strategies for fuzzing every route of ``/api/v1`` (tests/server/test_fuzz_routes.py).

The server reads its bodies by hand (strict JSON, then the wire types' ``from_json``), so an
OpenAPI schema would describe none of them; the strategies here start from what the wire
types accept (a log-in, an outbox batch of real-looking ``application.*`` entries, an upload
with its ``Content-Range``) and then break it: wrong types, fields missing or added, numbers
past 2^63, NaN, long strings, control characters, lone surrogates, nesting past the bound,
bytes that are not UTF-8 or not JSON. Path parameters, query strings and headers get the same
mix of the valid and the hostile.

``ROUTES`` maps every ``(method, path template)`` of the app to its strategy; the fuzz test
fails when the app has a route that is not here, so a new route cannot go unfuzzed.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from hypothesis import strategies as st

from kuaixiang_core.domain.search_keys import KEYS_VERSION
from kuaixiang_core.wire import STREAMS
from kuaixiang_server.changes import encode_cursor

API = "/api/v1"
HALL_A, HALL_B = "371502-01", "371581-01"
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")

# Who a request claims to be; the harness turns each into an Authorization header.
# a / b: live tokens of hall A / B; logout: a live token minted just for that request (a
# logout revokes it); expired, revoked, disabled: real tokens the server must refuse.
AUTH_VALID = ("a", "a", "a", "b", "b")
AUTH_OTHER = ("none", "garbage", "expired", "revoked", "disabled", "basic", "bare")


@dataclass
class FuzzRequest:
    method: str
    path: str
    auth: str = "none"
    params: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    chunked: bool = False  # sent without Content-Length, in pieces

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis prints a failing example with this
        printer.text(repr(self))

    def __repr__(self) -> str:
        body = self.content if self.content is None or len(self.content) <= 300 else self.content[:300] + b"..."
        return (f"FuzzRequest({self.method} {self.path} auth={self.auth} params={self.params!r} "
                f"headers={self.headers!r} chunked={self.chunked} content={body!r})")


@dataclass(frozen=True)
class Known:
    """What the strategies draw valid values from: the fuzz server's own data."""

    credit_codes: tuple[str, ...]  # real enterprises of the server (some with the item's fact)
    items: tuple[str, ...]  # real catalogue item ids
    usernames: tuple[str, ...]
    password: str
    device_prefix: dict[str, str]  # hall -> short id of its session device (receipt numbers)
    proven_devices: tuple[dict, ...] = ()  # login ``device`` objects with a live challenge and signature
    upload_contents: tuple[bytes, ...] = (b"x", b"attachment " * 40, bytes(range(256)) * 12)


# --- hostile JSON -------------------------------------------------------------------------------------

_HOSTILE_STRINGS = ("", " ", "\x00", "a\x00b", "\ud800", "\udfff", "x\udbffy", "\x1b[2J\x1b[31mred", "\u202eevil",
                    "\r\n", "\t", "null", "0", "-1", "1e309", "NaN", "Z" * 5000, "中" * 3000, "😀" * 100,
                    "'; DROP TABLE clerk; --", "../../etc/passwd", "%00", "\\u0000")
_HOSTILE_NUMBERS = (0, -1, 1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**40, -(10**40),
                    0.5, -0.0, 1e308, float("nan"), float("inf"), float("-inf"))


def _deep(depth: int, kind: str) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


scalars = st.one_of(
    st.sampled_from(_HOSTILE_STRINGS), st.sampled_from(_HOSTILE_NUMBERS), st.none(), st.booleans(),
    st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
)
json_values = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.text(max_size=10), children, max_size=4), max_leaves=12)
hostile_values = st.one_of(
    scalars, json_values,
    st.builds(_deep, st.integers(60, 70), st.sampled_from(["list", "dict"])),  # about the bound of 64
    # Deeper still as raw bytes (_RAW_BODIES): json.dumps itself recurses, and stops near 1,000.
    st.builds(_deep, st.integers(200, 600), st.sampled_from(["list", "dict"])),
    # Either side of the wire's and the columns' lengths (varchar(n) is enforced by PostgreSQL only).
    st.builds(lambda n, c: c * n, st.sampled_from([16, 17, 18, 19, 32, 33, 36, 37, 64, 65, 100, 101, 128, 129, 200, 201,
                                                   500, 501, 1000, 1001, 20_000]), st.sampled_from(["x", "字", "😀"])),
)


def _paths(value: object, trail: tuple = ()) -> list[tuple]:
    out = [trail]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*trail, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*trail, i))
    return out


def _get(value: object, trail: tuple) -> object:
    for part in trail:
        value = value[part]  # type: ignore[index]
    return value


@st.composite
def mutated(draw, valid: object, max_mutations: int = 3) -> object:
    """``valid`` as it is (about a third of the time) or with one to three mutations, each at
    a node of the document: replaced, removed, wrapped, given an extra key, made a string."""
    value = copy.deepcopy(valid)
    # Mostly few mutations: a document broken everywhere stops at its first error.
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, max_mutations]))):
        paths = _paths(value)
        trail = draw(st.sampled_from(paths))
        op = draw(st.sampled_from(["replace", "replace", "delete", "extra", "wrap", "stringify", "duplicate"]))
        node = _get(value, trail)
        if op == "replace" or not trail and op == "delete":
            new = draw(hostile_values)
        elif op == "delete":
            parent = _get(value, trail[:-1])
            del parent[trail[-1]]  # type: ignore[union-attr]
            continue
        elif op == "extra":
            if isinstance(node, dict):
                node[draw(st.text(max_size=12))] = draw(hostile_values)
                continue
            new = draw(hostile_values)
        elif op == "wrap":
            new = [node] if draw(st.booleans()) else {"value": node}
        elif op == "stringify":
            new = json.dumps(node, ensure_ascii=False, allow_nan=True) if not isinstance(node, str) else 17
        else:  # duplicate a list's element (two entries with one key, say)
            if isinstance(node, list) and node:
                node.append(copy.deepcopy(node[0]))
                continue
            new = draw(hostile_values)
        if not trail:
            value = new
        else:
            _get(value, trail[:-1])[trail[-1]] = new  # type: ignore[index]
    return value


def encode(value: object, ascii_only: bool) -> bytes:
    # allow_nan: NaN/Infinity go out as the bare words; lone surrogates as \ud800 escapes
    # (ascii) or as the bytes UTF-8 has no place for (surrogatepass).
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True).encode("utf-8", "surrogatepass")


_RAW_BODIES = (b"", b" ", b"{", b"[" * 100_000, b"{\"a\":" * 10_000, b"\xff\xfe{}", b"\xef\xbb\xbf{}",
               b"{\"username\": \"demo\", \"password\": \"x\"", b"1" * 5000, b"-" + b"9" * 30, b"[1e999]",
               b"{\"a\": NaN}", b"{\"a\": Infinity}", b"{\"a\": \"\\ud800\"}", b"{\"a\": \"\\u0000\"}",
               b"\x00\x00\x00", b"{\"a\":1,\"a\":2}", b"null", b"true", b"\"text\"", b"\xc3\x28",
               b"{\"entries\": [" + b"{}," * 200 + b"{}]}")


def body_from(valid: st.SearchStrategy) -> st.SearchStrategy[bytes]:
    """A body: the JSON of a (mutated) valid-shaped document, or raw bytes of every kind."""
    documents = valid.flatmap(lambda v: mutated(v))
    return st.one_of(*[st.builds(encode, documents, st.booleans())] * 4, st.sampled_from(_RAW_BODIES),
                     st.binary(max_size=200))


# --- headers, path parameters, query ------------------------------------------------------------------

# Header values h11 will send (no CR/LF/NUL): visible ASCII, tab, Latin-1.
_header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=60)
content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain",
                                 "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                 "application/octet-stream", ""]) | _header_text


@st.composite
def common_headers(draw) -> dict[str, str]:
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers["Content-Type"] = draw(content_types)
    if draw(st.integers(0, 4)) == 0:
        headers[draw(st.sampled_from(["Accept-Encoding", "X-Forwarded-For", "Upload-Offset", "Upload-Length",
                                      "Range", "X-Kuaixiang-Protocol", "Transfer-Encoding-X"]))] = draw(_header_text)
    return headers


@st.composite
def auths(draw, *, valid_weight: int = 3) -> str:
    return draw(st.sampled_from(AUTH_VALID * valid_weight + AUTH_OTHER))


def _segment(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


_garbage_segment = st.one_of(
    st.text(max_size=80), st.sampled_from(["", ".", "..", "%", "%2F", "a/b", " ", "\x00", "0" * 5000, "-1"]),
)


def sha256s(contents: tuple[bytes, ...]) -> st.SearchStrategy[str]:
    shas = [hashlib.sha256(c).hexdigest() for c in contents]
    return st.one_of(
        st.sampled_from(shas), st.sampled_from([s.upper() for s in shas]),
        st.binary(min_size=32, max_size=32).map(lambda b: b.hex()),
        st.text("0123456789abcdefABCDEFgx", min_size=60, max_size=70), _garbage_segment,
    )


def cursors(stream: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(encode_cursor, st.sampled_from(STREAMS), st.integers(-5, 2**63 + 5)),
        st.builds(encode_cursor, st.just(stream), st.sampled_from([0, 1, 2**63 - 1, 2**63, 10**30])),
        st.text(max_size=40), st.sampled_from(["", "=", "====", "kx", "a" * 5000]),
        st.binary(max_size=40).map(lambda b: base64.urlsafe_b64encode(b).decode()),
    )


# --- valid-shaped documents ---------------------------------------------------------------------------

# The edges of what datetime holds: an offset moves them past year 1 or 9999.
_TIMES = ["2026-11-26T01:02:03Z", None, "2026-11-26T01:02:03+08:00"]
_ODD_TIMES = ["yesterday", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59Z",
              "2026-11-26T01:02:03.123456789Z", "2026-02-30T00:00:00Z"]
AGENTS = ({"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"},
          {"name": "李四", "id_number": "110105194912310021", "phone": "+86 138-1234-5678"})


@st.composite
def outbox_entries(draw, known: Known, own_hall: str = HALL_A) -> dict:
    """An ``application.*`` entry as the sync client sends it (mostly well formed), mostly
    of ``own_hall`` (the token's)."""
    app_id = str(draw(st.uuids(version=4)))
    # Three in four entries are clean: a batch is refused whole at its first bad field, and
    # the intake behind the parse (claims, evaluation, storage) must be reached too.
    odd = draw(st.integers(0, 3)) == 0

    def pick(good: list, bad: list):
        return draw(st.sampled_from(good + bad if odd else good))

    kind = pick(["application.accepted"] * 3 + ["application.draft", "application.submitted", "application.withdrawn"],
                ["application.approved", "application.paid", "policy.changed", "application.Accepted"])
    hall = pick([own_hall] * 3, [HALL_A, HALL_B, "371502-99", "371502-01 "])
    prefix = known.device_prefix.get(hall, "ZZZZ")
    day = pick(["20261126", "20261206"], ["20260230", "٢٠٢٦١١٢٦", "00000000", "99991231"])
    receipt = f"{hall}-{day}-{prefix}-{draw(st.integers(0, 10_000)):04d}" + pick([""], ["\n", " "])
    verdict = draw(st.sampled_from(["eligible", "ineligible", "unknown"]))
    payload = {
        "id": app_id, "enterprise_id": pick([17], [-1, 2**63, "x"]), "item_id": draw(st.sampled_from(known.items)),
        "item_version": draw(st.integers(1, 3)), "status": kind.removeprefix("application."),
        "receipt_no": receipt, "hall_code": hall, "window": draw(st.sampled_from(["01", "02", None])),
        "benefit_amount_fen": pick([500000, None, 0], [2**63 - 1, -1]),
        "deferred_deadline": pick([None, "2026-12-31"], ["2026-02-30", "9999-12-31", "0001-01-01"]),
        "materials": [{"name": "申请表", "required": True, "received": draw(st.booleans()), "originals": 1, "copies": 0,
                       "attachment_sha256": draw(st.sampled_from(
                           [None, *(hashlib.sha256(c).hexdigest() for c in known.upload_contents)]))}],
        "credit_code": pick(list(known.credit_codes), ["91110000000000000X", "9137" + "0" * 40]), "agent": draw(st.sampled_from(AGENTS)),
        "trace": {"verdict": verdict, "as_of": "2026-11-26", "benefit": {"amount": "5000.00", "text": None},
                  "conditions": [{"text": "安排残疾人就业比例 > 1.5%", "fact": "disabled_employment_ratio", "op": ">",
                                  "expected": "1.5", "actual": "2.5", "result": "pass", "clause": "第六条"}]},
    }
    if kind == "application.withdrawn":
        payload["reason"] = pick(["企业撤回", None], ["原因" * 250, "原因" * 251, "\x1b[2J"])
    return {"key": pick([app_id], [str(draw(st.uuids(version=4))), "k", "K" * 128]), "kind": kind,
            "entity_id": app_id, "payload": payload,
            "created_at": pick(_TIMES, _ODD_TIMES)}


def login_documents(known: Known) -> st.SearchStrategy[dict]:
    device = st.sampled_from(known.proven_devices) if known.proven_devices else st.none()
    return st.fixed_dictionaries(
        {"username": st.sampled_from(known.usernames) | st.text(max_size=20),
         "password": st.sampled_from([known.password, "demo1234", "wrong-password"]) | st.text(max_size=20)},
        optional={"device": device | st.none()},
    )


# --- the routes ---------------------------------------------------------------------------------------


@st.composite
def _request(draw, method: str, path: str, body: st.SearchStrategy[bytes] | None, *, auth: st.SearchStrategy[str],
             params: st.SearchStrategy[list] = st.just([]), headers: st.SearchStrategy[dict] | None = None) -> FuzzRequest:
    # One in ten asks the path with a method it does not have: a 405 (or 404), never a 5xx.
    if draw(st.integers(0, 9)) == 0:
        method = draw(st.sampled_from([m for m in METHODS if m != method]))
    content = draw(body) if body is not None and method not in ("GET", "HEAD") else None
    if content is None and method in ("POST", "PUT", "PATCH") and draw(st.booleans()):
        content = draw(st.binary(max_size=64))
    return FuzzRequest(method, path, draw(auth), draw(params), draw(headers or common_headers()), content,
                       chunked=content is not None and draw(st.integers(0, 4)) == 0)


def _no_body() -> st.SearchStrategy[bytes]:
    # Routes that read no body still get one: the bounds apply to them too.
    return st.one_of(st.just(b""), st.binary(max_size=100), st.just(b"{}"), st.just(b"x" * (70 * 1024)))


def health(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _request("GET", f"{API}/health", _no_body(), auth=auths(valid_weight=1),
                    params=st.lists(st.tuples(st.text(max_size=10), st.text(max_size=20)), max_size=3))


def login(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _request("POST", f"{API}/login", body_from(login_documents(known)), auth=auths(valid_weight=1))


def challenge(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _request("POST", f"{API}/devices/challenge", _no_body(), auth=auths(valid_weight=1))


def logout(known: Known) -> st.SearchStrategy[FuzzRequest]:
    # A valid token is one minted for this request: logging out the session's own would end it.
    return _request("POST", f"{API}/logout", _no_body(), auth=st.sampled_from(("logout",) * 3 + AUTH_OTHER))


def devices(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _request("GET", f"{API}/devices", None, auth=auths())


@st.composite
def _changes(draw, known: Known) -> FuzzRequest:
    stream = draw(st.one_of(*[st.sampled_from(STREAMS)] * 3, st.sampled_from(["Policies", "policies ", ""]),
                            _garbage_segment))
    params: list[tuple[str, str]] = []
    if draw(st.booleans()):
        params.append(("after", draw(cursors(stream if stream in STREAMS else "policies"))))
    if draw(st.booleans()):
        params.append(("limit", draw(st.one_of(st.integers(-2, 5002).map(str), st.sampled_from(
            ["", "0", "5000", "5001", "1.5", " 7", "1_0", "١٢", "9" * 5000, "-0", "0x10", "nan"]), st.text(max_size=8)))))
    if draw(st.booleans()):  # the search keys version (kuaixiang_core/wire_search_keys)
        params.append(("keys", draw(st.one_of(st.sampled_from([str(KEYS_VERSION)] * 3), st.integers(-2, 2**32).map(str),
                                                st.sampled_from(["", "0", "01", "1.0", " 1", "١", "9" * 11]),
                                                st.text(max_size=8)))))
    if draw(st.integers(0, 3)) == 0:  # a parameter given twice, or one nobody reads
        params.append((draw(st.sampled_from(["after", "limit", "keys", "x"])), draw(st.text(max_size=10))))
    return draw(_request("GET", f"{API}/changes/{_segment(stream)}", None, auth=auths(), params=st.just(params)))


def changes(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _changes(known)


def outbox(known: Known) -> st.SearchStrategy[FuzzRequest]:
    def for_token(auth: str) -> st.SearchStrategy[FuzzRequest]:
        own = HALL_B if auth == "b" else HALL_A
        documents = st.builds(lambda entries: {"entries": entries}, st.lists(outbox_entries(known, own), max_size=2))
        return _request("POST", f"{API}/outbox", body_from(documents), auth=st.just(auth))

    return auths().flatmap(for_token)


def attachment_head(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return st.builds(lambda sha, r: FuzzRequest(r.method, f"{API}/attachments/{_segment(sha)}", r.auth, r.params,
                                                r.headers, r.content, r.chunked),
                     sha256s(known.upload_contents), _request("HEAD", "", None, auth=auths()))


@st.composite
def _upload(draw, known: Known) -> FuzzRequest:
    """A PUT of a whole file or of a piece of one, with a Content-Range that fits or not."""
    contents = draw(st.sampled_from(known.upload_contents) | st.binary(max_size=300))
    sha = draw(st.one_of(*[st.just(hashlib.sha256(contents).hexdigest())] * 4, sha256s(known.upload_contents)))
    total = len(contents)
    headers = draw(common_headers())
    body = contents
    shape = draw(st.sampled_from(["whole", "whole", "range", "range", "range", "range", "garbage-range",
                                  "no-range-piece"]))
    if shape == "range" and total:
        start = draw(st.integers(0, total - 1))
        end = draw(st.integers(start, total - 1))
        body = contents[start:end + 1]
        # Sometimes the header lies: the end, the total, or the body does not match.
        lie = draw(st.sampled_from([None, None, "total", "end", "body"]))
        declared_total = draw(st.integers(0, 2**63 + 10)) if lie == "total" else total
        declared_end = draw(st.integers(0, 10**18)) if lie == "end" else end
        if lie == "body":
            body = body + draw(st.binary(min_size=1, max_size=10))
        headers["Content-Range"] = f"bytes {start}-{declared_end}/{declared_total}"
    elif shape == "garbage-range":
        headers["Content-Range"] = draw(st.one_of(
            _header_text, st.sampled_from(["bytes */10", "bytes 5-1/10", "bytes 0-9/10 ", "bytes 0-0/0",
                                           "bytes 0-0/" + "9" * 4000, "bytes ０-1/2", "bytes 0-20971520/20971521",
                                           "bytes -1-2/3", "bytes 0-1/2\n"])))
    elif shape == "no-range-piece" and total:
        body = contents[: draw(st.integers(0, total))]
    if draw(st.integers(0, 9)) == 0:
        body = draw(st.sampled_from([b"", b"x" * 70_000]))
    method = "PUT"
    if draw(st.integers(0, 9)) == 0:
        method = draw(st.sampled_from([m for m in METHODS if m not in ("PUT", "HEAD")]))
    return FuzzRequest(method, f"{API}/attachments/{_segment(sha)}", draw(auths()), [], headers,
                       body if method not in ("GET",) else None, chunked=draw(st.integers(0, 4)) == 0)


def attachment_put(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _upload(known)


@st.composite
def receipt_claims(draw, known: Known) -> dict:
    """What a QR says about a receipt, as ``receipt verify`` sends it: of either hall, mostly
    well formed, now and then at the edges of what the fields hold."""
    odd = draw(st.integers(0, 3)) == 0

    def pick(good: list, bad: list):
        return draw(st.sampled_from(good + bad if odd else good))

    hall = pick([HALL_A, HALL_B], ["371502-99", "", "371502-01\n"])
    prefix = known.device_prefix.get(hall, "ZZZZ")
    return {
        "receipt_no": f"{hall}-{pick(['20261126', '20261206'], ['20260230', '٢٠٢٦١١٢٦'])}-{prefix}-"
                      f"{draw(st.integers(0, 10_000)):04d}",
        "application_id": pick([str(draw(st.uuids(version=4)))], ["X" * 36, str(draw(st.uuids())).upper(), ""]),
        "key_id": pick([draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=8, max_size=8))],
                       ["abcdefgh", "ABCDEFG1", "A" * 9]),
        "credit_code": pick(list(known.credit_codes), ["91110000000000000X", "9137" + "0" * 40]),
        "item_id": draw(st.sampled_from(known.items)),
        "amount_fen": pick([500000, None, 0], [2**63 - 1, -1, 2**63]),
        "accepted_at": pick(_TIMES[::2], _ODD_TIMES + ["1969-12-31T23:59:59Z"]),
        "hall_code": hall,
    }


def receipt_check(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _request("POST", f"{API}/receipts/check", body_from(receipt_claims(known)), auth=auths())


def licence_codes() -> st.SearchStrategy[dict]:
    """A 电子营业执照 code: a demo one's shape, a link, text at the edges (long, controls)."""
    code = st.one_of(
        st.builds(lambda t: "https://zzlz.gsxt.gov.cn/demo/e/" + t, st.text("abcdefghijklmnopqrstuvwxyz234567", max_size=30)),
        st.text(max_size=60), st.sampled_from(["", " ", "x" * 2049, "a\nb", "https://www.gsxt.gov.cn/%7B8A%7D"]),
    )
    return st.one_of(st.fixed_dictionaries({"code": code}), st.fixed_dictionaries({"code": st.integers()}),
                     st.just({}))


def licence_resolve(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _request("POST", f"{API}/licences/resolve", body_from(licence_codes()), auth=auths())


def updates_latest(known: Known) -> st.SearchStrategy[FuzzRequest]:
    from kuaixiang_core.domain.update_manifest import PLATFORMS

    platform = st.one_of(*[st.sampled_from(PLATFORMS)] * 3, st.sampled_from(["", "LINUX-X86_64", "amiga"]),
                         st.text(max_size=40))
    params = st.one_of(st.builds(lambda p: [("platform", p)], platform), st.just([]),
                       st.builds(lambda p, q: [("platform", p), ("platform", q)], platform, platform))
    return _request("GET", f"{API}/updates/latest", None, auth=auths(), params=params)


_RANGES = st.one_of(
    st.builds(lambda a: f"bytes={a}-", st.integers(0, 600)), st.builds(lambda a, b: f"bytes={a}-{b}", st.integers(0, 600),
                                                                        st.integers(0, 600)),
    st.sampled_from(["bytes=-5", "bytes=", "bytes=0-0", "items=0-1", "bytes=0-1,5-9", "bytes=99999999999999999-",
                     "bytes=" + "9" * 40 + "-", " bytes=1-", "bytes=1 - 2"]), _header_text,
)


@st.composite
def _update_file(draw, known: Known) -> FuzzRequest:
    sha = draw(sha256s(known.upload_contents))
    r = draw(_request("GET", f"{API}/updates/files/{_segment(sha)}", None, auth=auths()))
    headers = dict(r.headers)
    if draw(st.booleans()):
        headers["Range"] = draw(_RANGES)
    return FuzzRequest(r.method, r.path, r.auth, r.params, headers, r.content, r.chunked)


def updates_file(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _update_file(known)


@st.composite
def _outreach(draw, known: Known) -> FuzzRequest:
    item = draw(st.one_of(*[st.sampled_from(known.items)] * 3, _garbage_segment))
    params: list[tuple[str, str]] = []
    for name, good in (("limit", ["0", "50", "5000"]), ("after", ["0", "17"]), ("as_of", ["2026-11-26"])):
        if draw(st.booleans()):
            params.append((name, draw(st.one_of(st.sampled_from(good), st.sampled_from(
                ["", "-1", "5001", "9" * 40, "2026-02-30", "٢٠٢٦", "1.5"]), st.text(max_size=12)))))
    return draw(_request("GET", f"{API}/outreach/{_segment(item)}", None, auth=auths(), params=st.just(params)))


def outreach(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _outreach(known)


def snapshot_offer(known: Known) -> st.SearchStrategy[FuzzRequest]:
    after = st.one_of(st.just("0"), st.text(max_size=40), st.just("x" * 201), st.integers().map(str))
    params = st.one_of(st.just([]), st.builds(lambda a: [("after", a)], after),
                       st.builds(lambda a, b: [("after", a), ("after", b)], after, after))
    return _request("GET", f"{API}/snapshot", None, auth=auths(), params=params)


@st.composite
def _snapshot_chunk(draw, known: Known) -> FuzzRequest:
    ident = draw(st.one_of(st.text("0123456789abcdef", min_size=64, max_size=64), _garbage_segment))
    n = draw(st.one_of(st.integers(0, 30).map(str), st.sampled_from(["-1", "1.5", "9" * 12, "٣", ""]),
                       st.text(max_size=12)))
    return draw(_request("GET", f"{API}/snapshot/{_segment(ident)}/chunks/{_segment(n)}", None, auth=auths()))


def snapshot_chunk(known: Known) -> st.SearchStrategy[FuzzRequest]:
    return _snapshot_chunk(known)


ROUTES: dict[tuple[str, str], Callable[[Known], st.SearchStrategy[FuzzRequest]]] = {
    ("GET", f"{API}/snapshot"): snapshot_offer,
    ("GET", f"{API}/snapshot/{{ident}}/chunks/{{n}}"): snapshot_chunk,
    ("GET", f"{API}/health"): health,
    ("POST", f"{API}/login"): login,
    ("POST", f"{API}/devices/challenge"): challenge,
    ("POST", f"{API}/logout"): logout,
    ("GET", f"{API}/devices"): devices,
    ("GET", f"{API}/changes/{{stream}}"): changes,
    ("POST", f"{API}/outbox"): outbox,
    ("HEAD", f"{API}/attachments/{{sha256}}"): attachment_head,
    ("PUT", f"{API}/attachments/{{sha256}}"): attachment_put,
    ("POST", f"{API}/receipts/check"): receipt_check,
    ("POST", f"{API}/licences/resolve"): licence_resolve,
    ("GET", f"{API}/updates/latest"): updates_latest,
    ("GET", f"{API}/updates/files/{{sha256}}"): updates_file,
    ("GET", f"{API}/outreach/{{item_id}}"): outreach,
}
"""Every route of the app and the strategy that fuzzes it (see the module's docstring)."""
