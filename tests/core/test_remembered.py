"""Rows remembered in each process while the generation stays the same (core.response_cache.remembered),
on a real Redis: loaded once while nothing is written, given out as copies, loaded anew after any
committed write, after REMEMBER_SECONDS, and always inside a transaction, with keeping switched off or
when the load reads a volatile table."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction

from tests.organisations.factories import UserFactory
from veerkracht.accounts.models import User
from veerkracht.core import response_cache

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def loads():
    """A load of one person that counts how often it ran."""
    person = UserFactory(full_name="Anna de Vries")
    counted = []

    def load():
        counted.append(1)
        return User.objects.get(pk=person.pk)

    load.count = counted  # type: ignore[attr-defined]
    load.person = person  # type: ignore[attr-defined]
    response_cache.forget_remembered()
    yield load
    response_cache.forget_remembered()


def test_loaded_once_while_nothing_is_written_and_given_out_as_copies(kept, loads):
    first = response_cache.remembered("test", 1, loads)
    first.mood = "changed in one request"
    second = response_cache.remembered("test", 1, loads)
    assert len(loads.count) == 1
    assert second is not first and second.pk == first.pk == loads.person.pk
    assert not hasattr(second, "mood")


def test_a_committed_write_anywhere_loads_it_anew(kept, loads):
    response_cache.remembered("test", 1, loads)
    User.objects.filter(pk=loads.person.pk).update(full_name="Anna Jansen")
    again = response_cache.remembered("test", 1, loads)
    assert len(loads.count) == 2 and again.full_name == "Anna Jansen"


def test_remembered_for_remember_seconds_at_most(kept, loads, monkeypatch):
    monkeypatch.setattr(response_cache, "REMEMBER_SECONDS", -1)  # already past when stored
    response_cache.remembered("test", 1, loads)
    response_cache.remembered("test", 1, loads)
    assert len(loads.count) == 2


def test_a_load_that_reads_a_volatile_table_is_not_remembered(kept, loads):
    def with_sessions():
        Session.objects.count()
        return loads()

    response_cache.remembered("test", 2, with_sessions)
    response_cache.remembered("test", 2, with_sessions)
    assert len(loads.count) == 2


def test_never_inside_a_transaction(kept, loads):
    with transaction.atomic():
        response_cache.remembered("test", 1, loads)
        response_cache.remembered("test", 1, loads)
    assert len(loads.count) == 2


def test_never_with_keeping_switched_off(loads, settings):
    assert settings.RESPONSE_CACHE_SECONDS == 0
    response_cache.remembered("test", 1, loads)
    response_cache.remembered("test", 1, loads)
    assert len(loads.count) == 2


def test_the_least_recently_used_is_forgotten_first(kept, loads, monkeypatch):
    monkeypatch.setattr(response_cache, "REMEMBER_MAX", 2)
    response_cache.remembered("test", 1, loads)
    response_cache.remembered("test", 2, loads)
    response_cache.remembered("test", 1, loads)  # used again: 2 is now the least recently used
    response_cache.remembered("test", 3, loads)  # one too many: 2 goes
    assert len(loads.count) == 3
    response_cache.remembered("test", 1, loads)
    response_cache.remembered("test", 3, loads)
    assert len(loads.count) == 3  # 1 and 3 were still remembered
    response_cache.remembered("test", 2, loads)
    assert len(loads.count) == 4


class _CountingCache:
    """The shared cache, noting every key read."""

    def __init__(self, real):
        self.real, self.read = real, []

    def get(self, key, *args, **kwargs):
        self.read.append(key)
        return self.real.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.read.extend(keys)
        return self.real.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def in_a_request():
    """What Django's handler does around a request (its signals), without a view."""
    response_cache._begin_request(None)
    yield
    response_cache._end_request(None)


def test_a_request_reads_the_generation_once(kept, loads, in_a_request, monkeypatch):
    counting = _CountingCache(response_cache.cache)
    monkeypatch.setattr(response_cache, "cache", counting)
    response_cache.remembered("test", 1, loads)  # the person
    response_cache.remembered("test", 2, loads)  # their authenticator
    response_cache._look_up("session-cache:a-page")  # the kept page, with its generation
    assert counting.read.count(response_cache.GENERATION_KEY) == 1
    assert "session-cache:a-page" in counting.read


def test_a_request_sees_the_generation_it_first_read_until_it_writes_itself(kept, loads, in_a_request):
    response_cache.remembered("test", 1, loads)
    response_cache.cache.incr(response_cache.GENERATION_KEY)  # another process committed a write
    response_cache.remembered("test", 1, loads)
    assert len(loads.count) == 1  # this request goes on seeing the data as it first found them

    User.objects.filter(pk=loads.person.pk).update(full_name="Anna Jansen")  # a write of its own
    again = response_cache.remembered("test", 1, loads)
    assert len(loads.count) == 2 and again.full_name == "Anna Jansen"


def test_the_next_request_reads_the_generation_anew(kept, loads):
    response_cache._begin_request(None)
    response_cache.remembered("test", 1, loads)
    response_cache._end_request(None)
    response_cache.cache.incr(response_cache.GENERATION_KEY)  # another process committed a write
    response_cache._begin_request(None)
    try:
        response_cache.remembered("test", 1, loads)
    finally:
        response_cache._end_request(None)
    assert len(loads.count) == 2
