"""Who is asking (the client's address behind trusted proxies, per-client rate limits) and where
the installation lives (:func:`site_url`).

Every rate limit and every audit origin uses :func:`client_ip`. Behind ``TRUSTED_PROXY_COUNT``
reverse proxies (each appending the address it received from to ``X-Forwarded-For``), the client is
the address the outermost trusted proxy saw: the N-th entry from the right. Entries further left are
written by the client itself and never trusted. With no trusted proxy (the default) the header is
ignored and the connection's address is the client.

Counters live in Django's cache, which is Redis when ``REDIS_URL`` is set, so that a limit holds
across processes and workers.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def site_url() -> str:
    """The installation's public address (``SITE_URL``) without a trailing slash: the base of every
    absolute link in e-mail, never derived from a request (behind a TLS proxy that would be http)."""
    return str(settings.SITE_URL).rstrip("/")


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest, *_args: Any) -> str:
    """The client's IP address ("" when unknown). Extra arguments are ignored (django-axes calls
    its client-address callable with the request alone or with more)."""
    remote = _valid(str(request.META.get("REMOTE_ADDR", "")))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()
    ]
    if len(forwarded) < proxies:
        # fewer hops than configured: the request did not come through all proxies; the nearest
        # address is the only one not written by the client
        return remote
    return _valid(forwarded[-proxies]) or remote


def rate_key(scope: str, who: str) -> str:
    return f"veerkracht:rate:{scope}:{who}"


def hit(scope: str, who: str, *, period: int) -> int:
    """Count one event for ``who`` in ``scope``; the number of events within the current window of
    ``period`` seconds (the window starts at the first event). Atomic on Redis."""
    key = rate_key(scope, who)
    cache.add(key, 0, timeout=period)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        return 1


def rate_limited(request: HttpRequest, scope: str, *, limit: int, period: int, who: str = "") -> bool:
    """Count this request against ``limit`` events per ``period`` seconds for its client (or for
    ``who``, e.g. an e-mail address); True when the limit is exceeded."""
    return hit(scope, who or client_ip(request) or "unknown", period=period) > limit
