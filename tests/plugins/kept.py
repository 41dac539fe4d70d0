"""The shared cache on a real Redis with answers kept (core.response_cache): for the tests of the
answers kept for anonymous visitors and per session, and of the pages that declare them."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.conftest import require_service
from tests.services import REDIS_URL, redis_available, redis_cache


@pytest.fixture
def kept():
    require_service("Redis", redis_available(), REDIS_URL)
    with override_settings(CACHES=redis_cache(REDIS_URL), RESPONSE_CACHE_SECONDS=300):
        from django.core.cache import cache

        cache.clear()
        yield cache
        cache.clear()


@pytest.fixture
def remembering(kept):
    """``kept``, with nothing remembered in this process before or after (``response_cache.remembered``)."""
    from veerkracht.core import response_cache

    response_cache.forget_remembered()
    yield kept
    response_cache.forget_remembered()


def seconds_kept(cache) -> list[int]:
    """How many seconds each answer kept per session in ``cache`` (the ``kept`` fixture) has left."""
    client = cache._cache.get_client()
    return [client.ttl(key) for key in client.scan_iter("*session-cache:*")]
