"""Background work for co-creation sessions (daily: reminders and talent-pool invitations)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, name="veerkracht.participation.session_tasks.daily_sessions")
def daily_sessions() -> dict[str, int]:
    """Every day (django_celery_beat, scheduled by ``session_receivers.schedule_daily``): remind the
    people registered for tomorrow's sessions and invite attendees of past sessions to the talent
    pool. Each registration is reminded and invited at most once, so running twice is safe."""
    from veerkracht.participation import session_services

    return {
        "reminded": session_services.send_reminders(),
        "invited": session_services.invite_after_sessions(),
    }


@shared_task(acks_late=True, name="veerkracht.participation.session_tasks.notify_session")
def notify_session(session_id: int, kind: str, key: str) -> int:
    """E-mail everyone registered or waiting that the session changed or was called off (once per
    person and version, so a retry sends nothing twice)."""
    from veerkracht.participation import session_services

    return session_services.notify_all(session_id=session_id, kind=kind, key=key)
