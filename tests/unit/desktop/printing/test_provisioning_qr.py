"""The QR of a hall's configuration, drawn by printing/qr.py, scans back to the same text and
stays within what a desk scanner reads."""

from __future__ import annotations

import datetime as dt

import zxingcpp
from PIL import Image

from kuaixiang_core.domain import provisioning
from kuaixiang_core.domain.provisioning import Anchors
from kuaixiang_desktop.printing.qr import qr_matrix, qr_version

CITY_KEY = bytes(range(100, 132))
NOW = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)


def config(**kw) -> dict:
    fields = {"server": "https://zwfw.liaocheng.gov.cn:8765", "hall": "371502-01", "window": "03",
              "label": "东昌府区 3 号窗口", "ca_der": None, **kw}
    return provisioning.make(CITY_KEY, city="371500", issued=NOW, expires=NOW + dt.timedelta(days=30), **fields)


def anchors(*keys: bytes) -> Anchors:
    import base64

    from kuaixiang_core.domain.device_trust import public_key_of, signer_id

    return Anchors.from_json({"city": "371500", "keys": [
        {"key_id": signer_id(public_key_of(k)), "public_key": base64.b64encode(public_key_of(k)).decode()} for k in keys]})


def test_the_bound_on_the_qr_text_is_a_version_a_desk_scanner_reads():
    assert qr_version("A" * provisioning.QR_MAX_CHARS, "M") <= 30


def test_a_qr_of_a_configuration_with_a_certificate_scans_back(tmp_path):
    der = bytes(range(256)) * 2  # a certificate's size (512 bytes), incompressible enough
    text = provisioning.to_qr(config(ca_der=der))
    matrix = qr_matrix(text, "M")
    n, scale = len(matrix), 4
    image = Image.new("L", ((n + 8) * scale, (n + 8) * scale), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, ((x + 4) * scale, (y + 4) * scale, (x + 5) * scale, (y + 5) * scale))
    scanned = [b.text for b in zxingcpp.read_barcodes(image)]
    assert scanned == [text]
    got = provisioning.read(scanned[0], anchors=anchors(CITY_KEY), pinned=None, now=NOW)
    assert got.ca_der == der and "BEGIN CERTIFICATE" in (got.ca_pem() or "")


