"""Background work of governance. Tasks take ids, may run twice, and call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def check_all_escalations() -> dict[str, int]:
    """Every day (django_celery_beat, scheduled by ``receivers.schedule_daily_check``): check the
    escalation triggers of every challenge with a mandate in force. Each trigger trips once, so the
    task is safe to run twice or concurrently; one challenge failing does not stop the others."""
    from veerkracht.governance.services.escalations import challenges_to_check, check_escalations_of

    checked = raised = 0
    for challenge_id in challenges_to_check():
        raised += len(check_escalations_of(challenge_id))
        checked += 1
    return {"checked": checked, "raised": raised}


@shared_task(acks_late=True)
def check_escalations(challenge_id: int) -> int:
    """Check one challenge (for callers that prefer the queue to an on-commit call)."""
    from veerkracht.governance.services.escalations import check_escalations_of

    return len(check_escalations_of(challenge_id))
