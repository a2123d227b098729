"""Pull cursors belong to one server: pointing the client at another starts the streams afresh."""

from __future__ import annotations

from kuaixiang_core import wire
from kuaixiang_desktop.services.sync_report import SyncReport
from kuaixiang_desktop.services.sync_service import SyncService


class _FakeServer:
    """Answers one stream with an empty page and remembers the cursors it was asked after."""

    def __init__(self, server: str):
        self.server = server
        self.asked: list[str | None] = []

    def changes(self, stream, after=None, limit=None):
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
