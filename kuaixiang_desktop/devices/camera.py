"""The document camera (高拍仪): one page photographed, as image bytes.

PySide6-Essentials (what the client ships) has no QtMultimedia, so a camera is reached the way
the makers' own software offers it to web pages: a capture service on this machine (HTTP on
the loopback address) that answers a request with the picture: the bytes themselves
(``image/jpeg`` / ``image/png``) or JSON holding them in base64 (``image``, ``data`` or
``img``, with or without a ``data:image/…;base64,`` prefix).  The address is never anything
but this machine's: a scan of someone's ID card does not travel the network to be taken.

:class:`SimulatedCamera` draws a page lying askew on a dark desk (or returns a picture file
the tests name), so the crop and the whole path to an attachment can be tried without one.
"""

from __future__ import annotations

import base64
import binascii
import io
import ipaddress
import json
import socket
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from .errors import DeviceError, DeviceUnavailable

MAX_IMAGE_BYTES = 20 * 1024 * 1024
TIMEOUT_S = 15.0
PROBE_TIMEOUT_S = 1.0


class DocumentCamera(Protocol):
    driver: str

    def probe(self) -> None:
        """Raise ``DeviceUnavailable`` when the camera is not there (cheap: health checks)."""

    def capture(self) -> bytes:
        """One picture (JPEG or PNG); blocks, so a background thread calls it."""


def loopback_address(url: str) -> tuple[str, int]:
    """(host, port) of a capture-service URL, refusing any host but this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeviceError(f"高拍仪服务地址应为 http://127.0.0.1:端口/路径，实际是「{url}」")
    host = parts.hostname
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise DeviceError(f"高拍仪服务只能在本机（127.0.0.1）：「{host}」不是本机地址")
    return host, parts.port or (443 if parts.scheme == "https" else 80)


def image_from_answer(content_type: str, body: bytes) -> bytes:
    """The picture in a capture service's answer."""
    if len(body) > MAX_IMAGE_BYTES:
        raise DeviceError(f"高拍仪返回的图像过大：{len(body) // 1048576} MB")
    if content_type.startswith("image/"):
        return body
    try:
        data = json.loads(body)
    except ValueError:
        raise DeviceError("高拍仪服务的回答既不是图像也不是 JSON") from None
    encoded = next((data[k] for k in ("image", "data", "img") if isinstance(data, dict) and isinstance(data.get(k), str)),
                   None)
    if encoded is None:
        raise DeviceError("高拍仪服务的回答中没有图像（image / data / img）")
    if encoded.startswith("data:"):
        encoded = encoded.partition(",")[2]
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise DeviceError("高拍仪服务返回的图像不是有效的 base64") from None


class CaptureServiceCamera:
    driver = "service"

    def __init__(self, url: str):
        self.url = url

    def probe(self) -> None:
        host, port = loopback_address(self.url)
        try:
            socket.create_connection((host, port), timeout=PROBE_TIMEOUT_S).close()
        except OSError:
            raise DeviceUnavailable(f"高拍仪服务没有响应（{host}:{port}）：请确认高拍仪已连接、厂商的采集服务已启动") from None

    def capture(self) -> bytes:
        import httpx

        loopback_address(self.url)
        try:
            with httpx.Client(timeout=TIMEOUT_S, trust_env=False, follow_redirects=False) as client:
                answer = client.get(self.url)
        except httpx.TransportError as exc:
            raise DeviceUnavailable(f"高拍仪服务没有响应：{exc}") from None
        if answer.status_code != 200:
            raise DeviceError(f"高拍仪服务拍摄失败（HTTP {answer.status_code}）")
        return image_from_answer(answer.headers.get("content-type", ""), answer.content)


def sample_page_photo(angle: float = 7.0) -> bytes:
    """A page with a title and lines of text, turned by ``angle`` degrees on a dark desk."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (420, 594), (250, 250, 246))
    draw = ImageDraw.Draw(page)
    draw.rectangle((60, 50, 360, 78), fill=(30, 30, 30))
    for row in range(12):
        y = 120 + row * 34
        draw.rectangle((50, y, 370 - (row % 3) * 40, y + 8), fill=(90, 90, 90))
    desk = Image.new("RGB", (900, 760), (52, 48, 44))
    turned = page.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=(52, 48, 44))
    desk.paste(turned, ((desk.width - turned.width) // 2, (desk.height - turned.height) // 2))
    out = io.BytesIO()
    desk.save(out, format="JPEG", quality=90)
    return out.getvalue()


class SimulatedCamera:
    driver = "simulated"

    def __init__(self, picture: str = ""):
        self.picture = picture

    def probe(self) -> None:
        if self.picture and not Path(self.picture).is_file():
            raise DeviceUnavailable(f"模拟高拍仪的图像文件不存在：{self.picture}")

    def capture(self) -> bytes:
        self.probe()
        if not self.picture:
            return sample_page_photo()
        data = Path(self.picture).read_bytes()
        if len(data) > MAX_IMAGE_BYTES:
            raise DeviceError("模拟高拍仪的图像过大")
        return data
