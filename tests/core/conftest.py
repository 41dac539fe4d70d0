"""Fixtures of the core tests: the shared cache on a real Redis, for the answers kept for anonymous
visitors (test_response_cache.py) and per session (test_session_cache.py)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.conftest import require_service
from tests.services import REDIS_URL, redis_available


def redis_cache(url: str) -> dict:  # type: ignore[type-arg]
    return {
        "default": {
            "BACKEND": "veerkracht.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "response-cache-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }


@pytest.fixture
def kept():
    require_service("Redis", redis_available(), REDIS_URL)
    with override_settings(CACHES=redis_cache(REDIS_URL), RESPONSE_CACHE_SECONDS=300):
        from django.core.cache import cache

        cache.clear()
        yield cache
        cache.clear()
