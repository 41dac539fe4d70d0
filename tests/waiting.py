"""Waiting in tests for work done elsewhere: a worker, a server thread, a subprocess, a browser.

Every wait is an upper bound against a hang, never a measure of speed: it ends as soon as its
condition holds, so it costs nothing to make it generous. On a loaded machine (shared cores, the
whole suite in parallel) starting a worker or a Django process can take tens of seconds; short
deadlines (20 s) made a suite that passes when quiet fail now and then under load.
``TEST_PATIENCE`` (seconds) changes the bound.

The test database on SQLite is an in-memory database in shared-cache mode: while a worker thread
holds a write transaction, a read from the test's thread fails at once with "database table is
locked" (shared-cache locks do not wait for the busy timeout). Such a poll counts as "not yet".
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from django.db import OperationalError

PATIENCE = float(os.environ.get("TEST_PATIENCE", "300"))


def wait_until(condition: Callable[[], object], timeout: float = PATIENCE, interval: float = 0.1) -> bool:
    """Poll ``condition`` until it is true (returns True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while True:
        if _holds(condition):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def _holds(condition: Callable[[], object]) -> bool:
    try:
        return bool(condition())
    except OperationalError as error:
        if "is locked" not in str(error):  # only SQLite's shared-cache lock is "not yet"
            raise
        return False
