"""Background work of the fieldwork. Tasks take ids, may run twice, and call services."""

from __future__ import annotations

import time

from celery import shared_task

from veerkracht.fieldwork.models import Wave
from veerkracht.fieldwork.workflow import WaveState


@shared_task(acks_late=True)
def send_due_reminders() -> dict[str, int]:
    """Every hour (django_celery_beat): close waves past their end date, send the reminders that are
    due. Safe to run twice or concurrently."""
    from veerkracht.fieldwork import services

    closed = services.waves_close_expired()
    sent = invited = 0
    for wave in Wave.objects.filter(state=WaveState.OPEN):
        # invitations a lost or killed send_invitations task left unsent
        invited += services.invitations_send(wave_id=wave.pk)
        sent += services.reminders_send(wave=wave)
    return {"closed": closed, "reminders": sent, "invitations": invited}


INVITATION_BATCH = 200
TASK_SECONDS = 20


@shared_task(acks_late=True)
def send_invitations(wave_id: int) -> int:
    """Send a wave's pending invitations in batches of ``INVITATION_BATCH``; after ``TASK_SECONDS``
    the task queues itself again for the rest, so that no task runs long. Safe to run twice."""
    from veerkracht.fieldwork import services

    started = time.monotonic()
    sent = 0
    while True:
        batch = services.invitations_send(wave_id=wave_id, limit=INVITATION_BATCH)
        sent += batch
        if batch < INVITATION_BATCH:
            return sent
        if time.monotonic() - started > TASK_SECONDS:
            send_invitations.delay(wave_id)
            return sent


@shared_task(acks_late=True)
def render_report_pdf(wave_id: int, language: str) -> str:
    """Render (or find) the report PDF of a wave; runs twice → one stored file."""
    from veerkracht.fieldwork.pdf import report_pdf_render

    return str(report_pdf_render(wave_id=wave_id, language=language).file.name)
