"""Client windows for the end-to-end tests: a real client database, logged in, filing real
applications through services/applications, syncing through services/sync_service."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import select

from kuaixiang_desktop.services import applications as apps
from kuaixiang_desktop.services import auth, sync_service
from kuaixiang_desktop.services.database import open_client_db
from kuaixiang_desktop.services.device import local_device
from kuaixiang_desktop.services.policies import compiled_catalogue
from kuaixiang_desktop.services.sync_report import SyncReport
from kuaixiang_desktop.store.models import Application, OutboxEntry
from kuaixiang_desktop.sync.client import RetryPolicy, SyncClient

from .harness import FIGURES, ServerView

AGENT = apps.Agent("李秀英", "11010519491231002x", "139 0635 1234")
CHUNK = 256 * 1024


def pdf_bytes(tag: str, size: int = 2048) -> bytes:
    head = f"%PDF-1.4\n% {tag}\n".encode()
    filler = (tag.encode() * (size // max(1, len(tag)) + 1))[: max(0, size - len(head) - 7)]
    return head + filler + b"\n%%EOF\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Sleeps:
    """The retry policy's sleep: records the waits, never blocks (faults are by count)."""

    def __init__(self):
        self.waits: list[float] = []
        self.hook = None

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.hook is not None:
            self.hook(seconds)


@dataclass
class Filed:
    app_id: str
    credit_code: str
    item_id: str
    attachment: bytes


class Window:
    """One client installation: its own database (a copy of the template), logged in."""

    def __init__(self, path: Path, server_url: str, username: str, password: str, workdir: Path):
        self.path = path
        self.server_url = server_url
        self.username = username
        self.password = password
        self.workdir = workdir
        self.db = open_client_db(path)
        self.device = local_device(self.db)
        self.sleeps = Sleeps()

    def close(self) -> None:
        self.db.close()

    def reopen(self) -> None:
        self.db.close()
        self.db = open_client_db(self.path)

    def login(self, url: str | None = None, **kw) -> auth.SessionInfo:
        return auth.login_online(self.db, url or self.server_url, self.username, self.password, **kw)

    @contextlib.contextmanager
    def _as_clerk(self):
        old = os.environ.get("KUAIXIANG_CLERK")
        os.environ["KUAIXIANG_CLERK"] = self.username
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("KUAIXIANG_CLERK", None)
            else:
                os.environ["KUAIXIANG_CLERK"] = old

    def file(self, pairs: list[tuple[str, str]], *, big: tuple[int, ...] = (), share_first: bool = False) -> list[Filed]:
        cat = compiled_catalogue(self.db)
        out = []
        shared = pdf_bytes(f"{self.path.stem}-shared")
        with self._as_clerk():
            for n, (code, item_id) in enumerate(pairs):
                data = shared if share_first and n % 2 == 0 else pdf_bytes(
                    f"{self.path.stem}-{n}-{code}-{item_id}", 700 * 1024 if n in big else 2048)
                file = self.workdir / f"{self.path.stem}-{n}.pdf"
                file.write_bytes(data)
                required = [m for m in cat.by_id[item_id].materials if m.required]
                materials = [apps.MaterialInput(m.name, file if i == 0 else None) for i, m in enumerate(required)]
                result = apps.file_application(self.db, code, item_id, AGENT, materials, device_id=self.device.short_id)
                assert result.status == "accepted", result
                out.append(Filed(result.application_id, code, item_id, data))
        FIGURES["filed"] += len(out)
        return out

    def client(self, url: str | None = None, *, attempts: int = 4, read_timeout: float = 10.0) -> SyncClient:
        policy = RetryPolicy(attempts=attempts, base=0.01, cap=0.05, max_elapsed=60.0, sleep=self.sleeps)
        return SyncClient(url or self.server_url, retry=policy, chunk_size=CHUNK,
                          timeout=httpx.Timeout(read_timeout, connect=2.0))

    def sync(self, url: str | None = None, *, attempts: int = 4, read_timeout: float = 10.0,
             **kw) -> SyncReport:
        client = self.client(url, attempts=attempts, read_timeout=read_timeout)
        try:
            report = sync_service.sync(self.db, client=client, **kw)
        finally:
            client.close()
        FIGURES["rounds"] += 1
        for name in ("pushed", "duplicates", "conflicts", "rejected", "retries"):
            FIGURES[name] += getattr(report, name)
        return report

    # -- what the window holds -------------------------------------------------------------------

    def outbox_states(self) -> Counter:
        with self.db.sessions() as session:
            return Counter(session.scalars(select(OutboxEntry.state)))

    def outbox_keys(self) -> list[str]:
        with self.db.sessions() as session:
            return list(session.scalars(select(OutboxEntry.key)))

    def applications(self) -> dict[str, Application]:
        with self.db.sessions() as session:
            return {a.id: a for a in session.scalars(select(Application))}

    def show(self, app_id: str) -> apps.ApplicationDetail:
        return apps.show(self.db, app_id)

    def snapshot(self) -> tuple[int, int, int]:
        """(applications, outbox rows, status rows): what must never shrink."""
        with self.db.sessions() as session:
            conn = session.connection()
            return tuple(conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar_one()
                         for t in ("application", "outbox", "application_status"))  # type: ignore[return-value]


def assert_exactly_once(window: Window, view: ServerView, filed: list[Filed]) -> None:
    """Every application this window holds is on the server exactly once, every attachment
    byte-identical, every outbox entry acknowledged, and nothing local went missing."""
    local = window.applications()
    ids = [f.app_id for f in filed]
    assert set(ids) <= set(local), "an application vanished locally"
    counts = view.id_counts(local)
    FIGURES["extra_server_copies"] += sum(max(0, c - 1) for c in counts.values())
    FIGURES["lost_locally"] += len(set(ids) - set(local))
    assert all(counts[i] == 1 for i in local), {i: counts[i] for i in local if counts[i] != 1}
    states = window.outbox_states()
    assert states.get("pending", 0) == 0 and set(states) <= {"sent", "duplicate"}, states
    assert sum(states.values()) == len(window.outbox_keys())
    for f in filed:
        assert view.attachment(sha(f.attachment)) == f.attachment
        assert local[f.app_id].sync_state == "synced"
    FIGURES["verified_exactly_once"] += len(local)
