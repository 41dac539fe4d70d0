"""The client's address behind trusted proxies, and a cache that holds across processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from tests.conftest import require_service
from tests.core.test_mail_queue import REDIS_URL, redis_available
from tests.settings_probe import settings_in_subprocess
from veerkracht.audit.logger import origin_of
from veerkracht.core.http import client_ip

SRC = Path(__file__).resolve().parents[2] / "src"


def request(remote: str = "10.0.0.5", forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.1", "10.0.0.5"),  # no trusted proxy: the header is the client's own words
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "192.0.2.66, 203.0.113.1", "203.0.113.1"),  # the left part is written by the client
        (2, "192.0.2.66, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
        (2, "203.0.113.1", "10.0.0.5"),  # fewer hops than proxies: only the connection is certain
        (1, "not-an-address", "10.0.0.5"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (1, None, "10.0.0.5"),
    ],
)
def test_client_ip(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request(forwarded=forwarded)) == expected


def test_lock_out_and_audit_use_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    req = request(forwarded="192.0.2.66, 203.0.113.1")
    assert get_client_ip_address(req) == "203.0.113.1"
    assert origin_of(req) == "203.0.113.1"


def test_the_cache_is_redis_when_redis_is_configured():
    with_redis = settings_in_subprocess("print(settings.CACHES['default']['BACKEND'])", REDIS_URL=REDIS_URL)
    assert with_redis.stdout.strip() == "veerkracht.core.cache.ResilientRedisCache", with_redis.stderr
    without = settings_in_subprocess("print(settings.CACHES['default']['BACKEND'])")
    assert without.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache", without.stderr


@pytest.mark.celery
def test_a_rate_limit_holds_across_processes():
    require_service("Redis", redis_available(), f"no Redis at {REDIS_URL}")
    scope = f"test-across-{os.getpid()}"
    count = f"from veerkracht.core.http import hit; print(hit({scope!r}, '203.0.113.1', period=60))"
    seen = [settings_in_subprocess(count, REDIS_URL=REDIS_URL) for _ in range(3)]
    assert [r.stdout.strip() for r in seen] == ["1", "2", "3"], [r.stderr for r in seen]
    cleanup = (
        "from django.core.cache import cache; from veerkracht.core.http import rate_key; "
        f"cache.delete(rate_key({scope!r}, '203.0.113.1'))"
    )
    settings_in_subprocess(cleanup, REDIS_URL=REDIS_URL)
