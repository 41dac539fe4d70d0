"""Invitations and reminders through a real SMTP server (aiosmtpd), and reminders and the PDF through
a real Celery worker on a real Redis broker (skipped without Redis, failing in CI)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.test import TestCase
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import require_service
from tests.fieldwork.factories import InvitationFactory, WaveFactory, random_rows, store_responses
from tests.fieldwork.helpers import answer_all, fieldwork_redis_url, use_broker
from tests.services import REDIS_URL, redis_available
from tests.waiting import PATIENCE, wait_until
from veerkracht.core.mail import SCRUBBED
from veerkracht.core.models import EmailStatus, OutgoingEmail
from veerkracht.fieldwork import services
from veerkracht.fieldwork.models import Invitation, InvitationMessage, ReportFile
from veerkracht.fieldwork.structure import structure_of
from veerkracht.fieldwork.tasks import render_report_pdf, send_due_reminders

LINK = re.compile(r"https?://\S+?/v/([A-Za-z0-9_-]{43})/")
PEOPLE = ["anna@example.org", "bram@example.org", "chris@example.org", "dewi@example.org"]


def _text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def _received(inbox) -> list[tuple[str, str, str]]:
    """(recipient, kind, token) of every message the SMTP server received."""
    out = []
    for message in inbox.messages:
        subject = str(message["Subject"])
        kind = "reminder" if "erinnering" in subject or "eminder" in subject else "invitation"
        out.append((message["To"], kind, LINK.search(_text(message)).group(1)))
    return out


def _back_in_time(wave, days: int) -> None:
    """The invitations went out ``days`` ago (instead of waiting days)."""
    then = timezone.now() - dt.timedelta(days=days)
    Invitation.objects.filter(wave=wave).update(first_sent_at=then, last_sent_at=then)


@pytest.mark.django_db
def test_invitations_and_reminders_over_smtp_only_to_non_responders(
    wave_world, make_wave, smtp_server, client
):
    wave = make_wave()
    for email in PEOPLE:
        InvitationFactory(wave=wave, email=email)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.wave_transition(wave=wave, to="open", by=wave_world.regisseur)
    invitations = _received(smtp_server)
    assert sorted(to for to, kind, _t in invitations) == PEOPLE
    assert {kind for _to, kind, _t in invitations} == {"invitation"}
    token_of = {to: token for to, _kind, token in invitations}

    # Anna answers everything through the link she received by e-mail; Bram only starts
    answer_all(client, token_of["anna@example.org"])
    assert client.post(f"/v/{token_of['anna@example.org']}/11/", {"action": "submit"}).status_code == 302
    assert client.post(f"/v/{token_of['bram@example.org']}/").status_code == 302

    _back_in_time(wave, days=8)
    smtp_server.messages.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert send_due_reminders.apply().get()["reminders"] == 3
    reminders = _received(smtp_server)
    assert sorted(to for to, _k, _t in reminders) == PEOPLE[1:]  # not Anna
    assert {kind for _to, kind, _t in reminders} == {"reminder"}
    # a reminder carries a fresh link that opens the same survey
    assert all(token != token_of[to] for to, _k, token in reminders)
    fresh = {to: token for to, _k, token in reminders}
    assert client.get(f"/v/{fresh['bram@example.org']}/").status_code == 200

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert send_due_reminders.apply().get()["reminders"] == 0  # run again: nobody gets it twice
    assert len(smtp_server.messages) == 3
    # delivered copies keep no personal link
    stored = OutgoingEmail.objects.filter(reference=f"fieldwork:wave:{wave.pk}")
    assert stored.count() == 7 and set(stored.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert set(stored.values_list("body_text", flat=True)) == {SCRUBBED}
    assert not any("/v/" in html for html in stored.values_list("body_html", flat=True))


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_celery_worker_on_redis_sends_reminders_and_renders_the_pdf(
    wave_world, smtp_server, settings, tmp_path
):
    require_service("Redis", redis_available(), f"no Redis at {REDIS_URL}")
    from veerkracht.conf.celery import app

    settings.MEDIA_ROOT = tmp_path
    wave = WaveFactory(challenge=wave_world.challenge(geagendeerd=True), open=True)
    for email in PEOPLE:
        InvitationFactory(wave=wave, email=email)
    Invitation.objects.filter(email=PEOPLE[0]).update(started=True, completed=True)
    _back_in_time(wave, days=8)
    InvitationMessage.objects.bulk_create(
        InvitationMessage(invitation=i, kind="invitation") for i in Invitation.objects.filter(wave=wave)
    )
    reported = WaveFactory(challenge=wave_world.challenge(geagendeerd=True), gesloten=True)
    store_responses(reported, random_rows(reported, {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}))

    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, fieldwork_redis_url())
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            reminders = send_due_reminders.delay()
            pdf = render_report_pdf.delay(reported.pk, "nl")
            assert reminders.get(timeout=PATIENCE)["reminders"] == 3
            assert pdf.get(timeout=PATIENCE)
            wait_until(lambda: len(smtp_server.messages) >= 3)  # the e-mails are delivered by further tasks
            again = render_report_pdf.delay(reported.pk, "nl")  # run twice: one file
            assert again.get(timeout=PATIENCE) == pdf.get()
    finally:
        use_broker(app, "")
    assert sorted(to for to, _k, _t in _received(smtp_server)) == PEOPLE[1:]
    stored = ReportFile.objects.get(wave=reported, language="nl")
    text = " ".join("".join(page.extract_text() for page in PdfReader(stored.file.path).pages).split())
    names = [d.nl for d in structure_of(reported.instrument).dimensions]
    assert len(names) == 7 and all(name in text for name in names)
    assert len(list((tmp_path / "fieldwork" / "reports").iterdir())) == 1
