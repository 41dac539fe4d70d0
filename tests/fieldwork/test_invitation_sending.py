"""A large invitation list for an open wave is not sent inside the request: the upload queues the
``send_invitations`` task, which sends in batches and queues itself again for the rest; the page
shows the progress; whatever a lost task leaves unsent, the hourly task sends."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from veerkracht.fieldwork import tasks
from veerkracht.fieldwork.models import Invitation, InvitationMessage

pytestmark = pytest.mark.django_db
N = 23


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def queued(monkeypatch):
    """send_invitations.delay records the wave instead of running (a broker would run it later)."""
    calls: list[int] = []
    monkeypatch.setattr(tasks.send_invitations, "delay", lambda wave_id: calls.append(wave_id))
    return calls


def _progress(client, wave) -> str:
    """The progress line of the respondents page (in whichever language the page is served)."""
    page = client.get(f"/monitor/metingen/{wave.pk}/respondenten/").content.decode()
    match = re.search(r"(?:Invitations sent|Uitnodigingen verstuurd): (\d+) (?:of|van) (\d+)", page)
    return f"{match.group(1)} of {match.group(2)}" if match else ""


def _upload(client, wave, n):
    rows = "".join(f"p{i}@example.org,Org {i % 3},wonen,nl\n" for i in range(n))
    data = ("email,organisation,group,language\n" + rows).encode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            f"/monitor/metingen/{wave.pk}/respondenten/",
            {"action": "csv", "file": SimpleUploadedFile("list.csv", data)},
        )


def test_upload_to_an_open_wave_queues_the_sending(wave_world, make_wave, client, queued, monkeypatch):
    wave = make_wave(open=True)
    client.force_login(wave_world.regisseur)
    response = _upload(client, wave, N)
    assert response.status_code == 302
    assert Invitation.objects.filter(wave=wave).count() == N
    assert not InvitationMessage.objects.filter(invitation__wave=wave).exists()  # nothing sent inline
    assert queued == [wave.pk]
    assert _progress(client, wave) == f"0 of {N}"

    # the task: one batch, then (time used up) it queues itself again for the rest
    monkeypatch.setattr(tasks, "INVITATION_BATCH", 10)
    monkeypatch.setattr(tasks, "TASK_SECONDS", -1)
    assert tasks.send_invitations(wave.pk) == 10
    assert queued == [wave.pk, wave.pk]
    assert _progress(client, wave) == f"10 of {N}"

    # the queued task is lost: the hourly task sends the rest, each person once
    result = tasks.send_due_reminders()
    assert result["invitations"] == N - 10
    assert InvitationMessage.objects.filter(invitation__wave=wave, kind="invitation").count() == N
    assert not Invitation.objects.filter(wave=wave, first_sent_at__isnull=True).exists()
    assert tasks.send_due_reminders()["invitations"] == 0
    assert _progress(client, wave) == ""


def test_task_sends_everything_in_batches_when_time_allows(
    wave_world, make_wave, client, queued, monkeypatch
):
    wave = make_wave(open=True)
    client.force_login(wave_world.regisseur)
    _upload(client, wave, N)
    monkeypatch.setattr(tasks, "INVITATION_BATCH", 5)
    assert tasks.send_invitations(wave.pk) == N
    assert queued == [wave.pk]  # only the upload's
    assert InvitationMessage.objects.filter(invitation__wave=wave).count() == N
