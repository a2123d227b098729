"""A simulated ID card reader, fed through a small JSON file that the tests, the demo and
``kuaixiang devices card …`` write: it behaves like a real reader, errors included.

The feed file says whether the reader is plugged in, which card lies on it (the card's
fields; its text goes through the same 256-byte layout a real reader hands over) and
whether the next read should find the card moved away mid-read.  No file: a reader that is
plugged in with no card on it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import asdict
from pathlib import Path

from .idcard import CardRemoved, IdCard, NoCard, ReaderError, ReaderUnplugged
from .idcard_layout import encode_text_block, parse_text_block

MAX_FEED_BYTES = 64 * 1024

# The sample card of the demo: the example resident of GB 11643's annex, 长期 valid.
DEMO_CARD = IdCard(
    name="李四", sex="女", nation="汉", birth=dt.date(1949, 12, 31), address="北京市朝阳区建国路甲1号",
    id_number="11010519491231002X", authority="北京市公安局朝阳分局", valid_from=dt.date(2016, 3, 1), valid_to=None,
)


def _read_feed(path: Path) -> dict:
    try:
        raw = path.read_bytes()[: MAX_FEED_BYTES + 1]
    except FileNotFoundError:
        return {"plugged": True, "card": None}
    if len(raw) > MAX_FEED_BYTES:
        raise ReaderError(f"模拟阅读器的输入文件过大：{path}")
    try:
        feed = json.loads(raw)
    except ValueError:
        raise ReaderError(f"模拟阅读器的输入文件不是有效的 JSON：{path}") from None
    if not isinstance(feed, dict):
        raise ReaderError(f"模拟阅读器的输入文件应为 JSON 对象：{path}")
    return feed


def _card(data: dict) -> IdCard:
    try:
        return IdCard(
            name=data["name"], sex=data["sex"], nation=data["nation"], birth=dt.date.fromisoformat(data["birth"]),
            address=data["address"], id_number=data["id_number"], authority=data["authority"],
            valid_from=dt.date.fromisoformat(data["valid_from"]),
            valid_to=dt.date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReaderError(f"模拟阅读器的证件数据不完整：{exc}") from None


def sample_photo() -> bytes:
    """A placeholder photo (head and shoulders on the card's pale ground), 102×126 BMP as
    real readers decode it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (102, 126), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.ellipse((31, 18, 71, 66), fill=(120, 128, 140))
    draw.pieslice((8, 70, 94, 170), 180, 360, fill=(120, 128, 140))
    out = io.BytesIO()
    image.save(out, format="BMP")
    return out.getvalue()


class SimulatedReader:
    driver = "simulated"

    def __init__(self, feed: Path):
        self.feed = Path(feed)

    def _plugged_feed(self) -> dict:
        feed = _read_feed(self.feed)
        if not feed.get("plugged", True):
            raise ReaderUnplugged()
        return feed

    def open(self) -> None:
        self._plugged_feed()

    def close(self) -> None:
        pass

    def card_present(self) -> bool:
        return bool(self._plugged_feed().get("card"))

    def read(self) -> IdCard:
        feed = self._plugged_feed()
        if not feed.get("card"):
            raise NoCard()
        if feed.get("remove_during_read"):
            raise CardRemoved()
        card = _card(feed["card"])
        return parse_text_block(encode_text_block(card), sample_photo())


# -- feeding it -------------------------------------------------------------------------------


def _write(path: Path, feed: dict) -> None:
    from ..paths import private_dir, write_private

    private_dir(path.parent, tighten=False)
    write_private(path, json.dumps(feed, ensure_ascii=False).encode("utf-8"), durable=False)


def card_json(card: IdCard) -> dict:
    data = asdict(card)
    data.pop("photo")
    for key in ("birth", "valid_from", "valid_to"):
        data[key] = data[key].isoformat() if data[key] else None
    return data


def place_card(feed: Path, card: IdCard = DEMO_CARD, *, remove_during_read: bool = False) -> None:
    _write(Path(feed), {"plugged": True, "card": card_json(card), "remove_during_read": remove_during_read})


def lift_card(feed: Path) -> None:
    _write(Path(feed), {"plugged": True, "card": None})


def unplug(feed: Path) -> None:
    _write(Path(feed), {"plugged": False, "card": None})
