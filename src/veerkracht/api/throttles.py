"""Rate limits of the API, per caller: per API key, per logged-in person, and for anonymous callers
per client address (as ``core.http.client_ip`` reads it, behind the configured number of proxies).
They count in the Django cache, so they hold across processes when the cache is shared."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from veerkracht.api.models import ApiKey

ANONYMOUS_RATE = "60/min"
KNOWN_RATE = "600/min"


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = KNOWN_RATE if request.user and request.user.is_authenticated else ANONYMOUS_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self) -> str:
        return ANONYMOUS_RATE

    def get_cache_key(self, request: Request, view: Any) -> str:
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


def _as_anonymous(request: HttpRequest) -> Request:
    return Request(request, authenticators=())


def anonymous_rate_keys(request: HttpRequest) -> list[str]:
    """The cache keys that hold an anonymous caller's counts (read along with a kept answer)."""
    anonymous = _as_anonymous(request)
    keys = (throttle().get_cache_key(anonymous, None) for throttle in api_settings.DEFAULT_THROTTLE_CLASSES)
    return [key for key in keys if key]


def anonymous_within_rate(request: HttpRequest, counts: Any) -> bool:
    """Count an anonymous caller's request against the API's rate limits, as a view would (a kept
    answer is served without one: ``core.response_cache``), reading the counts from ``counts`` (the
    shared cache); False when the caller is over a limit."""
    anonymous = _as_anonymous(request)
    allowed = True
    for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES:
        throttle = throttle_class()
        throttle.cache = counts
        allowed = throttle.allow_request(anonymous, None) and allowed
    return allowed
