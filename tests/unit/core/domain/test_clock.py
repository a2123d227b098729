"""The one clock: a clerk's today is the Asia/Shanghai date whatever the machine's zone, and
no module derives a date or a time of day any other way (issue 14, point 9)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from kuaixiang_core.domain import clock

ROOT = Path(__file__).resolve().parents[4]
PACKAGES = ("kuaixiang_core", "kuaixiang_desktop", "kuaixiang_server")
CLOCK = ROOT / "kuaixiang_core" / "domain" / "clock.py"


@pytest.fixture(params=["UTC", "America/Los_Angeles", "Asia/Shanghai"])
def machine_zone(request, zone_of_the_machine):
    with zone_of_the_machine(request.param):
        yield request.param


@pytest.mark.parametrize(("utc", "day"), [
    (dt.datetime(2026, 12, 5, 23, 30, tzinfo=dt.UTC), dt.date(2026, 12, 6)),  # 07:30 next morning in Liaocheng
    (dt.datetime(2026, 12, 5, 15, 59, tzinfo=dt.UTC), dt.date(2026, 12, 5)),  # 23:59 the same evening
    (dt.datetime(2026, 12, 5, 16, 0, tzinfo=dt.UTC), dt.date(2026, 12, 6)),   # midnight in Liaocheng
])
def test_today_is_the_shanghai_date_whatever_the_machine_zone(machine_zone, monkeypatch, utc, day):
    monkeypatch.setattr(clock, "now", lambda: utc)
    assert clock.today() == day
    assert clock.shanghai_date(clock.utcnow()) == day  # a stored time reads back on the same day
    assert clock.utcnow().tzinfo is None and clock.utcnow() == utc.replace(tzinfo=None)


def _offences(tree: ast.AST) -> list[tuple[int, str]]:
    """Calls that read the machine's zone or a zone-less now: each gives the wrong day on a
    clerk's PC set to UTC (or anything but China) for eight hours of every day."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, owner = node.func.attr, node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        no_zone = not node.args and not node.keywords or (
            node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value is None)
        if name == "today" and owner_name in ("date", "datetime"):
            found.append((node.lineno, f"{owner_name}.today()"))
        elif name in ("now", "fromtimestamp") and owner_name == "datetime":
            if name == "now" and no_zone:
                found.append((node.lineno, "datetime.now() without a zone"))
            if name == "fromtimestamp" and len(node.args) < 2 and not any(k.arg == "tz" for k in node.keywords):
                found.append((node.lineno, "datetime.fromtimestamp() without a zone"))
        elif name in ("utcnow", "utcfromtimestamp") and owner_name == "datetime":
            found.append((node.lineno, f"datetime.{name}()"))
        elif name in ("localtime", "ctime", "strftime", "mktime") and owner_name == "time":
            found.append((node.lineno, f"time.{name}()"))
        elif name in ("currentDate", "currentDateTime", "currentTime", "toLocalTime", "localTimeZone"):
            found.append((node.lineno, f"Qt {name}()"))
    return found


def test_no_module_reads_the_machine_zone_for_a_date():
    offences = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == CLOCK or "generated" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            offences += [f"{path.relative_to(ROOT)}:{line}: {what}" for line, what in _offences(tree)]
    assert not offences, "use kuaixiang_core.domain.clock (today, shanghai_now, shanghai_time):\n" + "\n".join(offences)


@pytest.mark.parametrize("source", [
    "import datetime as dt\ndt.date.today()",
    "from datetime import datetime\ndatetime.now()",
    "import datetime\ndatetime.datetime.fromtimestamp(0)",
    "import time\ntime.strftime('%Y')",
    "from PySide6.QtCore import QDate\nQDate.currentDate()",
])
def test_the_guard_catches_what_it_forbids(source):
    assert _offences(ast.parse(source))
