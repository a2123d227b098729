"""The pinyin dictionary (55 MB) that checking new names' search keys loads is dropped when
the sync round or the import that loaded it ends (issue 17: the window's memory budget)."""

from __future__ import annotations

import sys

from sqlalchemy import select

from kuaixiang_core import wire
from kuaixiang_core.demo.enterprises import generate_chunk
from kuaixiang_core.domain import names
from kuaixiang_core.domain.search_keys import keys_for
from kuaixiang_core.wire_search_keys import FIELD, search_keys_to_wire
from kuaixiang_core.wire_session import DeviceList
from kuaixiang_desktop.services.sync_report import SyncHooks
from kuaixiang_desktop.services.sync_service import SyncService
from kuaixiang_desktop.store.models import Enterprise
from kuaixiang_desktop.sync.client import ClientStats


class _OnePageServer:
    """One page of new enterprises, each with the keys a server of this version computes."""

    server = "http://hall:8765"

    def __init__(self, items: list[dict]):
        self.items, self.stats = items, ClientStats()

    def changes(self, stream, after=None, limit=None, **_kw):
        items = self.items if stream == "enterprises" and after is None else []
        return wire.ChangePage(items=items, next_cursor="1", has_more=False)

    def snapshot_offer(self, cursor):
        return {"state": "none"}

    def devices(self):
        return DeviceList(devices=[])


def _new_enterprises(count: int) -> list[dict]:
    out = []
    for demo in generate_chunk(7, 900_000, count):
        item = wire.enterprise_to_wire(demo.record)
        item[FIELD] = search_keys_to_wire(demo.keys)
        out.append(item)
    return out


def test_a_round_that_checked_new_names_drops_the_dictionary_and_keeps_the_keys(db):
    items = _new_enterprises(40)
    names.release_pinyin()
    during: list[bool] = []
    hooks = SyncHooks(after_page=lambda stream, _n, _r: during.append(names.pinyin_loaded()))
    report = SyncService(db, _OnePageServer(items), hooks=hooks).run_round(push=False, streams=["enterprises"])
    assert report.pulled["enterprises"] == 40, report.failures
    assert during == [True]  # the page's sample of keys was recomputed here
    assert not names.pinyin_loaded()
    assert "pypinyin" not in sys.modules
    with db.sessions() as session:
        stored = session.scalars(select(Enterprise.name)).all()
    assert len(stored) == 40
    # Loaded again on the next name, the keys are the same as before it was dropped.
    first = wire.enterprise_from_wire(items[0])
    assert keys_for(first.name, first.legal_rep) == keys_for(first.name, first.legal_rep)
    assert names.initials("聊城市恒达机械制造有限公司") == names.initials_uncached("聊城市恒达机械制造有限公司")


def test_the_dictionary_stays_while_any_stretch_of_work_needs_it():
    names.release_pinyin()
    with names.pinyin_in_use():
        names.initials("阳谷县银行大街商贸有限公司")
        with names.pinyin_in_use():
            names.initials("东阿县阿胶产业园")
        assert names.pinyin_loaded()  # the inner stretch ended, the outer goes on
        before = names.initials("阳谷县银行大街商贸有限公司")
    assert not names.pinyin_loaded()
    assert names.initials("阳谷县银行大街商贸有限公司") == before == "ygxyhdjsmyxgs"
    assert names.pinyin_loaded()  # outside any stretch (the server, the demo), it stays
    names.release_pinyin()


def test_an_error_inside_the_stretch_still_drops_it():
    names.release_pinyin()
    try:
        with names.pinyin_in_use():
            names.initials("茌平区信发铝业")
            raise RuntimeError("磁盘已满")
    except RuntimeError:
        pass
    assert not names.pinyin_loaded()
