"""One sync round with the central server: push the outbox, then pull what changed.

Push (docs/sync-protocol.md, "Push" and "Attachments"):

1. every attachment that a pending outbox entry refers to and that has not been uploaded yet
   goes up first, by SHA-256 from the local content-addressed store, resumably;
2. the pending outbox entries go up in batches (at most 100), oldest first. The outbox row
   holds no personal data: the agent's ID number and phone (decrypted with
   services/agent_crypto), the enterprise's credit code, the eligibility trace and a
   withdrawal's reason are added to the payload only as the entry is sent;
3. each answer marks its entry ``sent`` / ``duplicate`` / ``conflict`` / ``rejected`` (with
   the server's reason) and updates the application's ``sync_state`` and
   ``server_verdict_json``. An entry stays ``pending`` until the server has answered for
   it and that answer is committed here, so a crash at any point sends it again, and the
   server answers the repeat as a duplicate. Nothing local is ever deleted.

Pull (facts, then policies, enterprises, applications, ratings, then the device keys): each page is written in one
transaction together with the stream's new cursor, so a crash repeats a page and never skips
one; applying a page twice changes nothing. Policies go through the catalogue's own checks
and versioning (a changed item becomes a new local version); enterprises through
store/enterprises.write_enterprises; application statuses become ApplicationStatus rows with
the server's reason.

Errors: an AuthError stops the round (the clerk must log in; nothing is lost), as do
Forbidden and ProtocolMismatch; transient failures are retried by the client's policy and,
when that gives up, stop the round with ``stopped="network"``; the next round resumes
exactly where this one stopped.

Cancelling (the window closes during a round): inside a cancellable task the round looks at
the task's cancel event (``services.cancellation``) before each attachment, each uploaded
chunk, each pushed batch and each pulled page, and while it waits to retry, and leaves with
:class:`~.cancellation.Cancelled`.  It stops only where a crash would find everything
committed: never between a batch's answer and its recording, nor inside a page's
transaction, so the next round finishes the work and neither loses nor repeats anything.

What a round did is a :class:`~.sync_report.SyncReport`; :class:`~.network_monitor.NetworkMonitor`
turns round outcomes into "online / offline" and the time of the next attempt.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kuaixiang_core import cancellation, wire, wire_parts
from kuaixiang_core.cancellation import Cancelled
from kuaixiang_core.domain import application_state as states
from kuaixiang_core.wire_rating import RATING_KINDS

from ..store import audit
from ..store.database import Database
from ..store.models import (
    Application,
    ApplicationMaterial,
    ApplicationStatus,
    Attachment,
    Enterprise,
    FactDefinition,
    OutboxEntry,
    utcnow,
)
from ..store.sync_cursors import delete_cursor, read_cursor, write_cursor
from ..sync.client import (
    AuthError,
    ConfigError,
    Forbidden,
    ProtocolMismatch,
    RateLimited,
    Rejected,
    RetryPolicy,
    SyncClient,
    TransientError,
    TransportSecurity,
)
from . import agent_crypto, crash_points, device_trust
from . import attachments as attachment_store
from . import course as course_store
from . import ratings as rating_store
from .network_monitor import NetworkMonitor
from .pinyin_memory import pinyin_while
from .snapshot_provision import Provisioner, SnapshotRefused
from .sync_enterprises import PARTS_SINCE, ReadItems, apply_enterprise_page, fewer_collections, read_items
from .sync_policies import apply_policy_page
from .sync_report import PULL_ORDER, Failure, SyncHooks, SyncReport

log = logging.getLogger(__name__)

# The entity tag of the device list last taken in whole, kept beside the streams' cursors (per
# server and trusted signer): the next round's GET /devices sends it and an unchanged list
# comes back as 304.
DEVICES_TAG = "devices.etag"

Clock = Callable[[], dt.datetime]


# Outbox entry states.
PENDING, SENT, DUPLICATE, CONFLICT, REJECTED, FAILED = "pending", "sent", "duplicate", "conflict", "rejected", "failed"
_OUTCOME_STATE = {wire.APPLIED: SENT, wire.DUPLICATE: DUPLICATE, wire.CONFLICT: CONFLICT, wire.REJECTED: REJECTED}

# application.sync_state values.
SYNC_LOCAL, SYNC_QUEUED, SYNC_SYNCED, SYNC_CONFLICT, SYNC_REJECTED, SYNC_FAILED = (
    "local", "queued", "synced", "conflict", "rejected", "failed",
)


_CANCELLED = "同步已取消"

# Items asked for per pulled page: each page is one transaction with its cursor (one fsync),
# one request and one look-up of the known facts and regions, so pages of the server's
# default 500 spent a third of a pull on that. 2,000 enterprises apply in about a second,
# which bounds how long a cancel waits for the page in hand (PARTS_PAGE below: a first page
# of whole records there, or the one after a page of parts, takes some 2.5 s).
PULL_PAGE = 2000
# A pull of the enterprises stream counted from PARTS_SINCE brings changed parts, mostly a
# few hundred bytes an item against a whole record's ~1.5 KB and ~14 fact values: it asks for
# the server's largest page, the same items in fewer requests and transactions (100,000
# changes: 20 pages instead of 50, about 6% less time a round in alternated runs). A page of
# them applies in a few tenths of a second. Such a pull may still bring whole records
# (enterprises made after PARTS_SINCE): after a page of mostly those, the next is asked for
# PULL_PAGE at a time (5,000 whole records are some 8 MB of JSON, several times that in
# memory, twice over with the page fetched ahead).
PARTS_PAGE = 5000
assert PULL_PAGE <= wire.MAX_PAGE and PARTS_PAGE <= wire.MAX_PAGE


def _stop_if_cancelled() -> None:
    cancellation.raise_if_cancelled(_CANCELLED)


def _mid_upload(done: int, total: int) -> None:
    if done < total:
        crash_points.reached("sync.upload.after_chunk")
        # The server keeps what it has received: the next round resumes from there.
        _stop_if_cancelled()


class _EntryProblem(Exception):
    pass


class _PageDropped(Exception):
    """Raised on the fetching thread when the page it holds will not be taken."""


class _PageAhead:
    """Asks for the next page of a stream on a thread of its own while the page in hand is
    written, so the server's reading and the client's writing overlap. Nothing about what is
    committed changes: pages are still written one by one, each with its cursor, and a page
    fetched ahead is only a read. Its error (auth, network, …) is raised where the page is
    taken, as if it had been asked for then. The thread runs in the round's context (its
    cancel event cuts its retry waits short), and the stream waits for it before it ends."""

    def __init__(self, client: SyncClient, stream: str, limit: int, reader: Callable[[list], object] | None = None,
                 since: str | None = None):
        """``reader``: made of a page's items on the fetching thread; ``read`` holds it for
        the page last taken (None when there is no reader). ``since``: SyncClient.changes'."""
        self.client, self.stream, self.limit, self.reader, self.since = client, stream, limit, reader, since
        self._cursor: str | None = None
        self._thread: threading.Thread | None = None
        self._result: object = None
        self._error: BaseException | None = None
        self.read: object = None
        # Set while the writer holds no GIL for long (its commit, or its wait for this page):
        # the page's items are read then (see _fetch).
        self._quiet = threading.Event()
        self._dropped = False  # set by close(): the page waiting to be parsed is not wanted

    def start(self, cursor: str | None) -> None:
        self.close()
        self._cursor, self._result, self._error = cursor, None, None
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._fetch, cursor),
                                        name=f"sync-pull-{self.stream}", daemon=True)
        self._thread.start()

    def _fetch(self, cursor: str | None) -> None:
        try:
            # Parsed and read beside the writer's commit, not its statements: a statement of
            # many rows lets go of the GIL at every row and waits to get it back from a thread
            # in Python, so the two took turns (reading in the middle of a page cost the writer
            # about as long again).
            if self.reader is not None:
                page = self.client.changes(self.stream, cursor, self.limit, since=self.since,
                                           before_parsing=self._until_quiet)
                self._result = (page, self.reader(page.items))
            else:
                self._result = (self.client.changes(self.stream, cursor, self.limit, since=self.since), None)
        except BaseException as exc:  # noqa: BLE001 - handed to the round where the page is taken
            self._error = exc

    def _until_quiet(self) -> None:
        self._quiet.wait()
        if self._dropped:  # a cancelled pull, or a page nobody will take: not parsed
            raise _PageDropped

    def take(self, cursor: str | None) -> wire.ChangePage:
        if self._thread is None or self._cursor != cursor:
            self.close()
            page = self.client.changes(self.stream, cursor, self.limit, since=self.since)
            self.read = None  # the handler reads it itself
            return page
        self._quiet.set()
        self._thread.join()
        self._thread = None
        self._quiet.clear()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        (page, self.read), self._result = self._result, None  # type: ignore[misc]
        return page

    def committing(self) -> None:
        """The writer's commit is next: the page fetched ahead may be read now (until
        ``committed``)."""
        self._quiet.set()

    def committed(self) -> None:
        self._quiet.clear()

    def close(self) -> None:
        if self._thread is not None:
            self._dropped = True
            self._quiet.set()
            self._thread.join()
            self._thread = None
            self._dropped = False
            self._quiet.clear()
        self._result = self._error = None

    def __enter__(self) -> _PageAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------

_round_locks: dict[str, threading.Lock] = {}
_round_locks_guard = threading.Lock()


def _round_lock(db: Database) -> threading.Lock:
    key = str(db.path.expanduser().resolve())
    with _round_locks_guard:
        return _round_locks.setdefault(key, threading.Lock())


class SyncService:
    """Sync one database through one client. ``run_round`` is safe to call again at any
    time: it resumes from the outbox states and the stored cursors."""

    def __init__(
        self,
        db: Database,
        client: SyncClient,
        *,
        batch_size: int = wire.MAX_OUTBOX_ENTRIES,
        page_limit: int | None = None,
        max_pages: int = 100_000,
        now: Clock = utcnow,
        hooks: SyncHooks | None = None,
        monitor: NetworkMonitor | None = None,
    ):
        if not 1 <= batch_size <= wire.MAX_OUTBOX_ENTRIES:
            raise ValueError(f"batch_size must be 1..{wire.MAX_OUTBOX_ENTRIES}")
        if page_limit is not None and not 1 <= page_limit <= wire.MAX_PAGE:
            raise ValueError(f"page_limit must be 1..{wire.MAX_PAGE}")
        self.db = db
        self.client = client
        self.batch_size = batch_size
        self.page_limit = page_limit  # items per page of every stream; None: PULL_PAGE, or PARTS_PAGE
        self.max_pages = max_pages
        self.now = now
        self.hooks = hooks or SyncHooks()
        self.monitor = monitor
        # The pull's hold on the pinyin dictionary, taken on the first enterprises (_need_pinyin).
        self._pinyin: contextlib.ExitStack | None = None
        self._pinyin_held = False

    # -- the round --------------------------------------------------------------------------

    def run_round(self, *, push: bool = True, pull: bool = True,
                  streams: Iterable[str] = PULL_ORDER) -> SyncReport:
        report = SyncReport(started_at=wire.format_time(self.now()))
        lock = _round_lock(self.db)
        if not lock.acquire(blocking=False):
            report.stop("busy", None, "另一轮同步正在进行")
            return report
        requests0, retries0 = self.client.stats.requests, self.client.stats.retries
        reasons0 = len(self.client.stats.transient)
        try:
            self._round(report, push=push, pull=pull, streams=streams)
        except Cancelled:
            # Raised, not reported: whoever asked has stopped listening (the window closes).
            report.stop("cancelled", None, _CANCELLED)
            raise
        except AuthError as exc:
            report.stop("auth", exc, f"登录已失效，请重新登录后再同步（{exc.message}）")
        except Forbidden as exc:
            report.stop("forbidden", exc)
        except ProtocolMismatch as exc:
            report.stop("protocol", exc)
        except RateLimited as exc:
            report.stop("rate_limited", exc, f"中心服务器繁忙，请 {int(exc.retry_after)} 秒后再同步")
        except TransientError as exc:
            report.stop("network", exc, f"网络或中心服务器暂时不可用，稍后自动重试（{exc.message}）")
        except ConfigError as exc:
            report.stop("config", exc)
        finally:
            lock.release()
            report.pending = self.pending_count()
            report.requests = self.client.stats.requests - requests0
            report.retries = self.client.stats.retries - retries0
            report.retry_reasons = self.client.stats.transient[reasons0:]
            report.finished_at = wire.format_time(self.now())
            if self.monitor is not None:
                self.monitor.observe(report)
        return report

    def _round(self, report: SyncReport, *, push: bool, pull: bool, streams: Iterable[str]) -> None:
        if push:
            self._push(report)
        if pull:
            # The pinyin dictionary (55 MB), for checking a sample of new names' search keys,
            # is held from the first enterprises to arrive to the end of the pull, then
            # dropped: a round waiting on the network or bringing no enterprises never holds it.
            with contextlib.ExitStack() as self._pinyin:
                if "enterprises" in streams:
                    self._provision(report)
                for stream in streams:
                    self._pull_stream(stream, report)
            self._pinyin = None
            _stop_if_cancelled()
            self._pull_devices(report)

    def _need_pinyin(self) -> None:
        if self._pinyin is not None and not self._pinyin_held:
            self._pinyin.enter_context(pinyin_while())
            self._pinyin.callback(setattr, self, "_pinyin_held", False)
            self._pinyin_held = True

    def pending_count(self) -> int:
        with self.db.sessions() as session:
            return session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == PENDING)) or 0

    # -- push: attachments ------------------------------------------------------------------

    def _pending_attachment_shas(self) -> list[str]:
        with self.db.sessions() as session:
            wanted: set[str] = set()
            for payload_json in session.scalars(select(OutboxEntry.payload_json).where(OutboxEntry.state == PENDING)):
                try:
                    payload = json.loads(payload_json)
                except json.JSONDecodeError:
                    continue
                for material in payload.get("materials") or []:
                    sha = material.get("attachment_sha256") if isinstance(material, dict) else None
                    if wire.is_sha256(sha):
                        wanted.add(sha)
            # Plus any attachment of an application that has not reached the server yet (an
            # earlier upload failed, or the server reported it missing).
            wanted.update(session.scalars(
                select(ApplicationMaterial.attachment_sha256).distinct()
                .join(Attachment, Attachment.sha256 == ApplicationMaterial.attachment_sha256)
                .where(Attachment.uploaded_at.is_(None))
            ))
            if not wanted:
                return []
            return sorted(session.scalars(
                select(Attachment.sha256).where(Attachment.sha256.in_(wanted), Attachment.uploaded_at.is_(None))
            ))

    def _upload_attachments(self, report: SyncReport) -> None:
        for sha in self._pending_attachment_shas():
            _stop_if_cancelled()
            # The server is sent, and checks, the plain bytes: decrypted here, never stored so.
            try:
                data = attachment_store.read_plain(sha)
            except FileNotFoundError:
                report.failures.append(Failure("attachment", sha, f"本地附件文件缺失：{attachment_store.path_for(sha)}"))
                continue
            except OSError as exc:
                report.failures.append(Failure("attachment", sha, f"无法读取本地附件：{exc.strerror}"))
                continue
            except attachment_store.AttachmentUnreadable as exc:
                report.failures.append(Failure("attachment", sha, f"{exc}，未上传"))
                continue
            try:
                result = self.client.upload_attachment(sha, data, on_progress=_mid_upload)
            except Rejected as exc:  # 413 too large, 400 hash mismatch, …: this file, not the round
                report.failures.append(Failure("attachment", sha, exc.message))
                continue
            with self.db.sessions.begin() as session:
                row = session.get(Attachment, sha)
                if row is not None and row.uploaded_at is None:
                    row.uploaded_at = self.now()
            report.attachment_bytes += result.bytes_sent
            if result.already_complete:
                report.attachments_present += 1
            else:
                report.attachments_uploaded += 1
                report.attachments_resumed += result.resumed

    # -- push: entries ----------------------------------------------------------------------

    def _push(self, report: SyncReport) -> None:
        self._upload_attachments(report)
        last_id = 0
        held: set[str] = set()  # entities with an entry that could not be built: keep order
        total = self.pending_count()
        for batch_no in range(total // self.batch_size + 2):
            # Here and nowhere later in the loop: once a batch is sent, its answers are recorded.
            _stop_if_cancelled()
            with self.db.sessions() as session:
                rows = list(session.scalars(
                    select(OutboxEntry).where(OutboxEntry.state == PENDING, OutboxEntry.id > last_id)
                    .order_by(OutboxEntry.id).limit(self.batch_size)
                ))
                if not rows:
                    return
                last_id = rows[-1].id
                batch: list[tuple[int, wire.OutboxEntry]] = []
                for row in rows:
                    if row.entity_id in held:
                        continue
                    try:
                        batch.append((row.id, self._wire_entry(session, row)))
                    except _EntryProblem as exc:
                        held.add(row.entity_id)
                        report.failures.append(Failure("entry", row.key, str(exc)))
            if not batch:
                continue
            self._count_attempt([i for i, _ in batch])
            answers = self._send(batch)
            crash_points.reached("sync.push.after_response")
            self._record(answers, report)
            if self.hooks.after_batch is not None:
                self.hooks.after_batch(batch_no, report)

    def _count_attempt(self, ids: list[int]) -> None:
        with self.db.sessions.begin() as session:
            for row in session.scalars(select(OutboxEntry).where(OutboxEntry.id.in_(ids))):
                row.attempts = (row.attempts or 0) + 1

    def _send(self, batch: list[tuple[int, wire.OutboxEntry]]) -> list[tuple[int, wire.OutboxResult | Rejected]]:
        """POST the batch; a 400/413 for the whole request is narrowed down entry by entry,
        so one malformed entry fails alone."""
        try:
            response = self.client.push([e for _, e in batch])
            return [(i, r) for (i, _), r in zip(batch, response.results, strict=True)]
        except Rejected as exc:
            if len(batch) == 1:
                return [(batch[0][0], exc)]
        out: list[tuple[int, wire.OutboxResult | Rejected]] = []
        for item in batch:
            out.extend(self._send([item]))
        return out

    def _wire_entry(self, session: Session, row: OutboxEntry) -> wire.OutboxEntry:
        """The entry as it goes on the wire: the stored snapshot plus what is added at send
        time (credit code, agent, trace, reason). Deterministic, so a repeat hashes the same."""
        try:
            payload = json.loads(row.payload_json)
        except json.JSONDecodeError:
            raise _EntryProblem("本地待上传记录已损坏（不是 JSON）") from None
        if row.kind.startswith("application."):
            app = session.get(Application, row.entity_id)
            if app is None:
                raise _EntryProblem(f"本地没有申请 {row.entity_id}")
            enterprise = session.get(Enterprise, app.enterprise_id)
            if enterprise is None:
                raise _EntryProblem(f"申请 {app.id} 的企业不在本地库中")
            payload["credit_code"] = enterprise.credit_code
            if row.kind == wire.KIND_ACCEPTED:
                if not (app.agent_id_enc and app.agent_phone_enc and app.agent_name):
                    raise _EntryProblem(f"申请 {app.id} 缺少经办人信息")
                try:
                    payload["agent"] = {
                        "name": app.agent_name,
                        "id_number": agent_crypto.decrypt(app.agent_id_enc, app.id),
                        "phone": agent_crypto.decrypt(app.agent_phone_enc, app.id),
                    }
                except agent_crypto.DecryptError as exc:
                    raise _EntryProblem(str(exc)) from None
                try:
                    payload["trace"] = json.loads(app.trace_json or "{}")
                except json.JSONDecodeError:
                    raise _EntryProblem(f"申请 {app.id} 的资格判断记录已损坏") from None
            elif row.kind == wire.KIND_WITHDRAWN:
                reason = session.scalars(
                    select(ApplicationStatus.reason)
                    .where(ApplicationStatus.application_id == app.id, ApplicationStatus.to_status == states.WITHDRAWN)
                    .order_by(ApplicationStatus.id.desc()).limit(1)
                ).first()
                if reason:
                    payload["reason"] = reason
        return wire.OutboxEntry(row.key, row.kind, row.entity_id, payload, wire.format_time(row.created_at))

    def _record(self, answers: list[tuple[int, wire.OutboxResult | Rejected]], report: SyncReport) -> None:
        now = self.now()
        touched: set[str] = set()
        with self.db.sessions.begin() as session:
            for row_id, answer in answers:
                row = session.get(OutboxEntry, row_id)
                assert row is not None
                if isinstance(answer, Rejected):
                    row.state, row.last_error, row.acked_at = FAILED, answer.message, now
                    report.failed += 1
                    report.failures.append(Failure("entry", row.key, answer.message))
                    outcome, message, server = "failed", answer.message, None
                else:
                    row.state = _OUTCOME_STATE[answer.status]
                    row.acked_at = now
                    row.last_error = answer.message if answer.status in (wire.CONFLICT, wire.REJECTED) else None
                    outcome, message, server = answer.status, answer.message, answer.server
                    if answer.status == wire.APPLIED:
                        report.pushed += 1
                    elif answer.status == wire.DUPLICATE:
                        report.duplicates += 1
                    elif answer.status == wire.CONFLICT:
                        report.conflicts += 1
                        report.failures.append(Failure("entry", row.key, answer.message or "与中心端已有记录冲突"))
                    else:
                        report.rejected += 1
                        report.failures.append(Failure("entry", row.key, answer.message or "中心端拒收"))
                if row.kind in RATING_KINDS:
                    if server is not None and outcome in (wire.APPLIED, wire.DUPLICATE):
                        rating_store.apply_server_rating(session, server)
                    continue
                if not row.kind.startswith("application."):
                    continue
                app = session.get(Application, row.entity_id)
                if app is None:
                    continue
                verdict = _load_verdict(app)
                verdict["push"] = {"outcome": outcome, "message": message, "key": row.key, "kind": row.kind,
                                   "at": wire.format_time(now)}
                if server is not None:
                    if outcome in (wire.APPLIED, wire.DUPLICATE):
                        verdict["state"] = server
                        report.status_changes += _apply_server_state(session, app, server, now)
                    else:
                        verdict["conflicting_state"] = server
                app.server_verdict_json = json.dumps(verdict, ensure_ascii=False, sort_keys=True)
                touched.add(app.id)
            session.flush()
            for app_id in touched:
                app = session.get(Application, app_id)
                if app is not None:
                    app.sync_state = _sync_state(session, app_id)
            crash_points.reached("sync.push.before_commit")

    # -- pull -------------------------------------------------------------------------------

    def _cursor_key(self, stream: str) -> str:
        """Cursors belong to one server: a client pointed at another starts its streams afresh
        (a pull applied twice changes nothing, a cursor from elsewhere would skip changes)."""
        server = getattr(self.client, "server", "") or ""
        return f"{stream}@{hashlib.sha256(server.encode()).hexdigest()[:8]}"

    def _provision(self, report: SyncReport) -> None:
        """A new client, or one far behind, takes the server's snapshot first when it offers
        one (services/snapshot_provision); a refused snapshot changes nothing and the streams
        are pulled page by page as before."""
        handlers = {"facts": self._apply_facts, "policies": self._apply_policies}
        work = Provisioner(self.db, self.client, self._cursor_key,
                           lambda session, stream, items: handlers[stream](session, items, report))
        try:
            manifest = work.offered()
            if manifest is not None:
                self._need_pinyin()  # its search keys are checked on a sample before the build
                work.run(manifest)
        except SnapshotRefused as exc:
            report.failures.append(Failure("snapshot", work.summary.get("id", "")[:12] or None, str(exc)))
        report.snapshot = work.summary or None

    def _cursor(self, stream: str) -> str | None:
        with self.db.sessions() as session:
            return read_cursor(session, self._cursor_key(stream))

    def _pull_stream(self, stream: str, report: SyncReport) -> None:
        handler = {
            "facts": self._apply_facts,
            "policies": self._apply_policies,
            "enterprises": self._apply_enterprises,
            "applications": self._apply_applications,
            "ratings": self._apply_ratings,
        }[stream]
        cursor = self._cursor(stream)
        paced = fewer_collections() if stream == "enterprises" else contextlib.nullcontext()
        reader = read_items if stream == "enterprises" else None
        since = self._cursor(PARTS_SINCE) if stream == "enterprises" else None
        # Changed parts are asked for with since (sync/client.py), unless the client asks for
        # whole records anyway (the benchmark's rounds of the formats before).
        parts = since is not None and getattr(self.client, "enterprise_parts", True)
        limit = self.page_limit or (PARTS_PAGE if parts else PULL_PAGE)
        with paced, _PageAhead(self.client, stream, limit, reader, since) as ahead:
            self._pull_pages(stream, handler, cursor, ahead, report, sized=parts and not self.page_limit)
        if report.pages[stream]:
            # Pulled pages let the WAL grow to WriteSessions.begin(durable=False)'s bound
            # before copying it back; copied here, on the sync thread, rather than by the
            # next commit of whoever writes next (a clerk's filing).
            with self.db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def _set_cursor(self, session: Session, stream: str, cursor: str) -> None:
        write_cursor(session, self._cursor_key(stream), cursor, self.now())

    def _pull_pages(self, stream: str, handler, cursor: str | None, ahead: _PageAhead, report: SyncReport,
                    sized: bool = False) -> None:
        """``sized``: the pages' size follows what the last one held (PARTS_PAGE)."""
        failures_before = len(report.failures)
        for page_no in range(self.max_pages):
            _stop_if_cancelled()  # every page before this one is committed with its cursor
            page = ahead.take(cursor)
            if sized:
                whole = sum(1 for item in page.items if not (type(item) is dict and wire_parts.is_parts(item)))
                ahead.limit = PULL_PAGE if 2 * whole > len(page.items) else PARTS_PAGE
            if page.has_more and page.next_cursor != cursor:
                ahead.start(page.next_cursor)  # the server reads the next page while this one is written
            # Not durable: the page commits with its cursor, so a page a power cut loses is
            # pulled again (each page's wait for the disk was a tenth of a page's time).
            with self.db.sessions.begin(durable=False) as session:
                if ahead.read is not None:
                    handler(session, page.items, report, ahead=ahead.read)
                else:
                    handler(session, page.items, report)
                crash_points.reached("sync.pull.before_commit")
                crash_points.reached(f"sync.pull.{stream}.before_commit")
                self._set_cursor(session, stream, page.next_cursor)
                if stream == "enterprises" and not page.has_more and len(report.failures) == failures_before:
                    # Caught up, every item written: the next pull's changed parts count from
                    # here (PARTS_SINCE). A pull that left an item out keeps the older one, so
                    # that item's parts are sent again with its next change.
                    self._set_cursor(session, PARTS_SINCE, page.next_cursor)
                session.flush()
                ahead.committing()
            ahead.committed()
            report.pulled[stream] += len(page.items)
            report.pages[stream] += 1
            if self.hooks.after_page is not None:
                self.hooks.after_page(stream, page_no, report)
            stuck = page.next_cursor == cursor and not page.items
            cursor = page.next_cursor
            if not page.has_more or stuck:
                return
        report.failures.append(Failure(stream, None, f"本轮已取 {self.max_pages} 页，其余下轮继续"))

    def _pull_devices(self, report: SyncReport) -> None:
        """The other windows' receipt-signing keys and the certificates the server signed for
        them (``GET /devices``), so receipts printed elsewhere verify here, offline
        (services/device_trust)."""
        # The tag is kept per trusted signer: a window that trusts another key (or none) has
        # not checked the list it names against that key.
        with self.db.sessions() as session:
            signer = device_trust.pinned_signer_id(session)
            tag_key = f"{DEVICES_TAG}.{signer}" if signer else None
            known = read_cursor(session, self._cursor_key(tag_key)) if tag_key else None
        listed, tag = self.client.devices(known)
        with self.db.sessions.begin() as session:
            if listed is None:  # the list this window took in last time (asked only with a signer's tag)
                if signer is not None:
                    device_trust.list_unchanged(session, signer, self.now())
                return
            learnt, failures = device_trust.apply_device_list(session, listed, self.now())
            if tag_key is not None:
                # Kept only for a list taken in whole: one with a certificate refused is
                # asked for and checked again next round.
                if not failures and tag is not None:
                    self._set_cursor(session, tag_key, tag)
                elif known is not None:
                    delete_cursor(session, self._cursor_key(tag_key))
        report.devices += learnt
        report.failures.extend(failures)

    def _apply_facts(self, session: Session, items: list[dict], report: SyncReport) -> None:
        for item in items:
            name, ftype = item.get("name"), item.get("type")
            if not isinstance(name, str) or not name or not isinstance(ftype, str):
                report.failures.append(Failure("facts", str(name), "事实项缺少名称或类型"))
                continue
            row = session.get(FactDefinition, name)
            label = item.get("label") or name
            if row is None:
                session.add(FactDefinition(name=name, type=ftype, unit=item.get("unit"), label=label,
                                           source_department=item.get("source"), declared_by="sync"))
            else:  # reference data: the server wins
                row.type, row.unit, row.label, row.source_department = ftype, item.get("unit"), label, item.get("source")
        session.flush()

    def _apply_policies(self, session: Session, items: list[dict], report: SyncReport) -> None:
        apply_policy_page(session, items, report)

    def _apply_enterprises(self, session: Session, items: list[dict], report: SyncReport,
                           ahead: ReadItems | None = None) -> None:
        if items:
            self._need_pinyin()
        apply_enterprise_page(session, items, report, ahead)

    def _apply_applications(self, session: Session, items: list[dict], report: SyncReport) -> None:
        now = self.now()
        for item in items:
            try:
                state = wire.ApplicationState.from_json(item)
            except wire.WireError as exc:
                report.failures.append(Failure("applications", str(item.get("id")), f"申请状态格式不对：{exc}"))
                continue
            app = session.get(Application, state.id.strip().lower())
            if app is None:
                report.applications_elsewhere += 1
                continue
            verdict = _load_verdict(app)
            verdict["state"] = item
            app.server_verdict_json = json.dumps(verdict, ensure_ascii=False, sort_keys=True)
            report.status_changes += _apply_server_state(session, app, item, now)

    def _apply_ratings(self, session: Session, items: list[dict], report: SyncReport) -> None:
        unread = rating_store.apply_server_ratings(session, items)
        if unread:
            report.failures.append(Failure("ratings", None, f"{unread} 条评价格式不对，未写入"))


# ---------------------------------------------------------------------------------------------
# Applying the server's view of an application
# ---------------------------------------------------------------------------------------------


def _load_verdict(app: Application) -> dict:
    try:
        data = json.loads(app.server_verdict_json) if app.server_verdict_json else {}
    except json.JSONDecodeError:
        data = {}
    return data if isinstance(data, dict) else {}


def _naive(text: object, fallback: dt.datetime) -> dt.datetime:
    try:
        return wire.parse_time(text, "at").replace(tzinfo=None)  # type: ignore[arg-type]
    except wire.WireError:
        return fallback


def _apply_server_state(session: Session, app: Application, state: dict, now: dt.datetime) -> int:
    """Record the server's status changes that this application has not seen, as
    ApplicationStatus rows with the server's time, hall and reason, and take the server's
    current status (the server wins) unless a local change is still waiting to go up.
    Applying the same state twice adds nothing. Returns the rows added."""
    missing = state.get("missing_attachments")
    if isinstance(missing, list) and missing:  # the server lacks files this window has: send again
        for row in session.scalars(select(Attachment).where(Attachment.sha256.in_([m for m in missing
                                                                                    if wire.is_sha256(m)]))):
            row.uploaded_at = None
    course_changed = course_store.apply_course(session, app.id, state.get("course"))
    have = {h.to_status for h in app.history}
    added = 0
    history = state.get("history") if isinstance(state.get("history"), list) else []
    final = state.get("status")
    for event in history:
        if not isinstance(event, dict):
            continue
        to = event.get("to")
        if to not in states.STATUSES or to in have:
            continue
        reason = event.get("reason") or (state.get("reason") if to == final else None)
        source = event.get("from") if event.get("from") in states.STATUSES else None
        session.add(ApplicationStatus(application=app, from_status=source, to_status=to,
                                      at=_naive(event.get("at"), now), clerk_id=None,
                                      hall_code=event.get("hall_code"), reason=reason))
        audit.append(session, "application.server_status", actor=event.get("by") or "platform",
                     entity="application", entity_id=app.id, detail={"from": source, "to": to, "reason": reason})
        have.add(to)
        added += 1
    unsent = session.scalar(select(func.count()).select_from(OutboxEntry).where(
        OutboxEntry.entity_id == app.id, OutboxEntry.state == PENDING)) or 0
    # A local change still on its way up (withdrawn offline, say) is not overruled by an
    # answer that predates it; once it has been answered the server's status stands.
    if final in states.STATUSES and final != app.status and not unsent:
        if final not in have:  # a status the history did not show: record the change itself
            session.add(ApplicationStatus(application=app, from_status=app.status, to_status=final, at=now,
                                          clerk_id=None, hall_code=None, reason=state.get("reason")))
            audit.append(session, "application.server_status", actor="platform", entity="application",
                         entity_id=app.id, detail={"from": app.status, "to": final, "reason": state.get("reason")})
            added += 1
        app.status = final
    if added or course_changed:
        app.updated_at = now
    return added


def _sync_state(session: Session, app_id: str) -> str:
    found = set(session.scalars(select(OutboxEntry.state).where(OutboxEntry.entity_id == app_id)))
    for state, sync in ((CONFLICT, SYNC_CONFLICT), (REJECTED, SYNC_REJECTED), (FAILED, SYNC_FAILED),
                        (PENDING, SYNC_QUEUED)):
        if state in found:
            return sync
    return SYNC_SYNCED if found else SYNC_LOCAL


# ---------------------------------------------------------------------------------------------
# The entry point for the CLI and the GUI
# ---------------------------------------------------------------------------------------------


class SyncNotConfigured(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def sync(
    db: Database,
    server: str | None = None,
    *,
    client: SyncClient | None = None,
    retry: RetryPolicy | None = None,
    timeout: float | None = None,
    batch_size: int = wire.MAX_OUTBOX_ENTRIES,
    page_limit: int | None = None,
    now: Clock = utcnow,
    hooks: SyncHooks | None = None,
    monitor: NetworkMonitor | None = None,
    security: TransportSecurity | None = None,
) -> SyncReport:
    """One round with the logged-in clerk's token from the keyring (``server`` defaults to
    the one logged in to, reached as the log-in was told: ``security``, unless given). On an
    AuthError the token is dropped so the next attempt asks for an online log-in; the clerk
    stays logged in locally. An address the transport rules refuse raises ConfigError."""
    from . import auth

    session_server = auth.session_server(db)
    target = server or session_server
    if not target:
        raise SyncNotConfigured("没有中心服务器地址：请先登录（kuaixiang login --server URL …）或用 --server 指定")
    token = auth.session_token(db)
    own = client is None
    if client is None:
        # A back-off may last half a minute (a 429's Retry-After longer still): a cancel
        # request cuts it short.
        policy = retry if retry is not None else RetryPolicy(sleep=cancellation.sleep)
        if security is None:
            # The log-in's rules hold for its own server only; another address starts strict.
            same = session_server is not None and target.rstrip("/") == session_server.rstrip("/")
            security = auth.session_security(db) if same else TransportSecurity()
        client = SyncClient(target, token, retry=policy, timeout=timeout, security=security)
    elif client.token is None:
        client.token = token
    try:
        if not client.token:
            report = SyncReport(started_at=wire.format_time(now()))
            report.stop("auth", AuthError("尚未联网登录：请先登录中心服务器", code="unauthorized"))
            report.pending = SyncService(db, client).pending_count()
            report.finished_at = report.started_at
            if monitor is not None:
                monitor.observe(report)
            return report
        service = SyncService(db, client, batch_size=batch_size, page_limit=page_limit, now=now, hooks=hooks,
                              monitor=monitor)
        report = service.run_round()
    finally:
        if own:
            client.close()
    if report.stopped == "auth" and (session_server is None or client.server == session_server.rstrip("/")):
        auth.forget_token(db)
    return report


__all__ = ["SyncNotConfigured", "SyncService", "sync"]
