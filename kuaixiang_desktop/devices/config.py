"""Which driver each device kind uses, and its parameters: one small JSON file in the data
folder (``devices.json``; ``devices-demo.json`` for ``--demo``), written by the settings
dialog and read by the window and by ``kuaixiang devices``, neither of which needs Qt for it.

A file that cannot be read, or a value out of bounds, falls back to the default for that
value (no device) and says so in :attr:`DeviceConfig.problems`: the clerk can always start.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

READER_DRIVERS = ("none", "simulated", "termb", "sdtapi")
CAMERA_DRIVERS = ("none", "simulated", "service")
# "receipt_qr": no pad; the enterprise rates by the QR on its receipt (the default).
EVALUATOR_DRIVERS = ("receipt_qr", "simulated", "second_screen")
DEFAULT_PORT = 1001  # the first USB reader, in both families' numbering
DEFAULT_CAMERA_URL = "http://127.0.0.1:38088/capture"
MAX_FILE_BYTES = 64 * 1024
MAX_TEXT = 1000


@dataclass(frozen=True)
class DeviceConfig:
    reader: str = "none"
    reader_library: str = ""  # path of termb.dll / libtermb.so / sdtapi.dll / libsdtapi.so
    reader_port: int = DEFAULT_PORT
    reader_feed: str = ""  # the simulated reader's feed file ("": simulated-reader.json beside this file)
    read_on_placement: bool = True  # read as soon as a card is placed (else the read key only)
    camera: str = "none"
    camera_url: str = DEFAULT_CAMERA_URL
    camera_feed: str = ""  # the simulated camera's picture ("": a page it draws itself)
    crop_pages: bool = True
    evaluator: str = "receipt_qr"
    problems: tuple[str, ...] = field(default=(), compare=False)

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("problems")
        return data


DEMO = DeviceConfig(reader="simulated", camera="simulated", evaluator="simulated")


def config_path(demo: bool = False) -> Path:
    from ..paths import data_dir

    return data_dir() / ("devices-demo.json" if demo else "devices.json")


def feed_path(config: DeviceConfig, config_file: Path) -> Path:
    return Path(config.reader_feed) if config.reader_feed else Path(config_file).parent / "simulated-reader.json"


def _checked(name: str, value, default):
    choices = {"reader": READER_DRIVERS, "camera": CAMERA_DRIVERS, "evaluator": EVALUATOR_DRIVERS}
    if name in choices:
        return value if value in choices[name] else None
    if isinstance(default, bool):
        return value if isinstance(value, bool) else None
    if isinstance(default, int):
        return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999 else None
    return value if isinstance(value, str) and len(value) <= MAX_TEXT and "\x00" not in value else None


def from_json(data: dict, base: DeviceConfig = DeviceConfig()) -> DeviceConfig:
    values, problems = {}, []
    for f in fields(DeviceConfig):
        if f.name == "problems" or f.name not in data:
            continue
        value = _checked(f.name, data[f.name], getattr(base, f.name))
        if value is None:
            problems.append(f"设备设置「{f.name}」的值 {data[f.name]!r} 无效，已按默认处理")
        else:
            values[f.name] = value
    return replace(base, **values, problems=tuple(problems))


def load(path: Path, demo: bool = False) -> DeviceConfig:
    base = DEMO if demo else DeviceConfig()
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return base
    except OSError as exc:
        return replace(base, problems=(f"无法读取设备设置 {path}：{exc.strerror or exc}",))
    try:
        data = json.loads(raw[:MAX_FILE_BYTES]) if len(raw) <= MAX_FILE_BYTES else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return replace(base, problems=(f"设备设置 {path} 不是有效的 JSON 对象，已按默认处理",))
    return from_json(data, base)


def save(path: Path, config: DeviceConfig) -> None:
    from ..paths import private_dir, write_private

    private_dir(Path(path).parent, tighten=False)
    write_private(path, json.dumps(config.to_json(), ensure_ascii=False, indent=1).encode("utf-8"))
