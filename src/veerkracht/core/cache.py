"""The Redis cache, degrading instead of failing when Redis cannot be reached.

The cache holds counters (rate limits, lock-outs, API throttles) and copies of pages' figures; none
of it is the only copy of anything. When Redis is down, a page should still answer: a read is a miss,
a write is dropped, a counter starts from nothing (so a rate limit is not enforced until Redis is
back: the site keeps working rather than refusing everyone). Each failure is logged as a warning.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _degrading(method_name: str, fallback: Any):  # noqa: ANN202 - a method wrapper
    def wrap(method):  # noqa: ANN001, ANN202
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            try:
                return method(self, *args, **kwargs)
            except _redis_errors() as exc:
                logger.warning("Cache unavailable (%s): %s", method_name, exc)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return wrap


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client makes a new ``redis.Redis`` object for every cache call, and redis-py
    fills some hundred response callbacks into each one: a third of the time of a cached answer. One
    object per connection pool does the same work (the pool hands out connections per call, so it is
    safe across threads)."""

    def __init__(self, servers: Any, **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server: Any, params: Any) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    get = _degrading("get", lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _degrading("get_many", {})(RedisCache.get_many)
    has_key = _degrading("has_key", False)(RedisCache.has_key)
    set = _degrading("set", None)(RedisCache.set)
    set_many = _degrading("set_many", lambda data, *a, **k: list(data))(RedisCache.set_many)
    add = _degrading("add", False)(RedisCache.add)
    touch = _degrading("touch", False)(RedisCache.touch)
    delete = _degrading("delete", False)(RedisCache.delete)
    delete_many = _degrading("delete_many", None)(RedisCache.delete_many)
    clear = _degrading("clear", False)(RedisCache.clear)
    # a counter that cannot be counted starts again: one request, as if it were the first
    incr = _degrading("incr", lambda key, delta=1, version=None: delta)(RedisCache.incr)
    decr = _degrading("decr", 0)(RedisCache.decr)
