"""``kuaixiang devices``: each device of this window and its state; ``kuaixiang devices card
…`` places, lifts or unplugs the simulated ID card reader's card (the demo's and the tests'
hands).  ``--demo`` reads the demo's device settings (the simulated devices by default).

Exit codes (DESIGN §7): 0 every device ready or deliberately off; 3 a configured device is
not there or failing (the environment is not as configured: the list still says which);
2 bad input (``card`` without a simulated reader)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from .cli_common import EXIT_ENV, EXIT_INPUT, EXIT_OK, Answer, CliError


def _config(args):
    from .devices import config

    path = config.config_path(demo=args.demo)
    return path, config.load(path, demo=args.demo)


def cmd_devices(args) -> Answer:
    from .devices.registry import statuses

    path, cfg = _config(args)
    found = statuses(cfg, path)
    lines = [s.describe() + f"  [{s.driver}]" for s in found]
    lines += [f"注意：{p}" for p in cfg.problems]
    lines.append(f"设备设置：{path}")
    payload = {"config": str(path), "devices": [s.to_json() for s in found], "problems": list(cfg.problems)}
    return Answer(payload, "\n".join(lines), EXIT_OK if all(s.ok for s in found) else EXIT_ENV)


CARD_ACTIONS = ("place", "lift", "unplug", "remove-mid-read")


def cmd_devices_card(args) -> Answer:
    from kuaixiang_core.domain import clock

    from .devices import config, idcard_sim

    path, cfg = _config(args)
    if cfg.reader != "simulated":
        raise CliError(EXIT_INPUT, f"设备设置中的身份证阅读器是「{cfg.reader}」，不是模拟阅读器（{path}）", field="reader")
    feed = config.feed_path(cfg, path)
    card = idcard_sim.DEMO_CARD
    if args.expired:
        card = dataclasses.replace(card, valid_to=clock.today() - dt.timedelta(days=1))
    if args.action == "place":
        idcard_sim.place_card(feed, card)
        text = f"已在模拟阅读器上放置证件：{card.name}（有效期 {card.validity_text()}）"
    elif args.action == "remove-mid-read":
        idcard_sim.place_card(feed, card, remove_during_read=True)
        text = "已放置证件；读卡时它将被移开"
    elif args.action == "lift":
        idcard_sim.lift_card(feed)
        text = "已从模拟阅读器上取下证件"
    else:
        idcard_sim.unplug(feed)
        text = "已拔下模拟阅读器（place / lift 即重新接上）"
    return Answer({"action": args.action, "feed": str(feed)}, text)


def add_parsers(add, sub, parser_class) -> None:
    dev = add("devices", cmd_devices, "列出本窗口的设备（身份证阅读器、高拍仪、评价器）及其状态")
    actions = dev.add_subparsers(dest="devices_command", parser_class=parser_class, required=False)
    card = add("card", cmd_devices_card, "模拟阅读器：放上、取下证件，或拔下阅读器（演示与测试用）", actions)
    card.add_argument("action", choices=CARD_ACTIONS)
    card.add_argument("--expired", action="store_true", help="放上一张昨天已过期的证件")
