"""The Redis cache keeps one client object per connection pool (core.cache.ReusingRedisCacheClient),
on a real Redis: the same object serves every call, and threads sharing it each get their own
answers back."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import require_service
from tests.services import REDIS_URL, redis_available
from veerkracht.core.cache import ResilientRedisCache


@pytest.fixture
def cache():
    require_service("Redis", redis_available(), REDIS_URL)
    cache = ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": "client-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_serves_every_call(cache):
    first = cache._cache.get_client("a")
    cache.set("a", 1)
    assert cache._cache.get_client("b", write=True) is first
    assert cache.get("a") == 1


def test_threads_sharing_the_client_get_their_own_answers(cache):
    cache.set("teller", 0)
    wrong: list[tuple[int, int, object]] = []

    def work(number: int) -> None:
        for round_ in range(200):
            cache.set(f"draad-{number}", (number, round_))
            found = cache.get(f"draad-{number}")
            if found != (number, round_):
                wrong.append((number, round_, found))
            cache.incr("teller")

    threads = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    assert cache.get("teller") == 8 * 200
