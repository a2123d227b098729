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

    def devices(self, known=None):
        return DeviceList(devices=[]), None


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


def test_the_freed_memory_is_handed_back_only_when_the_dictionary_was_dropped(monkeypatch):
    from kuaixiang_desktop.services import pinyin_memory

    trims: list[int] = []
    monkeypatch.setattr(pinyin_memory, "trim_heap", lambda: trims.append(1))
    names.release_pinyin()
    with pinyin_memory.pinyin_while():
        pass  # nothing needed it
    assert trims == []
    try:
        with pinyin_memory.pinyin_while():
            names.initials("莘县燕店镇农机合作社")
            raise OSError("磁盘已满")
    except OSError:
        pass
    assert trims == [1] and not names.pinyin_loaded()


def test_trimming_the_heap_is_harmless_where_it_exists_and_where_it_does_not(monkeypatch):
    from kuaixiang_desktop.services import pinyin_memory

    pinyin_memory.trim_heap()  # glibc here: malloc_trim(0)
    pinyin_memory._malloc_trim.cache_clear()
    monkeypatch.setattr(pinyin_memory.sys, "platform", "win32")
    pinyin_memory.trim_heap()
    assert pinyin_memory._malloc_trim() is None
    pinyin_memory._malloc_trim.cache_clear()


def test_a_pull_that_brings_no_enterprises_never_holds_the_dictionary(db):
    """Held only from the first enterprises on: a round that waits on the network, or brings
    only other streams, leaves an import free to drop it when it ends."""
    held: list[int] = []
    hooks = SyncHooks(after_page=lambda stream, _n, _r: held.append(names._holders))
    report = SyncService(db, _OnePageServer([]), hooks=hooks).run_round(push=False, streams=["facts", "enterprises"])
    assert report.pages["facts"] == 1 and held and set(held) == {0}
