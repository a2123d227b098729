"""domain/device_trust.py: device certificates, the registration proof, receipt numbers; and
their wire messages (wire_session)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import replace

import pytest

from kuaixiang_core import wire, wire_session
from kuaixiang_core.domain import device_trust as trust
from kuaixiang_core.domain import receipt_token

SIGNER = bytes(range(32, 64))
PRIVATE = bytes(range(32))
PUBLIC = trust.public_key_of(PRIVATE)
KID = receipt_token.key_id(PUBLIC)
UTC = dt.UTC


def _cert(**kw) -> trust.DeviceCertificate:
    values = dict(serial=7, key_id=KID, public_key=PUBLIC, hall_code="371502-01", window="01", label="1号窗口",
                  valid_from=dt.datetime(2026, 5, 31, 16, 30, tzinfo=UTC),  # 2026-06-01 00:30 in Liaocheng
                  valid_to=None, revoked_at=None, issued_at=dt.datetime(2026, 5, 31, 16, 30, tzinfo=UTC))
    values.update(kw)
    return trust.sign_certificate(trust.DeviceCertificate(**values), SIGNER)


def test_a_certificate_verifies_only_unchanged_and_against_its_signer():
    cert = _cert()
    signer_public = trust.public_key_of(SIGNER)
    assert trust.verify_certificate(cert, signer_public)
    assert not trust.verify_certificate(cert, PUBLIC)
    for changed in (replace(cert, hall_code="371581-01"), replace(cert, window="02"),
                    replace(cert, valid_to=dt.datetime(2026, 6, 2, tzinfo=UTC)),
                    replace(cert, revoked_at=None, serial=8), replace(cert, signature="")):
        assert not trust.verify_certificate(changed, signer_public)
    assert trust.DeviceCertificate.from_json(json.loads(json.dumps(cert.to_json()))) == cert


@pytest.mark.parametrize("change, field", [
    ({"serial": True}, "serial"), ({"serial": -1}, "serial"), ({"key_id": "AAAAAAAA"}, "public_key"),
    ({"public_key": "not base64!"}, "public_key"), ({"valid_from": "2026-06-01T00:00:00+08:00"}, "valid_from"),
    ({"issued_at": None}, "issued_at"), ({"hall_code": ""}, "hall_code"), ({"signature": None}, "signature"),
])
def test_reading_a_certificate_is_strict(change, field):
    with pytest.raises(trust.CertificateError, match=field):
        trust.DeviceCertificate.from_json({**_cert().to_json(), **change})


def test_a_certificate_covers_the_days_of_its_binding_on_the_halls_clock():
    cert = _cert(valid_to=dt.datetime(2026, 6, 10, 2, tzinfo=UTC))
    assert not cert.covers_day(dt.date(2026, 5, 31)) and cert.covers_day(dt.date(2026, 6, 1))
    assert cert.covers_day(dt.date(2026, 6, 10)) and not cert.covers_day(dt.date(2026, 6, 11))
    assert trust.certificate_for([cert], KID, "371502-01", dt.date(2026, 6, 5)) is cert
    assert trust.certificate_for([cert], KID, "371581-01", dt.date(2026, 6, 5)) is None


def test_the_registration_proof_binds_challenge_and_key():
    signature = trust.sign_proof("challenge-1", PRIVATE)
    assert trust.verify_proof("challenge-1", PUBLIC, signature)
    assert not trust.verify_proof("challenge-2", PUBLIC, signature)
    assert not trust.verify_proof("challenge-1", trust.public_key_of(SIGNER), signature)
    assert not trust.verify_proof("challenge-1", PUBLIC, "###")
    # A receipt signature is never a proof (and the other way round): the domains differ.
    assert not trust.verify_proof("challenge-1", PUBLIC, base64.b64encode(b"\0" * 64).decode())


def test_receipt_numbers_name_hall_day_and_device():
    number = trust.parse_receipt_no("371502-01-20260601-Q7AO-0007")
    assert number == trust.ReceiptNumber("371502-01", dt.date(2026, 6, 1), "Q7AO", 7)
    for bad in ("", "371502-01-20260631-Q7AO-0007", "371502-01-20260601-q7ao-0007", "20260601-Q7AO-0007"):
        assert trust.parse_receipt_no(bad) is None


def test_the_session_messages_round_trip_and_read_strictly():
    device = wire_session.DeviceInfo(KID, base64.b64encode(PUBLIC).decode(), "窗口", "c", trust.sign_proof("c", PRIVATE))
    assert wire_session.DeviceInfo.from_json(device.to_json()) == device
    signer = wire_session.SignerInfo(trust.signer_id(trust.public_key_of(SIGNER)),
                             base64.b64encode(trust.public_key_of(SIGNER)).decode())
    listed = wire_session.DeviceList([wire_session.DeviceEntry(KID, device.public_key, "371502-01", "窗口", "01", None, (_cert(),))],
                             signer)
    assert wire_session.DeviceList.from_json(json.loads(json.dumps(listed.to_json()))) == listed
    challenge = wire_session.DeviceChallenge("abc", dt.datetime(2026, 6, 1, tzinfo=UTC))
    assert wire_session.DeviceChallenge.from_json(challenge.to_json()) == challenge
    bad = listed.to_json()
    bad["devices"][0]["certificates"][0]["serial"] = "7"
    with pytest.raises(wire.WireError, match="certificates"):
        wire_session.DeviceList.from_json(bad)
    with pytest.raises(wire.WireError, match="devices"):
        wire_session.DeviceList.from_json({"devices": {}})
