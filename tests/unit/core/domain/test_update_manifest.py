"""Update manifests: signed by the certifying key, every field checked, versions compared by
``packaging.version`` — never a downgrade, never the same version again."""

from __future__ import annotations

import datetime as dt

import pytest

from kuaixiang_core.domain import update_manifest
from kuaixiang_core.domain.device_trust import public_key_of
from kuaixiang_core.domain.update_manifest import ManifestRefused

KEY = bytes(range(100, 132))
OTHER = bytes(range(1, 33))


def manifest(key: bytes = KEY, **kw) -> dict:
    fields = {"version": "0.2.0", "platform": "linux-x86_64", "url": "/api/v1/updates/files/" + "a" * 64,
              "sha256": "a" * 64, "size": 1234, "minimum_version": "0.1.0", "notes": "修正打印",
              "published": dt.datetime(2026, 12, 6, tzinfo=dt.UTC), **kw}
    return update_manifest.make(key, **fields)


def test_a_signed_manifest_reads_back():
    got = update_manifest.read(manifest(), public_key_of(KEY))
    assert (got.version, got.platform, got.size, got.minimum_version) == ("0.2.0", "linux-x86_64", 1234, "0.1.0")


@pytest.mark.parametrize("field, value", [("version", "9.9.9"), ("sha256", "b" * 64), ("size", 1), ("url", "https://evil/x"),
                                          ("minimum_version", None), ("platform", "windows-x86_64")])
def test_a_tampered_manifest_is_refused(field, value):
    doc = manifest()
    doc[field] = value
    with pytest.raises(ManifestRefused) as err:
        update_manifest.read(doc, public_key_of(KEY))
    assert err.value.field == "signature"


def test_a_manifest_signed_by_another_key_is_refused():
    with pytest.raises(ManifestRefused) as err:
        update_manifest.read(manifest(OTHER), public_key_of(KEY))
    assert err.value.field == "signature"


@pytest.mark.parametrize("kw, field", [({"version": "not a version"}, "version"), ({"platform": "amiga"}, "platform"),
                                       ({"size": 0}, "size"), ({"size": update_manifest.MAX_SIZE + 1}, "size"),
                                       ({"sha256": "XYZ"}, "sha256"), ({"url": "ftp://x"}, "url")])
def test_bad_fields_are_named_when_publishing(kw, field):
    with pytest.raises(ManifestRefused) as err:
        manifest(**kw)
    assert err.value.field == field


@pytest.mark.parametrize("running, newer", [("0.1.0", True), ("0.2.0", False), ("0.3.0", False), ("0.2.0rc1", True),
                                            ("0.10.0", False)])
def test_versions_compare_as_versions_not_text(running, newer):
    got = update_manifest.read(manifest(), public_key_of(KEY))
    assert got.newer_than(running) is newer


def test_minimum_version_bounds_what_it_installs_over():
    got = update_manifest.read(manifest(minimum_version="0.1.5"), public_key_of(KEY))
    assert got.installs_over("0.1.5") and got.installs_over("0.1.10") and not got.installs_over("0.1.0")
