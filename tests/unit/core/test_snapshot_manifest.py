"""kuaixiang_core.snapshot: the manifest is read strictly and its signature covers every field."""

from __future__ import annotations

import datetime as dt

import pytest

from kuaixiang_core import snapshot as fmt
from kuaixiang_core.domain import device_trust
from kuaixiang_core.wire import WireError

KEY = bytes(range(100, 132))
PUBLIC = device_trust.public_key_of(KEY)


def _manifest(**change) -> fmt.Manifest:
    base = dict(id="a" * 64, size=3 * 65536 + 5, chunk_size=65536, chunks=("b" * 64,) * 4,
                cursors={"facts": "f", "policies": "p", "enterprises": "e"}, enterprises=10,
                keys_version=fmt.KEYS_VERSION, created_at=dt.datetime(2026, 12, 6, 1, 2, 3),
                signer=device_trust.signer_id(PUBLIC))
    return fmt.sign(fmt.Manifest(**{**base, **change}), KEY)


def test_a_signed_manifest_round_trips_and_verifies():
    m = _manifest()
    again = fmt.Manifest.from_json(m.to_json())
    assert again.to_json() == m.to_json() and fmt.verify(again, PUBLIC)
    assert m.chunk_span(3) == (3 * 65536, 3 * 65536 + 5)


@pytest.mark.parametrize("field, value", [("enterprises", 11), ("size", 3 * 65536 + 6), ("id", "c" * 64),
                                           ("cursors", {"facts": "f", "policies": "p", "enterprises": "x"})])
def test_any_field_changed_breaks_the_signature(field, value):
    data = {**_manifest().to_json(), field: value}
    assert not fmt.verify(fmt.Manifest.from_json(data), PUBLIC)


def test_another_key_does_not_verify():
    assert not fmt.verify(_manifest(), device_trust.public_key_of(bytes(range(32))))


@pytest.mark.parametrize("field, value, where", [
    ("format", 2, "format"), ("id", "A" * 64, "id"), ("size", 0, "size"), ("size", fmt.MAX_BYTES + 1, "size"),
    ("chunk_size", 1024, "chunk_size"), ("chunks", ["b" * 64] * 3, "chunks"), ("chunks", ["z" * 64] * 4, "chunks"),
    ("cursors", {"facts": "f"}, "cursors"), ("enterprises", -1, "enterprises"), ("enterprises", True, "enterprises"),
    ("created_at", "yesterday", "created_at"), ("signature", "s" * 500, "signature"),
])
def test_a_malformed_manifest_is_refused_naming_the_field(field, value, where):
    with pytest.raises(WireError) as err:
        fmt.Manifest.from_json({**_manifest().to_json(), field: value})
    assert err.value.field.startswith(f"manifest.{where}")


def test_not_an_object_is_refused():
    with pytest.raises(WireError):
        fmt.Manifest.from_json(["manifest"])
