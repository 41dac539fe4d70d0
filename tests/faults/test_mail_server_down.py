"""The mail server is down when a message is sent: it stays in the outbox and is delivered once, by
a real Celery worker, when the server is back (``core.tasks.deliver_email`` retries; here after 1 s,
2 s, 4 s ... instead of minutes, through EMAIL_RETRY_SECONDS)."""

from __future__ import annotations

import time

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from tests.faults.servers import RedisServer, free_port, require_postgresql
from tests.fieldwork.helpers import use_broker
from tests.plugins.smtp import READY_TIMEOUT, Inbox
from tests.workers import Workers
from veerkracht.conf.celery import app
from veerkracht.core.mail import email_queue
from veerkracht.core.models import EmailStatus, OutgoingEmail

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_mail_waits_for_the_mail_server_and_goes_out_once(tmp_path):
    require_postgresql()
    redis = RedisServer(tmp_path)
    redis.start()
    smtp_port = free_port()  # nobody listens there yet: the mail server is down
    workers = Workers(
        tmp_path,
        redis_url=redis.url,
        queues="celery",
        env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "EMAIL_RETRY_SECONDS": "1"},
    )
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port, ready_timeout=READY_TIMEOUT)
    use_broker(app, redis.url)
    serving = False
    try:
        workers.start()
        with transaction.atomic():
            email = email_queue(to="anna@example.org", subject="Uitnodiging", text="Welkom")

        def status() -> OutgoingEmail:
            return OutgoingEmail.objects.get(pk=email.pk)

        workers.wait(lambda: status().status == EmailStatus.FAILED)
        failed = status()
        assert "Connection refused" in failed.last_error or "ConnectionRefused" in failed.last_error
        assert inbox.messages == []

        controller.start()  # the mail server is back
        serving = True
        workers.wait(lambda: status().status == EmailStatus.SENT)
        time.sleep(5)  # longer than the next retries would wait: nothing goes out a second time
    finally:
        workers.stop_all()
        use_broker(app, "")
        if serving:
            controller.stop()
        redis.stop()
    assert [m["To"] for m in inbox.messages] == ["anna@example.org"]
    assert status().attempts >= 2
