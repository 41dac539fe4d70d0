"""Redis (broker and cache) stops under a running gunicorn: pages and the survey keep working; a task
sent meanwhile runs in the web process (``conf.celery.ResilientTask``); a task queued before Redis
stopped runs once a worker can reach Redis again; no e-mail goes out twice (a real SMTP server).

The Redis here is the test's own (its own port, data kept on disk); the shared one is never touched.
"""

from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller

from tests.faults.servers import (
    Browser,
    Gunicorn,
    RedisServer,
    Survey,
    answers_stored,
    free_port,
    require_postgresql,
    survey_links,
)
from tests.organisations.factories import UserFactory
from tests.plugins.smtp import READY_TIMEOUT, Inbox
from tests.waiting import PATIENCE
from tests.workers import Workers
from veerkracht.core.models import EmailStatus, OutgoingEmail

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def ask_password_reset(port: int, address: str) -> None:
    browser = Browser(port)
    status, _h, _b = browser.request("GET", "/account/password-reset/")
    assert status == 200
    status, _h, body = browser.request("POST", "/account/password-reset/", {"email": address})
    assert status == 302, body[:500]


def wait_for(condition, timeout: float = PATIENCE) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_the_site_without_redis_and_the_tasks_after(tmp_path):
    require_postgresql()
    UserFactory(email="femke@example.org")
    UserFactory(email="joost@example.org")
    wave, links = survey_links(30)
    redis = RedisServer(tmp_path)
    redis.start()
    smtp_port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port, ready_timeout=READY_TIMEOUT)
    controller.start()
    mail = {"EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"}
    server = Gunicorn(tmp_path, workers=1, threads=4, REDIS_URL=redis.url, **mail)
    workers = Workers(tmp_path, redis_url=redis.url, queues="celery", env=mail)
    survey = Survey(port=server.port, links=links)
    try:
        # Redis is up, no worker runs yet: Femke's reset mail waits in the queue
        ask_password_reset(server.port, "femke@example.org")
        assert OutgoingEmail.objects.get(to="femke@example.org").status == EmailStatus.QUEUED

        threads = survey.run(respondents=3)
        time.sleep(1)
        redis.stop()
        stopped_at = sum(survey.statuses.values())
        time.sleep(3)  # the survey goes on without Redis
        assert sum(survey.statuses.values()) > stopped_at, "no request was answered while Redis was down"

        # Joost asks while Redis is down: the page answers, his mail goes out from the web process
        ask_password_reset(server.port, "joost@example.org")
        assert [m["To"] for m in inbox.messages] == ["joost@example.org"]
        status, _h, _b = Browser(server.port).request("GET", "/")
        assert status == 200

        survey.stop.set()
        for thread in threads:
            thread.join(timeout=90)

        # Redis is back and a worker starts: Femke's queued mail is delivered, once; Joost's not again
        redis.start()
        workers.start()
        workers.wait(lambda: OutgoingEmail.objects.get(to="femke@example.org").status == EmailStatus.SENT)
        time.sleep(3)
    finally:
        survey.stop.set()
        workers.stop_all()
        server.stop()
        controller.stop()
        redis.stop()
    assert survey.problems == [], survey.problems
    assert sorted(m["To"] for m in inbox.messages) == ["femke@example.org", "joost@example.org"]
    assert answers_stored(wave) == survey.answers_sent
    assert survey.completed > 0
