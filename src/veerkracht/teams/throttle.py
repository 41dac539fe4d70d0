"""Rate limits for public pages, counted in the Django cache (shared between processes when the
cache is shared, e.g. on Redis)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

#: Sign-up attempts (posted forms) per client per hour, and sign-up mails per address per hour.
SIGN_UPS_PER_CLIENT = 5
MAILS_PER_ADDRESS = 3
WINDOW = 3600


def client_ip(request: Any) -> str:
    """The client's address behind the trusted proxies (one definition for every rate limit)."""
    from veerkracht.core.http import client_ip as core_client_ip

    return core_client_ip(request) or "unknown"


def hit(key: str, *, limit: int, window: int = WINDOW) -> bool:
    """Count one attempt under ``key``; False once more than ``limit`` were made in the window."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit
