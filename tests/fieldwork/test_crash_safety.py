"""A Celery worker killed (SIGKILL) in the middle of rendering a PDF or sending reminders: when the
task is delivered again to a new worker, the PDF is produced once and nobody gets a reminder twice.

Real processes: the worker is ``celery worker --pool=solo`` as a subprocess on a real Redis, using
the test database (PostgreSQL only: on SQLite the test database lives in this process' memory). The
task stops at a named point (``veerkracht.fieldwork.crashpoints``, switched on by an environment
variable given only to the first worker); the test kills that worker, waits for the broker's
visibility timeout and starts a second worker, which gets the same task again.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.utils import timezone

from tests.fieldwork.factories import InvitationFactory, WaveFactory, random_rows, store_responses
from tests.fieldwork.helpers import fieldwork_redis_url, use_broker
from tests.waiting import PATIENCE
from tests.workers import Workers, require_worker_services
from veerkracht.core.models import EmailStatus, OutgoingEmail
from veerkracht.fieldwork.models import Invitation, InvitationMessage, ReportFile

pytestmark = [
    pytest.mark.celery,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
QUEUE = f"fieldwork-crash-{os.getpid()}"


@pytest.fixture
def workers(tmp_path, smtp_server, settings):
    require_worker_services(fieldwork_redis_url())
    from veerkracht.conf.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, fieldwork_redis_url())
    pool = Workers(
        tmp_path,
        redis_url=fieldwork_redis_url(),
        queues=f"{QUEUE},celery",
        env={"EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}"},
    )
    try:
        yield pool
    finally:
        pool.stop_all()
        use_broker(app, "")


def test_killed_while_rendering_the_pdf_gives_one_pdf(wave_world, workers, tmp_path):
    from veerkracht.fieldwork.tasks import render_report_pdf

    wave = WaveFactory(challenge=wave_world.challenge(geagendeerd=True), gesloten=True)
    store_responses(wave, random_rows(wave, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}))
    first = workers.start(pause_at="fieldwork.pdf.before_commit")
    render_report_pdf.apply_async((wave.pk, "nl"), queue=QUEUE)
    workers.wait_paused()
    reports = tmp_path / "media" / "fieldwork" / "reports"
    assert len(list(reports.iterdir())) == 1  # the file was written, its row not committed
    assert not ReportFile.objects.filter(wave=wave).exclude(data_key="").exists()
    workers.kill(first)

    workers.start()  # the same task again, on a new worker
    workers.wait(lambda: ReportFile.objects.filter(wave=wave).exclude(data_key="").exists())
    stored = ReportFile.objects.get(wave=wave, language="nl")
    files = list(reports.iterdir())
    assert [f.name for f in files] == [Path(stored.file.name).name]  # one PDF, the one the row names
    assert files[0].read_bytes().startswith(b"%PDF")
    # and once more (a duplicate delivery): the same file, nothing rendered again
    render_report_pdf.apply_async((wave.pk, "nl"), queue=QUEUE).get(timeout=PATIENCE)
    assert list(reports.iterdir()) == files
    assert ReportFile.objects.get(pk=stored.pk).rendered_at == stored.rendered_at


def test_killed_while_sending_reminders_nobody_gets_one_twice(wave_world, workers, smtp_server):
    from veerkracht.fieldwork.tasks import send_due_reminders

    people = [f"p{n}@example.org" for n in range(6)]
    wave = WaveFactory(challenge=wave_world.challenge(geagendeerd=True), open=True)
    for email in people:
        InvitationFactory(wave=wave, email=email)
    Invitation.objects.filter(email="p0@example.org").update(started=True, completed=True)
    then = timezone.now() - dt.timedelta(days=8)
    Invitation.objects.filter(wave=wave).update(first_sent_at=then, last_sent_at=then)
    InvitationMessage.objects.bulk_create(
        InvitationMessage(invitation=i, kind="invitation") for i in Invitation.objects.filter(wave=wave)
    )

    first = workers.start(pause_at="fieldwork.reminders.after_first")
    send_due_reminders.apply_async(queue=QUEUE)
    workers.wait_paused()
    assert InvitationMessage.objects.filter(kind="reminder_1").count() == 1  # one committed, then killed
    workers.kill(first)

    workers.start()
    workers.wait(lambda: InvitationMessage.objects.filter(kind="reminder_1").count() == 5)
    workers.wait(lambda: len(smtp_server.messages) >= 5)
    time.sleep(2)  # anything extra would arrive now
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == people[1:]  # each non-responder exactly once, not p0
    emails = OutgoingEmail.objects.filter(reference=f"fieldwork:wave:{wave.pk}")
    assert emails.count() == 5 and set(emails.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert sorted(Invitation.objects.filter(wave=wave).values_list("reminders_sent", flat=True)) == [
        0,
        1,
        1,
        1,
        1,
        1,
    ]


def test_killed_while_sending_invitations_everyone_gets_one(wave_world, workers, smtp_server):
    """A large list: the worker dies after the first invitation; the task is delivered again and the
    rest go out, each person exactly once."""
    from veerkracht.fieldwork.tasks import send_invitations

    people = [f"i{n}@example.org" for n in range(7)]
    wave = WaveFactory(challenge=wave_world.challenge(geagendeerd=True), open=True)
    for email in people:
        InvitationFactory(wave=wave, email=email)

    first = workers.start(pause_at="fieldwork.invitations.after_first")
    send_invitations.apply_async((wave.pk,), queue=QUEUE)
    workers.wait_paused()
    assert InvitationMessage.objects.filter(kind="invitation").count() == 1  # one committed, then killed
    workers.kill(first)

    workers.start()
    workers.wait(lambda: InvitationMessage.objects.filter(kind="invitation").count() == len(people), 90)
    workers.wait(lambda: len(smtp_server.messages) >= len(people), 60)
    time.sleep(2)  # anything extra would arrive now
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(people)
    assert not Invitation.objects.filter(wave=wave, first_sent_at__isnull=True).exists()
