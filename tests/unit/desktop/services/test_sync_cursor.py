"""Pull cursors belong to one server: pointing the client at another starts the streams afresh."""

from __future__ import annotations

import inspect
import threading

import pytest

from kuaixiang_core import wire, wire_parts
from kuaixiang_desktop.services import sync_service
from kuaixiang_desktop.services.sync_report import SyncHooks, SyncReport
from kuaixiang_desktop.services.sync_service import PARTS_PAGE, PULL_PAGE, SyncService
from kuaixiang_desktop.sync.client import TransientError


class _FakeServer:
    """Answers one stream with an empty page and remembers the cursors it was asked after."""

    def __init__(self, server: str):
        self.server = server
        self.asked: list[str | None] = []

    def changes(self, stream, after=None, limit=None, since=None):
        self.asked.append(after)
        return wire.ChangePage(items=[], next_cursor=f"{self.server}#7", has_more=False)


def test_cursors_are_kept_per_server(db):
    first = _FakeServer("http://hall-a:8765")
    SyncService(db, first)._pull_stream("facts", SyncReport())
    SyncService(db, first)._pull_stream("facts", SyncReport())
    assert first.asked == [None, "http://hall-a:8765#7"]  # the second round resumes

    other = _FakeServer("http://elsewhere:8765")
    SyncService(db, other)._pull_stream("facts", SyncReport())
    assert other.asked == [None]  # not the first server's cursor


class _PagedServer:
    """Answers the ``facts`` stream in pages of one definition; the page after ``fail_after``
    raises the given error once."""

    def __init__(self, pages: int, fail_after: int | None = None, error: Exception | None = None):
        self.server = "http://paged:8765"
        self.pages, self.fail_after, self.error = pages, fail_after, error
        self.asked: list[str | None] = []

    def changes(self, stream, after=None, limit=None, since=None):
        self.asked.append(after)
        n = int(after) if after else 0
        if self.fail_after is not None and n == self.fail_after and self.error is not None:
            error, self.error = self.error, None
            raise error
        item = {"name": f"paged_fact_{n}", "type": "number", "label": f"第{n}项"}
        return wire.ChangePage(items=[item], next_cursor=str(n + 1), has_more=n + 1 < self.pages)


def _paged_facts(db) -> list[str]:
    from sqlalchemy import select

    from kuaixiang_desktop.store.models import FactDefinition

    with db.sessions() as session:
        return sorted(session.scalars(select(FactDefinition.name).where(FactDefinition.name.like("paged_fact_%"))))


def test_pages_fetched_ahead_are_applied_in_order_each_with_its_cursor(db):
    server = _PagedServer(pages=5)
    report = SyncReport()
    seen: list[list[str]] = []
    hooks = SyncHooks(after_page=lambda stream, page_no, _r: seen.append(_paged_facts(db)))
    SyncService(db, server, hooks=hooks)._pull_stream("facts", report)
    assert server.asked == [None, "1", "2", "3", "4"]  # each page asked for once
    assert report.pulled["facts"] == 5 and report.pages["facts"] == 5
    assert [len(s) for s in seen] == [1, 2, 3, 4, 5]  # committed page by page


def test_an_error_on_a_page_fetched_ahead_stops_after_the_pages_before_it(db):
    server = _PagedServer(pages=5, fail_after=3, error=TransientError("连接被重置"))
    with pytest.raises(TransientError):
        SyncService(db, server)._pull_stream("facts", SyncReport())
    assert _paged_facts(db) == ["paged_fact_0", "paged_fact_1", "paged_fact_2"]  # pages before it, committed
    server.asked.clear()
    report = SyncReport()
    SyncService(db, server)._pull_stream("facts", report)
    assert server.asked == ["3", "4"]  # resumes at the page that failed, none twice
    assert report.pulled["facts"] == 2 and len(_paged_facts(db)) == 5


class _EnterpriseServer:
    """Answers the ``enterprises`` stream in pages of one enterprise and remembers each
    page's (after, since); the item at ``bad`` cannot be read."""

    def __init__(self, pages: int, bad: int | None = None):
        from kuaixiang_core.demo.enterprises import generate_chunk

        self.server = "http://registry:8765"
        self.records = [d.record for d in generate_chunk(41, 0, pages)]
        self.bad = bad
        self.asked: list[tuple[str | None, str | None]] = []
        self.limits: list[int | None] = []
        self.as_parts: set[int] = set()  # the items sent as changed parts (all their columns)

    def changes(self, stream, after=None, limit=None, since=None, before_parsing=None):
        if before_parsing is not None:
            before_parsing()
        self.asked.append((after, since))
        self.limits.append(limit)
        n = int(after) if after else 0
        item = wire.enterprise_to_wire(self.records[n], version=1, updated_at=None)
        if n == self.bad:
            item["employees"] = "许多"
        if n in self.as_parts:
            item[wire_parts.FIELD] = 1
        return wire.ChangePage(items=[item], next_cursor=str(n + 1), has_more=n + 1 < len(self.records))


def test_changed_parts_are_asked_for_in_the_largest_pages_and_whole_records_in_smaller_ones(db):
    """Whole records (a pull with nowhere to count from) come PULL_PAGE at a time, changed
    parts PARTS_PAGE; a page size given to the service is asked for either way."""
    server = _EnterpriseServer(pages=2)
    SyncService(db, server)._pull_stream("enterprises", SyncReport())
    assert server.limits == [PULL_PAGE, PULL_PAGE]
    server.records += server.records[:1]
    server.limits.clear()
    SyncService(db, server)._pull_stream("enterprises", SyncReport())
    assert server.asked[-1] == ("2", "2") and server.limits == [PARTS_PAGE] and PARTS_PAGE > PULL_PAGE
    server.records += server.records[:1]
    server.limits.clear()
    SyncService(db, server, page_limit=300)._pull_stream("enterprises", SyncReport())
    assert server.limits == [300]
    with pytest.raises(ValueError, match="page_limit"):
        SyncService(db, server, page_limit=wire.MAX_PAGE + 1)
    # After a page of mostly whole records (enterprises new since), smaller pages; after one
    # of changed parts, the largest again.
    first = len(server.records)
    server.records += server.records[:3]
    server.as_parts = {first + 1, first + 2}
    server.limits.clear()
    report = SyncReport()
    SyncService(db, server)._pull_stream("enterprises", report)
    assert server.limits == [PARTS_PAGE, PULL_PAGE, PARTS_PAGE] and not report.failures
    first = len(server.records)
    server.records += server.records[:3]
    server.as_parts = {first + 1, first + 2}
    server.limits.clear()
    SyncService(db, server, page_limit=300)._pull_stream("enterprises", SyncReport())
    assert server.limits == [300, 300, 300]  # a size given holds whatever the pages bring
    # The entry point the window and the CLI use leaves the choice to the service.
    assert inspect.signature(sync_service.sync).parameters["page_limit"].default is None


def test_changed_parts_are_asked_for_from_where_the_last_pull_ended_caught_up_with_nothing_left_out(db):
    """A client with nowhere to count from asks for whole records (no ``since``); a pull that
    ends caught up with every item written is where the next one's parts count from; one
    that left an item out keeps the older place, so that item's parts come again."""
    server = _EnterpriseServer(pages=3)
    SyncService(db, server)._pull_stream("enterprises", SyncReport())
    assert server.asked == [(None, None), ("1", None), ("2", None)]
    server.records += server.records[:2]  # two more changes on the server
    server.asked.clear()
    SyncService(db, server)._pull_stream("enterprises", SyncReport())
    assert server.asked == [("3", "3"), ("4", "3")]

    server = _EnterpriseServer(pages=3, bad=1)
    server.server = "http://other-registry:8765"  # cursors of another server: from the start
    report = SyncReport()
    SyncService(db, server)._pull_stream("enterprises", report)
    assert [f.ref for f in report.failures] == [server.records[1].credit_code]
    server.records += server.records[:1]
    server.asked.clear()
    SyncService(db, server)._pull_stream("enterprises", SyncReport())
    assert server.asked == [("3", None)]  # an item was left out: still no place to count from


class _OnePage:
    """A stream of one page; ``fetched`` is set once it has been asked for."""

    server = "http://quiet:8765"

    def __init__(self):
        self.fetched = threading.Event()

    def changes(self, stream, after=None, limit=None, since=None, before_parsing=None):
        self.fetched.set()
        if before_parsing is not None:
            before_parsing()  # the answer is in: parsed once the writer lets it be
        return wire.ChangePage(items=[{"n": 1}], next_cursor="1", has_more=False)


def _reader_that_signals():
    called = threading.Event()

    def reader(items):
        called.set()
        return list(items)

    return reader, called


def test_a_page_fetched_ahead_is_read_while_the_writer_commits_not_while_it_writes():
    """Reading a page's items is Python that would take turns for the GIL with the writer's
    statements (each lets go of it at every row): it waits for the writer's commit."""
    client = _OnePage()
    reader, called = _reader_that_signals()
    with sync_service._PageAhead(client, "enterprises", 10, reader) as ahead:
        ahead.start(None)
        assert client.fetched.wait(30)
        assert not called.is_set()  # in, and waiting: the writer is still writing
        ahead.committing()
        assert called.wait(30)  # read beside the commit
        ahead.committed()
        page = ahead.take(None)
        assert page.items == [{"n": 1}] and ahead.read == [{"n": 1}]


def test_a_writer_waiting_for_the_page_lets_it_be_read():
    """No commit is under way when the writer takes the page (the first page, or a page
    slower than the writing): its wait is the quiet time; closing never hangs either."""
    client = _OnePage()
    reader, called = _reader_that_signals()
    with sync_service._PageAhead(client, "enterprises", 10, reader) as ahead:
        ahead.start(None)
        assert ahead.take(None).items == [{"n": 1}] and ahead.read == [{"n": 1}] and called.is_set()
    client = _OnePage()
    reader, called = _reader_that_signals()
    ahead = sync_service._PageAhead(client, "enterprises", 10, reader)
    ahead.start(None)
    assert client.fetched.wait(30)
    ahead.close()  # a cancelled pull: the thread waiting to read is let go, its page dropped
    assert ahead._thread is None and not called.is_set()
    # A page fetched after that waits for the writer again.
    client.fetched.clear()
    ahead.start("1")
    assert client.fetched.wait(30)
    assert not called.is_set()
    ahead.committing()
    assert ahead.take("1").items == [{"n": 1}] and called.is_set()
