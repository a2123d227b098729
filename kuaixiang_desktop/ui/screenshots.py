"""Render each main screen of the counter window to PNG, offscreen, on demo data.

    python -m kuaixiang_desktop.ui.screenshots OUTDIR [--sizes 1366x768,1920x1080] [--lang zh|en] [--scale 1.25]

Builds a private demo database (enterprises, the demo catalogue, a few applications filed
at this counter) in a temporary data dir, so nothing of the user's is touched, then shows
each screen at each size and saves ``<screen>-<W>x<H>.png``.  Every screen is also checked:
a character no installed font can draw (it would render as a box) or a label narrower than
its text (clipped) is reported, and the exit code is 1 when there is any.  The README's
pictures in docs/screenshots/ are made with this.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kuaixiang_core.domain import clock

SCREENS = ("workspace", "apply", "apply-agent", "applications", "pledges", "catalogue", "outreach", "statistics", "sync",
           "settings", "about", "rating")
DEFAULT_SIZES = ((1366, 768), (1920, 1080))
DEMO_ENTERPRISES = 3000
DEMO_SEED = 7


@dataclass
class Findings:
    missing_glyphs: dict[str, set[str]] = field(default_factory=dict)  # screen -> characters
    clipped: dict[str, list[str]] = field(default_factory=dict)  # screen -> labels

    def ok(self) -> bool:
        return not self.missing_glyphs and not self.clipped

    def lines(self) -> list[str]:
        out = [f"{screen}: 缺字形 {''.join(sorted(chars))}" for screen, chars in self.missing_glyphs.items()]
        out += [f"{screen}: 文字被截断 {label}" for screen, labels in self.clipped.items() for label in labels]
        return out


def _texts(widget) -> list[tuple[object, str]]:
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit

    out = []
    for w in [widget, *widget.findChildren(object)]:
        if not hasattr(w, "isVisible") or not w.isVisible():
            continue
        if isinstance(w, QLabel) and w.textFormat() != w.textFormat().RichText and not w.text().startswith("<"):
            out.append((w, w.text()))
        elif isinstance(w, (QAbstractButton, QGroupBox)):
            out.append((w, w.text() if hasattr(w, "text") else w.title()))
        elif isinstance(w, QLineEdit):
            out.append((w, w.text() or w.placeholderText()))
    return out


def missing_glyphs(widget) -> set[str]:
    """Characters shown in ``widget`` that none of its font's families can draw."""
    from PySide6.QtGui import QFont, QFontMetrics

    missing: set[str] = set()
    metrics_cache: dict[str, QFontMetrics] = {}
    for w, text in _texts(widget):
        families = w.font().families() or [w.font().family()]
        for ch in set(text):
            if ch.isspace() or not ch.isprintable():
                continue
            drawable = False
            for family in families:
                fm = metrics_cache.get(family)
                if fm is None:
                    fm = metrics_cache[family] = QFontMetrics(QFont(family))
                if fm.inFontUcs4(ord(ch)):
                    drawable = True
                    break
            if not drawable:
                missing.add(ch)
    return missing


def clipped_labels(widget) -> list[str]:
    """Single-line labels and buttons whose text is wider than the space they were given."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    out = []
    for w, text in _texts(widget):
        if not text or "\n" in text:
            continue
        if isinstance(w, QLabel) and (w.wordWrap() or w.pixmap() is not None and not w.pixmap().isNull()):
            continue
        if not isinstance(w, (QLabel, QAbstractButton)):
            continue
        needed = w.fontMetrics().horizontalAdvance(text.replace("&", ""))
        margins = w.contentsMargins()
        room = w.contentsRect().width() if isinstance(w, QLabel) else w.width() - 12
        if isinstance(w, QAbstractButton) and not w.icon().isNull():
            room -= w.iconSize().width() + 4
        if needed > room + 1 and w.width() > 0:
            out.append(f"{type(w).__name__}#{w.objectName() or '?'}「{text}」需要 {needed}px，只有 {room}px"
                       f"（边距 {margins.left() + margins.right()}px）")
    return out


def _demo_db(folder: Path):
    from ..demo.loader import load_demo, load_demo_catalogue
    from ..services.database import open_client_db

    db = open_client_db(folder / "screenshots.sqlite3")
    load_demo(db, enterprises=DEMO_ENTERPRISES, seed=DEMO_SEED)
    load_demo_catalogue(db)
    return db


def _file_some(db, today: dt.date) -> tuple[str, str]:
    """A few applications at this counter, so the rooms have something to show; returns the
    enterprise to show on the workspace and an item it can apply for."""
    from ..services import applications
    from ..services.device import local_device
    from ..services.lookup import sample_codes
    from ..services.matching import match_enterprise
    from ..services.policies import compiled_catalogue

    cat = compiled_catalogue(db)
    device = local_device(db).short_id
    agent = applications.Agent("张三", "11010519491231002X", "13812345678")
    codes = sample_codes(db, 600)
    shown: tuple[str, str] | None = None
    filed = 0
    for code in codes:
        result = match_enterprise(db, code, today, catalogue=cat)
        groups = {i.group for i in result.items}
        for entry in result.items:
            if entry.group != "eligible":
                continue
            item = cat.by_id[entry.item_id]
            if not ((item.apply_from or today) <= today <= (item.apply_to or today)):
                continue
            if shown is None and {"due", "eligible", "unknown", "near_miss"} <= groups:
                shown = (code, item.id)
                break
            if filed < 6:
                materials = [applications.MaterialInput(m.name, received=(filed % 3 != 2 or not m.required))
                             for m in item.materials]
                applications.file_application(db, code, item.id, agent, materials, device_id=device,
                                              accept_deferred=False)
                filed += 1
            break
        if shown is not None and filed >= 6:
            return shown
    if shown is None:
        raise RuntimeError("the demo data has no enterprise to show on the workspace")
    return shown


def _owe_some(db, today: dt.date) -> None:
    """容缺 applications filed over the last days, so that the 待补正 list has overdue rows,
    rows due soon and rows with time left."""
    from ..services import applications
    from ..services.device import local_device
    from ..services.policies import compiled_catalogue
    from ..services.reach import reach

    cat = compiled_catalogue(db)
    device = local_device(db).short_id
    agent = applications.Agent("李四", "11010519491231002X", "13812345678")
    days = [20, 6, 3, 1, 0]
    for item in cat.items:
        if not item.allows_deferred or item.mode == "auto":
            continue
        for hit in reach(db, item.id, today, limit=2).enterprises:
            if not days:
                return
            owed = [m.name for m in item.materials if item.may_follow(m.name)][-2:]  # the last one or two
            given = [applications.MaterialInput(m.name) for m in item.materials if m.name not in owed]
            try:
                applications.file_application(db, hit.credit_code, item.id, agent, given, device_id=device,
                                              today=today - dt.timedelta(days=days[0]))
            except applications.ApplyRefused:
                continue  # 失信, or already applied for: the next one
            days.pop(0)


def render(outdir: Path, sizes=DEFAULT_SIZES, *, language: str = "zh", scale: float = 1.0) -> Findings:
    """``sizes`` are the screen's pixels; at a display ``scale`` (1.25 for Windows' 125 %) the
    window has that many fewer logical pixels to lay out in, which is what clips. The caller
    sets ``QT_SCALE_FACTOR`` before the application exists (see :func:`main`)."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from .app_settings import AppSettings, PrintSettings
    from .event_wait import settle, wait_until
    from .i18n import install_translations
    from .main_window import MainWindow
    from .models.policy_tree_model import PolicyTreeModel
    from .style import load_stylesheet, ui_font

    outdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    locale = QLocale(QLocale.Language.English) if language == "en" else QLocale(QLocale.Language.Chinese,
                                                                                QLocale.Country.China)
    install_translations(app, locale)
    app.setFont(ui_font(app.font()))
    app.setStyleSheet(load_stylesheet())
    findings = Findings()
    today = clock.today()
    with tempfile.TemporaryDirectory(prefix="kx-shots-") as tmp:
        os.environ["KUAIXIANG_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.setdefault("KUAIXIANG_INSECURE_KEYRING", "1")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        db = _demo_db(Path(tmp))
        code, item_id = _file_some(db, today)
        # The simulated ID card reader, as the demo has it: the 经办人 page is shown filled from a card.
        from ..devices import config as device_config
        from ..devices import idcard_sim

        device_config.save(device_config.config_path(), device_config.DeviceConfig(reader="simulated"))
        feed = device_config.feed_path(device_config.load(device_config.config_path()), device_config.config_path())
        _owe_some(db, today)
        try:
            for width, height in sizes:
                window = MainWindow(db, settings=AppSettings(scope="screenshots"))
                window.printer._settings_fn = lambda: PrintSettings(printer=f"pdf:{tmp}/print.pdf", paper="a4",
                                                                    preview=False)
                logical_w, logical_h = round(width / scale), round(height / scale)  # what lays out
                window.resize(logical_w, logical_h)
                window.show()
                wait_until(lambda w=window: w.enterprise_count is not None)

                suffix = "" if scale == 1 else f"@{round(scale * 100)}"

                def shoot(name: str, widget, w=width, h=height) -> None:
                    settle(window.runner)
                    app.processEvents()
                    widget.grab().save(str(outdir / f"{name}-{w}x{h}{suffix}.png"))
                    chars = missing_glyphs(widget)
                    if chars:
                        findings.missing_glyphs.setdefault(name, set()).update(chars)
                    clipped = clipped_labels(widget)
                    if clipped:
                        findings.clipped.setdefault(f"{name}-{w}x{h}{suffix}", []).extend(clipped)

                window.route_scan(code)
                wait_until(lambda w=window: w.workspace.policy_panel.result is not None
                           and w.workspace.policy_panel.credit_code == code, what="the policy panel")
                model = window.workspace.policy_panel.model
                for row in range(model.rowCount()):
                    group = model.index(row, 0)
                    window.workspace.policy_panel.tree.expand(group)
                    if model.data(group, PolicyTreeModel.GroupRole) == "eligible" and model.rowCount(group):
                        first = model.index(0, 0, group)
                        window.workspace.policy_panel.tree.expand(first)
                        window.workspace.policy_panel.tree.setCurrentIndex(first)
                shoot("workspace", window)

                window.workspace.open_apply_wizard(item_id)
                wizard = window.workspace._wizard
                wait_until(lambda wz=wizard: wz.model.rowCount() > 0, what="the apply wizard")
                wizard.resize(min(1100, logical_w - 120), min(720, logical_h - 80))
                wizard.mark_all_received()
                shoot("apply", wizard)
                idcard_sim.place_card(feed)
                wizard.next()
                wait_until(lambda wz=wizard: wz.agent_page.ui.nameEdit.text() == idcard_sim.DEMO_CARD.name,
                           what="the agent page filled from the card")
                wizard.agent_page.ui.phoneEdit.setText("13800138000")
                shoot("apply-agent", wizard)
                idcard_sim.lift_card(feed)
                wizard.close_without_asking()  # its materials are ticked: a clerk would be asked
                wait_until(lambda w=window: w.workspace._wizard is None)

                for room in ("applications", "catalogue", "outreach", "statistics", "sync"):
                    widget = window.show_room(room)
                    if room == "outreach":
                        widget.set_item(item_id)
                    if room == "catalogue":
                        settle(window.runner)
                        widget.select_item(item_id)
                    shoot(room, window)
                    if room == "applications":
                        shoot("pledges", widget.pledges)  # 待补正, nearest deadline first
                window.show_room("workspace")

                for name, opener in (("settings", window.open_settings), ("about", window.show_about)):
                    dialogs: list = []
                    window.dialog_opened.connect(dialogs.append)
                    opener()
                    window.dialog_opened.disconnect()
                    shoot(name, dialogs[0])
                    dialogs[0].reject()
                _shoot_rating(window, shoot, logical_w, logical_h)
                window.shutdown()
                window.close()
                window.deleteLater()
                app.processEvents()
        finally:
            db.close()
    return findings


def _shoot_rating(window, shoot, width: int, height: int) -> None:
    """The enterprise's rating screen as it faces the enterprise, a 差评 being given (its
    reasons shown), then closed without a rating."""
    from kuaixiang_core.domain import ratings

    from .event_wait import wait_until

    dialogs: list = []
    window.dialog_opened.connect(dialogs.append)
    window.rate_visit()
    wait_until(lambda: bool(dialogs), what="the rating screen")
    window.dialog_opened.disconnect()
    dialog = dialogs[0]
    dialog.showNormal()
    dialog.resize(width, height)
    dialog.choose(ratings.DISSATISFIED)
    dialog.toggle_reason("long_wait")
    shoot("rating", dialog)
    dialog.reject()
    wait_until(lambda: window.rating_dialog is None, what="the rating screen to close")


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(prog="python -m kuaixiang_desktop.ui.screenshots",
                                     description="把各主要界面渲染为 PNG（离屏）")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in DEFAULT_SIZES),
                        help="逗号分隔的窗口尺寸，如 1366x768,1920x1080")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="显示缩放比例，如 1.25（125%%）：窗口按屏幕像素除以它的逻辑尺寸排版")
    args = parser.parse_args(argv)
    if not 1.0 <= args.scale <= 3.0:
        parser.error(f"--scale 应在 1 到 3 之间，实际是 {args.scale}")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)  # read when the application is made
    try:
        sizes = [tuple(int(n) for n in part.lower().split("x")) for part in args.sizes.split(",") if part]
        if not sizes or any(len(s) != 2 or min(s) < 600 for s in sizes):
            raise ValueError
    except ValueError:
        parser.error(f"--sizes 应为 宽x高（至少 600），逗号分隔，实际是 {args.sizes!r}")
    findings = render(args.outdir, sizes, language=args.lang, scale=args.scale)
    for line in findings.lines():
        print(line, file=sys.stderr)
    print(f"{len(SCREENS) * len(sizes)} 张截图已保存到 {args.outdir}")
    return 0 if findings.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
