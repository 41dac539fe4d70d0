"""The real services some tests use (Redis for Celery), shared by the test modules that need them."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit, urlunsplit


def worker_db(url: str, *, offset: int = 0) -> str:
    """``url`` with a Redis database of this test process's own.

    The suite runs in parallel processes (pytest-xdist) that all start real Celery workers on the one
    Redis. A worker consumes any task on its queue, so one process's worker could take another's
    task and find no such row in its own test database (the job stays queued). Each process therefore
    counts down from the database in ``url`` by its xdist number (gw0 keeps it, gw1 takes one lower);
    ``offset`` moves further down for tests that want a database of their own besides.
    """
    parts = urlsplit(url)
    base = int((parts.path or "/0").lstrip("/") or 0)
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    db = (base - offset * workers - index) % 16
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


REDIS_URL = worker_db(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))


def redis_available() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def reset_connections(app) -> None:  # noqa: ANN001 - a Celery app
    """Drop pooled broker connections so that a changed broker_url takes effect."""
    app.close()
    app._pool = None
    app.amqp._producer_pool = None


def redis_cache(url: str) -> dict:  # type: ignore[type-arg]
    """CACHES for the shared cache on the Redis at ``url``, as the settings build it."""
    return {
        "default": {
            "BACKEND": "veerkracht.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "response-cache-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
