"""Background work of participation. Tasks may run twice and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_overdue_digests() -> int:
    """Every morning (django_celery_beat, scheduled by ``receivers.schedule_daily_digest``): the
    digest of overdue ideas for each person who answers ideas; at most one e-mail per person per day."""
    from veerkracht.participation.digest import send_overdue_digests as send

    return send()
