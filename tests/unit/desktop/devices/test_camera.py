"""The document camera: the capture service's answers, the loopback-only rule, the page
crop and de-skew, the simulated camera."""

from __future__ import annotations

import base64
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image, ImageDraw

from kuaixiang_desktop.devices.camera import (
    CaptureServiceCamera,
    SimulatedCamera,
    image_from_answer,
    loopback_address,
    sample_page_photo,
)
from kuaixiang_desktop.devices.errors import DeviceError, DeviceUnavailable
from kuaixiang_desktop.devices.page_crop import crop_page, otsu


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92)
    return out.getvalue()


def _page_on_desk(angle: float, page_size=(300, 420), bar_at: int = 100) -> bytes:
    page = Image.new("RGB", page_size, (245, 245, 240))
    ImageDraw.Draw(page).rectangle((20, bar_at, page_size[0] - 20, bar_at + 12), fill=(10, 10, 10))
    desk = Image.new("RGB", (800, 700), (40, 42, 46))
    turned = page.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=(40, 42, 46))
    desk.paste(turned, (150, 90))
    return _jpeg(desk)


@pytest.mark.parametrize("angle", [0.0, 6.0, -11.0, 20.0])
def test_a_page_askew_on_a_desk_comes_out_upright_and_trimmed(angle):
    cropped = crop_page(_page_on_desk(angle))
    assert cropped.found
    width, height = cropped.size
    assert abs(width - 300) <= 12 and abs(height - 420) <= 12  # the page, not the desk
    image = Image.open(io.BytesIO(cropped.jpeg)).convert("L")
    # The black bar across the page is horizontal again: one band of rows dark nearly edge to edge.
    rows = [sum(1 for x in range(30, width - 30) if image.getpixel((x, y)) < 100) / (width - 60) for y in range(height)]
    dark = [y for y, share in enumerate(rows) if share > 0.9]
    assert dark, "the bar is no longer a straight row"
    assert max(dark) - min(dark) <= 16 and abs(min(dark) - 100) <= 12
    corners = [image.getpixel(p) for p in ((3, 3), (width - 4, 3), (3, height - 4), (width - 4, height - 4))]
    assert min(corners) > 150, "no desk left in the corners"


def test_a_flat_scan_is_left_as_it_is():
    flat = Image.new("RGB", (500, 700), (250, 250, 250))
    ImageDraw.Draw(flat).rectangle((50, 50, 450, 60), fill=(0, 0, 0))
    cropped = crop_page(_jpeg(flat))
    assert not cropped.found and cropped.size == (500, 700)


def test_not_an_image_is_a_device_error():
    with pytest.raises(DeviceError, match="不是可读的图像"):
        crop_page(b"%PDF-1.4 not a picture")


def test_otsu_splits_two_peaks():
    histogram = [0] * 256
    histogram[40], histogram[220] = 1000, 3000
    assert 40 <= otsu(histogram) < 220


def test_the_simulated_camera_draws_a_page_or_returns_a_file(tmp_path):
    assert crop_page(SimulatedCamera().capture()).found
    picture = tmp_path / "page.jpg"
    picture.write_bytes(sample_page_photo(angle=-4))
    assert SimulatedCamera(str(picture)).capture() == picture.read_bytes()
    with pytest.raises(DeviceUnavailable, match="不存在"):
        SimulatedCamera(str(tmp_path / "gone.jpg")).probe()


@pytest.mark.parametrize("url", ["http://192.168.1.20:38088/capture", "http://camera.example/capture", "ftp://127.0.0.1/x"])
def test_the_capture_service_must_be_on_this_machine(url):
    with pytest.raises(DeviceError):
        loopback_address(url)
    assert loopback_address("http://127.0.0.1:38088/capture") == ("127.0.0.1", 38088)
    assert loopback_address("http://[::1]:9000/") == ("::1", 9000)


def test_answers_in_the_shapes_services_give():
    picture = sample_page_photo()
    encoded = base64.b64encode(picture).decode()
    assert image_from_answer("image/jpeg", picture) == picture
    assert image_from_answer("application/json", json.dumps({"image": encoded}).encode()) == picture
    assert image_from_answer("text/plain", json.dumps({"data": "data:image/jpeg;base64," + encoded}).encode()) == picture
    with pytest.raises(DeviceError, match="没有图像"):
        image_from_answer("application/json", b'{"code": 1, "msg": "no device"}')
    with pytest.raises(DeviceError, match="base64"):
        image_from_answer("application/json", b'{"img": "***"}')
    with pytest.raises(DeviceError, match="既不是图像也不是 JSON"):
        image_from_answer("text/html", b"<html>")


@pytest.fixture
def service():
    """A capture service on the loopback address that answers with ``state['answer']``."""
    state = {"answer": (200, "application/json", b"{}")}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            code, kind, body = state["answer"]
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/capture"
    yield state
    server.shutdown()
    server.server_close()


def test_a_capture_through_the_service(service):
    picture = sample_page_photo()
    service["answer"] = (200, "image/jpeg", picture)
    camera = CaptureServiceCamera(service["url"])
    camera.probe()
    assert camera.capture() == picture
    service["answer"] = (500, "text/plain", b"busy")
    with pytest.raises(DeviceError, match="HTTP 500"):
        camera.capture()


def test_a_service_that_is_not_running_is_unplugged():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    camera = CaptureServiceCamera(f"http://127.0.0.1:{port}/capture")
    with pytest.raises(DeviceUnavailable, match="没有响应"):
        camera.probe()
    with pytest.raises(DeviceUnavailable):
        camera.capture()
