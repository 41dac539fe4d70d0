"""Background work of the fieldwork. Tasks take ids, may run twice, and call services."""

from __future__ import annotations

from celery import shared_task

from veerkracht.fieldwork.models import Wave
from veerkracht.fieldwork.workflow import WaveState


@shared_task(acks_late=True)
def send_due_reminders() -> dict[str, int]:
    """Every hour (django_celery_beat): close waves past their end date, send the reminders that are
    due. Safe to run twice or concurrently."""
    from veerkracht.fieldwork import services

    closed = services.waves_close_expired()
    sent = 0
    for wave in Wave.objects.filter(state=WaveState.OPEN):
        sent += services.reminders_send(wave=wave)
    return {"closed": closed, "reminders": sent}


@shared_task(acks_late=True)
def send_invitations(wave_id: int) -> int:
    from veerkracht.fieldwork import services

    return services.invitations_send(wave_id=wave_id)


@shared_task(acks_late=True)
def render_report_pdf(wave_id: int, language: str) -> str:
    """Render (or find) the report PDF of a wave; runs twice → one stored file."""
    from veerkracht.fieldwork.pdf import report_pdf_render

    return str(report_pdf_render(wave_id=wave_id, language=language).file.name)
