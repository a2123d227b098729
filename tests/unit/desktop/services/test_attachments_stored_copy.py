"""A document camera's capture is stored at once, encrypted, and filing finds it in the store
again (``attachments.stored_copy``) instead of reading a plain file; a file elsewhere that
merely bears a SHA-256 as its name is an ordinary file."""

from __future__ import annotations

import hashlib

import pytest

from kuaixiang_desktop.devices.camera import sample_page_photo
from kuaixiang_desktop.services.attachments import SEALED, AttachmentRejected, store_bytes, store_file, stored_copy


def test_a_stored_capture_is_found_again_without_a_plain_copy():
    picture = sample_page_photo()
    stored = store_bytes(picture, "高拍仪拍摄 101500.jpg")
    assert stored.path.read_bytes().startswith(SEALED)
    again = store_file(stored.path)
    assert (again.sha256, again.size, again.mime) == (stored.sha256, len(picture), "image/jpeg")


def test_a_file_elsewhere_named_like_a_digest_is_not_taken_for_ours(tmp_path):
    picture = sample_page_photo(angle=3)
    outside = tmp_path / hashlib.sha256(picture).hexdigest()
    outside.write_bytes(picture)
    assert stored_copy(outside) is None
    assert store_file(outside).sha256 == outside.name  # stored as any dropped file


def test_a_tampered_stored_capture_is_refused():
    stored = store_bytes(sample_page_photo(), "x.jpg")
    data = bytearray(stored.path.read_bytes())
    data[-1] ^= 1
    stored.path.write_bytes(bytes(data))
    with pytest.raises(AttachmentRejected, match="无法读取"):
        store_file(stored.path)
