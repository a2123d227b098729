"""domain/receipt_token.py: the signed QR payload of a receipt."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain import receipt_token as rt
from kuaixiang_core.domain.receipt_token import ReceiptFields, VerifyError, generate_key, key_id, sign, verify
from kuaixiang_desktop.printing.qr import qr_version

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
UTC = dt.timezone.utc
# A fixed key, so that failures reproduce.
PRIVATE = bytes(range(32))


def _public(private: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


PUBLIC = _public(PRIVATE)
KID = key_id(PUBLIC)
KEYS = {KID: PUBLIC}


def _fields(**kw) -> ReceiptFields:
    values = dict(
        receipt_no="371502-01-20250930-Q7AO-0007",
        application_id=uuid.UUID("3bb0083d-4d47-40cb-804d-b639027f02d7"),
        credit_code="91371502MA3C8YYY1Y",
        item_id="lc-wengang-2024",
        amount_fen=1234560,
        accepted_at=dt.datetime(2025, 9, 30, 10, 15, 7, 999_000, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        hall_code="371502-01",
    )
    values.update(kw)
    return ReceiptFields(**values)


TOKEN = sign(_fields(), PRIVATE)


def test_round_trip():
    result = verify(TOKEN, KEYS)
    assert result.valid and result.error is None and result.reason is None
    expected = dataclasses.replace(_fields(), key_id=KID, accepted_at=dt.datetime(2025, 9, 30, 2, 15, 7, tzinfo=UTC))
    assert result.fields == expected
    assert result.fields.accepted_at.tzinfo == UTC  # whole seconds, UTC


def test_the_token_is_compact_and_qr_alphanumeric():
    assert TOKEN.startswith("KX1.")
    assert set(TOKEN[4:]) <= set(B32)
    assert len(TOKEN) < 280


def test_generated_keys_work_and_key_ids_are_short():
    private, public = generate_key()
    assert len(private) == len(public) == 32
    kid = key_id(public)
    assert len(kid) == 8 and set(kid) <= set(B32)
    assert key_id(public) == kid != key_id(generate_key()[1])
    token = sign(_fields(), private)
    assert verify(token, {kid: public}).fields.key_id == kid


@pytest.mark.parametrize(
    "changes",
    [
        {"amount_fen": None},
        {"amount_fen": 0},
        {"amount_fen": 10**15},
        {"credit_code": "370000018067807"},  # an old 15-digit registration number: carried as text
        {"credit_code": "92371502MA3C8YYY1Y"},
        {"receipt_no": "回执-甲-0001", "item_id": "事项/一", "hall_code": ""},
        {"application_id": uuid.UUID(int=0)},
    ],
)
def test_round_trip_variants(changes):
    fields = _fields(**changes)
    result = verify(sign(fields, PRIVATE), KEYS)
    assert result.valid, result.error
    for name, value in changes.items():
        assert getattr(result.fields, name) == value


def test_every_character_changed_never_verifies():
    alphabet = sorted(set(B32) | set("KX1.") | {"a", "0", "=", " "})
    tried = 0
    for i, original in enumerate(TOKEN):
        for replacement in alphabet:
            if replacement == original:
                continue
            tampered = TOKEN[:i] + replacement + TOKEN[i + 1 :]
            if tampered.strip() == TOKEN:
                continue  # a space at the very end is only whitespace
            result = verify(tampered, KEYS)
            assert not result.valid, (i, replacement)
            assert result.error and result.fields is None
            tried += 1
    assert tried > 8000


def test_every_bit_of_the_payload_flipped_never_verifies():
    raw = _raw(TOKEN)
    reasons = set()
    for i in range(len(raw)):
        for bit in range(8):
            flipped = bytearray(raw)
            flipped[i] ^= 1 << bit
            tampered = _token(flipped)
            result = verify(tampered, KEYS)
            assert not result.valid, (i, bit)
            reasons.add(result.reason)
    # A change to a field shows up as a bad signature, to the key id as an unknown key.
    assert {VerifyError.BAD_SIGNATURE, VerifyError.UNKNOWN_KEY} <= reasons


def test_a_changed_field_is_reported_as_a_changed_content():
    raw = _raw(TOKEN)
    raw[0] ^= 0x01  # inside the application id
    result = verify(_token(raw), KEYS)
    assert result.reason is VerifyError.BAD_SIGNATURE
    assert result.error == "签名不符（内容被改动）"


def _raw(token: str) -> bytearray:
    body = token[4:]
    return bytearray(base64.b32decode(body + "=" * (-len(body) % 8)))


def _token(raw: bytes) -> str:
    return "KX1." + base64.b32encode(bytes(raw)).decode().rstrip("=")


def test_the_signature_of_other_content_or_another_key_does_not_verify():
    ours = _raw(TOKEN)
    other_key = _raw(sign(_fields(), generate_key()[0]))
    other_content = _raw(sign(_fields(amount_fen=1), PRIVATE))
    for donor in (other_key, other_content):
        spliced = ours[:-64] + donor[-64:]
        result = verify(_token(spliced), KEYS)
        assert not result.valid and result.reason is VerifyError.BAD_SIGNATURE


def test_every_truncation_is_invalid():
    for n in range(len(TOKEN)):
        result = verify(TOKEN[:n], KEYS)
        assert not result.valid, n
        assert result.error.startswith("格式错误"), (n, result.error)


def test_unknown_key_says_which():
    result = verify(TOKEN, {})
    assert not result.valid and result.reason is VerifyError.UNKNOWN_KEY
    assert result.error.startswith(f"未知的设备密钥 {KID}")


def test_a_registered_key_that_does_not_match_its_id_is_refused():
    _, other_public = generate_key()
    result = verify(TOKEN, {KID: other_public})
    assert not result.valid and result.reason is VerifyError.UNKNOWN_KEY
    assert KID in result.error


@pytest.mark.parametrize(
    ("text", "reason", "words"),
    [
        ("", VerifyError.FORMAT, "格式错误"),
        ("hello", VerifyError.FORMAT, "KX1."),
        ("https://example.org/r?KX1.AAAA", VerifyError.FORMAT, "KX1."),
        ("KX2." + TOKEN[4:], VerifyError.UNSUPPORTED_VERSION, "KX2"),
        ("kx1." + TOKEN[4:], VerifyError.FORMAT, "格式错误"),
        ("KX1." + TOKEN[4:].lower(), VerifyError.FORMAT, "格式错误"),
        ("KX1." + TOKEN[4:] + "=", VerifyError.FORMAT, "格式错误"),
        ("KX1." + TOKEN[4:] + "A", VerifyError.FORMAT, "格式错误"),
        ("KX1." + TOKEN[4:] + "AA", VerifyError.FORMAT, "格式错误"),
        ("KX1.", VerifyError.FORMAT, "格式错误"),
        ("KX1.!!!!", VerifyError.FORMAT, "格式错误"),
        ("KX1." + "A" * 200, VerifyError.FORMAT, "格式错误"),
    ],
)
def test_garbage_and_wrong_prefix(text, reason, words):
    result = verify(text, KEYS)
    assert not result.valid
    assert result.reason is reason
    assert words in result.error


def test_not_text_is_invalid_not_an_exception():
    assert not verify(b"KX1.AAAA", KEYS).valid  # type: ignore[arg-type]


def test_a_scanner_newline_is_tolerated():
    assert verify(TOKEN + "\r\n", KEYS).valid
    assert verify("  " + TOKEN, KEYS).valid


def test_sign_refuses_bad_input():
    with pytest.raises(ValueError):
        sign(_fields(accepted_at=dt.datetime(2025, 9, 30, 10, 15)), PRIVATE)  # naive
    with pytest.raises(ValueError):
        sign(_fields(amount_fen=-1), PRIVATE)
    with pytest.raises(ValueError):
        sign(_fields(item_id="x" * 300), PRIVATE)
    with pytest.raises(ValueError):
        sign(_fields(key_id="AAAAAAAA"), PRIVATE)  # not this key's id
    with pytest.raises(ValueError):
        sign(_fields(), b"short")
    with pytest.raises(TypeError):
        sign(_fields(application_id="3bb0083d-4d47-40cb-804d-b639027f02d7"), PRIVATE)
    assert verify(sign(_fields(key_id=KID), PRIVATE), KEYS).valid


def test_realistic_worst_case_fits_qr_version_10_at_level_m():
    fields = _fields(
        receipt_no="371526-12-20261231-ZZZZZZZZ-9999",  # 32 characters
        item_id="lc-kj-gaoxin-2026-shoudingrending-01",  # 36 characters
        hall_code="371526-12",
        amount_fen=99_999_999_999,
        accepted_at=dt.datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC),
    )
    token = sign(fields, PRIVATE)
    assert len(token) <= rt.QR_V10_M_ALPHANUMERIC
    assert qr_version(token, "M") <= 10
    assert qr_version(TOKEN, "M") <= 10


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    receipt_no=texts,
    item_id=texts,
    hall_code=texts,
    credit_code=st.one_of(texts, st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18)),
    amount=st.one_of(st.none(), st.integers(min_value=0, max_value=2**62)),
    seconds=st.integers(min_value=0, max_value=2**33),
    app=st.uuids(),
)
def test_any_fields_round_trip(receipt_no, item_id, hall_code, credit_code, amount, seconds, app):
    fields = ReceiptFields(
        receipt_no=receipt_no,
        application_id=app,
        credit_code=credit_code,
        item_id=item_id,
        amount_fen=amount,
        accepted_at=dt.datetime.fromtimestamp(seconds, UTC),
        hall_code=hall_code,
    )
    result = verify(sign(fields, PRIVATE), KEYS)
    assert result.valid, result.error
    assert result.fields == dataclasses.replace(fields, key_id=KID)
