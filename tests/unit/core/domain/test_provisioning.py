"""A hall's provisioning: signed, bounded, and refused — naming what is wrong — when tampered
with, expired, another city's, or signed by a key this client has no reason to trust."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuaixiang_core.domain import provisioning, signed_docs
from kuaixiang_core.domain.device_trust import public_key_of, signer_id
from kuaixiang_core.domain.provisioning import Anchors, ProvisioningRefused

CITY_KEY = bytes(range(100, 132))
OTHER_KEY = bytes(range(1, 33))
NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)


def config(key: bytes = CITY_KEY, *, city: str = "371500", days: int = 30, **kw) -> dict:
    fields = {"server": "https://zwfw.liaocheng.gov.cn:8765", "hall": "371502-01", "window": "03",
              "label": "东昌府区 3 号窗口", "ca_der": None, **kw}
    return provisioning.make(key, city=city, issued=NOW, expires=NOW + dt.timedelta(days=days), **fields)


def anchors(*keys: bytes, city: str = "371500") -> Anchors:
    return Anchors.from_json({"city": city, "city_name": "聊城市", "keys": [
        {"key_id": signer_id(public_key_of(k)), "public_key": base64.b64encode(public_key_of(k)).decode()}
        for k in keys]})


def read(doc, **kw):
    kw.setdefault("anchors", anchors(CITY_KEY))
    kw.setdefault("pinned", None)
    kw.setdefault("now", NOW + dt.timedelta(hours=1))
    return provisioning.read(json.dumps(doc).encode(), **kw)


def test_a_configuration_signed_by_the_citys_key_is_accepted_with_every_field():
    got = read(config())
    assert (got.server, got.hall, got.window, got.label, got.city) == (
        "https://zwfw.liaocheng.gov.cn:8765", "371502-01", "03", "东昌府区 3 号窗口", "371500")
    assert got.trust == "anchor" and got.signer == signer_id(public_key_of(CITY_KEY))


@pytest.mark.parametrize("field, value", [("server", "https://evil.example.cn"), ("hall", "371581-01"),
                                          ("window", "09"), ("expires", "2099-01-01T00:00:00Z"), ("ca", "AAAA")])
def test_a_tampered_field_breaks_the_signature(field, value):
    doc = config()
    doc[field] = value
    with pytest.raises(ProvisioningRefused) as err:
        read(doc)
    assert err.value.field == "signature" and "改动" in err.value.message


def test_a_swapped_signer_key_is_named():
    doc = config()
    doc["signer_key"] = base64.b64encode(public_key_of(OTHER_KEY)).decode()
    with pytest.raises(ProvisioningRefused) as err:
        read(doc)
    assert err.value.field == "signer_key"


def test_a_forgery_re_signed_with_another_key_is_not_trusted():
    with pytest.raises(ProvisioningRefused) as err:
        read(config(OTHER_KEY, server="https://evil.example.cn"))
    assert err.value.field == "signer" and "不在本发行版信任" in err.value.message


def test_another_citys_configuration_is_refused_by_its_city():
    with pytest.raises(ProvisioningRefused) as err:
        read(config(OTHER_KEY, city="371600"), anchors=anchors(CITY_KEY, OTHER_KEY))
    assert err.value.field == "city" and "371600" in err.value.message and "371500" in err.value.message


def test_an_expired_configuration_is_refused_with_its_expiry():
    with pytest.raises(ProvisioningRefused) as err:
        read(config(days=1), now=NOW + dt.timedelta(days=2))
    assert err.value.field == "expires" and "过期" in err.value.message


def test_a_configuration_from_the_future_is_refused():
    with pytest.raises(ProvisioningRefused) as err:
        read(config(), now=NOW - dt.timedelta(days=1))
    assert err.value.field == "issued"


def test_a_pinned_key_decides_over_the_anchors():
    assert read(config(), pinned=public_key_of(CITY_KEY)).trust == "pinned"
    with pytest.raises(ProvisioningRefused) as err:
        read(config(), pinned=public_key_of(OTHER_KEY))
    assert err.value.field == "signer"


def test_without_anchors_the_clerk_must_confirm_the_fingerprint():
    fp = signer_id(public_key_of(CITY_KEY))
    with pytest.raises(ProvisioningRefused) as err:
        read(config(), anchors=None)
    assert err.value.field == "fingerprint" and fp in err.value.message
    with pytest.raises(ProvisioningRefused):
        read(config(), anchors=None, fingerprint=signer_id(public_key_of(OTHER_KEY)))
    spaced = " ".join(fp[i:i + 4] for i in range(0, 16, 4)).lower()
    assert read(config(), anchors=None, fingerprint=spaced).trust == "fingerprint"


def test_plain_http_to_another_host_cannot_be_provisioned():
    with pytest.raises(ProvisioningRefused) as err:
        config(server="http://10.1.2.3:8765")
    assert err.value.field == "server"
    assert config(server="http://127.0.0.1:8765")["server"] == "http://127.0.0.1:8765"


@pytest.mark.parametrize("data, field", [
    (b"x" * (provisioning.MAX_FILE_BYTES + 1), "file"), (b"\xff\xfe", "file"), (b"[1, 2", "file"),
    (b'{"kind": "other"}', "kind"), ("KXP1:%%%%", "file"), ("KXP1:" + signed_docs.b45encode(b"not zlib"), "file"),
])
def test_garbage_is_refused_with_the_reason(data, field):
    with pytest.raises(ProvisioningRefused) as err:
        provisioning.read(data, anchors=anchors(CITY_KEY), pinned=None, now=NOW)
    assert err.value.field == field


def test_a_qr_beyond_the_bound_is_refused():
    import random

    big = config(ca_der=random.Random(1).randbytes(1500))  # a certificate no compression shrinks
    with pytest.raises(ValueError, match="超过"):
        provisioning.to_qr(big)


def test_the_qr_text_carries_the_whole_signed_configuration():
    doc = config()
    text = provisioning.to_qr(doc)
    assert text.startswith(provisioning.QR_PREFIX) and set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    got = provisioning.read(text, anchors=anchors(CITY_KEY), pinned=None, now=NOW)
    assert got.hall == "371502-01"
    # A scanner may type it in lower case (Caps Lock): still the same configuration.
    assert provisioning.read(text.lower(), anchors=anchors(CITY_KEY), pinned=None, now=NOW).hall == "371502-01"


@given(st.binary(max_size=300))
def test_base45_round_trips(data):
    assert signed_docs.b45decode(signed_docs.b45encode(data)) == data


def test_base45_of_rfc_9285_examples():
    assert signed_docs.b45encode(b"AB") == "BB8"
    assert signed_docs.b45encode(b"Hello!!") == "%69 VD92EX0"
    assert signed_docs.b45decode("QED8WEX0") == "ietf!".encode()
    with pytest.raises(ValueError):
        signed_docs.b45decode("GGW")  # 65535 < value
