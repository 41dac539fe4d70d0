"""The mail queue: delivered by a real Celery worker over a real Redis broker to a real SMTP server."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker

from tests.conftest import require_service
from tests.services import REDIS_URL, redis_available, reset_connections
from tests.waiting import wait_until
from veerkracht.core.mail import email_queue
from veerkracht.core.models import EmailStatus, OutgoingEmail
from veerkracht.core.tasks import deliver_email


@pytest.mark.django_db
def test_delivery_is_idempotent_and_failures_are_visible(smtp_server, settings):
    email = email_queue(to="femke@example.org", subject="Uitnodiging", text="Hallo", key="test:1")
    assert deliver_email.apply(args=[email.pk]).get() == "sent"
    assert deliver_email.apply(args=[email.pk]).get() == "skipped"  # run twice, sent once
    assert len(smtp_server.messages) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    again = email_queue(to="femke@example.org", subject="Uitnodiging", text="Hallo", key="test:1")
    assert again.pk == email.pk  # the same key is never queued twice

    settings.EMAIL_PORT = 1  # nothing listens there
    broken = email_queue(to="bas@example.org", subject="Herinnering", text="Hallo", key="test:2")
    assert deliver_email.apply(args=[broken.pk]).get() == "failed"
    broken.refresh_from_db()
    assert broken.status == EmailStatus.FAILED
    assert "ConnectionRefusedError" in broken.last_error
    assert len(smtp_server.messages) == 1


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_celery_worker_on_redis_delivers_queued_mail(smtp_server, settings):
    require_service("Redis", redis_available(), f"no Redis at {REDIS_URL}")
    from veerkracht.conf.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_connections(app)
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            email = email_queue(to="anouk@example.org", subject="Welkom", text="Hallo Anouk", key="celery:1")

            # transaction=True: on_commit ran at once and sent the task to Redis; wait for the worker.
            def delivered() -> bool:
                email.refresh_from_db()
                return email.status not in (EmailStatus.QUEUED, EmailStatus.SENDING)

            wait_until(delivered)
    finally:
        reset_connections(app)
        app.conf.update(broker_url="memory://", result_backend=None, task_always_eager=True)
    assert email.status == EmailStatus.SENT
    assert [m["To"] for m in smtp_server.messages] == ["anouk@example.org"]


@pytest.mark.django_db
def test_messages_with_personal_links_are_scrubbed_once_delivered(smtp_server):
    email = email_queue(
        to="respondent@example.org",
        subject="Uw persoonlijke link",
        text="https://veerkracht.example/v/geheim-token/",
        html="<a href='https://veerkracht.example/v/geheim-token/'>link</a>",
        key="test:scrub",
        scrub_after_send=True,
    )
    assert deliver_email.apply(args=[email.pk]).get() == "sent"
    assert "geheim-token" in smtp_server.messages[0].as_string()
    email.refresh_from_db()
    assert "geheim-token" not in email.body_text + email.body_html
    assert (email.subject, email.to, email.status) == (
        "Uw persoonlijke link",
        "respondent@example.org",
        "sent",
    )


@pytest.mark.django_db
def test_a_message_whose_worker_died_while_sending_is_never_sent_twice(smtp_server):
    """The state a killed worker leaves behind: claimed (``sending``), outcome unknown."""
    email = email_queue(to="bas@example.org", subject="Herinnering", text="Hallo", key="test:died")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING, attempts=1)
    assert deliver_email.apply(args=[email.pk]).get() == "uncertain"
    assert deliver_email.apply(args=[email.pk]).get() == "skipped"
    again = email_queue(to="bas@example.org", subject="Herinnering", text="Hallo", key="test:died")
    assert deliver_email.apply(args=[again.pk]).get() == "skipped"
    assert smtp_server.messages == []
    email.refresh_from_db()
    assert email.status == EmailStatus.UNCERTAIN
    assert "not sent again automatically" in email.last_error
