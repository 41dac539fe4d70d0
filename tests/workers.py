"""Real Celery workers for the tests in which a worker is killed (SIGKILL) half-way through a task.

Each worker is ``celery worker --pool=solo`` as a subprocess on a real Redis, using the test database
(PostgreSQL only: on SQLite the test database lives in the test process' memory). A task stops at a
named point (``veerkracht.fieldwork.crashpoints``, switched on by an environment variable given only to
the worker started with ``pause_at``); the test kills that worker, waits for the broker's visibility
timeout and starts a second worker, which gets the same task again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.services import redis_available
from tests.waiting import PATIENCE
from veerkracht.fieldwork.crashpoints import PAUSE_FILE_VARIABLE, PAUSE_VARIABLE

CELERY = Path(sys.executable).with_name("celery")
VISIBILITY_TIMEOUT = 3


def require_worker_services(redis_url: str) -> None:
    """Skip on SQLite (the worker cannot reach its test database); fail or skip without Redis."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the worker subprocess must reach the test database, and SQLite's test "
            "database is in this process' memory (CI runs this on PostgreSQL)"
        )
    require_service("Redis", redis_available(), f"no Redis at {redis_url}")


def database_url() -> str:
    """The test database's address, for the worker subprocess."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


class Workers:
    """The workers one test starts, each logging to its own file under ``tmp_path``."""

    def __init__(self, tmp_path: Path, *, redis_url: str, queues: str, env: dict[str, str] | None = None):
        self.tmp_path = tmp_path
        self.redis_url = redis_url
        self.queues = queues
        self.env = env or {}
        self.processes: list[subprocess.Popen] = []
        self.marker = tmp_path / "paused"

    def start(self, pause_at: str = "") -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": self.redis_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "VAR_DIR": str(self.tmp_path),
            "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789"),
            "DEMO_MODE": "false",
            **self.env,
        }
        env.pop(PAUSE_VARIABLE, None)
        if pause_at:
            env[PAUSE_VARIABLE] = pause_at
            env[PAUSE_FILE_VARIABLE] = str(self.marker)
        log = (self.tmp_path / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            [str(CELERY), "-A", "veerkracht.conf.celery", "worker", "--pool=solo", "-Q", self.queues]
            + ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def wait(self, condition: Callable[[], object], timeout: float = PATIENCE) -> None:
        """Until ``condition()`` holds; fails with the workers' logs when the newest worker died."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert all(p.poll() is None for p in self.processes[-1:]), self.log_tail()
            time.sleep(0.2)
        raise AssertionError("timed out\n" + self.log_tail())

    def wait_paused(self, timeout: float = PATIENCE) -> None:
        """Until the task has reached its pause point."""
        self.wait(self.marker.exists, timeout)

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        time.sleep(VISIBILITY_TIMEOUT + 1)  # after this the broker hands the task to another worker

    def log_tail(self) -> str:
        return "\n".join(
            p.read_text(errors="replace")[-3000:] for p in sorted(self.tmp_path.glob("worker-*.log"))
        )

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)
