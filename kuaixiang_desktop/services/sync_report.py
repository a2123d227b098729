"""What a sync round did, for the clerk, the log and ``kuaixiang sync --json``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..sync.client import SyncError

# The order streams are pulled in: facts first (policies and enterprises name them).
PULL_ORDER = ("facts", "policies", "enterprises", "applications", "ratings")


@dataclass(frozen=True)
class Failure:
    """One record that did not go through, and why (in words for the clerk)."""

    scope: str  # entry | attachment | snapshot | facts | policies | enterprises | applications | devices
    ref: str | None
    reason: str

    def to_json(self) -> dict:
        return {"scope": self.scope, "ref": self.ref, "reason": self.reason}


def _zero_streams() -> dict[str, int]:
    return {s: 0 for s in PULL_ORDER}


@dataclass
class SyncReport:
    pushed: int = 0  # entries applied by the server on this delivery
    duplicates: int = 0  # entries the server had already applied (its first answer)
    conflicts: int = 0
    rejected: int = 0
    failed: int = 0  # entries the server refused as malformed (400): not retried unchanged
    attachments_uploaded: int = 0
    attachments_present: int = 0  # the server had them already
    attachments_resumed: int = 0  # uploads that went on from an earlier, interrupted one
    attachment_bytes: int = 0  # bytes sent in this round
    pulled: dict[str, int] = field(default_factory=_zero_streams)
    pages: dict[str, int] = field(default_factory=_zero_streams)
    policy_versions: int = 0  # new local item versions made by the policies stream
    status_changes: int = 0  # ApplicationStatus rows recorded from the server
    devices: int = 0  # receipt-signing keys of other windows learnt
    applications_elsewhere: int = 0  # the hall's applications filed on other devices (not kept here)
    failures: list[Failure] = field(default_factory=list)
    stopped: str | None = None  # None | auth | forbidden | protocol | network | rate_limited | config | busy | cancelled
    message: str | None = None
    error: SyncError | None = None
    pending: int = 0  # outbox entries still waiting after the round
    retries: int = 0
    retry_reasons: list[str] = field(default_factory=list)  # what each retry was for
    requests: int = 0
    snapshot: dict | None = None  # what provisioning by snapshot did (services/snapshot_provision)
    started_at: str | None = None
    finished_at: str | None = None

    @property
    def complete(self) -> bool:
        return self.stopped is None

    def stop(self, reason: str, error: SyncError | None, message: str | None = None) -> None:
        self.stopped = reason
        self.error = error
        self.message = message or (error.message if error else None)

    def to_json(self) -> dict:
        return {
            "complete": self.complete, "stopped": self.stopped, "message": self.message,
            "pushed": self.pushed, "duplicates": self.duplicates, "conflicts": self.conflicts,
            "rejected": self.rejected, "failed": self.failed,
            "attachments": {"uploaded": self.attachments_uploaded, "already_on_server": self.attachments_present,
                            "resumed": self.attachments_resumed, "bytes": self.attachment_bytes},
            "pulled": dict(self.pulled), "pages": dict(self.pages), "policy_versions": self.policy_versions,
            "status_changes": self.status_changes, "applications_elsewhere": self.applications_elsewhere,
            "devices": self.devices, "snapshot": self.snapshot,
            "pending": self.pending, "retries": self.retries, "retry_reasons": list(self.retry_reasons),
            "requests": self.requests,
            "failures": [f.to_json() for f in self.failures],
            "started_at": self.started_at, "finished_at": self.finished_at,
        }

    def summary(self) -> str:
        """One or two lines for the clerk (and `kuaixiang sync` without --json)."""
        pulled = "、".join(f"{_STREAM_NAMES[s]} {n}" for s, n in self.pulled.items())
        line = (f"上传 {self.pushed} 条（重复 {self.duplicates}、冲突 {self.conflicts}、被拒 {self.rejected}），"
                f"附件 {self.attachments_uploaded} 个；下载 {pulled}；状态更新 {self.status_changes} 条；"
                f"待上传 {self.pending} 条")
        if self.stopped:
            line += f"\n同步未完成：{self.message or self.stopped}"
        if self.failures:
            line += f"\n{len(self.failures)} 条记录未能处理：" + "；".join(
                f"{f.ref or f.scope}：{f.reason}" for f in self.failures[:5]) + ("……" if len(self.failures) > 5 else "")
        return line


_STREAM_NAMES = {"facts": "事实项", "policies": "政策事项", "enterprises": "企业", "applications": "申请状态", "ratings": "评价"}
assert set(_STREAM_NAMES) == set(PULL_ORDER)


@dataclass
class SyncHooks:
    """Test and GUI hooks: called after each pushed batch is committed and after each
    pulled page is committed (progress bars; fault tests revoke a token here)."""

    after_batch: Callable[[int, SyncReport], Any] | None = None
    after_page: Callable[[str, int, SyncReport], Any] | None = None
