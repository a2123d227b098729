"""The about box: versions, database and catalogue read in a worker, 复制版本信息."""

from __future__ import annotations

import datetime as dt

import PySide6
import reportlab
import sqlalchemy
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kuaixiang_desktop import __version__
from kuaixiang_desktop.services.about import AboutInfo, about_info
from kuaixiang_desktop.store.database import head_revision
from kuaixiang_desktop.ui.about_dialog import AboutDialog


def _dialog(qtbot, db, **kwargs) -> AboutDialog:
    dialog = AboutDialog(db, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_versions_and_the_database_read_in_a_worker(qtbot, demo_db):
    dialog = _dialog(qtbot, demo_db)
    assert dialog.windowTitle() == "关于政策快享"
    assert dialog.ui.productLabel.text() == "政策快享 · 窗口服务客户端"
    assert dialog.ui.versionLabel.text() == f"版本 {__version__}"
    assert dialog.value("PySide6") == PySide6.__version__ and dialog.value("SQLAlchemy") == sqlalchemy.__version__
    assert dialog.value("reportlab") == reportlab.Version and dialog.value("Python").count(".") == 2
    with qtbot.waitSignal(dialog.info_loaded, timeout=10000):
        assert dialog.value("catalogue") == "正在读取…"
    assert dialog.value("database").startswith(str(demo_db.path)) and dialog.value("database").endswith("MB）")
    assert dialog.value("schema") == f"{head_revision()}（最新）"
    assert dialog.value("enterprises") == "3,000 家企业"
    assert dialog.value("catalogue") == "有效事项 0 项（共 0 项），政策文件 0 份"
    assert dialog.value("server") == "未登录中心服务器" and dialog.value("last_sync") == "本机尚未同步过"
    dialog.reject()


def test_copy_version_info_puts_it_on_the_clipboard(qtbot):
    info = AboutInfo(db_path="/data/kuaixiang.sqlite3", db_size=52_428_800, schema="0004", schema_head="0005",
                     documents=1394, items=2728, items_in_force=2500, enterprises=512_345,
                     last_pull=dt.datetime(2026, 6, 1, 1, 2, 3), server="https://zwfw.liaocheng.gov.cn")
    dialog = _dialog(qtbot, None, info=info)
    assert dialog.value("schema") == "0004（本程序最新为 0005）"
    assert dialog.value("catalogue") == "有效事项 2,500 项（共 2,728 项），政策文件 1,394 份"
    assert dialog.value("database") == "/data/kuaixiang.sqlite3（50.0 MB）"
    assert dialog.value("last_sync") == "2026-06-01 09:02:03（上次下载更新）"
    with qtbot.waitSignal(dialog.copied) as blocker:
        qtbot.mouseClick(dialog.ui.copyButton, Qt.MouseButton.LeftButton)
    text = blocker.args[0]
    assert QGuiApplication.clipboard().text() == text
    assert text.splitlines()[0] == f"政策快享 · 窗口服务客户端 {__version__}"
    assert f"PySide6：{PySide6.__version__}" in text and "中心服务器：https://zwfw.liaocheng.gov.cn" in text
    assert "本地企业库：512,345 家企业" in text
    assert dialog.ui.copiedLabel.isVisibleTo(dialog)


def test_without_a_database_and_with_the_window_sync_state(qtbot):
    synced = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC)
    dialog = _dialog(qtbot, None, server="http://10.15.2.8:8765", last_sync=synced)
    assert dialog.value("database") == "没有打开数据库"
    assert dialog.value("server") == "http://10.15.2.8:8765"
    assert dialog.value("last_sync") == "2026-06-01 16:30:00"
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_closing_at_once_leaves_no_work_behind(qtbot, demo_db):
    dialog = _dialog(qtbot, demo_db)
    dialog.accept()  # the leak check: no background task outlives the dialog


def test_about_info_counts_items_in_force(writable_demo_db):
    from kuaixiang_desktop.demo.loader import load_demo_catalogue
    from kuaixiang_desktop.services.policies import compiled_catalogue

    load_demo_catalogue(writable_demo_db)
    info = about_info(writable_demo_db, dt.date(2026, 6, 1))
    assert (info.documents, info.items) == (25, 51)
    cat = compiled_catalogue(writable_demo_db)
    assert info.items_in_force == sum(i.in_force(dt.date(2026, 6, 1)) for i in cat.items) == 46
    assert about_info(writable_demo_db, dt.date(2023, 6, 1)).items_in_force < info.items_in_force
