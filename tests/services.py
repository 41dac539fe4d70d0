"""The real services some tests use (Redis for Celery), shared by the test modules that need them."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


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
