"""Named points where the fault tests kill the process (SIGKILL, no clean-up), to prove that
work interrupted there loses nothing and duplicates nothing: filing mid-transaction, a sync
round after a chunk, a response or before a commit.

A test sets ``KUAIXIANG_TEST_CRASH_AT`` to a point's name in a child process's environment;
nothing happens anywhere else. The server-side harness drops the variable for the server.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping, Sequence

CRASH_ENV = "KUAIXIANG_TEST_CRASH_AT"


def reached(name: str) -> None:
    """The process dies here when a test asked for ``name``."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


KILLED = -signal.SIGKILL  # the return code of a child that died at its crash point


def run_killed_at(point: str, argv: Sequence[str], *, env: Mapping[str, str],
                  timeout: float = 120) -> subprocess.CompletedProcess:
    """(for the kill tests) Run ``argv`` with ``point`` armed; the caller checks that it
    returned ``KILLED`` and then that nothing was half-written."""
    return subprocess.run(list(argv), env={**env, CRASH_ENV: point}, capture_output=True, text=True,
                          timeout=timeout)
