"""A ``kuaixiang-server`` in a child process, ready once ``/api/v1/health`` answers.

One harness for everything that needs a real server over real HTTP beside it: the server and
end-to-end tests, the sync and window benchmarks, a deployer's smoke check. The child is the
real ``python -m kuaixiang_server`` (nothing of it is imported here), on 127.0.0.1 and a
port the OS hands out, with its own log file; ``kill()`` is a SIGKILL, so what the server
had committed is all that survives, as after a crash.

No wait here is a sleep: readiness is polled with a deadline, and the pause between polls
is a wait on the child itself, which also notices at once that it died.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

# A source checkout holds the server beside the core: run the child from there, so that it
# imports the same copy as the parent (a worktree, an editable install).
_CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_CWD = _CHECKOUT if (_CHECKOUT / "kuaixiang_server" / "__init__.py").is_file() else None


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the OS may hand it out again later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(data_dir: Path, *, key: str | None = None, extra: Mapping[str, str] | None = None,
                       base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a server child: the caller's, without any ``KUAIXIANG_*`` setting
    of its own (a test's client settings or crash point must not reach the server), with the
    server's data dir, its data key when given, and ``extra`` last."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if not k.startswith("KUAIXIANG_")}
    env.update(KUAIXIANG_SERVER_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    if key is not None:
        env["KUAIXIANG_SERVER_KEY"] = key
    env.update(extra or {})
    return env


def server_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kuaixiang_server", *args]


def run_server_cli(args: Sequence[str], *, env: Mapping[str, str], stdin: str | None = None,
                   timeout: float = 120, cwd: Path | None = DEFAULT_CWD) -> subprocess.CompletedProcess:
    """``kuaixiang-server ARGS…`` (an admin command, say) to its end."""
    return subprocess.run(server_command(*args), input=stdin, capture_output=True, text=True, env=dict(env),
                          cwd=cwd, timeout=timeout)


class ServerNotReady(RuntimeError):
    pass


class ServerProcess:
    """``python -m kuaixiang_server --db DB_URL --port P ARGS…``; ``start()`` may be called
    again after ``stop()`` or ``kill()`` (a new port each time; ``starts`` counts them)."""

    def __init__(self, db_url: str, folder: Path, *args: str, env: Mapping[str, str] | None = None,
                 log_level: str = "warning", cwd: Path | None = DEFAULT_CWD):
        self.db_url = db_url
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.args = args
        self.env = dict(env) if env is not None else server_environment(self.folder / "server-data")
        self.log_level = log_level
        self.cwd = cwd
        self.port = 0
        self.starts = 0
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.folder / f"server-{self.starts}.log"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, *, wait: bool = True, timeout: float = 90) -> ServerProcess:
        """Start the child; with ``wait``, return once it answers (``ServerNotReady`` if it
        exits or does not answer within ``timeout`` seconds)."""
        if self.running:
            raise RuntimeError("the server is already running")
        self._close_log()
        self.port = free_port()
        self.starts += 1
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed by stop()/kill()/start()
        self.proc = subprocess.Popen(
            server_command("--db", self.db_url, "--port", str(self.port), "--log-level", self.log_level, *self.args),
            stdout=self._log, stderr=subprocess.STDOUT, env=self.env, cwd=self.cwd,
        )
        return self.wait_ready(timeout) if wait else self

    def wait_ready(self, timeout: float = 90) -> ServerProcess:
        assert self.proc is not None, "start() first"
        deadline = time.monotonic() + timeout
        health = self.url + "/api/v1/health"
        while True:
            with contextlib.suppress(OSError):  # refused, reset, timed out: not listening yet
                with urllib.request.urlopen(health, timeout=1) as response:  # noqa: S310 - our own loopback URL
                    if response.status == 200:
                        return self
            try:  # the pause between polls: returns at once if the child died
                code = self.proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    self.stop()
                    raise ServerNotReady(f"server did not answer within {timeout} s:\n{self.log_text()}") from None
                continue
            raise ServerNotReady(f"server exited with {code}:\n{self.log_text()}")

    def log_text(self, tail: int = 4000) -> str:
        """The end of every log this process has written, oldest start first."""
        parts = []
        for n in range(1, self.starts + 1):
            with contextlib.suppress(OSError):
                parts.append((self.folder / f"server-{n}.log").read_text("utf-8", "replace"))
        return "".join(parts)[-tail:]

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing; what was committed is all that survives."""
        if self.running:
            assert self.proc is not None
            self.proc.kill()
            self.proc.wait(timeout=15)
        self._close_log()

    def stop(self) -> None:
        if self.running:
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> ServerProcess:
        return self if self.running else self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


__all__ = ["DEFAULT_CWD", "ServerNotReady", "ServerProcess", "free_port", "run_server_cli", "server_command",
           "server_environment"]
