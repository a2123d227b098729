"""Crop and straighten a photographed page: find the page (lighter than the desk under the
camera) and warp its quadrilateral to an upright rectangle.

The algorithm, kept simple enough to reason about:

1. the picture, grey and shrunk to at most 400 px a side, is split into page and background
   by Otsu's threshold on its histogram;
2. an opening (min, then max filter) removes specks of light on the desk;
3. the page's corners are its light pixels that go furthest towards each corner of the
   picture (smallest and largest x+y, x−y), right for a page turned by less than 45°;
4. the quadrilateral through them, scaled back to the full picture, is mapped onto a
   rectangle as wide and tall as its longer opposite sides (Pillow's QUAD transform).

A picture in which no page of at least a fifth of the frame stands out is returned as it is
(:attr:`Cropped.found` False): a flat scan needs no cropping.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import DeviceError

if TYPE_CHECKING:
    from PIL import Image
# Pillow is imported where a page is cropped, not when the window imports the devices: its
# import took 60 ms of every start (issue 17: the window usable within 2 s).

ANALYSIS_SIDE = 400
MIN_PAGE_SHARE = 0.2
MAX_PIXELS = 60_000_000  # a 60-megapixel camera is the largest we expect


@dataclass(frozen=True)
class Cropped:
    jpeg: bytes
    found: bool  # a page was found and straightened
    size: tuple[int, int]


def otsu(histogram: list[int]) -> int:
    """The grey level that best splits ``histogram`` (256 bins) into two classes."""
    total = sum(histogram)
    weighted = sum(i * n for i, n in enumerate(histogram))
    below = below_weighted = 0
    best, best_level = -1.0, 127
    for level in range(256):
        below += histogram[level]
        if below == 0:
            continue
        above = total - below
        if above == 0:
            break
        below_weighted += level * histogram[level]
        mean_below = below_weighted / below
        mean_above = (weighted - below_weighted) / above
        between = below * above * (mean_below - mean_above) ** 2
        if between > best:
            best, best_level = between, level
    return best_level


def page_corners(grey: Image.Image) -> list[tuple[int, int]] | None:
    """Top-left, top-right, bottom-right, bottom-left corner of the light page in ``grey``
    (mode L), or None when no page stands out."""
    from PIL import ImageFilter

    threshold = otsu(grey.histogram())
    mask = grey.point(lambda v: 255 if v > threshold else 0)
    mask = mask.filter(ImageFilter.MinFilter(5)).filter(ImageFilter.MaxFilter(5))
    width, height = mask.size
    corners = [None, None, None, None]
    scores = [math.inf, -math.inf, -math.inf, math.inf]  # min x+y, max x−y, max x+y, min x−y
    count = 0
    data = mask.tobytes()  # mode L: one byte a pixel
    for index, value in enumerate(data):
        if not value:
            continue
        count += 1
        y, x = divmod(index, width)
        s, d = x + y, x - y
        if s < scores[0]:
            scores[0], corners[0] = s, (x, y)
        if d > scores[1]:
            scores[1], corners[1] = d, (x, y)
        if s > scores[2]:
            scores[2], corners[2] = s, (x, y)
        if d < scores[3]:
            scores[3], corners[3] = d, (x, y)
    if count < MIN_PAGE_SHARE * width * height or count > 0.98 * width * height:
        return None  # nothing stands out, or the page fills the frame: nothing to crop
    return corners


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def crop_page(image_bytes: bytes, quality: int = 85) -> Cropped:
    """The page in the picture, upright, as JPEG."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(image_bytes))
        if image.width * image.height > MAX_PIXELS:
            raise DeviceError(f"高拍仪图像过大：{image.width}×{image.height}")
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DeviceError(f"高拍仪返回的不是可读的图像：{exc}") from None
    scale = max(image.size) / ANALYSIS_SIDE if max(image.size) > ANALYSIS_SIDE else 1.0
    small = image.convert("L").resize((max(1, round(image.width / scale)), max(1, round(image.height / scale))))
    corners = page_corners(small)
    found = False
    if corners is not None:
        tl, tr, br, bl = [((x + 0.5) * scale, (y + 0.5) * scale) for x, y in corners]
        width = round(max(_distance(tl, tr), _distance(bl, br)))
        height = round(max(_distance(tl, bl), _distance(tr, br)))
        if width * height >= MIN_PAGE_SHARE * image.width * image.height:
            image = image.transform((width, height), Image.Transform.QUAD, (*tl, *bl, *br, *tr),
                                    resample=Image.Resampling.BICUBIC)
            found = True
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return Cropped(out.getvalue(), found, image.size)
