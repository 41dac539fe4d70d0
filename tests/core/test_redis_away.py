"""Redis cannot be reached (a port nobody listens on): the cache degrades to misses and dropped
writes, and a task that cannot be sent runs in this process instead of failing the page."""

from __future__ import annotations

import socket

import pytest

from tests.fieldwork.helpers import use_broker
from veerkracht.core.cache import ResilientRedisCache


def closed_redis_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def cache():
    return ResilientRedisCache(closed_redis_url(), {"OPTIONS": {"socket_connect_timeout": 1}})


def test_reads_miss_and_writes_are_dropped(cache):
    assert cache.get("a", "standaard") == "standaard"
    assert cache.set("a", 1) is None
    assert cache.add("a", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False
    assert cache.delete("a") is False


def test_a_counter_starts_again(cache):
    # a rate limit is not enforced while Redis is away: each request counts as the first
    assert cache.incr("teller") == 1
    assert cache.incr("teller", 3) == 3


@pytest.mark.django_db(transaction=True)
def test_a_task_runs_in_process_when_the_broker_cannot_be_reached(settings):
    from veerkracht.conf.celery import app
    from veerkracht.core.mail import email_queue
    from veerkracht.core.models import EmailStatus, OutgoingEmail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, closed_redis_url())
    # only the broker here: the result store's reconnecting is exercised in tests/faults/test_redis_down.py
    app.conf.update(result_backend=None)
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    try:
        email = email_queue(to="anna@example.org", subject="Hallo", text="Welkom")  # sent on commit
    finally:
        use_broker(app, "")
    from django.core import mail

    assert OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
